//! Conversations: the list's rows grouped by RFC 5256's REFERENCES algorithm
//! (`posthorn_proto::thread`) over the open folder's cached rows and those of Sent and Drafts
//! ([`super::threads`]), with the server's THREAD answer while the folder is not all cached
//! (`conversations/arrange.rs`, `conversations/server_threads.rs`), the switch between them and
//! single messages (kept per folder), and the open conversation with every message in it.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Data, FetchItems, MailboxName, Section, SequenceSet};
use posthorn_proto::message::{ReadableMessage, read};
use posthorn_proto::sort::SortOrder;

use super::threads::RelatedFolder;
use super::{Failure, MailState, Row};

mod arrange;
mod server_threads;
use crate::session::MailError;
use crate::store::{self, Key};

/// One message of a conversation in the list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Member {
    /// Where it lives: `None` for the open folder, else its place in [`Conversations::related`].
    pub folder: Option<usize>,
    /// Its UID there.
    pub uid: u32,
}

/// A row of the list in conversation view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// Its messages, in the thread's order (RFC 5256 section 3, depth first).
    pub members: Vec<Member>,
}

impl Conversation {
    /// Its messages in the open folder (what the list's selection and toolbar act on).
    pub fn here(&self) -> impl Iterator<Item = u32> + '_ {
        self.members.iter().filter(|m| m.folder.is_none()).map(|m| m.uid)
    }
}

/// A message of the open conversation.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The folder it lives in (`None`: the open folder) and that folder's UIDVALIDITY.
    pub folder: Option<MailboxName>,
    pub uidvalidity: u32,
    /// Its row (sender, date, flags).
    pub row: RwSignal<Row>,
    /// The message once read (parsed, and its raw bytes).
    pub message: RwSignal<Option<(ReadableMessage, Vec<u8>)>>,
    /// Shown whole, or only its heading line.
    pub expanded: RwSignal<bool>,
    /// Why its body could not be read, once that is known: neither on the device nor returned by
    /// the server (gone from the folder, or the server out of reach).
    pub unavailable: RwSignal<Option<&'static str>>,
}

/// The conversation view's state.
#[derive(Clone, Copy)]
pub struct Conversations {
    /// Whether the list shows conversations (else single messages).
    pub on: RwSignal<bool>,
    /// The rows of Sent and Drafts (other than the open folder).
    pub related: RwSignal<Vec<RelatedFolder>>,
    /// The server's threads of the open folder (UID THREAD, see `conversations/server_threads.rs`)
    /// while its rows are not all cached.
    pub server: RwSignal<Option<Vec<Vec<u32>>>>,
    /// The folder opening (generation) the server's threads were last asked for.
    asked: StoredValue<Option<u64>>,
    /// The list's rows in conversation view, first shown first (empty while off).
    pub list: Memo<Vec<Conversation>>,
    /// The open conversation's messages, oldest first.
    pub open: RwSignal<Option<Vec<Shown>>>,
    /// What owns the open conversation's signals (see [`MailState::open_conversation`]).
    owner: StoredValue<Option<Owner>>,
}

impl Conversations {
    pub(super) fn new(
        sort: RwSignal<SortOrder>,
        order: Memo<Vec<u32>>,
        rows: RwSignal<std::collections::HashMap<u32, Row>>,
    ) -> Self {
        let on = RwSignal::new(false);
        let related = RwSignal::new(Vec::new());
        let server = RwSignal::new(None::<Vec<Vec<u32>>>);
        let list = Memo::new(move |_| {
            if !on.get() {
                return Vec::new();
            }
            let sort = sort.get();
            order.with(|o| {
                rows.with(|r| {
                    related.with(|rel| server.with(|s| arrange::arrange(sort, o, r, rel, s.as_deref())))
                })
            })
        });
        Self {
            on,
            related,
            server,
            asked: StoredValue::new(None),
            list,
            open: RwSignal::new(None),
            owner: StoredValue::new(None),
        }
    }
}

impl MailState {
    /// Switches between conversations and single messages, and keeps the choice for the folder.
    pub fn set_conversations(&self, on: bool) {
        if self.threads.on.get_untracked() == on {
            return;
        }
        self.threads.on.set(on);
        if !on {
            self.threads.open.set(None);
        }
        let state = self.clone();
        spawn_local(async move {
            let Some(folder) = state.folders.open.get_untracked() else { return };
            let email = state.email().to_owned();
            let mut kept = store::get_json::<HashMap<String, bool>>(Key::Conversations(&email))
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            kept.insert(folder.as_wire().to_owned(), on);
            let _ = store::put_json(Key::Conversations(&email), &kept).await;
        });
    }

    /// Whether conversations were chosen for `folder`.
    pub(super) async fn kept_conversations(&self, folder: &str) -> bool {
        let kept = store::get_json::<HashMap<String, bool>>(Key::Conversations(self.email())).await;
        kept.ok().flatten().and_then(|k| k.get(folder).copied()).unwrap_or(false)
    }

    /// How many rows the list has, conversations or messages (search results aside).
    pub fn list_len(&self) -> usize {
        if self.threads.on.get_untracked() {
            self.threads.list.with_untracked(Vec::len)
        } else {
            self.list.order.with_untracked(Vec::len)
        }
    }

    /// The list position of the row that holds the open folder's message `uid`.
    pub fn list_position(&self, uid: u32) -> Option<usize> {
        if self.threads.on.get_untracked() {
            self.threads.list.with_untracked(|l| l.iter().position(|c| c.here().any(|u| u == uid)))
        } else {
            self.list.order.with_untracked(|o| o.iter().position(|u| *u == uid))
        }
    }

    /// The row of a conversation member.
    pub fn member_row(&self, member: &Member) -> Option<Row> {
        match member.folder {
            None => self.list.rows.with(|r| r.get(&member.uid).cloned()),
            Some(i) => self.threads.related.with(|related| {
                related.get(i).and_then(|f| f.rows.iter().find(|r| r.uid == member.uid).cloned())
            }),
        }
    }

    /// Opens a conversation: every message oldest first, the unread ones and the newest shown
    /// whole, the others as one line. Bodies come from the store, else from the server; then the
    /// newest message of the open folder becomes the open message (marked read, the toolbar's
    /// target), and the other unread ones are marked read.
    pub fn open_conversation(&self, conversation: &Conversation) {
        let related = self.threads.related.get_untracked();
        let Some(uidvalidity) = self.list.uidvalidity.get_value() else { return };
        // The messages' signals belong to the conversation, not to the component the click came
        // from: a list row is rendered again when its unread mark changes, and would take them
        // along (a disposed signal ignores every later change, such as opening a message).
        let owner = Owner::new_root(None);
        let mut shown: Vec<Shown> = owner.with(|| {
            conversation
                .members
                .iter()
                .filter_map(|m| {
                    let (folder, validity) = match m.folder {
                        None => (None, uidvalidity),
                        Some(i) => related.get(i).map(|f| (Some(f.mailbox.clone()), f.uidvalidity))?,
                    };
                    Some(Shown {
                        folder,
                        uidvalidity: validity,
                        row: RwSignal::new(self.member_row(m)?),
                        message: RwSignal::new(None),
                        expanded: RwSignal::new(false),
                        unavailable: RwSignal::new(None),
                    })
                })
                .collect()
        });
        self.threads.owner.set_value(Some(owner));
        posthorn_proto::stable_sort::sort_by_key(&mut shown, |s| {
            s.row.with_untracked(|r| r.timestamp.unwrap_or(0))
        });
        let last = shown.len().saturating_sub(1);
        for (i, s) in shown.iter().enumerate() {
            s.expanded.set(i == last || s.row.with_untracked(|r| !r.seen));
        }
        self.threads.open.set(Some(shown.clone()));
        let state = self.clone();
        let generation = self.generation.get_value();
        spawn_local(async move {
            state.load_bodies(&shown, generation).await;
            if !state.still(generation) {
                return;
            }
            // What was acted on while the bodies loaded (a conversation moved or deleted whole is
            // closed, a message moved or deleted leaves it) is neither opened nor marked read: the
            // server no longer has it in this folder.
            let still_shown = |s: &&Shown| {
                let uid = s.row.with_untracked(|r| r.uid);
                state.threads.open.with_untracked(|open| {
                    open.iter()
                        .flatten()
                        .any(|o| o.folder.is_none() && o.row.with_untracked(|r| r.uid) == uid)
                })
            };
            let here: Vec<&Shown> = shown.iter().filter(|s| s.folder.is_none()).filter(still_shown).collect();
            if let Some(newest) = here.last() {
                state.open_message(newest.row.with_untracked(|r| r.uid));
            }
            let others: Vec<u32> =
                here.iter().rev().skip(1).map(|s| s.row.with_untracked(|r| r.uid)).collect();
            let opened = others.clone();
            state.mark_read_when_shown(others, move |s| {
                s.threads.open.with_untracked(|open| {
                    open.iter()
                        .flatten()
                        .any(|o| o.folder.is_none() && opened.contains(&o.row.with_untracked(|r| r.uid)))
                })
            });
        });
    }

    /// Reads the shown messages' bodies: cached ones from the store, the rest with one FETCH per
    /// folder (another folder's on the main connection, see [`MailState::run_in_folder`]).
    async fn load_bodies(&self, shown: &[Shown], generation: u64) {
        let email = self.email().to_owned();
        let open = self.folders.open.get_untracked();
        let mut missing: HashMap<Option<MailboxName>, Vec<&Shown>> = HashMap::new();
        for s in shown {
            let uid = s.row.with_untracked(|r| r.uid);
            let folder = s.folder.clone().or_else(|| open.clone()).unwrap_or_default();
            match store::body(&email, folder.as_wire(), s.uidvalidity, uid).await.ok().flatten() {
                Some(raw) => s.message.set(Some((read(&raw).unwrap_or_default(), raw))),
                None => missing.entry(s.folder.clone()).or_default().push(s),
            }
        }
        for (folder, wanted) in missing {
            let uids: Vec<u32> = wanted.iter().map(|s| s.row.with_untracked(|r| r.uid)).collect();
            let fetch = Command::Fetch {
                set: SequenceSet::from_ids(&uids),
                uid: true,
                items: FetchItems::section(Section::Full),
                changed_since: None,
                vanished: false,
            };
            let result = match &folder {
                None => self.run_when_selected(fetch, generation).await.map(|r| r.map(|d| Some(vec![d]))),
                Some(f) => Some(self.run_in_folder(f, wanted[0].uidvalidity, vec![fetch]).await),
            };
            // What the server did not return is said in its place rather than loading forever.
            let unread = |why: &'static str| {
                for s in wanted.iter().filter(|s| s.message.with_untracked(Option::is_none)) {
                    s.unavailable.set(Some(why));
                }
            };
            let messages = match result {
                Some(Ok(Some(mut data))) => match data.pop() {
                    Some(Data::Fetched(messages)) => messages,
                    _ => {
                        unread(crate::i18n::t().message_gone);
                        continue;
                    }
                },
                Some(Err(f)) => {
                    self.error.set(Some(f.error));
                    unread(crate::i18n::t().message_unreachable);
                    continue;
                }
                // The folder's UIDs mean other messages now (run_in_folder).
                Some(Ok(None)) => {
                    unread(crate::i18n::t().message_gone);
                    continue;
                }
                // The open folder was not selected in time (no connection), or the view moved on.
                None => {
                    unread(crate::i18n::t().message_unreachable);
                    continue;
                }
            };
            let wire = folder.clone().or_else(|| open.clone()).unwrap_or_default();
            for m in messages {
                let (Some(uid), Some(raw)) = (m.uid, m.section(&Section::Full)) else { continue };
                let Some(s) = wanted.iter().find(|s| s.row.with_untracked(|r| r.uid) == uid) else {
                    continue;
                };
                let _ = store::put_body(&email, wire.as_wire(), s.uidvalidity, uid, raw).await;
                s.message.set(Some((read(raw).unwrap_or_default(), raw.to_vec())));
            }
            unread(crate::i18n::t().message_gone);
        }
    }

    /// Runs `commands` in another `folder` of the account on the main connection, holding it
    /// throughout so that no command meant for the open folder runs there meanwhile, then selects
    /// the open folder again. `None` when the folder's UIDVALIDITY is no longer `uidvalidity`
    /// (RFC 3501 section 2.3.1.1: the UIDs mean other messages now).
    pub(super) async fn run_in_folder(
        &self,
        folder: &MailboxName,
        uidvalidity: u32,
        commands: Vec<Command>,
    ) -> Result<Option<Vec<Data>>, Failure> {
        // Connects (and selects the open folder) if there is no session yet.
        self.run(Command::Noop).await?;
        let generation = self.generation.get_value();
        let slot = self.session.get_value();
        let mut guard = slot.lock().await;
        let Some(session) = guard.as_mut() else {
            return Err(Failure { error: MailError::new(crate::i18n::t().offline_cached), transport: true });
        };
        let mut out = Vec::new();
        let mut result = Ok(());
        match session.run(Command::Select { mailbox: folder.clone(), qresync: None }).await {
            Ok(Data::Selected(r)) if r.mailbox.uidvalidity == Some(uidvalidity) => {
                for command in commands {
                    match session.run(command).await {
                        Ok(data) => out.push(data),
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
            }
            Ok(_) => {}
            Err(e) => result = Err(e),
        }
        let same = !out.is_empty() || result.is_err();
        // Back to the open folder before anything else may run.
        let mut reselected = None;
        if let Some(open) = self.folders.open.get_untracked()
            && session.is_usable()
        {
            let select = self.select_command(session, open);
            if let Ok(Data::Selected(r)) = session.run(select).await {
                reselected = Some(r);
            }
        }
        // News that came meanwhile was about the other folder, or is in the SELECT's result.
        session.updates.clear();
        let usable = session.is_usable();
        if !usable {
            *guard = None;
        }
        drop(guard);
        if let Some(r) = reselected {
            self.resync(*r, generation).await;
        }
        let result = result.map_err(|error| Failure { error, transport: !usable });
        result.map(|()| same.then_some(out))
    }
}
