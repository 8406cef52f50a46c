//! Watching the open folder on the account's one IMAP connection: between requests the main
//! session idles (RFC 2177), and what the server reports meanwhile (EXISTS, EXPUNGE, FETCH
//! flags, VANISHED) goes to the view as news that comes with a command does
//! (`apply_updates`, mail_state/folder_sync.rs). A request ends the IDLE with DONE and runs once
//! the server's tagged completion came (mail_state/main_session.rs); IDLE starts again after it.
//! The engine renews a long IDLE before the server's 30-minute limit (RFC 2177 section 3,
//! `Timeouts::idle_renewal` in shared/src/time.rs), driven by the deadline the driver waits for
//! (frontend/src/net/driver.rs). Servers without IDLE rely on the 30-second poll (mail_view.rs).

use std::pin::pin;
use std::time::Duration;

use futures_util::future::{Either, pending, select};
use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Event, MailboxName, MailboxUpdate};

use super::MailState;
use super::main_session::MainSession;
use crate::net::clock::sleep;
use crate::session::MailError;
use crate::session::imap::ImapSession;

/// How long the session stays free before it idles: requests often come in a row (a folder's
/// SELECT, then its rows), and each IDLE begun between them would cost a round trip to end.
const SETTLE: Duration = Duration::from_millis(300);

/// How often a waiting idler looks whether the view is still there (the account removed, the
/// view gone), so it does not keep the connection open for nobody.
const LOOK: Duration = Duration::from_secs(30);

/// News that comes in several responses at once (EXISTS and a FETCH) is applied together.
const GATHER: Duration = Duration::from_millis(50);

/// How one IDLE ended.
enum Idled {
    /// Ended for a request, or by the server: the session can idle again.
    Ended,
    /// The server refused IDLE: not again until a request ran.
    Refused,
    /// The connection broke: the next request reconnects (`with_session`).
    Broken,
    /// The view is gone: the session is to be logged out.
    Gone,
}

/// What woke an idling session.
enum Woke {
    Event(Result<Event, MailError>),
    Wanted,
    Timer,
}

impl MailState {
    /// After the open folder's sync: Sent and Drafts are indexed for conversations
    /// (mail_state/threads.rs), and the session idles in the folder between requests.
    pub(super) fn watch(&self, _folder: MailboxName) {
        self.start_idler();
        let state = self.clone();
        let generation = self.generation.get_value();
        spawn_local(async move { state.index_related(generation).await });
    }

    /// Starts the account's idler, unless it runs already.
    fn start_idler(&self) {
        let main = self.session.get_value();
        if main.idler_running.replace(true) {
            return;
        }
        let state = self.clone();
        spawn_local(async move {
            state.idle_between_requests(&main).await;
            main.idler_running.set(false);
        });
    }

    /// The view was disposed (its account removed, the all-inboxes view closed).
    fn gone(&self) -> bool {
        self.session.try_get_value().is_none()
    }

    async fn idle_between_requests(&self, main: &MainSession) {
        loop {
            if self.gone() {
                return;
            }
            if !within(LOOK, main.quiet()).await {
                continue;
            }
            sleep(SETTLE).await;
            if main.others_want(0) {
                continue;
            }
            let seen = main.turns();
            let mut guard = main.idler_lock().await;
            if main.others_want(0) {
                continue;
            }
            let idled = match guard.as_mut() {
                Some(session) if self.may_idle(session) => Some(self.idle(session, main).await),
                _ => None,
            };
            match idled {
                Some(Idled::Ended) => {}
                Some(Idled::Broken) => *guard = None,
                Some(Idled::Gone) => {
                    if let Some(session) = guard.take() {
                        session.logout().await;
                    }
                    return;
                }
                Some(Idled::Refused) | None => {
                    // Nothing to idle on (no session, another folder selected, no IDLE): look
                    // again once a request has run.
                    drop(guard);
                    within(LOOK, main.turn_after(seen)).await;
                }
            }
        }
    }

    /// IDLE needs the capability (RFC 2177 section 1) and the open folder selected, so that what
    /// the server reports is this view's.
    fn may_idle(&self, session: &ImapSession) -> bool {
        let open = self.folders.open.try_get_untracked().flatten();
        session.is_usable()
            && session.client().capabilities().idle()
            && open.is_some()
            && session.client().mailbox().map(|m| &m.name) == open.as_ref()
    }

    /// One IDLE, until a request wants the session, the server ends it, or the view is gone.
    async fn idle(&self, session: &mut ImapSession, main: &MainSession) -> Idled {
        let id = session.enqueue(Command::Idle);
        let mut news: Vec<MailboxUpdate> = Vec::new();
        let (mut ending, mut gone) = (false, false);
        loop {
            let wanted = async { if ending { pending().await } else { main.wanted().await } };
            let wait = if news.is_empty() { LOOK } else { GATHER };
            let woke = match select(pin!(session.next_event()), pin!(select(pin!(wanted), pin!(sleep(wait)))))
                .await
            {
                Either::Left((event, _)) => Woke::Event(event),
                Either::Right((Either::Left(_), _)) => Woke::Wanted,
                Either::Right((Either::Right(_), _)) => Woke::Timer,
            };
            match woke {
                Woke::Event(Ok(Event::Mailbox(update))) => news.push(update),
                Woke::Event(Ok(Event::Done { id: done, result, .. })) if done == id => {
                    self.apply_idle_news(session, std::mem::take(&mut news));
                    return match result {
                        _ if gone => Idled::Gone,
                        Ok(_) => Idled::Ended,
                        Err(_) => Idled::Refused,
                    };
                }
                Woke::Event(Ok(_)) => {}
                Woke::Event(Err(e)) => {
                    if session.is_usable() {
                        return Idled::Refused;
                    }
                    // A server silent after DONE (the engine's reply timeout) or a dropped
                    // connection: the request that ended the IDLE hears why.
                    main.failed_while_wanted(e);
                    return Idled::Broken;
                }
                Woke::Wanted => {
                    // DONE; the request runs after the server's tagged completion.
                    session.idle_done();
                    ending = true;
                }
                Woke::Timer => {
                    self.apply_idle_news(session, std::mem::take(&mut news));
                    if !ending && self.gone() {
                        session.idle_done();
                        (ending, gone) = (true, true);
                    }
                }
            }
        }
    }

    /// The news of an IDLE, applied as a NOOP's would be, while the open folder is the selected
    /// one (another folder may have been opened since: its SELECT waits for this IDLE's end).
    fn apply_idle_news(&self, session: &ImapSession, news: Vec<MailboxUpdate>) {
        if news.is_empty() || self.gone() {
            return;
        }
        let selected = session.client().mailbox().map(|m| m.name.clone());
        if selected.is_some() && selected == self.folders.open.try_get_untracked().flatten() {
            self.apply_updates(news);
        }
    }
}

/// Whether `work` finished within `limit`.
async fn within(limit: Duration, work: impl Future<Output = ()>) -> bool {
    matches!(select(pin!(work), pin!(sleep(limit))).await, Either::Left(_))
}
