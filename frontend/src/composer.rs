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
use posthorn_proto::message::ReadableMessage;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::account::Accounts;
use crate::format::size;
use crate::i18n::t;
use crate::mail_state::MailState;
use crate::outbox::{Outbox, OutboxState, known_size_limit};
use crate::protocol_log::ProtocolLog;
use crate::session::filing;
use crate::store::{self, Key};

/// Saving to the Drafts folder waits for this long after the last keystroke.
const IMAP_DRAFT_DELAY: std::time::Duration = std::time::Duration::from_secs(4);
/// Saving to the local store waits for this long after the last keystroke.
const LOCAL_DRAFT_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// What the composer holds: the fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// The Message-ID this message will be sent with (also the draft's identity).
    pub message_id: String,
    /// To, as typed.
    pub to: String,
    /// Cc, as typed.
    pub cc: String,
    /// Bcc, as typed.
    pub bcc: String,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// The parent's Message-ID when replying.
    pub in_reply_to: Option<String>,
    /// The thread.
    pub references: Vec<String>,
}

fn join(list: &[Address]) -> String {
    list.iter().map(Address::display).collect::<Vec<_>>().join(", ")
}

impl Form {
    fn from_draft(draft: &Draft) -> Self {
        Self {
            message_id: draft.message_id.clone(),
            to: join(&draft.to),
            cc: join(&draft.cc),
            bcc: join(&draft.bcc),
            subject: draft.subject.clone(),
            body: draft.body.clone(),
            attachments: draft.attachments.clone(),
            in_reply_to: draft.in_reply_to.clone(),
            references: draft.references.clone(),
        }
    }

    fn to_draft(&self, from: Address) -> Draft {
        let mut draft = Draft::new(from, now(), self.message_id.clone());
        draft.to = Address::parse_list(&self.to);
        draft.cc = Address::parse_list(&self.cc);
        draft.bcc = Address::parse_list(&self.bcc);
        draft.subject = self.subject.clone();
        draft.body = self.body.clone();
        draft.attachments = self.attachments.clone();
        draft.in_reply_to = self.in_reply_to.clone();
        draft.references = self.references.clone();
        draft
    }

    fn attachments_size(&self) -> u64 {
        self.attachments.iter().map(|a| a.content.len() as u64).sum()
    }
}

/// The current time and the browser's UTC offset.
fn now() -> MessageDate {
    let date = js_sys::Date::new_0();
    MessageDate {
        unix_seconds: (js_sys::Date::now() / 1000.0) as i64,
        offset_minutes: -(date.get_timezone_offset() as i16),
    }
}

/// A fresh Message-ID: 16 random bytes from the browser's CSPRNG and the sender's domain.
fn new_message_id(from: &str) -> String {
    let mut token = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut token).is_ok());
    if !filled {
        // No Web Crypto (very old browser): the time still makes the id unique for this sender.
        token[..8].copy_from_slice(&(js_sys::Date::now() as u64).to_be_bytes());
        token[8..].copy_from_slice(&((js_sys::Math::random() * 1e15) as u64).to_be_bytes());
    }
    compose::message_id(&token, from)
}

/// Where the open form was kept before the local store (read once, then removed).
fn legacy_form_key(email: &str) -> String {
    format!("posthorn.compose.v1.{email}")
}

/// The open form as stored: `Some(None)` is "no form open", `None` is "nothing stored yet".
async fn stored_form(email: &str) -> Option<Option<Form>> {
    match store::get_json::<Option<Form>>(Key::Drafts(email)).await {
        Ok(Some(form)) => Some(form),
        Ok(None) => {
            // Once: a form kept in localStorage by an earlier version moves to the store.
            let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten())?;
            let json = storage.get_item(&legacy_form_key(email)).ok().flatten()?;
            let form: Option<Form> = serde_json::from_str(&json).ok();
            if store::put_json(Key::Drafts(email), &form).await.is_ok() {
                let _ = storage.remove_item(&legacy_form_key(email));
            }
            Some(form)
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("The open draft could not be read: {e}").into());
            None
        }
    }
}

/// The composer's state for one account, provided as a context by [`provide_composer`].
#[derive(Clone, Copy)]
pub struct Composer {
    /// The open form, if the composer is open.
    pub form: RwSignal<Option<Form>>,
    /// Why the last Send was refused (invalid address, too large …).
    pub problem: RwSignal<Option<String>>,
    /// The outbox.
    pub outbox: Outbox,
    /// What the last save to Drafts did.
    pub draft_status: RwSignal<String>,
    identity: StoredValue<Address>,
    email: StoredValue<String>,
    accounts: Accounts,
    log: ProtocolLog,
    /// Bumped on every edit; a debounced save runs only if nothing changed since it was scheduled.
    edits: StoredValue<u64>,
    /// A save to Drafts is under way; another one waits for it (two at once could each keep
    /// their own version and leave two drafts).
    saving: StoredValue<bool>,
    /// A save was asked for while one was under way.
    save_again: StoredValue<bool>,
    /// Serialises writes of the form to the store; each takes the newest form when its turn comes.
    local_writes: StoredValue<Arc<Mutex<()>>>,
}

/// Creates the composer for the mail view's account and provides it as a context; a form left
/// open before a reload opens again.
pub fn provide_composer(state: &MailState) -> Composer {
    let accounts = expect_context::<Accounts>();
    let log = expect_context::<ProtocolLog>();
    let email = state.account.email.clone();
    let composer = Composer {
        form: RwSignal::new(None),
        problem: RwSignal::new(None),
        outbox: Outbox::load(&email, accounts, log),
        draft_status: RwSignal::new(String::new()),
        identity: StoredValue::new(Address::new(state.account.display_name.clone(), email.clone())),
        email: StoredValue::new(email),
        accounts,
        log,
        edits: StoredValue::new(0),
        saving: StoredValue::new(false),
        save_again: StoredValue::new(false),
        local_writes: StoredValue::new(Arc::new(Mutex::new(()))),
    };
    provide_context(composer);
    let email = state.account.email.clone();
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
    fn me(&self) -> Address {
        self.identity.get_value()
    }

    fn open_draft(&self, draft: &Draft) {
        self.problem.set(None);
        self.draft_status.set(String::new());
        self.form.set(Some(Form::from_draft(draft)));
        self.changed();
    }

    /// Opens an empty message.
    pub fn new_message(&self) {
        let me = self.me();
        let draft = Draft::new(me.clone(), now(), new_message_id(&me.address));
        self.open_draft(&draft);
    }

    /// Opens a reply (to the sender, or to all) to `message`.
    pub fn reply(&self, message: &ReadableMessage, kind: ReplyKind) {
        let me = self.me();
        let draft = compose::reply(message, kind, &me, now(), new_message_id(&me.address));
        self.open_draft(&draft);
    }

    /// Opens a forward of `message`: inline, or with `raw` attached as message/rfc822.
    pub fn forward(&self, message: &ReadableMessage, raw: Option<&[u8]>) {
        let me = self.me();
        let id = new_message_id(&me.address);
        let draft = match raw {
            Some(raw) => compose::forward_as_attachment(message, raw, &me, now(), id),
            None => compose::forward_inline(message, &me, now(), id),
        };
        self.open_draft(&draft);
    }

    /// Opens an outbox item again for editing (same Message-ID: it is still the same message).
    pub fn edit(&self, id: &str) {
        if let Some(draft) = self.outbox.take(id) {
            self.open_draft(&draft);
        }
    }

    /// Changes the open form.
    pub fn edit_form(&self, change: impl FnOnce(&mut Form)) {
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
        set_timeout(
            move || {
                if this.edits.get_value() == generation {
                    this.save_local();
                }
            },
            LOCAL_DRAFT_DELAY,
        );
        set_timeout(
            move || {
                if this.edits.get_value() == generation {
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

    /// Stores the open form as a new version in the Drafts folder, replacing the previous one.
    pub fn save_to_drafts_folder(&self) {
        if self.saving.get_value() {
            self.save_again.set_value(true);
            return;
        }
        let Some(form) = self.form.get_untracked() else { return };
        let email = self.email.get_value();
        let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email))
        else {
            return;
        };
        let draft = form.to_draft(self.me());
        let Ok(data) = build_for_drafts(&draft) else { return };
        let (log, status) = (self.log, self.draft_status);
        status.set(t().saving_draft.into());
        self.saving.set_value(true);
        let this = *self;
        spawn_local(async move {
            let result = filing::save_draft(&account, &password, log, &draft.message_id, data).await;
            status.set(match result {
                Ok(()) => t().draft_saved.into(),
                Err(e) => (t().draft_not_on_server)(&e.to_string()),
            });
            this.saving.set_value(false);
            if this.save_again.get_value() {
                this.save_again.set_value(false);
                this.save_to_drafts_folder();
            }
        });
    }

    /// Closes the composer; the draft stays in Drafts.
    pub fn close(&self) {
        self.form.set(None);
        self.changed();
    }

    /// Throws the open message away, here and in Drafts.
    pub fn discard(&self) {
        let Some(form) = self.form.get_untracked() else { return };
        self.close();
        let email = self.email.get_value();
        if let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email)) {
            let log = self.log;
            spawn_local(async move {
                let _ = filing::discard_draft(&account, &password, log, &form.message_id).await;
            });
        }
    }

    /// Checks the open form and hands it to the outbox, which sends it.
    pub fn send(&self) {
        let Some(form) = self.form.get_untracked() else { return };
        let draft = form.to_draft(self.me());
        if let Err(e) = build(&draft) {
            self.problem.set(Some(e.to_string()));
            return;
        }
        if let Some(limit) = known_size_limit(&self.email.get_value())
            && form.attachments_size() * 4 / 3 > limit
        {
            self.problem.set(Some((t().attachments_too_large)(&size(form.attachments_size()), &size(limit))));
            return;
        }
        self.problem.set(None);
        self.form.set(None);
        // The edit counter moves on, so no pending save writes the sent form back.
        self.edits.update_value(|n| *n += 1);
        // The outbox is written first (IndexedDB runs the two writes in the order they began): a
        // page that dies in between keeps the message twice, never not at all.
        self.outbox.enqueue(draft);
        self.save_local();
    }
}

async fn read_file(file: web_sys::File) -> Option<Attachment> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    let content = js_sys::Uint8Array::new(&buffer).to_vec();
    let mime_type =
        if file.type_().is_empty() { "application/octet-stream".to_owned() } else { file.type_() };
    Some(Attachment { name: file.name(), mime_type, content })
}

fn add_files(composer: Composer, files: Option<web_sys::FileList>) {
    let Some(files) = files else { return };
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    spawn_local(async move {
        for file in files {
            if let Some(attachment) = read_file(file).await {
                composer.edit_form(|f| f.attachments.push(attachment));
            }
        }
    });
}

/// Every address seen in the open folder's rows and the open message, for autocomplete.
fn seen_addresses(state: &MailState, composer: Composer) -> Vec<String> {
    let mut seen = BTreeSet::new();
    state.rows.with(|rows| {
        for row in rows.values() {
            if row.from.contains('@') {
                seen.insert(row.from.clone());
            }
        }
    });
    state.open.with(|open| {
        if let Some((_, message, _)) = open {
            for m in message.from.iter().chain(&message.to).chain(&message.cc).chain(&message.reply_to) {
                seen.insert(m.display());
            }
        }
    });
    composer.outbox.items.with(|items| {
        for item in items {
            for a in item.draft.to.iter().chain(&item.draft.cc).chain(&item.draft.bcc) {
                seen.insert(a.display());
            }
        }
    });
    seen.into_iter().collect()
}

/// The composer, the outbox and the "New message" button, for the mail view. Call
/// [`provide_composer`] in the mail view first.
#[component]
pub fn ComposerHost(state: MailState) -> impl IntoView {
    let composer = expect_context::<Composer>();
    let suggestions = move || seen_addresses(&state, composer);
    view! {
        <div class="composer-host">
            <datalist id="posthorn-addresses">
                {move || suggestions().into_iter().map(|a| view! { <option value=a></option> }).collect_view()}
            </datalist>
            <Show when=move || composer.form.with(Option::is_some)>
                <ComposeForm composer=composer />
            </Show>
            <OutboxView composer=composer />
        </div>
    }
}

#[component]
fn AddressField(
    composer: Composer,
    label: &'static str,
    name: &'static str,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
) -> impl IntoView {
    // Invalid addresses are named as soon as the field is left, not only on Send.
    let invalid = move || {
        let text = composer.form.with(|f| f.as_ref().map(get)).unwrap_or_default();
        Address::parse_list(&text)
            .into_iter()
            .filter_map(|a| {
                posthorn_proto::smtp::Mailbox::new(&a.address).err().map(|e| format!("{}: {e}", a.address))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" name=name list="posthorn-addresses" autocomplete="off"
                prop:value=move || composer.form.with(|f| f.as_ref().map(get)).unwrap_or_default()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    composer.edit_form(|f| set(f, value));
                }
            />
        </label>
        {move || {
            let invalid = invalid();
            (!invalid.is_empty()).then(|| view! { <p class="field-error" data-testid=format!("{name}-error")>{invalid.join("; ")}</p> })
        }}
    }
}

#[component]
pub fn ComposeForm(composer: Composer) -> impl IntoView {
    // Focus goes where writing starts: the To field while it is empty, else the body (a reply).
    let addressed = composer.form.with_untracked(|f| f.as_ref().is_some_and(|f| !f.to.trim().is_empty()));
    crate::keyboard::focus_when_rendered(
        format!("[data-testid=composer] [name={}]", if addressed { "body" } else { "to" }),
        10,
    );
    let dragging = RwSignal::new(false);
    let me = composer.me().display();
    let total = move || composer.form.with(|f| f.as_ref().map(Form::attachments_size).unwrap_or(0));
    let limit = known_size_limit(&composer.email.get_value());
    view! {
        <section class="composer" class:dragging=move || dragging.get() data-testid="composer"
            role="dialog" aria-label=t().new_message
            // Ctrl+Enter sends from any field (keyboard.rs lists it).
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                    ev.prevent_default();
                    composer.send();
                }
            }
            on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(false);
                add_files(composer, ev.data_transfer().and_then(|d| d.files()));
            }
        >
            <label class="field">
                <span>{t().from}</span>
                <select name="from" aria-label=t().from><option selected=true>{me}</option></select>
            </label>
            <AddressField composer=composer label=t().to name="to" get=|f| f.to.clone() set=|f, v| f.to = v />
            <AddressField composer=composer label=t().cc name="cc" get=|f| f.cc.clone() set=|f, v| f.cc = v />
            <AddressField composer=composer label=t().bcc name="bcc" get=|f| f.bcc.clone() set=|f, v| f.bcc = v />
            <label class="field">
                <span>{t().subject}</span>
                <input type="text" name="subject"
                    prop:value=move || composer.form.with(|f| f.as_ref().map(|f| f.subject.clone())).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); composer.edit_form(|f| f.subject = v); }
                />
            </label>
            <textarea name="body" rows="16" aria-label=t().body
                prop:value=move || composer.form.with(|f| f.as_ref().map(|f| f.body.clone())).unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); composer.edit_form(|f| f.body = v); }
            ></textarea>
            <div class="attachments" data-testid="attachments">
                <label class="attach">
                    {t().attach_files}
                    <input type="file" multiple=true data-testid="attach" on:change=move |ev| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        add_files(composer, input.as_ref().and_then(|i| i.files()));
                        if let Some(input) = input { input.set_value(""); }
                    } />
                </label>
                <ul>
                    {move || composer.form.with(|f| f.as_ref().map(|f| f.attachments.clone()).unwrap_or_default())
                        .into_iter().enumerate().map(|(index, a)| view! {
                            <li data-testid="attachment">
                                {a.name.clone()} " (" {size(a.content.len() as u64)} ") "
                                <button on:click=move |_| composer.edit_form(|f| { if index < f.attachments.len() { f.attachments.remove(index); } })>{t().remove}</button>
                            </li>
                        }).collect_view()}
                </ul>
                <p class="size">
                    {move || (t().attachments_size)(&size(total()))}
                    {limit.map(|l| (t().attachments_limit)(&size(l * 3 / 4)))}
                </p>
            </div>
            {move || composer.problem.get().map(|p| view! { <p class="error" role="alert" data-testid="compose-problem">{p}</p> })}
            <div class="composer-actions">
                <button data-testid="send" on:click=move |_| composer.send()>{t().send}</button>
                <button data-testid="save-draft" on:click=move |_| composer.save_to_drafts_folder()>{t().save_draft}</button>
                <button data-testid="close-composer" on:click=move |_| composer.close()>{t().close}</button>
                <button data-testid="discard" on:click=move |_| composer.discard()>{t().discard}</button>
                <span class="draft-status" data-testid="draft-status">{move || composer.draft_status.get()}</span>
            </div>
        </section>
    }
}

/// The state as `data-state` names it, the same in every language (tests and styles read it).
fn state_name(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Waiting => "waiting",
        OutboxState::Sending => "sending",
        OutboxState::Failed => "not sent",
        OutboxState::Uncertain => "perhaps sent",
        OutboxState::Sent => "sent",
    }
}

/// The state as the outbox shows it.
fn state_label(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Waiting => t().state_waiting,
        OutboxState::Sending => t().state_sending,
        OutboxState::Failed => t().state_failed,
        OutboxState::Uncertain => t().state_uncertain,
        OutboxState::Sent => t().state_sent,
    }
}

#[component]
pub fn OutboxView(composer: Composer) -> impl IntoView {
    let outbox = composer.outbox;
    let accounts = composer.accounts;
    let password = RwSignal::new(String::new());
    // The outbox shows from its first message on; emptied, it says so rather than vanish.
    let had_items = RwSignal::new(false);
    Effect::new(move |_| {
        if outbox.items.with(|i| !i.is_empty()) {
            had_items.set(true);
        }
    });
    let emptied = move || {
        had_items.get().then(|| {
            view! {
                <section class="outbox" data-testid="outbox">
                    <h3>{t().outbox}</h3>
                    <crate::empty_state::EmptyState kind="empty-outbox" picture=crate::icons::Icon::Sent title=t().outbox_empty />
                </section>
            }
        })
    };
    view! {
        <Show when=move || outbox.items.with(|i| !i.is_empty()) fallback=emptied>
            <section class="outbox" data-testid="outbox">
                <h3>{t().outbox}</h3>
                <For each=move || outbox.items.get() key=|i| (i.id().to_owned(), i.state as u8, i.note.clone(), i.error.clone()) let:item>
                    {
                        let id = item.id().to_owned();
                        let (retry_id, edit_id, remove_id, anyway_id) = (id.clone(), id.clone(), id.clone(), id.clone());
                        let create_sent_id = id.clone();
                        let state = item.state;
                        let auth_failed = item.sign_in_refused && item.error.is_some();
                        view! {
                            <div class="outbox-item" data-testid="outbox-item" data-state=state_name(state) data-message-id=id.clone()>
                                <b>{item.draft.subject.clone()}</b>
                                " — " <span class="state">{state_label(state)}</span>
                                <span class="note" data-testid="outbox-note">{item.note.clone()}</span>
                                {item.error.clone().map(|e| view! { <p class="error" data-testid="outbox-error">{e}</p> })}
                                <ul class="recipients">
                                    {item.recipients.iter().map(|r| view! {
                                        <li class:refused=!r.accepted data-testid="outbox-recipient">{format!("{}: {}", r.address, r.text)}</li>
                                    }).collect_view()}
                                </ul>
                                {item.no_sent_folder.then(|| view! {
                                    <button data-testid="outbox-create-sent" on:click=move |_| outbox.create_sent_and_file(&create_sent_id)>
                                        {t().create_sent_button}
                                    </button>
                                })}
                                {matches!(state, OutboxState::Failed | OutboxState::Uncertain | OutboxState::Waiting).then(|| view! {
                                    {auth_failed.then(|| view! {
                                        <input type="password" name="outbox-password" placeholder=t().password aria-label=t().password
                                            on:input=move |ev| password.set(event_target_value(&ev)) />
                                    })}
                                    <button data-testid="outbox-retry" on:click=move |_| {
                                        if auth_failed && !password.get_untracked().is_empty() {
                                            let email = composer.email.get_value();
                                            accounts.set_password(&email, posthorn_proto::secret::Secret::new(password.get_untracked()));
                                        }
                                        outbox.retry(&retry_id);
                                    }>{t().retry}</button>
                                    {(!item.delivered).then(|| view! {
                                        <button data-testid="outbox-edit" on:click=move |_| composer.edit(&edit_id)>{t().edit}</button>
                                    })}
                                })}
                                {(state == OutboxState::Uncertain).then(|| view! {
                                    <button on:click=move |_| outbox.send_anyway(&anyway_id)>{t().send_anyway}</button>
                                })}
                                {(state != OutboxState::Sending).then(|| view! {
                                    <button data-testid="outbox-remove" on:click=move |_| outbox.remove(&remove_id)>{t().remove}</button>
                                })}
                            </div>
                        }
                    }
                </For>
            </section>
        </Show>
    }
}

/// Reply, Reply all, Forward and Forward as attachment, for the reader.
#[component]
pub fn ReplyButtons(message: ReadableMessage, raw: Vec<u8>) -> impl IntoView {
    let Some(composer) = use_context::<Composer>() else { return ().into_any() };
    let message = StoredValue::new(message);
    let raw = StoredValue::new(raw);
    view! {
        <button class="primary" data-testid="reply" on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::Sender))>
            {crate::icons::icon(crate::icons::Icon::Reply)}{t().reply}
        </button>
        <button data-testid="reply-all" on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::All))>
            {crate::icons::icon(crate::icons::Icon::ReplyAll)}{t().reply_all}
        </button>
        <button data-testid="forward" on:click=move |_| message.with_value(|m| composer.forward(m, None))>
            {crate::icons::icon(crate::icons::Icon::Forward)}{t().forward}
        </button>
        <button data-testid="forward-attachment" on:click=move |_| {
            message.with_value(|m| raw.with_value(|r| composer.forward(m, Some(r))))
        }>{t().forward_attachment}</button>
    }
    .into_any()
}
