//! Opening: the account's start (the cached folders and inbox at once, then connecting, the
//! folder list and the offline queue's replay), opening a folder (its cached list, then SELECT and
//! the resync that brings the cache up to date, mail_state/folder_sync.rs), reconnecting when the
//! network is back, and the poll for news.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::sync;
use posthorn_proto::imap::{Command, Data, MailboxName, SelectResult};

use super::{Folder, FolderSync, MailState, Row, from_ranges, online};
use crate::store::{self, Key};

impl MailState {
    /// Shows the cached folders and inbox at once, then connects, resynchronises and replays
    /// what was queued offline. A view built again for the same state (the password entered,
    /// the account shown again) keeps the folder and the message it showed: a message opened from
    /// the cache while the password was asked for stays open.
    pub fn start(&self) {
        let state = self.clone();
        spawn_local(async move {
            if state.folders.open.get_untracked().is_none() {
                store::ask_persistence();
                if let Ok(Some(folders)) = store::get_json::<Vec<Folder>>(Key::Folders(state.email())).await {
                    state.folders.all.set(folders);
                }
                state.count_queued().await;
                state.show_cached(&MailboxName::inbox()).await;
            }
            if state.accounts.password(state.email()).is_none() {
                return;
            }
            // Connecting selects the open folder and resynchronises it; then the folder list.
            state.sync_open_folder().await;
            match state.load_folders().await {
                Ok(()) => state.replay().await,
                Err(f) if f.transport => state.status.set(f.error.message),
                Err(f) => state.error.set(Some(f.error)),
            }
        });
    }

    /// The network is back: resynchronise and replay the queue.
    pub fn reconnect(&self) {
        let state = self.clone();
        spawn_local(async move {
            if state.folders.open.get_untracked().is_some() {
                state.sync_open_folder().await;
                state.replay().await;
            } else {
                state.start();
            }
        });
    }

    /// Shows a folder from the cache (nothing if it was never opened here). False when another
    /// folder was opened meanwhile: this one's state is then not to be set at all, or a slow
    /// read of the store would put this folder's rows and name over the newer one's.
    pub(super) async fn show_cached(&self, mailbox: &MailboxName) -> bool {
        self.reader.message.set(None);
        self.search.hits.set(None);
        self.search.elsewhere.set(Vec::new());
        self.search.filter.set(super::Filter::All);
        self.list.selected.set(HashSet::new());
        self.list.requested.set_value(HashSet::new());
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        let sort = self.kept_sort(mailbox.as_wire()).await;
        let conversations = self.kept_conversations(mailbox.as_wire()).await;
        let email = self.email().to_owned();
        let sync = store::get_json::<FolderSync>(Key::Folder(&email, mailbox.as_wire())).await.ok().flatten();
        let mut rows = HashMap::new();
        if let Some(sync) = &sync
            && let Ok(cached) = store::headers(&email, mailbox.as_wire(), sync.uidvalidity).await
        {
            for json in cached {
                if let Ok(row) = serde_json::from_str::<Row>(&json) {
                    rows.insert(row.uid, row);
                }
            }
        }
        if !self.still(generation) {
            return false;
        }
        self.list.server_order.set(None);
        self.list.sort.set(sort);
        self.threads.on.set(conversations);
        self.threads.open.set(None);
        self.list.uidvalidity.set_value(sync.as_ref().map(|s| s.uidvalidity));
        self.list.highest_modseq.set_value(sync.as_ref().and_then(|s| s.highest_modseq));
        self.list.uids.set(sync.map(|s| from_ranges(&s.uids)).unwrap_or_default());
        self.list.rows.set(rows);
        self.folders.open.set(Some(mailbox.clone()));
        self.refresh_related();
        self.list_shown(generation);
        true
    }

    /// Opens a folder: the cached list at once, then the server's changes.
    pub fn open_folder(&self, mailbox: MailboxName) {
        let state = self.clone();
        spawn_local(async move {
            if state.show_cached(&mailbox).await {
                state.sync_open_folder().await;
            }
        });
    }

    /// SELECTs the open folder (with QRESYNC when possible) and brings the cache up to date.
    pub(super) async fn sync_open_folder(&self) {
        let Some(folder) = self.folders.open.get_untracked() else { return };
        let generation = self.generation.get_value();
        let shown = self
            .folders
            .all
            .with_untracked(|f| f.iter().find(|f| f.mailbox == folder).map(|f| f.name.clone()));
        self.status.set((crate::i18n::t().updating)(shown.as_deref().unwrap_or(folder.as_wire())));
        // The select goes through `run`, which reconnects if needed; a reconnect selects by itself.
        let select = self.peek_session(|s| self.select_command(s, folder.clone())).await;
        let result = match select {
            Some(select) => self.run(select).await,
            // No session: connecting selects the open folder and resynchronises it.
            None => self.run(Command::Noop).await,
        };
        match result {
            Ok(Data::Selected(result)) => self.resync(*result, generation).await,
            Ok(_) => {}
            Err(f) if f.transport => {
                self.status.set(f.error.message);
                return;
            }
            Err(f) => {
                self.status.set(String::new());
                self.error.set(Some(f.error));
                return;
            }
        }
        if self.still(generation) {
            self.status.set(String::new());
            self.watch(folder);
        }
    }

    /// Brings the open folder's list and cache in line with what SELECT reported.
    pub(super) async fn resync(&self, result: SelectResult, generation: u64) {
        // Each await below may let the person open another folder: then this one's news is stale.
        let Some(folder) = self.folders.open.get_untracked().filter(|_| self.still(generation)) else {
            return;
        };
        let support = self.sync_support().await;
        if !self.still(generation) {
            return;
        }
        // What SELECT's answer means is the planner's (shared/src/imap/sync.rs); applying it and
        // the UID diff it may ask for are in mail_state/folder_sync.rs.
        let plan =
            self.list.uids.with_untracked(|uids| sync::after_select(self.cached(), uids, &result, support));
        let Some(plan) = plan else { return };
        if !self.apply_select(&folder, &plan, generation).await {
            return;
        }
        if plan.search_all
            && let Err(f) = self.full_resync(generation).await
        {
            self.error.set(Some(f.error));
            return;
        }
        if !self.still(generation) {
            return;
        }
        self.list.highest_modseq.set_value(plan.highest_modseq);
        self.save_sync();
        // The UIDs are known now (on a fresh connection this runs after the command that
        // connected, so not before the folder's own sync has finished).
        self.refresh_order().await;
        self.fetch_for_conversations();
    }

    /// Checks for new mail (NOOP): EXISTS, EXPUNGE and FETCH updates arrive with it.
    pub fn poll(&self) {
        let state = self.clone();
        spawn_local(async move {
            // A poll that fails is not worth an error banner: the next one tries again.
            if state.folders.open.get_untracked().is_some()
                && online()
                && state.accounts.password(state.email()).is_some()
                && state.session.get_value().try_lock().is_some()
            {
                let _ = state.run(Command::Noop).await;
            }
        });
    }
}
