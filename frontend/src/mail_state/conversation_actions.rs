//! What the conversation reader does to its messages: flag, move and delete one message or the
//! whole conversation, whichever folder each message lives in (moving a whole conversation takes
//! only the open folder's messages, see [`MailState::act_on_conversation`]). A message of the
//! open folder goes through the open folder's own actions; one in Sent or Drafts through
//! [`MailState::run_in_folder`], or the offline queue when the network is away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Flag, MailboxName, SequenceSet, SpecialUse, StoreAction};

use super::conversations::Shown;
use super::{Change, MailState, Queued, Row};
use crate::session::MailError;
use crate::store;

/// An action on a message of the open conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberAction {
    /// Adds (true) or removes \Flagged.
    Flag(bool),
    /// Moves it to this folder.
    Move(MailboxName),
    /// Moves it to Trash, or deletes it for good in Trash or where there is none.
    Delete,
}

impl MailState {
    /// With conversations on, asks the server's threads for the open folder where they help, then
    /// loads the rows that are not cached yet in the background (in batches, see `order.rs`), so
    /// that every message can join its conversation.
    pub(super) fn fetch_for_conversations(&self) {
        if !self.threads.on.get_untracked() {
            return;
        }
        let state = self.clone();
        let generation = self.generation.get_value();
        spawn_local(async move {
            // The server's threads first: they group the folder while its rows load
            // (conversations/server_threads.rs).
            state.ask_server_threads().await;
            if !state.still(generation) {
                return;
            }
            let missing: Vec<u32> = state.list.uids.with_untracked(|uids| {
                state
                    .list
                    .rows
                    .with_untracked(|r| uids.iter().copied().filter(|u| !r.contains_key(u)).collect())
            });
            if !missing.is_empty() {
                state.fetch_missing(missing);
            }
        });
    }

    /// Turns conversations on or off from the list's switch.
    pub fn choose_conversations(&self, on: bool) {
        self.set_conversations(on);
        self.fetch_for_conversations();
    }

    /// Does `action` to every message of the open conversation.
    pub fn act_on_conversation(&self, action: MemberAction) {
        let shown = self.threads.open.get_untracked().unwrap_or_default();
        // The open folder's messages in one command, the others one folder at a time.
        let here: Vec<u32> =
            shown.iter().filter(|s| s.folder.is_none()).map(|s| s.row.with_untracked(|r| r.uid)).collect();
        match &action {
            MemberAction::Flag(on) => {
                self.set_flag(here, Flag::Flagged, *on);
                for s in shown.iter().filter(|s| s.folder.is_none()) {
                    s.row.update(|r| r.flagged = *on);
                }
            }
            MemberAction::Move(to) => self.move_to(here, to.clone()),
            MemberAction::Delete => self.delete(here),
        }
        // Moving files the conversation: only the open folder's messages go. One's own replies
        // stay in Sent and unfinished drafts in Drafts, where they are looked for; they still
        // join the conversation in the folder it went to, as conversations thread every folder
        // with Sent and Drafts (threads.rs). Flag and delete act on every message, wherever it
        // lives.
        let elsewhere = !matches!(action, MemberAction::Move(_));
        for s in shown.iter().filter(|s| elsewhere && s.folder.is_some()) {
            self.act_elsewhere(s, action.clone());
        }
        if action != MemberAction::Flag(true) && action != MemberAction::Flag(false) {
            self.threads.open.set(None);
        }
    }

    /// Whether the list's Archive (its button and `e`) files the open conversation: one is open
    /// and no message is ticked.
    pub fn conversation_targeted(&self) -> bool {
        self.threads.on.get_untracked()
            && self.threads.open.with_untracked(Option::is_some)
            && self.list.selected.with_untracked(|s| s.is_empty())
    }

    /// Files the open conversation in Archive as "Move all to…" Archive does (the open folder's
    /// messages go, one's own replies stay in Sent), the Archive folder made first where the
    /// account has none.
    pub fn archive_conversation(&self) {
        self.file_in_role(SpecialUse::Archive, |state, to| state.act_on_conversation(MemberAction::Move(to)));
    }

    /// Reports the open conversation as junk the same way ([`MailState::junk`]), or as not junk
    /// in the Junk folder (its messages there go to INBOX).
    pub fn junk_conversation(&self) {
        if self.in_role(SpecialUse::Junk) {
            self.act_on_conversation(MemberAction::Move(MailboxName::inbox()));
        } else {
            self.file_in_role(SpecialUse::Junk, |state, to| {
                state.act_on_conversation(MemberAction::Move(to))
            });
        }
    }

    /// Does `action` to one message of the open conversation.
    pub fn act_on_member(&self, shown: &Shown, action: MemberAction) {
        let uid = shown.row.with_untracked(|r| r.uid);
        if shown.folder.is_some() {
            self.act_elsewhere(shown, action);
            return;
        }
        match action {
            MemberAction::Flag(on) => {
                self.set_flag(vec![uid], Flag::Flagged, on);
                shown.row.update(|r| r.flagged = on);
                return;
            }
            MemberAction::Move(to) => {
                self.keep_conversation_open(uid);
                self.move_to(vec![uid], to);
            }
            MemberAction::Delete => {
                self.keep_conversation_open(uid);
                self.delete(vec![uid]);
            }
        }
        self.drop_shown(None, uid);
    }

    /// The open message (the toolbar's target) is about to leave: another message of the open
    /// folder in the conversation takes its place, so the conversation stays open.
    fn keep_conversation_open(&self, leaving: u32) {
        if self.reader.message.with_untracked(|o| o.as_ref().map(|(uid, _, _)| *uid)) != Some(leaving) {
            return;
        }
        let next = self.threads.open.with_untracked(|open| {
            open.iter().flatten().rev().filter(|s| s.folder.is_none()).find_map(|s| {
                let uid = s.row.with_untracked(|r| r.uid);
                let (message, raw) = s.message.get_untracked()?;
                (uid != leaving).then_some((uid, message, raw))
            })
        });
        if next.is_some() {
            self.reader.message.set(next);
        }
    }

    fn drop_shown(&self, folder: Option<&MailboxName>, uid: u32) {
        self.threads.open.update(|open| {
            if let Some(shown) = open {
                shown.retain(|s| !(s.folder.as_ref() == folder && s.row.with_untracked(|r| r.uid) == uid));
            }
        });
    }

    /// A message of Sent or Drafts: the change on the server in its folder, and in the related
    /// rows (view and store); queued when the network is away.
    fn act_elsewhere(&self, shown: &Shown, action: MemberAction) {
        let Some(folder) = shown.folder.clone() else { return };
        let uid = shown.row.with_untracked(|r| r.uid);
        let trash = self.trash();
        let change = match action {
            MemberAction::Flag(on) => {
                shown.row.update(|r| r.flagged = on);
                Change::Flag { flag: super::FlagName::Flagged, on }
            }
            MemberAction::Move(to) => Change::Move { to },
            MemberAction::Delete => match trash {
                Some(trash) if trash != folder => Change::Move { to: trash },
                _ => Change::Expunge,
            },
        };
        let commands = match &change {
            Change::Flag { on, .. } => vec![Command::Store {
                uids: SequenceSet::single(uid),
                action: if *on { StoreAction::Add } else { StoreAction::Remove },
                flags: vec![Flag::Flagged],
                unchanged_since: None,
            }],
            Change::Move { to } => vec![Command::Move { uids: SequenceSet::single(uid), to: to.clone() }],
            Change::Copy { to } => vec![Command::Copy { uids: SequenceSet::single(uid), to: to.clone() }],
            Change::Expunge => vec![
                Command::Store {
                    uids: SequenceSet::single(uid),
                    action: StoreAction::Add,
                    flags: vec![Flag::Deleted],
                    unchanged_since: None,
                },
                Command::UidExpunge { uids: SequenceSet::single(uid) },
            ],
        };
        let row = shown.row.get_untracked();
        let flagged = matches!(change, Change::Flag { .. });
        if !flagged {
            self.drop_shown(Some(&folder), uid);
        }
        self.update_related(&folder, shown.uidvalidity, row, !flagged);
        let action = Queued {
            account: self.email().to_owned(),
            folder: folder.clone(),
            uidvalidity: shown.uidvalidity,
            modseq: None,
            uids: vec![uid],
            change,
        };
        let state = self.clone();
        spawn_local(async move {
            match state.run_in_folder(&folder, action.uidvalidity, commands).await {
                Ok(_) => state.counts_changed(action.touched()),
                Err(f) if f.transport => state.queue(action).await,
                Err(f) => state.error.set(Some(f.error)),
            }
        });
    }

    /// Puts a changed row of a related folder in the view and the store, or takes it out of both.
    fn update_related(&self, folder: &MailboxName, uidvalidity: u32, row: Row, gone: bool) {
        self.threads.related.update(|related| {
            if let Some(f) = related.iter_mut().find(|f| &f.mailbox == folder) {
                f.rows.retain(|r| r.uid != row.uid);
                if !gone {
                    f.rows.push(row.clone());
                }
            }
        });
        let email = self.email().to_owned();
        let wire = folder.as_wire().to_owned();
        let state = self.clone();
        spawn_local(async move {
            let result = if gone {
                store::remove_messages(&email, &wire, uidvalidity, &[row.uid]).await
            } else {
                let json = serde_json::to_string(&row).unwrap_or_default();
                store::put_headers(&email, &wire, uidvalidity, &[(row.uid, json)]).await
            };
            if let Err(e) = result {
                state.error.set(Some(MailError::new(e.0)));
            }
        });
    }
}
