//! The display model of desktop mail clients over mail-parser's MIME tree: every inline text part
//! and every inline message is shown, in order; a multipart/alternative shows one alternative (RFC
//! 2046 section 5.1.4: the last one the reader can show is the best, HTML or plain as the reader
//! prefers); a multipart/related shows its root (RFC 2387 section 3.2) and lists the rest; every
//! other part is an attachment. Nothing is dropped without a trace: the alternatives not shown
//! are still in the structure view ([`super::structure`]), and what is neither shown nor an
//! alternative rendering of shown text (an iCalendar beside text and HTML) is an attachment.

use std::borrow::Cow;

use mail_parser::{Message, MessagePart, MimeHeaders, PartType};

use super::{Attachment, BodyPart, charset, html_to_text, part_text, unlabelled_text, uuencode};

/// How deep multiparts and nested messages are followed; mail-parser bounds nested messages
/// itself, but not multiparts inside multiparts.
const MAX_DEPTH: usize = 64;

/// How a part is reached, which decides whether it may be shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// In the body: shown if it can be.
    Body,
    /// A resource of a multipart/related (not its root): an attachment.
    Resource,
    /// Inside an alternative that is not shown: plain and HTML text are the same content in
    /// another form and are left out; anything else is an attachment.
    Unchosen,
}

/// Walks one message's MIME tree.
pub(super) struct Walker<'m, 'x> {
    message: &'m Message<'x>,
    /// The attachments found so far, in order.
    pub(super) attachments: Vec<Attachment>,
}

/// Whether a text/plain part is `format=flowed` (RFC 3676 section 4.1), and if so whether its
/// `DelSp` is `yes` (section 4.2).
fn flowed_parameters(part: &MessagePart<'_>, (ctype, subtype): (&str, &str)) -> Option<bool> {
    if !ctype.eq_ignore_ascii_case("text") || !subtype.eq_ignore_ascii_case("plain") {
        return None;
    }
    let content_type = part.content_type()?;
    let flowed = content_type.attribute("format").is_some_and(|f| f.trim().eq_ignore_ascii_case("flowed"));
    flowed.then(|| content_type.attribute("delsp").is_some_and(|d| d.trim().eq_ignore_ascii_case("yes")))
}

/// The type and subtype of a part as the reader treats them (compare without case): a part
/// without Content-Type is text/plain (RFC 2045 section 5.2), and so is `Content-Type: text`
/// without a subtype, as Thunderbird and Apple Mail read it.
fn type_of<'p>(part: &'p MessagePart<'_>) -> (&'p str, &'p str) {
    match part.content_type() {
        None => ("text", "plain"),
        Some(ct) => match ct.subtype() {
            Some(sub) if !sub.is_empty() => (ct.ctype(), sub),
            _ if ct.ctype().eq_ignore_ascii_case("text") => ("text", "plain"),
            _ => (ct.ctype(), ""),
        },
    }
}

/// [`type_of`] as `type/subtype`, lower case.
fn mime_type((ctype, subtype): (&str, &str)) -> String {
    let mut out = ctype.to_ascii_lowercase();
    if !subtype.is_empty() {
        out.push('/');
        out.push_str(&subtype.to_ascii_lowercase());
    }
    out
}

/// Report formats that are text meant for people (RFC 3464 delivery status, RFC 8098 disposition
/// notifications, RFC 5965 feedback reports, RFC 6533 global ones): Thunderbird shows them.
fn is_text_report((ctype, subtype): (&str, &str)) -> bool {
    ctype.eq_ignore_ascii_case("message")
        && [
            "delivery-status",
            "global-delivery-status",
            "disposition-notification",
            "global-disposition-notification",
            "feedback-report",
            "global-headers",
            "rfc822-headers",
        ]
        .iter()
        .any(|s| subtype.eq_ignore_ascii_case(s))
}

/// A file name extension for a type, for attachments that have no name.
fn extension(mime_type: &str) -> &str {
    match mime_type {
        "text/html" => "html",
        "text/calendar" => "ics",
        "text/x-vcard" | "text/vcard" | "text/directory" => "vcf",
        "text/csv" => "csv",
        "text/css" => "css",
        "text/xml" | "application/xml" => "xml",
        "message/rfc822" | "message/global" => "eml",
        "image/jpeg" | "image/pjpeg" => "jpg",
        "image/svg+xml" => "svg",
        "application/pgp-signature" | "application/pgp-keys" => "asc",
        "application/pgp-encrypted" => "pgp",
        "application/pkcs7-signature" | "application/x-pkcs7-signature" => "p7s",
        "application/pkcs7-mime" | "application/x-pkcs7-mime" => "p7m",
        "application/msword" => "doc",
        "application/vnd.ms-excel" => "xls",
        "application/x-zip-compressed" => "zip",
        "application/ms-tnef" | "application/vnd.ms-tnef" => "dat",
        "application/octet-stream" => "bin",
        t if t.starts_with("text/") || t.starts_with("message/") || t.starts_with("multipart/") => "txt",
        t => match t.split_once('/') {
            // `image/png`, `application/pdf`, `audio/mpeg`: the subtype is the usual extension.
            Some((_, sub))
                if (2..=4).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                sub
            }
            _ => "bin",
        },
    }
}

impl<'m, 'x> Walker<'m, 'x> {
    pub(super) fn new(message: &'m Message<'x>) -> Self {
        Walker { message, attachments: Vec::new() }
    }

    /// The shown parts of the message.
    pub(super) fn body(&mut self) -> Vec<BodyPart> {
        let mut out = Vec::new();
        if !self.message.parts.is_empty() {
            self.part(0, Role::Body, 0, &mut out);
        }
        out
    }

    fn part(&mut self, id: usize, role: Role, depth: usize, out: &mut Vec<BodyPart>) {
        let Some(part) = self.message.parts.get(id) else { return };
        if depth > MAX_DEPTH {
            return;
        }
        if let PartType::Multipart(children) = &part.body {
            let children: Vec<usize> = children.iter().map(|&c| c as usize).filter(|&c| c > id).collect();
            let subtype = part.content_type().and_then(|ct| ct.subtype()).unwrap_or_default();
            match role {
                Role::Body if subtype.eq_ignore_ascii_case("alternative") => {
                    self.alternative(&children, depth, out)
                }
                Role::Body if subtype.eq_ignore_ascii_case("related") => {
                    let root = self.related_root(part, &children);
                    for &child in &children {
                        let role = if Some(child) == root { Role::Body } else { Role::Resource };
                        self.part(child, role, depth + 1, out);
                    }
                }
                _ => children.iter().for_each(|&child| self.part(child, role, depth + 1, out)),
            }
            return;
        }
        let kind = type_of(part);
        let (is_text, is_multipart, is_message) = (
            kind.0.eq_ignore_ascii_case("text"),
            kind.0.eq_ignore_ascii_case("multipart"),
            kind.0.eq_ignore_ascii_case("message"),
        );
        let attached = part.content_disposition().is_some_and(|cd| cd.is_attachment());
        let shown = role == Role::Body && !attached;
        match &part.body {
            PartType::Message(nested) if shown => {
                out.push(BodyPart::Message(Box::new(super::from_parsed(nested))));
            }
            PartType::Html(html) if shown => {
                let html = charset::foreign_body(self.message, part).unwrap_or_else(|| html.to_string());
                if !html.trim().is_empty() {
                    out.push(BodyPart::Html(html));
                }
            }
            // Text parts, and what mail-parser reads as text because it could not read it as what it
            // claims to be: a multipart without boundary lines, a message that does not parse.
            PartType::Text(text) if shown && (is_text || is_multipart || is_message) => {
                let mut text = part_text(self.message, part, text);
                if let Some(delsp) = flowed_parameters(part, kind) {
                    text = super::flowed::unflow(&text, delsp);
                }
                if !text.trim().is_empty() {
                    out.push(BodyPart::Text(text));
                }
            }
            // A multipart without a boundary parameter comes as bytes; it is text all the same.
            PartType::Binary(bytes) | PartType::InlineBinary(bytes)
                if shown && (is_multipart || is_text_report(kind)) =>
            {
                let text = unlabelled_text(bytes);
                if !text.trim().is_empty() {
                    out.push(BodyPart::Text(text.into_owned()));
                }
            }
            PartType::Text(_) | PartType::Html(_)
                if role == Role::Unchosen
                    && !attached
                    && is_text
                    && (kind.1.eq_ignore_ascii_case("plain") || kind.1.eq_ignore_ascii_case("html")) => {}
            _ => self.attach(part, mime_type(kind)),
        }
    }

    /// The root of a multipart/related: the part its `start` parameter names, else the first.
    fn related_root(&self, part: &MessagePart<'_>, children: &[usize]) -> Option<usize> {
        let start = part.content_type().and_then(|ct| ct.attribute("start"));
        start
            .and_then(|start| {
                let start = start.trim().trim_matches(['<', '>']);
                children.iter().copied().find(|&c| {
                    self.message
                        .parts
                        .get(c)
                        .and_then(|p| p.content_id())
                        .map(|id| id.trim().trim_matches(['<', '>']))
                        == Some(start)
                })
            })
            .or_else(|| children.first().copied())
    }

    /// Whether a part holds HTML that the body would show, and whether it holds any text.
    fn kinds(&self, id: usize, depth: usize) -> (bool, bool) {
        let Some(part) = self.message.parts.get(id) else { return (false, false) };
        match &part.body {
            _ if depth > MAX_DEPTH => (false, false),
            PartType::Multipart(children) => children
                .iter()
                .filter(|&&c| c as usize > id)
                .map(|&c| self.kinds(c as usize, depth + 1))
                .fold((false, false), |(h, t), (ch, ct)| (h || ch, t || ct)),
            _ if part.content_disposition().is_some_and(|cd| cd.is_attachment()) => (false, false),
            PartType::Html(_) => (true, true),
            PartType::Message(_) => (false, true),
            // Only plain text is another form of the same content: a text/calendar beside it is not.
            PartType::Text(_) => {
                let (ctype, subtype) = type_of(part);
                (false, !ctype.eq_ignore_ascii_case("text") || subtype.eq_ignore_ascii_case("plain"))
            }
            _ => (false, false),
        }
    }

    /// RFC 2046 section 5.1.4: the alternatives come in increasing faithfulness, so the best
    /// one is the last that can be shown. Both the richest (HTML) and the plainest are kept so
    /// that the reader can switch without reading the message again.
    fn alternative(&mut self, children: &[usize], depth: usize, out: &mut Vec<BodyPart>) {
        let kinds: Vec<(bool, bool)> = children.iter().map(|&c| self.kinds(c, depth + 1)).collect();
        let rich = kinds.iter().rposition(|k| k.0).or_else(|| kinds.iter().rposition(|k| k.1));
        let plain = kinds.iter().rposition(|k| k.1 && !k.0).filter(|&p| Some(p) != rich);
        let Some(rich) = rich else {
            children.iter().for_each(|&child| self.part(child, Role::Body, depth + 1, out));
            return;
        };
        let mut rich_parts = Vec::new();
        let mut plain_parts = Vec::new();
        for (index, &child) in children.iter().enumerate() {
            if index == rich {
                self.part(child, Role::Body, depth + 1, &mut rich_parts);
            } else if Some(index) == plain {
                self.part(child, Role::Body, depth + 1, &mut plain_parts);
            } else {
                self.part(child, Role::Unchosen, depth + 1, &mut Vec::new());
            }
        }
        if plain.is_none() || plain_parts.is_empty() {
            out.extend(rich_parts);
        } else {
            out.push(BodyPart::Alternative { rich: rich_parts, plain: plain_parts });
        }
    }

    /// Lists a part as an attachment, unless it is empty.
    fn attach(&mut self, part: &MessagePart<'_>, mime_type: String) {
        let content = match part.content_transfer_encoding() {
            Some(cte) if uuencode::is_uuencode(cte) => {
                uuencode::decode(part.contents()).unwrap_or_else(|| part.contents().to_vec())
            }
            _ => match charset::foreign_body(self.message, part) {
                // A text file in a charset the engine does not carry: UTF-8, as mail-parser
                // hands over text in the charsets it does.
                Some(text) => text.into_bytes(),
                None => part.contents().to_vec(),
            },
        };
        if content.is_empty() {
            return;
        }
        let name = match part.attachment_name().map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => name.to_owned(),
            None => format!("attachment-{}.{}", self.attachments.len() + 1, extension(&mime_type)),
        };
        self.attachments.push(Attachment {
            name,
            mime_type,
            content,
            content_id: part.content_id().map(|id| id.trim_matches(['<', '>']).to_string()),
        });
    }
}

/// The text of the shown parts, HTML converted, for quoting and searching: the plain
/// alternatives where there is a choice.
pub(super) fn plain_text(parts: &[BodyPart]) -> String {
    let mut texts: Vec<Cow<'_, str>> = Vec::new();
    collect_text(parts, &mut texts);
    match texts.len() {
        0 => String::new(),
        1 => texts.pop().map(Cow::into_owned).unwrap_or_default(),
        _ => {
            let mut out = String::new();
            for text in texts {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&text);
            }
            out
        }
    }
}

fn collect_text<'a>(parts: &'a [BodyPart], out: &mut Vec<Cow<'a, str>>) {
    for part in parts {
        match part {
            BodyPart::Text(text) => out.push(Cow::Borrowed(text)),
            BodyPart::Html(html) => out.push(Cow::Owned(html_to_text(html))),
            BodyPart::Alternative { plain, .. } => collect_text(plain, out),
            BodyPart::Message(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn extensions_come_from_the_type() {
        assert_eq!(extension("text/plain"), "txt");
        assert_eq!(extension("text"), "bin");
        assert_eq!(extension("text/enriched"), "txt");
        assert_eq!(extension("multipart/mixed"), "txt");
        assert_eq!(extension("image/png"), "png");
        assert_eq!(extension("image/jpeg"), "jpg");
        assert_eq!(extension("application/pdf"), "pdf");
        assert_eq!(
            extension("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "bin"
        );
        assert_eq!(extension("message/rfc822"), "eml");
    }
}
