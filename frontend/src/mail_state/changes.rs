//! What the person does to messages: flag, move and delete. The view changes at once; the change
//! runs on the server in the messages' folder, or waits in the offline queue
//! (mail_state/offline_queue.rs) while the network is away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::MDN_SENT;
use posthorn_proto::imap::{Command, CopyUid, Data, Flag, MailboxName, SequenceSet, SpecialUse, StoreAction};

use super::{Change, Failure, FlagName, MailState, Queued};

/// What one turn on the session did with a change ([`MailState::apply`]).
enum Turn {
    /// Done; the mod-sequence a flag change gave the messages, when the server says.
    Done(Option<u64>),
    /// Moved; where the messages went, where the server says (COPYUID, RFC 4315 section 3).
    Moved(Option<CopyUid>),
    /// The folder's UIDVALIDITY is not the change's: it was recreated.
    Recreated,
    /// The open folder is not selected yet.
    NotSelected,
}

/// A person's change to messages, as the list's toolbar dispatches it
/// ([`MailState::change_action`]).
#[derive(Clone, Debug)]
pub enum MessageChange {
    /// Adds or removes a flag.
    Flag {
        /// Which (\\Seen, \\Flagged or \\Answered).
        flag: Flag,
        /// Added or removed.
        on: bool,
    },
    /// Moves to another folder (MOVE, or the COPY + STORE + EXPUNGE fallback in the engine).
    Move {
        /// The folder.
        to: MailboxName,
    },
    /// Copies to another folder (UID COPY, RFC 3501 section 6.4.7): the messages stay here too.
    Copy {
        /// The folder.
        to: MailboxName,
    },
    /// To Trash when there is one (and this is not it), else \\Deleted + expunge.
    Delete,
    /// \\Deleted + expunge wherever it is: for good, as emptying Trash or Junk does.
    Erase,
}

impl MailState {
    /// The toolbar's changes as a Leptos action: each dispatch shows the change and carries it
    /// out, and `pending()` is true until the server has it (or it waits in the offline queue),
    /// for the toolbar's busy state. Made by the view that dispatches it.
    pub fn change_action(&self) -> Action<(Vec<u32>, MessageChange), ()> {
        let state = self.clone();
        Action::new_local(move |(uids, change): &(Vec<u32>, MessageChange)| {
            let (state, uids, change) = (state.clone(), uids.clone(), change.clone());
            async move {
                if let Some(action) = state.show_change(uids, change) {
                    state.carry_out(action).await;
                }
            }
        })
    }

    /// Adds or removes a flag on messages; offline, the change is shown and queued.
    pub fn set_flag(&self, uids: Vec<u32>, flag: Flag, on: bool) {
        self.change_now(uids, MessageChange::Flag { flag, on });
    }

    /// Marks every message of the open folder read (\\Seen): one UID STORE over the folder's UIDs
    /// (RFC 3501 section 6.4.6), which ranges keep short however many there are.
    pub fn mark_all_read(&self) {
        let uids = self.list.uids.get_untracked();
        if !uids.is_empty() {
            self.set_flag(uids, Flag::Seen, true);
        }
    }

    /// Moves messages to another folder.
    pub fn move_to(&self, uids: Vec<u32>, to: MailboxName) {
        self.change_now(uids, MessageChange::Move { to });
    }

    /// Copies messages to another folder; they stay where they are too.
    pub fn copy_to(&self, uids: Vec<u32>, to: MailboxName) {
        self.change_now(uids, MessageChange::Copy { to });
    }

    /// Files messages in the Archive folder ([`MailState::archive_folder`]), made first where the
    /// account has none. In the Archive folder itself there is nothing to do.
    pub fn archive(&self, uids: Vec<u32>) {
        if uids.is_empty() {
            return;
        }
        self.file_in_role(SpecialUse::Archive, move |state, to| state.move_to(uids, to));
    }

    /// Reports messages as junk, or, in the Junk folder, as not junk ([`MailState::in_role`]):
    /// they move to the Junk folder (RFC 6154 `\Junk`, or found by its name; made first where
    /// the account has none), or from there back to INBOX. A move is what servers that learn
    /// spam watch for (Dovecot's IMAPSieve spam training, for one), so it is all there is to do.
    pub fn junk(&self, uids: Vec<u32>) {
        if uids.is_empty() {
            return;
        }
        if self.in_role(SpecialUse::Junk) {
            self.move_to(uids, MailboxName::inbox());
        } else {
            self.file_in_role(SpecialUse::Junk, move |state, to| state.move_to(uids, to));
        }
    }

    /// The open folder's UIDVALIDITY, once it is known (RFC 3501 section 2.3.1.1).
    pub fn open_uidvalidity(&self) -> Option<u32> {
        self.list.uidvalidity.get_value()
    }

    /// Whether the open folder is the account's folder for `role` (tracked, for views).
    pub fn in_role(&self, role: SpecialUse) -> bool {
        super::folders::open_in_role(self.folders, role)
    }

    /// Runs `file` with the account's folder for `role`, made first where it has none; not in
    /// that folder itself.
    pub(super) fn file_in_role(
        &self,
        role: SpecialUse,
        file: impl FnOnce(&MailState, MailboxName) + 'static,
    ) {
        match self.folders.all.with_untracked(|all| super::role_folder(all, role)) {
            None => {
                let state = self.clone();
                spawn_local(async move {
                    match state.create_role(role).await {
                        Ok(to) => file(&state, to),
                        Err(e) => state.error.set(Some(e)),
                    }
                });
            }
            Some(to) if self.folders.open.get_untracked().as_ref() != Some(&to) => file(self, to),
            Some(_) => {}
        }
    }

    /// Deletes messages: to Trash when there is one (and this is not it), else \\Deleted + expunge.
    pub fn delete(&self, uids: Vec<u32>) {
        self.change_now(uids, MessageChange::Delete);
    }

    /// Deletes every message of the open folder for good (*Empty Trash*, *Empty Junk*): the
    /// UIDs the list knows, so that mail arriving meanwhile stays; queued while offline. The
    /// folders inside it go too, as Thunderbird's *Empty Trash* does (folder_admin.rs).
    pub fn empty_folder(&self) {
        let uids = self.list.uids.get_untracked();
        self.change_now(uids, MessageChange::Erase);
        if let Some(open) = self.folders.open.get_untracked() {
            let inside = self.inside(&open);
            if !inside.is_empty() {
                let state = self.clone();
                spawn_local(async move {
                    if let Err(e) = state.delete_for_good(inside).await {
                        state.error.set(Some(e));
                    }
                });
            }
        }
    }

    /// Shows a change now and carries it out in the background.
    fn change_now(&self, uids: Vec<u32>, change: MessageChange) {
        if let Some(action) = self.show_change(uids, change) {
            let state = self.clone();
            spawn_local(async move { state.carry_out(action).await });
        }
    }

    /// Shows a change in the view at once, and returns it as it will run on the server (`None`:
    /// nothing to do, or no folder open).
    fn show_change(&self, uids: Vec<u32>, change: MessageChange) -> Option<Queued> {
        if uids.is_empty() {
            return None;
        }
        let change = match change {
            MessageChange::Flag { flag, on } => {
                let flag = match flag {
                    Flag::Seen => FlagName::Seen,
                    Flag::Flagged => FlagName::Flagged,
                    Flag::Answered => FlagName::Answered,
                    Flag::Keyword(k) if k.eq_ignore_ascii_case(MDN_SENT) => FlagName::MdnSent,
                    other => FlagName::Tag(super::tags::tag_of(&other)?),
                };
                self.update_rows(&uids, |row| row.set(flag, on));
                Change::Flag { flag, on }
            }
            MessageChange::Move { to } => {
                self.remove_from_view(&uids);
                Change::Move { to }
            }
            MessageChange::Copy { to } => Change::Copy { to },
            MessageChange::Erase => {
                self.remove_from_view(&uids);
                Change::Expunge
            }
            MessageChange::Delete => {
                let trash = self.trash();
                self.remove_from_view(&uids);
                match trash {
                    Some(trash) if self.folders.open.get_untracked().as_ref() != Some(&trash) => {
                        Change::Move { to: trash }
                    }
                    _ => Change::Expunge,
                }
            }
        };
        let (Some(folder), Some(uidvalidity)) =
            (self.folders.open.get_untracked(), self.list.uidvalidity.get_value())
        else {
            return None;
        };
        Some(Queued {
            account: self.email().to_owned(),
            folder,
            uidvalidity,
            modseq: self.list.highest_modseq.get_value(),
            uids,
            change,
        })
    }

    /// Does a change on the server now, or queues it when the network is away.
    async fn carry_out(&self, action: Queued) {
        if self.queue.waiting.get_untracked() > 0 {
            // Keep the order: later changes wait behind earlier queued ones.
            self.queue(action).await;
            self.replay().await;
            return;
        }
        match self.apply(&action, false).await {
            Ok(_) => self.counts_changed(action.touched()),
            Err(f) if f.transport => self.queue(action).await,
            Err(f) => {
                self.error.set(Some(f.error));
                // The view guessed wrong: take the server's word.
                self.sync_open_folder().await;
            }
        }
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
            elsewhere = self.folders.open.get_untracked().as_ref() != Some(&action.folder);
            if !elsewhere && self.list.uidvalidity.get_value() != Some(action.uidvalidity) {
                return Ok(None);
            }
            match self.apply_in_one_turn(action, replayed, elsewhere).await? {
                Turn::Done(own) => {
                    // Our own change moves the folder's mod-sequence on: later queued changes
                    // are conditional on the state after it, not before.
                    if let Some(m) = own
                        && !elsewhere
                    {
                        self.list.highest_modseq.update_value(|h| *h = Some(h.map_or(m, |h| h.max(m))));
                    }
                    if elsewhere {
                        self.reselect_open().await;
                    }
                    return Ok(own);
                }
                Turn::Moved(copy_uid) => {
                    self.offer_undo(action, copy_uid);
                    if elsewhere {
                        self.reselect_open().await;
                    }
                    return Ok(None);
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
        let junk = self.folders.all.with_untracked(|all| super::role_folder(all, SpecialUse::Junk));
        let trash = self.trash();
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
                        if let Some((add, remove)) = junk_keywords(&junk, &trash, &action.folder, to)
                            && session.client().mailbox().is_some_and(|m| m.keeps_keyword(add))
                        {
                            for (keyword, store) in [(add, StoreAction::Add), (remove, StoreAction::Remove)] {
                                session
                                    .run(Command::Store {
                                        uids: set.clone(),
                                        action: store,
                                        flags: vec![Flag::Keyword(keyword.into())],
                                        unchanged_since: None,
                                    })
                                    .await?;
                            }
                        }
                        match session.run(Command::Move { uids: set, to: to.clone() }).await? {
                            Data::Copied { copy_uid, .. } => Ok(Turn::Moved(copy_uid)),
                            _ => Ok(Turn::Moved(None)),
                        }
                    }
                    Change::Copy { to } => {
                        session.run(Command::Copy { uids: set, to: to.clone() }).await?;
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
        if self.folders.open.get_untracked().is_some() {
            self.sync_open_folder().await;
        }
    }
}

/// The keywords a move marks its messages with, as Thunderbird and Apple Mail do (`$Junk` and
/// `$NotJunk`, RFC 9051 section 2.3.2; other clients and spam filters read them): into the Junk
/// folder they are junk; out of it, except into Trash, they are not. `None` for any other move.
fn junk_keywords(
    junk: &Option<MailboxName>,
    trash: &Option<MailboxName>,
    from: &MailboxName,
    to: &MailboxName,
) -> Option<(&'static str, &'static str)> {
    let junk = junk.as_ref()?;
    if to == junk && from != junk {
        Some(("$Junk", "$NotJunk"))
    } else if from == junk && to != junk && Some(to) != trash.as_ref() {
        Some(("$NotJunk", "$Junk"))
    } else {
        None
    }
}

/// A move that can be taken back: how many messages went where, and the move that brings them
/// back (from the folder they went to, by the UIDs they have there, to the one they left).
#[derive(Debug, Clone)]
pub struct Undo {
    /// How many messages moved.
    pub count: usize,
    /// The folder they went to, as shown.
    pub to: String,
    /// When it was offered, in the order of every account's moves: only the last one of all
    /// is offered ([`latest_undo`]).
    pub made: u64,
    back: Queued,
}

thread_local! {
    /// How many moves were offered to be taken back so far, in every account ([`Undo::made`]).
    static MOVES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The offer to take back the last move of any account, where it is one of `states`' (its
/// index there). An older move stays where it is: after the last one is taken back, or in an
/// account whose move came before another account's, there is nothing to undo.
pub fn latest_undo(states: &[MailState]) -> Option<(usize, Undo)> {
    let last = MOVES.with(std::cell::Cell::get);
    // Each account's offer is read, so that a view of several follows every one of them.
    let offers: Vec<_> = states.iter().map(|s| s.queue.undo.get()).collect();
    offers.into_iter().enumerate().find_map(|(i, u)| u.filter(|u| u.made == last).map(|u| (i, u)))
}

impl MailState {
    /// Offers to take back `moved`, where the server said where the messages went.
    fn offer_undo(&self, moved: &Queued, copy_uid: Option<CopyUid>) {
        let (Some(copy_uid), Change::Move { to }) = (copy_uid, &moved.change) else { return };
        if copy_uid.destination.is_empty() {
            return;
        }
        let shown = self.folders.all.with_untracked(|all| {
            all.iter()
                .find(|f| &f.mailbox == to)
                .map(|f| crate::mail_view::folder_name(f, &f.name).to_owned())
                .unwrap_or_else(|| to.as_wire().to_owned())
        });
        let made = MOVES.with(|m| {
            m.set(m.get() + 1);
            m.get()
        });
        self.queue.undo.set(Some(Undo {
            count: copy_uid.destination.len(),
            to: shown,
            made,
            back: Queued {
                account: moved.account.clone(),
                folder: to.clone(),
                uidvalidity: copy_uid.uidvalidity,
                modseq: None,
                uids: copy_uid.destination,
                change: Change::Move { to: moved.folder.clone() },
            },
        }));
    }

    /// Takes back the last move offered ([`Undo`]): the messages go back to the folder they left.
    pub fn undo_move(&self) {
        let last = MOVES.with(std::cell::Cell::get);
        let Some(undo) = self.queue.undo.get_untracked().filter(|u| u.made == last) else { return };
        self.queue.undo.set(None);
        let state = self.clone();
        spawn_local(async move {
            // Moving them back selects the folder they went to and then the open one again,
            // which brings back their rows (apply); that move is not offered to be taken back,
            // while a move the person made meanwhile still is.
            let went = undo.back.folder.clone();
            state.carry_out(undo.back).await;
            state.queue.undo.update(|offer| {
                if offer
                    .as_ref()
                    .is_some_and(|o| matches!(&o.back.change, Change::Move { to } if *to == went))
                {
                    *offer = None;
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::junk_keywords;
    use posthorn_proto::imap::MailboxName;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn moves_into_and_out_of_junk_mark_the_messages() {
        let name = |n: &str| MailboxName::from_wire(n.to_owned());
        let (junk, trash) = (Some(name("Junk")), Some(name("Trash")));
        let keywords = |from: &str, to: &str| junk_keywords(&junk, &trash, &name(from), &name(to));
        assert_eq!(keywords("INBOX", "Junk"), Some(("$Junk", "$NotJunk")));
        assert_eq!(keywords("Archive", "Junk"), Some(("$Junk", "$NotJunk")));
        assert_eq!(keywords("Junk", "INBOX"), Some(("$NotJunk", "$Junk")));
        assert_eq!(keywords("Junk", "Trash"), None, "deleting junk does not call it good");
        assert_eq!(keywords("INBOX", "Archive"), None);
        assert_eq!(junk_keywords(&None, &trash, &name("INBOX"), &name("Junk")), None, "no Junk folder known");
    }
}
