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
//! Components stay thin: they read these signals and call these methods.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::sync::{self, Support};
use posthorn_proto::imap::{Command, Data, MailboxName};
use posthorn_proto::message::ReadableMessage;
use posthorn_proto::sort::SortOrder;

use crate::account::{AccountSettings, Accounts};
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;
use crate::session::imap::ImapSession;

mod changes;
mod conversation_actions;
mod conversations;
mod folder_sync;
mod folders;
mod main_session;
mod offline_queue;
mod open;
mod order;
mod preview;
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
pub use rows::{BATCH, FlagName, Row};
pub use search::Query;

use folder_sync::{FolderSync, from_ranges, to_ranges};
use main_session::MainSession;
use offline_queue::{Change, Queued};

/// Why a command did not run.
struct Failure {
    error: MailError,
    /// The network or bridge is away: the work can wait in the queue.
    transport: bool,
}

impl From<MailError> for Failure {
    fn from(error: MailError) -> Self {
        Failure { error, transport: false }
    }
}

fn online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

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
            search: RwSignal::new(None),
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

    fn email(&self) -> &str {
        &self.account.email
    }

    /// Whether the folder opened at `generation` is still the open one.
    fn still(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Runs a command on the session, connecting (and selecting the open folder) when there is
    /// none. A fresh connection resynchronises the open folder first.
    async fn run(&self, command: Command) -> Result<Data, Failure> {
        // Without the folder check the command always runs.
        self.run_if(command, false).await.map(|data| data.unwrap_or(Data::None))
    }

    /// Runs a command that names messages of the open folder by UID, but only once the session
    /// has that folder selected; `None` until then. Commands wait their turn for the one session,
    /// so a FETCH asked for the rows of a folder just opened can come before that folder's SELECT
    /// (or while a queued change is replayed in another folder): it would read another folder's
    /// messages under the same UIDs (RFC 3501 section 2.3.1.1: UIDs are per mailbox) and file
    /// them under this one.
    async fn run_in_open_folder(&self, command: Command) -> Result<Option<Data>, Failure> {
        self.run_if(command, true).await
    }

    async fn run_if(&self, command: Command, in_open_folder: bool) -> Result<Option<Data>, Failure> {
        self.with_session(in_open_folder, async move |session| session.run(command).await).await
    }

    /// Runs several commands at once ([`ImapSession::run_all`]: pipelined where IMAP allows),
    /// connecting when there is no session; each command's own result, in order.
    async fn run_all(&self, commands: Vec<Command>) -> Result<Vec<Result<Data, MailError>>, Failure> {
        let results = self.with_session(false, async move |session| session.run_all(commands).await).await?;
        Ok(results.unwrap_or_default())
    }

    /// Does `work` on the session, connecting (and selecting the open folder) when there is none;
    /// with `in_open_folder`, only while the open folder is the selected one (`None` otherwise).
    async fn with_session<T>(
        &self,
        in_open_folder: bool,
        work: impl AsyncFnOnce(&mut ImapSession) -> Result<T, MailError>,
    ) -> Result<Option<T>, Failure> {
        let session_slot = self.session.get_value();
        let mut guard = session_slot.lock().await;
        let mut reselected = None;
        if guard.is_none() {
            let Some(password) = self.accounts.password(self.email()) else {
                return Err(Failure {
                    error: MailError::new(crate::i18n::t().enter_password_to_connect),
                    transport: true,
                });
            };
            if !online() {
                return Err(Failure {
                    error: MailError::new(crate::i18n::t().offline_cached),
                    transport: true,
                });
            }
            self.status.set((crate::i18n::t().connecting_to)(&self.account.incoming.host));
            let mut session =
                ImapSession::connect(&self.account, &password, self.log).await.map_err(|f| {
                    if f.login_refused {
                        self.accounts.reject_password(self.email(), &password, f.error.with_reply());
                    }
                    // A refused certificate is no passing network trouble: it goes to the error
                    // banner, where it can be inspected and trusted (account_setup/certificate.rs).
                    let transport = f.transport && f.error.certificate.is_none();
                    Failure { error: f.error, transport }
                })?;
            // A fresh session has nothing selected: select the open folder again.
            if let Some(folder) = self.folder.get_untracked() {
                let generation = self.generation.get_value();
                let select = self.select_command(&session, folder);
                match session.run(select).await {
                    Ok(Data::Selected(result)) => reselected = Some((result, generation)),
                    Ok(_) => {}
                    Err(e) => return Err(Failure { transport: !session.is_usable(), error: e }),
                }
            }
            *guard = Some(session);
        }
        let session = guard.as_mut().expect("connected");
        let open = self.folder.get_untracked();
        if in_open_folder && (open.is_none() || session.client().mailbox().map(|m| &m.name) != open.as_ref())
        {
            return Ok(None);
        }
        let result = work(session).await;
        let mut updates = std::mem::take(&mut session.updates);
        // News about another folder (selected to replay a queued change) is not the view's.
        let selected = session.client().mailbox().map(|m| m.name.clone());
        if selected.is_none() || selected != self.folder.get_untracked() {
            updates.clear();
        }
        let usable = session.is_usable();
        if !usable {
            // The next command reconnects.
            *guard = None;
        }
        drop(guard);
        if let Some((result, generation)) = reselected {
            // After this command: the resync runs commands of its own.
            let state = self.clone();
            spawn_local(async move { state.resync(*result, generation).await });
        }
        self.apply_updates(updates);
        result.map(Some).map_err(|error| Failure { error, transport: !usable })
    }

    /// [`MailState::run_in_open_folder`], waiting (while the folder opened at `generation` stays
    /// open, up to about ten seconds) for the folder's SELECT to have run.
    async fn run_when_selected(&self, command: Command, generation: u64) -> Option<Result<Data, Failure>> {
        for _ in 0..200 {
            if !self.still(generation) {
                return None;
            }
            match self.run_in_open_folder(command.clone()).await {
                Ok(Some(data)) => return Some(Ok(data)),
                Ok(None) => crate::net::clock::sleep(std::time::Duration::from_millis(50)).await,
                Err(f) => return Some(Err(f)),
            }
        }
        None
    }

    /// SELECT, with QRESYNC parameters when the folder is cached and the session has QRESYNC
    /// (the planner's choice, shared/src/imap/sync.rs). News that comes with any command is
    /// applied by `apply_updates` (mail_state/folder_sync.rs).
    fn select_command(&self, session: &ImapSession, folder: MailboxName) -> Command {
        let support = Support::of(session.client().capabilities(), session.client().enabled());
        sync::select(folder, self.cached(), support)
    }

    fn report<T>(&self, result: Result<T, Failure>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(f) => {
                self.status.set(String::new());
                self.error.set(Some(f.error));
                None
            }
        }
    }
}
