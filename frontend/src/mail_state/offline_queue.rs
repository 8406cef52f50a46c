//! The offline queue: flag, move, copy and delete done while the network is away are applied to the
//! view at once and kept in the store's queue ([`crate::store::enqueue`]), one entry per action,
//! then replayed in order once the connection is back. A replayed flag change is conditional on
//! the folder's HIGHESTMODSEQ when it was done (RFC 7162 UNCHANGEDSINCE), so a change made on the
//! server meanwhile wins.

use std::collections::HashMap;

use leptos::prelude::*;
use posthorn_proto::imap::MailboxName;
use serde::{Deserialize, Serialize};

use super::{FlagName, MailState};
use crate::session::MailError;
use crate::store;

/// An action done while offline, waiting in the store's queue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Queued {
    pub(super) account: String,
    pub(super) folder: MailboxName,
    pub(super) uidvalidity: u32,
    /// The folder's HIGHESTMODSEQ when the action was done: a flag change is only applied if the
    /// message did not change on the server since (UNCHANGEDSINCE), so the server's change wins.
    pub(super) modseq: Option<u64>,
    pub(super) uids: Vec<u32>,
    pub(super) change: Change,
}

impl Queued {
    /// The folders whose unread counts the change can move.
    pub(super) fn touched(&self) -> Vec<MailboxName> {
        match &self.change {
            Change::Move { to } => vec![self.folder.clone(), to.clone()],
            Change::Copy { to } => vec![to.clone()],
            Change::Flag { .. } | Change::Expunge => vec![self.folder.clone()],
        }
    }
}

/// What a queued action does to its messages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) enum Change {
    Flag { flag: FlagName, on: bool },
    Move { to: MailboxName },
    Copy { to: MailboxName },
    Expunge,
}

impl MailState {
    pub(super) async fn queue(&self, action: Queued) {
        match store::enqueue(&action).await {
            Ok(()) => {
                self.count_queued().await;
                self.status.set((crate::i18n::t().offline_queued)(self.queue.waiting.get_untracked()));
            }
            Err(e) => {
                self.error.set(Some(MailError::new((crate::i18n::t().change_not_queued)(&e.to_string()))))
            }
        }
    }

    pub(super) async fn count_queued(&self) {
        let email = self.email().to_owned();
        let n = store::queued::<Queued>()
            .await
            .map(|q| q.iter().filter(|(_, a)| a.account == email).count())
            .unwrap_or(0);
        self.queue.waiting.set(n);
    }

    /// Replays the queued offline changes of this account, oldest first. A change the server
    /// refuses is dropped (the server's state wins); a transport failure stops the replay.
    pub(super) async fn replay(&self) {
        let Ok(queue) = store::queued::<Queued>().await else { return };
        let email = self.email().to_owned();
        let ours: Vec<(f64, Queued)> = queue.into_iter().filter(|(_, a)| a.account == email).collect();
        if ours.is_empty() {
            return;
        }
        self.status.set((crate::i18n::t().sending_queued)(ours.len()));
        // Our own replayed changes to a message are not conflicts for the ones queued after them
        // on the same message; anyone else's change since is.
        let mut own: HashMap<(MailboxName, u32), u64> = HashMap::new();
        for (key, mut action) in ours {
            let mine = action.uids.iter().filter_map(|u| own.get(&(action.folder.clone(), *u))).max();
            if let (Some(m), Some(o)) = (action.modseq, mine) {
                action.modseq = Some(m.max(*o));
            }
            match self.apply(&action, true).await {
                Err(f) if f.transport => {
                    self.status.set(f.error.message);
                    return;
                }
                Err(f) => self.error.set(Some(f.error)),
                Ok(Some(m)) => {
                    for uid in &action.uids {
                        own.insert((action.folder.clone(), *uid), m);
                    }
                }
                Ok(None) => {}
            }
            let _ = store::dequeue(key).await;
            self.count_queued().await;
        }
        self.status.set(String::new());
        self.sync_open_folder().await;
        self.refresh_counts(None).await;
    }
}
