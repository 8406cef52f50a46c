//! Creating, renaming and deleting the person's own folders (RFC 3501 sections 6.3.3 to 6.3.5) on
//! the account's one connection, then listing the folders again.
//!
//! Nothing is lost by a slip: deleting a folder moves it, with its messages and subfolders, into
//! Trash (a RENAME, which keeps every message); only a folder already in Trash, or on a server
//! without one, is deleted for good (with the folders inside it, as *Empty Trash* deletes those
//! of Trash), and the view asks first either way. The inbox and the
//! special-use folders (RFC 6154) keep their names. A folder that is open is left for the inbox
//! before it is renamed or deleted, so the session never has a vanished folder selected, and
//! what was cached under the old names is dropped from the local store.

use leptos::prelude::*;
use posthorn_proto::imap::{Command, LeafProblem, MailboxName, SpecialUse, check_leaf, split_leaf};

use super::{Folder, MailState};
use crate::i18n::t;
use crate::session::MailError;
use crate::session::filing::{create_role_folder, role_name, top_level};
use crate::session::imap::ImapSession;
use crate::store;

/// A change to the folder tree, as the folder pane asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderChange {
    /// A new folder `name` (as typed) inside `parent`, or where the person's own folders are.
    Create { parent: Option<MailboxName>, name: String },
    /// `folder` named `name` (as typed) inside `parent`, or where the person's own folders are:
    /// a new name, a new place, or both, with its subfolders (one RENAME).
    Rename { folder: MailboxName, name: String, parent: Option<MailboxName> },
    /// `folder` into Trash, or deleted for good where [`MailState::deletes_for_good`] says so.
    Delete { folder: MailboxName },
}

/// Whether a folder is one the person may rename or delete: not the inbox, not a special-use
/// folder, and one the server lists (a stand-in parent is not).
pub fn is_own(folder: &Folder) -> bool {
    !folder.mailbox.is_inbox() && folder.role.is_none() && folder.selectable
}

impl Folder {
    /// Whether `mailbox` is this folder or one inside it (its name, the hierarchy delimiter, more).
    pub fn encloses(&self, mailbox: &MailboxName) -> bool {
        let (mine, theirs) = (self.mailbox.as_wire(), mailbox.as_wire());
        mine == theirs
            || self
                .delimiter
                .is_some_and(|d| theirs.strip_prefix(mine).is_some_and(|rest| rest.starts_with(d)))
    }

    /// The last level of the folder's display name.
    pub fn leaf(&self) -> &str {
        match self.delimiter.and_then(|d| self.name.rsplit_once(d)) {
            Some((_, leaf)) => leaf,
            None => &self.name,
        }
    }
}

fn leaf_error(problem: LeafProblem) -> MailError {
    MailError::new(match problem {
        LeafProblem::Empty => t().folder_name_empty.to_owned(),
        LeafProblem::Holds(c) if c.is_control() => (t().folder_name_holds)("⏎"),
        LeafProblem::Holds(c) => (t().folder_name_holds)(&c.to_string()),
    })
}

impl MailState {
    pub(super) fn folder(&self, mailbox: &MailboxName) -> Option<Folder> {
        self.folders.all.with_untracked(|all| all.iter().find(|f| &f.mailbox == mailbox).cloned())
    }

    /// The server's hierarchy delimiter, from the folder if given, else from the inbox's LIST.
    fn delimiter(&self, folder: Option<&MailboxName>) -> Option<char> {
        self.folders.all.with_untracked(|all| {
            let of = |f: &&Folder| folder.map_or(f.mailbox.is_inbox(), |m| &f.mailbox == m);
            all.iter().find(of).or(all.first()).and_then(|f| f.delimiter)
        })
    }

    /// Whether a folder is inside `parent` (at any depth).
    fn is_below(&self, folder: &MailboxName, parent: &MailboxName) -> bool {
        let delimiter = self.delimiter(Some(parent));
        delimiter.is_some_and(|d| folder.as_wire().starts_with(&format!("{}{d}", parent.as_wire())))
    }

    /// The listed folders inside `folder`, at any depth.
    pub fn inside(&self, folder: &MailboxName) -> Vec<MailboxName> {
        self.folders.all.with_untracked(|all| {
            all.iter().map(|f| f.mailbox.clone()).filter(|m| self.is_below(m, folder)).collect()
        })
    }

    /// Deletes `folders` for good (the folders inside Trash, when it is emptied), drops what
    /// was cached of them, and lists the folders again.
    pub(super) async fn delete_for_good(&self, folders: Vec<MailboxName>) -> Result<(), MailError> {
        let done = self
            .with_session(false, async |session| delete_deepest_first(session, folders.clone()).await)
            .await
            .map(|_| ())
            .map_err(|f| f.error);
        for mailbox in &folders {
            let _ = store::drop_folder(self.email(), mailbox.as_wire()).await;
        }
        let _ = self.load_folders().await;
        done
    }

    /// Whether deleting `folder` deletes it for good (it is in Trash, or there is no Trash)
    /// rather than move it into Trash.
    pub fn deletes_for_good(&self, folder: &MailboxName) -> bool {
        self.trash().is_none_or(|trash| self.is_below(folder, &trash))
    }

    /// A name in `parent` for `leaf` (wire form) that no listed folder has: `leaf`, else with
    /// " 2", " 3" … after it (a folder moved into Trash where one of its name already is).
    fn free_name(&self, parent: &MailboxName, leaf: &str, delimiter: char) -> MailboxName {
        let taken = |name: &MailboxName| self.folder(name).is_some();
        let mut candidate = MailboxName::from_wire(format!("{}{delimiter}{leaf}", parent.as_wire()));
        let mut n = 2;
        while taken(&candidate) {
            candidate = MailboxName::from_wire(format!("{}{delimiter}{leaf} {n}", parent.as_wire()));
            n += 1;
        }
        candidate
    }

    /// Carries out `change` and lists the folders again; the folder it made or renamed to.
    pub async fn change_folder(&self, change: FolderChange) -> Result<Option<MailboxName>, MailError> {
        let target = match &change {
            FolderChange::Create { .. } => None,
            FolderChange::Rename { folder, .. } | FolderChange::Delete { folder } => Some(folder.clone()),
        };
        if let Some(folder) = &target {
            if !self.folder(folder).is_some_and(|f| is_own(&f)) {
                return Err(MailError::new(t().folder_kept));
            }
            // The open folder (or one inside the folder) is left for the inbox first.
            let open = self.folders.open.get_untracked();
            if open.as_ref().is_some_and(|o| o == folder || self.is_below(o, folder))
                && self.show_cached(&MailboxName::inbox()).await
            {
                self.sync_open_folder().await;
            }
        }
        // What moves or goes with the folder: it and its subfolders, as listed before the change.
        let gone: Vec<MailboxName> = target.as_ref().map_or_else(Vec::new, |folder| {
            self.folders.all.with_untracked(|all| {
                all.iter()
                    .map(|f| f.mailbox.clone())
                    .filter(|m| m == folder || self.is_below(m, folder))
                    .collect()
            })
        });
        let done = self.apply_folder_change(change).await;
        if done.is_ok() {
            // The rows cached under the old names would never be read again (a folder made anew
            // under one of them gets a new UIDVALIDITY); the new names sync from the server.
            for mailbox in &gone {
                let _ = store::drop_folder(self.email(), mailbox.as_wire()).await;
            }
        }
        // Listed again either way: a refusal may have come after part of the work.
        let _ = self.load_folders().await;
        done
    }

    /// Moves `folder` into `parent` under the name it has (a folder dragged onto another): the
    /// folder it was in opens again where it went, and a refusal is shown as an error.
    pub fn move_folder(&self, folder: &Folder, parent: MailboxName) {
        let was_open = self.folders.open.get_untracked().is_some_and(|o| o == folder.mailbox);
        let change = FolderChange::Rename {
            folder: folder.mailbox.clone(),
            name: folder.leaf().to_owned(),
            parent: Some(parent),
        };
        let state = self.clone();
        leptos::task::spawn_local(async move {
            match state.change_folder(change).await {
                Ok(Some(moved)) if was_open => state.open_folder(moved),
                Ok(_) => {}
                Err(error) => state.error.set(Some(error)),
            }
        });
    }

    /// Makes the folder for `role` (Archive, Junk) where the person's own folders are (marked
    /// with its attribute where the server offers CREATE-SPECIAL-USE, RFC 6154 section 3;
    /// elsewhere found by its name), as Thunderbird does on the first archive or junk report, and
    /// lists the folders again.
    pub(super) async fn create_role(&self, role: SpecialUse) -> Result<MailboxName, MailError> {
        let leaf = role_name(role);
        let made = self
            .with_session(false, async |session| create_role_folder(session, role).await)
            .await
            .map_err(|f| f.error)
            // Only a session for the open folder answers `None` (with_session).
            .and_then(|m| m.ok_or_else(|| MailError::new((t().engine.err_folder_not_created)(leaf, ""))));
        let _ = self.load_folders().await;
        made
    }

    async fn apply_folder_change(&self, change: FolderChange) -> Result<Option<MailboxName>, MailError> {
        match change {
            FolderChange::Create { parent, name } => {
                let delimiter = self.delimiter(parent.as_ref());
                check_leaf(&name, delimiter).map_err(leaf_error)?;
                let name = name.trim().to_owned();
                let mailbox = self
                    .with_session(false, async |session| {
                        let utf8 = session.client().utf8_enabled();
                        let mailbox = match (&parent, delimiter) {
                            (Some(parent), Some(d)) => parent.child(&name, d, utf8),
                            _ => top_level(session, &name).await?,
                        };
                        session.run(Command::Create { mailbox: mailbox.clone() }).await.map_err(|e| {
                            MailError::new((t().engine.err_folder_not_created)(&name, &e.with_reply()))
                        })?;
                        // Shown by other mail clients too (RFC 3501 section 6.3.6).
                        let _ = session.run(Command::Subscribe { mailbox: mailbox.clone() }).await;
                        Ok(mailbox)
                    })
                    .await
                    .map_err(|f| f.error)?;
                Ok(mailbox)
            }
            FolderChange::Rename { folder, name, parent } => {
                let delimiter = self.delimiter(Some(&folder));
                check_leaf(&name, delimiter).map_err(leaf_error)?;
                if parent.as_ref().is_some_and(|p| *p == folder || self.is_below(p, &folder)) {
                    return Err(MailError::new(t().folder_into_itself));
                }
                let name = name.trim().to_owned();
                let new = self
                    .with_session(false, async |session| {
                        let utf8 = session.client().utf8_enabled();
                        let new = match (&parent, delimiter) {
                            (Some(parent), Some(d)) => parent.child(&name, d, utf8),
                            _ => top_level(session, &name).await?,
                        };
                        // Where it is, as it is called: nothing to do (the top level of a server
                        // whose own folders are under `INBOX.` is where such a folder already is).
                        if new != folder {
                            self.rename(session, &folder, &new).await?;
                        }
                        Ok(new)
                    })
                    .await
                    .map_err(|f| f.error)?;
                Ok(new)
            }
            FolderChange::Delete { folder } => {
                let into_trash = self.trash().filter(|_| !self.deletes_for_good(&folder));
                self.with_session(false, async |session| {
                    match (&into_trash, self.delimiter(Some(&folder))) {
                        (Some(trash), Some(d)) => {
                            let (_, leaf) = split_leaf(&folder, Some(d));
                            let new = self.free_name(trash, leaf, d);
                            self.rename(session, &folder, &new).await
                        }
                        _ => {
                            let mut gone = self.inside(&folder);
                            gone.push(folder.clone());
                            delete_deepest_first(session, gone).await
                        }
                    }
                })
                .await
                .map_err(|f| f.error)?;
                Ok(None)
            }
        }
    }

    /// RENAME (its subfolders go with it, RFC 3501 section 6.3.5), and the subscription with it.
    async fn rename(
        &self,
        session: &mut ImapSession,
        from: &MailboxName,
        to: &MailboxName,
    ) -> Result<(), MailError> {
        session.run(Command::Rename { from: from.clone(), to: to.clone() }).await.map_err(|e| {
            let name = from.display(session.client().utf8_enabled());
            MailError::new((t().folder_not_changed)(&name, &e.with_reply()))
        })?;
        let _ = session.run(Command::Unsubscribe { mailbox: from.clone() }).await;
        let _ = session.run(Command::Subscribe { mailbox: to.clone() }).await;
        Ok(())
    }
}

/// DELETE (RFC 3501 section 6.3.4) of each of `folders`, those deepest in the tree first: a
/// server may refuse to delete a folder that still has folders inside (Dovecot does, where
/// RFC 3501 lets it), and a child's name is its parent's with more after it. Stops at the first
/// refusal, which says which folder and why.
async fn delete_deepest_first(
    session: &mut ImapSession,
    mut folders: Vec<MailboxName>,
) -> Result<(), MailError> {
    folders.sort_by_key(|m| std::cmp::Reverse(m.as_wire().len()));
    for folder in folders {
        session.run(Command::Delete { mailbox: folder.clone() }).await.map_err(|e| {
            let name = folder.display(session.client().utf8_enabled());
            MailError::new((t().folder_not_changed)(&name, &e.with_reply()))
        })?;
        let _ = session.run(Command::Unsubscribe { mailbox: folder }).await;
    }
    Ok(())
}
