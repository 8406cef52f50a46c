//! FETCH results (RFC 3501 section 7.4.2) as owned values.

use imap_codec::imap_types::fetch::{MessageDataItem, Part, Section as WireSection};
use imap_codec::imap_types::flag::FlagFetch;

use crate::imap::body_structure::BodyPart;
use crate::imap::command::{Flag, Section, Timestamp};
use crate::imap::envelope::Envelope;

/// A body section as the server returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySection {
    /// Which section.
    pub section: Section,
    /// The `<origin>` of a partial fetch.
    pub origin: Option<u32>,
    /// The bytes; `None` if the server sent NIL.
    pub data: Option<Vec<u8>>,
}

/// What one untagged FETCH reported about a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchedMessage {
    /// Message sequence number at the time of the response.
    pub seq: u32,
    /// UID (always present for UID FETCH, RFC 3501 section 6.4.8).
    pub uid: Option<u32>,
    /// FLAGS
    pub flags: Option<Vec<Flag>>,
    /// ENVELOPE
    pub envelope: Option<Envelope>,
    /// INTERNALDATE
    pub internal_date: Option<Timestamp>,
    /// RFC822.SIZE
    pub size: Option<u32>,
    /// BODYSTRUCTURE
    pub body_structure: Option<BodyPart>,
    /// MODSEQ (RFC 7162 section 3.1.4.1)
    pub modseq: Option<u64>,
    /// PREVIEW (RFC 8970): the server's short text of the message, if it sent one (not NIL).
    pub preview: Option<String>,
    /// BODY[...] sections; RFC822 as [`Section::Full`], RFC822.HEADER as `Header`, RFC822.TEXT
    /// as `Text`.
    pub sections: Vec<BodySection>,
}

impl FetchedMessage {
    /// The bytes of a section, if fetched.
    pub fn section(&self, section: &Section) -> Option<&[u8]> {
        self.sections.iter().find(|s| &s.section == section).and_then(|s| s.data.as_deref())
    }

    /// Whether BODYSTRUCTURE shows attachments.
    pub fn has_attachments(&self) -> bool {
        self.body_structure.as_ref().is_some_and(BodyPart::has_attachments)
    }

    /// Whether the message has `\Seen`.
    pub fn is_seen(&self) -> bool {
        self.flags.as_ref().is_some_and(|f| f.contains(&Flag::Seen))
    }

    pub(crate) fn from_wire(seq: u32, items: &[MessageDataItem<'_>]) -> Self {
        let mut message = Self { seq, ..Self::default() };
        for item in items {
            match item {
                MessageDataItem::Uid(uid) => message.uid = Some(uid.get()),
                MessageDataItem::Flags(flags) => message.flags = Some(flags.iter().map(flag_fetch).collect()),
                MessageDataItem::Envelope(envelope) => message.envelope = Some(Envelope::from_wire(envelope)),
                MessageDataItem::InternalDate(date) => {
                    let date = date.as_ref();
                    message.internal_date = Some(Timestamp {
                        unix: date.timestamp(),
                        offset_minutes: date.offset().local_minus_utc() / 60,
                    });
                }
                MessageDataItem::Rfc822Size(size) => message.size = Some(*size),
                MessageDataItem::BodyStructure(body) | MessageDataItem::Body(body) => {
                    message.body_structure = Some(BodyPart::from_wire(body));
                }
                MessageDataItem::ModSeq(modseq) => message.modseq = Some(modseq.get()),
                MessageDataItem::BodyExt { section, origin, data } => message.sections.push(BodySection {
                    section: section.as_ref().map(section_from_wire).unwrap_or(Section::Full),
                    origin: *origin,
                    data: data.0.as_ref().map(|d| d.as_ref().to_vec()),
                }),
                MessageDataItem::Rfc822(data) => message.sections.push(BodySection {
                    section: Section::Full,
                    origin: None,
                    data: data.0.as_ref().map(|d| d.as_ref().to_vec()),
                }),
                MessageDataItem::Rfc822Header(data) => message.sections.push(BodySection {
                    section: Section::Header(Vec::new()),
                    origin: None,
                    data: data.0.as_ref().map(|d| d.as_ref().to_vec()),
                }),
                MessageDataItem::Rfc822Text(data) => message.sections.push(BodySection {
                    section: Section::Text(Vec::new()),
                    origin: None,
                    data: data.0.as_ref().map(|d| d.as_ref().to_vec()),
                }),
                // BINARY (RFC 3516) is never requested by this client.
                MessageDataItem::Binary { .. } | MessageDataItem::BinarySize { .. } => {}
            }
        }
        message
    }
}

pub(crate) fn flag_fetch(flag: &FlagFetch<'_>) -> Flag {
    match flag {
        FlagFetch::Recent => Flag::Recent,
        FlagFetch::Flag(flag) => Flag::from_wire(&flag.to_string()),
    }
}

fn path(part: &Option<Part>) -> Vec<u32> {
    part.as_ref().map(|p| p.0.as_ref().iter().map(|n| n.get()).collect()).unwrap_or_default()
}

pub(crate) fn section_from_wire(section: &WireSection<'_>) -> Section {
    match section {
        WireSection::Part(part) => Section::Part(part.0.as_ref().iter().map(|n| n.get()).collect()),
        WireSection::Header(part) => Section::Header(path(part)),
        WireSection::HeaderFields(part, fields) | WireSection::HeaderFieldsNot(part, fields) => {
            Section::HeaderFields(
                path(part),
                fields.as_ref().iter().map(|f| String::from_utf8_lossy(f.as_ref()).into_owned()).collect(),
            )
        }
        WireSection::Text(part) => Section::Text(path(part)),
        WireSection::Mime(part) => Section::Mime(part.0.as_ref().iter().map(|n| n.get()).collect()),
    }
}
