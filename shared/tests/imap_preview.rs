//! FETCH PREVIEW (RFC 8970) through the whole client: asked for only where the capability is
//! announced, and read from quoted, literal and NIL answers while the rest of each FETCH
//! response still decodes (imap-codec has no PREVIEW item, shared/src/imap/preview.rs). Scripted
//! server (see `support/imap.rs`), replayed split at every byte; the real Dovecot answers the
//! same in `tests/tests/engine_imap.rs`.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, FetchItems, ImapClient, MailboxName, SequenceSet};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn rows(client: &mut ImapClient) {
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
    client.enqueue(Command::Fetch {
        set: SequenceSet::all(),
        uid: true,
        items: FetchItems { flags: true, size: true, preview: true, ..FetchItems::default() },
        changed_since: None,
        vanished: false,
    });
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn previews_quoted_literal_and_nil() {
    let outcome = run(
        &Config::new(TlsMode::Implicit),
        rows,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 PREVIEW] ready
         C: a001 SELECT INBOX
         S: * 3 EXISTS
         S: * OK [UIDVALIDITY 7] ok
         S: * OK [UIDNEXT 22] ok
         S: a001 OK [READ-WRITE] done
         C: a002 UID FETCH 1:* (PREVIEW FLAGS RFC822.SIZE)
         S: * 1 FETCH (UID 10 PREVIEW \"Lunch on \\\"Friday\\\"?\" FLAGS (\\Seen) RFC822.SIZE 300)
         S: * 2 FETCH (UID 20 PREVIEW {9}
         S: Grüße
         S:  FLAGS () RFC822.SIZE 400)
         S: * 3 FETCH (PREVIEW NIL UID 21 FLAGS () RFC822.SIZE 500)
         S: a002 OK done",
        nothing,
    );
    let Ok(Data::Fetched(messages)) = &results(&outcome)[1] else {
        panic!("no FETCH result: {:?}", results(&outcome));
    };
    let got: Vec<_> =
        messages.iter().map(|m| (m.uid, m.size, m.preview.as_deref(), m.flags.is_some())).collect();
    assert_eq!(
        got,
        vec![
            (Some(10), Some(300), Some("Lunch on \"Friday\"?"), true),
            (Some(20), Some(400), Some("Grüße"), true),
            (Some(21), Some(500), None, true),
        ]
    );
}

/// Without the capability PREVIEW is left out (a server would answer BAD to an item it does
/// not know, RFC 3501 section 7.1.3), and the rest is asked for as usual.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn preview_left_out_without_capability() {
    let outcome = run(
        &Config::new(TlsMode::Implicit),
        rows,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 SELECT INBOX
         S: * 1 EXISTS
         S: a001 OK [READ-WRITE] done
         C: a002 UID FETCH 1:* (FLAGS RFC822.SIZE)
         S: * 1 FETCH (UID 10 FLAGS () RFC822.SIZE 300)
         S: a002 OK done",
        nothing,
    );
    let Ok(Data::Fetched(messages)) = &results(&outcome)[1] else { panic!("{:?}", results(&outcome)) };
    assert_eq!((messages[0].size, messages[0].preview.as_deref()), (Some(300), None));
}

/// A single item is sent bare (`UID FETCH 1:* FLAGS`); with PREVIEW it becomes a list.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn preview_with_one_other_item_is_a_list() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
        client.enqueue(Command::Fetch {
            set: SequenceSet::all(),
            uid: true,
            items: FetchItems { flags: true, preview: true, ..FetchItems::default() },
            changed_since: None,
            vanished: false,
        });
    }
    let outcome = run(
        &Config::new(TlsMode::Implicit),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 PREVIEW] ready
         C: a001 SELECT INBOX
         S: * 1 EXISTS
         S: a001 OK [READ-WRITE] done
         C: a002 UID FETCH 1:* (PREVIEW UID FLAGS)
         S: * 1 FETCH (UID 10 FLAGS () PREVIEW \"hi\")
         S: a002 OK done",
        nothing,
    );
    let Ok(Data::Fetched(messages)) = &results(&outcome)[1] else { panic!("{:?}", results(&outcome)) };
    assert_eq!(messages[0].preview.as_deref(), Some("hi"));
}
