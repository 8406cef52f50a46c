//! The state of the mail view for one IMAP account: the session, the folders, the open folder's
//! messages (its UIDs in server order, rows fetched lazily by UID, and the list's order, see
//! [`order`]), the open message, and the actions.
//!
//! Everything seen is kept in the local store ([`crate::store`]): opening a folder shows the
//! cached list at once, then resynchronises it — with QRESYNC (RFC 7162) one SELECT brings what
//! changed and what vanished; without it, UID SEARCH ALL and a FLAGS fetch of the cached
//! messages. A changed UIDVALIDITY drops the folder's cache. Flag, move and delete done while the
//! network is away are applied locally and queued; the queue is replayed in order once the
//! connection is back.
//!
//! Components stay thin: they read these signals and call these methods. This file holds the
//! signals; the methods are in `mail_state/`, by what they work on: `connection.rs` (the one
//! session), `open.rs` (start, opening a folder, resync, poll), `folders.rs`, `folder_sync.rs`,
//! `rows.rs`, `order.rs`, `reader.rs`, `changes.rs` (flag, move, delete), `offline_queue.rs`,
//! `search.rs` (with its Leptos action), `watch.rs` (IDLE), and the conversations' files.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use posthorn_proto::imap::MailboxName;
use posthorn_proto::message::ReadableMessage;
use posthorn_proto::sort::SortOrder;

use crate::account::{AccountSettings, Accounts};
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;

mod changes;
mod connection;
mod conversation_actions;
mod conversations;
mod folder_sync;
mod folders;
mod lending;
mod main_session;
mod offline_queue;
mod open;
mod order;
pub(crate) mod preview;
mod reader;
mod requested;
mod rows;
mod search;
mod threads;
mod watch;

pub use conversation_actions::MemberAction;
pub use conversations::{Conversation, Conversations, Shown};
pub use folders::Folder;
pub use order::SortControl;
pub(crate) use order::arrange;
pub use rows::{BATCH, FlagName, Row};
pub use search::Query;

use connection::{Failure, online};
use folder_sync::{FolderSync, from_ranges, to_ranges};
use main_session::MainSession;
use offline_queue::{Change, Queued};

/// The mail view's state.
#[derive(Clone)]
pub struct MailState {
    /// The account.
    pub account: AccountSettings,
    accounts: Accounts,
    /// The session lives in the browser's one thread; the handle is what gets copied around.
    session: StoredValue<Rc<MainSession>, LocalStorage>,
    log: ProtocolLog,
    /// Folders, sorted for display.
    pub folders: RwSignal<Vec<Folder>>,
    /// The open folder's wire name.
    pub folder: RwSignal<Option<MailboxName>>,
    /// The open folder's UIDs in server order (oldest first): the list shows them newest first.
    pub uids: RwSignal<Vec<u32>>,
    /// Loaded rows by UID.
    pub rows: RwSignal<HashMap<u32, Row>>,
    /// How the list is ordered (kept per folder).
    pub sort: RwSignal<SortOrder>,
    /// The server's UID SORT result for an order, while not every row is cached.
    server_order: RwSignal<Option<(SortOrder, Vec<u32>)>>,
    /// The open folder's UIDs in the list's order, first shown first.
    pub order: Memo<Vec<u32>>,
    requested: StoredValue<HashSet<u32>>,
    /// The generation whose folder's list is on screen (mail_state/requested.rs).
    shown: StoredValue<u64>,
    /// The open folder's UIDVALIDITY and HIGHESTMODSEQ, once known.
    uidvalidity: StoredValue<Option<u32>>,
    highest_modseq: StoredValue<Option<u64>>,
    /// Search results (UIDs, newest first) when a search is active.
    pub search: RwSignal<Option<Vec<u32>>>,
    /// The search results as the list shows them: in the list's order (mail_state/search.rs).
    pub found: Memo<Option<Vec<u32>>>,
    /// The selected messages (UIDs).
    pub selected: RwSignal<HashSet<u32>>,
    /// The open message.
    pub open: RwSignal<Option<(u32, ReadableMessage, Vec<u8>)>>,
    /// What is going on, for the status line.
    pub status: RwSignal<String>,
    /// The last error, shown until dismissed.
    pub error: RwSignal<Option<MailError>>,
    /// Actions waiting for the network.
    pub queued: RwSignal<usize>,
    /// Bumped whenever another folder is opened, so an IDLE watcher for the old one stops.
    generation: StoredValue<u64>,
    /// The UIDs of the last new mail in the open folder (announce.rs tells the person).
    pub arrived: RwSignal<Vec<u32>>,
    /// Conversations: the switch, their rows, the open one (mail_state/conversations.rs).
    pub threads: Conversations,
}

impl MailState {
    /// State for an account; call [`MailState::start`] to show the cache and connect.
    pub fn new(account: AccountSettings, accounts: Accounts, log: ProtocolLog) -> Self {
        let uids = RwSignal::new(Vec::new());
        let rows = RwSignal::new(HashMap::new());
        let sort = RwSignal::new(SortOrder::default());
        let server_order = RwSignal::new(None);
        let order = Memo::new(move |_| {
            let sort = sort.get();
            uids.with(|u| rows.with(|r| server_order.with(|s| order::arrange(sort, u, r, s.as_ref()))))
        });
        let search = RwSignal::new(None);
        let found = Memo::new(move |_| {
            search.with(|s: &Option<Vec<u32>>| {
                s.as_ref().map(|hits| order.with(|o| search::in_list_order(hits, o)))
            })
        });
        Self {
            account,
            accounts,
            session: StoredValue::new_local(Rc::new(MainSession::default())),
            log,
            folders: RwSignal::new(Vec::new()),
            folder: RwSignal::new(None),
            uids,
            rows,
            sort,
            server_order,
            order,
            requested: StoredValue::new(HashSet::new()),
            shown: StoredValue::new(0),
            uidvalidity: StoredValue::new(None),
            highest_modseq: StoredValue::new(None),
            search,
            found,
            selected: RwSignal::new(HashSet::new()),
            open: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            queued: RwSignal::new(0),
            generation: StoredValue::new(0),
            arrived: RwSignal::new(Vec::new()),
            threads: Conversations::new(sort, order, rows),
        }
    }

    /// Ticks message `uid` for an action on several messages, or clears its tick.
    pub fn toggle_selected(&self, uid: u32) {
        self.selected.update(|s| {
            if !s.remove(&uid) {
                s.insert(uid);
            }
        });
    }

    fn email(&self) -> &str {
        &self.account.email
    }

    /// Whether the folder opened at `generation` is still the open one.
    fn still(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }
}
