//! From a [`Draft`] to the bytes of an RFC 5322 message and its SMTP envelope.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address as MbAddress;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::{BodyPart, MimePart};

use super::{Address, Attachment, ComposeError, Draft};
use crate::smtp::{Envelope, Mailbox};

/// A message ready to submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltMessage {
    /// `MAIL FROM` and every `RCPT TO`: To, Cc and Bcc, each once.
    pub envelope: Envelope,
    /// The message: header and body, CRLF line endings, no Bcc header.
    pub data: Vec<u8>,
    /// The Message-ID without angle brackets, to find the message again (in Sent, in the outbox).
    pub message_id: String,
}

/// A Message-ID (RFC 5322 section 3.6.4) from a random token the driver drew
/// (`crypto.getRandomValues`) and the sender's domain: `<hex>@<domain>`.
pub fn message_id(random: &[u8], from_address: &str) -> String {
    let token: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('>'))
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-')))
        .unwrap_or("posthorn.invalid");
    format!("{token}@{domain}")
}

/// Builds the message to submit: validates every address, puts To, Cc and Bcc in the envelope and
/// only To and Cc in the header.
pub fn build(draft: &Draft) -> Result<BuiltMessage, ComposeError> {
    let from = mailbox("From", &draft.from)?;
    let mut recipients: Vec<Mailbox> = Vec::new();
    for (field, list) in [("To", &draft.to), ("Cc", &draft.cc), ("Bcc", &draft.bcc)] {
        for address in list {
            let mailbox = mailbox(field, address)?;
            // One RCPT per mailbox: a person in To and Bcc gets one copy.
            if !recipients.iter().any(|m| m.as_str().eq_ignore_ascii_case(mailbox.as_str())) {
                recipients.push(mailbox);
            }
        }
    }
    if recipients.is_empty() {
        return Err(ComposeError::NoRecipients);
    }
    let data = write(draft, false)?;
    let mut envelope = Envelope::new(from, recipients);
    // A read receipt goes from the null reverse-path, so that nothing answers it (RFC 8098
    // section 2.1).
    if draft.disposition.is_some() {
        envelope.from = None;
    }
    Ok(BuiltMessage { envelope, data, message_id: draft.message_id.clone() })
}

/// Builds the copy kept in the Drafts folder: recipients are optional and Bcc is kept (it is the
/// writer's own copy, and the draft must reopen with it). Addresses that do not validate yet are
/// left out rather than refusing to save.
pub fn build_for_drafts(draft: &Draft) -> Result<Vec<u8>, ComposeError> {
    let mut draft = draft.clone();
    for list in [&mut draft.to, &mut draft.cc, &mut draft.bcc, &mut draft.reply_to] {
        list.retain(|a| Mailbox::new(&a.address).is_ok() && !has_control(&a.name));
    }
    write(&draft, true)
}

fn mailbox(field: &'static str, address: &Address) -> Result<Mailbox, ComposeError> {
    if has_control(&address.name) {
        return Err(ComposeError::ControlCharacter { field });
    }
    Mailbox::new(&address.address).map_err(|source| ComposeError::InvalidAddress {
        field,
        address: address.address.clone(),
        source,
    })
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// `id-left "@" id-right` with nothing that ends the `msg-id` or the header.
fn check_message_id(id: &str) -> Result<(), ComposeError> {
    let ok = id.split_once('@').is_some_and(|(l, r)| !l.is_empty() && !r.is_empty())
        && id.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\\' | '(' | ')' | ','))
        && id.len() <= 250;
    if ok { Ok(()) } else { Err(ComposeError::InvalidMessageId(id.to_owned())) }
}

fn header_list(addresses: &[Address]) -> MbAddress<'_> {
    MbAddress::new_list(
        addresses
            .iter()
            .map(|a| {
                let name = (!a.name.trim().is_empty()).then_some(a.name.trim());
                MbAddress::new_address(name, a.address.trim())
            })
            .collect(),
    )
}

/// CRLF for every line ending (RFC 5322 section 2.3: CR and LF only occur together).
fn crlf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 32);
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                if text.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Base64 in 76-character lines (RFC 2045 section 6.8).
fn base64_lines(content: &[u8]) -> String {
    let encoded = STANDARD.encode(content);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38);
    for (i, chunk) in encoded.as_bytes().chunks(76).enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

fn attachment_part(attachment: &Attachment) -> MimePart<'_> {
    // A name is shown to the recipient and written into a header parameter: no controls.
    let name: String =
        attachment.name.chars().map(|c| if c.is_control() || c == '"' { '_' } else { c }).collect();
    let mime_type = attachment.mime_type.trim().to_ascii_lowercase();
    let valid_type = mime_type.split_once('/').is_some_and(|(t, s)| {
        !t.is_empty()
            && !s.is_empty()
            && mime_type.bytes().all(|b| b.is_ascii_alphanumeric() || b"/.+-_".contains(&b))
    });
    let mime_type = if valid_type { mime_type } else { "application/octet-stream".to_owned() };
    if mime_type == "message/rfc822" {
        // RFC 2046 section 5.2.1: a message/rfc822 part is never base64 or quoted-printable.
        let content = crlf(&attachment.content);
        let encoding = if content.is_ascii() { "7bit" } else { "8bit" };
        return MimePart {
            headers: vec![
                ("Content-Type".into(), ContentType::new("message/rfc822").into()),
                (
                    "Content-Disposition".into(),
                    ContentType::new("attachment").attribute("filename", name).into(),
                ),
                ("Content-Transfer-Encoding".into(), Raw::new(encoding).into()),
            ],
            contents: BodyPart::Binary(content.into()),
        };
    }
    // Base64 for every file: it keeps the bytes exactly, whatever their line endings.
    MimePart {
        headers: vec![
            ("Content-Type".into(), ContentType::new(mime_type).attribute("name", name.clone()).into()),
            ("Content-Disposition".into(), ContentType::new("attachment").attribute("filename", name).into()),
            ("Content-Transfer-Encoding".into(), Raw::new("base64").into()),
        ],
        contents: BodyPart::Text(base64_lines(&attachment.content).into()),
    }
}

fn write(draft: &Draft, keep_bcc: bool) -> Result<Vec<u8>, ComposeError> {
    if has_control(&draft.subject) {
        return Err(ComposeError::ControlCharacter { field: "Subject" });
    }
    check_message_id(&draft.message_id)?;
    let mut thread: Vec<&str> = Vec::new();
    for id in draft.in_reply_to.iter().chain(&draft.references) {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        check_message_id(id)?;
        thread.push(id);
    }
    // The text goes as format=flowed (RFC 3676), as Thunderbird sends it: paragraphs in lines of at
    // most 72 characters that the recipient's client joins again to the width of its window.
    let flowed = crate::message::flowed::flow(&draft.body);
    let mut body =
        String::from_utf8(crlf(flowed.as_bytes())).map_err(|e| ComposeError::Write(e.to_string()))?;
    // DATA adds a final line break anyway (RFC 5321 section 4.1.1.4); adding it here keeps the copy
    // in Sent identical to what the recipients get.
    if !body.is_empty() && !body.ends_with("\r\n") {
        body.push_str("\r\n");
    }

    let mut message = MessageBuilder::new()
        .header("Date", Raw::new(draft.date.to_rfc5322()))
        .from(header_list(std::slice::from_ref(&draft.from)));
    if !draft.to.is_empty() {
        message = message.to(header_list(&draft.to));
    }
    if !draft.cc.is_empty() {
        message = message.cc(header_list(&draft.cc));
    }
    if keep_bcc && !draft.bcc.is_empty() {
        message = message.bcc(header_list(&draft.bcc));
    }
    if !draft.reply_to.is_empty() {
        message = message.reply_to(header_list(&draft.reply_to));
    }
    message = message.subject(draft.subject.as_str()).message_id(draft.message_id.as_str());
    if let Some(parent) = &draft.in_reply_to {
        message = message.in_reply_to(parent.trim().trim_start_matches('<').trim_end_matches('>'));
    }
    let references: Vec<&str> =
        thread.iter().skip(usize::from(draft.in_reply_to.is_some())).copied().collect();
    if !references.is_empty() {
        message = message.references(MessageId::new_list(references.into_iter()));
    }
    if let Some(priority) = draft.priority.x_priority() {
        message = message.header("X-Priority", Raw::new(priority));
    }
    if draft.request_receipt {
        message =
            message.header("Disposition-Notification-To", header_list(std::slice::from_ref(&draft.from)));
    }

    let text = MimePart::new(
        ContentType::new("text/plain").attribute("charset", "utf-8").attribute("format", "flowed"),
        body.as_str(),
    );
    let fields = draft.disposition.as_ref().map(super::Disposition::fields);
    let root = if let Some(fields) = &fields {
        // A read receipt (RFC 6522 section 3, RFC 8098 section 3): the text, then the report. Its
        // fields are 7bit as written; an address with UTF-8 makes it the global type (RFC 6533
        // section 6).
        let (report_type, encoding) = if fields.is_ascii() {
            ("message/disposition-notification", "7bit")
        } else {
            ("message/global-disposition-notification", "8bit")
        };
        let report = MimePart::new(ContentType::new(report_type), fields.as_bytes())
            .header("Content-Transfer-Encoding", Raw::new(encoding));
        let content_type = ContentType::new("multipart/report")
            .attribute("report-type", "disposition-notification")
            .attribute("boundary", boundary(draft, &body));
        MimePart::new(content_type, vec![text, report])
    } else if let Some(reply) = &draft.calendar_reply {
        // An invitation's answer: the sentence and the iCalendar REPLY as two renderings of one
        // thing (RFC 6047 section 2.4).
        let calendar = MimePart::new(
            ContentType::new("text/calendar").attribute("method", "REPLY").attribute("charset", "utf-8"),
            reply.as_str(),
        );
        let content_type =
            ContentType::new("multipart/alternative").attribute("boundary", boundary(draft, &body));
        MimePart::new(content_type, vec![text, calendar])
    } else if draft.attachments.is_empty() {
        text
    } else {
        let mut parts = vec![text];
        parts.extend(draft.attachments.iter().map(attachment_part));
        MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", boundary(draft, &body)),
            parts,
        )
    };
    message.body(root).write_to_vec().map_err(|e| ComposeError::Write(e.to_string()))
}

/// mail-builder would make up a boundary from the clock; this one is derived from the
/// Message-ID's random token instead, lengthened in the (practically impossible) case that the
/// text contains it.
fn boundary(draft: &Draft, body: &str) -> String {
    let token: String = draft
        .message_id
        .chars()
        .take_while(|c| *c != '@')
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    let mut boundary = format!("=_posthorn_{token}");
    while body.contains(&boundary) {
        boundary.push('x');
    }
    boundary
}
