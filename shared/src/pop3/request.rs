//! What the caller asks of a POP3 session (RFC 1939 sections 5 and 7), queued with
//! [`super::Pop3Client::enqueue`]; the answer comes as an [`super::Event`] with the same
//! [`RequestId`], as an IMAP command's does with its `CommandId`.

use super::{Command, Error};

/// A request in the TRANSACTION state, or QUIT. The greeting, CAPA, STLS and signing in are the
/// client's own steps and are not requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// `STAT` ([`super::Event::Stat`]).
    Stat,
    /// `LIST` or `LIST n` ([`super::Event::List`]).
    List(Option<u32>),
    /// `UIDL` or `UIDL n` ([`super::Event::Uidl`]).
    Uidl(Option<u32>),
    /// `RETR n` ([`super::Event::Message`]).
    Retr(u32),
    /// `TOP n lines` ([`super::Event::Top`]).
    Top {
        /// The message number.
        number: u32,
        /// How many lines of the body.
        lines: u32,
    },
    /// `DELE n` ([`super::Event::Deleted`]).
    Dele(u32),
    /// `RSET` ([`super::Event::Reset`]).
    Rset,
    /// `NOOP` ([`super::Event::Noop`]).
    Noop,
    /// `QUIT` ([`super::Event::Closed`]); allowed in AUTHORIZATION and TRANSACTION.
    Quit,
}

/// Identifies a request in the events that answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

impl Request {
    /// The command on the wire.
    pub fn command(self) -> Command {
        match self {
            Request::Stat => Command::Stat,
            Request::List(n) => Command::List(n),
            Request::Uidl(n) => Command::Uidl(n),
            Request::Retr(n) => Command::Retr(n),
            Request::Top { number, lines } => Command::Top(number, lines),
            Request::Dele(n) => Command::Dele(n),
            Request::Rset => Command::Rset,
            Request::Noop => Command::Noop,
            Request::Quit => Command::Quit,
        }
    }

    /// Whether a `+OK` to this request is followed by a multi-line block (RFC 1939 section 3).
    pub(super) fn multi_line(self) -> bool {
        matches!(self, Request::List(None) | Request::Uidl(None) | Request::Retr(_) | Request::Top { .. })
    }

    /// The request if its message number can exist: they start at 1 (RFC 1939 section 4).
    pub(super) fn checked(self) -> Result<Self, Error> {
        let number = match self {
            Request::List(n) | Request::Uidl(n) => n,
            Request::Retr(n) | Request::Dele(n) | Request::Top { number: n, .. } => Some(n),
            Request::Stat | Request::Rset | Request::Noop | Request::Quit => None,
        };
        if number == Some(0) { Err(Error::InvalidArgument("message number (0)")) } else { Ok(self) }
    }
}
