//! UID THREAD (RFC 5256 section 4) in `C:`/`S:` transcripts, each replayed split at every byte and
//! byte by byte: the `* THREAD` tree read flat (depth first, with depths), deeper than imap-codec's
//! own parser goes; refused before sending where the server lacks `THREAD=REFERENCES`; an
//! unreadable answer fails only its command; mangled lines never panic. Then the server's threads
//! joined with the local index's (`posthorn_proto::thread::join_groups`). The server is scripted
//! (see `support/imap.rs`); `tests/tests/conversations.rs` asks the real Dovecot.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{
    Command, Config, Data, Error, ImapClient, MailboxName, SearchKey, ServerThread, ThreadAlgorithm,
    Threaded, parse_thread_data,
};
use posthorn_proto::security::TlsMode;
use posthorn_proto::thread::join_groups;
use support::{drive, every_cut_reads_or_fails, nothing, results, run, script, whole};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn select(client: &mut ImapClient) {
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
}

fn thread_all(client: &mut ImapClient) {
    client.enqueue(Command::Thread { algorithm: ThreadAlgorithm::References, criteria: vec![] });
}

/// SELECT, THREAD, then a NOOP that shows the session goes on after the THREAD.
fn select_thread_noop(client: &mut ImapClient) {
    select(client);
    thread_all(client);
    client.enqueue(Command::Noop);
}

const SELECTED: &str =
    "S: * PREAUTH [CAPABILITY IMAP4rev1 SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES] ready
    C: a001 SELECT INBOX
    S: * 9 EXISTS
    S: * OK [UIDVALIDITY 7] ok
    S: a001 OK [READ-WRITE] done";

/// Each thread as (id, depth) pairs.
fn shape(threads: &[ServerThread]) -> Vec<Vec<(u32, u32)>> {
    threads.iter().map(|t| t.members.iter().map(|m| (m.id, m.depth)).collect()).collect()
}

/// RFC 5256 section 4's own example, asked as UID THREAD REFERENCES UTF-8 ALL: `(2)` alone;
/// `(3 6 (4 23)(44 7 96))` a chain 3, 6 with two branches below 6. A second THREAD with a
/// criterion gets an empty answer.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn uid_thread_references_reads_the_rfc_example() {
    fn setup(client: &mut ImapClient) {
        select(client);
        thread_all(client);
        client.enqueue(Command::Thread {
            algorithm: ThreadAlgorithm::References,
            criteria: vec![SearchKey::Unseen],
        });
    }
    let outcome = run(
        &tls(),
        setup,
        &format!(
            "{SELECTED}
             C: a002 UID THREAD REFERENCES UTF-8 ALL
             S: * THREAD (2)(3 6 (4 23)(44 7 96))
             S: a002 OK Thread completed
             C: a003 UID THREAD REFERENCES UTF-8 UNSEEN
             S: * THREAD
             S: a003 OK Thread completed"
        ),
        nothing,
    );
    let results = results(&outcome);
    let Ok(Data::Threaded(threads)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(
        shape(threads),
        vec![vec![(2, 0)], vec![(3, 0), (6, 1), (4, 2), (23, 3), (44, 2), (7, 3), (96, 4)]]
    );
    assert_eq!(threads[1].ids().collect::<Vec<_>>(), vec![3, 6, 4, 23, 44, 7, 96]);
    assert_eq!(results[2], Ok(Data::Threaded(vec![])));
}

/// A thread whose root the server does not have (RFC 5256 section 4: "((3)(5))") holds its
/// messages side by side at depth 0; spaces between lists are optional.
#[test]
fn a_missing_root_leaves_its_replies_side_by_side() {
    let threads = parse_thread_data(b"* THREAD ((3)(5)) (1 2)\r\n").expect("reads");
    assert_eq!(shape(&threads), vec![vec![(3, 0), (5, 0)], vec![(1, 0), (2, 1)]]);
    let threads = parse_thread_data(b"* thread ((1 (2)(3 (4)(5)))(6))").expect("reads");
    assert_eq!(shape(&threads), vec![vec![(1, 0), (2, 1), (3, 1), (4, 2), (5, 2), (6, 0)]]);
}

/// A discussion that branches 500 levels deep (imap-codec's parser stops at 8): read whole,
/// in one session, without touching the call stack's depth.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_deeply_branching_thread_is_read_whole() {
    let depth = 500u32;
    // (1 (2 (3 …)(1002))(1001)): each message has two replies, one of which branches on.
    let mut line = String::from("* THREAD ");
    for n in 1..=depth {
        line.push_str(&format!("({n} "));
    }
    line.push_str("(9999)(9998)");
    for n in (1..=depth).rev() {
        line.push_str(&format!(")({})", 10_000 + n));
    }
    // The outermost close has a sibling list only inside a parent: drop the last one.
    let line = line.strip_suffix(&format!("({})", 10_001)).expect("built").to_owned();
    let threads = parse_thread_data(line.as_bytes()).expect("reads");
    assert_eq!(threads.len(), 1);
    let members = &threads[0].members;
    assert_eq!(members.len() as u32, depth + 2 + depth - 1);
    assert_eq!(members[0], Threaded { id: 1, depth: 0 });
    assert!(members.contains(&Threaded { id: 9999, depth }), "the deepest reply");

    fn setup(client: &mut ImapClient) {
        select(client);
        thread_all(client);
    }
    let text = format!(
        "{SELECTED}\nC: a002 UID THREAD REFERENCES UTF-8 ALL\nS: {line}\nS: a002 OK Thread completed"
    );
    let script = script(&text);
    let mut client = ImapClient::new(tls());
    setup(&mut client);
    let outcome = drive(&mut client, &whole(&script.phases), nothing);
    let Ok(Data::Threaded(read)) = &results(&outcome)[1] else { panic!("{:?}", results(&outcome)) };
    assert_eq!(read, &threads);
}

/// Without THREAD=REFERENCES the command is refused before anything is sent; the caller then
/// threads its own index.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn thread_is_refused_where_the_server_lacks_it() {
    let outcome = run(
        &tls(),
        select_thread_noop,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 SORT THREAD=ORDEREDSUBJECT] ready
         C: a001 SELECT INBOX
         S: * 1 EXISTS
         S: a001 OK [READ-WRITE] done
         C: a002 NOOP
         S: a002 OK done",
        nothing,
    );
    let results = results(&outcome);
    assert_eq!(results[1], Err(Error::NotSupported { capability: "THREAD=REFERENCES" }));
    assert_eq!(results[2], Ok(Data::None));
}

/// A `* THREAD` line that does not read fails that THREAD only: the next command runs on the
/// same session.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_unreadable_thread_answer_fails_only_itself() {
    let outcome = run(
        &tls(),
        select_thread_noop,
        &format!(
            "{SELECTED}
             C: a002 UID THREAD REFERENCES UTF-8 ALL
             C: a003 NOOP
             S: * THREAD (1 (2)
             S: a002 OK Thread completed
             S: a003 OK done"
        ),
        nothing,
    );
    let results = results(&outcome);
    assert!(matches!(&results[1], Err(Error::Malformed { .. })), "{:?}", results[1]);
    assert_eq!(results[2], Ok(Data::None));
}

/// Mangled `* THREAD` lines, cut at every byte, end in an error or are taken: never a panic.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mangled_thread_responses_never_panic() {
    let lines = [
        "* THREAD (1)(2 3 (4)(5))",
        "* THREAD (0)",
        "* THREAD ((",
        "* THREAD ))",
        "* THREAD (1 (2) 3)",
        "* THREAD (a)",
        "* THREAD (99999999999999999999)",
        "* THREAD ()",
        "* THREAD (1)\u{0}(2)",
        "* THREADS (1)",
    ];
    fn setup(client: &mut ImapClient) {
        select(client);
        thread_all(client);
    }
    every_cut_reads_or_fails(
        &tls(),
        setup,
        &format!("{SELECTED}\nC: a002 UID THREAD REFERENCES UTF-8 ALL"),
        &lines,
    );
    assert_eq!(parse_thread_data(b"* THREAD (1 (2) 3)"), None, "a number after a nested list");
    assert_eq!(parse_thread_data(b"* THREAD (0)"), None, "UIDs are never 0");
    assert_eq!(parse_thread_data(b"* THREAD (1"), None, "unbalanced");
}

/// The server's threads of the open folder joined with the local index's: a local thread that
/// shares a message with a server thread makes one conversation with it (a reply in Sent joins
/// the folder's thread); two server threads one local thread spans become one; the rest stay.
#[test]
fn server_threads_join_the_local_ones_that_share_a_message() {
    // Open-folder UIDs as numbers; Sent's messages as 100+.
    let groups: Vec<Vec<u32>> = vec![
        vec![3, 6, 4],   // server
        vec![5],         // server
        vec![8, 9],      // server
        vec![6, 101],    // local: 6 and its reply in Sent
        vec![5, 8, 102], // local: joins two server threads
        vec![103],       // local, alone
        vec![],
    ];
    assert_eq!(join_groups(&groups), vec![vec![3, 6, 4, 101], vec![5, 8, 9, 102], vec![103]]);
}
