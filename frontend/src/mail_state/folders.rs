//! The account's folders: what LIST said of each (name, special use, delimiter), their order in
//! the tree, and their unread counts (STATUS, RFC 3501 section 6.3.10), kept in the store so the
//! tree shows at once on the next start.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Data, ListedMailbox, MailboxName, SpecialUse};
use serde::{Deserialize, Serialize};

use super::{Failure, MailState};
use crate::store::{self, Key};

/// A folder in the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Folder {
    /// The decoded name, for display.
    pub name: String,
    /// The name as the server listed it: what every command about the folder uses. Stored under
    /// its earlier field name, so folder lists kept by older versions still read.
    #[serde(rename = "wire_name")]
    pub mailbox: MailboxName,
    /// Its special use, if any.
    #[serde(with = "role_serde")]
    pub role: Option<SpecialUse>,
    /// Unread messages, once known.
    pub unread: Option<u32>,
    /// Whether it can be opened.
    pub selectable: bool,
    /// The hierarchy delimiter from LIST (RFC 3501 section 6.3.8), for the folder tree.
    #[serde(default)]
    pub delimiter: Option<char>,
}

mod role_serde {
    use posthorn_proto::imap::SpecialUse;
    use serde::{Deserialize, Deserializer, Serializer};

    const ROLES: [(SpecialUse, &str); 8] = [
        (SpecialUse::Inbox, "inbox"),
        (SpecialUse::All, "all"),
        (SpecialUse::Archive, "archive"),
        (SpecialUse::Drafts, "drafts"),
        (SpecialUse::Flagged, "flagged"),
        (SpecialUse::Junk, "junk"),
        (SpecialUse::Sent, "sent"),
        (SpecialUse::Trash, "trash"),
    ];

    pub fn serialize<S: Serializer>(role: &Option<SpecialUse>, s: S) -> Result<S::Ok, S::Error> {
        let name = role.and_then(|r| ROLES.iter().find(|(x, _)| *x == r)).map(|(_, n)| *n);
        s.serialize_str(name.unwrap_or(""))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SpecialUse>, D::Error> {
        let name = String::deserialize(d)?;
        Ok(ROLES.iter().find(|(_, n)| *n == name).map(|(r, _)| *r))
    }
}

/// Sort order for folders: special-use first, in the order people expect.
pub(super) fn role_rank(folder: &Folder) -> u8 {
    if folder.mailbox.is_inbox() {
        return 0;
    }
    match folder.role {
        Some(SpecialUse::Drafts) => 1,
        Some(SpecialUse::Sent) => 2,
        Some(SpecialUse::Junk) => 3,
        Some(SpecialUse::Trash) => 4,
        Some(SpecialUse::Archive) => 5,
        _ => 10,
    }
}

pub(super) fn folder_of(m: &ListedMailbox) -> Folder {
    Folder {
        name: m.name.clone(),
        mailbox: m.mailbox.clone(),
        role: m.special_use,
        unread: None,
        selectable: m.selectable(),
        delimiter: m.delimiter,
    }
}

impl MailState {
    pub(super) async fn load_folders(&self) -> Result<(), Failure> {
        let data = self.run(Command::List { reference: String::new(), pattern: "*".into() }).await?;
        let Data::List(list) = data else { return Ok(()) };
        let known: HashMap<MailboxName, Option<u32>> =
            self.folders.all.with_untracked(|f| f.iter().map(|f| (f.mailbox.clone(), f.unread)).collect());
        let mut folders: Vec<Folder> = list.mailboxes.iter().map(folder_of).collect();
        for f in &mut folders {
            f.unread = known.get(&f.mailbox).copied().flatten();
        }
        posthorn_proto::stable_sort::sort_by(&mut folders, |a, b| {
            role_rank(a).cmp(&role_rank(b)).then_with(|| a.name.cmp(&b.name))
        });
        self.folders.all.set(folders);
        self.refresh_counts(None).await;
        Ok(())
    }

    /// The Trash folder (RFC 6154 `\Trash`, or found by its name), if the server has one.
    pub(super) fn trash(&self) -> Option<MailboxName> {
        self.folders.all.with_untracked(|all| role_folder(all, SpecialUse::Trash))
    }

    /// The Archive folder (RFC 6154 `\Archive`, or found by its name), if the server has one.
    pub fn archive_folder(&self) -> Option<MailboxName> {
        self.folders.all.with_untracked(|all| role_folder(all, SpecialUse::Archive))
    }

    /// Reads the unread counts (STATUS) of `only` these folders, or of every folder, and keeps
    /// the folder list in the store; with them, where the server has quotas, how full the
    /// account is (GETQUOTAROOT of INBOX, RFC 9208 section 4.3.2: what new mail counts against).
    pub(super) async fn refresh_counts(&self, only: Option<Vec<MailboxName>>) {
        let names: Vec<MailboxName> = self.folders.all.with_untracked(|f| {
            f.iter()
                .filter(|f| f.selectable && only.as_ref().is_none_or(|o| o.contains(&f.mailbox)))
                .map(|f| f.mailbox.clone())
                .collect()
        });
        // All STATUS commands in flight together (RFC 3501 section 5.5 allows it; the engine
        // pipelines them): one round trip for the lot, where one per folder in a row made the
        // counts of many folders slow to come.
        let mut commands: Vec<Command> =
            names.iter().map(|name| Command::Status { mailbox: name.clone() }).collect();
        // Where the server has quotas (RFC 9208's QUOTA capability).
        let quota = self.peek_session(|s| s.client().capabilities().quota()).await.unwrap_or(false);
        if quota {
            // Pipelined with the STATUS commands: it collects other data (RFC 3501 section 5.5).
            commands.push(Command::GetQuotaRoot { mailbox: MailboxName::inbox() });
        }
        if !commands.is_empty()
            && let Ok(mut results) = self.run_all(commands).await
        {
            if quota && let Some(Ok(Data::Quota(roots))) = results.pop() {
                self.folders.quota.set(posthorn_proto::imap::fullest_storage(&roots).cloned());
            }
            self.folders.all.update(|fs| {
                for (name, result) in names.iter().zip(results) {
                    if let Ok(Data::Status(status)) = result
                        && let Some(f) = fs.iter_mut().find(|f| &f.mailbox == name)
                    {
                        f.unread = status.unseen;
                    }
                }
            });
        }
        let folders = self.folders.all.get_untracked();
        let _ = store::put_json(Key::Folders(self.email()), &folders).await;
    }

    /// Reads the unread counts of these folders again in the background (a change touches one or
    /// two folders: asking every folder's STATUS after each click would be wasted round trips).
    pub(super) fn counts_changed(&self, folders: Vec<MailboxName>) {
        let state = self.clone();
        spawn_local(async move { state.refresh_counts(Some(folders)).await });
    }
}

/// The listed folder with `role` (RFC 6154 special use, or found by its name), if there is one.
pub fn role_folder(all: &[Folder], role: SpecialUse) -> Option<MailboxName> {
    all.iter().find(|f| f.role == Some(role)).map(|f| f.mailbox.clone())
}

/// Whether the open folder of `folders` is the account's folder for `role` (tracked).
pub(super) fn open_in_role(folders: super::FolderStore, role: SpecialUse) -> bool {
    let folder = folders.all.with(|all| role_folder(all, role));
    folder.is_some() && folders.open.with(|o| *o == folder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn folders_round_trip_through_the_store_format() {
        let folder = Folder {
            name: "Sent".into(),
            mailbox: MailboxName::from_wire("Sent"),
            role: Some(SpecialUse::Sent),
            unread: Some(3),
            selectable: true,
            delimiter: Some('/'),
        };
        let json = serde_json::to_string(&folder).unwrap();
        assert_eq!(serde_json::from_str::<Folder>(&json).unwrap(), folder);
    }
}
