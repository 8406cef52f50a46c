//! One account's outbox for the page's whole life: the items, their copy in the local store, and
//! the sender loop. What to do with each item and when to try again is decided by the engine
//! (posthorn_proto::outbox: `Delivery`, `Scheduler`, `Pass`); this file keeps the disk, the
//! timers and the tasks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use futures_util::lock::{Mutex, OwnedMutexGuard};
use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::outbox::{Pass, Scheduler};

use super::item::{OutboxItem, forget_legacy, legacy_items, online};
use crate::account::Accounts;
use crate::net::clock;
use crate::protocol_log::ProtocolLog;
use crate::store::{self, Key, StoreError};

/// The longest a held message waits before the outbox looks at it again (a day).
const WAKE_AT_MOST: u64 = 24 * 60 * 60 * 1000;

/// One account's outbox. There is exactly one per account, so one sender loop at most, and it
/// outlives the view that started it.
pub(super) struct Shared {
    pub(super) email: String,
    pub(super) accounts: Accounts,
    pub(super) log: ProtocolLog,
    pub(super) items: ArcRwSignal<Vec<OutboxItem>>,
    /// Serialises the store: the first load holds it, then each write in turn. A write takes the
    /// newest items when its turn comes, so the last write on disk is always the newest state.
    disk: Arc<Mutex<()>>,
    /// A background write is queued that has not yet taken its copy of the items.
    write_queued: Cell<bool>,
    /// When passes run and the backoff (the engine's rules).
    pub(super) scheduler: RefCell<Scheduler>,
    /// The account was removed from this device ([`forget`]): nothing is written any more, so an
    /// attempt still under way cannot bring the outbox back after the store forgot it.
    forgotten: Cell<bool>,
}

thread_local! {
    static OUTBOXES: RefCell<HashMap<String, Rc<Shared>>> = RefCell::new(HashMap::new());
}

/// The account's outbox, created (and loaded from the store) on first use.
pub(super) fn shared(email: &str, accounts: Accounts, log: ProtocolLog) -> Rc<Shared> {
    if let Some(found) = OUTBOXES.with(|o| o.borrow().get(email).cloned()) {
        return found;
    }
    let disk = Arc::new(Mutex::new(()));
    // Nothing else knows this mutex yet: the lock is free, and every write waits for the load.
    let loading = disk.try_lock_owned().expect("a new mutex is free");
    let outbox = Rc::new(Shared {
        email: email.to_owned(),
        accounts,
        log,
        items: ArcRwSignal::new(Vec::new()),
        disk,
        write_queued: Cell::new(false),
        scheduler: RefCell::new(Scheduler::new()),
        forgotten: Cell::new(false),
    });
    OUTBOXES.with(|o| o.borrow_mut().insert(email.to_owned(), outbox.clone()));
    let loader = outbox.clone();
    spawn_local(async move {
        loader.load(loading).await;
        loader.kick();
    });
    outbox
}

/// The account's outbox, if this page has read it.
pub(super) fn existing(email: &str) -> Option<Rc<Shared>> {
    OUTBOXES.with(|o| o.borrow().get(email).cloned())
}

/// Drops the account's outbox from memory, for good: its items go, and nothing it does later
/// (a send under way finishing) is written to the store.
pub(super) fn forget(email: &str) {
    if let Some(outbox) = OUTBOXES.with(|o| o.borrow_mut().remove(email)) {
        outbox.forgotten.set(true);
        outbox.items.set(Vec::new());
    }
}

impl Shared {
    async fn load(&self, loading: OwnedMutexGuard<()>) {
        let email = &self.email;
        let mut migrated = false;
        let mut stored: Vec<OutboxItem> = match store::get_json(Key::Outbox(email)).await {
            Ok(Some(items)) => items,
            Ok(None) => {
                let legacy = legacy_items(email);
                migrated = legacy.is_some();
                legacy.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
            }
            Err(e) => {
                web_sys::console::warn_1(&format!("The outbox could not be read: {e}").into());
                Vec::new()
            }
        };
        for item in &mut stored {
            if item.delivery.resume() {
                item.error = Some(
                    "The page closed while this message was being sent; Posthorn checks the Sent \
                     folder before sending it again."
                        .into(),
                );
                item.note.clear();
            }
        }
        // Messages put in before the load finished go after the stored ones.
        self.items.update(|items| {
            let fresh: Vec<OutboxItem> =
                items.drain(..).filter(|i| !stored.iter().any(|s| s.id() == i.id())).collect();
            stored.extend(fresh);
            *items = stored;
        });
        drop(loading);
        let saved = self.save().await;
        if migrated && saved.is_ok() {
            forget_legacy(email);
        }
    }

    /// Writes the items to the store; they are on disk when this returns.
    pub(super) async fn save(&self) -> Result<(), StoreError> {
        let _turn = self.disk.clone().lock_owned().await;
        if self.forgotten.get() {
            return Ok(());
        }
        // From here on, later changes need a write of their own.
        self.write_queued.set(false);
        let items = self.items.get_untracked();
        let result = store::put_json(Key::Outbox(&self.email), &items).await;
        if let Err(e) = &result {
            web_sys::console::warn_1(&format!("The outbox could not be stored: {e}").into());
        }
        result
    }

    /// Writes the items in the background; many changes in a row share one write.
    pub(super) fn save_soon(self: &Rc<Self>) {
        if self.write_queued.replace(true) {
            return;
        }
        let this = self.clone();
        spawn_local(async move {
            let _ = this.save().await;
        });
    }

    pub(super) fn get(&self, id: &str) -> Option<OutboxItem> {
        self.items.with_untracked(|items| items.iter().find(|i| i.id() == id).cloned())
    }

    /// Changes an item in memory only (progress notes), and returns what `change` returned.
    pub(super) fn show<R>(&self, id: &str, change: impl FnOnce(&mut OutboxItem) -> R) -> Option<R> {
        let mut result = None;
        self.items.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.id() == id) {
                result = Some(change(item));
            }
        });
        result
    }

    /// Changes an item and writes the outbox in the background.
    pub(super) fn update<R>(
        self: &Rc<Self>,
        id: &str,
        change: impl FnOnce(&mut OutboxItem) -> R,
    ) -> Option<R> {
        let result = self.show(id, change);
        self.save_soon();
        result
    }

    /// Starts the sender loop, or asks the running one for another pass.
    pub(super) fn kick(self: &Rc<Self>) {
        if self.scheduler.borrow_mut().kick() {
            self.start_loop();
        }
    }

    /// Runs passes until the scheduler says none is owed.
    fn start_loop(self: &Rc<Self>) {
        let this = self.clone();
        spawn_local(async move {
            loop {
                this.scheduler.borrow_mut().pass_started();
                this.pass().await;
                if !this.scheduler.borrow_mut().pass_ended() {
                    break;
                }
            }
        });
    }

    /// Tries every due item once, oldest first.
    async fn pass(self: &Rc<Self>) {
        // Waits for the load.
        drop(self.disk.clone().lock_owned().await);
        let mut pass = Pass::new();
        loop {
            let now = super::wall_clock();
            let next = self
                .items
                .with_untracked(|items| pass.next(items.iter().map(|i| (i.id(), &i.delivery)), now));
            let Some(id) = next else {
                self.wake_for_held(now);
                return;
            };
            let Ok(attempt) = super::attempt::ATTEMPT.get().await else {
                // The code that sends did not arrive from the app's server: tried again like a
                // message the network did not take.
                self.update(&id, |i| {
                    i.delivery.wait_for_network();
                    i.note = crate::i18n::t().send_code_missing.into();
                });
                self.retry_in(posthorn_proto::outbox::RETRY_AFTER);
                return;
            };
            match attempt(self.clone(), id).await {
                super::attempt::Attempt::Next => {}
                super::attempt::Attempt::Locked => return,
                super::attempt::Attempt::Offline => {
                    // With the network up but the bridge unreachable there is no `online` event
                    // to wait for: try again in a while.
                    self.retry_in(posthorn_proto::outbox::RETRY_AFTER);
                    return;
                }
            }
        }
    }

    /// Starts a pass when the first message held back (for an Undo, or to be sent later) is due;
    /// one due in more than a day is looked at again in a day (a browser's timer holds at most
    /// 24.8 days, and fires at once beyond).
    fn wake_for_held(self: &Rc<Self>, now: u64) {
        let first = self.items.with_untracked(|items| {
            items.iter().filter_map(|i| i.delivery.held_until()).filter(|until| *until > now).min()
        });
        if let Some(until) = first {
            let this = self.clone();
            set_timeout(move || this.kick(), Duration::from_millis((until - now).min(WAKE_AT_MOST)));
        }
    }

    /// Makes another pass after `delay`, unless one is armed already or the browser is offline
    /// (the `online` event starts one).
    pub(super) fn retry_in(self: &Rc<Self>, delay: Duration) {
        let now = clock::now();
        let Some(at) = self.scheduler.borrow_mut().retry_in(now, delay, online()) else { return };
        let this = self.clone();
        set_timeout(
            move || {
                if this.scheduler.borrow_mut().retry_due() {
                    this.start_loop();
                }
            },
            at.saturating_duration_since(now),
        );
    }
}
