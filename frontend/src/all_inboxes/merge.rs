//! The order of "All inboxes": every account's INBOX rows in one list, ordered by the same
//! comparison as one folder's list ([`posthorn_proto::sort`], used by
//! `frontend/src/mail_state/order.rs`).
//!
//! The rows of several accounts are sorted in one go by [`sort_uids`], which computes each
//! message's key once: UIDs are only unique within one mailbox (RFC 3501 section 2.3.1.1), so
//! each message is given a stand-in number for the sort, in the order of (UID, account). The
//! comparison's last tie-break (highest first) thus still puts a later delivered message of one
//! account first, as that account's own list does.

use std::collections::HashMap;

use posthorn_proto::sort::{SortOrder, Sortable, sort_uids};

use crate::mail_state::Row;

/// One entry of the unified list: the account (its index among the unified accounts) and the
/// message's UID in that account's INBOX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The account's index.
    pub account: usize,
    /// The UID in that account's INBOX.
    pub uid: u32,
}

/// The unified list of `inboxes` (each account's UIDs and loaded rows, by account index) in
/// `sort`: every message with a loaded row in order, then those whose rows are still loading,
/// account by account, highest UID first.
pub fn merge(sort: SortOrder, inboxes: &[(&[u32], &HashMap<u32, Row>)]) -> Vec<Entry> {
    let mut known: Vec<(Entry, &Row)> = Vec::new();
    let mut loading: Vec<Entry> = Vec::new();
    for (account, (uids, rows)) in inboxes.iter().enumerate() {
        for &uid in uids.iter().rev() {
            match rows.get(&uid) {
                Some(row) => known.push((Entry { account, uid }, row)),
                None => loading.push(Entry { account, uid }),
            }
        }
    }
    known.sort_unstable_by_key(|(e, _)| (e.uid, e.account));
    let sortable: Vec<Sortable<'_>> = known
        .iter()
        .enumerate()
        .map(|(stand_in, (_, r))| Sortable {
            uid: stand_in as u32,
            date: r.timestamp,
            sender: &r.from,
            subject: &r.subject,
            size: r.size,
            seen: r.seen,
        })
        .collect();
    let mut out: Vec<Entry> =
        sort_uids(sort, &sortable).into_iter().map(|stand_in| known[stand_in as usize].0).collect();
    out.extend(loading);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn row(uid: u32, timestamp: i64, from: &str, seen: bool) -> Row {
        // From the stored form, as the cache holds rows: fields added later take their defaults.
        serde_json::from_value(serde_json::json!({
            "uid": uid,
            "from": from,
            "subject": format!("s{uid}"),
            "date": "",
            "timestamp": timestamp,
            "size": uid,
            "seen": seen,
            "flagged": false,
            "answered": false,
            "attachment": false,
        }))
        .expect("a row")
    }

    fn rows(list: &[Row]) -> HashMap<u32, Row> {
        list.iter().map(|r| (r.uid, r.clone())).collect()
    }

    fn shape(entries: &[Entry]) -> Vec<(usize, u32)> {
        entries.iter().map(|e| (e.account, e.uid)).collect()
    }

    #[wasm_bindgen_test]
    fn two_inboxes_interleave_by_date_newest_first() {
        // Account 0's UIDs 1 and 2, account 1's UIDs 1 and 2: the same UIDs, other messages.
        let a = rows(&[row(1, 100, "x", true), row(2, 300, "y", true)]);
        let b = rows(&[row(1, 200, "z", true), row(2, 400, "w", false)]);
        let merged = merge(SortOrder::Date, &[(&[1, 2], &a), (&[1, 2], &b)]);
        assert_eq!(shape(&merged), [(1, 2), (0, 2), (1, 1), (0, 1)]);
        // By sender A to Z, and unread first (then newest first).
        assert_eq!(
            shape(&merge(SortOrder::Sender, &[(&[1, 2], &a), (&[1, 2], &b)])),
            [(1, 2), (0, 1), (0, 2), (1, 1)]
        );
        assert_eq!(shape(&merge(SortOrder::Unread, &[(&[1, 2], &a), (&[1, 2], &b)]))[0], (1, 2));
    }

    #[wasm_bindgen_test]
    fn ties_follow_each_accounts_own_order_and_loading_rows_come_last() {
        // One Date for everything: within an account the higher UID (delivered later) first.
        let a = rows(&[row(1, 100, "x", true), row(5, 100, "x", true)]);
        let b = rows(&[row(3, 100, "x", true)]);
        let merged = merge(SortOrder::Date, &[(&[1, 5, 7], &a), (&[3, 4], &b)]);
        assert_eq!(shape(&merged), [(0, 5), (1, 3), (0, 1), (0, 7), (1, 4)]);
        // Within one account the unified order is that account's own order.
        let own: Vec<u32> = merged.iter().filter(|e| e.account == 0).map(|e| e.uid).collect();
        assert_eq!(own, [5, 1, 7]);
    }
}
