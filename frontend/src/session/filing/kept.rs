//! One IMAP session per account, kept for filing (frontend/src/session/filing.rs): a Drafts save
//! every few seconds of typing, the sent copy, a folder created. Opening a session costs a
//! WebSocket, a TLS handshake through the bridge and a login each time; kept, they cost one.
//!
//! The session is opened on first use and reused while it is usable. Uses take turns behind an
//! async mutex, so commands of two operations never interleave (each SELECTs the folder it needs,
//! RFC 3501 section 6.3.1, whatever the one before left selected). It is logged out after
//! [`IDLE`] without use, when the account is removed and when its password changes; a session
//! opened with other settings or another password than the operation's is never reused.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use futures_util::lock::Mutex;
use leptos::task::spawn_local;
use posthorn_proto::secret::Secret;
use posthorn_proto::time::Moment;

use crate::account::AccountSettings;
use crate::net::clock;
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;
use crate::session::imap::ImapSession;

/// How long a kept session may sit unused before it is logged out: long enough to span the
/// pauses of someone writing (drafts are saved 4 seconds after the last keystroke,
/// frontend/src/composer.rs), short enough not to hold a server connection for nothing.
pub const IDLE: Duration = Duration::from_secs(120);

/// A logged-in session with what it was opened with.
struct Kept {
    session: ImapSession,
    account: AccountSettings,
    password: Secret,
}

impl Kept {
    /// Logs out where the transport still works; a broken one is only closed (dropped).
    async fn end(self) {
        if self.session.is_usable() {
            self.session.logout().await;
        }
    }
}

/// One account's place for its kept session.
#[derive(Default)]
struct Slot {
    kept: Mutex<Option<Kept>>,
    /// When the session was last used plus [`IDLE`].
    idle_at: Cell<Option<Moment>>,
    /// Whether a timer waits for `idle_at` already (one per account, not one per use).
    timer: Cell<bool>,
}

thread_local! {
    /// The browser runs the app on one thread; the slots live as long as the page.
    static SLOTS: RefCell<HashMap<String, Rc<Slot>>> = RefCell::new(HashMap::new());
}

fn slot(email: &str) -> Rc<Slot> {
    crate::session::on_close_kept("filing", close);
    SLOTS.with(|slots| slots.borrow_mut().entry(email.to_owned()).or_default().clone())
}

/// Runs `work` in the account's kept session, opening one if there is none. When the work fails
/// because the transport of a reused session broke (a server or network that dropped the idle
/// connection), it runs once more in a fresh session; a refusal by the server (NO, BAD) is
/// returned as it is. The work must therefore be safe to repeat: each filing operation looks
/// first at what is already there (by Message-ID, or the folder's existence).
pub async fn with_session<T, E: From<MailError>>(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    mut work: impl AsyncFnMut(&mut ImapSession) -> Result<T, E>,
) -> Result<T, E> {
    let slot = slot(&account.email);
    let mut guard = slot.kept.lock().await;
    let stale = |k: &Kept| !k.session.is_usable() || k.account != *account || k.password != *password;
    if guard.as_ref().is_some_and(stale)
        && let Some(old) = guard.take()
    {
        old.end().await;
    }
    let reused = guard.is_some();
    let mut kept = match guard.take() {
        Some(kept) => kept,
        None => open(account, password, log).await?,
    };
    let mut result = work(&mut kept.session).await;
    if result.is_err() && reused && !kept.session.is_usable() {
        drop(kept);
        kept = open(account, password, log).await?;
        result = work(&mut kept.session).await;
    }
    if kept.session.is_usable() {
        *guard = Some(kept);
        slot.idle_at.set(Some(clock::now().saturating_add(IDLE)));
        if !slot.timer.replace(true) {
            spawn_local(log_out_when_idle(slot.clone()));
        }
    }
    result
}

async fn open(account: &AccountSettings, password: &Secret, log: ProtocolLog) -> Result<Kept, MailError> {
    let session = ImapSession::open(account, password, log).await?;
    Ok(Kept { session, account: account.clone(), password: password.clone() })
}

/// Sleeps until the slot's session has been idle for [`IDLE`] (each use moves that moment on)
/// and logs it out.
async fn log_out_when_idle(slot: Rc<Slot>) {
    while let Some(at) = slot.idle_at.get() {
        let now = clock::now();
        if now < at {
            clock::sleep(at.saturating_duration_since(now)).await;
            continue;
        }
        let mut guard = slot.kept.lock().await;
        // A use may have finished while this waited for the lock.
        if slot.idle_at.get().is_some_and(|at| clock::now() < at) {
            continue;
        }
        slot.idle_at.set(None);
        if let Some(kept) = guard.take() {
            kept.end().await;
        }
    }
    slot.timer.set(false);
}

/// Logs out the account's kept session, if there is one: the account was removed or its password
/// changed. It waits for an operation in progress to finish.
pub fn close(email: &str) {
    let Some(slot) = SLOTS.with(|slots| slots.borrow().get(email).cloned()) else { return };
    spawn_local(async move {
        let mut guard = slot.kept.lock().await;
        if let Some(kept) = guard.take() {
            kept.end().await;
        }
    });
}
