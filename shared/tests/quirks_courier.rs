//! Courier IMAP with UTF8=ACCEPT enabled (RFC 6855) puts the UTF-8 mailbox name into the text of
//! its answers to CREATE, RENAME and DELETE (`a002 OK "INBOX.Reisen – Köln" created.`): RFC 3501's
//! `text` is ASCII, IMAP4rev2's (RFC 9051 section 9) may be UTF-8. Replayed by a scripted peer
//! with Courier 5.0.13's words; the real Courier runs in the interop suite
//! (tests/tests/interop.rs). The command completes and its refusal keeps the server's words; data
//! responses are not read this leniently (shared/src/imap/status_text.rs).
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Error, ImapClient, MailboxName};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn setup(client: &mut ImapClient) {
    client.enqueue(Command::Enable { capabilities: vec!["UTF8=ACCEPT".into()] });
    client.enqueue(Command::Create { mailbox: MailboxName::from_wire("INBOX.Reisen – Köln") });
    client.enqueue(Command::Delete { mailbox: MailboxName::from_wire("INBOX.Grüße") });
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn utf8_in_a_status_text_is_read_and_kept() {
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 UTF8=ACCEPT ENABLE NAMESPACE UIDPLUS] Courier-IMAP ready.
         C: a001 ENABLE UTF8=ACCEPT
         S: * ENABLED UTF8=ACCEPT
         S: a001 OK Options enabled.
         C: a002 CREATE \"INBOX.Reisen – Köln\"
         C: a003 DELETE \"INBOX.Grüße\"
         S: a002 OK \"INBOX.Reisen – Köln\" created.
         S: a003 NO Ordner „INBOX.Grüße“ ist nicht leer.",
        nothing,
    );
    assert_eq!(outcome.error, None, "the session goes on");
    let results = results(&outcome);
    assert!(matches!(results[1], Ok(Data::None)), "{results:?}");
    let Err(Error::No { text, .. }) = &results[2] else { panic!("{results:?}") };
    assert_eq!(text, "Ordner „INBOX.Grüße“ ist nicht leer.");
}
