//! Proves the mail stack harness against itself: the real Dovecot and Postfix start, greet over
//! verified TLS, take and return messages unchanged, authenticate, deliver and refuse.
//!
//! The SMTP and POP3 exchanges here are written out by hand on purpose: the harness must be shown
//! to work without the project's own protocol code.

use std::io::{Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::AsyncBufReadExt;

use posthorn_tests::mailstack::{HOST, ImapClient, ImapError, MailStack, UNTRUSTED_HOST};

fn start() -> MailStack {
    let stack = MailStack::start().unwrap_or_else(|err| panic!("{err}"));
    eprintln!("mail stack started in {:?} at {}", stack.startup_time(), stack.dir().display());
    stack
}

/// Reads one CRLF line, byte by byte so nothing beyond it is consumed (STARTTLS follows).
fn read_line(stream: &mut impl Read) -> String {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        let n = stream.read(&mut byte).expect("read from server");
        assert_ne!(n, 0, "server closed the connection after {:?}", String::from_utf8_lossy(&line));
        if byte[0] == b'\n' {
            return String::from_utf8_lossy(&line).trim_end().to_owned();
        }
        line.push(byte[0]);
    }
}

/// Reads an SMTP reply (RFC 5321 section 4.2), joining continuation lines.
fn smtp_reply(stream: &mut impl Read) -> String {
    let mut reply = String::new();
    loop {
        let line = read_line(stream);
        reply.push_str(&line);
        reply.push('\n');
        if line.as_bytes().get(3) != Some(&b'-') {
            return reply;
        }
    }
}

fn smtp(stream: &mut (impl Read + Write), command: &str) -> String {
    stream.write_all(format!("{command}\r\n").as_bytes()).expect("write to server");
    stream.flush().expect("flush");
    smtp_reply(stream)
}

fn pop3(stream: &mut (impl Read + Write), command: &str) -> String {
    stream.write_all(format!("{command}\r\n").as_bytes()).expect("write to server");
    stream.flush().expect("flush");
    read_line(stream)
}

/// Standard base64 (RFC 4648 section 4), enough for SASL PLAIN.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let bytes = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn auth_plain(user: &str, password: &str) -> String {
    format!("AUTH PLAIN {}", base64(format!("\0{user}\0{password}").as_bytes()))
}

fn message(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Alice <alice@posthorn.test>\r\nTo: Bob <bob@posthorn.test>\r\nSubject: {subject}\r\n\
         Message-ID: <{subject}@posthorn.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[test]
fn imaps_login_with_the_throwaway_ca_and_special_use_folders() {
    let stack = start();
    assert!(stack.startup_time() < Duration::from_secs(10), "slow start: {:?}", stack.startup_time());
    let session = stack.imap_session(stack.alice()).unwrap_or_else(|err| panic!("{err}"));
    assert!(session.greeting().contains("Posthorn test Dovecot ready"), "{}", session.greeting());
    session.logout().expect("logout");

    let mailboxes = stack.mailboxes(stack.alice()).unwrap_or_else(|err| panic!("{err}"));
    for (name, attribute) in [
        ("Drafts", "\\Drafts"),
        ("Sent", "\\Sent"),
        ("Trash", "\\Trash"),
        ("Junk", "\\Junk"),
        ("Archive", "\\Archive"),
    ] {
        let mailbox =
            mailboxes.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("{name} in {mailboxes:?}"));
        assert!(mailbox.attributes.iter().any(|a| a == attribute), "{mailbox:?}");
        assert_eq!(mailbox.delimiter, Some('/'));
    }
    assert!(mailboxes.iter().any(|m| m.name == "INBOX"));

    // A wrong password is refused, and the error says so with the server's words.
    let mut wrong = stack.alice().clone();
    wrong.password.push('x');
    let err = stack.imap_session(&wrong).expect_err("wrong password must fail");
    assert!(err.to_string().contains("AUTHENTICATIONFAILED"), "{err}");
}

#[test]
fn seeded_messages_come_back_byte_identical() {
    let stack = start();
    let first = message("first", "Hello Bob.\r\nA line with a literal marker {5}\r\nand (parens)");
    let second = message("second", "Grüße aus dem Test — 8-bit body.");
    let uids = stack.seed(stack.bob(), "INBOX", &[&first, &second]).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(uids.len(), 2);
    assert!(uids[0] < uids[1]);

    let fetched = stack.fetch_all(stack.bob(), "INBOX").unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(fetched.len(), 2);
    assert_eq!(fetched[0].uid, uids[0]);
    assert_eq!(fetched[0].raw, first);
    assert_eq!(fetched[1].raw, second);
    assert!(fetched.iter().all(|m| !m.flags.iter().any(|f| f == "\\Seen")), "PEEK must not set \\Seen");

    stack.set_flags(stack.bob(), "INBOX", uids[1], &["\\Seen", "$Important"]).expect("set flags");
    let fetched = stack.fetch_all(stack.bob(), "INBOX").expect("fetch again");
    assert!(fetched[1].flags.contains(&"\\Seen".to_owned()), "{:?}", fetched[1].flags);
    assert!(fetched[1].flags.contains(&"$Important".to_owned()), "{:?}", fetched[1].flags);

    // Another account sees none of it.
    assert!(stack.fetch_all(stack.carol(), "INBOX").expect("carol's inbox").is_empty());

    // Mailbox management, including a name that needs quoting.
    stack.create_mailbox(stack.bob(), "Projects/Q3 \"plans\"").expect("create");
    stack.seed(stack.bob(), "Projects/Q3 \"plans\"", &[&first]).expect("seed into the new mailbox");
    let names: Vec<String> =
        stack.mailboxes(stack.bob()).expect("list").into_iter().map(|m| m.name).collect();
    assert!(names.contains(&"Projects/Q3 \"plans\"".to_owned()), "{names:?}");
    stack.delete_mailbox(stack.bob(), "Projects/Q3 \"plans\"").expect("delete");
    let names: Vec<String> =
        stack.mailboxes(stack.bob()).expect("list").into_iter().map(|m| m.name).collect();
    assert!(!names.contains(&"Projects/Q3 \"plans\"".to_owned()), "{names:?}");
}

#[test]
fn pop3s_greets_and_accepts_user_pass() {
    let stack = start();
    stack.seed(stack.carol(), "INBOX", &[message("pop", "for POP3")]).expect("seed");
    let mut pop = stack.connect_tls(stack.ports().pop3s).unwrap_or_else(|err| panic!("{err}"));
    let greeting = read_line(&mut pop);
    assert!(greeting.starts_with("+OK"), "{greeting}");
    let carol = stack.carol();
    assert!(pop3(&mut pop, &format!("USER {}", carol.user)).starts_with("+OK"));
    let reply = pop3(&mut pop, &format!("PASS {}", carol.password));
    assert!(reply.starts_with("+OK"), "{reply}\n{}", stack.logs());
    let stat = pop3(&mut pop, "STAT");
    assert!(stat.starts_with("+OK 1 "), "{stat}");
    assert!(pop3(&mut pop, "QUIT").starts_with("+OK"));

    // The plain POP3 port offers STLS.
    let mut plain = std::net::TcpStream::connect((HOST, stack.ports().pop3)).expect("connect");
    assert!(read_line(&mut plain).starts_with("+OK"));
    plain.write_all(b"CAPA\r\n").expect("write");
    let mut capabilities = String::new();
    loop {
        let line = read_line(&mut plain);
        if line == "." {
            break;
        }
        capabilities.push_str(&line);
        capabilities.push('\n');
    }
    assert!(capabilities.contains("STLS"), "{capabilities}");
}

#[test]
fn submissions_delivers_to_another_account_over_lmtp() {
    let stack = start();
    let (alice, bob) = (stack.alice(), stack.bob());
    let mut smtp_tls = stack.connect_tls(stack.ports().submissions).unwrap_or_else(|err| panic!("{err}"));
    let greeting = smtp_reply(&mut smtp_tls);
    assert!(greeting.starts_with("220 "), "{greeting}");
    let ehlo = smtp(&mut smtp_tls, "EHLO client.posthorn.test");
    assert!(ehlo.contains("AUTH PLAIN LOGIN CRAM-MD5"), "{ehlo}");
    let auth = smtp(&mut smtp_tls, &auth_plain(&alice.user, &alice.password));
    assert!(auth.starts_with("235 "), "{auth}\n{}", stack.logs());
    assert!(smtp(&mut smtp_tls, &format!("MAIL FROM:<{}>", alice.address)).starts_with("250 "));
    assert!(smtp(&mut smtp_tls, &format!("RCPT TO:<{}>", bob.address)).starts_with("250 "));
    assert!(smtp(&mut smtp_tls, "DATA").starts_with("354 "));
    let marker = format!("delivery-check-{}", std::process::id());
    let body =
        format!("Subject: {marker}\r\nFrom: {}\r\nTo: {}\r\n\r\nhello bob\r\n.", alice.address, bob.address);
    let queued = smtp(&mut smtp_tls, &body);
    assert!(queued.starts_with("250 "), "{queued}");
    assert!(smtp(&mut smtp_tls, "QUIT").starts_with("221 "));

    let began = Instant::now();
    let delivered = stack
        .wait_for_message(
            bob,
            "INBOX",
            |m| String::from_utf8_lossy(&m.raw).contains(&marker),
            Duration::from_secs(15),
        )
        .unwrap_or_else(|err| panic!("{err}"));
    eprintln!("delivered in {:?}", began.elapsed());
    assert!(String::from_utf8_lossy(&delivered.raw).contains("hello bob"));
    assert!(stack.fetch_all(alice, "INBOX").expect("alice's inbox").is_empty());
}

#[test]
fn submission_requires_starttls_and_rejects_unknown_and_foreign_recipients() {
    let stack = start();
    let alice = stack.alice();
    let mut plain = std::net::TcpStream::connect((HOST, stack.ports().submission)).expect("connect");
    assert!(smtp_reply(&mut plain).starts_with("220 "));
    let ehlo = smtp(&mut plain, "EHLO client.posthorn.test");
    assert!(ehlo.contains("STARTTLS") && !ehlo.contains("AUTH"), "AUTH only after TLS: {ehlo}");
    let refused = smtp(&mut plain, &format!("MAIL FROM:<{}>", alice.address));
    assert!(refused.starts_with("530 "), "{refused}");
    assert!(smtp(&mut plain, "STARTTLS").starts_with("220 "));

    let config = stack.tls_client_config();
    let name = rustls_pki_types::ServerName::try_from(HOST).expect("server name").to_owned();
    let conn = rustls::ClientConnection::new(config, name).expect("TLS client");
    let mut tls = rustls::StreamOwned::new(conn, plain);
    let ehlo = smtp(&mut tls, "EHLO client.posthorn.test");
    assert!(ehlo.contains("AUTH PLAIN LOGIN CRAM-MD5"), "{ehlo}");

    // Unauthenticated: nobody may send, not even to a local account.
    assert!(smtp(&mut tls, &format!("MAIL FROM:<{}>", alice.address)).starts_with("250 "));
    let denied = smtp(&mut tls, &format!("RCPT TO:<{}>", stack.bob().address));
    assert!(denied.starts_with("554 "), "{denied}");
    assert!(smtp(&mut tls, "RSET").starts_with("250 "));

    let auth = smtp(&mut tls, &auth_plain(&alice.user, &alice.password));
    assert!(auth.starts_with("235 "), "{auth}\n{}", stack.logs());
    assert!(smtp(&mut tls, &format!("MAIL FROM:<{}>", alice.address)).starts_with("250 "));
    let unknown = smtp(&mut tls, "RCPT TO:<nobody@posthorn.test>");
    assert!(unknown.starts_with("550 5.1.1 "), "{unknown}");
    let foreign = smtp(&mut tls, "RCPT TO:<someone@example.com>");
    assert!(foreign.starts_with("554 5.7.1 "), "{foreign}");
    assert!(smtp(&mut tls, "QUIT").starts_with("221 "));
}

#[test]
fn untrusted_address_demands_starttls_before_login() {
    let stack = start();
    let dave = stack.dave();
    let mut plain = ImapClient::connect_plain(UNTRUSTED_HOST, stack.ports().imap).expect("connect");
    assert!(plain.greeting().contains("LOGINDISABLED"), "{}", plain.greeting());
    match plain.login(&dave.user, &dave.password) {
        Err(ImapError::Rejected { text, .. }) => assert!(text.contains("PRIVACYREQUIRED"), "{text}"),
        other => panic!("plaintext login before STARTTLS must fail, got {other:?}"),
    }
    let mut secured =
        ImapClient::connect_starttls(UNTRUSTED_HOST, stack.ports().imap, stack.tls_client_config())
            .expect("STARTTLS");
    // dave's password has a space, a quote and a backslash: this also proves the literal path.
    secured.login(&dave.user, &dave.password).unwrap_or_else(|err| panic!("{err}\n{}", stack.logs()));
    secured.logout().expect("logout");
}

#[test]
fn parallel_stacks_are_independent_and_cleaned_up() {
    let (one, two) = std::thread::scope(|scope| {
        let one = scope.spawn(start);
        let two = scope.spawn(start);
        (one.join().expect("first stack"), two.join().expect("second stack"))
    });
    assert_ne!(one.dir(), two.dir());
    assert_ne!(one.ports(), two.ports());
    one.seed(one.alice(), "INBOX", &[message("only-in-one", "x")]).expect("seed");
    assert_eq!(one.fetch_all(one.alice(), "INBOX").expect("fetch").len(), 1);
    assert!(two.fetch_all(two.alice(), "INBOX").expect("fetch").is_empty());

    let (dir, port) = (one.dir().to_owned(), one.ports().imaps);
    drop(one);
    assert!(!dir.exists(), "{} must be removed on drop", dir.display());
    assert!(std::net::TcpStream::connect((HOST, port)).is_err(), "Dovecot must be gone after drop");
    assert!(two.imap_session(two.alice()).is_ok(), "the other stack keeps running");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usable_from_tokio_tests() {
    // The helpers block, so they run on the blocking pool; the stack travels in an Arc.
    let stack = Arc::new(tokio::task::spawn_blocking(start).await.expect("start"));
    let seeding = Arc::clone(&stack);
    let uids =
        tokio::task::spawn_blocking(move || seeding.seed(seeding.alice(), "INBOX", &[message("async", "x")]))
            .await
            .expect("join")
            .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(uids.len(), 1);

    // An async client trusts the same CA through tokio-rustls.
    let connector = tokio_rustls::TlsConnector::from(stack.tls_client_config());
    let tcp = tokio::net::TcpStream::connect((HOST, stack.ports().imaps)).await.expect("connect");
    let name = rustls_pki_types::ServerName::try_from(HOST).expect("server name").to_owned();
    let tls = connector.connect(name, tcp).await.expect("TLS handshake");
    let mut greeting = String::new();
    tokio::io::BufReader::new(tls).read_line(&mut greeting).await.expect("greeting");
    assert!(greeting.starts_with("* OK"), "{greeting}");

    // Dropping the last Arc stops the servers; doing that on the blocking pool keeps the runtime free.
    tokio::task::spawn_blocking(move || drop(stack)).await.expect("stop");
}
