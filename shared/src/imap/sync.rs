//! The folder-sync planner: what to ask the server to bring a folder's cache up to date, and how
//! to apply what it answers. Pure, like the clients: the app (frontend/src/mail_state.rs) keeps
//! the cache and runs the commands; the decisions are here, where they are tested natively and in
//! wasm (shared/tests/folder_sync.rs).
//!
//! The paths, by what the cache and the session offer:
//! - QRESYNC enabled and a cache with a HIGHESTMODSEQ: one SELECT (QRESYNC ...) brings what
//!   changed and what vanished (RFC 7162 section 3.2.5). If the result leaves a different number
//!   of messages than EXISTS (Cyrus's `*` misses the highest expunged UID,
//!   shared/tests/quirks_cyrus.rs) or a VANISHED could not be read (iCloud,
//!   shared/tests/quirks_icloud.rs), the UIDs are diffed with UID SEARCH ALL after all.
//! - Otherwise, UID SEARCH ALL gives the UID list, and a FLAGS fetch of the cached messages their
//!   flags: with CONDSTORE only those changed since the cache's HIGHESTMODSEQ (RFC 7162 section
//!   3.1.4).
//! - A changed UIDVALIDITY voids every cached UID (RFC 3501 section 2.3.1.1).

mod resync;
mod updates;

pub use resync::{Listed, Resync, after_search, after_select, flags_fetch, search_all, select};
pub use updates::{News, apply_updates};

use super::Capabilities;

/// To what point the app's cache of one folder is current (its UIDs are passed beside it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cached {
    /// The UIDVALIDITY the cached UIDs belong to.
    pub uidvalidity: u32,
    /// The HIGHESTMODSEQ the cache is current to, where the server has mod-sequences.
    pub highest_modseq: Option<u64>,
}

/// What the session offers for resynchronising a folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Support {
    /// QRESYNC is enabled in the session (RFC 7162 section 3.2.3, with ENABLE, RFC 5161).
    pub qresync: bool,
    /// CONDSTORE is announced (RFC 7162 section 3.1): flags can be asked for CHANGEDSINCE.
    pub condstore: bool,
}

impl Support {
    /// What a session offers, from its capabilities and what ENABLE enabled.
    pub fn of<'a>(capabilities: &Capabilities, mut enabled: impl Iterator<Item = &'a str>) -> Self {
        Self {
            qresync: enabled.any(|c| c.eq_ignore_ascii_case("QRESYNC")),
            condstore: capabilities.condstore(),
        }
    }
}
