//! The outbox: every message the person sent, kept in the browser's storage until the server has
//! taken it, so that nothing written is lost and nothing is sent twice.
//!
//! Each item carries its Message-ID. It is marked `Sending` in storage before the first byte goes
//! out and `Sent` right after the server's 250; an item found `Sending` after a reload, or one
//! whose connection broke after the server accepted recipients, is `Uncertain`, and is only sent
//! again after the Sent folder was searched for its Message-ID.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::{Draft, build};
use serde::{Deserialize, Serialize};

use crate::account::{Accounts, IncomingProtocol};
use crate::protocol_log::ProtocolLog;
use crate::session::filing;
use crate::session::smtp::{self, RecipientLine};

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

fn key(email: &str) -> String {
    format!("posthorn.outbox.v1.{email}")
}

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

/// The outbox of one account, provided as a context by the composer.
#[derive(Clone, Copy)]
pub struct Outbox {
    email: StoredValue<String>,
    accounts: Accounts,
    log: ProtocolLog,
    /// The items, oldest first.
    pub items: RwSignal<Vec<OutboxItem>>,
}

impl Outbox {
    /// Loads the account's outbox. An item still marked `Sending` belongs to a page that closed
    /// mid-send: it becomes `Uncertain`.
    pub fn load(email: &str, accounts: Accounts, log: ProtocolLog) -> Self {
        let mut items: Vec<OutboxItem> = storage()
            .and_then(|s| s.get_item(&key(email)).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        for item in &mut items {
            if item.state == OutboxState::Sending {
                item.state = OutboxState::Uncertain;
                item.error = Some(
                    "The page closed while this message was being sent; Posthorn checks the Sent \
                     folder before sending it again."
                        .into(),
                );
            }
        }
        let outbox =
            Self { email: StoredValue::new(email.to_owned()), accounts, log, items: RwSignal::new(items) };
        outbox.save();
        outbox
    }

    fn save(&self) {
        let email = self.email.get_value();
        let json = self.items.with_untracked(|items| serde_json::to_string(items).unwrap_or_default());
        if let Some(s) = storage()
            && s.set_item(&key(&email), &json).is_err()
        {
            web_sys::console::warn_1(&"The outbox could not be stored (browser storage full?)".into());
        }
    }

    fn get(&self, id: &str) -> Option<OutboxItem> {
        self.items.with_untracked(|items| items.iter().find(|i| i.id() == id).cloned())
    }

    /// Changes an item and writes the outbox to storage at once.
    fn update(&self, id: &str, change: impl FnOnce(&mut OutboxItem)) {
        self.items.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.id() == id) {
                change(item);
            }
        });
        self.save();
    }

    /// Puts a message into the outbox and starts sending it. An item with the same Message-ID that
    /// was sent already is left alone: the same message is never sent twice.
    pub fn enqueue(&self, draft: Draft) {
        let id = draft.message_id.clone();
        if self.get(&id).is_some_and(|i| matches!(i.state, OutboxState::Sent | OutboxState::Sending)) {
            return;
        }
        let item = OutboxItem {
            draft,
            state: OutboxState::Waiting,
            error: None,
            recipients: Vec::new(),
            note: String::new(),
        };
        self.items.update(|items| match items.iter_mut().find(|i| i.id() == id) {
            Some(existing) => *existing = item,
            None => items.push(item),
        });
        self.save();
        self.send(id);
    }

    /// Takes an unsent item out of the outbox (to edit it).
    pub fn take(&self, id: &str) -> Option<Draft> {
        let item = self.get(id).filter(|i| !matches!(i.state, OutboxState::Sent | OutboxState::Sending))?;
        self.remove(id);
        Some(item.draft)
    }

    /// Removes an item.
    pub fn remove(&self, id: &str) {
        self.items.update(|items| items.retain(|i| i.id() != id));
        self.save();
    }

    /// Marks an uncertain item as certainly not sent, so that the next attempt sends it without
    /// looking in Sent first (for servers that do not file sent mail themselves).
    pub fn send_anyway(&self, id: &str) {
        self.update(id, |i| {
            if i.state == OutboxState::Uncertain {
                i.state = OutboxState::Failed;
            }
        });
        self.send(id.to_owned());
    }

    /// Sends (or retries) an item in the background.
    pub fn send(&self, id: String) {
        let outbox = *self;
        spawn_local(async move { outbox.run(&id).await });
    }

    async fn run(&self, id: &str) {
        let Some(item) = self.get(id) else { return };
        if matches!(item.state, OutboxState::Sent | OutboxState::Sending) {
            return;
        }
        let email = self.email.get_value();
        let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email))
        else {
            self.update(id, |i| {
                i.state = OutboxState::Failed;
                i.error =
                    Some("The account's password is not known in this session; enter it and retry.".into());
            });
            return;
        };
        let note = |text: &str| self.update(id, |i| i.note = text.to_owned());

        if item.state == OutboxState::Uncertain {
            note("Checking the Sent folder …");
            match filing::in_sent(&account, &password, self.log, id).await {
                Ok(true) => {
                    self.update(id, |i| {
                        i.state = OutboxState::Sent;
                        i.error = None;
                        i.note = "It had been sent already (found in Sent); not sent again.".into();
                    });
                    return;
                }
                Ok(false) => {}
                Err(e) => {
                    self.update(id, |i| {
                        i.error = Some(format!(
                            "Could not check the Sent folder, so the message was not sent again. {e} \
                             Use \"Send anyway\" if you are sure it did not arrive."
                        ));
                        i.note.clear();
                    });
                    return;
                }
            }
        }

        let built = match build(&item.draft) {
            Ok(built) => built,
            Err(e) => {
                self.update(id, |i| {
                    i.state = OutboxState::Failed;
                    i.error = Some(e.to_string());
                    i.note.clear();
                });
                return;
            }
        };
        // Written to storage before the connection opens: if the page dies from here on, the
        // item comes back as Uncertain, never as unsent.
        self.update(id, |i| {
            i.state = OutboxState::Sending;
            i.error = None;
            i.recipients.clear();
            i.note = "Connecting …".into();
        });
        let outcome = smtp::submit(&account, &password, self.log, &built, |step| note(&step)).await;
        match outcome {
            Ok(done) => {
                remember_size_limit(&email, done.size_limit);
                self.update(id, |i| {
                    i.state = OutboxState::Sent;
                    i.recipients = done.recipients;
                    i.note = format!("Sent ({}). Filing in Sent …", done.reply);
                });
                // POP3 accounts have no server folders; some servers file sent mail themselves.
                let filed =
                    if account.server_files_sent || account.incoming_protocol == IncomingProtocol::Pop3 {
                        None
                    } else {
                        Some(filing::file_sent(&account, &password, self.log, id, built.data).await)
                    };
                self.update(id, |i| {
                    i.note = match filed {
                        None => "Sent.".into(),
                        Some(Ok(())) => "Sent and filed in Sent.".into(),
                        Some(Err(e)) => format!("Sent, but not filed in Sent: {e}"),
                    };
                    // The copy in storage is no longer needed to send; keep the item small.
                    i.draft.attachments.clear();
                });
            }
            Err(e) => {
                remember_size_limit(&email, e.size_limit);
                self.update(id, |i| {
                    i.state = if e.uncertain { OutboxState::Uncertain } else { OutboxState::Failed };
                    i.error = Some(e.message);
                    i.recipients = e.recipients;
                    i.note.clear();
                });
            }
        }
    }
}
