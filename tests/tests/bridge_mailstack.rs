//! The bridge against the real Dovecot and Postfix: IMAP with STARTTLS and with implicit TLS,
//! POP3S, SMTP submission on the STARTTLS and the implicit-TLS port, each logging in and doing
//! real work through `/ws`; and account discovery against the same servers.
//!
//! The protocol exchanges are written out by hand, line by line, because what is under test is
//! the bridge's relay (bytes unchanged, STARTTLS in place, closes), not a client library.

#[path = "../../bridge/tests/support/harness.rs"]
mod harness;

use std::sync::Arc;
use std::time::Duration;

use harness::{Bridge, Frame, Ws};
use posthorn_bridge::discovery::{self, probe::Method};
use posthorn_proto::wire::{ClientMessage, Security, ServerMessage, close};
use posthorn_tests::mailstack::{DOMAIN, MailStack, UNTRUSTED_HOST};

async fn stack() -> Arc<MailStack> {
    let stack =
        tokio::task::spawn_blocking(MailStack::start).await.unwrap().unwrap_or_else(|e| panic!("{e}"));
    Arc::new(stack)
}

/// A bridge opened for the stack: loopback allowed, the stack's ports allowed, its CA trusted.
async fn bridge_for(stack: &MailStack) -> Bridge {
    let p = stack.ports();
    let ports: Vec<String> =
        [p.imap, p.imaps, p.pop3, p.pop3s, p.submission, p.submissions].iter().map(u16::to_string).collect();
    let ca = stack.ca_pem_path();
    let mut args = vec!["--allow-net", "127.0.0.0/8", "--extra-ca", ca.to_str().unwrap()];
    for port in &ports {
        args.extend(["--allow-port", port.as_str()]);
    }
    Bridge::start(&args).await
}

async fn opened(ws: &mut Ws, host: &str, port: u16, security: Security) {
    match ws.open(host, port, security).await {
        ServerMessage::Opened { tls, .. } => assert_eq!(tls.is_some(), security == Security::Tls),
        other => panic!("open {host}:{port} failed: {other:?}"),
    }
}

/// Sends a command line and reads until `until` appears in the reply; returns the reply text.
async fn cmd(ws: &mut Ws, line: &str, until: &str) -> String {
    ws.send(format!("{line}\r\n").as_bytes()).await;
    String::from_utf8(ws.read_until(until.as_bytes()).await).unwrap()
}

async fn starttls(ws: &mut Ws) {
    ws.send_json(&ClientMessage::Starttls).await;
    match ws.next().await {
        Frame::Json(ServerMessage::Tls { info }) => assert!(info.subject.contains("localhost"), "{info:?}"),
        other => panic!("STARTTLS failed: {other:?}"),
    }
}

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: alice@{DOMAIN}\r\nTo: bob@{DOMAIN}\r\nSubject: {subject}\r\nMessage-ID: <{subject}@posthorn.test>\r\n\r\nHello through the bridge.\r\n"
    )
    .into_bytes()
}

fn plain_auth(user: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imap_starttls_and_imaps_sessions_through_the_bridge() {
    let stack = stack().await;
    let bridge = bridge_for(&stack).await;
    let alice = stack.alice().clone();
    let seeded = {
        let stack = stack.clone();
        let alice = alice.clone();
        tokio::task::spawn_blocking(move || stack.seed(&alice, "INBOX", &[message("seeded-1")]).unwrap())
            .await
            .unwrap()
    };

    // STARTTLS on the untrusted address, where Dovecot refuses LOGIN before TLS.
    let mut ws = bridge.ws().await;
    opened(&mut ws, UNTRUSTED_HOST, stack.ports().imap, Security::Plain).await;
    let greeting = String::from_utf8(ws.read_until(b"\r\n").await).unwrap();
    assert!(greeting.starts_with("* OK") && greeting.contains("LOGINDISABLED"), "{greeting}");
    cmd(&mut ws, "a STARTTLS", "a OK").await;
    starttls(&mut ws).await;
    let caps = cmd(&mut ws, "b CAPABILITY", "b OK").await;
    assert!(caps.contains("AUTH=PLAIN") && !caps.contains("LOGINDISABLED"), "{caps}");
    let login = cmd(&mut ws, &format!("c LOGIN {} {}", alice.user, alice.password), "c ").await;
    assert!(login.contains("c OK"), "{login}");
    let select = cmd(&mut ws, "d SELECT INBOX", "d OK").await;
    assert!(select.contains("EXISTS"), "{select}");
    let fetched = cmd(&mut ws, &format!("e UID FETCH {} BODY.PEEK[]", seeded[0]), "e OK").await;
    assert!(fetched.contains("Subject: seeded-1"), "{fetched}");
    cmd(&mut ws, "f LOGOUT", "f OK").await;
    assert_eq!(ws.closed().await.0, close::NORMAL);

    // Implicit TLS: APPEND with a synchronising literal (wait for the `+`), then read it back
    // outside the bridge.
    let mut ws = bridge.ws().await;
    opened(&mut ws, "localhost", stack.ports().imaps, Security::Tls).await;
    ws.read_until(b"\r\n").await;
    cmd(&mut ws, &format!("a LOGIN {} {}", alice.user, alice.password), "a OK").await;
    let body = message("appended-through-bridge");
    cmd(&mut ws, &format!("b APPEND INBOX {{{}}}", body.len()), "+").await;
    ws.send(&body).await;
    let appended = cmd(&mut ws, "", "b ").await;
    assert!(appended.contains("b OK"), "{appended}");
    cmd(&mut ws, "c LOGOUT", "c OK").await;
    assert_eq!(ws.closed().await.0, close::NORMAL);
    let all = tokio::task::spawn_blocking(move || stack.fetch_all(&alice, "INBOX").unwrap()).await.unwrap();
    assert!(all.iter().any(|m| m.raw == body), "the appended message is stored byte for byte");
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pop3s_session_through_the_bridge() {
    let stack = stack().await;
    let bridge = bridge_for(&stack).await;
    let bob = stack.bob().clone();
    {
        let stack = stack.clone();
        let bob = bob.clone();
        tokio::task::spawn_blocking(move || stack.seed(&bob, "INBOX", &[message("for-pop3")]).unwrap())
            .await
            .unwrap();
    }
    let mut ws = bridge.ws().await;
    opened(&mut ws, "localhost", stack.ports().pop3s, Security::Tls).await;
    assert!(String::from_utf8(ws.read_until(b"\r\n").await).unwrap().starts_with("+OK"));
    cmd(&mut ws, &format!("USER {}", bob.user), "+OK").await;
    cmd(&mut ws, &format!("PASS {}", bob.password), "+OK").await;
    let stat = cmd(&mut ws, "STAT", "\r\n").await;
    assert!(stat.starts_with("+OK 1 "), "{stat}");
    let retr = cmd(&mut ws, "RETR 1", "\r\n.\r\n").await;
    assert!(retr.contains("Subject: for-pop3"), "{retr}");
    cmd(&mut ws, "QUIT", "+OK").await;
    assert_eq!(ws.closed().await.0, close::NORMAL);
    bridge.settled().await;
    bridge.stop().await;
}

/// Reads one complete SMTP reply (the last line has a space after the code).
async fn smtp_reply(ws: &mut Ws) -> String {
    let mut text = String::new();
    loop {
        text.push_str(&String::from_utf8(ws.read_until(b"\r\n").await).unwrap());
        if let Some(last) = text.trim_end_matches("\r\n").rsplit("\r\n").next()
            && last.as_bytes().get(3) == Some(&b' ')
        {
            return text;
        }
    }
}

async fn smtp(ws: &mut Ws, line: &str) -> String {
    ws.send(format!("{line}\r\n").as_bytes()).await;
    smtp_reply(ws).await
}

async fn submit(ws: &mut Ws, stack: &MailStack, subject: &str) {
    let alice = stack.alice();
    let bob = stack.bob();
    let auth = smtp(ws, &format!("AUTH PLAIN {}", plain_auth(&alice.user, &alice.password))).await;
    assert!(auth.starts_with("235"), "{auth}");
    assert!(smtp(ws, &format!("MAIL FROM:<{}>", alice.address)).await.starts_with("250"));
    assert!(smtp(ws, &format!("RCPT TO:<{}>", bob.address)).await.starts_with("250"));
    assert!(smtp(ws, "DATA").await.starts_with("354"));
    ws.send(&message(subject)).await;
    let queued = smtp(ws, ".").await;
    assert!(queued.starts_with("250"), "{queued}");
    assert!(smtp(ws, "QUIT").await.starts_with("221"));
    assert_eq!(ws.closed().await.0, close::NORMAL);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_submission_on_both_ports_through_the_bridge() {
    let stack = stack().await;
    let bridge = bridge_for(&stack).await;

    // Port 587 role: STARTTLS required before AUTH.
    let mut ws = bridge.ws().await;
    opened(&mut ws, "localhost", stack.ports().submission, Security::Plain).await;
    assert!(smtp_reply(&mut ws).await.starts_with("220"));
    let ehlo = smtp(&mut ws, "EHLO client.posthorn.test").await;
    assert!(ehlo.contains("STARTTLS"), "{ehlo}");
    assert!(smtp(&mut ws, "STARTTLS").await.starts_with("220"));
    starttls(&mut ws).await;
    let ehlo = smtp(&mut ws, "EHLO client.posthorn.test").await;
    assert!(ehlo.contains("AUTH"), "{ehlo}");
    submit(&mut ws, &stack, "via-587-starttls").await;

    // Port 465 role: implicit TLS.
    let mut ws = bridge.ws().await;
    opened(&mut ws, "localhost", stack.ports().submissions, Security::Tls).await;
    assert!(smtp_reply(&mut ws).await.starts_with("220"));
    assert!(smtp(&mut ws, "EHLO client.posthorn.test").await.contains("AUTH"));
    submit(&mut ws, &stack, "via-465-tls").await;

    let bob = stack.bob().clone();
    tokio::task::spawn_blocking(move || {
        for subject in ["via-587-starttls", "via-465-tls"] {
            let needle = format!("Subject: {subject}");
            stack
                .wait_for_message(
                    &bob,
                    "INBOX",
                    |m| String::from_utf8_lossy(&m.raw).contains(&needle),
                    Duration::from_secs(20),
                )
                .unwrap_or_else(|e| panic!("{e}"));
        }
    })
    .await
    .unwrap();
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_finds_the_local_stack() {
    let stack = stack().await;
    let bridge = bridge_for(&stack).await;
    let p = stack.ports();
    let ports = discovery::Ports {
        imap_tls: p.imaps,
        imap_starttls: p.imap,
        pop3_tls: p.pop3s,
        pop3_starttls: p.pop3,
        submission_tls: p.submissions,
        submission_starttls: p.submission,
    };
    // `localhost` and the names below it resolve to the loopback without DNS (RFC 6761), so
    // nothing leaves the machine; the certificate names only `localhost`, so `imap.localhost`
    // and friends must fail verification and `localhost` itself must win.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let report = discovery::discover(&bridge.shared.upstream, "localhost", &ports, deadline, true).await;
    assert!(!report.timed_out, "{report:#?}");
    let imap = report.suggested.imap.as_ref().expect("an IMAP server");
    assert_eq!((imap.host.as_str(), imap.port, imap.security), ("localhost", p.imaps, Method::Tls));
    assert!(imap.auth.contains(&"PLAIN".to_owned()), "{imap:?}");
    let pop3 = report.suggested.pop3.as_ref().expect("a POP3 server");
    assert_eq!((pop3.port, pop3.security), (p.pop3s, Method::Tls));
    let submission = report.suggested.submission.as_ref().expect("a submission server");
    assert_eq!((submission.port, submission.security), (p.submissions, Method::Tls));
    assert!(submission.auth.contains(&"PLAIN".to_owned()), "{submission:?}");
    // STARTTLS variants were verified too, and report the mechanisms offered after TLS.
    let imap_starttls = report
        .probes
        .iter()
        .find(|f| f.host == "localhost" && f.port == p.imap && f.security == Method::Starttls)
        .unwrap();
    assert!(imap_starttls.ok && imap_starttls.auth.contains(&"PLAIN".to_owned()), "{imap_starttls:?}");
    let smtp_starttls = report
        .probes
        .iter()
        .find(|f| f.host == "localhost" && f.port == p.submission && f.security == Method::Starttls)
        .unwrap();
    assert!(smtp_starttls.ok && smtp_starttls.auth.contains(&"PLAIN".to_owned()), "{smtp_starttls:?}");
    let mismatch =
        report.probes.iter().find(|f| f.host == "imap.localhost" && f.security == Method::Tls).unwrap();
    assert!(!mismatch.ok, "{mismatch:?}");
    assert_eq!(
        mismatch.error.as_ref().map(|e| e.code),
        Some(posthorn_proto::wire::ErrorCode::TlsNameMismatch),
        "{mismatch:?}"
    );
    eprintln!("discovery took {} ms for {} probes", report.elapsed_ms, report.probes.len());
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn driver_runs_the_engine_over_tls_and_starttls() {
    use posthorn_bridge::driver::{Connection, tls_config};
    use posthorn_proto::imap::{self, Command, Event};
    use posthorn_proto::secret::Secret;
    use posthorn_proto::security::TlsMode;

    let stack = stack().await;
    let tls = tls_config(&[stack.ca_der().to_vec()]);
    let alice = stack.alice().clone();
    for (host, port, security, mode) in [
        ("localhost", stack.ports().imaps, Security::Tls, TlsMode::Implicit),
        (UNTRUSTED_HOST, stack.ports().imap, Security::Plain, TlsMode::StartTls),
    ] {
        let mut conn = Connection::connect(host, port, security, tls.clone()).await.unwrap();
        let mut client = imap::ImapClient::new(imap::Config::new(mode));
        let ready = conn.next_event(&mut client).await.unwrap();
        assert!(matches!(ready, Event::Ready { authenticated: false, .. }), "{ready:?}");
        assert!(conn.tls_info().is_some(), "TLS is up before anything else ({host}:{port})");
        let login = client.enqueue(Command::Login {
            username: alice.user.clone(),
            password: Secret::new(alice.password.clone()),
        });
        loop {
            match conn.next_event(&mut client).await.unwrap() {
                Event::Done { id, result, .. } if id == login => {
                    result.unwrap();
                    break;
                }
                _ => continue,
            }
        }
        let logout = client.enqueue(Command::Logout);
        loop {
            match conn.next_event(&mut client).await {
                Ok(Event::Done { id, .. }) if id == logout => break,
                Ok(_) => continue,
                // Some servers close right after BYE; that is a fine end too.
                Err(_) => break,
            }
        }
        let transcript = conn.transcript();
        assert!(transcript.iter().all(|e| e.connection == conn.id() && e.at_ms > 0));
        let text: String =
            transcript.iter().map(|e| format!("{} {}\n", e.direction.prefix(), e.text)).collect();
        assert!(text.contains("S: * OK") && text.contains("C: ") && text.contains("LOGIN"), "{text}");
        assert!(!text.contains(&alice.password), "the password reached the transcript:\n{text}");
        if mode == TlsMode::StartTls {
            assert!(text.contains("* TLS established"), "{text}");
        }
    }
}
