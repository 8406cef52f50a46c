//! Office 365 (Exchange Online) IMAP quirks, replayed by a scripted peer: the server's lines
//! replay Exchange Online's documented behaviour, not a capture. It sends NIL in BODYSTRUCTURE
//! where RFC 3501 section 9 wants a string (the body's transfer encoding, a parameter's value),
//! and, where the tenant has turned off basic authentication, refuses a password with
//! `NO ... Basic authentication is disabled`, which the person must be told how to get past.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Error, FetchItems, ImapClient, MailboxName, SequenceSet};
use posthorn_proto::sasl::{Credentials, Options};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run, run_unchecked, script};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

/// NIL for the body's encoding and for a parameter's value: the structure is still read, the
/// encoding taken as empty (which readers treat as 7bit, RFC 2045 section 6.1).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn nil_where_bodystructure_wants_a_string() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
        client.enqueue(Command::Fetch {
            set: SequenceSet::single(10),
            uid: true,
            items: FetchItems { uid: true, body_structure: true, ..FetchItems::default() },
            changed_since: None,
            vanished: false,
        });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NAMESPACE UIDPLUS MOVE CHILDREN] ready
         C: a001 SELECT INBOX
         S: * 1 EXISTS
         S: * OK [UIDVALIDITY 14] UIDVALIDITY value
         S: * OK [UIDNEXT 11] The next unique identifier value
         S: a001 OK [READ-WRITE] SELECT completed.
         C: a002 UID FETCH 10 (UID BODYSTRUCTURE)
         S: * 1 FETCH (UID 10 BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL NIL 120 4 NIL NIL NIL NIL)(\"application\" \"pdf\" (\"name\" NIL) NIL NIL \"base64\" 2048 NIL (\"attachment\" (\"filename\" \"a.pdf\")) NIL NIL) \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL))
         S: a002 OK FETCH completed.",
        nothing,
    );
    assert_eq!(outcome.error, None);
    let Ok(Data::Fetched(messages)) = &results(&outcome)[1] else { panic!("{:?}", outcome.events) };
    let structure = messages[0].body_structure.as_ref().expect("a structure");
    assert!(structure.has_attachments(), "{structure:?}");
}

/// `NO ... Basic authentication is disabled`: the error says what happened and what to do.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn basic_authentication_disabled_is_explained() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::SignIn {
            credentials: Credentials::password("alice@contoso.example", "secret"),
            options: Options::default(),
        });
    }
    let outcome = run_unchecked(
        &tls(),
        setup,
        &script(
            "S: * OK The Microsoft Exchange IMAP4 service is ready.
             C: a001 CAPABILITY
             S: * CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+
             S: a001 OK CAPABILITY completed.
             S: a002 NO AUTHENTICATE failed: Basic authentication is disabled.",
        ),
        nothing,
    );
    assert!(outcome.output_text().contains("a002 AUTHENTICATE PLAIN "), "{}", outcome.output_text());
    let results = results(&outcome);
    let error = results.iter().find_map(|r| r.as_ref().err()).expect("the refusal");
    assert!(matches!(error, Error::No { .. }), "{error:?}");
    let shown = error.to_string();
    assert!(shown.contains("Basic authentication is disabled"), "{shown}");
    assert!(shown.contains("XOAUTH2") && shown.contains("token"), "says what to do: {shown}");
}
