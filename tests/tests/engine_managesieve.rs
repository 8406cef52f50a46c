//! The engine's ManageSieve client (RFC 5804) against the real Dovecot (Pigeonhole), over the host
//! driver, and the Sieve scripts it stores doing their work on delivery: a filter files a
//! message from Postfix, marked read, and the out-of-office reply reaches the sender. The
//! filed message and the reply are checked with the harness's own IMAP code.

use std::sync::Arc;
use std::time::Duration;

use posthorn_bridge::driver::Connection;
use posthorn_proto::managesieve::{Config, Error, Event, Request, SieveClient};
use posthorn_proto::sasl::Credentials;
use posthorn_proto::security::TlsMode;
use posthorn_proto::sieve::{self, Action, Condition, Field, Filter, Matching, Rules, Vacation};
use posthorn_proto::wire::Security;
use posthorn_tests::mailstack::{Account, MailStack};

async fn stack() -> Arc<MailStack> {
    Arc::new(tokio::task::spawn_blocking(MailStack::start).await.unwrap().unwrap_or_else(|e| panic!("{e}")))
}

fn log(conn: &Connection) -> String {
    conn.transcript().iter().map(|e| format!("{} {}\n", e.direction.prefix(), e.text)).collect()
}

/// A signed-in session as `account` with `password`, or the error that ended it.
async fn session(
    stack: &MailStack,
    account: &Account,
    password: &str,
) -> (Connection, SieveClient, Result<(), Error>) {
    let mut conn = Connection::connect(
        stack.host(),
        stack.ports().managesieve,
        Security::Plain,
        stack.tls_client_config(),
    )
    .await
    .unwrap_or_else(|e| panic!("connect: {e}"));
    let mut client = SieveClient::new(Config::new(
        TlsMode::StartTls,
        Credentials::password(account.user.as_str(), password),
    ));
    let outcome = loop {
        match conn.next_event(&mut client).await {
            Ok(Event::Authenticated { .. }) => break Ok(()),
            Ok(_) => continue,
            Err(posthorn_bridge::driver::DriverError::Protocol(e)) => break Err(e),
            Err(e) => panic!("{e}\n{}", log(&conn)),
        }
    };
    (conn, client, outcome)
}

async fn ask(conn: &mut Connection, client: &mut SieveClient, request: Request) -> Event {
    let id = client.enqueue(request).unwrap();
    loop {
        let event = conn.next_event(client).await.unwrap_or_else(|e| panic!("{e}\n{}", log(conn)));
        if event.request() == Some(id) {
            return event;
        }
    }
}

fn rules(alice: &Account) -> Rules {
    Rules {
        vacation: Some(Vacation {
            enabled: true,
            subject: "Away until Monday".into(),
            body: "I am away and read mail on Monday.\r\n".into(),
            days: 1,
            start: Some("2000-01-01".into()),
            end: None,
            addresses: vec![alice.address.clone()],
        }),
        filters: vec![Filter {
            name: "Reports from Bob".into(),
            enabled: true,
            any: false,
            conditions: vec![Condition {
                field: Field::Subject,
                matching: Matching::Contains,
                value: "report".into(),
            }],
            actions: vec![Action::MarkRead, Action::FileInto("Berichte".into())],
            stop: true,
        }],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripts_are_stored_and_filter_what_postfix_delivers() {
    let stack = stack().await;
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack.create_mailbox(&alice, "Berichte").unwrap();

    let (mut conn, mut client, outcome) = session(&stack, &alice, &alice.password).await;
    outcome.unwrap_or_else(|e| panic!("{e}\n{}", log(&conn)));
    assert!(client.capabilities().has_extension("vacation"), "{:?}", client.capabilities());
    let transcript = log(&conn);
    assert!(transcript.contains("STARTTLS") && !transcript.contains(&alice.password), "{transcript}");

    // A broken script is refused with the server's words, and nothing is stored.
    match ask(&mut conn, &mut client, Request::CheckScript("if true { fileinto \"x\" }".into())).await {
        Event::Refused { response, .. } => {
            assert!(response.text.unwrap_or_default().contains("line 1"), "{}", log(&conn))
        }
        other => panic!("{other:?}"),
    }
    let script = sieve::write(&rules(&alice)).unwrap();
    let put = Request::PutScript { name: "posthorn".into(), script: script.clone() };
    assert!(matches!(ask(&mut conn, &mut client, put).await, Event::Done { .. }), "{}", log(&conn));
    assert!(matches!(
        ask(&mut conn, &mut client, Request::SetActive("posthorn".into())).await,
        Event::Done { .. }
    ));
    match ask(&mut conn, &mut client, Request::ListScripts).await {
        Event::Scripts { scripts, .. } => {
            assert_eq!(scripts.len(), 1);
            assert!(scripts[0].active && scripts[0].name == "posthorn");
        }
        other => panic!("{other:?}"),
    }
    match ask(&mut conn, &mut client, Request::GetScript("posthorn".into())).await {
        Event::Script { text, .. } => assert_eq!(sieve::read(&text), Ok(rules(&alice))),
        other => panic!("{other:?}"),
    }
    assert!(matches!(ask(&mut conn, &mut client, Request::Logout).await, Event::Closed { .. }));

    // Postfix delivers through Dovecot's LMTP, where the script runs.
    let raw = format!(
        "From: {}\r\nTo: {}\r\nSubject: Monthly report\r\nMessage-ID: <report-1@posthorn.test>\r\n\r\nFigures.\r\n",
        bob.address, alice.address
    );
    posthorn_tests::fixtures::deliver(&stack, &bob, &alice.address, raw.as_bytes());
    let check = stack.clone();
    tokio::task::spawn_blocking(move || {
        let (alice, bob) = (check.alice(), check.bob());
        let filed = check
            .wait_for_message(
                alice,
                "Berichte",
                |m| String::from_utf8_lossy(&m.raw).contains("Monthly report"),
                Duration::from_secs(20),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(filed.flags.iter().any(|f| f == "\\Seen"), "{:?}", filed.flags);
        assert!(check.fetch_all(alice, "INBOX").unwrap().is_empty(), "the filter took it out of the inbox");
        // RFC 5230: the reply goes to the sender, with the subject given and In-Reply-To set.
        let reply = check
            .wait_for_message(
                bob,
                "INBOX",
                |m| String::from_utf8_lossy(&m.raw).contains("Away until Monday"),
                Duration::from_secs(20),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let reply = String::from_utf8_lossy(&reply.raw).into_owned();
        assert!(reply.contains("In-Reply-To: <report-1@posthorn.test>"), "{reply}");
        assert!(reply.contains("I am away and read mail on Monday."), "{reply}");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_told_apart() {
    let stack = stack().await;
    let alice = stack.alice().clone();
    let (conn, _, outcome) = session(&stack, &alice, "not the password").await;
    let error = outcome.expect_err("signed in with a wrong password");
    assert!(error.refuses_credentials(), "{error}\n{}", log(&conn));
}
