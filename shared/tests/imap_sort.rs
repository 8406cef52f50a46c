//! UID SORT (RFC 5256, and DISPLAYFROM of RFC 5957) in `C:`/`S:` transcripts, each replayed split
//! at every byte and byte by byte; it is refused before sending where the server lacks SORT; and
//! mangled `* SORT` responses never panic the client. The server is scripted (see
//! `support/imap.rs`); `tests/tests/engine_imap.rs` sorts on the real Dovecot.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{
    Command, Config, Data, Error, ImapClient, MailboxName, SearchKey, SortCriterion, SortKey,
};
use posthorn_proto::security::TlsMode;
use posthorn_proto::sort::SortOrder;
use support::{every_cut_reads_or_fails, nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn select(client: &mut ImapClient) {
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
}

const SELECTED: &str = "S: * PREAUTH [CAPABILITY IMAP4rev1 SORT SORT=DISPLAY] ready
    C: a001 SELECT INBOX
    S: * 4 EXISTS
    S: * OK [UIDVALIDITY 7] ok
    S: a001 OK [READ-WRITE] done";

/// The list's orders as UID SORT, asked in reverse (the list reads the answer backwards, see
/// `SortOrder::reverse_criteria`): by Date, by sender name, and unread first as a SORT over UNSEEN;
/// the `* SORT` lines give the UIDs in the server's order, even split over two responses.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn uid_sort_by_date_sender_and_unread() {
    fn setup(client: &mut ImapClient) {
        select(client);
        client
            .enqueue(Command::Sort { sort: SortOrder::Date.reverse_criteria(true, false), criteria: vec![] });
        client.enqueue(Command::Sort {
            sort: SortOrder::Sender.reverse_criteria(true, false),
            criteria: vec![],
        });
        client.enqueue(Command::Sort {
            sort: SortOrder::Unread.reverse_criteria(true, false),
            criteria: vec![SearchKey::Unseen],
        });
    }
    let outcome = run(
        &tls(),
        setup,
        &format!(
            "{SELECTED}
             C: a002 UID SORT (DATE) UTF-8 ALL
             S: * SORT 12 9 40 3
             S: a002 OK Sort completed
             C: a003 UID SORT (REVERSE DISPLAYFROM DATE) UTF-8 ALL
             S: * SORT 3 40
             S: * SORT 9 12
             S: a003 OK Sort completed
             C: a004 UID SORT (DATE) UTF-8 UNSEEN
             S: * SORT
             S: a004 OK Sort completed"
        ),
        nothing,
    );
    let results = results(&outcome);
    assert_eq!(results[1], Ok(Data::Sorted(vec![12, 9, 40, 3])));
    assert_eq!(results[2], Ok(Data::Sorted(vec![3, 40, 9, 12])));
    assert_eq!(results[3], Ok(Data::Sorted(vec![])));
}

/// Without SORT the command is refused before anything is sent, and DISPLAYFROM needs
/// SORT=DISPLAY (RFC 5957 section 4): the caller then sorts its own index.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn sort_is_refused_where_the_server_lacks_it() {
    fn setup(client: &mut ImapClient) {
        select(client);
        client.enqueue(Command::Sort {
            sort: SortOrder::Date.reverse_criteria(false, false),
            criteria: vec![],
        });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 SELECT INBOX
         S: * 1 EXISTS
         S: a001 OK [READ-WRITE] done",
        nothing,
    );
    assert_eq!(results(&outcome)[1], Err(Error::NotSupported { capability: "SORT" }));

    fn display(client: &mut ImapClient) {
        select(client);
        let by = SortCriterion { reverse: false, key: SortKey::DisplayFrom };
        client.enqueue(Command::Sort { sort: vec![by], criteria: vec![] });
        // Plain FROM is fine with SORT alone.
        client.enqueue(Command::Sort {
            sort: SortOrder::Sender.reverse_criteria(false, false),
            criteria: vec![],
        });
    }
    let outcome = run(
        &tls(),
        display,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 SORT] ready
         C: a001 SELECT INBOX
         S: * 1 EXISTS
         S: a001 OK [READ-WRITE] done
         C: a002 UID SORT (REVERSE FROM DATE) UTF-8 ALL
         S: * SORT 5
         S: a002 OK done",
        nothing,
    );
    let results = results(&outcome);
    assert_eq!(results[1], Err(Error::NotSupported { capability: "SORT=DISPLAY" }));
    assert_eq!(results[2], Ok(Data::Sorted(vec![5])));
}

/// A server that says NO to SORT (e.g. a charset it will not take) fails only that command.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_refused_sort_fails_only_itself() {
    fn setup(client: &mut ImapClient) {
        select(client);
        client
            .enqueue(Command::Sort { sort: SortOrder::Size.reverse_criteria(true, false), criteria: vec![] });
        client.enqueue(Command::Noop);
    }
    let outcome = run(
        &tls(),
        setup,
        &format!(
            "{SELECTED}
             C: a002 UID SORT (SIZE DATE) UTF-8 ALL
             C: a003 NOOP
             S: a002 NO [BADCHARSET (US-ASCII)] no
             S: a003 OK done"
        ),
        nothing,
    );
    let results = results(&outcome);
    assert!(matches!(&results[1], Err(Error::No { command, .. }) if command == "SORT"), "{:?}", results[1]);
    assert_eq!(results[2], Ok(Data::None));
}

/// Mangled `* SORT` lines (letters, zeros, huge numbers, stray brackets, cut short, trailing
/// space) end in an error or are taken: never a panic, and the session settles.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mangled_sort_responses_never_panic() {
    let lines = [
        "* SORT 1 2 3",
        "* SORT ",
        "* SORT 0",
        "* SORT 1  2",
        "* SORT a b",
        "* SORT 99999999999999999999",
        "* SORT 4294967295 1",
        "* SORT (1 2)",
        "* SORT 1 2 (MODSEQ 5)",
        "* SORT 1 2 (MODSEQ x)",
        "* SORT -1",
        "* SORT 1\u{0}2",
        "* SOR",
        "* SORT 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30",
    ];
    fn setup(client: &mut ImapClient) {
        select(client);
        client
            .enqueue(Command::Sort { sort: SortOrder::Date.reverse_criteria(true, false), criteria: vec![] });
    }
    every_cut_reads_or_fails(
        &tls(),
        setup,
        &format!("{SELECTED}\nC: a002 UID SORT (DATE) UTF-8 ALL"),
        &lines,
    );
}
