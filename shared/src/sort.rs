//! The order of a message list: by date (newest first), sender, subject, size or unread first,
//! ties broken by UID, newest first.
//!
//! The same orders are asked of an IMAP server with UID SORT (RFC 5256) when it offers SORT and
//! the list's headers are not all known here; [`SortOrder::reverse_criteria`] names the SORT criteria
//! that match the comparison below. The date is the Date header (the ENVELOPE date), and the
//! INTERNALDATE only where Date is missing or unreadable, as RFC 5256 section 2.2 defines the
//! DATE sort key. The subject is compared by its base subject (RFC 5256 section 2.1, the one
//! [`crate::thread`] threads by), so a reply or forward sits beside its original.

use std::cmp::Ordering;

use crate::imap::{SortCriterion, SortKey};
use crate::thread::base_subject;

/// How the message list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// By date, newest first.
    #[default]
    Date,
    /// By the sender's display name (A to Z), then newest first.
    Sender,
    /// By base subject (A to Z), then newest first.
    Subject,
    /// Largest first, then newest first.
    Size,
    /// Unread messages before read ones, each newest first.
    Unread,
}

impl SortOrder {
    /// Every order, as the list's control offers them.
    pub const ALL: [SortOrder; 5] =
        [SortOrder::Date, SortOrder::Sender, SortOrder::Subject, SortOrder::Size, SortOrder::Unread];

    /// A stable name, for storage and for the control's values.
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Date => "date",
            SortOrder::Sender => "sender",
            SortOrder::Subject => "subject",
            SortOrder::Size => "size",
            SortOrder::Unread => "unread",
        }
    }

    /// The order with this [`name`](SortOrder::name).
    pub fn from_name(name: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|o| o.name() == name)
    }

    /// The UID SORT criteria for the exact reverse of this order (RFC 5256 section 3): the list
    /// reads the server's answer backwards. RFC 5256 breaks ties by ascending sequence number,
    /// which no criterion can reverse; asked backwards and read backwards, ties come highest UID
    /// first, as the local comparison has them. `display` says whether the
    /// server offers SORT=DISPLAY (RFC 5957): DISPLAYFROM sorts by the name people see, plain
    /// FROM by the address's local part; `recipients` sorts [`SortOrder::Sender`] by the first
    /// recipient instead (DISPLAYTO or TO), as a Sent folder's list names them in the sender's
    /// place. Every order ends with DATE (read backwards: newest
    /// first), as the local comparison's tie-break does. [`SortOrder::Unread`] has no sort key in
    /// RFC 5256: it is two sorts, one over UNSEEN and one over SEEN messages, each by date.
    pub fn reverse_criteria(self, display: bool, recipients: bool) -> Vec<SortCriterion> {
        let date = SortCriterion { reverse: false, key: SortKey::Date };
        let first = match self {
            SortOrder::Date | SortOrder::Unread => return vec![date],
            SortOrder::Sender => {
                let key = match (recipients, display) {
                    (false, true) => SortKey::DisplayFrom,
                    (false, false) => SortKey::From,
                    (true, true) => SortKey::DisplayTo,
                    (true, false) => SortKey::To,
                };
                SortCriterion { reverse: true, key }
            }
            SortOrder::Subject => SortCriterion { reverse: true, key: SortKey::Subject },
            SortOrder::Size => SortCriterion { reverse: false, key: SortKey::Size },
        };
        vec![first, date]
    }
}

/// What the comparison reads of one message.
#[derive(Debug, Clone, Copy)]
pub struct Sortable<'a> {
    /// The UID.
    pub uid: u32,
    /// The Date header as a Unix time, or INTERNALDATE where Date is missing or unreadable.
    pub date: Option<i64>,
    /// The sender as displayed (name, else address), or in a Sent folder the recipients; empty
    /// when there is none.
    pub sender: &'a str,
    /// The subject as decoded.
    pub subject: &'a str,
    /// RFC822.SIZE.
    pub size: u32,
    /// Whether it has \Seen.
    pub seen: bool,
}

/// The part of a message one order compares first, computed once per message so that sorting
/// 100,000 rows compares ready values rather than folding case at every comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Primary {
    None,
    /// Text compared A to Z, an empty one last (a message without sender or subject says so
    /// in the list and belongs after the named ones).
    Text(Option<String>),
    /// A size, largest first.
    Size(u32),
    /// Read or not, unread first.
    Seen(bool),
}

impl Primary {
    fn of(order: SortOrder, m: &Sortable<'_>) -> Primary {
        let text = |s: String| Primary::Text((!s.is_empty()).then_some(s));
        match order {
            SortOrder::Date => Primary::None,
            SortOrder::Sender => text(m.sender.trim().to_lowercase()),
            SortOrder::Subject => text(base_subject(m.subject).text),
            SortOrder::Size => Primary::Size(m.size),
            SortOrder::Unread => Primary::Seen(m.seen),
        }
    }

    fn cmp(&self, other: &Primary) -> Ordering {
        match (self, other) {
            (Primary::Text(a), Primary::Text(b)) => match (a, b) {
                (Some(a), Some(b)) => a.cmp(b),
                (a, b) => b.is_some().cmp(&a.is_some()),
            },
            (Primary::Size(a), Primary::Size(b)) => b.cmp(a),
            (Primary::Seen(a), Primary::Seen(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// Newest first; a message without any date after the dated ones.
fn newest_first(a: Option<i64>, b: Option<i64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(&a),
        (a, b) => b.is_none().cmp(&a.is_none()).reverse(),
    }
}

/// How `a` and `b` compare in `order`: the order's key, then the date (newest first), then the
/// UID (highest, i.e. latest delivered, first). Never `Equal` for two different UIDs.
pub fn compare(order: SortOrder, a: &Sortable<'_>, b: &Sortable<'_>) -> Ordering {
    Primary::of(order, a)
        .cmp(&Primary::of(order, b))
        .then_with(|| newest_first(a.date, b.date))
        .then_with(|| b.uid.cmp(&a.uid))
}

/// The UIDs of `messages` in `order`, first to show first. Each message's key is computed once
/// (O(n) case folding), then sorted (O(n log n) comparisons of ready keys).
pub fn sort_uids(order: SortOrder, messages: &[Sortable<'_>]) -> Vec<u32> {
    let mut keyed: Vec<(Primary, Option<i64>, u32)> =
        messages.iter().map(|m| (Primary::of(order, m), m.date, m.uid)).collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| newest_first(a.1, b.1)).then_with(|| b.2.cmp(&a.2))
    });
    keyed.into_iter().map(|(_, _, uid)| uid).collect()
}

#[cfg(test)]
mod tests;
