//! The account's one IMAP session as the view uses it: each command waits its turn
//! (mail_state/main_session.rs), connects when there is no session, selects the open folder again
//! on a fresh connection (and resynchronises it), and hands the news that came with a command to
//! `apply_updates` (mail_state/folder_sync.rs). A failure says whether the network was away, so
//! the work can wait in the offline queue instead (mail_state/offline_queue.rs).

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::sync::{self, Support};
use posthorn_proto::imap::{Command, Data, MailboxName};

use super::MailState;
use crate::session::MailError;
use crate::session::imap::{Closing, ImapSession};

/// Why a command did not run.
pub(super) struct Failure {
    pub(super) error: MailError,
    /// The network or bridge is away: the work can wait in the queue.
    pub(super) transport: bool,
}

impl From<MailError> for Failure {
    fn from(error: MailError) -> Self {
        Failure { error, transport: false }
    }
}

/// Whether the browser says it is online (`navigator.onLine`): offline, no connection is tried.
pub(super) fn online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

impl MailState {
    /// Runs a command on the session, connecting (and selecting the open folder) when there is
    /// none. A fresh connection resynchronises the open folder first.
    pub(super) async fn run(&self, command: Command) -> Result<Data, Failure> {
        // Without the folder check the command always runs.
        self.run_if(command, false).await.map(|data| data.unwrap_or(Data::None))
    }

    /// Runs a command that names messages of the open folder by UID, but only once the session
    /// has that folder selected; `None` until then. Commands wait their turn for the one session,
    /// so a FETCH asked for the rows of a folder just opened can come before that folder's SELECT
    /// (or while a queued change is replayed in another folder): it would read another folder's
    /// messages under the same UIDs (RFC 3501 section 2.3.1.1: UIDs are per mailbox) and file
    /// them under this one.
    ///
    /// A command that comes while another for the open folder waits for the session or runs on
    /// it is sent beside that one, without a turn of its own (session/imap/joined.rs).
    pub(super) async fn run_in_open_folder(&self, command: Command) -> Result<Option<Data>, Failure> {
        let main = self.session.get_value();
        let generation = self.generation.get_value();
        if let Some((result, broken)) = main.joiners.join(generation, command.clone()).await {
            return result.map(Some).map_err(|error| Failure { error, transport: broken });
        }
        if !main.joiners.open(generation) {
            return self.run_if(command, true).await;
        }
        let _closing = Closing(&main.joiners);
        let joiners = main.clone();
        self.with_session(true, async move |session| session.run_joined(command, &joiners.joiners).await)
            .await
    }

    pub(super) async fn run_if(
        &self,
        command: Command,
        in_open_folder: bool,
    ) -> Result<Option<Data>, Failure> {
        self.with_session(in_open_folder, async move |session| session.run(command).await).await
    }

    /// Runs several commands at once ([`ImapSession::run_all`]: pipelined where IMAP allows),
    /// connecting when there is no session; each command's own result, in order.
    pub(super) async fn run_all(
        &self,
        commands: Vec<Command>,
    ) -> Result<Vec<Result<Data, MailError>>, Failure> {
        let results = self.with_session(false, async move |session| session.run_all(commands).await).await?;
        Ok(results.unwrap_or_default())
    }

    /// What `read` says of the session as it is (its capabilities, what it enabled), waiting its
    /// turn but never connecting; `None` while there is no session.
    pub(super) async fn peek_session<T>(&self, read: impl FnOnce(&ImapSession) -> T) -> Option<T> {
        let slot = self.session.get_value();
        let guard = slot.lock().await;
        guard.as_ref().map(read)
    }

    /// Does `work` on the session, connecting (and selecting the open folder) when there is none;
    /// with `in_open_folder`, only while the open folder is the selected one (`None` otherwise).
    pub(super) async fn with_session<T>(
        &self,
        in_open_folder: bool,
        work: impl AsyncFnOnce(&mut ImapSession) -> Result<T, MailError>,
    ) -> Result<Option<T>, Failure> {
        let session_slot = self.session.get_value();
        let mut guard = session_slot.lock().await;
        // The connection broke while it idled and this request waited (mail_state/watch.rs).
        if guard.is_none()
            && let Some(error) = session_slot.take_failure()
        {
            return Err(Failure { error, transport: true });
        }
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
            if let Some(folder) = self.folders.open.get_untracked() {
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
        let open = self.folders.open.get_untracked();
        if in_open_folder && (open.is_none() || session.client().mailbox().map(|m| &m.name) != open.as_ref())
        {
            return Ok(None);
        }
        let result = work(session).await;
        let mut updates = std::mem::take(&mut session.updates);
        // News about another folder (selected to replay a queued change) is not the view's.
        let selected = session.client().mailbox().map(|m| m.name.clone());
        if selected.is_none() || selected != self.folders.open.get_untracked() {
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
    pub(super) async fn run_when_selected(
        &self,
        command: Command,
        generation: u64,
    ) -> Option<Result<Data, Failure>> {
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
    pub(super) fn select_command(&self, session: &ImapSession, folder: MailboxName) -> Command {
        let support = Support::of(session.client().capabilities(), session.client().enabled());
        sync::select(folder, self.cached(), support)
    }

    pub(super) fn report<T>(&self, result: Result<T, Failure>) -> Option<T> {
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
