//! FETCH (RFC 3501 section 6.4.5) with its items and body sections, CHANGEDSINCE and VANISHED
//! (RFC 7162), BINARY (RFC 3516) and PREVIEW (RFC 8970).

use std::num::{NonZeroU32, NonZeroU64};

use imap_codec::imap_types::command::{CommandBody, FetchModifier};
use imap_codec::imap_types::core::{AString, Vec1};
use imap_codec::imap_types::fetch::{
    MacroOrMessageDataItemNames, MessageDataItemName, Part, Section as WireSection,
};

use crate::imap::command::{FetchItems, Section};
use crate::imap::error::Error;
use crate::imap::sequence_set::SequenceSet;

use super::Context;

impl Context<'_> {
    pub fn fetch(
        &self,
        set: &SequenceSet,
        uid: bool,
        items: &FetchItems,
        changed_since: Option<u64>,
        vanished: bool,
    ) -> Result<CommandBody<'static>, Error> {
        let mut names = Vec::new();
        if items.uid {
            names.push(MessageDataItemName::Uid);
        }
        if items.flags {
            names.push(MessageDataItemName::Flags);
        }
        if items.envelope {
            names.push(MessageDataItemName::Envelope);
        }
        if items.internal_date {
            names.push(MessageDataItemName::InternalDate);
        }
        if items.size {
            names.push(MessageDataItemName::Rfc822Size);
        }
        if items.body_structure {
            names.push(MessageDataItemName::BodyStructure);
        }
        if items.modseq {
            names.push(MessageDataItemName::ModSeq);
        }
        if items.rfc822_header {
            names.push(MessageDataItemName::Rfc822Header);
        }
        for request in &items.sections {
            let partial = match request.partial {
                Some((origin, length)) => Some((
                    origin,
                    NonZeroU32::new(length).ok_or(Error::InvalidArgument {
                        what: "the partial length",
                        reason: "it must not be 0".into(),
                    })?,
                )),
                None => None,
            };
            names.push(MessageDataItemName::BodyExt {
                section: self.section(&request.section)?,
                partial,
                peek: request.peek,
            });
        }
        if names.is_empty() {
            names.push(MessageDataItemName::Flags);
        }
        if items.preview && names.len() == 1 && !items.uid {
            // PREVIEW joins the list after encoding (shared/src/imap/preview.rs `ask`), which
            // needs the parenthesised form of two or more items (RFC 3501 section 9, `fetch`);
            // UID costs nothing and comes with every UID FETCH anyway (section 6.4.8).
            names.insert(0, MessageDataItemName::Uid);
        }
        let mut modifiers = Vec::new();
        if let Some(modseq) = changed_since {
            let modseq = NonZeroU64::new(modseq)
                .ok_or(Error::InvalidArgument { what: "CHANGEDSINCE", reason: "it must not be 0".into() })?;
            modifiers.push(FetchModifier::ChangedSince(modseq));
            if vanished {
                modifiers.push(FetchModifier::Vanished);
            }
        }
        Ok(CommandBody::Fetch {
            sequence_set: set.to_wire(),
            macro_or_item_names: MacroOrMessageDataItemNames::MessageDataItemNames(names),
            uid,
            modifiers,
        })
    }

    fn section(&self, section: &Section) -> Result<Option<WireSection<'static>>, Error> {
        let part = |path: &[u32]| -> Result<Option<Part>, Error> {
            if path.is_empty() {
                return Ok(None);
            }
            let numbers: Vec<NonZeroU32> = path
                .iter()
                .map(|&n| {
                    NonZeroU32::new(n).ok_or(Error::InvalidArgument {
                        what: "a section number",
                        reason: "it must not be 0".into(),
                    })
                })
                .collect::<Result<_, _>>()?;
            let numbers = Vec1::try_from(numbers)
                .map_err(|_| Error::InvalidArgument { what: "a section", reason: "empty".into() })?;
            Ok(Some(Part(numbers)))
        };
        Ok(match section {
            Section::Full => None,
            Section::Header(p) => Some(WireSection::Header(part(p)?)),
            Section::HeaderFields(p, fields) => {
                let fields: Vec<AString<'static>> = fields
                    .iter()
                    .map(|f| self.astring(f, "a header field name"))
                    .collect::<Result<_, _>>()?;
                let fields = Vec1::try_from(fields).map_err(|_| Error::InvalidArgument {
                    what: "HEADER.FIELDS",
                    reason: "no field names".into(),
                })?;
                Some(WireSection::HeaderFields(part(p)?, fields))
            }
            Section::Text(p) => Some(WireSection::Text(part(p)?)),
            Section::Part(p) => part(p)?.map(WireSection::Part),
            Section::Mime(p) => match part(p)? {
                Some(p) => Some(WireSection::Mime(p)),
                None => {
                    return Err(Error::InvalidArgument {
                        what: "MIME section",
                        reason: "it needs a part number".into(),
                    });
                }
            },
        })
    }
}
