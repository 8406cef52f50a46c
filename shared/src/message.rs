//! Reading a message (RFC 5322, MIME RFC 2045-2049) for display, and preparing its HTML so that it can
//! be shown without running script or loading anything from the network (`message/html_document.rs`).
//!
//! Parsing is mail-parser's: charsets (ISO-8859-1/15, Windows-1252, UTF-8 …), encoded words,
//! quoted-printable and base64, multipart/alternative and nested message/rfc822. It never panics
//! on malformed input; a message it cannot make sense of still shows its raw source. Header
//! sections are repaired first where mail-parser would lose text ([`lenient`]); what is shown
//! and what is an attachment is decided here ([`display`]), as desktop clients decide it.

use std::borrow::Cow;

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Encoding, MessageParser, MessagePart, MimeHeaders};

pub mod address;
pub mod calendar;
pub mod charset;
mod display;
pub mod file_name;
pub mod flowed;
mod html_document;
mod html_text;
pub mod import;
mod lenient;
pub mod list_headers;
pub mod mbox;
pub mod plain_text;
pub mod print_document;
pub mod priority;
pub mod sanitize;
pub mod structure;
mod uuencode;
pub mod zip;
pub use address::{Mailbox, NO_SENDER, NO_SUBJECT, display_address, sender_display};
pub use html_document::{
    has_remote_content, html_document, inline_cid_images, prepare_html, safe_html_document,
};
pub use html_text::html_to_text;
pub use structure::MimeNode;

/// An attachment (or an inline part that is not a body). Its size is `content.len()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name, or a made-up one from the type.
    pub name: String,
    /// `type/subtype`.
    pub mime_type: String,
    /// The decoded content.
    pub content: Vec<u8>,
    /// The Content-ID without angle brackets, for `cid:` references.
    pub content_id: Option<String>,
}

/// Which alternative of a multipart/alternative the reader shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preference {
    /// The richest one, HTML where there is HTML.
    #[default]
    Html,
    /// The plain-text one where there is one.
    Plain,
}

/// One shown part of a message, in the order of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPart {
    /// A text part (text/plain, or another inline text/* type shown as it is), decoded.
    Text(String),
    /// A text/html part, raw: use [`safe_html_document`] to show it, [`html_to_text`] for text.
    Html(String),
    /// An inline message/rfc822 (a forward, a digest's entry, a bounce's original).
    Message(Box<ReadableMessage>),
    /// A multipart/alternative with both a rich (HTML) and a plain rendering.
    Alternative {
        /// The parts of the richest alternative.
        rich: Vec<BodyPart>,
        /// The parts of the plain one.
        plain: Vec<BodyPart>,
    },
}

/// A message prepared for reading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadableMessage {
    /// The subject, decoded.
    pub subject: String,
    /// From.
    pub from: Vec<Mailbox>,
    /// To.
    pub to: Vec<Mailbox>,
    /// Cc.
    pub cc: Vec<Mailbox>,
    /// Reply-To.
    pub reply_to: Vec<Mailbox>,
    /// Bcc, which only the writer's own copies carry (a draft, a copy in Sent).
    pub bcc: Vec<Mailbox>,
    /// The Date header as RFC 3339, if it parsed.
    pub date: Option<String>,
    /// The Date header as a Unix time (seconds), if it parsed to a real date.
    pub timestamp: Option<i64>,
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// References, then In-Reply-To, without angle brackets: the thread this message belongs to.
    pub references: Vec<String>,
    /// In-Reply-To alone, the first id, without angle brackets: what a reopened draft replies to.
    pub in_reply_to: Option<String>,
    /// The shown parts, in order (see [`ReadableMessage::shown`] for one alternative's view).
    pub parts: Vec<BodyPart>,
    /// The text of every shown part, plain alternatives preferred, HTML converted: for quoting
    /// and searching.
    pub text: String,
    /// The first HTML part shown, if there is one (raw: use [`safe_html_document`] to show it).
    pub html: Option<String>,
    /// Everything that is not shown, with a name, inline images included; empty parts are not
    /// listed.
    pub attachments: Vec<Attachment>,
    /// Every header, as (name, raw value), in order.
    pub headers: Vec<(String, String)>,
}

impl ReadableMessage {
    /// The values of every header named `name` (in any case, RFC 5322 section 1.2.2), in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The shown parts with one alternative chosen wherever there is a choice.
    pub fn shown(&self, preference: Preference) -> Vec<&BodyPart> {
        fn flatten<'a>(parts: &'a [BodyPart], preference: Preference, out: &mut Vec<&'a BodyPart>) {
            for part in parts {
                match part {
                    BodyPart::Alternative { rich, plain } => match preference {
                        Preference::Html => flatten(rich, preference, out),
                        Preference::Plain => flatten(plain, preference, out),
                    },
                    other => out.push(other),
                }
            }
        }
        let mut out = Vec::new();
        flatten(&self.parts, preference, &mut out);
        out
    }

    /// Whether an HTML part of this message (not of a message inside it), as `preference` shows
    /// it, shows `attachment` in its place through a `cid:` reference (RFC 2392), as
    /// [`inline_cid_images`] puts it there. With plain text preferred, none does.
    pub fn shows_in_html(&self, attachment: &Attachment, preference: Preference) -> bool {
        let Some(id) = &attachment.content_id else { return false };
        let needle = format!("cid:{id}");
        preference == Preference::Html
            && self
                .shown(preference)
                .iter()
                .any(|part| matches!(part, BodyPart::Html(html) if html.contains(&needle)))
    }

    /// The attachments to show as pictures below the text, as Thunderbird does: the images a
    /// browser draws without running anything ([`INERT_IMAGE_TYPES`]) that no HTML part shows
    /// already.
    pub fn pictures(&self, preference: Preference) -> impl Iterator<Item = (usize, &Attachment)> {
        self.attachments
            .iter()
            .enumerate()
            .filter(move |(_, a)| is_inert_image(&a.mime_type) && !self.shows_in_html(a, preference))
    }

    /// The subject, or [`NO_SUBJECT`].
    pub fn subject_or_placeholder(&self) -> &str {
        if self.subject.trim().is_empty() { NO_SUBJECT } else { &self.subject }
    }

    /// The senders as the reader shows them, or [`NO_SENDER`].
    pub fn sender_or_placeholder(&self) -> String {
        if self.from.is_empty() {
            NO_SENDER.to_owned()
        } else {
            self.from.iter().map(Mailbox::display).collect::<Vec<_>>().join(", ")
        }
    }
}

/// Image types a browser draws without running anything: raster images. Everything else (SVG
/// above all, which can hold script where it is a document) is only ever downloaded.
pub const INERT_IMAGE_TYPES: &[&str] =
    &["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp"];

/// Whether `mime_type` is one of [`INERT_IMAGE_TYPES`], in any case.
pub fn is_inert_image(mime_type: &str) -> bool {
    let lower = mime_type.trim().to_ascii_lowercase();
    INERT_IMAGE_TYPES.contains(&lower.as_str())
}

/// Parses a raw message. `None` only when the bytes are not a message at all (e.g. empty).
pub fn read(raw: &[u8]) -> Option<ReadableMessage> {
    parse(raw, from_parsed)
}

/// The MIME tree of a raw message, every part in it, for the structure view; read as [`read`]
/// reads it. Apart from [`read`] because only people who debug mail look at it.
pub fn read_structure(raw: &[u8]) -> Option<MimeNode> {
    parse(raw, structure::of)
}

/// Whether `message` may carry an invitation: a calendar part among its attachments (where an
/// alternative to its text puts it), or a calendar type in its header; a quick look before
/// [`read_invitation`] parses the raw message again.
pub fn may_carry_invitation(message: &ReadableMessage) -> bool {
    let calendar = |mime: &str| {
        let mime = mime.to_ascii_lowercase();
        mime.contains("text/calendar") || mime.contains("application/ics")
    };
    message
        .attachments
        .iter()
        .any(|a| calendar(&a.mime_type) || a.name.to_ascii_lowercase().ends_with(".ics"))
        || message.header_values("Content-Type").any(calendar)
}

/// The invitation a raw message carries (a `text/calendar` or `application/ics` part of its own,
/// not of a message forwarded inside it), read as [`calendar::parse`] reads it.
pub fn read_invitation(raw: &[u8]) -> Option<calendar::Invitation> {
    use mail_parser::MimeHeaders as _;
    parse(raw, |message| {
        message.parts.iter().find_map(|part| {
            let ct = part.content_type()?;
            let calendar = (ct.ctype().eq_ignore_ascii_case("text")
                && ct.subtype()?.eq_ignore_ascii_case("calendar"))
                || (ct.ctype().eq_ignore_ascii_case("application")
                    && ct.subtype()?.eq_ignore_ascii_case("ics"));
            if !calendar || matches!(part.body, mail_parser::PartType::Message(_)) {
                return None;
            }
            calendar::parse(&String::from_utf8_lossy(part.contents()))
        })
    })
    .flatten()
}

/// Parses a raw message with the repairs of [`lenient`] and the charset pre-passes, and hands the
/// result to `then`.
fn parse<T>(raw: &[u8], then: impl Fn(&mail_parser::Message<'_>) -> T) -> Option<T> {
    let repaired = lenient::repair_header(raw);
    let legacy = with_legacy_header(&repaired);
    let raw = charset::with_foreign_words(&legacy);
    let message = MessageParser::default().parse(raw.as_ref())?;
    if lenient::needs_part_repair(&message)
        && let Cow::Owned(fixed) = lenient::repair(raw.as_ref())
        && let Some(again) = MessageParser::default().parse(&fixed)
    {
        return Some(then(&again));
    }
    Some(then(&message))
}

/// Text whose charset nobody named: UTF-8 if it is valid UTF-8 (RFC 6532 allows it in headers),
/// else Windows-1252, the superset of ISO-8859-1 that old clients wrote raw into headers (Outlook
/// 2000: `Subject: Die Hasen und die Frösche` in Latin-1) and that Thunderbird and WHATWG's
/// Encoding standard fall back to for unlabelled Western text. Every byte decodes to something.
pub fn unlabelled_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(
            charset_decoder(b"windows-1252")
                .map_or_else(|| String::from_utf8_lossy(bytes).into_owned(), |decode| decode(bytes)),
        ),
    }
}

/// The `charset` parameter of the top-level Content-Type, if the header names one (read by
/// mail-parser's own header parser, so quoting, folding and RFC 2231 continuations count).
fn top_level_charset(header: &[u8]) -> Option<String> {
    let parsed = MessageParser::default().parse_headers(header)?;
    Some(parsed.content_type()?.attribute("charset")?.to_owned())
}

/// The message with its header section transcoded to UTF-8 when it holds raw 8-bit bytes that are
/// not UTF-8, or raw ISO-2022-JP: by [`charset::raw_header_line`] where that knows the charset,
/// else by [`unlabelled_text`]; otherwise as it is. Only the top-level header is touched:
/// bodies carry their own charset, and 8-bit body bytes must reach the MIME decoder unchanged.
fn with_legacy_header(raw: &[u8]) -> Cow<'_, [u8]> {
    let end = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|i| i + 1)
        .into_iter()
        .chain(raw.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 2))
        .min()
        .unwrap_or(raw.len());
    let header = &raw[..end];
    let escapes = header.contains(&0x1b);
    if !escapes && (header.is_ascii() || std::str::from_utf8(header).is_ok()) {
        return Cow::Borrowed(raw);
    }
    let message_charset = top_level_charset(header);
    let mut out = Vec::with_capacity(raw.len() + 64);
    for line in header.split_inclusive(|&b| b == b'\n') {
        // Encoded words name their charset, and some clients (Eudora 4) put raw 8-bit bytes in
        // them: mail-parser decodes those with the named charset, so such lines stay as they are.
        if line.windows(2).any(|w| w == b"=?") {
            out.extend_from_slice(line);
        } else if let Some(text) = charset::raw_header_line(line, message_charset.as_deref()) {
            out.extend_from_slice(text.as_bytes());
        } else {
            out.extend_from_slice(unlabelled_text(line).as_bytes());
        }
    }
    out.extend_from_slice(&raw[end..]);
    Cow::Owned(out)
}

fn text_list(value: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    match value {
        mail_parser::HeaderValue::Text(t) => vec![t.to_string()],
        mail_parser::HeaderValue::TextList(list) => list.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn from_parsed(message: &mail_parser::Message<'_>) -> ReadableMessage {
    let mut walker = display::Walker::new(message);
    let parts = walker.body();
    let text = display::plain_text(&parts);
    let mut references = text_list(message.references());
    let in_reply_to = text_list(message.in_reply_to()).into_iter().next();
    for id in text_list(message.in_reply_to()) {
        if !references.contains(&id) {
            references.push(id);
        }
    }
    let date = message.date().filter(|d| d.is_valid());
    let mut read = ReadableMessage {
        subject: message.subject().unwrap_or_default().trim().to_string(),
        from: address::senders(message),
        to: address::mailboxes(message.to()),
        cc: address::mailboxes(message.cc()),
        reply_to: address::mailboxes(message.reply_to()),
        bcc: address::mailboxes(message.bcc()),
        date: date.map(|d| d.to_rfc3339()),
        timestamp: date.map(|d| d.to_timestamp()),
        message_id: message.message_id().map(str::to_string),
        references,
        in_reply_to,
        parts,
        text,
        html: None,
        attachments: walker.attachments,
        headers: message.headers_raw().map(|(n, v)| (n.to_string(), v.trim().to_string())).collect(),
    };
    read.html = read.shown(Preference::Html).into_iter().find_map(|p| match p {
        BodyPart::Html(html) => Some(html.clone()),
        _ => None,
    });
    read
}

/// A text part's text. mail-parser reads a part that names no charset as UTF-8, replacing what is
/// not; when such a part is 8-bit (no base64 or quoted-printable to undo) and that happened, its
/// bytes are read again by [`unlabelled_text`], as Thunderbird does with unlabelled mail.
fn part_text(message: &mail_parser::Message<'_>, part: &MessagePart<'_>, decoded: &str) -> String {
    if let Some(text) = charset::foreign_body(message, part) {
        return text;
    }
    let unlabelled = part.content_type().is_none_or(|ct| ct.attribute("charset").is_none());
    if unlabelled
        && part.encoding == Encoding::None
        && decoded.contains('\u{fffd}')
        && let Some(raw) = message.raw_message.get(part.offset_body as usize..part.offset_end as usize)
    {
        return unlabelled_text(raw).into_owned();
    }
    decoded.to_string()
}

#[cfg(test)]
mod tests;
