//! The outbox: every message the person sent, kept in the local store (IndexedDB) until the server
//! has taken it, so that nothing written is lost and nothing is sent twice.
//!
//! It is a queue. Each item carries its Message-ID. The rules of delivery are the engine's
//! (shared/src/outbox.rs): an item is `Sending` on disk before the connection opens and `Sent`
//! right after the server's 250; an item found `Sending` after a reload, or one whose connection
//! broke after the server accepted recipients, is `Uncertain`, and is only sent again after the
//! Sent folder was searched for its Message-ID. Without the network (or the bridge) an item stays
//! `Waiting`; the sender loop, one per account, goes through the waiting and uncertain items in
//! order on start, when the password becomes known and when the browser is back online.
//! Refusals (recipients, sign-in, policy) stay `Failed` until the person retries.
//!
//! The files: `item.rs` (an item as kept and shown), `sender.rs` (the store and the sender loop),
//! `attempt.rs` (one attempt), `sent_folder.rs` (creating a missing Sent folder).

mod attempt;
mod item;
mod sender;
mod sent_folder;

use std::rc::Rc;

use leptos::prelude::*;
use posthorn_proto::compose::Draft;

pub use item::{Origin, OutboxItem, OutboxState, known_size_limit, seconds_left, waiting_for_network};
use sender::{Shared, shared};

use crate::account::Accounts;
use crate::protocol_log::ProtocolLog;

/// Starts every account's outbox and sends what waits: now, when a password becomes known, and
/// whenever the browser comes back online. Call once, from the app's root.
pub fn watch(accounts: Accounts, log: ProtocolLog) {
    Effect::new(move |_| {
        // Tracks the account list and the passwords.
        for account in accounts.list.get() {
            if accounts.password(&account.email).is_some() {
                start(account.email, accounts, log);
            }
        }
    });
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        for account in accounts.list.get_untracked() {
            start(account.email, accounts, log);
        }
    });
    // As long as the page.
    std::mem::forget(on_online);
}

/// Starts the account's outbox (sender.rs: read from the store, then sent what waits). Its code is
/// the sending part's (attempt.rs), fetched now if it was not yet: a first visit, with no account,
/// never needs it. Where that code does not arrive, the outbox is started once it does, tried
/// again as a message the network did not take would be; what waits stays in the store meanwhile.
fn start(email: String, accounts: Accounts, log: ProtocolLog) {
    leptos::task::spawn_local(async move {
        loop {
            match attempt::START.get().await {
                Ok(start) => return start(&email, accounts, log),
                Err(crate::lazy::NotLoaded) => {
                    crate::net::clock::sleep(posthorn_proto::outbox::RETRY_AFTER).await
                }
            }
        }
    });
}

/// Where the Undo send delay is kept (seconds; none or "0": off).
const UNDO_KEY: &str = "posthorn.undo_send";

/// The delays *Undo send* offers, in seconds (0: off), as Gmail offers them.
pub const UNDO_CHOICES: [u32; 5] = [0, 5, 10, 20, 30];

/// How long a message sent waits in the outbox, to be taken back with *Undo* (0: not at all).
pub fn undo_seconds() -> u32 {
    crate::store::local_storage()
        .and_then(|s| s.get_item(UNDO_KEY).ok().flatten())
        .and_then(|v| v.parse().ok())
        .filter(|v| UNDO_CHOICES.contains(v))
        .unwrap_or(0)
}

/// Keeps the person's choice of [`undo_seconds`].
pub fn choose_undo_seconds(seconds: u32) {
    if let Some(s) = crate::store::local_storage() {
        let _ =
            if seconds == 0 { s.remove_item(UNDO_KEY) } else { s.set_item(UNDO_KEY, &seconds.to_string()) };
    }
}

/// The wall clock in Unix milliseconds: a hold is kept on disk, so it cannot be on the page's own
/// clock (`net::clock`), which starts again with every load.
pub(crate) fn wall_clock() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// Forgets an account's outbox (the account was removed from this device): what was in it goes
/// with the rest of the account's local data (store.rs `forget_account`).
pub fn forget(email: &str) {
    sender::forget(email);
}

/// How many of the account's messages in the outbox have not gone out (to nobody yet, or not
/// to every recipient), as far as this page has read its outbox (the account's mail view reads
/// it, and so does [`watch`] once its password is known). In a reactive context this tracks the
/// outbox's items.
pub fn unsent(email: &str) -> usize {
    sender::existing(email).map_or(0, |shared| {
        shared.items.with(|items| items.iter().filter(|i| i.state() != OutboxState::Sent).count())
    })
}

/// The outbox of one account as a view sees it, provided as a context by the composer.
#[derive(Clone, Copy)]
pub struct Outbox {
    email: StoredValue<String>,
    accounts: Accounts,
    log: ProtocolLog,
    /// The items, oldest first (empty until the store answered).
    pub items: RwSignal<Vec<OutboxItem>>,
}

impl Outbox {
    /// The account's outbox; it is read from the store in the background, and what waits in it is
    /// sent once the password is known.
    pub fn load(email: &str, accounts: Accounts, log: ProtocolLog) -> Self {
        let shared = shared(email, accounts, log);
        let items = RwSignal::from(shared.items.clone());
        Self { email: StoredValue::new(email.to_owned()), accounts, log, items }
    }

    fn shared(&self) -> Rc<Shared> {
        shared(&self.email.get_value(), self.accounts, self.log)
    }

    /// Puts a message into the outbox and sends it (or keeps it until the network is back). An
    /// item with the same Message-ID that went out already, or is on its way, is left alone: the
    /// same message is never sent twice. It is held back for an Undo where the person chose so.
    pub fn enqueue(&self, draft: Draft, origin: Option<Origin>) {
        // A read receipt or an invitation's answer was chosen in so many words already (reader/),
        // and could not be taken back into the composer as it is.
        let answer = draft.disposition.is_some() || draft.calendar_reply.is_some();
        let hold = if answer { 0 } else { undo_seconds() };
        let mut item = OutboxItem::new(draft, String::new());
        item.origin = origin;
        if hold > 0 {
            item.delivery = posthorn_proto::outbox::Delivery::held(wall_clock() + u64::from(hold) * 1000);
            item.note = (crate::i18n::t().held_note)(hold);
        }
        self.put(item);
    }

    /// Puts a message into the outbox to go at `until` (Unix milliseconds: *Send later*), as
    /// [`Self::enqueue`] does for one to go now.
    pub fn enqueue_at(&self, draft: Draft, until: u64, origin: Option<Origin>) {
        let mut item = OutboxItem::new(draft, String::new());
        item.origin = origin;
        item.delivery = posthorn_proto::outbox::Delivery::held(until);
        item.scheduled = true;
        item.note = (crate::i18n::t().scheduled_note)(&crate::format::when((until / 1000) as i64));
        self.put(item);
    }

    fn put(&self, mut item: OutboxItem) {
        let shared = self.shared();
        let id = item.id().to_owned();
        if shared.get(&id).is_some_and(|i| !i.delivery.may_replace()) {
            return;
        }
        if item.note.is_empty() && !item::online() {
            item.note = waiting_for_network();
        }
        shared.items.update(|items| match items.iter_mut().find(|i| i.id() == id) {
            Some(existing) => *existing = item,
            None => items.push(item),
        });
        shared.save_soon();
        shared.kick();
    }

    /// Takes an unsent item out of the outbox (to edit it). One that went to some recipients
    /// already stays: an edited copy would reach them a second time.
    pub fn take(&self, id: &str) -> Option<OutboxItem> {
        let item = self.shared().get(id).filter(|i| i.delivery.may_take())?;
        self.remove(id);
        Some(item)
    }

    /// Removes an item (not while it is being sent).
    pub fn remove(&self, id: &str) {
        let shared = self.shared();
        shared.items.update(|items| items.retain(|i| i.id() != id || !i.delivery.may_remove()));
        shared.save_soon();
    }

    /// Marks an uncertain item as certainly not sent, so that it goes without looking in Sent
    /// first (for servers that do not file sent mail themselves).
    pub fn send_anyway(&self, id: &str) {
        let shared = self.shared();
        shared.update(id, |i| i.delivery.send_anyway());
        shared.kick();
    }

    /// Lets an item held back (for an Undo, or to be sent later) go now.
    pub fn send_now(&self, id: &str) {
        let shared = self.shared();
        shared.update(id, |i| i.delivery.release());
        shared.kick();
    }

    /// Puts a failed item back in the queue (in its place) and sends what waits.
    pub fn retry(&self, id: &str) {
        let shared = self.shared();
        shared.update(id, |i| i.delivery.retry());
        shared.kick();
    }
}
