//! What the person wrote, before it becomes bytes.

use crate::message::priority::Priority;
use serde::{Deserialize, Serialize};

use super::MessageDate;

/// A mailbox with an optional display name (RFC 5322 section 3.4 `name-addr` / `addr-spec`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Address {
    /// The display name; empty for none.
    pub name: String,
    /// `local@domain`.
    pub address: String,
}

impl Address {
    /// A named address.
    pub fn new(name: impl Into<String>, address: impl Into<String>) -> Self {
        Self { name: name.into(), address: address.into() }
    }

    /// An address without a display name.
    pub fn bare(address: impl Into<String>) -> Self {
        Self { name: String::new(), address: address.into() }
    }

    /// Parses what a person types in an address field: `a@b`, `<a@b>`, `Name <a@b>` or
    /// `"Name, Jr." <a@b>`. The address itself is validated later, by [`super::build`].
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if let Some(open) = text.rfind('<')
            && let Some(close) = text[open..].find('>')
        {
            let name = text[..open].trim().trim_matches('"').trim();
            return Self::new(name, text[open + 1..open + close].trim());
        }
        Self::bare(text)
    }

    /// Splits an address field on commas and semicolons outside quotes and angle brackets.
    pub fn parse_list(text: &str) -> Vec<Self> {
        let mut out = Vec::new();
        let (mut quoted, mut angle, mut start) = (false, false, 0);
        for (i, c) in text.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '<' if !quoted => angle = true,
                '>' if !quoted => angle = false,
                ',' | ';' if !quoted && !angle => {
                    out.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.push(&text[start..]);
        out.into_iter().filter(|s| !s.trim().is_empty()).map(Self::parse).collect()
    }

    /// `Name <address>` or the address alone, for showing and for editing.
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            self.address.clone()
        } else if self.name.contains([',', ';', '<', '>', '"', '@']) {
            format!("\"{}\" <{}>", self.name.replace('"', ""), self.address)
        } else {
            format!("{} <{}>", self.name, self.address)
        }
    }

    /// Whether this is the same mailbox as `other` (domains compare case-insensitively; local
    /// parts are compared case-insensitively too, as nearly every server treats them).
    pub fn same_mailbox(&self, other: &str) -> bool {
        self.address.trim().eq_ignore_ascii_case(other.trim())
    }
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file name shown to the recipient.
    pub name: String,
    /// `type/subtype`; `message/rfc822` attaches a whole message (forward as attachment).
    pub mime_type: String,
    /// The bytes, exactly as they should arrive.
    #[serde(with = "base64_bytes")]
    pub content: Vec<u8>,
}

/// A message being written. Time and the Message-ID come from the caller (the engine has no clock
/// and no randomness); `message_id` stays the same across retries so a message is never sent twice
/// under two identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The sender (the account's identity).
    pub from: Address,
    /// To.
    pub to: Vec<Address>,
    /// Cc.
    pub cc: Vec<Address>,
    /// Bcc: in the envelope only, never in the sent message.
    pub bcc: Vec<Address>,
    /// Reply-To, if replies should go elsewhere than From.
    #[serde(default)]
    pub reply_to: Vec<Address>,
    /// The subject.
    pub subject: String,
    /// The plain-text body; any line endings.
    pub body: String,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// The Message-ID being replied to, without angle brackets (RFC 5322 section 3.6.4).
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// When the message was written.
    pub date: MessageDate,
    /// This message's id without angle brackets, e.g. from [`super::message_id`].
    pub message_id: String,
    /// Ask for a read receipt: `Disposition-Notification-To` with the From address (RFC 8098
    /// section 2.1).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub request_receipt: bool,
    /// Its priority, sent as `X-Priority` where it is not normal (`crate::message::priority`).
    #[serde(default, skip_serializing_if = "is_normal")]
    pub priority: Priority,
    /// This message is a read receipt (`super::receipt`): a `multipart/report` with the text and
    /// this report, sent from the null reverse-path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<super::Disposition>,
    /// This message answers an invitation (`super::rsvp`): the iCalendar `REPLY` object, sent as
    /// `text/calendar; method=REPLY` beside the text (RFC 6047 section 2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_reply: Option<String>,
}

fn is_normal(priority: &Priority) -> bool {
    *priority == Priority::Normal
}

impl Draft {
    /// An empty draft from `from`.
    pub fn new(from: Address, date: MessageDate, message_id: String) -> Self {
        Self {
            from,
            to: Vec::new(),
            cc: Vec::new(),
            bcc: Vec::new(),
            reply_to: Vec::new(),
            subject: String::new(),
            body: String::new(),
            attachments: Vec::new(),
            in_reply_to: None,
            references: Vec::new(),
            date,
            message_id,
            request_receipt: false,
            priority: Priority::Normal,
            disposition: None,
            calendar_reply: None,
        }
    }
}

/// Attachments are stored (outbox, local drafts) as JSON; base64 keeps them a third larger rather
/// than the fourfold of a JSON number array.
mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parses_address_fields() {
        let list = Address::parse_list("eva@test.de, \"Meier, Tom\" <tom@test.de>; Ann <ann@x.org>,");
        assert_eq!(
            list,
            [
                Address::bare("eva@test.de"),
                Address::new("Meier, Tom", "tom@test.de"),
                Address::new("Ann", "ann@x.org")
            ]
        );
        assert_eq!(Address::parse("<a@b.c>"), Address::bare("a@b.c"));
        assert_eq!(list[1].display(), "\"Meier, Tom\" <tom@test.de>");
    }
}
