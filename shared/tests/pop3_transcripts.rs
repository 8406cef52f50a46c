//! POP3 sessions in `C:`/`S:` form: the worked dialogues of the reference texts (seeds/000_ section
//! 2.2.4, seeds/001_ "POP3" and "APOP") and the RFCs, replayed with the server's bytes split at
//! every point and one byte at a time.
//!
//! Deliberate differences from the printed dialogues: the client asks `CAPA` first (RFC 2449
//! section 5; those RFC 1939 servers answer `-ERR`, which is added to the script), sends commands
//! upper-case (RFC 1939 section 3: keywords are case-insensitive), and, when the greeting carries an
//! APOP timestamp, prefers APOP to sending the password readable.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "smtp_pop3_support/replay.rs"]
mod replay;

use posthorn_proto::{
    engine::{Client, Interrupt, Io},
    pop3::{Config, Error as Pop3Error, Event, Pop3Client, Request, SessionState},
    sasl::{Credentials, Policy},
    security::TlsMode,
};
use replay::{Outcome, XorShift, dialogue, replay_everywhere, run, whole};

fn assert_client_sent(outcome: &Outcome, expected: &[u8]) {
    assert_eq!(outcome.client_text(), String::from_utf8_lossy(expected));
}

/// The seeds' servers listen on port 110 without TLS: the account must explicitly allow a readable
/// password for USER/PASS.
fn plaintext_allowed(user: &str, password: &str) -> Config {
    Config {
        credentials: Some(Credentials::password(user, password)),
        policy: Policy { allow_plaintext_password: true, ..Policy::default() },
        ..Config::new(TlsMode::Plain)
    }
}

#[test]
fn seed_000_list_retr_dele_session() {
    let script = dialogue(
        "S: +OK POP3 server ready
         C: CAPA
         S: -ERR unknown command
         C: USER tecchannel
         S: +OK
         C: PASS ahd635d
         S: +OK
         C: LIST
         S: +OK 2 messages (320 octets)
         S: 1 120
         S: 2 200
         S: .
         C: RETR 1
         S: +OK 120 octets
         S: <Server sendet Nachricht 1>
         S: .
         C: DELE 1
         S: +OK message 1 deleted
         C: RETR 2
         S: +OK 200 octets
         S: <Server sendet Nachricht 2>
         S: .
         C: DELE 2
         S: +OK message 2 deleted
         C: RETR 3
         S: -ERR no such message
         C: QUIT
         S: +OK",
    );
    let config = plaintext_allowed("tecchannel", "ahd635d");
    let make = || {
        let mut client = Pop3Client::new(config.clone()).unwrap();
        client.enqueue(Request::List(None)).unwrap();
        client.enqueue(Request::Retr(1)).unwrap();
        client.enqueue(Request::Dele(1)).unwrap();
        client.enqueue(Request::Retr(2)).unwrap();
        client.enqueue(Request::Dele(2)).unwrap();
        client.enqueue(Request::Retr(3)).unwrap();
        client.enqueue(Request::Quit).unwrap();
        client
    };
    let outcome = replay_everywhere(make, &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("Closed"));
    assert_eq!(
        outcome.transcript,
        "S: +OK POP3 server ready
C: CAPA
S: -ERR unknown command
C: USER tecchannel
S: +OK
C: PASS <redacted>
S: +OK
C: LIST
S: +OK 2 messages (320 octets)
S: 1 120
S: 2 200
S: .
C: RETR 1
S: +OK 120 octets
S: <29 bytes>
S: .
C: DELE 1
S: +OK message 1 deleted
C: RETR 2
S: +OK 200 octets
S: <29 bytes>
S: .
C: DELE 2
S: +OK message 2 deleted
C: RETR 3
S: -ERR no such message
C: QUIT
S: +OK
"
    );
    assert!(!outcome.transcript.contains("ahd635d"));
    let expected_events = [
        r#"Greeting { text: "POP3 server ready", timestamp: None }"#,
        r#"Ready { capabilities: Capabilities { known: false, top: false, user: false, sasl: [], resp_codes: false, pipelining: false, uidl: false, stls: false, implementation: None, other: [] }, encrypted: false }"#,
        "Authenticated { method: UserPass }",
        "List { id: RequestId(0), entries: [ListEntry { number: 1, size: 120 }, ListEntry { number: 2, size: 200 }] }",
        "Message { id: RequestId(1), number: 1, data: [60, 83, 101, 114, 118, 101, 114, 32, 115, 101, 110, 100, 101, 116, 32, 78, 97, 99, 104, 114, 105, 99, 104, 116, 32, 49, 62, 13, 10] }",
        "Deleted { id: RequestId(2), number: 1 }",
        "Message { id: RequestId(3), number: 2, data: [60, 83, 101, 114, 118, 101, 114, 32, 115, 101, 110, 100, 101, 116, 32, 78, 97, 99, 104, 114, 105, 99, 104, 116, 32, 50, 62, 13, 10] }",
        "Deleted { id: RequestId(4), number: 2 }",
        r#"Refused { id: RequestId(5), command: "RETR 3", response: Response { status: Err, code: None, text: "no such message" } }"#,
        r#"Closed { id: RequestId(6), response: Response { status: Ok, code: None, text: "" } }"#,
    ];
    assert_eq!(outcome.events, expected_events);
}

#[test]
fn seed_001_apop_stat_list_retr_dele() {
    // seeds/001_ "APOP": the greeting's timestamp makes the client use APOP instead of sending the
    // password. The digest is MD5(timestamp + password) = ff6ed418... (the page prints 69cd75fb...,
    // which its own inputs do not produce; see sasl_known_answers.rs).
    let script = dialogue(
        "S: +OK <1017.997873531@mail.zeitform-services.de>
         C: CAPA
         S: -ERR unknown command
         C: APOP benutzer@zeitform-services.de ff6ed41840dbfbff9c88ba38dc96497b
         S: +OK
         C: STAT
         S: +OK 24 3260090
         C: LIST
         S: +OK
         S: 1 57739
         S: 2 199077
         S: 3 341012
         S: 4 196786
         S: 5 2680
         S: 6 349421
         S: .
         C: RETR 1
         S: +OK
         S: Subject: Nachricht 1
         S:
         S: ..Punkt am Zeilenanfang
         S: .
         C: DELE 1
         S: +OK
         C: QUIT
         S: +OK",
    );
    // APOP never sends the password, so no plaintext permission is needed.
    let config = Config {
        credentials: Some(Credentials::password("benutzer@zeitform-services.de", "geheimes_passwort")),
        ..Config::new(TlsMode::Plain)
    };
    let make = || {
        let mut client = Pop3Client::new(config.clone()).unwrap();
        client.enqueue(Request::Stat).unwrap();
        client.enqueue(Request::List(None)).unwrap();
        client.enqueue(Request::Retr(1)).unwrap();
        client.enqueue(Request::Dele(1)).unwrap();
        client.enqueue(Request::Quit).unwrap();
        client
    };
    let outcome = replay_everywhere(make, &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.transcript.contains("C: APOP benutzer@zeitform-services.de <redacted>\n"));
    assert!(!outcome.transcript.contains("ff6ed418"));
    assert!(outcome.events.contains(&"Authenticated { method: Apop }".to_string()));
    assert!(outcome.events.contains(&"Stat { id: RequestId(0), count: 24, size: 3260090 }".to_string()));
    assert!(outcome.events.iter().any(
        |e| e.starts_with("List { id: RequestId(1), entries: [") && e.contains("number: 6, size: 349421")
    ));
    // The stuffed dot is removed.
    let message = outcome.events.iter().find(|e| e.starts_with("Message")).unwrap();
    let expected: Vec<u8> = b"Subject: Nachricht 1\r\n\r\n.Punkt am Zeilenanfang\r\n".to_vec();
    assert_eq!(message, &format!("Message {{ id: RequestId(2), number: 1, data: {expected:?} }}"));
    assert!(outcome.transcript.contains(&format!("S: <{} bytes>\nS: .\n", expected.len())));
}

#[test]
fn seed_001_user_pass_when_there_is_no_timestamp() {
    let script = dialogue(
        "S: +OK mail.zeitform-services.de POP3 ready
         C: CAPA
         S: +OK
         S: USER
         S: UIDL
         S: .
         C: USER benutzer@zeitform-services.de
         S: +OK
         C: PASS geheimes_passwort
         S: +OK
         C: STAT
         S: +OK 24 3260090",
    );
    let config = plaintext_allowed("benutzer@zeitform-services.de", "geheimes_passwort");
    let make = || {
        let mut client = Pop3Client::new(config.clone()).unwrap();
        client.enqueue(Request::Stat).unwrap();
        client
    };
    let outcome = replay_everywhere(make, &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.transcript.contains("C: PASS <redacted>\n"));
    assert!(!outcome.transcript.contains("geheimes_passwort"));
}

#[test]
fn user_pass_is_refused_in_plain_text_without_permission() {
    let script = dialogue(
        "S: +OK ready
         C: CAPA
         S: +OK
         S: USER
         S: .",
    );
    let config =
        Config { credentials: Some(Credentials::password("u", "secret")), ..Config::new(TlsMode::Plain) };
    let outcome = replay_everywhere(|| Pop3Client::new(config.clone()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some(r#"Sasl(PlaintextRefused { mechanism: "USER/PASS" })"#));
}

/// Dovecot on port 110 with STLS, SASL PLAIN after the upgrade, then UIDL and TOP.
const DOVECOT_STLS: &str = "S: +OK Dovecot ready.
     C: CAPA
     S: +OK
     S: CAPA
     S: TOP
     S: UIDL
     S: RESP-CODES
     S: PIPELINING
     S: AUTH-RESP-CODE
     S: STLS
     S: SASL
     S: .
     C: STLS
     S: +OK Begin TLS negotiation now.
     -- TLS --
     C: CAPA
     S: +OK
     S: CAPA
     S: TOP
     S: UIDL
     S: RESP-CODES
     S: PIPELINING
     S: AUTH-RESP-CODE
     S: USER
     S: SASL PLAIN LOGIN
     S: .
     C: AUTH PLAIN AGFsaWNlAGNvcnJlY3QgaG9yc2U=
     S: +OK Logged in.
     C: UIDL
     S: +OK
     S: 1 000000015f0a2b1c
     S: 2 000000025f0a2b1c
     S: .
     C: TOP 2 0
     S: +OK
     S: Subject: hello
     S: From: bob@example.org
     S:
     S: .
     C: QUIT
     S: +OK Logging out.
";

fn dovecot_config() -> Config {
    Config {
        credentials: Some(Credentials::password("alice", "correct horse")),
        ..Config::new(TlsMode::StartTls)
    }
}

#[test]
fn stls_then_sasl_plain_uidl_and_top() {
    let script = dialogue(DOVECOT_STLS);
    let make = || {
        let mut client = Pop3Client::new(dovecot_config()).unwrap();
        client.enqueue(Request::Uidl(None)).unwrap();
        client.enqueue(Request::Top { number: 2, lines: 0 }).unwrap();
        client.enqueue(Request::Quit).unwrap();
        client
    };
    let outcome = replay_everywhere(make, &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.events.iter().any(|e| e.starts_with("Ready") && e.contains("encrypted: true")));
    assert!(outcome.events.contains(&"Authenticated { method: Sasl(Plain) }".to_string()));
    assert!(outcome.events.iter().any(|e| e.contains(r#"uid: "000000025f0a2b1c""#)));
    assert!(outcome.events.iter().any(|e| e.starts_with("Top { id: RequestId(1), number: 2")));
    assert!(outcome.transcript.contains("S: +OK Begin TLS negotiation now.\nC: CAPA\n"));
    assert!(outcome.transcript.contains("C: AUTH PLAIN <redacted>\n"));
    assert!(!outcome.transcript.contains("correct horse") && !outcome.transcript.contains("AGFsaWNl"));
}

#[test]
fn stls_stripped_from_capa_ends_the_session() {
    let script = dialogue(
        "S: +OK Dovecot ready.
         C: CAPA
         S: +OK
         S: TOP
         S: USER
         S: SASL PLAIN
         S: .",
    );
    let outcome = replay_everywhere(
        || {
            let mut client = Pop3Client::new(dovecot_config()).unwrap();
            client.enqueue(Request::Stat).unwrap();
            client
        },
        &script.server,
    );
    // No USER, PASS or AUTH went out.
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("StlsNotOffered"));
}

#[test]
fn stls_refused_ends_the_session() {
    let script = dialogue(
        "S: +OK ready
         C: CAPA
         S: -ERR what
         C: STLS
         S: -ERR not here",
    );
    let outcome = replay_everywhere(|| Pop3Client::new(dovecot_config()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.error.unwrap().starts_with("StlsRefused"));
}

#[test]
fn plaintext_after_the_stls_go_ahead_is_an_attack() {
    let server = b"+OK ready\r\n+OK\r\nSTLS\r\n.\r\n+OK Begin TLS\r\n+OK Logged in.\r\n".to_vec();
    let outcome = run(Pop3Client::new(dovecot_config()).unwrap(), &whole(&[server]));
    assert_eq!(outcome.client_text(), "CAPA\r\nSTLS\r\n");
    assert!(outcome.error.unwrap().starts_with("PlaintextAfterStls"));

    // Bytes that arrive while the driver performs the handshake.
    let mut client = Pop3Client::new(dovecot_config()).unwrap();
    client.enqueue_input(b"+OK ready\r\n+OK\r\nSTLS\r\n.\r\n+OK Begin TLS\r\n");
    loop {
        match client.next() {
            Err(Interrupt::Io(Io::StartTls)) => break,
            Ok(_) | Err(Interrupt::Io(Io::Output(_))) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(client.next(), Err(Interrupt::Io(Io::StartTls)));
    client.enqueue_input(b"+OK injected\r\n");
    client.tls_established();
    assert!(matches!(client.next(), Err(Interrupt::Error(Pop3Error::PlaintextAfterStls(_)))));
}

#[test]
fn sasl_cram_md5_over_pop3() {
    // RFC 2195 section 2's values, over RFC 5034 AUTH.
    let script = dialogue(
        "S: +OK POP3 server ready <1896.697170952@postoffice.reston.mci.net>
         C: CAPA
         S: +OK
         S: SASL CRAM-MD5 PLAIN
         S: .
         C: AUTH CRAM-MD5
         S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
         C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
         S: +OK CRAM authentication successful",
    );
    let config = Config {
        credentials: Some(Credentials::password("tim", "tanstaaftanstaaf")),
        ..Config::new(TlsMode::Implicit)
    };
    let outcome = replay_everywhere(|| Pop3Client::new(config.clone()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.transcript.contains("C: AUTH CRAM-MD5\nS: + <redacted>\nC: <redacted>\n"));
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { method: Sasl(CramMd5) }");
}

#[test]
fn long_initial_responses_wait_for_the_empty_challenge() {
    // RFC 5034 section 4: AUTH lines are limited to 255 octets, so a long token goes after "+ ".
    let token = "t".repeat(300);
    let config = Config {
        credentials: Some(Credentials::oauth2("alice@example.net", token.as_str())),
        ..Config::new(TlsMode::Implicit)
    };
    let server = b"+OK ready\r\n+OK\r\nSASL XOAUTH2\r\n.\r\n+ \r\n+OK welcome\r\n".to_vec();
    let outcome = replay_everywhere(|| Pop3Client::new(config.clone()).unwrap(), &[server]);
    let sent = outcome.client_text();
    assert!(
        sent.starts_with("CAPA\r\nAUTH XOAUTH2\r\ndXNlcj1hbGljZUBleGFtcGxlLm5ldAFhdXRoPUJlYXJlciB0dHR0"),
        "{sent}"
    );
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { method: Sasl(XOAuth2) }");
    assert!(!outcome.transcript.contains("ttttt") && !outcome.transcript.contains("dXNlcj1"));
}

#[test]
fn failed_sign_in_is_explained() {
    let script = dialogue(
        "S: +OK ready
         C: CAPA
         S: +OK
         S: SASL PLAIN
         S: .
         C: AUTH PLAIN AHUAd3Jvbmc=
         S: -ERR [AUTH] Authentication failed.",
    );
    let config =
        Config { credentials: Some(Credentials::password("u", "wrong")), ..Config::new(TlsMode::Implicit) };
    let outcome = replay_everywhere(|| Pop3Client::new(config.clone()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    let error = Pop3Error::AuthFailed(posthorn_proto::pop3::Response {
        status: posthorn_proto::pop3::Status::Err,
        code: Some("AUTH".into()),
        text: "Authentication failed.".into(),
    });
    assert_eq!(outcome.error, Some(format!("{error:?}")));
    assert!(error.to_string().contains("user name or password is wrong"));
    assert!(error.to_string().contains("-ERR [AUTH] Authentication failed."));
    assert!(error.refuses_credentials(), "[AUTH] is the password's fault (RFC 3206)");
}

/// A sign-in refused for a reason the password is not to blame for (RFC 2449 `IN-USE`, RFC 3206
/// `SYS/TEMP`) is told apart from a wrong password, so the app keeps the password and says to try
/// again later instead of asking for another one. An uncoded `-ERR` counts as a wrong password.
#[test]
fn a_busy_or_failing_server_is_not_a_wrong_password() {
    for (reply, code, wrong_password) in [
        ("-ERR [IN-USE] Mailbox is locked by another POP3 session.", Some("IN-USE"), false),
        ("-ERR [SYS/TEMP] Temporary authentication failure.", Some("SYS/TEMP"), false),
        ("-ERR [LOGIN-DELAY] Too soon since the last login.", Some("LOGIN-DELAY"), false),
        ("-ERR [AUTH] Authentication failed.", Some("AUTH"), true),
        ("-ERR Invalid password.", None, true),
    ] {
        let script = dialogue(&format!(
            "S: +OK ready
             C: CAPA
             S: -ERR unknown command
             C: USER u
             S: +OK
             C: PASS p
             S: {reply}"
        ));
        let config = plaintext_allowed("u", "p");
        let outcome = replay_everywhere(|| Pop3Client::new(config.clone()).unwrap(), &script.server);
        assert_client_sent(&outcome, &script.client);
        let text = reply.rsplit_once(']').map_or(&reply[5..], |(_, t)| t).trim_start();
        let error = Pop3Error::AuthFailed(posthorn_proto::pop3::Response {
            status: posthorn_proto::pop3::Status::Err,
            code: code.map(str::to_owned),
            text: text.to_owned(),
        });
        assert_eq!(outcome.error, Some(format!("{error:?}")), "{reply}");
        assert_eq!(error.refuses_credentials(), wrong_password, "{reply}");
    }
    assert!(!Pop3Error::NoAuthMethod.refuses_credentials());
}

#[test]
fn commands_are_refused_in_the_wrong_state() {
    // Without credentials the session can never leave AUTHORIZATION (RFC 1939 section 4).
    let mut client = Pop3Client::new(Config::new(TlsMode::Implicit)).unwrap();
    assert_eq!(client.state(), SessionState::Authorization);
    for refused in [
        client.enqueue(Request::Stat),
        client.enqueue(Request::List(None)),
        client.enqueue(Request::Retr(1)),
        client.enqueue(Request::Dele(1)),
        client.enqueue(Request::Noop),
        client.enqueue(Request::Rset),
    ] {
        assert!(matches!(refused, Err(Pop3Error::WrongState { state: SessionState::Authorization, .. })));
    }
    // QUIT is allowed in AUTHORIZATION, and nothing after it.
    client.enqueue(Request::Quit).unwrap();
    assert!(matches!(
        client.enqueue(Request::Quit),
        Err(Pop3Error::WrongState { state: SessionState::Update, .. })
    ));
    // Message numbers start at 1.
    let mut client = Pop3Client::new(plaintext_allowed("u", "p")).unwrap();
    assert_eq!(client.enqueue(Request::Retr(0)), Err(Pop3Error::InvalidArgument("message number (0)")));
}

#[test]
fn quit_in_transaction_enters_update() {
    let server = b"+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n".to_vec();
    let mut client = Pop3Client::new(plaintext_allowed("u", "p")).unwrap();
    client.enqueue(Request::Quit).unwrap();
    client.enqueue_input(&server);
    let mut states = Vec::new();
    loop {
        match client.next() {
            Ok(Event::Authenticated { .. }) => states.push(client.state()),
            Ok(_) | Err(Interrupt::Io(Io::Output(_))) => {}
            Err(Interrupt::Io(Io::NeedMoreInput)) => break,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(states, [SessionState::Transaction]);
    assert_eq!(client.state(), SessionState::Update);
    assert!(matches!(client.enqueue(Request::Stat), Err(Pop3Error::WrongState { .. })));
}

#[test]
fn oversized_messages_are_discarded_and_the_session_goes_on() {
    let script = dialogue(
        "S: +OK ready
         C: CAPA
         S: -ERR
         C: USER u
         S: +OK
         C: PASS p
         S: +OK
         C: RETR 1
         S: +OK
         S: this line alone is longer than the limit
         S: and so is this one
         S: .
         C: RETR 2
         S: +OK
         S: small
         S: .",
    );
    let config = Config { max_message_size: 16, ..plaintext_allowed("u", "p") };
    let make = || {
        let mut client = Pop3Client::new(config.clone()).unwrap();
        client.enqueue(Request::Retr(1)).unwrap();
        client.enqueue(Request::Retr(2)).unwrap();
        client
    };
    let outcome = replay_everywhere(make, &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.events.contains(&"TooLarge { id: RequestId(0), number: 1, limit: 16 }".to_string()));
    assert!(outcome.events.iter().any(|e| e.starts_with("Message { id: RequestId(1), number: 2")));
    assert!(outcome.transcript.contains("S: <more than 16 bytes, discarded>\n"));
}

#[test]
fn credentials_with_line_breaks_are_refused() {
    for (user, password) in [("u\r\nDELE 1", "p"), ("u", "p\r\nDELE 1"), ("u\0", "p"), ("u", "p\nQUIT")] {
        let config = plaintext_allowed(user, password);
        assert!(
            matches!(Pop3Client::new(config), Err(Pop3Error::InvalidArgument(_))),
            "{user:?} {password:?}"
        );
    }
}

#[test]
fn retrieved_messages_round_trip_through_dot_stuffing() {
    let mut rng = XorShift(0x5eed_0101);
    for case in 0..300 {
        // A message of CRLF lines, many starting with dots.
        let lines: Vec<Vec<u8>> =
            (0..rng.below(8)).map(|_| (0..rng.below(6)).map(|_| b".a. "[rng.below(4)]).collect()).collect();
        let message: Vec<u8> = lines.iter().flat_map(|l| [l.as_slice(), b"\r\n"].concat()).collect();
        let mut server = b"+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n+OK\r\n".to_vec();
        for line in &lines {
            if line.first() == Some(&b'.') {
                server.push(b'.');
            }
            server.extend_from_slice(line);
            server.extend_from_slice(b"\r\n");
        }
        server.extend_from_slice(b".\r\n");
        let mut client = Pop3Client::new(plaintext_allowed("u", "p")).unwrap();
        client.enqueue(Request::Retr(1)).unwrap();
        let outcome = run(client, &replay::bytewise(&[server]));
        let expected = format!("Message {{ id: RequestId(0), number: 1, data: {message:?} }}");
        assert_eq!(outcome.events.last(), Some(&expected), "case {case}");
    }
}

#[test]
fn random_server_bytes_never_panic_the_client() {
    let mut rng = XorShift(0x5eed_0102);
    let prefixes: [&[u8]; 4] = [
        b"",
        b"+OK ready <1.2@x>\r\n",
        b"+OK ready\r\n+OK\r\nSTLS\r\nSASL PLAIN CRAM-MD5\r\nUSER\r\n",
        b"+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n+OK\r\n",
    ];
    for case in 0..2000 {
        let prefix = prefixes[case % prefixes.len()];
        let len = rng.below(200);
        let noise = [prefix, &rng.bytes(len)].concat();
        let tls = [TlsMode::Implicit, TlsMode::StartTls, TlsMode::Plain][rng.below(3)];
        let config =
            Config { max_line: 64, max_message_size: 64, ..Config { tls, ..plaintext_allowed("u", "p") } };
        let mut client = Pop3Client::new(config).unwrap();
        client.enqueue(Request::List(None)).unwrap();
        client.enqueue(Request::Retr(1)).unwrap();
        client.enqueue(Request::Uidl(None)).unwrap();
        client.enqueue(Request::Quit).unwrap();
        let mut input = noise.chunks(1 + rng.below(32));
        let mut settled = false;
        for _ in 0..10_000 {
            match client.next() {
                Ok(_) | Err(Interrupt::Io(Io::Output(_))) => {}
                Err(Interrupt::Io(Io::StartTls)) => client.tls_established(),
                Err(Interrupt::Io(Io::NeedMoreInput)) => match input.next() {
                    Some(chunk) => client.enqueue_input(chunk),
                    None => {
                        settled = true;
                        break;
                    }
                },
                Err(Interrupt::Error(_)) => {
                    settled = true;
                    break;
                }
            }
        }
        assert!(settled, "case {case} did not settle");
    }
}

#[test]
fn the_configured_sign_in_method_wins() {
    use posthorn_proto::pop3::AuthMethod;
    use posthorn_proto::sasl::Mechanism;
    // A greeting with an APOP timestamp and a server offering PLAIN: the account asked for PLAIN.
    let server = b"+OK ready <1.2@example.net>\r\n+OK\r\nSASL PLAIN\r\nUSER\r\n.\r\n+OK\r\n".to_vec();
    let pinned = Config {
        auth_method: Some(AuthMethod::Sasl(Mechanism::Plain)),
        ..Config { credentials: Some(Credentials::password("u", "p")), ..Config::new(TlsMode::Implicit) }
    };
    let outcome =
        replay_everywhere(|| Pop3Client::new(pinned.clone()).unwrap(), std::slice::from_ref(&server));
    assert_eq!(outcome.client_text(), "CAPA\r\nAUTH PLAIN AHUAcA==\r\n");
    // Without a pin, APOP beats PLAIN (the password never crosses the wire).
    let auto =
        Config { credentials: Some(Credentials::password("u", "p")), ..Config::new(TlsMode::Implicit) };
    let outcome = run(Pop3Client::new(auto).unwrap(), &whole(std::slice::from_ref(&server)));
    assert!(outcome.client_text().starts_with("CAPA\r\nAPOP u "), "{}", outcome.client_text());
    // APOP asked for, but the greeting has no timestamp.
    let apop = Config { auth_method: Some(AuthMethod::Apop), ..plaintext_allowed("u", "p") };
    let outcome = run(Pop3Client::new(apop).unwrap(), &whole(&[b"+OK ready\r\n-ERR\r\n".to_vec()]));
    assert_eq!(outcome.error.as_deref(), Some("NoAuthMethod"));
}

#[test]
fn sasl_scram_sha_256_over_pop3_verifies_the_server() {
    // RFC 7677 section 3's exchange over RFC 5034 AUTH; the server-final arrives as a
    // continuation and is answered with an empty line.
    let script = dialogue(
        "S: +OK ready
         C: CAPA
         S: +OK
         S: SASL PLAIN SCRAM-SHA-256
         S: .
         C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
         S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
         C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
         S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
         C:
         S: +OK Logged in.",
    );
    let config = Config {
        credentials: Some(Credentials::password("user", "pencil")),
        sasl: posthorn_proto::sasl::Options {
            scram_client_nonce: Some("rOprNGfwEbeRWgbNEkqO".into()),
            ..Default::default()
        },
        ..Config::new(TlsMode::Implicit)
    };
    let outcome =
        replay::replay_whole_and_bytewise(|| Pop3Client::new(config.clone()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { method: Sasl(ScramSha256) }");

    // Success without the server's proof is refused.
    let mut forged = script.server[0].clone();
    let at = forged.windows(3).position(|w| w == b"+ d").unwrap();
    forged.truncate(at);
    forged.extend_from_slice(b"+OK Logged in.\r\n");
    let outcome = run(Pop3Client::new(config.clone()).unwrap(), &whole(&[forged]));
    assert_eq!(outcome.error.as_deref(), Some("Sasl(ServerNotVerified)"));
}
