//! Cyrus IMAP's answer to `UID FETCH 1:* ... (CHANGEDSINCE m VANISHED)`, replayed by a scripted
//! peer: the lines replay how Cyrus resolves `*` (RFC 3501 section 6.4.8: the largest UID in
//! use), so when the message with the highest UID was expunged, that UID lies past `*` and its
//! expunge is not in the VANISHED (EARLIER) report (RFC 7162 section 3.2.6). The real Cyrus 3.6
//! runs in the interop suite (tests/tests/interop.rs); the script isolates this one exchange.
//! What the client can rely on: naming its highest known UID instead of `*` gets the full report,
//! and EXISTS disagreeing with "cached minus vanished" shows the report was short.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{
    Command, Config, Data, Event, FetchItems, ImapClient, MailboxName, MailboxUpdate, SequenceSet,
};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn changes(set: SequenceSet) -> Command {
    Command::Fetch {
        set,
        uid: true,
        items: FetchItems { uid: true, flags: true, ..FetchItems::default() },
        changed_since: Some(20),
        vanished: true,
    }
}

fn setup(client: &mut ImapClient) {
    client.enqueue(Command::Enable { capabilities: vec!["QRESYNC".into()] });
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
    // The cache holds UIDs 1 to 5; 3 and 5 were expunged by another client since modseq 20.
    client.enqueue(changes(SequenceSet::all()));
    client.enqueue(changes(SequenceSet::range(1, 5)));
}

fn vanished(outcome: &support::Outcome) -> Vec<String> {
    outcome
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Mailbox(MailboxUpdate::Vanished { uids, earlier: true }) => Some(uids.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_highest_uid_expunged_is_missed_by_star_but_not_by_an_explicit_range() {
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS IDLE] Cyrus IMAP ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK Completed
         C: a002 SELECT INBOX (CONDSTORE)
         S: * 4 EXISTS
         S: * OK [UIDVALIDITY 1733000000] Ok
         S: * OK [UIDNEXT 7] Ok
         S: * OK [HIGHESTMODSEQ 31] Ok
         S: a002 OK [READ-WRITE] Completed
         C: a003 UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 20 VANISHED)
         S: * VANISHED (EARLIER) 3
         S: * 4 FETCH (UID 6 FLAGS () MODSEQ (30))
         S: a003 OK Completed
         C: a004 UID FETCH 1:5 (UID FLAGS) (CHANGEDSINCE 20 VANISHED)
         S: * VANISHED (EARLIER) 3,5
         S: a004 OK Completed",
        nothing,
    );
    assert_eq!(outcome.error, None);
    // The engine reports exactly what the server said: `1:*` missed UID 5, `1:5` has it.
    assert_eq!(vanished(&outcome), ["3", "3,5"]);
    // The count check that reveals the short report: cache 1..=5 minus {3} plus the new 6 is
    // five messages (1, 2, 4, 5, 6), but the server has four (EXISTS), so the caller must diff UIDs.
    let results = results(&outcome);
    let Ok(Data::Selected(selected)) = &results[1] else { panic!("{results:?}") };
    assert_eq!(selected.mailbox.exists, 4);
}
