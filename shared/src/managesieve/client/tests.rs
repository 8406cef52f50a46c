use super::*;
use crate::sasl::{Credentials, Mechanism};
use crate::time::Timeouts;

const GREETING: &[u8] = b"\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\
\"SIEVE\" \"fileinto reject envelope vacation imap4flags copy date relational\"\r\n\
\"NOTIFY\" \"mailto\"\r\n\"SASL\" \"\"\r\n\"STARTTLS\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n";

const AFTER_TLS: &[u8] = b"\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\
\"SIEVE\" \"fileinto vacation imap4flags\"\r\n\"SASL\" \"PLAIN LOGIN\"\r\n\"VERSION\" \"1.0\"\r\nOK \"TLS negotiation successful.\"\r\n";

/// Runs the client until it needs input or the driver's help, returning the events and what it
/// wrote.
fn run(client: &mut SieveClient) -> (Vec<Event>, Vec<u8>, Option<Interrupt<Error>>) {
    let (mut events, mut written) = (Vec::new(), Vec::new());
    loop {
        match client.next() {
            Ok(event) => events.push(event),
            Err(Interrupt::Io(Io::Output(bytes))) => written.extend(bytes),
            Err(other) => return (events, written, Some(other)),
        }
    }
}

fn signed_in() -> SieveClient {
    let mut client =
        SieveClient::new(Config::new(TlsMode::StartTls, Credentials::password("alice", "pencil")));
    client.enqueue_input(GREETING);
    let (events, written, stop) = run(&mut client);
    assert!(events.is_empty(), "no Ready before STARTTLS: {events:?}");
    assert_eq!(written, b"STARTTLS\r\n");
    client.enqueue_input(b"OK \"Begin TLS negotiation now.\"\r\n");
    let (_, _, stop2) = run(&mut client);
    assert_eq!(
        stop.map(|s| format!("{s:?}")),
        Some(format!("{:?}", Interrupt::<Error>::Io(Io::NeedMoreInput)))
    );
    assert_eq!(stop2, Some(Interrupt::Io(Io::StartTls)));
    client.tls_established();
    client.enqueue_input(AFTER_TLS);
    let (events, written, _) = run(&mut client);
    let Event::Ready { capabilities, encrypted: true } = &events[0] else { panic!("{events:?}") };
    assert_eq!(capabilities.sasl, ["PLAIN", "LOGIN"]);
    assert!(capabilities.has_extension("vacation") && !capabilities.has_extension("reject"));
    // PLAIN with the initial response as a string (RFC 5804 section 2.1): "\0alice\0pencil".
    assert_eq!(written, b"AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHBlbmNpbA==\"\r\n");
    client.enqueue_input(b"OK \"Logged in.\"\r\n");
    let (events, _, _) = run(&mut client);
    assert_eq!(events, vec![Event::Authenticated { mechanism: Mechanism::Plain }]);
    client
}

#[test]
fn it_upgrades_signs_in_and_never_logs_the_password() {
    let mut client = signed_in();
    let log = crate::transcript::render(&client.drain_transcript());
    assert!(log.contains("C: AUTHENTICATE \"PLAIN\" <redacted>"), "{log}");
    assert!(!log.contains("AGFsaWNl"), "{log}");
    assert!(log.contains("S: \"SASL\" \"PLAIN LOGIN\""), "{log}");
}

#[test]
fn scripts_are_listed_read_stored_and_switched_on() {
    let mut client = signed_in();
    let list = client.enqueue(Request::ListScripts).unwrap();
    let get = client.enqueue(Request::GetScript("posthorn".into())).unwrap();
    let script = "require \"fileinto\";\r\nfileinto \"Ä\";\r\n".to_owned();
    let put = client.enqueue(Request::PutScript { name: "posthorn".into(), script: script.clone() }).unwrap();
    let active = client.enqueue(Request::SetActive("posthorn".into())).unwrap();
    let (_, written, _) = run(&mut client);
    assert_eq!(written, b"LISTSCRIPTS\r\n");
    client.enqueue_input(b"\"other\"\r\n\"posthorn\" ACTIVE\r\nOK \"Listscripts completed.\"\r\n");
    let (events, written, _) = run(&mut client);
    assert_eq!(
        events,
        vec![Event::Scripts {
            id: list,
            scripts: vec![
                ScriptEntry { name: "other".into(), active: false },
                ScriptEntry { name: "posthorn".into(), active: true }
            ]
        }]
    );
    assert_eq!(written, b"GETSCRIPT \"posthorn\"\r\n");
    // The literal arrives in two reads.
    client.enqueue_input(b"{12}\r\nkeep;\r\n");
    assert!(run(&mut client).0.is_empty());
    client.enqueue_input(b"stop;\r\nOK \"Getscript completed.\"\r\n");
    let (events, written, _) = run(&mut client);
    assert_eq!(events, vec![Event::Script { id: get, text: "keep;\r\nstop;".into() }]);
    let mut expected = format!("PUTSCRIPT \"posthorn\" {{{}+}}\r\n", script.len()).into_bytes();
    expected.extend(script.as_bytes());
    expected.extend(b"\r\n");
    assert_eq!(written, expected);
    client.enqueue_input(b"OK (WARNINGS) \"line 2: folder may not exist\"\r\n");
    let (events, written, _) = run(&mut client);
    assert_eq!(events, vec![Event::Done { id: put, warnings: Some("line 2: folder may not exist".into()) }]);
    assert_eq!(written, b"SETACTIVE \"posthorn\"\r\n");
    client.enqueue_input(b"NO (NONEXISTENT) \"There is no script by that name\"\r\n");
    let (events, _, _) = run(&mut client);
    let [Event::Refused { id, response }] = events.as_slice() else { panic!("{events:?}") };
    assert_eq!((*id, response.code_name()), (active, Some("NONEXISTENT")));
    let log = crate::transcript::render(&client.drain_transcript());
    assert!(log.contains("C: PUTSCRIPT \"posthorn\" {37+} <37 bytes>"), "{log}");
    let logout = client.enqueue(Request::Logout).unwrap();
    let (_, written, _) = run(&mut client);
    assert_eq!(written, b"LOGOUT\r\n");
    client.enqueue_input(b"OK \"Logout completed.\"\r\n");
    assert_eq!(run(&mut client).0, vec![Event::Closed { id: logout }]);
    assert_eq!(client.enqueue(Request::ListScripts), Err(Error::Closed));
}

#[test]
fn failures_end_the_session_with_a_reason() {
    // The server does not offer STARTTLS: no stripping.
    let mut client = SieveClient::new(Config::new(TlsMode::StartTls, Credentials::password("a", "b")));
    client.enqueue_input(b"\"SASL\" \"PLAIN\"\r\nOK \"ready\"\r\n");
    assert_eq!(run(&mut client).2, Some(Interrupt::Error(Error::StartTlsNotOffered)));

    // A wrong password: NO without a code.
    let mut client = SieveClient::new(Config::new(TlsMode::Implicit, Credentials::password("a", "b")));
    client.enqueue_input(b"\"SASL\" \"PLAIN\"\r\nOK \"ready\"\r\n");
    run(&mut client);
    client.enqueue_input(b"NO \"Authentication failed.\"\r\n");
    let Some(Interrupt::Error(error)) = run(&mut client).2 else { panic!() };
    assert!(error.refuses_credentials(), "{error}");
    assert!(
        !Error::AuthFailed(Response {
            status: Status::No,
            code: Some(("TRYLATER".into(), None)),
            text: None
        })
        .refuses_credentials()
    );

    // Plain text before the handshake.
    let mut client = SieveClient::new(Config::new(TlsMode::StartTls, Credentials::password("a", "b")));
    client.enqueue_input(GREETING);
    run(&mut client);
    client.enqueue_input(b"OK \"go\"\r\n\"SASL\" \"PLAIN\"\r\n");
    assert_eq!(run(&mut client).2, Some(Interrupt::Error(Error::PlaintextAfterStartTls(16))));

    // BYE in the middle of a session, and a server that says nothing.
    let mut client = signed_in();
    client.enqueue(Request::ListScripts).unwrap();
    run(&mut client);
    client.enqueue_input(b"BYE (TRYLATER) \"Server shutting down\"\r\n");
    assert!(matches!(run(&mut client).2, Some(Interrupt::Error(Error::Bye(_)))));

    let mut client = SieveClient::new(Config::new(TlsMode::Implicit, Credentials::password("a", "b")));
    client.handle_timeout(Moment::from_millis(0));
    let deadline = client.next_deadline().unwrap();
    assert_eq!(deadline, Moment::from_millis(Timeouts::default().reply.as_millis() as u64));
    client.handle_timeout(deadline);
    assert!(matches!(run(&mut client).2, Some(Interrupt::Error(Error::Timeout { .. }))));

    // Names that cannot go on the wire.
    let mut client = signed_in();
    assert_eq!(
        client.enqueue(Request::GetScript("a\r\nLOGOUT".into())),
        Err(Error::InvalidName("a\r\nLOGOUT".into()))
    );
    assert_eq!(client.enqueue(Request::DeleteScript(String::new())), Err(Error::InvalidName(String::new())));
    assert!(client.enqueue(Request::SetActive(String::new())).is_ok());
}
