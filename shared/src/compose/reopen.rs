//! A draft stored in the Drafts folder, opened again to write on: by this app in another
//! browser, or by another client such as Thunderbird. It keeps its Message-ID (RFC 5322 section
//! 3.6.4), so that saving it again replaces the stored copy and sending it removes that copy
//! (frontend/src/session/filing.rs finds drafts by Message-ID), and it keeps its recipients, Bcc
//! included (a draft is the writer's own copy), its subject, its text, its attachments, its
//! priority and the message it answers.

use super::reply::{address, attachments_of};
use super::{Draft, MessageDate};
use crate::compose::Address;
use crate::message::ReadableMessage;

/// `stored` as a draft to write on, sent from the one of `mine` (the account's addresses, its own
/// first) that its From names, else the first. `fresh_id` stands in where it has no Message-ID.
/// The text is the plain one where the draft has both (a rich one becomes text).
pub fn reopen(stored: &ReadableMessage, mine: &[Address], date: MessageDate, fresh_id: String) -> Draft {
    let list =
        |l: &[crate::message::Mailbox]| l.iter().filter(|m| !m.address.is_empty()).map(address).collect();
    let me = super::identity::among(&stored.from, mine).or(mine.first()).cloned().unwrap_or_default();
    let mut draft = Draft::new(me.clone(), date, stored.message_id.clone().unwrap_or(fresh_id));
    draft.to = list(&stored.to);
    draft.cc = list(&stored.cc);
    draft.bcc = list(&stored.bcc);
    draft.reply_to =
        list(&stored.reply_to).into_iter().filter(|a: &Address| a.address != me.address).collect();
    draft.subject = stored.subject.clone();
    draft.body = stored.text.replace("\r\n", "\n");
    draft.attachments = attachments_of(stored);
    draft.request_receipt = super::receipt_requested(stored).is_some();
    draft.priority = stored.priority();
    draft.in_reply_to = stored.in_reply_to.clone();
    // References, without the In-Reply-To that ReadableMessage adds at the end where the
    // References header lacked it.
    draft.references = stored.references.clone();
    if let Some(parent) = &draft.in_reply_to
        && draft.references.last() == Some(parent)
        && !header_has(stored, "References", parent)
    {
        draft.references.pop();
    }
    draft
}

/// `message` as a new message to send (Thunderbird's *Edit as New Message*: a message sent
/// before, to send again changed, or one received, as a template): its recipients, subject, text
/// and attachments under `message_id`, its own, so that neither the original nor a draft is taken
/// for it. It goes from the one of `mine` the message was written from or to (`super::identity`),
/// starts no thread and answers nothing; Bcc and the read-receipt request stay only where the
/// message is the account's own.
pub fn edit_as_new(
    message: &ReadableMessage,
    mine: &[Address],
    date: MessageDate,
    message_id: String,
) -> Draft {
    let mut draft = reopen(message, mine, date, String::new());
    let own = super::identity::among(&message.from, mine).is_some();
    draft.message_id = message_id;
    draft.from = super::identity::sender(message, mine);
    draft.reply_to.retain(|a| a.address != draft.from.address);
    draft.in_reply_to = None;
    draft.references.clear();
    if !own {
        draft.bcc.clear();
        draft.request_receipt = false;
    }
    draft
}

/// Whether the header `name` of `message` names `id`.
fn header_has(message: &ReadableMessage, name: &str, id: &str) -> bool {
    message.header_values(name).any(|v| v.contains(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::build_for_drafts;
    use crate::message::read;

    fn date() -> MessageDate {
        MessageDate { unix_seconds: 1_796_000_000, offset_minutes: 60 }
    }

    fn me() -> Address {
        Address::new("Alice", "alice@example.org")
    }

    /// A draft as Thunderbird stores it: Bcc, a reply, an attachment, HTML and plain text.
    const THUNDERBIRD: &str = "Message-ID: <draft-1@example.org>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
MIME-Version: 1.0\r\nUser-Agent: Mozilla Thunderbird\r\nFrom: Alice <alice@example.org>\r\n\
To: Bob <bob@example.org>\r\nCc: carol@example.org\r\nBcc: Dave <dave@example.org>\r\n\
Subject: Re: Plans\r\nIn-Reply-To: <plans@example.org>\r\nReferences: <start@example.org> <plans@example.org>\r\n\
X-Mozilla-Draft-Info: internal/draft; vcard=0; receipt=0\r\n\
Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n\
--a\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHalf written, Grüße\r\n\
--a\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>Half written, Grüße</p>\r\n--a--\r\n\
--m\r\nContent-Type: text/csv; name=plan.csv\r\nContent-Disposition: attachment; filename=plan.csv\r\n\r\na,b\r\n--m--\r\n";

    #[test]
    fn a_thunderbird_draft_reopens_whole_with_its_message_id() {
        let stored = read(THUNDERBIRD.as_bytes()).expect("parses");
        let draft = reopen(&stored, &[me()], date(), "fresh@example.org".into());
        assert_eq!(draft.message_id, "draft-1@example.org");
        let addresses = |l: &[Address]| l.iter().map(|a| a.address.clone()).collect::<Vec<_>>();
        assert_eq!(addresses(&draft.to), ["bob@example.org"]);
        assert_eq!(addresses(&draft.cc), ["carol@example.org"]);
        assert_eq!(addresses(&draft.bcc), ["dave@example.org"]);
        assert_eq!(draft.to[0].name, "Bob");
        assert_eq!(draft.subject, "Re: Plans");
        assert_eq!(draft.body.trim_end(), "Half written, Grüße");
        assert_eq!(draft.in_reply_to.as_deref(), Some("plans@example.org"));
        assert_eq!(draft.references, ["start@example.org", "plans@example.org"]);
        assert_eq!(draft.attachments.len(), 1);
        assert_eq!(draft.attachments[0].name, "plan.csv");
        assert_eq!(draft.attachments[0].content, b"a,b");
    }

    #[test]
    fn a_draft_saved_here_reopens_as_it_was_written() {
        let mut written = Draft::new(me(), date(), "here@example.org".into());
        written.to = vec![Address::new("Bob", "bob@example.org")];
        written.bcc = vec![Address::new("", "dave@example.org")];
        written.subject = "Lunch".into();
        written.body = "Noon?\n\n-- \nAlice\n".into();
        written.in_reply_to = Some("ask@example.org".into());
        let stored = read(&build_for_drafts(&written).expect("builds")).expect("parses");
        let again = reopen(&stored, &[me()], date(), "fresh@example.org".into());
        assert_eq!(again.message_id, written.message_id);
        assert_eq!(again.to, written.to);
        assert_eq!(again.bcc, written.bcc);
        assert_eq!(again.subject, written.subject);
        assert_eq!(again.body.trim_end(), written.body.trim_end());
        assert_eq!(again.in_reply_to, written.in_reply_to);
        assert_eq!(again.references, Vec::<String>::new(), "In-Reply-To alone is not made a References");
    }

    #[test]
    fn edited_as_new_it_is_a_message_of_its_own() {
        let sent = read(THUNDERBIRD.as_bytes()).expect("parses");
        let again = edit_as_new(&sent, &[me()], date(), "new@example.org".into());
        assert_eq!(again.message_id, "new@example.org", "not the original's");
        assert_eq!((again.in_reply_to.as_deref(), again.references.len()), (None, 0), "answers nothing");
        assert_eq!(again.bcc.len(), 1, "the account's own message keeps its Bcc");
        assert_eq!((again.subject.as_str(), again.attachments.len()), ("Re: Plans", 1));
        // A message received, to Alice's alias, with a receipt asked and a Bcc line.
        let alias = Address::new("Sales", "sales@example.org");
        let received = read(
            b"From: Bob <bob@example.org>\r\nTo: sales@example.org\r\nBcc: x@example.org\r\n\
              Disposition-Notification-To: bob@example.org\r\nSubject: Order form\r\n\r\nName:\r\n",
        )
        .expect("parses");
        let template = edit_as_new(&received, &[me(), alias.clone()], date(), "t@example.org".into());
        assert_eq!(template.from, alias, "from the address it was written to");
        assert!(template.bcc.is_empty() && !template.request_receipt, "not the sender's");
        assert_eq!(template.to[0].address, "sales@example.org");
        assert_eq!(template.body.trim_end(), "Name:");
    }

    #[test]
    fn a_draft_without_message_id_gets_the_fresh_one() {
        let stored = read(b"To: bob@example.org\r\nSubject: x\r\n\r\ntext\r\n").expect("parses");
        let draft = reopen(&stored, &[me()], date(), "fresh@example.org".into());
        assert_eq!(draft.message_id, "fresh@example.org");
    }
}
