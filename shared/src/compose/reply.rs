//! Replies and forwards (RFC 5322 section 3.6.4 for the thread headers, section 3.6.5 for the
//! subject's "Re: ").

use super::wording::FORWARD_RULE;
use super::{Address, Attachment, Draft, MessageDate, Wording};
use crate::message::{Mailbox as ReadMailbox, ReadableMessage};

/// Whom a reply goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// The author only (Reply-To when the message has one).
    Sender,
    /// The author and every other To and Cc recipient, except the person replying.
    All,
    /// The mailing list the message came through: its `List-Post` address (RFC 2369 section
    /// 3.4); the author where the list names none.
    List,
}

/// `Re: ` once, whatever prefix the original already had ("Re:", "RE:", "re :").
pub fn reply_subject(subject: &str) -> String {
    let subject = one_line(subject);
    if has_prefix(&subject, &["re"]) { subject } else { format!("Re: {subject}") }
}

/// `Fwd: ` once.
pub fn forward_subject(subject: &str) -> String {
    let subject = one_line(subject);
    if has_prefix(&subject, &["fwd", "fw"]) { subject } else { format!("Fwd: {subject}") }
}

fn has_prefix(subject: &str, prefixes: &[&str]) -> bool {
    let Some((head, _)) = subject.split_once(':') else { return false };
    let head = head.trim().to_ascii_lowercase();
    prefixes.contains(&head.as_str())
}

/// `text` on one line, as a Subject header must be: header values from a received message, and
/// titles from an invitation, may carry folding, line breaks or stray controls.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

pub(super) fn address(m: &ReadMailbox) -> Address {
    Address::new(m.name.as_deref().map(one_line).unwrap_or_default(), m.address.trim())
}

fn push_unique(list: &mut Vec<Address>, candidate: Address, exclude: &[&Address]) {
    let taken = list.iter().chain(exclude.iter().copied()).any(|a| a.same_mailbox(&candidate.address));
    if !candidate.address.is_empty() && !taken {
        list.push(candidate);
    }
}

/// The original's date for the attribution line and a forward's header: as `wording` writes a
/// time, or the Date header as it was written.
fn original_date(original: &ReadableMessage, wording: &Wording) -> String {
    if let (Some(write), Some(unix)) = (wording.date, original.timestamp) {
        return write(unix);
    }
    original
        .header_values("Date")
        .next()
        .map(one_line)
        .or_else(|| original.date.clone())
        .unwrap_or_else(|| wording.unknown_date.to_owned())
}

fn author(original: &ReadableMessage, wording: &Wording) -> String {
    original.from.first().map(|m| one_line(&m.display())).unwrap_or_else(|| wording.someone.to_owned())
}

/// `> ` before every line; `>` alone on empty lines so that no line ends in a space.
fn quote(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let text = text.trim_end_matches('\n');
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                ">".to_owned()
            } else if line.starts_with('>') {
                format!(">{line}")
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A reply to `original` from the one of `mine` (the account's addresses, its own first) it was
/// written to (`super::identity`): the subject with "Re: ", recipients from Reply-To (or From),
/// the text quoted under `wording`'s attribution ("On <date>, <author> wrote:"), without the
/// author's signature (RFC 3676 section 4.3), and In-Reply-To/References continuing the thread.
/// None of `mine` is a recipient.
pub fn reply(
    original: &ReadableMessage,
    kind: ReplyKind,
    mine: &[Address],
    date: MessageDate,
    message_id: String,
    wording: &Wording,
) -> Draft {
    let mut draft = Draft::new(super::identity::sender(original, mine), date, message_id);
    draft.subject = reply_subject(&original.subject);
    let authors = if original.reply_to.is_empty() { &original.from } else { &original.reply_to };
    let is_mine = |address: &str| mine.iter().any(|me| me.same_mailbox(address));
    let from_me = original.from.iter().any(|m| is_mine(&m.address));
    let mine: Vec<&Address> = mine.iter().collect();
    for m in authors {
        push_unique(&mut draft.to, address(m), &[]);
    }
    // Replying to one's own sent message goes to its recipients, not back to oneself.
    if from_me && original.reply_to.is_empty() {
        draft.to.clear();
        for m in &original.to {
            push_unique(&mut draft.to, address(m), &mine);
        }
    }
    if kind == ReplyKind::List
        && let Some(list) = crate::message::list_headers::post_address(&original.headers)
    {
        draft.to = vec![Address::new(String::new(), list.trim())];
    }
    if kind == ReplyKind::All {
        let to = draft.to.clone();
        let exclude: Vec<&Address> = mine.iter().copied().chain(&to).collect();
        for m in original.to.iter().chain(&original.cc) {
            push_unique(&mut draft.cc, address(m), &exclude);
        }
        draft.to.retain(|a| !is_mine(&a.address));
        if draft.to.is_empty() && !draft.cc.is_empty() {
            draft.to.push(draft.cc.remove(0));
        }
    }
    draft.body = format!(
        "\n\n{}\n{}\n",
        (wording.attribution)(&original_date(original, wording), &author(original, wording)),
        quote(super::without_signature(&original.text))
    );
    if let Some(parent) = &original.message_id {
        draft.in_reply_to = Some(parent.clone());
        draft.references = original.references.clone();
        if !draft.references.contains(parent) {
            draft.references.push(parent.clone());
        }
    }
    draft
}

/// A forward goes out from the address the original was written to, as a reply does.
fn forward_base(
    original: &ReadableMessage,
    mine: &[Address],
    date: MessageDate,
    message_id: String,
) -> Draft {
    let mut draft = Draft::new(super::identity::sender(original, mine), date, message_id);
    draft.subject = forward_subject(&original.subject);
    // A forward starts a new conversation but keeps a pointer to what it forwards, as most
    // clients do, so the writer's own client can still thread it.
    if let Some(parent) = &original.message_id {
        draft.references = vec![parent.clone()];
    }
    draft
}

/// A forward with the original's text below a header block in `wording`'s words, and its
/// attachments attached again.
pub fn forward_inline(
    original: &ReadableMessage,
    mine: &[Address],
    date: MessageDate,
    message_id: String,
    wording: &Wording,
) -> Draft {
    let mut draft = forward_base(original, mine, date, message_id);
    let list = |l: &[ReadMailbox]| l.iter().map(|m| one_line(&m.display())).collect::<Vec<_>>().join(", ");
    let w = wording;
    let mut header = format!(
        "\n\n{FORWARD_RULE} {} {FORWARD_RULE}\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n",
        w.forwarded,
        w.from,
        list(&original.from),
        w.sent,
        original_date(original, w),
        w.subject,
        one_line(&original.subject),
        w.to,
        list(&original.to)
    );
    if !original.cc.is_empty() {
        header.push_str(&format!("{}: {}\n", w.cc, list(&original.cc)));
    }
    draft.body = format!("{header}\n{}\n", original.text.replace("\r\n", "\n").trim_end_matches('\n'));
    draft.attachments = attachments_of(original);
    draft
}

/// `message`'s attachments, to send again (a forward, a draft written on again).
pub(super) fn attachments_of(message: &ReadableMessage) -> Vec<Attachment> {
    message
        .attachments
        .iter()
        .map(|a| Attachment {
            name: a.name.clone(),
            mime_type: a.mime_type.clone(),
            content: a.content.clone(),
        })
        .collect()
}

/// A forward with the whole original message attached as `message/rfc822` (RFC 2046 section
/// 5.2.1), so the recipient sees it exactly as it arrived.
pub fn forward_as_attachment(
    original: &ReadableMessage,
    raw: &[u8],
    mine: &[Address],
    date: MessageDate,
    message_id: String,
) -> Draft {
    let mut draft = forward_base(original, mine, date, message_id);
    let stem: String = one_line(&original.subject)
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') { c } else { '_' })
        .take(60)
        .collect();
    let stem = if stem.trim().is_empty() { "message".to_owned() } else { stem.trim().to_owned() };
    draft.attachments.push(Attachment {
        name: format!("{stem}.eml"),
        mime_type: "message/rfc822".to_owned(),
        content: raw.to_vec(),
    });
    draft
}
