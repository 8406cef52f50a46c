//! Conversations by RFC 5256's REFERENCES algorithm (`shared/src/thread.rs`), natively and in
//! Chromium as wasm: linking by References and In-Reply-To, dummies for messages not at hand, the
//! subject rule, duplicate and looping IDs, and chains deeper than any stack.

use posthorn_proto::thread::{Header, Member, threads};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn header<'a>(message_id: &'a str, references: &'a str, subject: &'a str, date: i64) -> Header<'a> {
    Header { message_id, references, subject, date, ..Header::default() }
}

/// Each thread as (index, depth) pairs.
fn shape(headers: &[Header<'_>]) -> Vec<Vec<(usize, u32)>> {
    threads(headers).into_iter().map(|t| t.members.iter().map(|m| (m.index, m.depth)).collect()).collect()
}

#[test]
fn a_reply_chain_is_one_conversation_in_reply_order() {
    let headers = [
        header("<c@x>", "<a@x> <b@x>", "Re: Lunch", 300),
        header("<a@x>", "", "Lunch", 100),
        header("<b@x>", "<a@x>", "Re: Lunch", 200),
        header("<z@x>", "", "Other", 50),
    ];
    assert_eq!(shape(&headers), vec![vec![(1, 0), (2, 1), (0, 2)], vec![(3, 0)]]);
    assert_eq!(threads(&headers)[0].latest, 300);
}

#[test]
fn in_reply_to_is_used_when_references_is_missing() {
    let headers = [
        header("<a@x>", "", "Plan", 100),
        Header {
            message_id: "<b@x>",
            in_reply_to: "<a@x> (Ann's message)",
            subject: "Different",
            date: 200,
            ..Default::default()
        },
    ];
    assert_eq!(shape(&headers), vec![vec![(0, 0), (1, 1)]]);
}

#[test]
fn replies_to_a_message_not_at_hand_stay_together() {
    // The original lives in a folder the index has not seen: a dummy holds its two replies.
    let headers = [
        header("<b@x>", "<a@x>", "Re: Trip", 200),
        header("<c@x>", "<a@x>", "Re: Trip", 100),
        header("<d@x>", "<a@x> <b@x>", "Re: Trip", 300),
    ];
    assert_eq!(shape(&headers), vec![vec![(1, 0), (0, 0), (2, 1)]]);
}

#[test]
fn a_lost_references_header_joins_by_subject() {
    let headers = [
        header("<a@x>", "", "Budget 2027", 100),
        header("<b@x>", "", "RE: [finance] Budget 2027", 200),
        header("<c@x>", "", "Budget 2027", 300),
        header("<d@x>", "", "Budget", 400),
    ];
    // The reply goes under the first original; two originals with one subject become siblings.
    let got = shape(&headers);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], vec![(3, 0)]);
    assert_eq!(got[1], vec![(0, 0), (1, 1), (2, 0)]);
}

#[test]
fn an_empty_subject_never_merges() {
    let headers = [header("<a@x>", "", "", 1), header("<b@x>", "", "Re:", 2), header("<c@x>", "", "  ", 3)];
    assert_eq!(threads(&headers).len(), 3);
}

#[test]
fn duplicate_and_missing_ids_keep_every_message() {
    let headers = [
        header("<same@x>", "", "One", 1),
        header("<same@x>", "", "Two", 2),
        header("", "", "Three", 3),
        header("not an id", "<same@x>", "Re: One", 4),
    ];
    let got = shape(&headers);
    let mut seen: Vec<usize> = got.iter().flatten().map(|&(i, _)| i).collect();
    seen.sort_unstable();
    assert_eq!(seen, [0, 1, 2, 3]);
    // The reply attaches to the first holder of the ID.
    assert!(got.contains(&vec![(0, 0), (3, 1)]), "{got:?}");
}

#[test]
fn looping_references_do_not_hang_or_lose_messages() {
    let headers = [
        header("<a@x>", "<b@x>", "Loop", 1),
        header("<b@x>", "<a@x>", "Loop", 2),
        header("<c@x>", "<c@x>", "Self", 3),
        header("<d@x>", "<e@x> <d@x> <e@x>", "Twice", 4),
    ];
    let got = shape(&headers);
    let mut seen: Vec<usize> = got.iter().flatten().map(|&(i, _)| i).collect();
    seen.sort_unstable();
    assert_eq!(seen, [0, 1, 2, 3]);
}

#[test]
fn a_chain_deeper_than_any_stack_is_threaded() {
    let ids: Vec<String> = (0..100_000).map(|i| format!("<m{i}@x>")).collect();
    let headers: Vec<Header<'_>> = (0..ids.len())
        .map(|i| Header {
            message_id: &ids[i],
            in_reply_to: if i == 0 { "" } else { &ids[i - 1] },
            subject: "Re: deep",
            date: i as i64,
            ..Default::default()
        })
        .collect();
    let got = threads(&headers);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].members.len(), 100_000);
    assert_eq!(got[0].members[99_999], Member { index: 99_999, depth: 99_999 });
}

#[test]
fn every_message_is_in_exactly_one_conversation() {
    // A deterministic jumble: random references, repeated IDs and subjects.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let ids: Vec<String> = (0..2000).map(|_| format!("<{}@x>", next(1500))).collect();
    let refs: Vec<String> = (0..2000)
        .map(|_| (0..next(4)).map(|_| format!("<{}@x>", next(1500))).collect::<Vec<_>>().join(" "))
        .collect();
    let subjects: Vec<String> = (0..2000).map(|_| format!("Re: topic {}", next(300))).collect();
    let headers: Vec<Header<'_>> =
        (0..2000).map(|i| header(&ids[i], &refs[i], &subjects[i], next(10_000) as i64)).collect();
    let got = threads(&headers);
    let mut seen: Vec<usize> = got.iter().flat_map(|t| t.members.iter().map(|m| m.index)).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..2000).collect::<Vec<_>>());
    assert!(got.windows(2).all(|w| w[0].latest >= w[1].latest), "newest conversation first");
}
