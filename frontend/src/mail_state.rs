//! The state of the mail view for one IMAP account: the session, the folders, the rows of the
//! open folder (fetched lazily in windows of sequence numbers), the open message, and the actions.
//!
//! Components stay thin: they read these signals and call these methods.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use futures_util::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{
    Command, Data, FetchItems, FetchedMessage, Flag, ListedMailbox, MailboxUpdate, SearchKey, Section,
    SequenceSet, SpecialUse, StoreAction,
};
use posthorn_proto::message::{ReadableMessage, read};
use posthorn_proto::secret::Secret;

use crate::account::AccountSettings;
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;
use crate::session::imap::ImapSession;

/// Rows are fetched in windows of this many sequence numbers.
pub const WINDOW: u32 = 100;

/// A folder in the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Folder {
    /// The decoded name, for display.
    pub name: String,
    /// The name as the server knows it.
    pub wire_name: String,
    /// Its special use, if any.
    pub role: Option<SpecialUse>,
    /// Unread messages, once known.
    pub unread: Option<u32>,
    /// Whether it can be opened.
    pub selectable: bool,
    /// The hierarchy delimiter from LIST (RFC 3501 section 6.3.8), for the folder tree.
    pub delimiter: Option<char>,
}

/// One row of the message list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The message's UID.
    pub uid: u32,
    /// Sender, display form.
    pub from: String,
    /// Subject.
    pub subject: String,
    /// Date, as the server's INTERNALDATE (or the Date header).
    pub date: String,
    /// RFC822.SIZE.
    pub size: u32,
    /// \Seen.
    pub seen: bool,
    /// \Flagged.
    pub flagged: bool,
    /// \Answered.
    pub answered: bool,
    /// Has non-body parts.
    pub attachment: bool,
}

impl Row {
    fn from_fetch(m: &FetchedMessage) -> Option<Row> {
        let flags = m.flags.clone().unwrap_or_default();
        let envelope = m.envelope.clone().unwrap_or_default();
        let from = envelope
            .from
            .first()
            .map(|a| a.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| a.address.clone()))
            .unwrap_or_default();
        let date = m
            .internal_date
            .as_ref()
            .map(|t| crate::format::date_time(t.unix, t.offset_minutes))
            .or(envelope.date.clone())
            .unwrap_or_default();
        Some(Row {
            uid: m.uid?,
            from,
            subject: envelope.subject.clone().unwrap_or_default(),
            date,
            size: m.size.unwrap_or(0),
            seen: flags.contains(&Flag::Seen),
            flagged: flags.contains(&Flag::Flagged),
            answered: flags.contains(&Flag::Answered),
            attachment: m.has_attachments(),
        })
    }
}

/// Sort order for folders: special-use first, in the order people expect.
fn role_rank(folder: &Folder) -> u8 {
    if folder.wire_name.eq_ignore_ascii_case("INBOX") {
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

/// The mail view's state.
#[derive(Clone)]
pub struct MailState {
    /// The account.
    pub account: AccountSettings,
    /// The session lives in the browser's one thread; the handle is what gets copied around.
    session: StoredValue<Rc<Mutex<Option<ImapSession>>>, LocalStorage>,
    password: Secret,
    log: ProtocolLog,
    /// Folders, sorted for display.
    pub folders: RwSignal<Vec<Folder>>,
    /// The open folder's wire name.
    pub folder: RwSignal<Option<String>>,
    /// Messages in the open folder.
    pub exists: RwSignal<u32>,
    /// Loaded rows by sequence number.
    pub rows: RwSignal<HashMap<u32, Row>>,
    requested: StoredValue<HashSet<u32>>,
    /// Search results (UIDs, newest first) when a search is active.
    pub search: RwSignal<Option<Vec<u32>>>,
    /// The selected messages (UIDs).
    pub selected: RwSignal<HashSet<u32>>,
    /// The open message.
    pub open: RwSignal<Option<(u32, ReadableMessage, Vec<u8>)>>,
    /// What is going on, for the status line.
    pub status: RwSignal<String>,
    /// The last error, shown until dismissed.
    pub error: RwSignal<Option<MailError>>,
    /// Bumped whenever another folder is opened, so an IDLE watcher for the old one stops.
    generation: StoredValue<u64>,
}

impl MailState {
    /// State for an account whose password is known; call [`MailState::start`] to connect.
    pub fn new(account: AccountSettings, password: Secret, log: ProtocolLog) -> Self {
        Self {
            account,
            session: StoredValue::new_local(Rc::new(Mutex::new(None))),
            password,
            log,
            folders: RwSignal::new(Vec::new()),
            folder: RwSignal::new(None),
            exists: RwSignal::new(0),
            rows: RwSignal::new(HashMap::new()),
            requested: StoredValue::new(HashSet::new()),
            search: RwSignal::new(None),
            selected: RwSignal::new(HashSet::new()),
            open: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Runs a command on the session, connecting (again) when there is none.
    async fn run(&self, command: Command) -> Result<Data, MailError> {
        let session_slot = self.session.get_value();
        let mut guard = session_slot.lock().await;
        if guard.is_none() {
            self.status.set(format!("Connecting to {}…", self.account.incoming.host));
            let mut session = ImapSession::open(&self.account, &self.password, self.log).await?;
            // A fresh session has nothing selected: select the open folder again.
            if let Some(folder) = self.folder.get_untracked() {
                session.run(Command::Select { mailbox: folder, qresync: None }).await?;
            }
            *guard = Some(session);
        }
        let session = guard.as_mut().expect("connected");
        let result = session.run(command).await;
        let updates = std::mem::take(&mut session.updates);
        // The engine's mailbox model is the truth for the count (EXISTS and EXPUNGE both move it).
        let model_exists = session.client().mailbox().map(|m| m.exists);
        if !session.is_usable() {
            // The next command reconnects.
            *guard = None;
        }
        drop(guard);
        self.apply_updates(updates);
        if let Some(n) = model_exists
            && self.folder.get_untracked().is_some()
            && n != self.exists.get_untracked()
        {
            self.exists.set(n);
            self.rows.set(HashMap::new());
            self.requested.set_value(HashSet::new());
        }
        result
    }

    fn apply_updates(&self, updates: Vec<MailboxUpdate>) {
        let mut reload = false;
        for update in updates {
            match update {
                MailboxUpdate::Exists(n) if n != self.exists.get_untracked() => {
                    self.exists.set(n);
                    reload = true;
                }
                MailboxUpdate::Expunged { .. } | MailboxUpdate::Vanished { .. } => reload = true,
                MailboxUpdate::FlagsChanged { seq, flags, .. } => self.rows.update(|rows| {
                    if let Some(row) = rows.get_mut(&seq) {
                        row.seen = flags.contains(&Flag::Seen);
                        row.flagged = flags.contains(&Flag::Flagged);
                        row.answered = flags.contains(&Flag::Answered);
                    }
                }),
                _ => {}
            }
        }
        if reload {
            // Sequence numbers moved: drop the rows and let the list fetch what is visible.
            self.rows.set(HashMap::new());
            self.requested.set_value(HashSet::new());
        }
    }

    fn report<T>(&self, result: Result<T, MailError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.status.set(String::new());
                self.error.set(Some(e));
                None
            }
        }
    }

    /// Connects, lists the folders and opens the inbox.
    pub fn start(&self) {
        let state = self.clone();
        spawn_local(async move {
            if state.report(state.load_folders().await).is_some() {
                state.open_folder("INBOX".to_string());
            }
        });
    }

    async fn load_folders(&self) -> Result<(), MailError> {
        let data = self.run(Command::List { reference: String::new(), pattern: "*".into() }).await?;
        let Data::List(list) = data else { return Ok(()) };
        let mut folders: Vec<Folder> = list.mailboxes.iter().map(folder_of).collect();
        folders.sort_by(|a, b| role_rank(a).cmp(&role_rank(b)).then_with(|| a.name.cmp(&b.name)));
        self.folders.set(folders.clone());
        for folder in folders.iter().filter(|f| f.selectable) {
            if let Ok(Data::Status(status)) =
                self.run(Command::Status { mailbox: folder.wire_name.clone() }).await
            {
                let name = folder.wire_name.clone();
                self.folders.update(|fs| {
                    if let Some(f) = fs.iter_mut().find(|f| f.wire_name == name) {
                        f.unread = status.unseen;
                    }
                });
            }
        }
        Ok(())
    }

    /// Opens a folder: SELECT, then the list fetches its visible rows.
    pub fn open_folder(&self, wire_name: String) {
        let state = self.clone();
        spawn_local(async move {
            state.status.set(format!("Opening {wire_name}…"));
            state.open.set(None);
            state.search.set(None);
            state.selected.set(HashSet::new());
            state.rows.set(HashMap::new());
            state.requested.set_value(HashSet::new());
            let result = state.run(Command::Select { mailbox: wire_name.clone(), qresync: None }).await;
            if let Some(Data::Selected(selected)) = state.report(result) {
                state.folder.set(Some(wire_name.clone()));
                state.exists.set(selected.mailbox.exists);
                state.status.set(String::new());
                state.generation.update_value(|g| *g += 1);
                state.watch(wire_name);
            }
        });
    }

    /// Watches the open folder for new mail on a second connection with IDLE (RFC 2177), so the
    /// main connection stays free for what the person does. When something changes, a NOOP on
    /// the main connection brings the news (EXISTS, EXPUNGE, FETCH) into the view. Servers
    /// without IDLE rely on the 30-second poll.
    fn watch(&self, folder: String) {
        let state = self.clone();
        let generation = self.generation.get_value();
        spawn_local(async move {
            let Ok(mut watcher) = ImapSession::open(&state.account, &state.password, state.log).await else {
                return;
            };
            if !watcher.client().capabilities().idle()
                || watcher.run(Command::Examine { mailbox: folder, qresync: None }).await.is_err()
            {
                watcher.logout().await;
                return;
            }
            watcher.enqueue(Command::Idle);
            loop {
                let event = watcher.next_event().await;
                if state.generation.try_get_value() != Some(generation) {
                    break;
                }
                match event {
                    Ok(posthorn_proto::imap::Event::Mailbox(_)) => state.refresh(),
                    Ok(posthorn_proto::imap::Event::Done { .. }) => watcher.enqueue(Command::Idle),
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
            watcher.logout().await;
        });
    }

    /// Makes sure the rows for these sequence numbers are loaded (or loading).
    pub fn ensure_rows(&self, first_seq: u32, last_seq: u32) {
        if first_seq == 0 || last_seq < first_seq {
            return;
        }
        let exists = self.exists.get_untracked();
        let mut windows = Vec::new();
        let mut seq = first_seq;
        while seq <= last_seq.min(exists) {
            let window = (seq - 1) / WINDOW;
            let missing = self.requested.with_value(|r| !r.contains(&window));
            if missing {
                self.requested.update_value(|r| {
                    r.insert(window);
                });
                windows.push(window);
            }
            seq = (window + 1) * WINDOW + 1;
        }
        for window in windows {
            let state = self.clone();
            spawn_local(async move {
                let start = window * WINDOW + 1;
                let end = ((window + 1) * WINDOW).min(state.exists.get_untracked());
                if end < start {
                    return;
                }
                let items = FetchItems { uid: true, ..FetchItems::summary() };
                let result = state
                    .run(Command::Fetch {
                        set: SequenceSet::range(start, end),
                        uid: false,
                        items,
                        changed_since: None,
                        vanished: false,
                    })
                    .await;
                match state.report(result) {
                    Some(Data::Fetched(messages)) => state.rows.update(|rows| {
                        for m in &messages {
                            if let Some(row) = Row::from_fetch(m) {
                                rows.insert(m.seq, row);
                            }
                        }
                    }),
                    _ => state.requested.update_value(|r| {
                        r.remove(&window);
                    }),
                }
            });
        }
    }

    /// Opens a message: fetches the whole message (without setting \Seen by the fetch itself),
    /// parses it, then marks it read.
    pub fn open_message(&self, uid: u32) {
        let state = self.clone();
        spawn_local(async move {
            state.status.set("Loading message…".into());
            let result = state
                .run(Command::Fetch {
                    set: SequenceSet::single(uid),
                    uid: true,
                    items: FetchItems::section(Section::Full),
                    changed_since: None,
                    vanished: false,
                })
                .await;
            let Some(Data::Fetched(messages)) = state.report(result) else { return };
            let Some(raw) = messages.iter().find_map(|m| m.section(&Section::Full)).map(<[u8]>::to_vec)
            else {
                state.error.set(Some(MailError::new(
                    "The server did not return the message; it may have been deleted.",
                )));
                return;
            };
            let message = read(&raw).unwrap_or_default();
            state.open.set(Some((uid, message, raw)));
            state.status.set(String::new());
            state.set_flag(vec![uid], Flag::Seen, true);
        });
    }

    /// Adds or removes a flag on messages.
    pub fn set_flag(&self, uids: Vec<u32>, flag: Flag, on: bool) {
        if uids.is_empty() {
            return;
        }
        let state = self.clone();
        spawn_local(async move {
            let action = if on { StoreAction::Add } else { StoreAction::Remove };
            let result = state
                .run(Command::Store {
                    uids: SequenceSet::from_ids(&uids),
                    action,
                    flags: vec![flag.clone()],
                    unchanged_since: None,
                })
                .await;
            if state.report(result).is_some() {
                state.rows.update(|rows| {
                    for row in rows.values_mut().filter(|r| uids.contains(&r.uid)) {
                        match flag {
                            Flag::Seen => row.seen = on,
                            Flag::Flagged => row.flagged = on,
                            Flag::Answered => row.answered = on,
                            _ => {}
                        }
                    }
                });
            }
        });
    }

    /// Moves messages to another folder (MOVE, or the COPY + STORE + EXPUNGE fallback in the engine).
    pub fn move_to(&self, uids: Vec<u32>, to: String) {
        if uids.is_empty() {
            return;
        }
        let state = self.clone();
        spawn_local(async move {
            state.status.set(format!("Moving {} message(s) to {to}…", uids.len()));
            let result = state.run(Command::Move { uids: SequenceSet::from_ids(&uids), to }).await;
            if state.report(result).is_some() {
                state.after_removal(&uids);
            }
        });
    }

    /// Deletes messages: to Trash when there is one (and this is not it), else \Deleted + expunge.
    pub fn delete(&self, uids: Vec<u32>) {
        let trash = self
            .folders
            .get_untracked()
            .into_iter()
            .find(|f| f.role == Some(SpecialUse::Trash))
            .map(|f| f.wire_name);
        match trash {
            Some(trash) if self.folder.get_untracked().as_deref() != Some(trash.as_str()) => {
                self.move_to(uids, trash)
            }
            _ => {
                let state = self.clone();
                spawn_local(async move {
                    let set = SequenceSet::from_ids(&uids);
                    let stored = state
                        .run(Command::Store {
                            uids: set.clone(),
                            action: StoreAction::Add,
                            flags: vec![Flag::Deleted],
                            unchanged_since: None,
                        })
                        .await;
                    if state.report(stored).is_some() {
                        let expunged = state.run(Command::UidExpunge { uids: set }).await;
                        if state.report(expunged).is_some() {
                            state.after_removal(&uids);
                        }
                    }
                });
            }
        }
    }

    fn after_removal(&self, uids: &[u32]) {
        self.status.set(String::new());
        self.selected.update(|s| s.retain(|u| !uids.contains(u)));
        if self.open.with_untracked(|o| o.as_ref().is_some_and(|(uid, _, _)| uids.contains(uid))) {
            self.open.set(None);
        }
        self.rows.set(HashMap::new());
        self.requested.set_value(HashSet::new());
        self.search.update(|s| {
            if let Some(found) = s {
                found.retain(|u| !uids.contains(u));
            }
        });
    }

    /// Server-side search (UID SEARCH CHARSET UTF-8) over from, to, subject or body.
    pub fn search_server(&self, field: &str, text: String) {
        let text = text.trim().to_string();
        if text.is_empty() {
            self.search.set(None);
            return;
        }
        let key = match field {
            "from" => SearchKey::From(text),
            "to" => SearchKey::To(text),
            "subject" => SearchKey::Subject(text),
            "body" => SearchKey::Body(text),
            _ => SearchKey::Text(text),
        };
        let state = self.clone();
        spawn_local(async move {
            state.status.set("Searching…".into());
            let result = state.run(Command::Search { criteria: vec![key] }).await;
            if let Some(Data::Searched(found)) = state.report(result) {
                let mut uids = found.uids;
                uids.sort_unstable_by(|a, b| b.cmp(a));
                state.status.set(format!("{} found", uids.len()));
                state.search.set(Some(uids.clone()));
                // Fetch the found rows by UID (the first few hundred).
                let take: Vec<u32> = uids.iter().copied().take(300).collect();
                if take.is_empty() {
                    return;
                }
                let items = FetchItems { uid: true, ..FetchItems::summary() };
                let fetched = state
                    .run(Command::Fetch {
                        set: SequenceSet::from_ids(&take),
                        uid: true,
                        items,
                        changed_since: None,
                        vanished: false,
                    })
                    .await;
                if let Some(Data::Fetched(messages)) = state.report(fetched) {
                    state.rows.update(|rows| {
                        for m in &messages {
                            if let Some(row) = Row::from_fetch(m) {
                                rows.insert(m.seq, row);
                            }
                        }
                    });
                }
            }
        });
    }

    /// Checks for new mail (NOOP): EXISTS, EXPUNGE and FETCH updates arrive with it.
    pub fn poll(&self) {
        let state = self.clone();
        spawn_local(async move {
            // A poll that fails is not worth an error banner: the next one tries again.
            if state.folder.get_untracked().is_some() && state.session.get_value().try_lock().is_some() {
                let _ = state.run(Command::Noop).await;
            }
        });
    }

    /// Brings the open folder up to date now (NOOP), waiting for the main connection if it is busy.
    pub fn refresh(&self) {
        let state = self.clone();
        spawn_local(async move {
            if state.folder.get_untracked().is_some() {
                let _ = state.run(Command::Noop).await;
            }
        });
    }

    /// The row for a UID among the loaded ones.
    pub fn row_by_uid(&self, uid: u32) -> Option<Row> {
        self.rows.with(|rows| rows.values().find(|r| r.uid == uid).cloned())
    }
}

fn folder_of(m: &ListedMailbox) -> Folder {
    Folder {
        name: m.name.clone(),
        wire_name: m.wire_name.clone(),
        role: m.special_use,
        unread: None,
        selectable: m.selectable(),
        delimiter: m.delimiter,
    }
}
