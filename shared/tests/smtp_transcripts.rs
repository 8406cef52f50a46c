//! SMTP sessions in `C:`/`S:` form: the worked dialogues of the reference texts (seeds/000_,
//! seeds/001_, seeds/002_) and the RFCs, replayed with the server's bytes split at every point and
//! one byte at a time. Each test feeds the `S:` lines and asserts the exact bytes the client sends,
//! its events and its (redacted) transcript.
//!
//! Differences from the printed seed dialogues, all deliberate: the client opens with EHLO (RFC 5321
//! section 3.2; a single-line 250 answers EHLO as well as HELO, and the HELO fallback has its own
//! test), always writes paths in angle brackets and upper-case `MAIL FROM:`/`RCPT TO:`
//! (RFC 5321 section 4.1.2; verbs are case-insensitive, section 2.4), and sends the seed's message
//! text with its `ü` quoted-printable encoded because those servers do not announce 8BITMIME.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "smtp_pop3_support/replay.rs"]
mod replay;

use posthorn_proto::{
    engine::{Client, Interrupt, Io},
    sasl::{Credentials, Mechanism, Policy},
    security::TlsMode,
    smtp::{Config, Envelope, Error as SmtpError, Event, Mailbox, Request, SmtpClient},
    transcript::summary,
};
use replay::{Outcome, dialogue, replay_everywhere, replay_whole_and_bytewise, run, whole};

fn mailbox(address: &str) -> Mailbox {
    Mailbox::new(address).unwrap()
}

fn plain_config(client_name: &str) -> Config {
    Config { client_name: client_name.into(), ..Config::new(TlsMode::Plain) }
}

/// Builds a client with `config`, queues `send` for each message and then QUIT.
fn client_sending(config: &Config, messages: &[(Envelope, &[u8])]) -> SmtpClient {
    let mut client = SmtpClient::new(config.clone()).unwrap();
    for (envelope, body) in messages {
        client.enqueue(Request::Send { envelope: envelope.clone(), body: body.to_vec() }).unwrap();
    }
    client.enqueue(Request::Quit).unwrap();
    client
}

fn assert_client_sent(outcome: &Outcome, expected: &[u8]) {
    assert_eq!(outcome.client_text(), String::from_utf8_lossy(expected));
}

/// The seed's three-line message to Eva and Tom, as the client hands it over (bare LF endings,
/// which the client turns into CRLF).
const EVA_AND_TOM: &[u8] = b"Hallo Eva, hallo Tom!\nBeispiel f=C3=BCr den Mail-Versand mit SMTP.\nAdam\n";

#[test]
fn seed_000_two_recipients() {
    // seeds/000_ section 1.4: "eine dreizeilige Nachricht an zwei Empfänger".
    let script = dialogue(
        "S: 220 test.de SMTP server ready
         C: EHLO xyz.de.
         S: 250 xyz.de., pleased to meet you
         C: MAIL FROM:<adam@xyz.de>
         S: 250 <adam@xyz.de> Sender ok
         C: RCPT TO:<eva@test.de>
         S: 250 <eva@test.de> Recipient ok
         C: RCPT TO:<tom@test.de>
         S: 250 <tom@test.de> Recipient ok
         C: DATA
         S: 354 Enter mail
         C: Hallo Eva, hallo Tom!
         C: Beispiel f=C3=BCr den Mail-Versand mit SMTP.
         C: Adam
         C: .
         S: 250 Mail accepted
         C: QUIT
         S: 221 test.de delivering mail",
    );
    let envelope =
        Envelope::new(mailbox("adam@xyz.de"), vec![mailbox("eva@test.de"), mailbox("tom@test.de")]);
    let config = plain_config("xyz.de.");
    let outcome =
        replay_everywhere(|| client_sending(&config, &[(envelope.clone(), EVA_AND_TOM)]), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("Closed"));
    let body_size = "Hallo Eva, hallo Tom!\r\nBeispiel f=C3=BCr den Mail-Versand mit SMTP.\r\nAdam\r\n".len();
    assert_eq!(
        outcome.transcript,
        format!(
            "S: 220 test.de SMTP server ready
C: EHLO xyz.de.
S: 250 xyz.de., pleased to meet you
C: MAIL FROM:<adam@xyz.de>
S: 250 <adam@xyz.de> Sender ok
C: RCPT TO:<eva@test.de>
S: 250 <eva@test.de> Recipient ok
C: RCPT TO:<tom@test.de>
S: 250 <tom@test.de> Recipient ok
C: DATA
S: 354 Enter mail
C: {}
C: .
S: 250 Mail accepted
C: QUIT
S: 221 test.de delivering mail
",
            summary(body_size)
        )
    );
    let kinds: Vec<&str> = outcome.events.iter().map(|e| e.split([' ', '(', '{']).next().unwrap()).collect();
    assert_eq!(kinds, ["Greeting", "Ready", "RecipientResult", "RecipientResult", "Sent", "Closed"]);
    assert!(outcome.events[4].contains("Mail accepted"));
}

#[test]
fn seed_000_with_helo_fallback() {
    // The same server, had it not known EHLO: RFC 5321 section 4.1.4's fallback produces the
    // seed's exact `HELO xyz.de.`.
    let script = dialogue(
        "S: 220 test.de SMTP server ready
         C: EHLO xyz.de.
         S: 502 5.5.2 Error: command not recognized
         C: HELO xyz.de.
         S: 250 xyz.de., pleased to meet you
         C: MAIL FROM:<adam@xyz.de>
         S: 250 <adam@xyz.de> Sender ok
         C: RCPT TO:<eva@test.de>
         S: 250 <eva@test.de> Recipient ok
         C: RCPT TO:<tom@test.de>
         S: 250 <tom@test.de> Recipient ok
         C: DATA
         S: 354 Enter mail
         C: Hallo Eva, hallo Tom!
         C: Beispiel f=C3=BCr den Mail-Versand mit SMTP.
         C: Adam
         C: .
         S: 250 Mail accepted
         C: QUIT
         S: 221 test.de delivering mail",
    );
    let envelope =
        Envelope::new(mailbox("adam@xyz.de"), vec![mailbox("eva@test.de"), mailbox("tom@test.de")]);
    let config = plain_config("xyz.de.");
    let outcome =
        replay_everywhere(|| client_sending(&config, &[(envelope.clone(), EVA_AND_TOM)]), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.events.iter().any(|e| e.starts_with("Sent")));
}

#[test]
fn seed_001_smtp_session_with_two_recipients() {
    // seeds/001_ "SMTP": port 25, HELO my.host.com, two recipients, "250 ok 997887680 qp 2592".
    let script = dialogue(
        "S: 220 mail.zeitform-services.de SMTP
         C: EHLO my.host.com
         S: 250 mail.zeitform-services.de
         C: MAIL FROM:<benutzer@zeitform-services.de>
         S: 250 ok
         C: RCPT TO:<empfaenger@host.de>
         S: 250 ok
         C: RCPT TO:<anderer_empfaenger@somewhere.com>
         S: 250 ok
         C: DATA
         S: 354 go ahead
         C: Subject: Test
         C:
         C: [hier folgt der Text der E-Mail mit allen Headern]
         C: .
         S: 250 ok 997887680 qp 2592
         C: QUIT
         S: 221 mail.zeitform-services.de",
    );
    let envelope = Envelope::parse(
        "benutzer@zeitform-services.de",
        ["empfaenger@host.de", "anderer_empfaenger@somewhere.com"],
    )
    .unwrap();
    let body: &[u8] = b"Subject: Test\r\n\r\n[hier folgt der Text der E-Mail mit allen Headern]\r\n";
    let config = plain_config("my.host.com");
    let outcome = replay_everywhere(|| client_sending(&config, &[(envelope.clone(), body)]), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.events.iter().any(|e| e.starts_with("Sent") && e.contains("997887680 qp 2592")));
}

#[test]
fn seed_002_single_recipient_with_headers() {
    // seeds/002_ "Ablauf beim Versand einer E-Mail".
    let script = dialogue(
        "S: 220 mail.example.com SMTP Foo Mailserver
         C: EHLO mail.example.org
         S: 250 Ok
         C: MAIL FROM:<hans.muster@example.org>
         S: 250 Ok
         C: RCPT TO:<foo@example.com>
         S: 250 Ok
         C: DATA
         S: 354 End data with <CR><LF>.<CR><LF>
         C: From: hans.muster@example.org
         C: To: foo@example.com
         C: Subject: Testmail
         C:
         C: Testmail
         C: .
         S: 250 Ok
         C: QUIT
         S: 221 Bye",
    );
    let envelope = Envelope::parse("hans.muster@example.org", ["foo@example.com"]).unwrap();
    let body: &[u8] = b"From: hans.muster@example.org\nTo: foo@example.com\nSubject: Testmail\n\nTestmail";
    let config = plain_config("mail.example.org");
    let outcome = replay_everywhere(|| client_sending(&config, &[(envelope.clone(), body)]), &script.server);
    assert_client_sent(&outcome, &script.client);
}

/// The EHLO reply of the SMTP AUTH examples in seeds/001_.
const ZEITFORM_EHLO: &str = "S: 220 mail.zeitform-services.de ESMTP
     C: EHLO my.host.com
     S: 250-mail.zeitform-services.de
     S: 250-AUTH LOGIN CRAM-MD5 PLAIN
     S: 250-AUTH=LOGIN CRAM-MD5 PLAIN
     S: 250-PIPELINING
     S: 250 8BITMIME
";

/// seeds/001_ runs its AUTH examples on port 25 without TLS, so the account must explicitly allow
/// a readable password for LOGIN and PLAIN; CRAM-MD5 never sends it.
fn zeitform_config(policy: Policy, initial_response: bool) -> Config {
    Config {
        credentials: Some(Credentials::password("benutzer@zeitform.de", "geheimes_passwort")),
        policy,
        initial_response,
        ..plain_config("my.host.com")
    }
}

fn auth_only(config: &Config) -> SmtpClient {
    SmtpClient::new(config.clone()).unwrap()
}

fn assert_no_password_in(outcome: &Outcome) {
    for secret in [
        "geheimes_passwort",
        "Z2VoZWltZXNfcGFzc3dvcnQ",
        "AGJlbnV0emVy",
        "MmQ5MzczZGZk",
        "YmVudXR6ZXJAemVpdGZvcm0uZGUg",
    ] {
        assert!(!outcome.transcript.contains(secret), "{secret} in transcript:\n{}", outcome.transcript);
        assert!(!outcome.events.iter().any(|e| e.contains(secret)), "{secret} in events");
    }
}

#[test]
fn seed_001_auth_login() {
    let script = dialogue(&format!(
        "{ZEITFORM_EHLO}
         C: AUTH LOGIN
         S: 334 VXNlcm5hbWU6
         C: YmVudXR6ZXJAemVpdGZvcm0uZGU=
         S: 334 UGFzc3dvcmQ6
         C: Z2VoZWltZXNfcGFzc3dvcnQ=
         S: 235 ok, go ahead (#2.0.0)"
    ));
    let config =
        zeitform_config(Policy { allow_plaintext_password: true, require: Some(Mechanism::Login) }, true);
    let outcome = replay_everywhere(|| auth_only(&config), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { mechanism: Login }");
    assert!(outcome.transcript.ends_with(
        "C: AUTH LOGIN\nS: 334 <redacted>\nC: <redacted>\nS: 334 <redacted>\nC: <redacted>\nS: 235 ok, go ahead (#2.0.0)\n"
    ));
    assert_no_password_in(&outcome);
}

#[test]
fn seed_001_auth_plain_without_initial_response() {
    // As printed: AUTH PLAIN alone, a prompt in plain text, then the credentials.
    let script = dialogue(&format!(
        "{ZEITFORM_EHLO}
         C: AUTH PLAIN
         S: 334 ok, go on
         C: AGJlbnV0emVyQHplaXRmb3JtLmRlAGdlaGVpbWVzX3Bhc3N3b3J0
         S: 235 ok, go ahead (#2.0.0)"
    ));
    let config =
        zeitform_config(Policy { allow_plaintext_password: true, require: Some(Mechanism::Plain) }, false);
    let outcome = replay_everywhere(|| auth_only(&config), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { mechanism: Plain }");
    assert_no_password_in(&outcome);
}

#[test]
fn seed_001_auth_plain_with_initial_response() {
    // The same exchange the way the client does it by default (RFC 4954 section 4).
    let script = dialogue(&format!(
        "{ZEITFORM_EHLO}
         C: AUTH PLAIN AGJlbnV0emVyQHplaXRmb3JtLmRlAGdlaGVpbWVzX3Bhc3N3b3J0
         S: 235 ok, go ahead (#2.0.0)"
    ));
    let config =
        zeitform_config(Policy { allow_plaintext_password: true, require: Some(Mechanism::Plain) }, true);
    let outcome = replay_everywhere(|| auth_only(&config), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.transcript.contains("C: AUTH PLAIN <redacted>\n"));
    assert_no_password_in(&outcome);
}

#[test]
fn seed_001_auth_cram_md5_is_chosen_by_default() {
    // With no pin and no permission for readable passwords, the policy picks CRAM-MD5 from
    // "LOGIN CRAM-MD5 PLAIN" on this unencrypted connection.
    let script = dialogue(&format!(
        "{ZEITFORM_EHLO}
         C: AUTH CRAM-MD5
         S: 334 PDQwMzYuMTA3NjMyNDM4MUBndWlsZGVuc3Rlcm4uemVpdGZvcm0uZGU+
         C: YmVudXR6ZXJAemVpdGZvcm0uZGUgMmQ5MzczZGZkOTFlMmU2NjMxYzhlMWFkNjk4MzRmYWQ=
         S: 235 ok, go ahead (#2.0.0)"
    ));
    let config = zeitform_config(Policy::default(), true);
    let outcome = replay_everywhere(|| auth_only(&config), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { mechanism: CramMd5 }");
    assert_no_password_in(&outcome);
}

#[test]
fn seed_001_unknown_mechanism_reply_fails_sign_in() {
    // seeds/001_: "504 auth type unimplemented (#5.5.1)".
    let script = dialogue(&format!(
        "{ZEITFORM_EHLO}
         C: AUTH CRAM-MD5
         S: 504 auth type unimplemented (#5.5.1)"
    ));
    let config = zeitform_config(Policy::default(), true);
    let outcome = replay_everywhere(|| auth_only(&config), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.error.unwrap().starts_with("AuthFailed"));
}

#[test]
fn plain_auth_is_refused_without_tls_unless_allowed() {
    // Only readable mechanisms on an unencrypted connection: nothing secret may leave.
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO my.host.com
         S: 250-mx
         S: 250 AUTH PLAIN LOGIN",
    );
    let config = zeitform_config(Policy::default(), true);
    let outcome = replay_everywhere(|| auth_only(&config), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some(r#"Sasl(PlaintextRefused { mechanism: "PLAIN" })"#));
    let message =
        SmtpError::Sasl(posthorn_proto::sasl::SaslError::PlaintextRefused { mechanism: "PLAIN".into() });
    assert!(message.to_string().contains("unencrypted"));
}

/// A submission server on port 587: STARTTLS, then AUTH, then a pipelined transaction with
/// three recipients, one of them unknown.
const SUBMISSION_587: &str = "S: 220 mail.example.net ESMTP Postfix
     C: EHLO [127.0.0.1]
     S: 250-mail.example.net
     S: 250-PIPELINING
     S: 250-SIZE 10240000
     S: 250-STARTTLS
     S: 250-ENHANCEDSTATUSCODES
     S: 250-8BITMIME
     S: 250 SMTPUTF8
     C: STARTTLS
     S: 220 2.0.0 Ready to start TLS
     -- TLS --
     C: EHLO [127.0.0.1]
     S: 250-mail.example.net
     S: 250-PIPELINING
     S: 250-SIZE 10240000
     S: 250-AUTH PLAIN LOGIN
     S: 250-ENHANCEDSTATUSCODES
     S: 250-8BITMIME
     S: 250-DSN
     S: 250 SMTPUTF8
     C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AGNvcnJlY3QgaG9yc2U=
     S: 235 2.7.0 Authentication successful
     C: MAIL FROM:<alice@example.net> SIZE=36 BODY=8BITMIME
     C: RCPT TO:<bob@example.org>
     C: RCPT TO:<nobody@example.net>
     C: RCPT TO:<carol@example.com>
     C: DATA
     S: 250 2.1.0 Ok
     S: 250 2.1.5 Ok
     S: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table
     S: 250 2.1.5 Ok
     S: 354 End data with <CR><LF>.<CR><LF>
     C: Subject: Grüße
     C:
     C: ..hidden dot
     C: end
     C: .
     S: 250 2.0.0 Ok: queued as 4XyZ12
     C: QUIT
     S: 221 2.0.0 Bye
";

fn submission_config() -> Config {
    Config {
        credentials: Some(Credentials::password("alice@example.net", "correct horse")),
        ..Config::new(TlsMode::StartTls)
    }
}

fn submission_envelope() -> Envelope {
    Envelope::parse("alice@example.net", ["bob@example.org", "nobody@example.net", "carol@example.com"])
        .unwrap()
}

const SUBMISSION_BODY: &[u8] = "Subject: Grüße\r\n\r\n.hidden dot\r\nend".as_bytes();

#[test]
fn submission_with_starttls_auth_pipelining_and_a_partial_failure() {
    let script = dialogue(SUBMISSION_587);
    let config = submission_config();
    let outcome = replay_everywhere(
        || client_sending(&config, &[(submission_envelope(), SUBMISSION_BODY)]),
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("Closed"));
    // Ready is reported once, for the encrypted connection.
    let ready: Vec<&String> = outcome.events.iter().filter(|e| e.starts_with("Ready")).collect();
    assert_eq!(ready.len(), 1);
    assert!(ready[0].contains("encrypted: true") && ready[0].contains("\"PLAIN\""));
    let results: Vec<&String> = outcome.events.iter().filter(|e| e.starts_with("RecipientResult")).collect();
    assert_eq!(results.len(), 3);
    assert!(results[1].contains("nobody@example.net") && results[1].contains("code: 550"));
    let sent = outcome.events.iter().find(|e| e.starts_with("Sent")).unwrap();
    assert!(sent.contains("queued as 4XyZ12") && sent.contains("code: 550"));
    assert!(outcome.transcript.contains("S: 220 2.0.0 Ready to start TLS\nC: EHLO [127.0.0.1]\n"));
    assert!(outcome.transcript.contains("C: AUTH PLAIN <redacted>\n"));
    assert!(!outcome.transcript.contains("correct horse") && !outcome.transcript.contains("AGFsaWNl"));
}

#[test]
fn submission_recipient_results_are_typed() {
    // The same session through the client directly, looking at typed events.
    let script = dialogue(SUBMISSION_587);
    let mut client = client_sending(&submission_config(), &[(submission_envelope(), SUBMISSION_BODY)]);
    let mut segments = script.server.into_iter();
    client.enqueue_input(&segments.next().unwrap());
    let mut sent = None;
    loop {
        match client.next() {
            Ok(Event::Sent { recipients, reply, .. }) => sent = Some((recipients, reply)),
            Ok(_) | Err(Interrupt::Io(Io::Output(_))) => {}
            Err(Interrupt::Io(Io::StartTls)) => {
                client.tls_established();
                client.enqueue_input(&segments.next().unwrap());
            }
            Err(Interrupt::Io(Io::NeedMoreInput)) | Err(Interrupt::Error(_)) => break,
        }
    }
    let (recipients, reply) = sent.unwrap();
    assert_eq!(reply.code, 250);
    let accepted: Vec<bool> = recipients.iter().map(|r| r.accepted()).collect();
    assert_eq!(accepted, [true, false, true]);
    let explanation = posthorn_proto::smtp::explain_reply(&recipients[1].reply);
    assert!(explanation.what_happened.contains("does not know this recipient"));
    assert!(explanation.to_string().contains("User unknown in virtual mailbox table"));
}

#[test]
fn starttls_stripped_from_ehlo_ends_the_session() {
    // Someone on the path removed STARTTLS from the list: the client must not go on in plain text
    // (no AUTH, no MAIL), whatever else the server offers.
    let script = dialogue(
        "S: 220 mail.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mail.example.net
         S: 250-AUTH PLAIN LOGIN
         S: 250 XXXXXXXA",
    );
    let config = submission_config();
    let outcome = replay_everywhere(
        || client_sending(&config, &[(submission_envelope(), SUBMISSION_BODY)]),
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("StartTlsNotOffered"));
}

#[test]
fn starttls_required_but_server_only_knows_helo() {
    let script = dialogue(
        "S: 220 old.example.net SMTP
         C: EHLO [127.0.0.1]
         S: 500 unrecognized command
         C: HELO [127.0.0.1]
         S: 250 old.example.net",
    );
    let outcome = replay_everywhere(|| SmtpClient::new(submission_config()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("StartTlsNotOffered"));
}

#[test]
fn starttls_refused_ends_the_session() {
    let script = dialogue(
        "S: 220 mail.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mail.example.net
         S: 250 STARTTLS
         C: STARTTLS
         S: 454 4.7.0 TLS not available due to local problem",
    );
    let outcome = replay_everywhere(|| SmtpClient::new(submission_config()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.error.unwrap().starts_with("StartTlsRefused"));
}

const GO_AHEAD: &[u8] =
    b"220 mail.example.net ESMTP\r\n250-mail.example.net\r\n250 STARTTLS\r\n220 2.0.0 Ready to start TLS\r\n";

#[test]
fn plaintext_buffered_with_the_go_ahead_is_an_attack() {
    // The injected reply arrives in the same read as the go-ahead (RFC 3207 section 4.2; the
    // "STARTTLS command injection" of CVE-2011-0411): the client must not upgrade.
    let mut server = GO_AHEAD.to_vec();
    server.extend_from_slice(b"250 2.7.0 injected before the handshake\r\n");
    let outcome = run(SmtpClient::new(submission_config()).unwrap(), &whole(&[server.clone()]));
    assert_eq!(outcome.client_text(), "EHLO [127.0.0.1]\r\nSTARTTLS\r\n");
    assert!(outcome.error.unwrap().starts_with("PlaintextAfterStartTls"));
    // Split anywhere inside the injected line: still refused, as long as it arrives before the
    // client asks for the upgrade.
    for at in GO_AHEAD.len() + 1..server.len() {
        let outcome = run(
            SmtpClient::new(submission_config()).unwrap(),
            &[vec![server[..at].to_vec(), server[at..].to_vec()]],
        );
        assert!(outcome.error.unwrap().starts_with("PlaintextAfterStartTls"), "split at {at}");
    }
}

#[test]
fn plaintext_arriving_during_the_handshake_is_an_attack() {
    // The driver saw bytes after asking for TLS, before completing it.
    let mut client = SmtpClient::new(submission_config()).unwrap();
    client.enqueue_input(GO_AHEAD);
    let mut sent = Vec::new();
    loop {
        match client.next() {
            Err(Interrupt::Io(Io::Output(bytes))) => sent.extend(bytes),
            Err(Interrupt::Io(Io::StartTls)) => break,
            Ok(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    client.enqueue_input(b"250 injected\r\n");
    client.tls_established();
    assert!(matches!(client.next(), Err(Interrupt::Error(SmtpError::PlaintextAfterStartTls(_)))));
    // Nothing was written after STARTTLS.
    assert_eq!(sent, b"EHLO [127.0.0.1]\r\nSTARTTLS\r\n");
}

#[test]
fn nothing_is_written_between_starttls_and_the_upgrade() {
    let mut client = SmtpClient::new(submission_config()).unwrap();
    client
        .enqueue(Request::Send { envelope: submission_envelope(), body: SUBMISSION_BODY.to_vec() })
        .unwrap();
    client.enqueue_input(GO_AHEAD);
    loop {
        if let Err(Interrupt::Io(Io::StartTls)) = client.next() {
            break;
        }
    }
    // Until tls_established, the client only repeats its request.
    for _ in 0..3 {
        assert_eq!(client.next(), Err(Interrupt::Io(Io::StartTls)));
    }
    client.tls_established();
    assert_eq!(client.next(), Err(Interrupt::Io(Io::Output(b"EHLO [127.0.0.1]\r\n".to_vec()))));
}

#[test]
fn implicit_tls_signs_in_with_scram_sha_256() {
    // RFC 7677 section 3's exchange over SMTP AUTH (RFC 4954), on port 465.
    let script = dialogue(
        "S: 220 mail.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mail.example.net
         S: 250 AUTH PLAIN SCRAM-SHA-256 CRAM-MD5
         C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
         S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
         C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
         S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
         C:
         S: 235 2.7.0 Authentication successful",
    );
    let config = Config {
        credentials: Some(Credentials::password("user", "pencil")),
        sasl: posthorn_proto::sasl::Options {
            scram_client_nonce: Some("rOprNGfwEbeRWgbNEkqO".into()),
            ..Default::default()
        },
        ..Config::new(TlsMode::Implicit)
    };
    let outcome = replay_whole_and_bytewise(|| SmtpClient::new(config.clone()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { mechanism: ScramSha256 }");
    assert!(!outcome.transcript.contains("cj1y") && !outcome.transcript.contains("dj02"));
}

#[test]
fn scram_with_a_forged_server_signature_is_refused() {
    let script = dialogue(
        "S: 220 mail.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mail.example.net
         S: 250 AUTH SCRAM-SHA-256
         C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
         S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
         C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
         S: 334 dj1BQUFBVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
         C: *",
    );
    let config = Config {
        credentials: Some(Credentials::password("user", "pencil")),
        sasl: posthorn_proto::sasl::Options {
            scram_client_nonce: Some("rOprNGfwEbeRWgbNEkqO".into()),
            ..Default::default()
        },
        ..Config::new(TlsMode::Implicit)
    };
    let outcome = run(SmtpClient::new(config).unwrap(), &whole(&script.server));
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("Sasl(ServerSignatureMismatch)"));
}

#[test]
fn wrong_password_is_explained() {
    let script = dialogue(
        "S: 220 mail.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mail.example.net
         S: 250 AUTH PLAIN
         C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHdyb25n
         S: 535 5.7.8 Error: authentication failed: authentication failure",
    );
    let config = Config {
        credentials: Some(Credentials::password("alice@example.net", "wrong")),
        ..Config::new(TlsMode::Implicit)
    };
    let mut client = SmtpClient::new(config).unwrap();
    client.enqueue_input(&script.server[0]);
    let error = loop {
        match client.next() {
            Err(Interrupt::Error(error)) => break error,
            Err(Interrupt::Io(Io::NeedMoreInput)) => panic!("stalled"),
            _ => {}
        }
    };
    let message = error.to_string();
    assert!(message.contains("user name or password is wrong"), "{message}");
    assert!(message.contains("535 5.7.8 Error: authentication failed"), "{message}");
}

#[test]
fn without_pipelining_a_partial_failure_still_sends() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mx
         S: 250 8BITMIME
         C: MAIL FROM:<a@example.net>
         S: 250 ok
         C: RCPT TO:<x@example.org>
         S: 550 5.1.1 no such user
         C: RCPT TO:<y@example.org>
         S: 250 ok
         C: DATA
         S: 354 go
         C: hi
         C: .
         S: 250 ok
         C: QUIT
         S: 221 bye",
    );
    let envelope = Envelope::parse("a@example.net", ["x@example.org", "y@example.org"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(|| client_sending(&config, &[(envelope.clone(), b"hi")]), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.events.iter().any(|e| e.starts_with("Sent")));
}

#[test]
fn all_recipients_refused_means_not_sent_and_the_session_goes_on() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250 mx
         C: MAIL FROM:<a@example.net>
         S: 250 ok
         C: RCPT TO:<x@example.org>
         S: 554 5.7.1 <x@example.org>: Relay access denied
         C: RSET
         S: 250 ok
         C: MAIL FROM:<a@example.net>
         S: 250 ok
         C: RCPT TO:<y@example.net>
         S: 250 ok
         C: DATA
         S: 354 go
         C: second
         C: .
         S: 250 ok
         C: QUIT
         S: 221 bye",
    );
    let first = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    let second = Envelope::parse("a@example.net", ["y@example.net"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(
        || client_sending(&config, &[(first.clone(), b"first"), (second.clone(), b"second")]),
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    let not_sent = outcome.events.iter().find(|e| e.starts_with("NotSent")).unwrap();
    assert!(not_sent.contains("at: Recipients") && not_sent.contains("Relay access denied"));
    assert!(outcome.events.iter().any(|e| e.starts_with("Sent { id: RequestId(1)")));
}

#[test]
fn pipelined_sender_refusal_is_reported_at_mail() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mx
         S: 250 PIPELINING
         C: MAIL FROM:<a@example.net>
         C: RCPT TO:<x@example.org>
         C: DATA
         S: 553 5.7.1 <a@example.net>: Sender address rejected: not owned by user
         S: 503 5.5.1 Error: need MAIL command
         S: 503 5.5.1 Error: need RCPT command
         C: RSET
         S: 250 2.0.0 Ok",
    );
    let envelope = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(
        || {
            let mut client = SmtpClient::new(config.clone()).unwrap();
            client.enqueue(Request::Send { envelope: envelope.clone(), body: b"x".to_vec() }).unwrap();
            client
        },
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    let not_sent = outcome.events.iter().find(|e| e.starts_with("NotSent")).unwrap();
    assert!(not_sent.contains("at: Mail") && not_sent.contains("Sender address rejected"));
}

#[test]
fn message_refused_after_data_is_not_sent() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250 mx
         C: MAIL FROM:<a@example.net>
         S: 250 ok
         C: RCPT TO:<x@example.org>
         S: 250 ok
         C: DATA
         S: 354 go
         C: spam
         C: .
         S: 554 5.7.1 Message rejected as spam
         C: NOOP
         S: 250 ok",
    );
    let envelope = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(
        || {
            let mut client = SmtpClient::new(config.clone()).unwrap();
            client.enqueue(Request::Send { envelope: envelope.clone(), body: b"spam".to_vec() }).unwrap();
            client.enqueue(Request::Noop).unwrap();
            client
        },
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    // Each answer names its request: the message was the first request, the NOOP the second.
    let not_sent = outcome.events.iter().find(|e| e.starts_with("NotSent")).unwrap();
    assert!(not_sent.starts_with("NotSent { id: RequestId(0)") && not_sent.contains("at: EndOfData"));
    assert!(outcome.events.last().unwrap().starts_with("Noop { id: RequestId(1), reply:"));
}

#[test]
fn too_large_and_eight_bit_messages_are_refused_before_sending() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mx
         S: 250 SIZE 10
         C: QUIT
         S: 221 bye",
    );
    let envelope = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(
        || {
            client_sending(
                &config,
                &[(envelope.clone(), b"more than ten bytes"), (envelope.clone(), "8-bit: ü".as_bytes())],
            )
        },
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.events.iter().any(|e| e.contains("at: TooLarge")));
    assert!(outcome.events.iter().any(|e| e.contains("at: EightBitUnsupported")));
}

#[test]
fn international_addresses_use_smtputf8() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mx
         S: 250-SMTPUTF8
         S: 250 8BITMIME
         C: MAIL FROM:<jörg@bücher.de> SMTPUTF8
         S: 250 ok
         C: RCPT TO:<x@example.org>
         S: 250 ok
         C: DATA
         S: 354 go
         C: hi
         C: .
         S: 250 ok",
    );
    let envelope = Envelope::parse("jörg@bücher.de", ["x@example.org"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(
        || {
            let mut client = SmtpClient::new(config.clone()).unwrap();
            client.enqueue(Request::Send { envelope: envelope.clone(), body: b"hi".to_vec() }).unwrap();
            client
        },
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
}

#[test]
fn a_body_cannot_end_the_data_early() {
    // A message line "." followed by commands must stay message text (RFC 5321 section 4.5.2).
    let body: &[u8] = b"line\r\n.\r\nRSET\r\nMAIL FROM:<evil@example.org>\r\n.\nQUIT\n";
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250 mx
         C: MAIL FROM:<a@example.net>
         S: 250 ok
         C: RCPT TO:<x@example.org>
         S: 250 ok
         C: DATA
         S: 354 go
         C: line
         C: ..
         C: RSET
         C: MAIL FROM:<evil@example.org>
         C: ..
         C: QUIT
         C: .
         S: 250 ok",
    );
    let envelope = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    let config = Config { chunk_size: 3, ..Config::new(TlsMode::Implicit) };
    let outcome = replay_everywhere(
        || {
            let mut client = SmtpClient::new(config.clone()).unwrap();
            client.enqueue(Request::Send { envelope: envelope.clone(), body: body.to_vec() }).unwrap();
            client
        },
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.client_text().matches("\r\n.\r\n").count(), 1);
}

#[test]
fn addresses_with_protocol_syntax_are_rejected() {
    for bad in [
        "a@example.net\r\nRCPT TO:<evil@example.org>",
        "a@example.net\nDATA",
        "a@example.net\rX",
        "a\0@example.net",
        "a@example.net> SIZE=1",
        "<a@b>@example.net",
        "a b@example.net",
    ] {
        assert!(Mailbox::new(bad).is_err(), "{bad:?}");
        assert!(Envelope::parse("ok@example.net", [bad]).is_err(), "{bad:?}");
        assert!(Envelope::parse(bad, ["ok@example.net"]).is_err(), "{bad:?}");
    }
    for bad in ["evil\r\nMAIL FROM:<x@y>", "a b", "", "x>y"] {
        let config = Config { client_name: bad.into(), ..Config::new(TlsMode::Implicit) };
        assert!(matches!(SmtpClient::new(config), Err(SmtpError::InvalidClientName(_))), "{bad:?}");
    }
}

#[test]
fn service_closing_mid_session_ends_it_with_a_sentence() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250 mx
         C: MAIL FROM:<a@example.net>
         S: 421 4.4.2 mx Error: timeout exceeded",
    );
    let envelope = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    let config = Config::new(TlsMode::Implicit);
    let outcome = replay_everywhere(
        || {
            let mut client = SmtpClient::new(config.clone()).unwrap();
            client.enqueue(Request::Send { envelope: envelope.clone(), body: b"x".to_vec() }).unwrap();
            client
        },
        &script.server,
    );
    assert_client_sent(&outcome, &script.client);
    assert!(outcome.error.unwrap().starts_with("ServiceClosing"));
    let error =
        SmtpError::ServiceClosing(posthorn_proto::smtp::Reply::new(421, "4.4.2 mx Error: timeout exceeded"));
    assert!(error.to_string().contains("closing the connection"));
}

#[test]
fn greeting_refusal_and_garbage_end_the_session() {
    let refused = run(
        SmtpClient::new(Config::new(TlsMode::Implicit)).unwrap(),
        &whole(&[b"554 no service\r\n".to_vec()]),
    );
    assert!(refused.error.unwrap().starts_with("GreetingRefused"));
    let garbage = run(
        SmtpClient::new(Config::new(TlsMode::Implicit)).unwrap(),
        &whole(&[b"+OK POP3 ready\r\n".to_vec()]),
    );
    assert!(garbage.error.unwrap().starts_with("Reply(Malformed"));
    assert!(garbage.client_bytes.is_empty());
}

#[test]
fn operations_after_quit_are_refused() {
    let mut client = SmtpClient::new(Config::new(TlsMode::Implicit)).unwrap();
    client.enqueue(Request::Quit).unwrap();
    assert_eq!(client.enqueue(Request::Noop), Err(SmtpError::Closed));
    let envelope = Envelope::parse("a@example.net", ["x@example.org"]).unwrap();
    assert_eq!(client.enqueue(Request::Send { envelope, body: Vec::new() }), Err(SmtpError::Closed));
    let empty = Envelope { from: None, to: Vec::new() };
    let mut client = SmtpClient::new(Config::new(TlsMode::Implicit)).unwrap();
    assert_eq!(
        client.enqueue(Request::Send { envelope: empty, body: Vec::new() }),
        Err(SmtpError::NoRecipients)
    );
}

fn token_config() -> Config {
    Config {
        credentials: Some(Credentials::oauth2("alice@example.net", "ya29.token")),
        sasl: posthorn_proto::sasl::Options {
            oauth_host: Some("mail.example.net".into()),
            oauth_port: Some(465),
            ..Default::default()
        },
        ..Config::new(TlsMode::Implicit)
    }
}

#[test]
fn xoauth2_error_challenge_is_answered_and_reported() {
    // Google's documented failure: a 334 with a base64 JSON status, an empty answer, then 535.
    let script = dialogue(
        "S: 220 smtp.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-smtp.example.net
         S: 250 AUTH LOGIN PLAIN XOAUTH2
         C: AUTH XOAUTH2 dXNlcj1hbGljZUBleGFtcGxlLm5ldAFhdXRoPUJlYXJlciB5YTI5LnRva2VuAQE=
         S: 334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==
         C:
         S: 535-5.7.8 Username and Password not accepted.
         S: 535 5.7.8 https://support.example.net/badcredentials",
    );
    let outcome = replay_everywhere(|| SmtpClient::new(token_config()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    let error = outcome.error.unwrap();
    assert!(error.starts_with("AuthFailed") && error.contains(r#"\"status\":\"401\""#), "{error}");
    assert!(!outcome.transcript.contains("ya29") && !outcome.transcript.contains("dXNlcj1"));
    assert!(outcome.transcript.contains("C: AUTH XOAUTH2 <redacted>\nS: 334 <redacted>\nC: <redacted>\n"));
}

#[test]
fn oauthbearer_is_preferred_for_tokens() {
    let script = dialogue(
        "S: 220 smtp.example.net ESMTP
         C: EHLO [127.0.0.1]
         S: 250-smtp.example.net
         S: 250 AUTH XOAUTH2 OAUTHBEARER
         C: AUTH OAUTHBEARER bixhPWFsaWNlQGV4YW1wbGUubmV0LAFob3N0PW1haWwuZXhhbXBsZS5uZXQBcG9ydD00NjUBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB
         S: 235 2.7.0 Accepted",
    );
    let outcome = replay_everywhere(|| SmtpClient::new(token_config()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.events.last().unwrap(), "Authenticated { mechanism: OAuthBearer }");
}

#[test]
fn a_challenge_that_is_not_base64_cancels_the_exchange() {
    let script = dialogue(
        "S: 220 mx ESMTP
         C: EHLO [127.0.0.1]
         S: 250-mx
         S: 250 AUTH CRAM-MD5
         C: AUTH CRAM-MD5
         S: 334 this is not base64!
         C: *",
    );
    let config =
        Config { credentials: Some(Credentials::password("u", "p")), ..Config::new(TlsMode::Implicit) };
    let outcome = replay_everywhere(|| SmtpClient::new(config.clone()).unwrap(), &script.server);
    assert_client_sent(&outcome, &script.client);
    assert_eq!(outcome.error.as_deref(), Some("Sasl(Base64)"));
}
