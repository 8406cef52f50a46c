//! The composer: From, To, Cc, Bcc (validated, with suggestions from addresses seen), Subject, a
//! plain-text body and attachments (file picker or drag and drop, sizes checked against the
//! server's SIZE limit). The form is saved to the local store (IndexedDB) as one types and to the
//! IMAP Drafts folder a little later; Send hands the message to the [`Outbox`].
//!
//! The message itself is built by `posthorn_proto::compose`; this file only collects input. The
//! engine reads no clock and draws no random numbers, so the Date and the Message-ID's token come
//! from here (`Date.now()`, `crypto.getRandomValues`).

use std::collections::BTreeSet;
use std::sync::Arc;

use futures_util::lock::Mutex;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::{
    self, Address, Attachment, Draft, MessageDate, ReplyKind, build, build_for_drafts,
};
use posthorn_proto::imap::MailboxName;
use posthorn_proto::message::ReadableMessage;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::account::{AccountSettings, Accounts, IncomingProtocol};
use crate::format::size;
use crate::i18n::t;
use crate::mail_state::MailState;
use crate::outbox::{Origin, Outbox, OutboxState, known_size_limit};
use crate::protocol_log::ProtocolLog;
use crate::session::filing;
use crate::store::{self, Key};

mod address_book;
mod address_field;
mod answers;
mod compose_form;
mod form;
mod held_offer;
mod host;
mod outbox_view;
mod reopen;
mod reply_buttons;
mod send;

use address_field::AddressField;

crate::lazy::lazy_part! {
    /// The compose form's code (the MIME builder, attachments, address fields), fetched when a
    /// form is first opened.
    in compose: pub static COMPOSE_FORM: Part<crate::lazy::Make<Composer>> =
        |composer| view! { <compose_form::ComposeForm composer=composer /> }.into_any();
}
pub use form::Form;
use form::{new_message_id, now, stored_form, with_message_id};
pub use held_offer::HeldOffer;
pub use host::{ComposerHost, seen_addresses};
pub use outbox_view::OutboxView;
pub use reply_buttons::{EditAsNew, ForwardAttachment, ReplyButtons, ReplyToList, Unsubscribe};
pub use send::{SendLater, SendTime};

/// Saving to the Drafts folder waits for this long after the last keystroke.
const IMAP_DRAFT_DELAY: std::time::Duration = std::time::Duration::from_secs(4);
/// Saving to the local store waits for this long after the last keystroke.
const LOCAL_DRAFT_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// The composer's state for one account, provided as a context by [`provide_composer`].
#[derive(Clone, Copy)]
pub struct Composer {
    /// The open form, if the composer is open.
    pub form: RwSignal<Option<Form>>,
    /// Why the last Send was refused (invalid address, too large …).
    pub problem: RwSignal<Option<String>>,
    /// Send (now or later) was held back because the text speaks of an attachment and there is
    /// none (`compose::mentions_attachment`); the form asks to attach a file or send anyway.
    pub reminded: RwSignal<Option<SendTime>>,
    /// The outbox.
    pub outbox: Outbox,
    /// The addresses this account wrote to (address_book.rs), most recent first.
    pub collected: RwSignal<Vec<Address>>,
    /// The addresses the suggestions are not to offer (address_book.rs), lower-cased.
    pub forgotten: RwSignal<Vec<String>>,
    /// What the last save to Drafts did.
    pub draft_status: RwSignal<String>,
    email: StoredValue<String>,
    accounts: Accounts,
    log: ProtocolLog,
    /// Bumped on every edit; a debounced save runs only if nothing changed since it was scheduled.
    edits: StoredValue<u64>,
    /// Saving to the Drafts folder, as a Leptos action: one at a time (two at once could each
    /// keep their own version and leave two drafts).
    save: Action<Composer, ()>,
    /// A save to Drafts is under way (the action's `pending`).
    pub saving: Memo<bool>,
    /// A save was asked for while one was under way: the running one saves again when done.
    save_again: StoredValue<bool>,
    /// Serialises writes of the form to the store; each takes the newest form when its turn comes.
    local_writes: StoredValue<Arc<Mutex<()>>>,
    /// Serialises saves to the Drafts folder: the action's and those of a form being closed.
    drafts_turn: StoredValue<Arc<Mutex<()>>>,
    /// The form as it was opened or last saved to Drafts: closing or replacing a form equal to it
    /// loses nothing.
    kept: StoredValue<Option<Form>>,
    /// The folder open in the account's view ([`Self::follow_folder`]).
    viewed: StoredValue<Option<RwSignal<Option<MailboxName>>>>,
}

/// Creates the composer for a view's account and provides it as a context; a form left open
/// before a reload opens again.
pub fn provide_composer(account: &AccountSettings) -> Composer {
    let accounts = expect_context::<Accounts>();
    let log = expect_context::<ProtocolLog>();
    let email = account.email.clone();
    let save = Action::new_local(|composer: &Composer| Composer::save_now(*composer));
    let composer = Composer {
        form: RwSignal::new(None),
        problem: RwSignal::new(None),
        reminded: RwSignal::new(None),
        outbox: Outbox::load(&email, accounts, log),
        collected: RwSignal::new(Vec::new()),
        forgotten: RwSignal::new(Vec::new()),
        draft_status: RwSignal::new(String::new()),
        email: StoredValue::new(email),
        accounts,
        log,
        edits: StoredValue::new(0),
        save,
        saving: save.pending(),
        save_again: StoredValue::new(false),
        local_writes: StoredValue::new(Arc::new(Mutex::new(()))),
        drafts_turn: StoredValue::new(Arc::new(Mutex::new(()))),
        kept: StoredValue::new(None),
        viewed: StoredValue::new(None),
    };
    provide_context(composer);
    // The view going (another account chosen, Add account) takes the composer with it: the open
    // form is written to the browser's storage now, not by a timer that would find it gone, and
    // opens again with the view.
    let leaving = account.email.clone();
    let form = composer.form;
    on_cleanup(move || {
        if let Some(Some(open)) = form.try_get_untracked() {
            spawn_local(async move {
                let _ = store::put_json(Key::Drafts(&leaving), &open).await;
            });
        }
    });
    let email = account.email.clone();
    spawn_local(async move {
        let known = address_book::collected(&email).await;
        composer.collected.try_set(known);
        let forgotten = address_book::forgotten(&email).await;
        composer.forgotten.try_set(forgotten);
    });
    let email = account.email.clone();
    spawn_local(async move {
        // The view may be gone by the time the store answers: only `try_` access from here on.
        if let Some(Some(saved)) = stored_form(&email).await {
            // A message the person started meanwhile is not replaced.
            if composer.form.try_with_untracked(Option::is_none).unwrap_or(false) {
                composer.form.try_set(Some(saved));
            }
        }
    });
    composer
}

impl Composer {
    /// The account this composer writes from (in *All inboxes*, the shown message's).
    pub fn account(&self) -> String {
        self.email.get_value()
    }

    /// The addresses the account sends from, its own first (`AccountSettings::addresses`), as
    /// they are now: they may have changed in the settings since the view opened.
    fn mine(&self) -> Vec<Address> {
        let email = self.email.get_value();
        self.accounts.get(&email).map(|a| a.addresses()).unwrap_or_else(|| vec![Address::bare(email)])
    }

    /// The account's own address.
    fn me(&self) -> Address {
        self.mine().swap_remove(0)
    }

    /// The signature of a message from `address` (`AccountSettings::signature_of`).
    fn signature_of(&self, address: &str) -> String {
        self.accounts
            .get(&self.email.get_value())
            .map(|a| a.signature_of(address).to_owned())
            .unwrap_or_default()
    }

    /// Sends the open form from `address`, with that address's signature in place of the one
    /// the form had (`compose::swap_signature`).
    pub fn choose_from(&self, address: String) {
        let Some(before) = self.form.with_untracked(|f| f.as_ref().map(|f| self.sender(f).address)) else {
            return;
        };
        let (old, new) = (self.signature_of(&before), self.signature_of(&address));
        self.edit_form(|f| {
            f.body = compose::swap_signature(&f.body, &old, &new);
            f.from = address;
        });
    }

    /// The address `form` is sent from: the one chosen in From, else (none chosen, or one taken
    /// off the account's list since) the account's own.
    fn sender(&self, form: &Form) -> Address {
        let mut mine = self.mine();
        let chosen = mine.iter().position(|a| a.same_mailbox(&form.from)).unwrap_or(0);
        mine.swap_remove(chosen)
    }

    /// A fresh draft with the account's signature (as it is now: it may have changed in the
    /// settings since the view opened) under the room to write.
    fn open_signed(&self, mut draft: Draft, origin: Option<Origin>) {
        let signature = self.signature_of(&draft.from.address);
        draft.body = compose::add_signature(&draft.body, &signature);
        self.open_draft(&draft, true, origin);
    }

    /// Opens `draft` in the composer; `kept`: whether it is kept elsewhere already (a new
    /// message, or one from Drafts), else closing it saves it to Drafts first (one taken back
    /// from the outbox). A form open with edits not yet in Drafts is saved there first, and stays
    /// open where that fails ([`Self::leave`]).
    fn open_draft(&self, draft: &Draft, kept: bool, origin: Option<Origin>) {
        let (this, draft) = (*self, draft.clone());
        self.leave(move || this.show(&draft, kept, origin));
    }

    /// Puts `draft` into the composer in place of what is there ([`Self::open_draft`]).
    fn show(&self, draft: &Draft, kept: bool, origin: Option<Origin>) {
        let form = Form { origin, ..Form::from_draft(draft) };
        self.problem.set(None);
        self.reminded.set(None);
        self.draft_status.set(String::new());
        self.kept.set_value(kept.then(|| form.clone()));
        self.form.set(Some(form));
        self.changed();
    }

    /// Whether the open form holds something not yet in Drafts: an edit since it was opened or
    /// last saved there.
    fn unsaved(&self) -> bool {
        self.form.with_untracked(|form| form.is_some() && self.kept.with_value(|kept| kept != form))
    }

    /// Runs `then` (which closes or replaces the open form) at once where the form has nothing
    /// unsaved; else once the form is saved to Drafts. Where it cannot be saved (no connection,
    /// a refusal, a POP3 account, which has no Drafts folder on its server), the form stays open
    /// with the reason, for the person to send or discard: what they wrote is never dropped.
    fn leave(&self, then: impl FnOnce() + 'static) {
        let Some(form) = self.form.get_untracked().filter(|_| self.unsaved()) else {
            then();
            return;
        };
        let imap = self
            .accounts
            .get(&self.email.get_value())
            .is_some_and(|a| a.incoming_protocol == IncomingProtocol::Imap);
        if !imap {
            self.problem.set(Some(t().draft_pop3_open.into()));
            return;
        }
        // The browser's storage has the form at once, in case the page goes while it is saved.
        self.save_local();
        let this = *self;
        spawn_local(async move {
            let saved = this.save_form(form.clone()).await;
            // Gone with its view meanwhile (then the view's form went with it), or the person
            // went on writing while it was saved: nothing to do, or the next save has it.
            if this.form.try_with_untracked(|f| f.as_ref() == Some(&form)) != Some(true) {
                return;
            }
            if saved {
                then();
            } else {
                this.changed();
            }
        });
    }

    /// Where `message` is, to mark it answered (or forwarded) once the reply is sent: its
    /// Message-ID and the folder open in the account's view (the outbox marks it only for an
    /// IMAP account: outbox/attempt.rs).
    fn origin(&self, message: &ReadableMessage, forwarded: bool) -> Option<Origin> {
        let message_id = message.message_id.clone()?;
        let folder = self.viewed.get_value().and_then(|open| open.get_untracked());
        Some(Origin { message_id, folder, forwarded })
    }

    /// Follows the folder open in the account's view, where replies are answered from
    /// ([`Self::origin`]); without one (All inboxes), the inbox.
    pub fn follow_folder(&self, open: RwSignal<Option<MailboxName>>) {
        self.viewed.set_value(Some(open));
    }

    /// Opens an empty message.
    pub fn new_message(&self) {
        let me = self.me();
        self.open_signed(Draft::new(me.clone(), now(), new_message_id(&me.address)), None);
    }

    /// Opens a reply (to the sender, or to all) to `message`. Where part of its text is selected
    /// in the reader, the reply quotes that part alone, as Thunderbird does.
    pub fn reply(&self, message: &ReadableMessage, kind: ReplyKind) {
        let partly = reply_buttons::selected_text().map(|text| ReadableMessage { text, ..message.clone() });
        let quoted = partly.as_ref().unwrap_or(message);
        let draft = compose::reply(quoted, kind, &self.mine(), now(), String::new(), &t().quoting);
        self.open_signed(with_message_id(draft), self.origin(message, false));
    }

    /// Opens a new message as a `mailto:` URL asks for it (RFC 6068): its addresses, subject and
    /// body (the signature stays where the URL gives no body).
    pub fn write_to(&self, mail: &posthorn_proto::message::list_headers::MailTo) {
        self.new_message();
        self.edit_form(|f| {
            f.to = mail.to.join(", ");
            f.subject = mail.subject.clone().unwrap_or_default();
            if let Some(body) = &mail.body {
                f.body = body.clone();
            }
        });
    }

    /// Opens a forward of `message`: inline, or with `raw` attached as message/rfc822.
    pub fn forward(&self, message: &ReadableMessage, raw: Option<&[u8]>) {
        let mine = self.mine();
        let draft = match raw {
            Some(raw) => compose::forward_as_attachment(message, raw, &mine, now(), String::new()),
            None => compose::forward_inline(message, &mine, now(), String::new(), &t().quoting),
        };
        self.open_signed(with_message_id(draft), self.origin(message, true));
    }

    /// Whether `address` is one of the account's.
    pub fn is_mine(&self, address: &str) -> bool {
        self.mine().iter().any(|a| a.same_mailbox(address))
    }

    /// Opens an outbox item again for editing (same Message-ID: it is still the same message).
    /// It leaves the outbox only once the composer can take it ([`Self::leave`]).
    pub fn edit(&self, id: &str) {
        let (this, id) = (*self, id.to_owned());
        self.leave(move || {
            if let Some(item) = this.outbox.take(&id) {
                this.show(&item.draft, false, item.origin);
            }
        });
    }

    /// Changes the open form.
    pub fn edit_form(&self, change: impl FnOnce(&mut Form)) {
        self.reminded.set(None);
        self.form.update(|f| {
            if let Some(f) = f {
                change(f);
            }
        });
        self.changed();
    }

    /// Schedules the saves: the browser's storage soon, the Drafts folder a little later.
    fn changed(&self) {
        self.edits.update_value(|n| *n += 1);
        let generation = self.edits.get_value();
        let this = *self;
        // The view may be gone by the time a timer fires (the account switched, or the password
        // was refused and taken back): then `edits` is disposed and there is nothing to save.
        set_timeout(
            move || {
                if this.edits.try_get_value() == Some(generation) {
                    this.save_local();
                }
            },
            LOCAL_DRAFT_DELAY,
        );
        set_timeout(
            move || {
                if this.edits.try_get_value() == Some(generation) {
                    this.save_to_drafts_folder();
                }
            },
            IMAP_DRAFT_DELAY,
        );
    }

    fn save_local(&self) {
        let this = *self;
        let writes = self.local_writes.get_value();
        spawn_local(async move {
            let _turn = writes.lock().await;
            // The view may be gone (account switched): then its last form was written already.
            let (Some(form), Some(email)) = (this.form.try_get_untracked(), this.email.try_get_value())
            else {
                return;
            };
            if let Err(e) = store::put_json(Key::Drafts(&email), &form).await {
                this.draft_status.try_set((t().draft_not_kept)(&e.to_string()));
            }
        });
    }

    /// Stores the open form as a new version in the Drafts folder, replacing the previous one;
    /// while a save runs, the newest form is saved once it is done.
    pub fn save_to_drafts_folder(&self) {
        if self.saving.get_untracked() {
            self.save_again.set_value(true);
        } else {
            self.save.dispatch_local(*self);
        }
    }

    /// The save action's work: the open form to Drafts, again while edits came meanwhile.
    async fn save_now(self) {
        loop {
            self.save_again.set_value(false);
            self.save_once().await;
            // Gone with its view meanwhile: nothing more to save.
            if self.save_again.try_get_value() != Some(true) {
                break;
            }
        }
    }

    async fn save_once(&self) {
        let Some(form) = self.form.get_untracked() else { return };
        self.save_form(form).await;
    }

    /// Saves `form` to the Drafts folder, one save at a time, and says how it went in the
    /// composer; true where it is there (and so [`Self::kept`]).
    async fn save_form(&self, form: Form) -> bool {
        // The view may be gone by the time this runs: only `try_` access.
        let Some(email) = self.email.try_get_value() else { return false };
        let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email))
        else {
            self.draft_status.try_set((t().draft_not_on_server)(t().waiting_for_password));
            return false;
        };
        // A POP3 account has no Drafts folder on a server: the draft is kept in the browser.
        if account.incoming_protocol == IncomingProtocol::Pop3 {
            self.draft_status.try_set(t().draft_saved_here.into());
            return false;
        }
        let draft = form.to_draft(self.sender(&form));
        let Ok(data) = build_for_drafts(&draft) else { return false };
        let turn = self.drafts_turn.get_value();
        let _turn = turn.lock().await;
        let status = self.draft_status;
        status.try_set(t().saving_draft.into());
        let result = filing::save_draft(&account, &password, self.log, &draft.message_id, data).await;
        // The view may have gone while the draft was saved.
        let saved = result.is_ok();
        if saved {
            self.kept.try_set_value(Some(form));
        }
        status.try_set(match result {
            Ok(()) => t().draft_saved.into(),
            Err(e) => (t().draft_not_on_server)(&e.to_string()),
        });
        saved
    }

    /// Closes the composer; the draft stays in Drafts. The browser's storage forgets the open
    /// form at once, not after the typing delay: a view opened right after (another account,
    /// "All inboxes") would otherwise open the closed form again from there.
    pub fn close(&self) {
        let this = *self;
        self.leave(move || this.forget_form());
    }

    /// Closes the form without a save to Drafts (closed, discarded or sent).
    fn forget_form(&self) {
        self.form.set(None);
        self.kept.set_value(None);
        // No save scheduled before this one writes the form back.
        self.edits.update_value(|n| *n += 1);
        self.save_local();
    }

    /// Throws the open message away, here and in Drafts.
    pub fn discard(&self) {
        let Some(form) = self.form.get_untracked() else { return };
        self.forget_form();
        let email = self.email.get_value();
        if let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email))
            && account.incoming_protocol == IncomingProtocol::Imap
        {
            let log = self.log;
            spawn_local(async move {
                let _ = filing::discard_draft(&account, &password, log, &form.message_id).await;
            });
        }
    }
}
