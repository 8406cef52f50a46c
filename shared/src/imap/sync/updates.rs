//! News the server sends about the selected folder while a session runs (RFC 3501 section
//! 7.4.1, RFC 7162 section 3.2.10), applied to the folder's UID list in the order it came.

use crate::imap::{Flag, MailboxUpdate};

/// What a batch of untagged news changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct News {
    /// UIDs expunged (EXPUNGE or VANISHED): their rows and bodies go.
    pub removed: Vec<u32>,
    /// New flags by UID.
    pub flags: Vec<(u32, Vec<Flag>)>,
    /// The highest mod-sequence reported: the cache is current to it, as the server reports
    /// changes as they happen (RFC 7162 section 3.1.2).
    pub highest_modseq: Option<u64>,
    /// EXISTS says the folder has more messages than the list: fetch the new ones.
    pub arrived: bool,
    /// A VANISHED could not be read (shared/tests/quirks_icloud.rs): some UIDs went away, which
    /// ones is unknown; diff the UIDs with UID SEARCH ALL.
    pub search_all: bool,
}

/// Applies `updates` to `uids` (the folder's UIDs, ascending, every one of them, so that sequence
/// numbers are exact indexes) and says what else changed.
pub fn apply_updates(uids: &mut Vec<u32>, updates: impl IntoIterator<Item = MailboxUpdate>) -> News {
    let mut news = News::default();
    let mut exists = None;
    for update in updates {
        match update {
            MailboxUpdate::Exists(n) => exists = Some(n),
            MailboxUpdate::Expunged { seq, .. } => {
                // Sequence numbers shift down after each expunge (RFC 3501 section 7.4.1): the
                // list is changed in order.
                if let Some(i) = seq.checked_sub(1).map(|i| i as usize)
                    && i < uids.len()
                {
                    news.removed.push(uids.remove(i));
                }
            }
            MailboxUpdate::Vanished { uids: set, .. } => {
                // `*` is the largest UID in use (RFC 3501 section 9); only known UIDs can go,
                // so a hostile `1:4294967295` costs one look per known UID, not four billion.
                let largest = uids.last().copied().unwrap_or(0);
                uids.retain(|&uid| {
                    let gone = set.contains(uid, largest);
                    if gone {
                        news.removed.push(uid);
                    }
                    !gone
                });
            }
            MailboxUpdate::VanishedUnreadable => news.search_all = true,
            MailboxUpdate::FlagsChanged { seq, uid, flags, modseq } => {
                if let Some(m) = modseq {
                    news.highest_modseq = Some(news.highest_modseq.map_or(m, |h| h.max(m)));
                }
                let uid = uid.or_else(|| uids.get(seq.saturating_sub(1) as usize).copied());
                if let Some(uid) = uid {
                    news.flags.push((uid, flags));
                }
            }
        }
    }
    news.arrived = exists.is_some_and(|n| n as usize > uids.len());
    news
}
