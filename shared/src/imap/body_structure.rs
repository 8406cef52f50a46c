//! BODYSTRUCTURE (RFC 3501 section 7.4.2) as a tree of parts the UI can walk: which part is the
//! text, which are attachments, and the section numbers to fetch them with.

use imap_codec::imap_types::body::{BasicFields, BodyStructure, Disposition, SpecificFields};
use imap_codec::imap_types::core::IString;

/// One part of a message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BodyPart {
    /// The section number path, e.g. `[1, 2]` for `BODY[1.2]`; empty for a single-part
    /// message's only part, which is fetched as `BODY[1]` or `BODY[TEXT]`.
    pub section: Vec<u32>,
    /// MIME type, lower-case, e.g. `text`.
    pub media_type: String,
    /// MIME subtype, lower-case, e.g. `plain`.
    pub subtype: String,
    /// The `charset` parameter, if any.
    pub charset: Option<String>,
    /// The file name from Content-Disposition or the `name` parameter, if any.
    pub filename: Option<String>,
    /// `attachment` or `inline`, lower-case, if given.
    pub disposition: Option<String>,
    /// Content-ID, if any.
    pub content_id: Option<String>,
    /// Content-Transfer-Encoding, lower-case.
    pub encoding: String,
    /// Size in bytes in its transfer encoding.
    pub size: u32,
    /// Sub-parts of a multipart (or the body of an attached message/rfc822).
    pub parts: Vec<BodyPart>,
}

impl BodyPart {
    /// Whether this part or any below it is an attachment: disposition `attachment`, or a
    /// non-text, non-multipart part with a file name.
    pub fn has_attachments(&self) -> bool {
        self.is_attachment() || self.parts.iter().any(BodyPart::has_attachments)
    }

    /// Whether this part itself is an attachment.
    pub fn is_attachment(&self) -> bool {
        if self.media_type == "multipart" {
            return false;
        }
        match self.disposition.as_deref() {
            Some("attachment") => true,
            Some("inline") => self.filename.is_some() && self.media_type != "text",
            _ => self.filename.is_some() || self.media_type == "message",
        }
    }

    /// The first part of the given type (e.g. `text`, `plain`) in depth-first order, skipping
    /// attachments: the part to show as the message text.
    pub fn find_text(&self, subtype: &str) -> Option<&BodyPart> {
        if self.media_type == "text" && self.subtype == subtype && !self.is_attachment() {
            return Some(self);
        }
        self.parts.iter().find_map(|p| p.find_text(subtype))
    }

    /// The section path as IMAP writes it (`1.2`), `1` for a single-part message.
    pub fn section_text(&self) -> String {
        if self.section.is_empty() {
            return "1".into();
        }
        self.section.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
    }

    pub(crate) fn from_wire(body: &BodyStructure<'_>) -> Self {
        Self::convert(body, Vec::new(), 0)
    }

    fn convert(body: &BodyStructure<'_>, section: Vec<u32>, depth: usize) -> Self {
        // imap-codec bounds nesting already; this guards the recursion here as well.
        if depth > 64 {
            return Self { section, ..Self::default() };
        }
        match body {
            BodyStructure::Single { body, extension_data } => {
                let mut part = Self { section: section.clone(), ..Self::default() };
                fill_basic(&mut part, &body.basic);
                match &body.specific {
                    SpecificFields::Basic { r#type, subtype } => {
                        part.media_type = lower(r#type);
                        part.subtype = lower(subtype);
                    }
                    SpecificFields::Text { subtype, .. } => {
                        part.media_type = "text".into();
                        part.subtype = lower(subtype);
                    }
                    SpecificFields::Message { body_structure, .. } => {
                        part.media_type = "message".into();
                        part.subtype = "rfc822".into();
                        let inner_section = if section.is_empty() { vec![1] } else { section.clone() };
                        part.parts.push(Self::convert(body_structure, inner_section, depth + 1));
                    }
                }
                if let Some(ext) = extension_data {
                    apply_disposition(&mut part, ext.tail.as_ref());
                }
                part
            }
            BodyStructure::Multi { bodies, subtype, extension_data } => {
                let parts = bodies
                    .as_ref()
                    .iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let mut child = section.clone();
                        child.push(i as u32 + 1);
                        Self::convert(b, child, depth + 1)
                    })
                    .collect();
                let mut part = Self {
                    section,
                    media_type: "multipart".into(),
                    subtype: lower(subtype),
                    parts,
                    ..Self::default()
                };
                if let Some(ext) = extension_data {
                    apply_disposition(&mut part, ext.tail.as_ref());
                }
                part
            }
        }
    }
}

fn lower(value: &IString<'_>) -> String {
    String::from_utf8_lossy(value.as_ref()).to_ascii_lowercase()
}

fn text(value: &IString<'_>) -> String {
    crate::imap::envelope::header_text(value.as_ref())
}

fn fill_basic(part: &mut BodyPart, basic: &BasicFields<'_>) {
    for (key, value) in &basic.parameter_list {
        match lower(key).as_str() {
            "charset" => part.charset = Some(text(value)),
            "name" if part.filename.is_none() => part.filename = Some(text(value)),
            _ => {}
        }
    }
    part.content_id = crate::imap::envelope::nstring_text(&basic.id);
    part.encoding = lower(&basic.content_transfer_encoding);
    part.size = basic.size;
}

fn apply_disposition(part: &mut BodyPart, disposition: Option<&Disposition<'_>>) {
    let Some((kind, params)) = disposition.and_then(|d| d.disposition.as_ref()) else {
        return;
    };
    part.disposition = Some(lower(kind));
    for (key, value) in params {
        if lower(key) == "filename" {
            part.filename = Some(text(value));
        }
    }
}
