//! The engine's SMTP and POP3 clients against the real Postfix and Dovecot, over the host driver:
//! submission with STARTTLS (the role of port 587) and implicit TLS (465) with every SASL
//! mechanism the server offers, and POP3 over implicit TLS (995) and STLS (110) with every sign-in
//! method. Delivery and deletion are checked with the harness's own IMAP code, so the engine is
//! not checked against itself.

use std::sync::Arc;
use std::time::Duration;

use posthorn_bridge::driver::{Connection, DriverError};
use posthorn_proto::engine::Client;
use posthorn_proto::pop3::{self, AuthMethod, Error as Pop3Error, Pop3Client};
use posthorn_proto::sasl::{Credentials, Mechanism, Options, Policy};
use posthorn_proto::security::TlsMode;
use posthorn_proto::smtp::{self, Envelope, Error as SmtpError, FailedAt, SmtpClient};
use posthorn_proto::wire::Security;
use posthorn_tests::mailstack::{Account, MailStack};

async fn stack() -> Arc<MailStack> {
    let stack =
        tokio::task::spawn_blocking(MailStack::start).await.unwrap().unwrap_or_else(|e| panic!("{e}"));
    Arc::new(stack)
}

fn log(conn: &Connection) -> String {
    conn.transcript().iter().map(|e| format!("{} {}\n", e.direction.prefix(), e.text)).collect()
}

/// Drives `client` until `stop` says an event is the one wanted; returns every event.
async fn drive<C: Client>(
    conn: &mut Connection,
    client: &mut C,
    stop: impl Fn(&C::Event) -> bool,
) -> Result<Vec<C::Event>, DriverError<C::Error>> {
    let mut events = Vec::new();
    loop {
        let event = conn.next_event(client).await?;
        let done = stop(&event);
        events.push(event);
        if done {
            return Ok(events);
        }
    }
}

fn smtp_config(tls: TlsMode, account: &Account, mechanism: Option<Mechanism>) -> smtp::Config {
    smtp::Config {
        credentials: Some(Credentials::password(account.user.as_str(), account.password.as_str())),
        policy: Policy { require: mechanism, ..Policy::default() },
        sasl: scram_options(),
        ..smtp::Config::new(tls)
    }
}

/// A SCRAM client nonce (RFC 5802 section 5.1) that differs on every call: unpredictability does
/// not matter against the test server, uniqueness keeps exchanges apart.
fn scram_options() -> Options {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let nonce = format!("{:x}{:016x}", now.as_nanos(), COUNTER.fetch_add(1, Ordering::Relaxed));
    Options { scram_client_nonce: Some(nonce), ..Options::default() }
}

async fn smtp_connect(stack: &MailStack, tls: TlsMode) -> Connection {
    let (port, security) = match tls {
        TlsMode::Implicit => (stack.ports().submissions, Security::Tls),
        _ => (stack.ports().submission, Security::Plain),
    };
    Connection::connect(stack.host(), port, security, stack.tls_client_config())
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"))
}

/// Submits one message from alice to bob and an unknown user, signing in with `mechanism`, and
/// checks the per-recipient results and the delivery.
async fn submit(stack: &Arc<MailStack>, tls: TlsMode, mechanism: Option<Mechanism>) {
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let tag = format!("{tls:?}-{mechanism:?}");
    let mut conn = smtp_connect(stack, tls).await;
    let mut client = SmtpClient::new(smtp_config(tls, &alice, mechanism)).unwrap();
    let unknown = format!("nobody@{}", stack.domain());
    let envelope = Envelope::parse(&alice.address, [bob.address.as_str(), unknown.as_str()]).unwrap();
    // Bare LF line endings and a line that is a single dot: the client must normalise and stuff.
    let body = format!(
        "From: {}\nTo: {}\nSubject: engine {tag}\nMessage-ID: <{tag}@posthorn.test>\n\nfirst line\n.\n..two dots\nlast line\n",
        alice.address, bob.address
    );
    let id = client.enqueue(smtp::Request::Send { envelope, body: body.into_bytes() }).unwrap();
    client.enqueue(smtp::Request::Quit).unwrap();
    let events = drive(&mut conn, &mut client, |e| matches!(e, smtp::Event::Closed { .. }))
        .await
        .unwrap_or_else(|e| panic!("{tag}: {e}\n{}", log(&conn)));
    let transcript = log(&conn);

    assert!(
        events.iter().any(|e| matches!(e, smtp::Event::Ready { encrypted: true, .. })),
        "{tag}: {events:?}"
    );
    let authenticated = events.iter().find_map(|e| match e {
        smtp::Event::Authenticated { mechanism } => Some(*mechanism),
        _ => None,
    });
    match mechanism {
        Some(wanted) => assert_eq!(authenticated, Some(wanted), "{tag}"),
        None => assert!(authenticated.is_some(), "{tag}: {events:?}"),
    }
    let recipients = events
        .iter()
        .find_map(|e| match e {
            smtp::Event::Sent { id: sent, recipients, .. } if *sent == id => Some(recipients.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{tag}: not sent: {events:?}\n{transcript}"));
    assert!(recipients[0].accepted(), "{tag}: {recipients:?}");
    assert!(!recipients[1].accepted(), "{tag}: {recipients:?}");
    assert_eq!(recipients[1].reply.code, 550);
    assert_eq!(recipients[1].reply.enhanced().map(|e| e.to_string()).as_deref(), Some("5.1.1"));
    assert!(smtp::explain_reply(&recipients[1].reply).what_happened.contains("does not know this recipient"));

    // The password and the SASL exchange stay out of the transcript.
    assert!(!transcript.contains(&alice.password), "{transcript}");
    assert!(transcript.contains("<redacted>"), "{transcript}");

    let stack = stack.clone();
    let subject = format!("Subject: engine {tag}");
    let delivered = tokio::task::spawn_blocking(move || {
        stack.wait_for_message(
            &bob,
            "INBOX",
            |m| String::from_utf8_lossy(&m.raw).contains(&subject),
            Duration::from_secs(20),
        )
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("{e}"));
    let raw = String::from_utf8_lossy(&delivered.raw);
    assert!(raw.contains("\r\nfirst line\r\n.\r\n..two dots\r\nlast line\r\n"), "{tag}: {raw}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_submission_with_every_mechanism_over_starttls_and_implicit_tls() {
    let stack = stack().await;
    // Learn what the server offers after TLS, then use each of those mechanisms.
    let mut conn = smtp_connect(&stack, TlsMode::StartTls).await;
    let mut client = SmtpClient::new(smtp::Config::new(TlsMode::StartTls)).unwrap();
    let events = drive(&mut conn, &mut client, |e| matches!(e, smtp::Event::Ready { .. })).await.unwrap();
    let Some(smtp::Event::Ready { extensions, encrypted: true }) = events.last() else {
        panic!("no ready: {events:?}")
    };
    let offered: Vec<Mechanism> = extensions.auth.iter().filter_map(|m| Mechanism::from_name(m)).collect();
    // The harness configures PLAIN, LOGIN and CRAM-MD5; each of them is exercised below.
    for mechanism in [Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5] {
        assert!(offered.contains(&mechanism), "{offered:?}");
    }
    assert!(extensions.pipelining && extensions.size.is_some() && extensions.eight_bit_mime);
    drop(conn);

    for mechanism in &offered {
        submit(&stack, TlsMode::StartTls, Some(*mechanism)).await;
    }
    submit(&stack, TlsMode::Implicit, None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_failures_are_typed_and_explained() {
    let stack = stack().await;
    // A wrong password.
    let mut wrong = stack.alice().clone();
    wrong.password = "not-the-password".into();
    let mut conn = smtp_connect(&stack, TlsMode::Implicit).await;
    let mut client = SmtpClient::new(smtp_config(TlsMode::Implicit, &wrong, Some(Mechanism::Plain))).unwrap();
    match drive(&mut conn, &mut client, |_| false).await {
        Err(DriverError::Protocol(error @ SmtpError::AuthFailed { .. })) => {
            assert!(error.to_string().contains("user name or password"), "{error}");
        }
        other => panic!("expected an auth failure: {other:?}\n{}", log(&conn)),
    }

    // Postfix on the STARTTLS port refuses MAIL before TLS and sign-in; an account that does not
    // use TLS (allowed here only because it is loopback) sees the refusal explained.
    let mut conn = smtp_connect(&stack, TlsMode::Plain).await;
    let mut client = SmtpClient::new(smtp::Config::new(TlsMode::Plain)).unwrap();
    let alice = stack.alice();
    client
        .enqueue(smtp::Request::Send {
            envelope: Envelope::parse(&alice.address, [stack.bob().address.as_str()]).unwrap(),
            body: b"x".to_vec(),
        })
        .unwrap();
    let events = drive(&mut conn, &mut client, |e| matches!(e, smtp::Event::NotSent { .. }))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", log(&conn)));
    let Some(smtp::Event::NotSent { failure, .. }) = events.last() else { unreachable!() };
    assert_eq!(failure.at, FailedAt::Mail, "{failure:?}");
    let explanation = failure.explanation().unwrap();
    assert_eq!(explanation.code, 530, "{explanation}");
    assert!(explanation.what_happened.contains("sign in"), "{explanation}");

    // A message over the announced SIZE is refused before a byte of it is sent.
    let mut conn = smtp_connect(&stack, TlsMode::Implicit).await;
    let mut client = SmtpClient::new(smtp_config(TlsMode::Implicit, stack.alice(), None)).unwrap();
    let events =
        drive(&mut conn, &mut client, |e| matches!(e, smtp::Event::Authenticated { .. })).await.unwrap();
    let limit = events
        .iter()
        .find_map(|e| match e {
            smtp::Event::Ready { extensions, .. } => extensions.size,
            _ => None,
        })
        .unwrap();
    assert!(limit > 0);
    let big = vec![b'a'; limit as usize + 1];
    client
        .enqueue(smtp::Request::Send {
            envelope: Envelope::parse(&alice.address, [stack.bob().address.as_str()]).unwrap(),
            body: big,
        })
        .unwrap();
    let events = drive(&mut conn, &mut client, |e| matches!(e, smtp::Event::NotSent { .. })).await.unwrap();
    let Some(smtp::Event::NotSent { failure, .. }) = events.last() else { unreachable!() };
    assert_eq!(failure.at, FailedAt::TooLarge);
}

fn pop3_config(tls: TlsMode, account: &Account, mechanism: Option<Mechanism>) -> pop3::Config {
    pop3::Config {
        credentials: Some(Credentials::password(account.user.as_str(), account.password.as_str())),
        policy: Policy { require: mechanism, ..Policy::default() },
        sasl: scram_options(),
        ..pop3::Config::new(tls)
    }
}

async fn pop3_connect(stack: &MailStack, tls: TlsMode) -> Connection {
    let (port, security) = match tls {
        TlsMode::Implicit => (stack.ports().pop3s, Security::Tls),
        _ => (stack.ports().pop3, Security::Plain),
    };
    Connection::connect(stack.host(), port, security, stack.tls_client_config())
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"))
}

/// Signs in with `config` and returns the connection, the client and how it signed in.
async fn pop3_session(stack: &MailStack, config: pop3::Config) -> (Connection, Pop3Client, AuthMethod) {
    let tls = config.tls;
    let mut conn = pop3_connect(stack, tls).await;
    let mut client = Pop3Client::new(config).unwrap();
    let events = drive(&mut conn, &mut client, |e| matches!(e, pop3::Event::Authenticated { .. }))
        .await
        .unwrap_or_else(|e| panic!("{tls:?}: {e}\n{}", log(&conn)));
    assert!(events.iter().any(|e| matches!(e, pop3::Event::Ready { encrypted: true, .. })), "{events:?}");
    let Some(pop3::Event::Authenticated { method }) = events.last() else { unreachable!() };
    (conn, client, *method)
}

async fn pop3_next(conn: &mut Connection, client: &mut Pop3Client) -> pop3::Event {
    match conn.next_event(client).await {
        Ok(event) => event,
        Err(e) => panic!("{e}\n{}", log(conn)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pop3_with_every_sign_in_method_over_implicit_tls_and_stls() {
    let stack = stack().await;
    let carol = stack.carol().clone();
    let messages: Vec<Vec<u8>> = vec![
        b"Subject: one\r\n\r\nfirst message\r\n.hidden dot line\r\n".to_vec(),
        b"Subject: two\r\nX-Long: yes\r\n\r\nsecond\r\n\r\nbody\r\n".to_vec(),
    ];
    {
        let (stack, carol, messages) = (stack.clone(), carol.clone(), messages.clone());
        tokio::task::spawn_blocking(move || stack.seed(&carol, "INBOX", &messages)).await.unwrap().unwrap();
    }

    // Which SASL mechanisms does Dovecot offer after TLS?
    let mut conn = pop3_connect(&stack, TlsMode::Implicit).await;
    let mut client = Pop3Client::new(pop3::Config::new(TlsMode::Implicit)).unwrap();
    let events = drive(&mut conn, &mut client, |e| matches!(e, pop3::Event::Ready { .. })).await.unwrap();
    let Some(pop3::Event::Ready { capabilities, .. }) = events.last() else { unreachable!() };
    let offered: Vec<Mechanism> = capabilities.sasl.iter().filter_map(|m| Mechanism::from_name(m)).collect();
    for mechanism in [Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5] {
        assert!(offered.contains(&mechanism), "{capabilities:?}");
    }
    assert!(capabilities.user && capabilities.uidl && capabilities.top, "{capabilities:?}");
    drop(conn);

    // Each SASL mechanism over 995, the automatic choice over STLS: read-only commands.
    let mut configs: Vec<pop3::Config> =
        offered.iter().map(|m| pop3_config(TlsMode::Implicit, &carol, Some(*m))).collect();
    configs.push(pop3_config(TlsMode::StartTls, &carol, None));
    for config in configs {
        let (tls, wanted) = (config.tls, config.policy.require);
        let (mut conn, mut client, method) = pop3_session(&stack, config).await;
        if let Some(wanted) = wanted {
            assert_eq!(method, AuthMethod::Sasl(wanted));
        }
        // Every request is queued at once; each answer names its request.
        let stat_id = client.enqueue(pop3::Request::Stat).unwrap();
        let list_id = client.enqueue(pop3::Request::List(None)).unwrap();
        client.enqueue(pop3::Request::Uidl(None)).unwrap();
        let top_id = client.enqueue(pop3::Request::Top { number: 2, lines: 0 }).unwrap();
        let retr_ids = [1, 2, 3].map(|n| client.enqueue(pop3::Request::Retr(n)).unwrap());
        let stat = pop3_next(&mut conn, &mut client).await;
        let sizes: u64 = messages.iter().map(|m| m.len() as u64).sum();
        assert_eq!(stat, pop3::Event::Stat { id: stat_id, count: 2, size: sizes }, "{tls:?}");
        let pop3::Event::List { id, entries: list } = pop3_next(&mut conn, &mut client).await else {
            panic!()
        };
        assert_eq!(id, list_id);
        assert_eq!(
            list.iter().map(|e| e.size).collect::<Vec<_>>(),
            [messages[0].len() as u64, messages[1].len() as u64]
        );
        let pop3::Event::Uidl { entries: uids, .. } = pop3_next(&mut conn, &mut client).await else {
            panic!()
        };
        assert_eq!(uids.len(), 2);
        let pop3::Event::Top { id, number: 2, data } = pop3_next(&mut conn, &mut client).await else {
            panic!()
        };
        assert_eq!(id, top_id);
        assert_eq!(data, b"Subject: two\r\nX-Long: yes\r\n\r\n");
        for (i, expected) in messages.iter().enumerate() {
            let event = pop3_next(&mut conn, &mut client).await;
            assert_eq!(
                event,
                pop3::Event::Message { id: retr_ids[i], number: i as u32 + 1, data: expected.clone() },
                "{tls:?}"
            );
        }
        let refused = pop3_next(&mut conn, &mut client).await;
        assert!(matches!(refused, pop3::Event::Refused { id, .. } if id == retr_ids[2]), "{refused:?}");
        client.enqueue(pop3::Request::Quit).unwrap();
        assert!(
            matches!(pop3_next(&mut conn, &mut client).await, pop3::Event::Closed { response: r, .. } if r.is_ok())
        );
        let transcript = log(&conn);
        assert!(!transcript.contains(&carol.password), "{transcript}");
        assert!(transcript.contains(&format!("S: <{} bytes>", messages[0].len())), "{transcript}");
    }

    // USER/PASS over TLS, then DELE with RSET, then DELE committed by QUIT.
    let config = pop3::Config {
        auth_method: Some(AuthMethod::UserPass),
        ..pop3_config(TlsMode::Implicit, &carol, None)
    };
    let (mut conn, mut client, method) = pop3_session(&stack, config).await;
    assert_eq!(method, AuthMethod::UserPass);
    assert!(log(&conn).contains("C: PASS <redacted>"));
    let requests = [pop3::Request::Dele(1), pop3::Request::Rset, pop3::Request::Dele(2), pop3::Request::Noop];
    let [first, reset, second, noop] = requests.map(|request| client.enqueue(request).unwrap());
    client.enqueue(pop3::Request::Quit).unwrap();
    assert_eq!(pop3_next(&mut conn, &mut client).await, pop3::Event::Deleted { id: first, number: 1 });
    assert_eq!(pop3_next(&mut conn, &mut client).await, pop3::Event::Reset { id: reset });
    assert_eq!(pop3_next(&mut conn, &mut client).await, pop3::Event::Deleted { id: second, number: 2 });
    assert_eq!(pop3_next(&mut conn, &mut client).await, pop3::Event::Noop { id: noop });
    assert!(
        matches!(pop3_next(&mut conn, &mut client).await, pop3::Event::Closed { response: r, .. } if r.is_ok())
    );
    let remaining = {
        let (stack, carol) = (stack.clone(), carol.clone());
        tokio::task::spawn_blocking(move || stack.fetch_all(&carol, "INBOX")).await.unwrap().unwrap()
    };
    assert_eq!(remaining.len(), 1);
    assert_eq!(remaining[0].raw, messages[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pop3_wrong_password_is_explained() {
    let stack = stack().await;
    let mut wrong = stack.alice().clone();
    wrong.password = "not-the-password".into();
    let mut conn = pop3_connect(&stack, TlsMode::Implicit).await;
    let mut client = Pop3Client::new(pop3_config(TlsMode::Implicit, &wrong, Some(Mechanism::Plain))).unwrap();
    match drive(&mut conn, &mut client, |_| false).await {
        Err(DriverError::Protocol(error @ Pop3Error::AuthFailed(_))) => {
            assert!(error.to_string().contains("user name or password"), "{error}");
        }
        other => panic!("expected an auth failure: {other:?}\n{}", log(&conn)),
    }
}
