//! One message in the outbox as the app keeps it: the draft, its delivery (the engine's machine,
//! posthorn_proto::outbox), and what the person reads about it.

use posthorn_proto::compose::Draft;
use posthorn_proto::outbox::{Delivery, RecipientLine, State};
use serde::{Deserialize, Serialize};

/// Where an outbox item stands (the engine's [`State`]).
pub type OutboxState = State;

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// The message (its `message_id` identifies the item).
    pub draft: Draft,
    /// Where it stands, the recipients' answers and to whom it is owed. Flattened: on disk the
    /// fields sit beside the others, as before the machine moved into the engine.
    #[serde(flatten)]
    pub delivery: Delivery,
    /// Why it failed, in plain words.
    pub error: Option<String>,
    /// How filing in Sent went, or what is going on right now.
    #[serde(default)]
    pub note: String,
    /// It went out, but the server has no Sent folder to file the copy in: the outbox offers to
    /// create one (`Outbox::create_sent_and_file`), and keeps the attachments until then so the
    /// copy can be built again (byte for byte: shared/src/compose/build.rs takes the date and
    /// boundary from the draft).
    #[serde(default)]
    pub no_sent_folder: bool,
    /// It went out, but filing the copy in Sent failed (the server refused the APPEND, or the
    /// connection broke): the outbox offers to file it again (`Outbox::file_in_sent`), and keeps
    /// the attachments until then, as for `no_sent_folder`.
    #[serde(default)]
    pub not_filed: bool,
    /// The last attempt failed because the outgoing server refused the user name or password
    /// (session/smtp.rs `SendError::sign_in_refused`): the outbox asks for the password.
    #[serde(default)]
    pub sign_in_refused: bool,
    /// Sent later: held until the time the person chose (*Send later*), not for an Undo.
    #[serde(default)]
    pub scheduled: bool,
    /// The message this one answers or forwards, marked so once this one is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// The message a reply answers or a forward passes on: once the reply or forward went out, it is
/// marked `\Answered` (RFC 3501 section 2.3.2) or `$Forwarded` (RFC 5788's registry), as other
/// clients show and set them. Found again by its Message-ID, in the folder it was read in (or the
/// inbox), since its UID may have changed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Its Message-ID, without angle brackets.
    pub message_id: String,
    /// The folder it was read in, where known.
    #[serde(default)]
    pub folder: Option<posthorn_proto::imap::MailboxName>,
    /// Forwarded, not answered.
    #[serde(default)]
    pub forwarded: bool,
}

impl OutboxItem {
    /// A new item, waiting, with `note` shown.
    pub fn new(draft: Draft, note: String) -> Self {
        Self {
            draft,
            delivery: Delivery::new(),
            error: None,
            note,
            no_sent_folder: false,
            not_filed: false,
            sign_in_refused: false,
            scheduled: false,
            origin: None,
        }
    }

    /// The id: the Message-ID.
    pub fn id(&self) -> &str {
        &self.draft.message_id
    }

    /// Where it stands.
    pub fn state(&self) -> OutboxState {
        self.delivery.state()
    }

    /// Each recipient's answer so far.
    pub fn recipients(&self) -> &[RecipientLine] {
        self.delivery.recipients()
    }

    /// Whether the server took it for some recipients already.
    pub fn delivered(&self) -> bool {
        self.delivery.delivered()
    }

    /// Whether nothing is left to do about it: sent, taken for every recipient, and its copy
    /// filed in Sent (or none to file). The outbox folds such items away
    /// (composer/outbox_view.rs); anything else keeps it open.
    pub fn done(&self) -> bool {
        self.state() == OutboxState::Sent
            && self.recipients().iter().all(|r| r.accepted)
            && !self.not_filed
            && !self.no_sent_folder
    }

    /// Until when (Unix milliseconds) it is held back for an Undo; `None` for one sent later.
    pub fn held_for_undo(&self) -> Option<u64> {
        self.delivery.held_until().filter(|_| !self.scheduled)
    }

    /// Whether it waits for the time it was sent later for: nothing to do about it until then.
    pub fn waits_for_its_time(&self) -> bool {
        self.scheduled && self.delivery.held_until().is_some()
    }
}

/// Whole seconds from `now` to `until` (both Unix milliseconds), rounded up: the count a person
/// reads goes 5, 4, … 1, then the message goes.
pub fn seconds_left(until: u64, now: u64) -> u64 {
    until.saturating_sub(now).div_ceil(1000)
}

/// The note of a message that waits for the network.
pub fn waiting_for_network() -> String {
    crate::i18n::t().waiting_for_network.to_owned()
}

/// What the outgoing server answered for each recipient, in one sentence: who it took the message
/// for, who it refused, and who it asked to try again later.
pub(super) fn delivery_summary(lines: &[RecipientLine]) -> String {
    let list = |keep: &dyn Fn(&RecipientLine) -> bool| {
        lines.iter().filter(|l| keep(l)).map(|l| l.address.as_str()).collect::<Vec<_>>().join(", ")
    };
    let accepted = list(&|l| l.accepted);
    let refused = list(&|l| !l.accepted && !l.deferred);
    let later = list(&|l| !l.accepted && l.deferred);
    let mut parts = Vec::new();
    if !accepted.is_empty() {
        parts.push((crate::i18n::t().delivery.accepted_for)(&accepted));
    }
    if !refused.is_empty() {
        parts.push((crate::i18n::t().delivery.refused_for)(&refused));
    }
    if !later.is_empty() {
        parts.push((crate::i18n::t().delivery.later_for)(&later));
    }
    if parts.is_empty() {
        return String::new();
    }
    (crate::i18n::t().delivery.outgoing_server_said)(&parts.join("; "))
}

/// The outbox as kept before the local store, read once (then removed with
/// [`forget_legacy`]).
pub(super) fn legacy_items(email: &str) -> Option<String> {
    crate::store::local_storage().and_then(|s| s.get_item(&legacy_key(email)).ok().flatten())
}

/// Removes the outbox kept before the local store.
pub(super) fn forget_legacy(email: &str) {
    if let Some(s) = crate::store::local_storage() {
        let _ = s.remove_item(&legacy_key(email));
    }
}

fn legacy_key(email: &str) -> String {
    format!("posthorn.outbox.v1.{email}")
}

/// The SIZE limit (RFC 1870) the account's server announced last, remembered so the composer can
/// warn before sending.
pub fn known_size_limit(email: &str) -> Option<u64> {
    crate::store::local_storage()?.get_item(&format!("posthorn.smtp_size.{email}")).ok()??.parse().ok()
}

pub(super) fn remember_size_limit(email: &str, limit: Option<u64>) {
    if let (Some(s), Some(limit)) = (crate::store::local_storage(), limit) {
        let _ = s.set_item(&format!("posthorn.smtp_size.{email}"), &limit.to_string());
    }
}

/// Whether the browser thinks it is online.
pub(super) fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn the_count_rounds_up_and_stops_at_nothing() {
        assert_eq!(seconds_left(10_000, 5_000), 5);
        assert_eq!(seconds_left(10_000, 5_001), 5);
        assert_eq!(seconds_left(10_000, 9_999), 1);
        assert_eq!(seconds_left(10_000, 10_000), 0);
        assert_eq!(seconds_left(10_000, 12_000), 0);
    }

    #[wasm_bindgen_test]
    fn an_item_reads_back_from_what_the_outbox_kept_before_the_machine_moved() {
        use posthorn_proto::compose::{Address, MessageDate};
        let date = MessageDate { unix_seconds: 1_700_000_000, offset_minutes: 60 };
        let draft = Draft::new(Address::new("Adam", "adam@example.org"), date, "a@example.org".into());
        // The fields as the outbox wrote them before its state moved into the engine.
        let json = serde_json::json!({
            "draft": draft, "state": "Sending", "error": null,
            "recipients": [{"address": "bob@example.org", "accepted": true, "text": "250 ok"}],
            "note": "Connecting", "delivered": true, "owed_to": ["carol@example.org"],
        });
        let mut item: OutboxItem = serde_json::from_value(json).unwrap();
        assert_eq!(
            (item.id(), item.state(), item.delivered()),
            ("a@example.org", OutboxState::Sending, true)
        );
        assert!(item.delivery.resume());
        assert_eq!(item.state(), OutboxState::Uncertain);
        assert_eq!(item.delivery.owed_to(), ["carol@example.org"]);
        let again: OutboxItem = serde_json::from_str(&serde_json::to_string(&item).unwrap()).unwrap();
        assert_eq!(again, item, "and writes the same fields");
    }

    #[wasm_bindgen_test]
    fn an_item_is_done_when_sent_to_everyone_and_filed() {
        use posthorn_proto::compose::{Address, MessageDate};
        use posthorn_proto::outbox::Outcome;
        let date = MessageDate { unix_seconds: 1_700_000_000, offset_minutes: 60 };
        let draft = Draft::new(Address::new("Adam", "adam@example.org"), date, "a@example.org".into());
        let line = |address: &str, accepted: bool| RecipientLine {
            address: address.into(),
            accepted,
            text: if accepted { "250 ok".into() } else { "550 no such user".into() },
            deferred: false,
        };
        let sent = |lines: Vec<RecipientLine>| {
            let mut item = OutboxItem::new(draft.clone(), String::new());
            assert!(!item.done(), "waiting");
            assert!(item.delivery.begin_sending());
            assert!(!item.done(), "sending");
            item.delivery.settle(Outcome::Accepted { recipients: lines });
            item
        };
        let mut item = sent(vec![line("bob@example.org", true)]);
        assert!(item.done());
        item.not_filed = true;
        assert!(!item.done(), "its copy is still to be filed");
        item.not_filed = false;
        item.no_sent_folder = true;
        assert!(!item.done(), "a Sent folder is still to be made");
        let refused = sent(vec![line("bob@example.org", true), line("nobody@example.org", false)]);
        assert_eq!(refused.state(), OutboxState::Sent);
        assert!(!refused.done(), "one recipient refused it: the person needs to see that");
    }
}
