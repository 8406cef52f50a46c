//! iCloud Mail's malformed VANISHED, replayed by a scripted peer: the server's lines replay the
//! behaviour clients report from iCloud's IMAP server with QRESYNC (RFC 7162): a `VANISHED
//! (EARLIER)` response whose UID list is not a valid `known-uids` set. A real server that follows
//! the RFC does not produce it, hence the script. The engine must not give up the session over
//! it: it reports that the expunges are unknown, and the caller diffs the UIDs instead
//! (UID SEARCH ALL against its cache, as frontend/src/mail_state.rs does when the counts differ).
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Event, ImapClient, MailboxName, MailboxUpdate, Qresync};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn setup(client: &mut ImapClient) {
    client.enqueue(Command::Enable { capabilities: vec!["QRESYNC".into()] });
    client.enqueue(Command::Select {
        mailbox: MailboxName::inbox(),
        qresync: Some(Qresync { uidvalidity: 1700000000, modseq: 500, known_uids: None }),
    });
    client.enqueue(Command::Noop);
}

/// An empty UID list after `VANISHED (EARLIER)`: the SELECT still completes and the session
/// goes on; the result says the vanished set could not be read.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn malformed_vanished_is_reported_not_fatal() {
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS IDLE] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK enabled
         C: a002 SELECT INBOX (QRESYNC (1700000000 500))
         S: * 3 EXISTS
         S: * OK [UIDVALIDITY 1700000000] UIDs valid
         S: * OK [UIDNEXT 9] next
         S: * OK [HIGHESTMODSEQ 612] highest
         S: * VANISHED (EARLIER) 
         S: * 3 FETCH (UID 8 FLAGS (\\Seen) MODSEQ (611))
         S: a002 OK [READ-WRITE] selected
         C: a003 NOOP
         S: a003 OK done",
        nothing,
    );
    assert_eq!(outcome.error, None, "the session survives");
    let results = results(&outcome);
    let Ok(Data::Selected(selected)) = &results[1] else { panic!("{results:?}") };
    assert!(selected.vanished.is_empty());
    assert!(selected.vanished_unreadable, "the caller must learn that expunges are unknown");
    assert_eq!(selected.changed.len(), 1);
    assert!(matches!(results[2], Ok(Data::None)), "{results:?}");
}

/// The same outside a SELECT (after a NOOP while the mailbox is open): an event says that some
/// UIDs went away, unknown which.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn malformed_unsolicited_vanished_is_an_event() {
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS IDLE] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK enabled
         C: a002 SELECT INBOX (QRESYNC (1700000000 500))
         S: * 3 EXISTS
         S: * OK [UIDVALIDITY 1700000000] UIDs valid
         S: * OK [UIDNEXT 9] next
         S: * OK [HIGHESTMODSEQ 612] highest
         S: a002 OK [READ-WRITE] selected
         C: a003 NOOP
         S: * VANISHED 7,,8
         S: a003 OK done",
        nothing,
    );
    assert_eq!(outcome.error, None, "the session survives");
    assert!(
        outcome.events.iter().any(|e| matches!(e, Event::Mailbox(MailboxUpdate::VanishedUnreadable))),
        "{:?}",
        outcome.events
    );
}
