//! Commands that change messages: APPEND (RFC 3501 section 6.3.11) and STORE (section 6.4.6),
//! and the flags both carry.

use imap_codec::imap_types::IntoStatic;
use imap_codec::imap_types::command::{CommandBody, StoreModifier};
use imap_codec::imap_types::datetime::DateTime;
use imap_codec::imap_types::extensions::binary::LiteralOrLiteral8;
use imap_codec::imap_types::flag::{Flag as WireFlag, StoreResponse, StoreType};

use crate::imap::command::{Flag, StoreAction, Timestamp};
use crate::imap::error::Error;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::sequence_set::SequenceSet;

use super::Context;

impl Context<'_> {
    pub fn flags(&self, flags: &[Flag]) -> Result<Vec<WireFlag<'static>>, Error> {
        flags
            .iter()
            .filter(|f| **f != Flag::Recent)
            .map(|f| {
                let text = f.as_wire();
                WireFlag::try_from(text.as_str())
                    .map(IntoStatic::into_static)
                    .map_err(|e| Error::InvalidArgument { what: "a flag", reason: e.to_string() })
            })
            .collect()
    }

    pub fn append(
        &self,
        mailbox: &MailboxName,
        flags: &[Flag],
        date: Option<Timestamp>,
        message: &[u8],
    ) -> Result<CommandBody<'static>, Error> {
        let mut literal =
            imap_codec::imap_types::core::Literal::try_from(message.to_vec()).map_err(|_| {
                Error::InvalidArgument {
                    what: "the message",
                    reason: "it contains NUL bytes, which IMAP4rev1 literals cannot carry".into(),
                }
            })?;
        literal.set_mode(self.literal_mode(message.len()));
        Ok(CommandBody::Append {
            mailbox: self.mailbox(mailbox)?,
            flags: self.flags(flags)?,
            date: date.map(wire_datetime).transpose()?,
            message: LiteralOrLiteral8::Literal(literal),
        })
    }

    pub fn store(
        &self,
        uids: &SequenceSet,
        action: StoreAction,
        flags: &[Flag],
        unchanged_since: Option<u64>,
        silent: bool,
    ) -> Result<CommandBody<'static>, Error> {
        Ok(CommandBody::Store {
            sequence_set: uids.to_wire(),
            kind: match action {
                StoreAction::Add => StoreType::Add,
                StoreAction::Remove => StoreType::Remove,
                StoreAction::Replace => StoreType::Replace,
            },
            response: if silent { StoreResponse::Silent } else { StoreResponse::Answer },
            flags: self.flags(flags)?,
            uid: true,
            modifiers: unchanged_since.map(StoreModifier::UnchangedSince).into_iter().collect(),
        })
    }
}

fn wire_datetime(ts: Timestamp) -> Result<DateTime, Error> {
    let invalid = || Error::InvalidArgument { what: "the internal date", reason: "out of range".into() };
    let offset = chrono::FixedOffset::east_opt(ts.offset_minutes * 60).ok_or_else(invalid)?;
    let utc = chrono::DateTime::from_timestamp(ts.unix, 0).ok_or_else(invalid)?;
    DateTime::try_from(utc.with_timezone(&offset)).map_err(|_| invalid())
}
