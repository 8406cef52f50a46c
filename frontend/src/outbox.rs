//! The outbox: every message the person sent, kept in the local store (IndexedDB) until the server
//! has taken it, so that nothing written is lost and nothing is sent twice.
//!
//! It is a queue. Each item carries its Message-ID. It is marked `Sending` on disk before the
//! connection opens and `Sent` right after the server's 250; an item found `Sending` after a
//! reload, or one whose connection broke after the server accepted recipients, is `Uncertain`,
//! and is only sent again after the Sent folder was searched for its Message-ID. Without the
//! network (or the bridge) an item stays `Waiting`; the sender loop, one per account, goes
//! through the waiting and uncertain items in order on start, when the password becomes known
//! and when the browser is back online. Refusals (recipients, sign-in, policy) stay `Failed`
//! until the person retries.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use futures_util::lock::{Mutex, OwnedMutexGuard};
use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::{Draft, build};
use posthorn_proto::imap::SpecialUse;
use serde::{Deserialize, Serialize};

use crate::account::{Accounts, IncomingProtocol};
use crate::protocol_log::ProtocolLog;
use crate::session::filing::{self, FilingError};
use crate::session::smtp::{self, RecipientLine};
use crate::store::{self, Key, StoreError};

/// Where an outbox item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxState {
    /// Waiting to be sent.
    Waiting,
    /// Being sent now.
    Sending,
    /// Not sent; the error says why. Retry or edit.
    Failed,
    /// Perhaps sent: the connection broke while the message was on its way.
    Uncertain,
    /// The server took it.
    Sent,
}

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// The message (its `message_id` identifies the item).
    pub draft: Draft,
    /// Where it stands.
    pub state: OutboxState,
    /// Why it failed, in plain words.
    pub error: Option<String>,
    /// Each recipient's answer from the last attempt.
    pub recipients: Vec<RecipientLine>,
    /// How filing in Sent went, or what is going on right now.
    #[serde(default)]
    pub note: String,
    /// The server took the message for some recipients already (and it was filed in Sent then).
    #[serde(default)]
    pub delivered: bool,
    /// The recipients still owed the message, when the server refused some only for now (4yz)
    /// while it took it for others or refused the rest for good; the next attempt goes to these
    /// alone, so nobody gets it twice. Empty: every recipient.
    #[serde(default)]
    pub owed_to: Vec<String>,
    /// It went out, but the server has no Sent folder to file the copy in: the outbox offers to
    /// create one ([`Outbox::create_sent_and_file`]), and keeps the attachments until then so the
    /// copy can be built again (byte for byte: shared/src/compose/build.rs takes the date and
    /// boundary from the draft).
    #[serde(default)]
    pub no_sent_folder: bool,
    /// The last attempt failed because the outgoing server refused the user name or password
    /// (session/smtp.rs `SendError::sign_in_refused`): the outbox asks for the password.
    #[serde(default)]
    pub sign_in_refused: bool,
}

/// The recipient lines after an attempt: this attempt's answers replace the earlier ones for the
/// same addresses; the others (taken, or refused for good, before) stay.
fn merge_lines(earlier: &[RecipientLine], now: Vec<RecipientLine>) -> Vec<RecipientLine> {
    let mut lines: Vec<RecipientLine> = earlier
        .iter()
        .filter(|old| !now.iter().any(|new| new.address.eq_ignore_ascii_case(&old.address)))
        .cloned()
        .collect();
    lines.extend(now);
    lines
}

impl OutboxItem {
    /// The id: the Message-ID.
    pub fn id(&self) -> &str {
        &self.draft.message_id
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Where outboxes were kept before the local store (read once, then removed).
fn legacy_key(email: &str) -> String {
    format!("posthorn.outbox.v1.{email}")
}

/// The note of an item that waits for the network to come back.
/// The note of a message that waits for the network.
pub fn waiting_for_network() -> String {
    crate::i18n::t().waiting_for_network.to_owned()
}

/// Sending is tried again after this long when the network is there but the bridge was not.
const RETRY_AFTER: Duration = Duration::from_secs(15);

/// The first wait after the server answered "try again later" (4yz), doubled after each further
/// such answer up to [`DEFERRED_MAX`]: greylisting lets a sender through after a minute or a few,
/// and a server that is full or shutting down wants fewer attempts, not more.
const DEFERRED_FIRST: Duration = Duration::from_secs(30);
const DEFERRED_MAX: Duration = Duration::from_secs(16 * 60);

/// The SIZE limit (RFC 1870) the account's server announced last, remembered so the composer can
/// warn before sending.
pub fn known_size_limit(email: &str) -> Option<u64> {
    storage()?.get_item(&format!("posthorn.smtp_size.{email}")).ok()??.parse().ok()
}

fn remember_size_limit(email: &str, limit: Option<u64>) {
    if let (Some(s), Some(limit)) = (storage(), limit) {
        let _ = s.set_item(&format!("posthorn.smtp_size.{email}"), &limit.to_string());
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// One account's outbox for the page's whole life: the sender outlives the view that started it,
/// and there is exactly one per account, so one sender loop at most.
struct Shared {
    email: String,
    accounts: Accounts,
    log: ProtocolLog,
    items: ArcRwSignal<Vec<OutboxItem>>,
    /// Serialises the store: the first load holds it, then each write in turn. A write takes the
    /// newest items when its turn comes, so the last write on disk is always the newest state.
    disk: Arc<Mutex<()>>,
    /// A background write is queued that has not yet taken its copy of the items.
    write_queued: Cell<bool>,
    /// The sender loop runs.
    running: Cell<bool>,
    /// Someone asked for a pass while the loop ran: it makes one more.
    again: Cell<bool>,
    /// A timed retry is scheduled.
    retry_scheduled: Cell<bool>,
    /// "Try again later" answers from the server since the last message went out.
    deferrals: Cell<u32>,
}

thread_local! {
    static OUTBOXES: RefCell<HashMap<String, Rc<Shared>>> = RefCell::new(HashMap::new());
}

/// The account's outbox, created (and loaded from the store) on first use.
fn shared(email: &str, accounts: Accounts, log: ProtocolLog) -> Rc<Shared> {
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
        running: Cell::new(false),
        again: Cell::new(false),
        retry_scheduled: Cell::new(false),
        deferrals: Cell::new(0),
    });
    OUTBOXES.with(|o| o.borrow_mut().insert(email.to_owned(), outbox.clone()));
    let loader = outbox.clone();
    spawn_local(async move {
        loader.load(loading).await;
        loader.kick();
    });
    outbox
}

/// Starts every account's outbox and sends what waits: now, when a password becomes known, and
/// whenever the browser comes back online. Call once, from the app's root.
pub fn watch(accounts: Accounts, log: ProtocolLog) {
    Effect::new(move |_| {
        // Tracks the account list and the passwords.
        for account in accounts.list.get() {
            if accounts.password(&account.email).is_some() {
                shared(&account.email, accounts, log).kick();
            }
        }
    });
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        for account in accounts.list.get_untracked() {
            shared(&account.email, accounts, log).kick();
        }
    });
    // As long as the page.
    std::mem::forget(on_online);
}

/// The result of one attempt, for the sender loop.
enum Attempt {
    /// Done with this item for now (sent, failed, or still uncertain).
    Next,
    /// The network or the bridge is not there: later items would not get through either.
    Offline,
    /// No password in this session: nothing can be sent until it is given.
    Locked,
}

impl Shared {
    async fn load(&self, loading: OwnedMutexGuard<()>) {
        let email = &self.email;
        let mut migrated = false;
        let mut stored: Vec<OutboxItem> = match store::get_json(Key::Outbox(email)).await {
            Ok(Some(items)) => items,
            Ok(None) => {
                let legacy = storage().and_then(|s| s.get_item(&legacy_key(email)).ok().flatten());
                migrated = legacy.is_some();
                legacy.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
            }
            Err(e) => {
                web_sys::console::warn_1(&format!("The outbox could not be read: {e}").into());
                Vec::new()
            }
        };
        for item in &mut stored {
            if item.state == OutboxState::Sending {
                item.state = OutboxState::Uncertain;
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
        if migrated
            && saved.is_ok()
            && let Some(s) = storage()
        {
            let _ = s.remove_item(&legacy_key(email));
        }
    }

    /// Writes the items to the store; they are on disk when this returns.
    async fn save(&self) -> Result<(), StoreError> {
        let _turn = self.disk.clone().lock_owned().await;
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
    fn save_soon(self: &Rc<Self>) {
        if self.write_queued.replace(true) {
            return;
        }
        let this = self.clone();
        spawn_local(async move {
            let _ = this.save().await;
        });
    }

    fn get(&self, id: &str) -> Option<OutboxItem> {
        self.items.with_untracked(|items| items.iter().find(|i| i.id() == id).cloned())
    }

    /// Changes an item in memory only (progress notes).
    fn show(&self, id: &str, change: impl FnOnce(&mut OutboxItem)) {
        self.items.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.id() == id) {
                change(item);
            }
        });
    }

    /// Changes an item and writes the outbox in the background.
    fn update(self: &Rc<Self>, id: &str, change: impl FnOnce(&mut OutboxItem)) {
        self.show(id, change);
        self.save_soon();
    }

    /// Starts the sender loop, or asks the running one for another pass.
    fn kick(self: &Rc<Self>) {
        if self.running.replace(true) {
            self.again.set(true);
            return;
        }
        let this = self.clone();
        spawn_local(async move {
            loop {
                this.again.set(false);
                this.pass().await;
                if !this.again.get() {
                    break;
                }
            }
            this.running.set(false);
        });
    }

    /// Sends every waiting and uncertain item once, oldest first.
    async fn pass(self: &Rc<Self>) {
        // Waits for the load.
        drop(self.disk.clone().lock_owned().await);
        let mut tried: Vec<String> = Vec::new();
        loop {
            let next = self.items.with_untracked(|items| {
                items
                    .iter()
                    .find(|i| {
                        matches!(i.state, OutboxState::Waiting | OutboxState::Uncertain)
                            && !tried.iter().any(|t| t == i.id())
                    })
                    .map(|i| i.id().to_owned())
            });
            let Some(id) = next else { return };
            tried.push(id.clone());
            match self.attempt(&id).await {
                Attempt::Next => {}
                Attempt::Locked => return,
                Attempt::Offline => {
                    self.retry_later();
                    return;
                }
            }
        }
    }

    /// With the network up but the bridge unreachable there is no `online` event to wait for:
    /// try again in a while.
    fn retry_later(self: &Rc<Self>) {
        self.retry_in(RETRY_AFTER);
    }

    /// Makes another pass after `delay`, unless one is scheduled already or the browser is
    /// offline (the `online` event starts one).
    fn retry_in(self: &Rc<Self>, delay: Duration) {
        if !online() || self.retry_scheduled.replace(true) {
            return;
        }
        let this = self.clone();
        set_timeout(
            move || {
                this.retry_scheduled.set(false);
                this.kick();
            },
            delay,
        );
    }

    /// How long to wait after the server said "try again later" once more.
    fn next_deferral(&self) -> Duration {
        let n = self.deferrals.get();
        self.deferrals.set(n.saturating_add(1));
        DEFERRED_FIRST.saturating_mul(1 << n.min(10)).min(DEFERRED_MAX)
    }

    fn wait_for_network(self: &Rc<Self>, id: &str) -> Attempt {
        self.update(id, |i| {
            if i.state != OutboxState::Uncertain {
                i.state = OutboxState::Waiting;
            }
            i.note = waiting_for_network();
        });
        Attempt::Offline
    }

    async fn attempt(self: &Rc<Self>, id: &str) -> Attempt {
        let Some(item) = self.get(id) else { return Attempt::Next };
        if !online() {
            return self.wait_for_network(id);
        }
        let email = &self.email;
        let (Some(account), Some(password)) = (self.accounts.get(email), self.accounts.password(email))
        else {
            self.update(id, |i| i.note = crate::i18n::t().waiting_for_password.into());
            return Attempt::Locked;
        };
        let log = self.log;

        if item.state == OutboxState::Uncertain && item.delivered {
            // It is in Sent since it went to the others: Sent cannot tell whether the rest got it.
            self.update(id, |i| {
                i.error = Some(format!(
                    "The connection broke while the message was being sent to {}, so it is not certain \
                     whether the server took it; the Sent folder cannot tell, as the message went to the \
                     other recipients before. Use \"Send anyway\" if you are sure it did not arrive.",
                    i.owed_to.join(", ")
                ));
                i.note.clear();
            });
            return Attempt::Next;
        }
        if item.state == OutboxState::Uncertain {
            self.show(id, |i| i.note = crate::i18n::t().checking_sent.into());
            match filing::in_sent(&account, &password, log, id).await {
                Ok(true) => {
                    self.update(id, |i| {
                        i.state = OutboxState::Sent;
                        i.error = None;
                        i.note = crate::i18n::t().sent_already.into();
                        i.draft.attachments.clear();
                    });
                    return Attempt::Next;
                }
                Ok(false) => {}
                Err(_) if !online() => return self.wait_for_network(id),
                Err(e) => {
                    self.update(id, |i| {
                        i.error = Some(format!(
                            "Could not check the Sent folder, so the message was not sent again. {e} \
                             Use \"Send anyway\" if you are sure it did not arrive."
                        ));
                        i.note.clear();
                    });
                    return Attempt::Next;
                }
            }
        }

        let built = match build(&item.draft) {
            Ok(mut built) if !item.owed_to.is_empty() => {
                let owed = |m: &posthorn_proto::smtp::Mailbox| {
                    item.owed_to.iter().any(|a| a.eq_ignore_ascii_case(m.as_str()))
                };
                built.envelope.to.retain(owed);
                if built.envelope.to.is_empty() {
                    // Nobody left to send to (the recipients were edited away).
                    self.update(id, |i| {
                        i.state = OutboxState::Sent;
                        i.owed_to.clear();
                        i.note = crate::i18n::t().sent_done.into();
                    });
                    return Attempt::Next;
                }
                built
            }
            Ok(built) => built,
            Err(e) => {
                self.update(id, |i| {
                    i.state = OutboxState::Failed;
                    i.error = Some(e.to_string());
                    i.note.clear();
                });
                return Attempt::Next;
            }
        };
        // Removed, edited or sent elsewhere while the Sent folder was searched: not ours to send.
        if !self.get(id).is_some_and(|i| i.state == item.state) {
            return Attempt::Next;
        }
        // On disk before the connection opens: if the page dies from here on, the item comes back
        // as Uncertain, never as unsent.
        self.show(id, |i| {
            i.state = OutboxState::Sending;
            i.error = None;
            if i.owed_to.is_empty() {
                i.recipients.clear();
            }
            i.note = crate::i18n::t().connecting.into();
        });
        if let Err(e) = self.save().await {
            self.update(id, |i| {
                i.state = OutboxState::Failed;
                i.error = Some(format!(
                    "Not sent: the outbox could not be stored, and without that a closed page could \
                     send the message twice. {e}"
                ));
                i.note.clear();
            });
            return Attempt::Next;
        }
        let outcome =
            smtp::submit(&account, &password, log, &built, |step| self.show(id, |i| i.note = step)).await;
        match outcome {
            Ok(done) => {
                remember_size_limit(email, done.size_limit);
                let later = smtp::deferred(&done.recipients);
                let first_delivery = !item.delivered;
                self.show(id, |i| {
                    i.state = if later.is_empty() { OutboxState::Sent } else { OutboxState::Waiting };
                    i.delivered = true;
                    i.recipients = merge_lines(&i.recipients, done.recipients);
                    i.owed_to = later.clone();
                    i.note = (crate::i18n::t().sent_filing)(&done.reply);
                });
                // Right after the 250: from now on a reload shows it sent (to those who got it).
                let _ = self.save().await;
                // Filed once, when it first went out. POP3 accounts have no server folders; some
                // servers file sent mail themselves.
                let filed = if !first_delivery
                    || account.server_files_sent
                    || account.incoming_protocol == IncomingProtocol::Pop3
                {
                    None
                } else {
                    Some(filing::file_sent(&account, &password, log, id, built.data).await)
                };
                let no_sent_folder = matches!(filed, Some(Err(FilingError::NoSentFolder)));
                let filed = match filed {
                    None => crate::i18n::t().sent_plain.to_owned(),
                    // The app's name for the Sent folder, as the folder list shows it.
                    Some(Ok(_)) => (crate::i18n::t().sent_filed_in)(crate::i18n::t().sent),
                    Some(Err(e)) => (crate::i18n::t().sent_not_filed)(&e.to_string()),
                };
                // Each part is a sentence; the note adds the full stops.
                let filed = filed.trim_end_matches('.');
                let delivery = delivery_summary(&self.get(id).map(|i| i.recipients).unwrap_or_default());
                if later.is_empty() {
                    self.deferrals.set(0);
                    self.update(id, |i| {
                        i.note = if first_delivery {
                            format!("{filed}. {delivery}")
                        } else {
                            (crate::i18n::t().sent_to_rest)(&delivery)
                        };
                        i.no_sent_folder = no_sent_folder;
                        // The copy in storage is no longer needed to send; keep the item small
                        // (unless it waits for a Sent folder to be filed in).
                        if !no_sent_folder {
                            i.draft.attachments.clear();
                        }
                    });
                } else {
                    let delay = self.next_deferral();
                    self.update(id, |i| {
                        i.no_sent_folder = no_sent_folder;
                        i.note = (crate::i18n::t().sent_some_deferred)(
                            filed,
                            &later.join(", "),
                            &crate::format::duration(delay),
                        );
                    });
                    self.retry_in(delay);
                }
                Attempt::Next
            }
            Err(e) if e.deferred => {
                // The server is up and answered; other messages may well go through, so the pass
                // goes on, and this one waits its turn.
                remember_size_limit(email, e.size_limit);
                let delay = self.next_deferral();
                self.update(id, |i| {
                    i.state = OutboxState::Waiting;
                    i.error = None;
                    i.recipients = merge_lines(&i.recipients, e.recipients);
                    if !e.retry_only.is_empty() {
                        i.owed_to = e.retry_only;
                    }
                    i.note = (crate::i18n::t().deferred_retry)(&crate::format::duration(delay), &e.message);
                });
                self.retry_in(delay);
                Attempt::Next
            }
            Err(e) if e.transient => {
                remember_size_limit(email, e.size_limit);
                self.update(id, |i| {
                    i.state = OutboxState::Waiting;
                    i.error = None;
                    i.note = if online() {
                        (crate::i18n::t().waiting_for_network_retry)(&e.message)
                    } else {
                        waiting_for_network()
                    };
                });
                Attempt::Offline
            }
            Err(e) => {
                remember_size_limit(email, e.size_limit);
                self.update(id, |i| {
                    i.state = if e.uncertain { OutboxState::Uncertain } else { OutboxState::Failed };
                    i.error = Some(e.message);
                    i.sign_in_refused = e.sign_in_refused;
                    i.recipients = merge_lines(&i.recipients, e.recipients);
                    i.note.clear();
                });
                Attempt::Next
            }
        }
    }
}

/// What the outgoing server answered for each recipient, in one sentence: who it took the message
/// for, who it refused, and who it asked to try again later.
fn delivery_summary(lines: &[RecipientLine]) -> String {
    let list = |keep: &dyn Fn(&RecipientLine) -> bool| {
        lines.iter().filter(|l| keep(l)).map(|l| l.address.as_str()).collect::<Vec<_>>().join(", ")
    };
    let accepted = list(&|l| l.accepted);
    let refused = list(&|l| !l.accepted && !l.deferred);
    let later = list(&|l| !l.accepted && l.deferred);
    let mut parts = Vec::new();
    if !accepted.is_empty() {
        parts.push((crate::i18n::t().accepted_for)(&accepted));
    }
    if !refused.is_empty() {
        parts.push((crate::i18n::t().refused_for)(&refused));
    }
    if !later.is_empty() {
        parts.push((crate::i18n::t().later_for)(&later));
    }
    if parts.is_empty() {
        return String::new();
    }
    (crate::i18n::t().outgoing_server_said)(&parts.join("; "))
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
    /// item with the same Message-ID that was sent already is left alone: the same message is
    /// never sent twice.
    pub fn enqueue(&self, draft: Draft) {
        let shared = self.shared();
        let id = draft.message_id.clone();
        if shared
            .get(&id)
            .is_some_and(|i| i.delivered || matches!(i.state, OutboxState::Sent | OutboxState::Sending))
        {
            return;
        }
        let note = if online() { String::new() } else { waiting_for_network() };
        let item = OutboxItem {
            draft,
            state: OutboxState::Waiting,
            error: None,
            recipients: Vec::new(),
            note,
            delivered: false,
            owed_to: Vec::new(),
            no_sent_folder: false,
            sign_in_refused: false,
        };
        shared.items.update(|items| match items.iter_mut().find(|i| i.id() == id) {
            Some(existing) => *existing = item,
            None => items.push(item),
        });
        shared.save_soon();
        shared.kick();
    }

    /// Takes an unsent item out of the outbox (to edit it). One that went to some recipients
    /// already stays: an edited copy would reach them a second time.
    pub fn take(&self, id: &str) -> Option<Draft> {
        let item = self
            .shared()
            .get(id)
            .filter(|i| !i.delivered && !matches!(i.state, OutboxState::Sent | OutboxState::Sending))?;
        self.remove(id);
        Some(item.draft)
    }

    /// Removes an item (not while it is being sent).
    pub fn remove(&self, id: &str) {
        let shared = self.shared();
        shared.items.update(|items| items.retain(|i| i.id() != id || i.state == OutboxState::Sending));
        shared.save_soon();
    }

    /// Marks an uncertain item as certainly not sent, so that it goes without looking in Sent
    /// first (for servers that do not file sent mail themselves).
    pub fn send_anyway(&self, id: &str) {
        let shared = self.shared();
        shared.update(id, |i| {
            if i.state == OutboxState::Uncertain {
                i.state = OutboxState::Waiting;
            }
        });
        shared.kick();
    }

    /// For an item that went out while the server had no Sent folder: creates one (marked
    /// `\Sent` where the server offers CREATE-SPECIAL-USE, RFC 6154 section 3) and files the copy
    /// there, saying at each step what happened.
    pub fn create_sent_and_file(&self, id: &str) {
        let shared = self.shared();
        let Some(item) = shared.get(id).filter(|i| i.no_sent_folder) else { return };
        let email = self.email.get_value();
        let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email))
        else {
            shared.update(id, |i| i.note = crate::i18n::t().waiting_for_password.into());
            return;
        };
        let (log, id) = (self.log, id.to_owned());
        spawn_local(async move {
            shared.show(&id, |i| i.note = crate::i18n::t().creating_sent.into());
            let folder = match filing::create_folder(&account, &password, log, SpecialUse::Sent).await {
                Ok(folder) => folder,
                Err(e) => {
                    shared
                        .update(&id, |i| i.note = (crate::i18n::t().sent_folder_not_created)(&e.to_string()));
                    return;
                }
            };
            let data = match build(&item.draft) {
                Ok(built) => built.data,
                Err(e) => {
                    shared.update(&id, |i| {
                        i.note = (crate::i18n::t().created_copy_not_made)(&folder, &e.to_string())
                    });
                    return;
                }
            };
            shared.show(&id, |i| i.note = (crate::i18n::t().created_filing)(&folder));
            let (note, filed) = match filing::file_sent(&account, &password, log, &id, data).await {
                Ok(folder) => ((crate::i18n::t().filed_in_created)(&folder), true),
                Err(e) => ((crate::i18n::t().created_not_filed)(&folder, &e.to_string()), false),
            };
            shared.update(&id, |i| {
                i.note = note;
                if filed {
                    i.no_sent_folder = false;
                    i.draft.attachments.clear();
                }
            });
        });
    }

    /// Puts a failed item back in the queue (in its place) and sends what waits.
    pub fn retry(&self, id: &str) {
        let shared = self.shared();
        shared.update(id, |i| {
            if i.state == OutboxState::Failed {
                i.state = OutboxState::Waiting;
            }
        });
        shared.kick();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn line(address: &str, accepted: bool, deferred: bool) -> RecipientLine {
        RecipientLine { address: address.into(), accepted, text: String::new(), deferred }
    }

    #[wasm_bindgen_test]
    fn a_later_attempt_replaces_only_its_own_recipients_lines() {
        let first = [
            line("bob@example.org", true, false),
            line("carol@example.org", false, true),
            line("nobody@example.org", false, false),
        ];
        let merged = merge_lines(&first, vec![line("Carol@example.org", true, false)]);
        let shown: Vec<(&str, bool)> = merged.iter().map(|l| (l.address.as_str(), l.accepted)).collect();
        assert_eq!(
            shown,
            [("bob@example.org", true), ("nobody@example.org", false), ("Carol@example.org", true)],
            "bob keeps his acceptance, nobody his refusal; carol's answer is the new one, once"
        );
        assert!(smtp::deferred(&merged).is_empty());
        assert_eq!(smtp::deferred(&first), ["carol@example.org"]);
    }
}
