//! Commands on mailboxes: CREATE with a special use (RFC 6154), STATUS, SELECT and EXAMINE (with
//! CONDSTORE and QRESYNC, RFC 7162), LIST and LSUB.

use std::num::{NonZeroU32, NonZeroU64};

use imap_codec::imap_types::command::{CommandBody, SelectParameter};
use imap_codec::imap_types::mailbox::Mailbox as WireMailbox;
use imap_codec::imap_types::status::StatusDataItemName;

use crate::imap::command::Qresync;
use crate::imap::error::Error;
use crate::imap::list::SpecialUse;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::sequence_set::SequenceSet;

use super::{Context, OutFragment, empty_astring};

impl Context<'_> {
    /// A CREATE command with `(USE (<attribute>))` after the name (RFC 6154 section 5.2): imap-codec
    /// has no create parameters, so the list goes before the line end of the last fragment (the
    /// name may be a literal, after which the command's last line is only that line end).
    pub fn with_use(
        &self,
        mut fragments: Vec<OutFragment>,
        role: SpecialUse,
    ) -> Result<Vec<OutFragment>, Error> {
        let Some(attribute) = role.attribute() else {
            return Err(Error::InvalidArgument {
                what: "the special use",
                reason: "INBOX is no special use".into(),
            });
        };
        let parameters = format!(" (USE ({attribute}))\r\n");
        let last = fragments.last_mut().ok_or(Error::InvalidArgument {
            what: "the CREATE command",
            reason: "it encoded to nothing".into(),
        })?;
        for text in [&mut last.bytes, &mut last.display] {
            if text.ends_with(b"\r\n") {
                text.truncate(text.len() - 2);
            }
            text.extend_from_slice(parameters.as_bytes());
        }
        Ok(fragments)
    }

    pub fn status(&self, mailbox: &MailboxName) -> Result<CommandBody<'static>, Error> {
        let mut items = vec![
            StatusDataItemName::Messages,
            StatusDataItemName::Recent,
            StatusDataItemName::UidNext,
            StatusDataItemName::UidValidity,
            StatusDataItemName::Unseen,
        ];
        if self.capabilities.condstore() {
            items.push(StatusDataItemName::HighestModSeq);
        }
        Ok(CommandBody::Status { mailbox: self.mailbox(mailbox)?, item_names: items.into() })
    }

    pub fn select(
        &self,
        mailbox: &MailboxName,
        qresync: Option<&Qresync>,
        examine: bool,
    ) -> Result<CommandBody<'static>, Error> {
        let mailbox = self.mailbox(mailbox)?;
        let mut parameters = Vec::new();
        if let Some(q) = qresync {
            let uid_validity = NonZeroU32::new(q.uidvalidity)
                .ok_or(Error::InvalidArgument { what: "UIDVALIDITY", reason: "it must not be 0".into() })?;
            let mod_sequence_value = NonZeroU64::new(q.modseq).ok_or(Error::InvalidArgument {
                what: "the mod-sequence",
                reason: "it must not be 0".into(),
            })?;
            parameters.push(SelectParameter::QResync {
                uid_validity,
                mod_sequence_value,
                known_uids: q.known_uids.as_ref().map(SequenceSet::to_wire),
                seq_match_data: None,
            });
        } else if self.capabilities.condstore() {
            // RFC 7162 section 3.1.8: CONDSTORE on SELECT makes the server report HIGHESTMODSEQ
            // and MODSEQ from the start.
            parameters.push(SelectParameter::CondStore);
        }
        Ok(if examine {
            CommandBody::Examine { mailbox, parameters }
        } else {
            CommandBody::Select { mailbox, parameters }
        })
    }

    pub fn list(&self, reference: &str, pattern: &str, lsub: bool) -> Result<CommandBody<'static>, Error> {
        let reference = if reference.is_empty() {
            WireMailbox::from(empty_astring())
        } else {
            self.mailbox(&MailboxName::encode(reference, self.utf8))?
        };
        let mailbox_wildcard = self.list_mailbox(pattern)?;
        Ok(if lsub {
            CommandBody::Lsub { reference, mailbox_wildcard }
        } else {
            CommandBody::List { reference, mailbox_wildcard }
        })
    }
}
