use super::*;

fn m(
    uid: u32,
    date: Option<i64>,
    sender: &'static str,
    subject: &'static str,
    size: u32,
    seen: bool,
) -> Sortable<'static> {
    Sortable { uid, date, sender, subject, size, seen }
}

fn sample() -> Vec<Sortable<'static>> {
    vec![
        m(1, Some(300), "bob", "Re: lunch", 10, true),
        m(2, Some(100), "Alice", "lunch", 5000, false),
        m(3, None, "", "", 20, false),
        m(4, Some(200), "carol", "[list] Fwd: Agenda", 300, true),
        m(5, Some(200), "alice", "agenda (fwd)", 300, false),
    ]
}

#[test]
fn by_date_newest_first_then_uid() {
    // The Date wins over the UID (delivery order); equal dates go by UID, highest first; no
    // date at all goes last.
    assert_eq!(sort_uids(SortOrder::Date, &sample()), vec![1, 5, 4, 2, 3]);
}

#[test]
fn by_sender_case_folded_empty_last() {
    assert_eq!(sort_uids(SortOrder::Sender, &sample()), vec![5, 2, 1, 4, 3]);
}

#[test]
fn by_subject_ignores_reply_and_forward_marks() {
    // "agenda (fwd)" and "[list] Fwd: Agenda" share the base subject "agenda"; "Re: lunch" and
    // "lunch" share "lunch"; within each, newest first.
    assert_eq!(sort_uids(SortOrder::Subject, &sample()), vec![5, 4, 1, 2, 3]);
}

#[test]
fn by_size_largest_first_and_unread_first() {
    assert_eq!(sort_uids(SortOrder::Size, &sample()), vec![2, 5, 4, 3, 1]);
    assert_eq!(sort_uids(SortOrder::Unread, &sample()), vec![5, 2, 3, 1, 4]);
}

#[test]
fn compare_agrees_with_sort_and_is_total() {
    let sample = sample();
    for order in SortOrder::ALL {
        let mut by_compare = sample.clone();
        by_compare.sort_by(|a, b| compare(order, a, b));
        let uids: Vec<u32> = by_compare.iter().map(|m| m.uid).collect();
        assert_eq!(uids, sort_uids(order, &sample), "{order:?}");
        for a in &sample {
            for b in &sample {
                assert_eq!(compare(order, a, b) == Ordering::Equal, a.uid == b.uid);
                assert_eq!(compare(order, a, b), compare(order, b, a).reverse());
            }
        }
    }
}

#[test]
fn names_round_trip() {
    for order in SortOrder::ALL {
        assert_eq!(SortOrder::from_name(order.name()), Some(order));
    }
    assert_eq!(SortOrder::from_name("nonsense"), None);
    assert_eq!(SortOrder::default(), SortOrder::Date);
}

#[test]
fn criteria_for_the_server_ask_the_reverse() {
    let c = |reverse, key| SortCriterion { reverse, key };
    let date = c(false, SortKey::Date);
    assert_eq!(SortOrder::Date.reverse_criteria(false, false), vec![date]);
    assert_eq!(SortOrder::Unread.reverse_criteria(true, false), vec![date]);
    assert_eq!(SortOrder::Sender.reverse_criteria(true, false), vec![c(true, SortKey::DisplayFrom), date]);
    assert_eq!(SortOrder::Sender.reverse_criteria(false, false), vec![c(true, SortKey::From), date]);
    assert_eq!(SortOrder::Subject.reverse_criteria(true, false), vec![c(true, SortKey::Subject), date]);
    assert_eq!(SortOrder::Size.reverse_criteria(true, false), vec![c(false, SortKey::Size), date]);
    // A Sent folder's list names the recipients: by them, with or without SORT=DISPLAY.
    assert_eq!(SortOrder::Sender.reverse_criteria(true, true), vec![c(true, SortKey::DisplayTo), date]);
    assert_eq!(SortOrder::Sender.reverse_criteria(false, true), vec![c(true, SortKey::To), date]);
    assert_eq!(SortOrder::Subject.reverse_criteria(true, true), vec![c(true, SortKey::Subject), date]);
}

#[test]
fn odd_subjects_and_senders_sort_without_panic() {
    // Every prefix and suffix of text with multi-byte characters beside the markers the base
    // subject steps cut at.
    let text = "[fwd:é]Ré:[ü]Fwd[:]ß (fwd)é(fwd)[fwd: x]é";
    let cuts: Vec<&str> = text.char_indices().flat_map(|(i, _)| [&text[i..], &text[..i]]).collect();
    let messages: Vec<Sortable<'_>> = cuts.iter().enumerate().map(|(i, s)| m_ref(i as u32 + 1, s)).collect();
    for order in SortOrder::ALL {
        assert_eq!(sort_uids(order, &messages).len(), messages.len());
    }
}

fn m_ref(uid: u32, text: &str) -> Sortable<'_> {
    Sortable { uid, date: None, sender: text, subject: text, size: 0, seen: false }
}

#[test]
fn sorting_a_hundred_thousand_rows_is_quick_enough() {
    // The list of a 100,000-message folder is sorted in one pass of keys; this guards against a
    // comparison that recomputes keys (or worse) creeping in. Generous for debug builds.
    let subjects: Vec<String> = (0..100_000u32).map(|i| format!("Re: subject {}", i % 977)).collect();
    let senders: Vec<String> = (0..100_000u32).map(|i| format!("Sender {}", i % 331)).collect();
    let messages: Vec<Sortable<'_>> = (0..100_000u32)
        .map(|i| Sortable {
            uid: i + 1,
            date: Some(i64::from(i.wrapping_mul(2_654_435_761) % 1_000_000)),
            sender: &senders[i as usize],
            subject: &subjects[i as usize],
            size: i % 5000,
            seen: i % 3 == 0,
        })
        .collect();
    for order in SortOrder::ALL {
        let sorted = sort_uids(order, &messages);
        assert_eq!(sorted.len(), messages.len());
        let by_uid: std::collections::HashMap<u32, &Sortable<'_>> =
            messages.iter().map(|m| (m.uid, m)).collect();
        assert!(sorted.windows(2).all(|w| compare(order, by_uid[&w[0]], by_uid[&w[1]]) == Ordering::Less));
    }
}
