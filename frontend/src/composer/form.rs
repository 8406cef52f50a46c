//! The composer's form as typed, kept in the local store, and the Date and Message-ID a new
//! message gets from the browser (the engine reads no clock and draws no random numbers).

use super::*;

/// What the composer holds: the fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// The address chosen in From (one of `AccountSettings::addresses`); empty for the account's
    /// own (and in forms kept before there was a choice).
    #[serde(default)]
    pub from: String,
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
    /// *Ask for a read receipt* (RFC 8098).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub request_receipt: bool,
    /// *Priority*.
    #[serde(default)]
    pub priority: posthorn_proto::message::priority::Priority,
    /// A read receipt taken back from the outbox keeps its report (`compose::receipt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<posthorn_proto::compose::Disposition>,
    /// An invitation's answer taken back from the outbox keeps its iCalendar REPLY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_reply: Option<String>,
    /// The message this one answers or forwards, marked so once it is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<crate::outbox::Origin>,
}

pub(super) fn join(list: &[Address]) -> String {
    list.iter().map(Address::display).collect::<Vec<_>>().join(", ")
}

impl Form {
    pub(super) fn from_draft(draft: &Draft) -> Self {
        Self {
            from: draft.from.address.clone(),
            message_id: draft.message_id.clone(),
            to: join(&draft.to),
            cc: join(&draft.cc),
            bcc: join(&draft.bcc),
            subject: draft.subject.clone(),
            body: draft.body.clone(),
            attachments: draft.attachments.clone(),
            in_reply_to: draft.in_reply_to.clone(),
            references: draft.references.clone(),
            request_receipt: draft.request_receipt,
            priority: draft.priority,
            disposition: draft.disposition.clone(),
            calendar_reply: draft.calendar_reply.clone(),
            origin: None,
        }
    }

    pub(super) fn to_draft(&self, from: Address) -> Draft {
        let mut draft = Draft::new(from, now(), self.message_id.clone());
        draft.to = Address::parse_list(&self.to);
        draft.cc = Address::parse_list(&self.cc);
        draft.bcc = Address::parse_list(&self.bcc);
        draft.subject = self.subject.clone();
        draft.body = self.body.clone();
        draft.attachments = self.attachments.clone();
        draft.in_reply_to = self.in_reply_to.clone();
        draft.references = self.references.clone();
        draft.request_receipt = self.request_receipt;
        draft.priority = self.priority;
        draft.disposition = self.disposition.clone();
        draft.calendar_reply = self.calendar_reply.clone();
        draft
    }

    pub(super) fn attachments_size(&self) -> u64 {
        self.attachments.iter().map(|a| a.content.len() as u64).sum()
    }
}

/// The current time and the browser's UTC offset.
pub(super) fn now() -> MessageDate {
    date_at(js_sys::Date::now())
}

/// A time (Unix milliseconds) with the browser's UTC offset then (a message sent later may go
/// out after the clocks changed).
pub(super) fn date_at(millis: f64) -> MessageDate {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis));
    MessageDate {
        unix_seconds: (millis / 1000.0) as i64,
        offset_minutes: -(date.get_timezone_offset() as i16),
    }
}

/// A fresh Message-ID: 16 random bytes from the browser's CSPRNG and the sender's domain.
pub(super) fn new_message_id(from: &str) -> String {
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

/// `draft` with a fresh Message-ID at its sender's domain where it has none yet.
pub(super) fn with_message_id(mut draft: Draft) -> Draft {
    if draft.message_id.is_empty() {
        draft.message_id = new_message_id(&draft.from.address);
    }
    draft
}

/// Where the open form was kept before the local store (read once, then removed).
fn legacy_form_key(email: &str) -> String {
    format!("posthorn.compose.v1.{email}")
}

/// The open form as stored: `Some(None)` is "no form open", `None` is "nothing stored yet".
pub(super) async fn stored_form(email: &str) -> Option<Option<Form>> {
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
