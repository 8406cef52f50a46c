//! Opening a folder: the SELECT to send, what its answer changes in the cache, and the full
//! resynchronisation when that answer is not enough.

use super::{Cached, Support};
use crate::imap::{Command, FetchItems, Flag, MailboxName, Qresync, SearchKey, SelectResult, SequenceSet};

/// The SELECT for `mailbox`: with QRESYNC parameters (RFC 7162 section 3.2.5) when the session
/// has QRESYNC enabled and the cache knows the folder's UIDVALIDITY and HIGHESTMODSEQ.
pub fn select(mailbox: MailboxName, cached: Option<Cached>, support: Support) -> Command {
    let qresync = cached.filter(|_| support.qresync).and_then(|cached| {
        Some(Qresync { uidvalidity: cached.uidvalidity, modseq: cached.highest_modseq?, known_uids: None })
    });
    Command::Select { mailbox, qresync }
}

/// What a SELECT's answer means for the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resync {
    /// The folder's UIDVALIDITY now.
    pub uidvalidity: u32,
    /// The cache belonged to another UIDVALIDITY: every cached UID, row and body is void and is
    /// dropped before anything else (RFC 3501 section 2.3.1.1).
    pub cache_void: bool,
    /// The folder's UIDs, ascending, as far as the answer tells.
    pub uids: Vec<u32>,
    /// Cached UIDs that are gone (VANISHED (EARLIER), RFC 7162 section 3.2.10).
    pub vanished: Vec<u32>,
    /// New flags of messages the answer reported as changed.
    pub flags: Vec<(u32, Vec<Flag>)>,
    /// The UID list may still be wrong: diff it with UID SEARCH ALL ([`search_all`]) before
    /// the cache is current.
    pub search_all: bool,
    /// The HIGHESTMODSEQ to record once the cache is current.
    pub highest_modseq: Option<u64>,
}

/// Plans the cache's update from the answer to [`select`], for a cache current to `cached` that
/// holds `uids` (ascending). None when the server gave no UIDVALIDITY: then no UID can be trusted
/// beyond this session, and nothing is cached.
pub fn after_select(
    cached: Option<Cached>,
    uids: &[u32],
    result: &SelectResult,
    support: Support,
) -> Option<Resync> {
    let mailbox = &result.mailbox;
    let uidvalidity = mailbox.uidvalidity?;
    let cache_void = cached.is_some_and(|c| c.uidvalidity != uidvalidity);
    let cached = cached.filter(|_| !cache_void);
    let mut plan = Resync {
        uidvalidity,
        cache_void,
        uids: if cache_void { Vec::new() } else { uids.to_vec() },
        vanished: Vec::new(),
        flags: Vec::new(),
        search_all: true,
        highest_modseq: mailbox.highestmodseq,
    };
    // The answer has the changes only if SELECT carried the QRESYNC parameters.
    let Some(_) = cached.filter(|c| support.qresync && c.highest_modseq.is_some()) else { return Some(plan) };
    // `*` in a VANISHED stands for the largest UID in use (RFC 3501 section 9).
    let largest = mailbox.uidnext.unwrap_or(u32::MAX).saturating_sub(1);
    let (gone, kept): (Vec<u32>, Vec<u32>) =
        plan.uids.iter().partition(|&&uid| result.vanished.iter().any(|set| set.contains(uid, largest)));
    plan.vanished = gone;
    plan.uids = kept;
    for message in &result.changed {
        let Some(uid) = message.uid else { continue };
        if let Err(i) = plan.uids.binary_search(&uid) {
            plan.uids.insert(i, uid);
        }
        if let Some(flags) = &message.flags {
            plan.flags.push((uid, flags.clone()));
        }
    }
    // EXISTS disagreeing with "cached minus vanished plus changed" shows a short report (Cyrus);
    // an unreadable VANISHED (iCloud) may have lost expunges.
    plan.search_all = plan.uids.len() != mailbox.exists as usize || result.vanished_unreadable;
    Some(plan)
}

/// UID SEARCH ALL: every UID in the folder.
pub fn search_all() -> Command {
    Command::Search { criteria: vec![SearchKey::All] }
}

/// The cache after UID SEARCH ALL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The folder's UIDs, ascending.
    pub uids: Vec<u32>,
    /// Cached UIDs the server no longer has.
    pub gone: Vec<u32>,
}

/// Diffs the cached UIDs with the server's answer to [`search_all`] (the UID diff that stands in
/// for a VANISHED report that is missing, short or unreadable).
pub fn after_search(cached: impl IntoIterator<Item = u32>, mut found: Vec<u32>) -> Listed {
    found.sort_unstable();
    found.dedup();
    let gone = cached.into_iter().filter(|uid| found.binary_search(uid).is_err()).collect();
    Listed { uids: found, gone }
}

/// The FLAGS fetch that brings the cached messages' flags up to date after [`search_all`]: with
/// CONDSTORE only the flags that changed since the cache's HIGHESTMODSEQ (RFC 7162 section
/// 3.1.4). None when nothing is cached.
pub fn flags_fetch(cached: &[u32], support: Support, highest_modseq: Option<u64>) -> Option<Command> {
    if cached.is_empty() {
        return None;
    }
    let mut sorted = cached.to_vec();
    sorted.sort_unstable();
    Some(Command::Fetch {
        set: SequenceSet::from_ids(&sorted),
        uid: true,
        items: FetchItems { uid: true, flags: true, ..FetchItems::default() },
        changed_since: highest_modseq.filter(|_| support.condstore),
        vanished: false,
    })
}
