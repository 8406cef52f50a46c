//! The open folder's sync carried out: the engine's planner (shared/src/imap/sync.rs) decides what
//! to ask and what each answer means for the cache; this file asks, and applies the result to the
//! list, the rows and the store.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::sync::{self, Cached, Resync, Support};
use posthorn_proto::imap::{Data, MailboxName, MailboxUpdate};
use serde::{Deserialize, Serialize};

use super::{Failure, MailState};
use crate::store::{self, Key};

/// What a folder's cache is current to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct FolderSync {
    pub(super) uidvalidity: u32,
    pub(super) highest_modseq: Option<u64>,
    /// The folder's UIDs in server order, as ranges.
    pub(super) uids: Vec<(u32, u32)>,
}

pub(super) fn to_ranges(uids: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &u in uids {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == u => *end = u,
            _ => out.push((u, u)),
        }
    }
    out
}

pub(super) fn from_ranges(ranges: &[(u32, u32)]) -> Vec<u32> {
    ranges.iter().flat_map(|&(a, b)| a..=b).collect()
}

impl MailState {
    /// Writes what the open folder's cache is current to.
    pub(super) fn save_sync(&self) {
        let (Some(folder), Some(uidvalidity)) =
            (self.folders.open.get_untracked(), self.list.uidvalidity.get_value())
        else {
            return;
        };
        let sync = FolderSync {
            uidvalidity,
            highest_modseq: self.list.highest_modseq.get_value(),
            uids: self.list.uids.with_untracked(|u| to_ranges(u)),
        };
        let email = self.email().to_owned();
        spawn_local(async move {
            let _ = store::put_json(Key::Folder(&email, folder.as_wire()), &sync).await;
        });
    }

    /// What the open folder's cache is current to, if it has one.
    pub(super) fn cached(&self) -> Option<Cached> {
        Some(Cached {
            uidvalidity: self.list.uidvalidity.get_value()?,
            highest_modseq: self.list.highest_modseq.get_value(),
        })
    }

    /// What the main session offers for resynchronising (nothing without a session).
    pub(super) async fn sync_support(&self) -> Support {
        self.peek_session(|s| Support::of(s.client().capabilities(), s.client().enabled()))
            .await
            .unwrap_or_default()
    }

    /// Applies untagged news that came with a command: new mail, expunges, flag changes.
    pub(super) fn apply_updates(&self, updates: Vec<MailboxUpdate>) {
        let mut news = sync::News::default();
        self.list.uids.update_untracked(|uids| news = sync::apply_updates(uids, updates));
        if !news.removed.is_empty() {
            self.list.uids.notify();
        }
        // The server reports changes as they happen, so the cache is current to the highest
        // mod-sequence seen (RFC 7162 section 3.1.2).
        if let Some(m) = news.highest_modseq {
            self.list.highest_modseq.update_value(|h| *h = Some(h.map_or(m, |h| h.max(m))));
        }
        for (uid, flags) in &news.flags {
            self.update_rows(&[*uid], |row| row.set_flags(flags));
        }
        if !news.removed.is_empty() {
            self.forget_messages(&news.removed);
        }
        if news.search_all || news.arrived {
            let state = self.clone();
            let generation = self.generation.get_value();
            spawn_local(async move {
                // Expunges went unreported (an unreadable VANISHED): the UID diff finds them.
                if news.search_all && state.report(state.full_resync(generation).await).is_some() {
                    state.save_sync();
                }
                if news.arrived {
                    state.fetch_new().await;
                }
            });
        }
    }

    /// Applies what SELECT said (the planner's [`Resync`]) to the list, the rows and the store.
    /// False when another folder was opened meanwhile.
    pub(super) async fn apply_select(&self, folder: &MailboxName, plan: &Resync, generation: u64) -> bool {
        if plan.cache_void {
            // RFC 3501 section 2.3.1.1: every cached UID of this folder is void.
            let _ = store::drop_folder(self.email(), folder.as_wire()).await;
            if !self.still(generation) {
                return false;
            }
            self.list.uids.set(Vec::new());
            self.list.rows.set(HashMap::new());
            self.list.requested.set_value(HashSet::new());
            self.reader.message.set(None);
            self.list.selected.set(HashSet::new());
        }
        self.list.uidvalidity.set_value(Some(plan.uidvalidity));
        let mut changed_rows = Vec::new();
        if !plan.flags.is_empty() {
            self.list.rows.update(|rows| {
                for (uid, flags) in &plan.flags {
                    if let Some(row) = rows.get_mut(uid) {
                        row.set_flags(flags);
                        changed_rows.push(row.clone());
                    }
                }
            });
        }
        if self.list.uids.with_untracked(|uids| *uids != plan.uids) {
            self.list.uids.set(plan.uids.clone());
        }
        if !plan.vanished.is_empty() {
            self.forget_messages(&plan.vanished);
        }
        self.persist_rows(changed_rows);
        true
    }

    /// Without QRESYNC, or when its report was not enough: the UID list from UID SEARCH ALL, and
    /// the cached messages' flags from a FLAGS fetch (only what changed, with CONDSTORE).
    pub(super) async fn full_resync(&self, generation: u64) -> Result<(), Failure> {
        let Data::Searched(found) = self.run(sync::search_all()).await? else {
            return Ok(());
        };
        if !self.still(generation) {
            return Ok(());
        }
        let listed =
            self.list.rows.with_untracked(|rows| sync::after_search(rows.keys().copied(), found.uids));
        self.list.uids.set(listed.uids);
        self.forget_messages(&listed.gone);
        let cached: Vec<u32> = self.list.rows.with_untracked(|r| r.keys().copied().collect());
        if cached.is_empty() {
            return Ok(());
        }
        let support = self.sync_support().await;
        let Some(fetch) = sync::flags_fetch(&cached, support, self.list.highest_modseq.get_value()) else {
            return Ok(());
        };
        let data = self.run(fetch).await?;
        if !self.still(generation) {
            return Ok(());
        }
        if let Data::Fetched(messages) = data {
            let mut changed = Vec::new();
            self.list.rows.update(|rows| {
                for m in &messages {
                    if let (Some(uid), Some(flags)) = (m.uid, &m.flags)
                        && let Some(row) = rows.get_mut(&uid)
                    {
                        let before = row.clone();
                        row.set_flags(flags);
                        if *row != before {
                            changed.push(row.clone());
                        }
                    }
                }
            });
            self.persist_rows(changed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn uid_lists_are_kept_as_ranges() {
        let uids = vec![1, 2, 3, 7, 9, 10];
        assert_eq!(to_ranges(&uids), vec![(1, 3), (7, 7), (9, 10)]);
        assert_eq!(from_ranges(&to_ranges(&uids)), uids);
        assert!(to_ranges(&[]).is_empty());
    }
}
