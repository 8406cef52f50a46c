//! The account's one IMAP connection, shared by the view's requests and the idler
//! (mail_state/watch.rs). A request takes its turn with [`MainSession::lock`]; the idler holds the
//! session while IDLE runs (RFC 2177) and gives it up as soon as a request is counted here, so
//! every request is served on this connection, after the idler's DONE and its tagged completion.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::ops::{Deref, DerefMut};
use std::task::{Poll, Waker};

use futures_util::lock::{Mutex, MutexGuard};

use crate::session::MailError;
use crate::session::imap::{ImapSession, Joiners};

/// The session (none until connected, or after the connection broke) and who wants it.
#[derive(Default)]
pub struct MainSession {
    session: Mutex<Option<ImapSession>>,
    /// Requests waiting for the session or running on it (the idler is not counted).
    wanting: Cell<usize>,
    /// Turns that ended, so the idler can tell that something ran.
    turns: Cell<u64>,
    /// The idler and the Sent and Drafts indexing (mail_state/threads.rs), parked until a
    /// request comes or a turn ends.
    waiters: RefCell<Vec<Waker>>,
    /// An idler task runs for this session (one per account's view).
    pub(super) idler_running: Cell<bool>,
    /// Why the connection failed while it idled and a request waited for it: that request is
    /// told (mail_state/connection.rs), as it would have been had its own command met the failure.
    failure: RefCell<Option<MailError>>,
    /// Requests for the open folder sent beside the one running there (session/imap/joined.rs).
    pub joiners: Joiners,
}

/// A request's turn on the session; the session is the idler's again once every turn is over.
pub struct Turn<'a> {
    guard: MutexGuard<'a, Option<ImapSession>>,
    _count: Count<'a>,
}

/// One request counted in [`MainSession::wanting`], from asking for the session until its turn
/// ends, even if it stops waiting (a dropped future).
struct Count<'a>(&'a MainSession);

impl<'a> Count<'a> {
    fn new(main: &'a MainSession) -> Self {
        main.wanting.set(main.wanting.get() + 1);
        main.wake();
        Count(main)
    }
}

impl Drop for Count<'_> {
    fn drop(&mut self) {
        let main = self.0;
        main.wanting.set(main.wanting.get().saturating_sub(1));
        main.turns.set(main.turns.get().wrapping_add(1));
        main.wake();
    }
}

impl Deref for Turn<'_> {
    type Target = Option<ImapSession>;
    fn deref(&self) -> &Self::Target {
        &self.guard
    }
}

impl DerefMut for Turn<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.guard
    }
}

impl MainSession {
    /// Waits for the session: a running IDLE is ended for it (the idler sees the request).
    pub async fn lock(&self) -> Turn<'_> {
        let count = Count::new(self);
        let guard = self.session.lock().await;
        Turn { guard, _count: count }
    }

    /// The session if nobody has it, the idler included: a poll is not worth ending IDLE for,
    /// since IDLE brings the news by itself.
    pub fn try_lock(&self) -> Option<Turn<'_>> {
        let guard = self.session.try_lock()?;
        Some(Turn { guard, _count: Count::new(self) })
    }

    /// Requests besides `own` (0 for the idler, 1 for a request asking about the others).
    pub(super) fn others_want(&self, own: usize) -> bool {
        self.wanting.get() > own
    }

    fn wake(&self) {
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        waiters.into_iter().for_each(Waker::wake);
    }

    /// Waits until `ready` holds, woken whenever a request comes or a turn ends.
    async fn wait_until(&self, ready: impl Fn(&Self) -> bool) {
        poll_fn(|cx| {
            if ready(self) {
                Poll::Ready(())
            } else {
                let mut waiters = self.waiters.borrow_mut();
                if !waiters.iter().any(|w| w.will_wake(cx.waker())) {
                    waiters.push(cx.waker().clone());
                }
                Poll::Pending
            }
        })
        .await
    }

    /// Resolves once a request wants the session.
    pub(super) async fn wanted(&self) {
        self.wait_until(|m| m.wanting.get() > 0).await
    }

    /// Resolves once no request wants the session.
    pub(super) async fn quiet(&self) {
        self.wait_until(|m| m.wanting.get() == 0).await
    }

    /// Resolves once a turn after `seen` has ended.
    pub(super) async fn turn_after(&self, seen: u64) {
        self.wait_until(|m| m.turns.get() != seen).await
    }

    /// The connection failed under the idler: kept for the request that waits, if one does.
    pub(super) fn failed_while_wanted(&self, error: MailError) {
        if self.others_want(0) {
            *self.failure.borrow_mut() = Some(error);
        }
    }

    /// The failure a waiting request is to hear instead of connecting anew, once.
    pub(super) fn take_failure(&self) -> Option<MailError> {
        self.failure.borrow_mut().take()
    }

    /// Turns ended so far.
    pub(super) fn turns(&self) -> u64 {
        self.turns.get()
    }

    /// For the idler: the session, taken without counting as a request.
    pub(super) async fn idler_lock(&self) -> MutexGuard<'_, Option<ImapSession>> {
        self.session.lock().await
    }
}
