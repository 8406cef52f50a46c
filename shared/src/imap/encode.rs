//! From the caller's [`Command`]s to bytes on the wire, via imap-codec's fragment encoder.
//!
//! imap-codec cannot build invalid syntax: values become atoms, quoted strings or literals as their
//! bytes require (RFC 3501 section 4.3), so CR, LF and NUL never turn into protocol
//! (ARCHITECTURE.md, *User input never becomes protocol syntax*). It yields *fragments* — a line,
//! then a literal — so the client can wait for the server's `+` before a synchronising literal.
//! This module also decides what the transcript shows for each fragment, with secrets redacted.

use imap_codec::CommandCodec;
use imap_codec::encode::{Encoder, Fragment};
use imap_codec::imap_types::command::{Command as WireCommand, CommandBody};
use imap_codec::imap_types::core::{AString, IString, LiteralMode};
use imap_codec::imap_types::extensions::utf8::QuotedUtf8;
use imap_codec::imap_types::mailbox::{ListMailbox, Mailbox as WireMailbox};

use crate::imap::capability::Capabilities;
use crate::imap::error::Error;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::tag::Tag;
use crate::transcript;

mod fetch;
mod mailboxes;
mod messages;
mod search;
mod session;

/// A piece of a command ready for the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutFragment {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// A synchronising literal: it may only follow the server's `+` (RFC 3501 section 7.5).
    pub wait_for_continuation: bool,
    /// What the transcript shows for these bytes: the same, a redaction, or a size summary.
    pub display: Vec<u8>,
}

/// What the encoder needs to know about the session.
pub(crate) struct Context<'a> {
    pub capabilities: &'a Capabilities,
    pub transcript_literal_limit: usize,
    /// UTF8=ACCEPT is enabled (RFC 6855 section 3): names and search values travel as UTF-8.
    pub utf8: bool,
}

impl Context<'_> {
    /// Non-synchronising literals where the server allows them (RFC 7888 section 4).
    fn literal_mode(&self, len: usize) -> LiteralMode {
        if self.capabilities.literal_plus() || (self.capabilities.literal_minus() && len <= 4096) {
            LiteralMode::NonSync
        } else {
            LiteralMode::Sync
        }
    }

    /// An astring for a user value: atom, quoted or literal as its bytes need. NUL cannot be
    /// carried by any of them (RFC 3501 section 4.3: CHAR8 excludes NUL), so it is refused.
    pub fn astring(&self, value: &str, what: &'static str) -> Result<AString<'static>, Error> {
        if value.contains('\0') {
            return Err(Error::InvalidArgument { what, reason: "it contains a NUL character".into() });
        }
        // After ENABLE UTF8=ACCEPT, UTF-8 may be quoted (RFC 6855 section 3), which saves the
        // round trip a synchronising literal costs.
        if self.utf8 && !value.is_ascii() && QuotedUtf8::validate(value).is_ok() {
            let quoted = QuotedUtf8::try_from(value.to_owned())
                .map_err(|e| Error::InvalidArgument { what, reason: e.to_string() })?;
            return Ok(AString::String(IString::QuotedUtf8(quoted)));
        }
        let mut astring = AString::try_from(value.to_owned())
            .map_err(|e| Error::InvalidArgument { what, reason: e.to_string() })?;
        if let AString::String(IString::Literal(literal)) = &mut astring {
            literal.set_mode(self.literal_mode(value.len()));
        }
        Ok(astring)
    }

    /// A mailbox name, as it is: it is already in its wire form ([`MailboxName`]), so it is never
    /// encoded again here.
    pub fn mailbox(&self, name: &MailboxName) -> Result<WireMailbox<'static>, Error> {
        if name.is_inbox() {
            return Ok(WireMailbox::Inbox);
        }
        Ok(WireMailbox::from(self.astring(name.as_wire(), "the mailbox name")?))
    }

    fn list_mailbox(&self, pattern: &str) -> Result<ListMailbox<'static>, Error> {
        if pattern.contains('\0') {
            return Err(Error::InvalidArgument {
                what: "the list pattern",
                reason: "it contains a NUL character".into(),
            });
        }
        let encoded = MailboxName::encode(pattern, self.utf8).as_wire().to_owned();
        let mut mailbox = ListMailbox::try_from(encoded)
            .map_err(|e| Error::InvalidArgument { what: "the list pattern", reason: e.to_string() })?;
        if let ListMailbox::String(IString::Literal(literal)) = &mut mailbox {
            literal.set_mode(self.literal_mode(pattern.len()));
        }
        Ok(mailbox)
    }

    /// Encodes a command into fragments with their transcript text.
    pub fn encode(&self, tag: &Tag, body: CommandBody<'static>) -> Result<Vec<OutFragment>, Error> {
        let command = WireCommand::new(tag.as_str().to_owned(), body)
            .map_err(|e| Error::InvalidArgument { what: "the tag", reason: e.to_string() })?;
        Ok(self.fragments(&command))
    }

    fn fragments(&self, command: &WireCommand<'static>) -> Vec<OutFragment> {
        CommandCodec::default()
            .encode(command)
            .map(|fragment| match fragment {
                Fragment::Line { data } => {
                    OutFragment { display: data.clone(), bytes: data, wait_for_continuation: false }
                }
                Fragment::Literal { data, mode } => OutFragment {
                    display: literal_display(&data, self.transcript_literal_limit),
                    bytes: data,
                    wait_for_continuation: mode == LiteralMode::Sync,
                },
            })
            .collect()
    }
}

fn empty_astring() -> AString<'static> {
    AString::String(IString::Quoted(imap_codec::imap_types::core::Quoted::unvalidated("")))
}

/// What the transcript shows for a literal: its bytes if short, `<n bytes>` if long (a log
/// shows what happened, not whole messages).
pub(crate) fn literal_display(data: &[u8], limit: usize) -> Vec<u8> {
    if data.len() > limit { transcript::summary(data.len()).into_bytes() } else { data.to_vec() }
}

/// Splits displayed bytes into complete transcript lines, keeping an unfinished line in
/// `partial` (a literal and the rest of its line are shown together, as in a telnet session).
pub(crate) fn take_lines(partial: &mut Vec<u8>, display: &[u8]) -> Vec<String> {
    partial.extend_from_slice(display);
    let mut lines = Vec::new();
    while let Some(newline) = partial.iter().position(|&b| b == b'\n') {
        let line: Vec<u8> = partial.drain(..=newline).collect();
        lines.push(transcript::printable(&line));
    }
    lines
}
