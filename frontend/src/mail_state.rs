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
//! Components stay thin: they read a store and call these methods. The stores are small groups
//! of signals, one for each thing shown (`mail_state/stores.rs`: the folders, the message list,
//! the open message, the search, the offline queue; the conversations are
//! `mail_state/conversations.rs`), which the mail view provides by context with
//! [`MailState::provide`]. The methods are in `mail_state/`, by what they work on: `connection.rs` (the one
//! session), `open.rs` (start, opening a folder, resync, poll), `folders.rs`, `folder_sync.rs`,
//! `rows.rs`, `order.rs`, `reader.rs`, `changes.rs` (flag, move, delete), `offline_queue.rs`,
//! `search.rs` (with its Leptos action), `selection.rs` (the ticked rows), `watch.rs` (IDLE), and the conversations' files.

use std::rc::Rc;

use leptos::prelude::*;

use posthorn_proto::imap::SpecialUse;

use crate::account::{AccountSettings, Accounts};
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;

mod changes;
mod connection;
mod conversation_actions;
mod conversations;
mod folder_admin;
mod folder_sync;
mod folders;
mod import;
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
mod selection;
mod stores;
pub mod tags;
mod threads;
mod watch;

pub use changes::{MessageChange, Undo, latest_undo};
pub use conversation_actions::MemberAction;
pub use conversations::{Conversation, Conversations, Shown};
pub use folder_admin::{FolderChange, is_own};
pub use folders::{Folder, role_folder};
pub use order::SortControl;
pub(crate) use order::arrange;
pub use rows::{BATCH, FlagName, Row};
pub use search::{Filter, Query};
pub use selection::Ticked;
pub(crate) use selection::set_ticks;
pub use stores::{FolderStore, ListStore, QueueStore, ReaderStore, SearchStore};

use connection::{Failure, online};
use folder_sync::{FolderSync, from_ranges, to_ranges};
use main_session::MainSession;
use offline_queue::{Change, Queued};

/// The mail view's state: the stores it shows and the connection that fills them.
#[derive(Clone)]
pub struct MailState {
    /// The account.
    pub account: AccountSettings,
    accounts: Accounts,
    /// The session lives in the browser's one thread; the handle is what gets copied around.
    session: StoredValue<Rc<MainSession>, LocalStorage>,
    log: ProtocolLog,
    /// The folders and the open one.
    pub folders: FolderStore,
    /// The open folder's messages.
    pub list: ListStore,
    /// The open message.
    pub reader: ReaderStore,
    /// The active search.
    pub search: SearchStore,
    /// Actions waiting for the network.
    pub queue: QueueStore,
    /// What is going on, for the status line.
    pub status: RwSignal<String>,
    /// The last error, shown until dismissed.
    pub error: RwSignal<Option<MailError>>,
    /// Bumped whenever another folder is opened, so an IDLE watcher for the old one stops.
    generation: StoredValue<u64>,
    /// Conversations: the switch, their rows, the open one (mail_state/conversations.rs).
    pub threads: Conversations,
}

impl MailState {
    /// State for an account; call [`MailState::start`] to show the cache and connect.
    pub fn new(account: AccountSettings, accounts: Accounts, log: ProtocolLog) -> Self {
        let folders = FolderStore {
            all: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            quota: RwSignal::new(None),
        };
        // Sent and Drafts name the recipients in the sender's place, and order by them. A memo,
        // so that the list is ordered again when this changes, not when a folder's count does.
        let by_recipient = Memo::new(move |_| {
            [SpecialUse::Sent, SpecialUse::Drafts]
                .into_iter()
                .any(|role| folders::open_in_role(folders, role))
        });
        let list = ListStore::new(by_recipient);
        Self {
            account,
            accounts,
            session: StoredValue::new_local(Rc::new(MainSession::default())),
            log,
            folders,
            list,
            reader: ReaderStore { message: RwSignal::new(None) },
            search: SearchStore::new(list),
            queue: QueueStore { waiting: RwSignal::new(0), undo: RwSignal::new(None) },
            status: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
            threads: Conversations::new(list.sort, list.order, list.rows),
        }
    }

    /// Provides the stores, the conversations and the state itself to the components below.
    pub fn provide(&self) {
        provide_context(self.clone());
        provide_context(self.folders);
        provide_context(self.list);
        provide_context(self.reader);
        provide_context(self.search);
        provide_context(self.queue);
        provide_context(self.threads);
    }

    fn email(&self) -> &str {
        &self.account.email
    }

    /// Whether the folder opened at `generation` is still the open one.
    fn still(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }
}
