//! The folder-sync planner (shared/src/imap/sync.rs), path by path: the SELECT it asks for given
//! the cache and the session's QRESYNC/CONDSTORE, and what the answers mean for the cache. The
//! answers come from the real IMAP client fed a scripted server (tests/support/imap.rs, whole,
//! split at every byte and byte by byte): the Cyrus and iCloud answers are ones only those servers
//! give (shared/tests/quirks_cyrus.rs, quirks_icloud.rs), the others are written out to name each
//! case exactly. Natively and in wasm.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::sync::{self, Cached, Support};
use posthorn_proto::imap::{
    Capabilities, Command, Config, Data, Event, Flag, ImapClient, MailboxName, MailboxUpdate, Qresync,
    SelectResult,
};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

const QRESYNC: Support = Support { qresync: true, condstore: true };
const CONDSTORE: Support = Support { qresync: false, condstore: true };
const PLAIN: Support = Support { qresync: false, condstore: false };

/// The cache of the tests: UIDs 1 to 6 at UIDVALIDITY 1700000000, current to modseq 500.
fn cache() -> Option<Cached> {
    Some(Cached { uidvalidity: 1_700_000_000, highest_modseq: Some(500) })
}

const UIDS: [u32; 6] = [1, 2, 3, 4, 5, 6];

/// Commands hold secrets and have no `PartialEq`; their `Debug` (secrets redacted) compares.
fn text(command: Option<Command>) -> String {
    format!("{command:?}")
}

fn config() -> Config {
    Config::new(TlsMode::Implicit)
}

fn selected(outcome: &support::Outcome, index: usize) -> SelectResult {
    match &results(outcome)[index] {
        Ok(Data::Selected(result)) => (**result).clone(),
        other => panic!("not a SELECT result: {other:?}"),
    }
}

fn enable_and_select_with_qresync(client: &mut ImapClient) {
    client.enqueue(Command::Enable { capabilities: vec!["QRESYNC".into()] });
    client.enqueue(sync::select(MailboxName::inbox(), cache(), QRESYNC));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_select_carries_the_cache_only_where_qresync_is_enabled_and_the_cache_has_a_modseq() {
    let inbox = MailboxName::inbox;
    let with = Qresync { uidvalidity: 1_700_000_000, modseq: 500, known_uids: None };
    assert_eq!(
        text(Some(sync::select(inbox(), cache(), QRESYNC))),
        text(Some(Command::Select { mailbox: inbox(), qresync: Some(with) }))
    );
    let plain = text(Some(Command::Select { mailbox: inbox(), qresync: None }));
    assert_eq!(text(Some(sync::select(inbox(), cache(), CONDSTORE))), plain, "announced is not enabled");
    assert_eq!(text(Some(sync::select(inbox(), None, QRESYNC))), plain, "nothing cached");
    let no_modseq = Cached { highest_modseq: None, ..cache().unwrap() };
    assert_eq!(
        text(Some(sync::select(inbox(), Some(no_modseq), QRESYNC))),
        plain,
        "a server without mod-sequences"
    );
    let caps = Capabilities::from_names(["IMAP4rev1", "CONDSTORE", "QRESYNC"]);
    assert_eq!(Support::of(&caps, std::iter::empty()), CONDSTORE, "QRESYNC counts once ENABLEd");
    assert_eq!(Support::of(&caps, ["qresync"].into_iter()), QRESYNC);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn qresync_brings_what_vanished_and_what_changed_in_one_select() {
    let outcome = run(
        &config(),
        enable_and_select_with_qresync,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK enabled
         C: a002 SELECT INBOX (QRESYNC (1700000000 500))
         S: * 5 EXISTS
         S: * OK [UIDVALIDITY 1700000000] UIDs valid
         S: * OK [UIDNEXT 9] next
         S: * OK [HIGHESTMODSEQ 612] highest
         S: * VANISHED (EARLIER) 2,4
         S: * 2 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (601))
         S: * 5 FETCH (UID 8 FLAGS () MODSEQ (611))
         S: a002 OK [READ-WRITE] selected",
        nothing,
    );
    let plan = sync::after_select(cache(), &UIDS, &selected(&outcome, 1), QRESYNC).unwrap();
    assert!(!plan.cache_void);
    assert_eq!(plan.vanished, [2, 4]);
    assert_eq!(plan.uids, [1, 3, 5, 6, 8], "8 arrived");
    assert_eq!(plan.flags, [(3, vec![Flag::Seen]), (8, vec![])]);
    assert!(!plan.search_all, "five messages, as EXISTS says: the cache is current");
    assert_eq!(plan.highest_modseq, Some(612));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_short_vanished_report_shows_in_the_count_and_the_uid_diff_finds_the_rest() {
    // Cyrus's `*` misses the highest expunged UID (shared/tests/quirks_cyrus.rs): 4 and 6 went,
    // only 4 is reported.
    let outcome = run(
        &config(),
        enable_and_select_with_qresync,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] Cyrus IMAP ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK Completed
         C: a002 SELECT INBOX (QRESYNC (1700000000 500))
         S: * 4 EXISTS
         S: * OK [UIDVALIDITY 1700000000] Ok
         S: * OK [UIDNEXT 7] Ok
         S: * OK [HIGHESTMODSEQ 520] Ok
         S: * VANISHED (EARLIER) 4
         S: a002 OK [READ-WRITE] Completed",
        nothing,
    );
    let plan = sync::after_select(cache(), &UIDS, &selected(&outcome, 1), QRESYNC).unwrap();
    assert_eq!(plan.uids, [1, 2, 3, 5, 6]);
    assert!(plan.search_all, "five left by the report, four by EXISTS: diff the UIDs");
    assert_eq!(
        text(Some(sync::search_all())),
        text(Some(Command::Search { criteria: vec![posthorn_proto::imap::SearchKey::All] }))
    );
    let listed = sync::after_search(plan.uids.iter().copied(), vec![5, 1, 3, 2]);
    assert_eq!(listed.uids, [1, 2, 3, 5]);
    assert_eq!(listed.gone, [6]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_unreadable_vanished_falls_back_to_the_uid_diff_even_when_the_count_agrees() {
    // iCloud (shared/tests/quirks_icloud.rs): an empty VANISHED (EARLIER).
    let outcome = run(
        &config(),
        enable_and_select_with_qresync,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK enabled
         C: a002 SELECT INBOX (QRESYNC (1700000000 500))
         S: * 6 EXISTS
         S: * OK [UIDVALIDITY 1700000000] UIDs valid
         S: * OK [UIDNEXT 9] next
         S: * OK [HIGHESTMODSEQ 612] highest
         S: * VANISHED (EARLIER) 
         S: a002 OK [READ-WRITE] selected",
        nothing,
    );
    let plan = sync::after_select(cache(), &UIDS, &selected(&outcome, 1), QRESYNC).unwrap();
    assert_eq!(plan.uids.len(), 6, "the count agrees");
    assert!(plan.search_all, "but the expunges are unknown");
}

fn select_plain(client: &mut ImapClient) {
    client.enqueue(sync::select(MailboxName::inbox(), cache(), CONDSTORE));
    client.enqueue(sync::flags_fetch(&UIDS, CONDSTORE, Some(500)).unwrap());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn with_condstore_alone_the_uids_are_listed_and_only_changed_flags_fetched() {
    let outcome = run(
        &config(),
        select_plain,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] ready
         C: a001 SELECT INBOX (CONDSTORE)
         S: * 6 EXISTS
         S: * OK [UIDVALIDITY 1700000000] UIDs valid
         S: * OK [HIGHESTMODSEQ 530] highest
         S: a001 OK [READ-WRITE] selected
         C: a002 UID FETCH 1:6 (UID FLAGS) (CHANGEDSINCE 500)
         S: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (530))
         S: a002 OK done",
        nothing,
    );
    let plan = sync::after_select(cache(), &UIDS, &selected(&outcome, 0), CONDSTORE).unwrap();
    assert!(plan.search_all && plan.vanished.is_empty() && plan.flags.is_empty());
    assert_eq!(plan.uids, UIDS, "the cached list shows until the search answers");
    assert_eq!(plan.highest_modseq, Some(530));
    let Ok(Data::Fetched(fetched)) = &results(&outcome)[1] else { panic!() };
    assert_eq!(fetched.len(), 1, "only what changed since 500");
    let Some(Command::Fetch { changed_since, .. }) = sync::flags_fetch(&[3, 1], PLAIN, Some(500)) else {
        panic!()
    };
    assert_eq!(changed_since, None, "without CONDSTORE every cached message's flags");
    assert!(sync::flags_fetch(&[], CONDSTORE, Some(500)).is_none(), "nothing cached, nothing to fetch");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_new_uidvalidity_voids_the_cache() {
    // RFC 7162 section 3.2.5.2: the server ignores the QRESYNC parameters of another UIDVALIDITY.
    let outcome = run(
        &config(),
        enable_and_select_with_qresync,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK enabled
         C: a002 SELECT INBOX (QRESYNC (1700000000 500))
         S: * 2 EXISTS
         S: * OK [UIDVALIDITY 1800000000] UIDs valid
         S: * OK [UIDNEXT 3] next
         S: * OK [HIGHESTMODSEQ 7] highest
         S: a002 OK [READ-WRITE] selected",
        nothing,
    );
    let plan = sync::after_select(cache(), &UIDS, &selected(&outcome, 1), QRESYNC).unwrap();
    assert!(plan.cache_void);
    assert_eq!(plan.uidvalidity, 1_800_000_000);
    assert!(plan.uids.is_empty() && plan.vanished.is_empty(), "no cached UID means anything now");
    assert!(plan.search_all);
    let mut no_uidvalidity = selected(&outcome, 1);
    no_uidvalidity.mailbox.uidvalidity = None;
    assert_eq!(sync::after_select(cache(), &UIDS, &no_uidvalidity, QRESYNC), None, "nothing to cache by");
}

fn select_then_noop(client: &mut ImapClient) {
    client.enqueue(Command::Enable { capabilities: vec!["QRESYNC".into()] });
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
    client.enqueue(Command::Noop);
}

fn news(outcome: &support::Outcome) -> Vec<MailboxUpdate> {
    let after_select = outcome.events.iter().position(|e| matches!(e, Event::Done { .. })).unwrap() + 2;
    outcome
        .events
        .iter()
        .skip(after_select)
        .filter_map(|e| match e {
            Event::Mailbox(update) => Some(update.clone()),
            _ => None,
        })
        .collect()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn session_news_applies_in_order_and_a_wide_vanished_reaches_every_known_uid() {
    let outcome = run(
        &config(),
        select_then_noop,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK enabled
         C: a002 SELECT INBOX (CONDSTORE)
         S: * 6 EXISTS
         S: * OK [UIDVALIDITY 1700000000] UIDs valid
         S: a002 OK [READ-WRITE] selected
         C: a003 NOOP
         S: * 2 EXPUNGE
         S: * 2 EXPUNGE
         S: * 2 FETCH (FLAGS (\\Flagged) MODSEQ (700))
         S: * VANISHED 990:1000
         S: * 1 FETCH (FLAGS (\\Seen) MODSEQ (650))
         S: * 4 EXISTS
         S: a003 OK done",
        nothing,
    );
    let mut uids = vec![10, 20, 30, 40, 990, 1000];
    let news = sync::apply_updates(&mut uids, news(&outcome));
    // The second EXPUNGE of 2 is the former 3; the FETCH of 2 after them is 40.
    assert_eq!(news.removed, [20, 30, 990, 1000]);
    assert_eq!(news.flags, [(40, vec![Flag::Flagged]), (10, vec![Flag::Seen])]);
    assert_eq!(news.highest_modseq, Some(700), "the highest, not the last");
    assert_eq!(uids, [10, 40]);
    assert!(news.arrived, "EXISTS 4 with two UIDs known: two new messages");
    assert!(!news.search_all);

    // A VANISHED wider than the list: every known UID in it goes. Before the planner, the set was
    // expanded to at most as many numbers as the list held (1 to 3 here) and missed them all.
    let mut uids = vec![990, 995, 1000];
    let wide =
        MailboxUpdate::Vanished { uids: posthorn_proto::imap::SequenceSet::range(1, 1000), earlier: false };
    let news = sync::apply_updates(&mut uids, [wide, MailboxUpdate::VanishedUnreadable]);
    assert_eq!(news.removed, [990, 995, 1000]);
    assert!(uids.is_empty());
    assert!(news.search_all, "an unreadable VANISHED in the session asks for the UID diff");
    assert!(!news.arrived);
}
