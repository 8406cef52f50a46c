//! Read receipts: Message Disposition Notifications (RFC 8098). A sender asks for one with
//! `Disposition-Notification-To` (section 2.1); the recipient's client asks its person and, with
//! their consent only, sends a report (RFC 6522 `multipart/report`) whose machine-readable part
//! says the message was displayed (section 3). It goes from the null reverse-path, so that no
//! receipt is ever answered by another (section 2.1).
//!
//! Whether one was sent or declined is kept on the server with the keyword `$MDNSent` (RFC 3503),
//! so that no client asks twice.

use serde::{Deserialize, Serialize};

use super::identity::sender;
use super::reply::{address, one_line};
use super::{Address, Draft, MessageDate};
use crate::message::ReadableMessage;

/// The keyword that marks a message whose receipt was sent or declined (RFC 3503 section 3.1).
pub const MDN_SENT: &str = "$MDNSent";

/// The machine-readable part of a receipt (RFC 8098 section 3.1): what it reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    /// The reported message's Message-ID, without angle brackets (`Original-Message-ID`).
    pub original_message_id: Option<String>,
    /// The address the message reached (`Final-Recipient`): the account's address it was
    /// written to.
    pub final_recipient: String,
    /// The `Original-Recipient` header of the message, where its server added one (section
    /// 3.2.3): the address as the sender wrote it.
    pub original_recipient: Option<String>,
}

impl Disposition {
    /// The fields as RFC 8098 section 3.1 writes them, CRLF after each. A manual action (the
    /// person chose to send it) on a message that was displayed.
    pub fn fields(&self) -> String {
        let mut fields = String::from("Reporting-UA: Posthorn; posthorn\r\n");
        if let Some(original) = &self.original_recipient {
            fields.push_str(&format!("Original-Recipient: {}\r\n", one_line(original)));
        }
        fields.push_str(&format!("Final-Recipient: rfc822;{}\r\n", one_line(&self.final_recipient)));
        if let Some(id) = &self.original_message_id {
            fields.push_str(&format!("Original-Message-ID: <{}>\r\n", one_line(id)));
        }
        fields.push_str("Disposition: manual-action/MDN-sent-manually; displayed\r\n");
        fields
    }
}

/// What a message asks: the addresses its receipt would go to, and whether they are elsewhere
/// than its sender (section 2.1: a receipt then needs the person's explicit word, and they
/// should know where it goes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRequest {
    /// The `Disposition-Notification-To` addresses.
    pub to: Vec<Address>,
    /// At least one of them is neither the message's From nor its Return-Path.
    pub elsewhere: bool,
}

/// The receipt `message` asks for, if it asks for one.
pub fn receipt_requested(message: &ReadableMessage) -> Option<ReceiptRequest> {
    let to: Vec<Address> = message
        .header_values("Disposition-Notification-To")
        .flat_map(|value| value.split(','))
        .map(Address::parse)
        .filter(|a| a.address.contains('@'))
        .collect();
    if to.is_empty() {
        return None;
    }
    let return_path: Vec<&str> = message
        .header_values("Return-Path")
        .map(|value| value.trim().trim_start_matches('<').trim_end_matches('>'))
        .collect();
    let known = |a: &Address| {
        message.from.iter().any(|m| a.same_mailbox(&m.address))
            || return_path.iter().any(|r| a.same_mailbox(r))
    };
    let elsewhere = !to.iter().all(known);
    Some(ReceiptRequest { to, elsewhere })
}

/// The receipt for `message` from the one of `mine` (the account's addresses, its own first) it
/// was written to: "Read: " and its subject, to the addresses it asked, a sentence for people and
/// the [`Disposition`] for programs. `None` where it asks for none.
pub fn receipt(
    message: &ReadableMessage,
    mine: &[Address],
    date: MessageDate,
    message_id: String,
) -> Option<Draft> {
    let request = receipt_requested(message)?;
    let me = sender(message, mine);
    let mut draft = Draft::new(me.clone(), date, message_id);
    draft.to = request.to;
    draft.subject = format!("Read: {}", one_line(&message.subject));
    let when = message.date.as_deref().map(one_line).unwrap_or_else(|| "an unknown date".to_owned());
    let to = message.to.first().map(address).unwrap_or_else(|| me.clone());
    draft.body = format!(
        "This is a receipt for the message you sent to {} on {when}, subject \"{}\".\n\n\
         It says that the message was displayed on the recipient's screen. It does not say that it \
         was read or understood.\n",
        to.display(),
        one_line(&message.subject),
    );
    if let Some(parent) = &message.message_id {
        draft.references = vec![parent.clone()];
    }
    let original_recipient = message.header_values("Original-Recipient").next().map(str::to_owned);
    draft.disposition = Some(Disposition {
        original_message_id: message.message_id.clone(),
        final_recipient: me.address,
        original_recipient,
    });
    Some(draft)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::build;
    use crate::message::read;

    const DATE: MessageDate = MessageDate { unix_seconds: 1_796_000_000, offset_minutes: 60 };

    fn mine() -> Vec<Address> {
        vec![Address::new("Alice", "alice@example.org"), Address::new("Sales", "sales@example.org")]
    }

    const ASKING: &[u8] = b"Return-Path: <bob@example.com>\r\nFrom: Bob <bob@example.com>\r\n\
To: Sales <sales@example.org>\r\nSubject: Offer\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\n\
Message-ID: <offer-1@example.com>\r\nDisposition-Notification-To: Bob <bob@example.com>\r\n\r\nHi\r\n";

    #[test]
    fn a_request_names_where_the_receipt_goes() {
        let asking = read(ASKING).unwrap();
        let request = receipt_requested(&asking).unwrap();
        assert_eq!(request.to, [Address::new("Bob", "bob@example.com")]);
        assert!(!request.elsewhere);
        let elsewhere = read(
            b"From: bob@example.com\r\nTo: alice@example.org\r\nDisposition-Notification-To: tracker@example.net\r\n\
Subject: x\r\n\r\nx\r\n",
        )
        .unwrap();
        assert!(receipt_requested(&elsewhere).unwrap().elsewhere);
        let plain = read(b"From: bob@example.com\r\nSubject: x\r\n\r\nx\r\n").unwrap();
        assert_eq!(receipt_requested(&plain), None);
        assert_eq!(receipt(&plain, &mine(), DATE, "r@example.org".into()), None);
    }

    #[test]
    fn a_receipt_is_a_report_from_the_null_path() {
        let asking = read(ASKING).unwrap();
        let draft = receipt(&asking, &mine(), DATE, "mdn-1@example.org".into()).unwrap();
        assert_eq!(draft.from.address, "sales@example.org", "from the address written to");
        assert_eq!(draft.subject, "Read: Offer");
        let built = build(&draft).unwrap();
        assert_eq!(built.envelope.from, None, "MAIL FROM:<>");
        assert_eq!(built.envelope.to.len(), 1);
        let text = String::from_utf8(built.data).unwrap();
        assert!(text.contains("Content-Type: multipart/report"), "{text}");
        assert!(
            text.contains("report-type=disposition-notification")
                || text.contains("report-type=\"disposition-notification\""),
            "{text}"
        );
        assert!(text.contains("Content-Type: message/disposition-notification\r\n"), "{text}");
        assert!(text.contains("Final-Recipient: rfc822;sales@example.org\r\n"), "{text}");
        assert!(text.contains("Original-Message-ID: <offer-1@example.com>\r\n"), "{text}");
        assert!(text.contains("Disposition: manual-action/MDN-sent-manually; displayed\r\n"), "{text}");
        // Read back as a message: the sentence is its text, the report a part of it.
        let again = read(text.as_bytes()).unwrap();
        assert!(again.text.contains("was displayed"), "{}", again.text);
    }
}
