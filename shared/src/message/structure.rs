//! The MIME tree of a message (RFC 2045 section 5, RFC 2046 section 5, RFC 2183), for people who
//! debug mail: every part, shown or not, with what its headers say about it.

use mail_parser::{Message, MimeHeaders, PartType};

/// How deep the tree is followed (mail-parser bounds nested messages, not nested multiparts).
const MAX_DEPTH: usize = 64;

/// One node of the MIME tree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MimeNode {
    /// `type/subtype` as the Content-Type header gives it, lower case; `text/plain` when there
    /// is none (RFC 2045 section 5.2).
    pub content_type: String,
    /// The `charset` parameter.
    pub charset: Option<String>,
    /// The Content-Transfer-Encoding (RFC 2045 section 6).
    pub transfer_encoding: Option<String>,
    /// The Content-Disposition type, `inline` or `attachment` (RFC 2183).
    pub disposition: Option<String>,
    /// The file name (Content-Disposition `filename`, else Content-Type `name`).
    pub name: Option<String>,
    /// The size in bytes: decoded for a leaf, as written for a multipart or a message.
    pub size: usize,
    /// The parts of a multipart, or the root of a nested message.
    pub children: Vec<MimeNode>,
}

/// The tree of a parsed message.
pub(super) fn of(message: &Message<'_>) -> MimeNode {
    node(message, 0, 0)
}

fn node(message: &Message<'_>, id: usize, depth: usize) -> MimeNode {
    let Some(part) = message.parts.get(id) else { return MimeNode::default() };
    let declared = part.content_type();
    let content_type = match declared {
        None => "text/plain".to_owned(),
        Some(ct) => {
            let mut out = ct.ctype().to_ascii_lowercase();
            if let Some(sub) = ct.subtype() {
                out.push('/');
                out.push_str(&sub.to_ascii_lowercase());
            }
            out
        }
    };
    let disposition = part.content_disposition();
    let raw_size = (part.offset_end as usize).saturating_sub(part.offset_body as usize);
    let (size, children) = match &part.body {
        _ if depth > MAX_DEPTH => (raw_size, Vec::new()),
        PartType::Multipart(ids) => (
            raw_size,
            ids.iter()
                .map(|&c| c as usize)
                .filter(|&c| c > id)
                .map(|c| node(message, c, depth + 1))
                .collect(),
        ),
        PartType::Message(nested) => (part.contents().len(), vec![node(nested, 0, depth + 1)]),
        _ => (part.contents().len(), Vec::new()),
    };
    MimeNode {
        content_type,
        charset: declared.and_then(|ct| ct.attribute("charset")).map(str::to_owned),
        transfer_encoding: part.content_transfer_encoding().map(|e| e.trim().to_ascii_lowercase()),
        disposition: disposition.map(|cd| cd.ctype().to_ascii_lowercase()),
        name: disposition
            .and_then(|cd| cd.attribute("filename"))
            .or_else(|| declared.and_then(|ct| ct.attribute("name")))
            .map(str::to_owned),
        size,
        children,
    }
}
