//! The IMAP client's safety rules: STARTTLS without stripping or injection, no plaintext
//! passwords against the policy, values never injected as syntax, passwords never in the
//! transcript, limits on what the server can make the client buffer. The server is scripted
//! because a real one will not misbehave on demand (ARCHITECTURE.md, *Real servers in tests*).
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Error, Event, ImapClient, Limits, MailboxName};
use posthorn_proto::sasl::SaslError;
use posthorn_proto::security::TlsMode;
use support::{drive, nothing, results, run, run_unchecked, script, whole};

fn starttls() -> Config {
    Config::new(TlsMode::StartTls)
}

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn login(client: &mut ImapClient) {
    client.enqueue(Command::Login { username: "eva".into(), password: "ahd635d".into() });
}

/// STARTTLS first, capabilities asked again after the upgrade (the ones from before are
/// forgotten, RFC 3501 section 6.2.1), then LOGIN.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn starttls_then_capabilities_then_login() {
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready
         C: a001 STARTTLS
         S: a001 OK Begin TLS negotiation now
         * TLS
         C: a002 CAPABILITY
         S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
         S: a002 OK done
         C: a003 LOGIN eva ahd635d
         S: a003 OK [CAPABILITY IMAP4rev1 IDLE] done",
    );
    let outcome = run_unchecked(&starttls(), login, &script, nothing);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.tls_upgrades, 1);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    assert!(!outcome.rendered().contains("ahd635d"));
    match &outcome.events[0] {
        Event::Ready { capabilities, .. } => {
            assert!(!capabilities.login_disabled() && !capabilities.starttls());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&results(&outcome)[0], Ok(Data::Authenticated(caps)) if caps.idle()));
}

/// Bytes after the STARTTLS go-ahead, before the handshake, end the session (the CVE-2011-0411
/// class of attack): whether they arrived with the OK or afterwards.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn starttls_buffered_response_injection_is_an_attack() {
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
         C: a001 STARTTLS
         S: a001 OK Begin TLS negotiation now
         S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected in the clear",
    );
    let outcome = run_unchecked(&starttls(), login, &script, nothing);
    assert_eq!(outcome.error, Some(Error::StartTlsInjection));
    assert_eq!(outcome.tls_upgrades, 0);
    assert_eq!(outcome.output_text(), "a001 STARTTLS\r\n");
    assert!(outcome.events.is_empty());
}

/// A server (or an attacker in the path) that does not offer STARTTLS: the account requires
/// TLS, so the session ends and nothing else is sent.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn starttls_stripping_is_refused() {
    let outcome = run_unchecked(
        &starttls(),
        login,
        &script("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready"),
        nothing,
    );
    assert_eq!(outcome.error, Some(Error::TlsRequired));
    assert!(outcome.output.is_empty());
    assert!(outcome.events.is_empty());
    assert!(outcome.error.unwrap().to_string().contains("nothing was sent"));

    // Without capabilities in the greeting the client asks (nothing secret) and then stops.
    let outcome = run_unchecked(
        &starttls(),
        login,
        &script(
            "S: * OK ready
             C: a001 CAPABILITY
             S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
             S: a001 OK done",
        ),
        nothing,
    );
    assert_eq!(outcome.error, Some(Error::TlsRequired));
    assert_eq!(outcome.output_text(), "a001 CAPABILITY\r\n");
}

/// PREAUTH on a connection that must be upgraded cannot be upgraded any more (STARTTLS is only
/// valid before authentication).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn preauth_in_the_clear_with_tls_required_is_refused() {
    let outcome = run_unchecked(
        &starttls(),
        login,
        &script("S: * PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi"),
        nothing,
    );
    assert_eq!(outcome.error, Some(Error::TlsRequired));
    assert!(outcome.output.is_empty());
}

/// A STARTTLS the server refuses is the end as well.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn starttls_refused_is_refused() {
    let outcome = run_unchecked(
        &starttls(),
        login,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
             C: a001 STARTTLS
             S: a001 NO not now",
        ),
        nothing,
    );
    assert_eq!(outcome.error, Some(Error::TlsRequired));
    assert_eq!(outcome.output_text(), "a001 STARTTLS\r\n");
}

/// LOGIN over an unencrypted connection only if the account allows it (the SASL policy).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn plaintext_login_needs_permission() {
    let outcome = run_unchecked(
        &Config::new(TlsMode::Plain),
        login,
        &script("S: * OK [CAPABILITY IMAP4rev1] ready"),
        nothing,
    );
    assert!(outcome.output.is_empty());
    assert!(matches!(&results(&outcome)[0], Err(Error::Sasl(SaslError::PlaintextRefused { .. }))));

    let mut config = Config::new(TlsMode::Plain);
    config.policy.allow_plaintext_password = true;
    let outcome = run_unchecked(
        &config,
        login,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1] ready
             C: a001 LOGIN eva ahd635d
             S: a001 OK [CAPABILITY IMAP4rev1] ok",
        ),
        nothing,
    );
    assert_eq!(outcome.output_text(), "a001 LOGIN eva ahd635d\r\n");
}

/// LOGINDISABLED (RFC 3501 section 6.2.3): the client must not send LOGIN.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn login_disabled_is_respected() {
    let outcome =
        run_unchecked(&tls(), login, &script("S: * OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready"), nothing);
    assert!(outcome.output.is_empty());
    assert_eq!(results(&outcome)[0], Err(Error::LoginDisabled));
}

fn login_with(password: &'static str) -> impl Fn(&mut ImapClient) {
    move |client: &mut ImapClient| {
        client.enqueue(Command::Login { username: "eva maria".into(), password: password.into() });
    }
}

/// Quotes and backslashes are escaped inside a quoted string (RFC 3501 section 4.3).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn password_with_quote_and_backslash_is_quoted() {
    fn setup(client: &mut ImapClient) {
        login_with("pa\"ss\\word")(client)
    }
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1] ready
         C: a001 LOGIN \"eva maria\" \"pa\\\"ss\\\\word\"
         S: a001 OK [CAPABILITY IMAP4rev1] ok",
    );
    let outcome = run_unchecked(&tls(), setup, &script, nothing);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    assert_eq!(
        outcome.rendered(),
        "S: * OK [CAPABILITY IMAP4rev1] ready\nC: a001 LOGIN \"eva maria\" <redacted>\nS: a001 OK [CAPABILITY IMAP4rev1] ok\n"
    );
}

/// Non-ASCII cannot be quoted in IMAP4rev1: it goes as a literal, after `+`.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn non_ascii_password_is_a_literal() {
    fn setup(client: &mut ImapClient) {
        login_with("pässwort")(client)
    }
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1] ready
         C: a001 LOGIN \"eva maria\" {9}
         S: + go ahead
         C: pässwort
         S: a001 OK [CAPABILITY IMAP4rev1] ok",
    );
    let outcome = run_unchecked(&tls(), setup, &script, nothing);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    assert_eq!(
        outcome.rendered(),
        "S: * OK [CAPABILITY IMAP4rev1] ready\nC: a001 LOGIN \"eva maria\" {9}\nS: + go ahead\nC: <redacted>\nS: a001 OK [CAPABILITY IMAP4rev1] ok\n"
    );
}

/// CR LF in a password cannot end the command: it travels inside a literal (LITERAL+ here),
/// where the server reads it as data.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn crlf_in_password_is_never_injected() {
    fn setup(client: &mut ImapClient) {
        login_with("x\r\na002 DELETE INBOX")(client)
    }
    let mut client = ImapClient::new(tls());
    setup(&mut client);
    let outcome = drive(
        &mut client,
        &whole(&[b"* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\na001 OK ok\r\n".to_vec()]),
        nothing,
    );
    // The a002 inside the literal is data; the client's own next command is a002 as well.
    assert_eq!(
        outcome.output_text(),
        "a001 LOGIN \"eva maria\" {20+}\r\nx\r\na002 DELETE INBOX\r\na002 CAPABILITY\r\n"
    );
    assert!(!outcome.rendered().contains("DELETE"));
    assert!(outcome.rendered().contains("C: <redacted>"));
}

/// NUL cannot be carried at all (RFC 3501 section 4.3): refused, nothing sent.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn nul_in_password_is_refused() {
    fn setup(client: &mut ImapClient) {
        login_with("a\0b")(client)
    }
    let outcome = run_unchecked(&tls(), setup, &script("S: * OK [CAPABILITY IMAP4rev1] ready"), nothing);
    assert!(outcome.output.is_empty());
    assert!(matches!(&results(&outcome)[0], Err(Error::InvalidArgument { what: "the password", .. })));
}

/// User-given mailbox names never become syntax either: specials are quoted, control
/// characters are encoded in modified UTF-7 (RFC 3501 section 5.1.3).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mailbox_names_with_specials_are_quoted() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Create { mailbox: MailboxName::encode("a\" (b) {3}", false) });
        client.enqueue(Command::Create { mailbox: MailboxName::encode("x\r\ny", false) });
    }
    run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] ready
         C: a001 CREATE \"a\\\" (b) {3}\"
         C: a002 CREATE x&AA0ACg-y
         S: a001 OK done
         S: a002 OK done",
        nothing,
    );
}

/// Search values with CR LF or non-ASCII go as literals with CHARSET UTF-8 (RFC 3501 section
/// 6.4.4), never as a new command line.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn search_values_are_literals() {
    use posthorn_proto::imap::SearchKey;
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
        client.enqueue(Command::Search {
            criteria: vec![SearchKey::Subject("Grüße".into()), SearchKey::Body("x\r\na003 LOGOUT".into())],
        });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 SELECT INBOX
         S: a001 OK [READ-WRITE] done
         C: a002 UID SEARCH CHARSET UTF-8 SUBJECT {7}
         S: + more
         C: Grüße BODY {14}
         S: + more
         C: x
         C: a003 LOGOUT
         S: * SEARCH 4
         S: a002 OK done",
        nothing,
    );
    assert!(matches!(&results(&outcome)[1], Ok(Data::Searched(r)) if r.uids == vec![4]));
}

/// An announced literal beyond the limit ends the session before anything is buffered.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn oversized_literal_is_refused_at_announcement() {
    let mut config = tls();
    config.limits = Limits { max_line: 1024, max_literal: 100, max_response: 10_000, max_messages: 100 };
    let outcome = run_unchecked(
        &config,
        |_| {},
        &script(
            "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
             S: * 1 FETCH (BODY[] {4294967295}",
        ),
        nothing,
    );
    assert_eq!(outcome.error, Some(Error::LiteralTooLarge { announced: 4294967295, limit: 100 }));
}

/// A line beyond the limit ends the session, even before its end arrives.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn overlong_line_is_refused() {
    let mut config = tls();
    config.limits = Limits { max_line: 64, max_literal: 100, max_response: 10_000, max_messages: 100 };
    let mut client = ImapClient::new(config);
    let mut server = b"* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n* OK ".to_vec();
    server.extend(std::iter::repeat_n(b'a', 100));
    let outcome = drive(&mut client, &whole(&[server]), nothing);
    assert_eq!(outcome.error, Some(Error::LineTooLong { limit: 64 }));
}

/// BYE as greeting, and BYE in the middle of a session, end it with the server's text.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn bye_ends_the_session() {
    let outcome = run_unchecked(&tls(), login, &script("S: * BYE [UNAVAILABLE] too busy"), nothing);
    assert_eq!(outcome.error, Some(Error::Bye { text: "too busy".into(), code: Some("UNAVAILABLE".into()) }));
    let outcome = run_unchecked(
        &tls(),
        login,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1] ready
             C: a001 LOGIN eva ahd635d
             S: * BYE shutting down",
        ),
        nothing,
    );
    assert!(matches!(outcome.error, Some(Error::Bye { .. })));
}

/// A malformed response is an error naming the bytes; an unknown untagged response is skipped;
/// a tag that was never sent completes nothing.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn malformed_and_unknown_responses() {
    let outcome = run_unchecked(
        &tls(),
        login,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1] ready
             C: a001 LOGIN eva ahd635d
             S: * XYZZY unknown extension data
             S: zzz9 OK not ours
             S: * 1 FETCH (FLAGS \u{1b}[31m",
        ),
        nothing,
    );
    match &outcome.error {
        Some(Error::Malformed { summary }) => assert_eq!(summary, "* 1 FETCH (FLAGS \\x1B[31m"),
        other => panic!("{other:?}"),
    }
    assert!(results(&outcome).is_empty());
}
