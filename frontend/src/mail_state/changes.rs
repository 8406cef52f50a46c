//! What the person does to messages: flag, move and delete. The view changes at once; the change
//! runs on the server in the messages' folder, or waits in the offline queue
//! (mail_state/offline_queue.rs) while the network is away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Data, Flag, MailboxName, SequenceSet, SpecialUse, StoreAction};

use super::{Change, Failure, FlagName, MailState, Queued};

/// What one turn on the session did with a change ([`MailState::apply`]).
enum Turn {
    /// Done; the mod-sequence a flag change gave the messages, when the server says.
    Done(Option<u64>),
    /// The folder's UIDVALIDITY is not the change's: it was recreated.
    Recreated,
    /// The open folder is not selected yet.
    NotSelected,
}

impl MailState {
    /// Adds or removes a flag on messages; offline, the change is shown and queued.
    pub fn set_flag(&self, uids: Vec<u32>, flag: Flag, on: bool) {
        let flag = match flag {
            Flag::Seen => FlagName::Seen,
            Flag::Flagged => FlagName::Flagged,
            Flag::Answered => FlagName::Answered,
            _ => return,
        };
        if uids.is_empty() {
            return;
        }
        self.update_rows(&uids, |row| row.set(flag, on));
        self.perform(uids, Change::Flag { flag, on });
    }

    /// Moves messages to another folder (MOVE, or the COPY + STORE + EXPUNGE fallback in the engine).
    pub fn move_to(&self, uids: Vec<u32>, to: MailboxName) {
        if uids.is_empty() {
            return;
        }
        self.remove_from_view(&uids);
        self.perform(uids, Change::Move { to });
    }

    /// Deletes messages: to Trash when there is one (and this is not it), else \Deleted + expunge.
    pub fn delete(&self, uids: Vec<u32>) {
        let trash = self
            .folders
            .get_untracked()
            .into_iter()
            .find(|f| f.role == Some(SpecialUse::Trash))
            .map(|f| f.mailbox);
        match trash {
            Some(trash) if self.folder.get_untracked().as_ref() != Some(&trash) => self.move_to(uids, trash),
            _ if uids.is_empty() => {}
            _ => {
                self.remove_from_view(&uids);
                self.perform(uids, Change::Expunge);
            }
        }
    }

    /// Does a change on the server now, or queues it when the network is away.
    pub(super) fn perform(&self, uids: Vec<u32>, change: Change) {
        let (Some(folder), Some(uidvalidity)) = (self.folder.get_untracked(), self.uidvalidity.get_value())
        else {
            return;
        };
        let action = Queued {
            account: self.email().to_owned(),
            folder,
            uidvalidity,
            modseq: self.highest_modseq.get_value(),
            uids,
            change,
        };
        let state = self.clone();
        spawn_local(async move {
            if state.queued.get_untracked() > 0 {
                // Keep the order: later changes wait behind earlier queued ones.
                state.queue(action).await;
                state.replay().await;
                return;
            }
            match state.apply(&action, false).await {
                Ok(_) => state.counts_changed(action.touched()),
                Err(f) if f.transport => state.queue(action).await,
                Err(f) => {
                    state.error.set(Some(f.error));
                    // The view guessed wrong: take the server's word.
                    state.sync_open_folder().await;
                }
            }
        });
    }

    /// Runs one change on the server, in its folder. A `replayed` flag change (queued offline) is
    /// conditional: a message changed on the server since keeps the server's flags.
    /// Returns the mod-sequence a flag change gave the messages, when the server says.
    ///
    /// A change for the open folder waits (about ten seconds at most) until the session has that
    /// folder selected: its rows show from the cache before its SELECT has run, and until then
    /// the previous folder is the selected one, where the same UIDs name other messages (RFC 3501
    /// section 2.3.1.1). A change for another folder selects it in the same turn on the session.
    pub(super) async fn apply(&self, action: &Queued, replayed: bool) -> Result<Option<u64>, Failure> {
        let mut elsewhere = true;
        for _ in 0..200 {
            elsewhere = self.folder.get_untracked().as_ref() != Some(&action.folder);
            if !elsewhere && self.uidvalidity.get_value() != Some(action.uidvalidity) {
                return Ok(None);
            }
            match self.apply_in_one_turn(action, replayed, elsewhere).await? {
                Turn::Done(own) => {
                    // Our own change moves the folder's mod-sequence on: later queued changes
                    // are conditional on the state after it, not before.
                    if let Some(m) = own
                        && !elsewhere
                    {
                        self.highest_modseq.update_value(|h| *h = Some(h.map_or(m, |h| h.max(m))));
                    }
                    if elsewhere {
                        self.reselect_open().await;
                    }
                    return Ok(own);
                }
                // The folder was recreated: these UIDs mean other messages now.
                Turn::Recreated => {
                    self.reselect_open().await;
                    return Ok(None);
                }
                Turn::NotSelected => crate::net::clock::sleep(std::time::Duration::from_millis(50)).await,
            }
        }
        if elsewhere {
            self.reselect_open().await;
        }
        Ok(None)
    }

    /// The folder check, the SELECT where needed and the change, in one turn on the session, so
    /// that no other request (the open folder's SELECT, Sent and Drafts indexed on the same
    /// connection, mail_state/threads.rs) selects another mailbox in between.
    async fn apply_in_one_turn(
        &self,
        action: &Queued,
        replayed: bool,
        elsewhere: bool,
    ) -> Result<Turn, Failure> {
        let action = action.clone();
        let turn = self
            .with_session(false, async move |session| {
                // A folder examined (read-only) to be indexed is selected again to be changed.
                let selected = session
                    .client()
                    .mailbox()
                    .filter(|m| m.name == action.folder && !(elsewhere && m.read_only))
                    .map(|m| m.uidvalidity);
                let uidvalidity = match selected {
                    Some(uidvalidity) => uidvalidity,
                    None if !elsewhere => return Ok(Turn::NotSelected),
                    None => match session
                        .run(Command::Select { mailbox: action.folder.clone(), qresync: None })
                        .await?
                    {
                        Data::Selected(r) => r.mailbox.uidvalidity,
                        _ => None,
                    },
                };
                if uidvalidity != Some(action.uidvalidity) {
                    return Ok(Turn::Recreated);
                }
                let set = SequenceSet::from_ids(&action.uids);
                match &action.change {
                    Change::Flag { flag, on } => {
                        let condstore = session.client().capabilities().condstore();
                        let stored = session
                            .run(Command::Store {
                                uids: set,
                                action: if *on { StoreAction::Add } else { StoreAction::Remove },
                                flags: vec![flag.flag()],
                                unchanged_since: action.modseq.filter(|_| condstore && replayed),
                            })
                            .await?;
                        Ok(Turn::Done(match &stored {
                            Data::Stored { messages, .. } => messages.iter().filter_map(|m| m.modseq).max(),
                            _ => None,
                        }))
                    }
                    Change::Move { to } => {
                        session.run(Command::Move { uids: set, to: to.clone() }).await?;
                        Ok(Turn::Done(None))
                    }
                    Change::Expunge => {
                        crate::session::filing::delete_uids(session, &action.uids).await?;
                        Ok(Turn::Done(None))
                    }
                }
            })
            .await?;
        Ok(turn.unwrap_or(Turn::NotSelected))
    }

    pub(super) async fn reselect_open(&self) {
        if self.folder.get_untracked().is_some() {
            self.sync_open_folder().await;
        }
    }
}
