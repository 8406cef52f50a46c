//! Which of an account's addresses a reply, a forward or a reopened draft goes out from. An
//! account may send from more than its own address (an alias, a role address such as
//! `sales@…` delivered to the same mailbox); the one a message was written to is the one to
//! answer from, as a person writing to `sales@` expects the answer from there.
//!
//! The order: the message's own From (a message the person sent, found in Sent), its To, its Cc,
//! then the delivery headers a server adds with the address it delivered to (`Delivered-To`,
//! RFC 9228; Postfix's `X-Original-To`; Exim's `Envelope-To`), which name the address even where
//! the message came by Bcc or through a list.

use super::Address;
use crate::message::{Mailbox, ReadableMessage};

/// The headers that name the address a message was delivered to, in the order they are asked.
const DELIVERY_HEADERS: [&str; 3] = ["Delivered-To", "X-Original-To", "Envelope-To"];

/// The address among `mine` that `message` was written to or from (see the module's order);
/// `None` where it names none of them.
pub fn identity_for<'a>(message: &ReadableMessage, mine: &'a [Address]) -> Option<&'a Address> {
    let named = |list: &[Mailbox]| among(list, mine);
    named(&message.from).or_else(|| named(&message.to)).or_else(|| named(&message.cc)).or_else(|| {
        DELIVERY_HEADERS.iter().find_map(|header| {
            message
                .header_values(header)
                .flat_map(|value| value.split(','))
                .map(|value| value.trim().trim_start_matches('<').trim_end_matches('>'))
                .find_map(|value| mine.iter().find(|me| me.same_mailbox(value)))
        })
    })
}

/// The first of `mine` that `list` names.
pub(super) fn among<'a>(list: &[Mailbox], mine: &'a [Address]) -> Option<&'a Address> {
    list.iter().find_map(|m| mine.iter().find(|me| me.same_mailbox(&m.address)))
}

/// [`identity_for`], else the account's own address (the first of `mine`).
pub(super) fn sender(message: &ReadableMessage, mine: &[Address]) -> Address {
    identity_for(message, mine).or(mine.first()).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::read;

    fn mine() -> Vec<Address> {
        vec![Address::new("Alice", "alice@example.org"), Address::new("Sales", "sales@example.org")]
    }

    fn message(headers: &str) -> ReadableMessage {
        read(format!("{headers}Subject: Hi\r\n\r\nHello\r\n").as_bytes()).expect("reads")
    }

    #[test]
    fn the_address_written_to_is_the_one_answered_from() {
        let to_sales = message("From: bob@example.com\r\nTo: Sales <SALES@example.org>\r\n");
        assert_eq!(identity_for(&to_sales, &mine()).map(|a| a.address.as_str()), Some("sales@example.org"));
        // To before Cc: the address the message was meant for.
        let both = message("From: bob@example.com\r\nTo: sales@example.org\r\nCc: alice@example.org\r\n");
        assert_eq!(identity_for(&both, &mine()).map(|a| a.address.as_str()), Some("sales@example.org"));
        // One's own sent message: its From.
        let sent =
            message("From: Sales <sales@example.org>\r\nTo: bob@example.com\r\nCc: alice@example.org\r\n");
        assert_eq!(identity_for(&sent, &mine()).map(|a| a.address.as_str()), Some("sales@example.org"));
    }

    #[test]
    fn a_message_by_bcc_or_through_a_list_is_found_by_its_delivery_header() {
        let list = message(
            "Delivered-To: <sales@example.org>\r\nFrom: bob@example.com\r\nTo: list@lists.example.com\r\n",
        );
        assert_eq!(identity_for(&list, &mine()).map(|a| a.address.as_str()), Some("sales@example.org"));
        let postfix =
            message("X-Original-To: sales@example.org\r\nFrom: bob@example.com\r\nTo: x@example.com\r\n");
        assert_eq!(sender(&postfix, &mine()).name, "Sales");
        // None of them: the account's own address.
        let other = message("From: bob@example.com\r\nTo: someone@example.com\r\n");
        assert_eq!(identity_for(&other, &mine()), None);
        assert_eq!(sender(&other, &mine()).address, "alice@example.org");
    }
}
