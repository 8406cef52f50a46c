//! What the POP3 client reports.

use super::{Capabilities, RequestId, Response};
use crate::sasl::Mechanism;

/// How the client signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// `AUTH` with a SASL mechanism (RFC 5034).
    Sasl(Mechanism),
    /// `APOP` (RFC 1939 section 7).
    Apop,
    /// `USER` and `PASS` (RFC 1939 section 7).
    UserPass,
}

/// One line of a LIST response (RFC 1939 section 5: `scan listing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListEntry {
    /// The message number.
    pub number: u32,
    /// Its size in octets.
    pub size: u64,
}

/// One line of a UIDL response (RFC 1939 section 7: `unique-id listing`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UidEntry {
    /// The message number.
    pub number: u32,
    /// The unique id (1 to 70 characters 0x21-0x7E).
    pub uid: String,
}

/// What the POP3 client reports through [`crate::engine::Client::next`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The `+OK` greeting, with its APOP timestamp if it has one.
    Greeting {
        /// The greeting text.
        text: String,
        /// The RFC 1939 section 7 timestamp.
        timestamp: Option<String>,
    },
    /// The capabilities on the connection as it will stay (after STLS when the account uses it).
    Ready {
        /// What CAPA said (`known == false` if CAPA is not supported).
        capabilities: Capabilities,
        /// Whether the connection is encrypted.
        encrypted: bool,
    },
    /// Signed in; the session is in the TRANSACTION state.
    Authenticated {
        /// How.
        method: AuthMethod,
    },
    /// `STAT`: number of messages and their total size.
    Stat {
        /// The request.
        id: RequestId,
        /// Messages in the maildrop (not counting ones marked deleted).
        count: u32,
        /// Total size in octets.
        size: u64,
    },
    /// `LIST` (all messages, or the one asked for).
    List {
        /// The request.
        id: RequestId,
        /// One entry a message.
        entries: Vec<ListEntry>,
    },
    /// `UIDL` (all messages, or the one asked for).
    Uidl {
        /// The request.
        id: RequestId,
        /// One entry a message.
        entries: Vec<UidEntry>,
    },
    /// `RETR`: the message, dot-unstuffed, lines ending in CRLF.
    Message {
        /// The request.
        id: RequestId,
        /// The message number.
        number: u32,
        /// The message.
        data: Vec<u8>,
    },
    /// `TOP`: the header and the first lines of the body.
    Top {
        /// The request.
        id: RequestId,
        /// The message number.
        number: u32,
        /// What the server sent.
        data: Vec<u8>,
    },
    /// A RETR or TOP answer exceeded the configured size and was discarded.
    TooLarge {
        /// The request.
        id: RequestId,
        /// The message number.
        number: u32,
        /// The limit in octets.
        limit: usize,
    },
    /// `DELE`: the message is marked for deletion.
    Deleted {
        /// The request.
        id: RequestId,
        /// The message number.
        number: u32,
    },
    /// `RSET`: deletion marks are removed.
    Reset {
        /// The request.
        id: RequestId,
    },
    /// `NOOP` answered.
    Noop {
        /// The request.
        id: RequestId,
    },
    /// The server answered `-ERR` to a request; the session goes on.
    Refused {
        /// The request.
        id: RequestId,
        /// The command, e.g. `RETR 3`.
        command: String,
        /// The response.
        response: Response,
    },
    /// The reply to QUIT; the session is over and the driver closes the connection. Deletions are
    /// committed if the response is `+OK` and QUIT was sent in the TRANSACTION state.
    Closed {
        /// The QUIT request.
        id: RequestId,
        /// The response.
        response: Response,
    },
}

impl Event {
    /// The request this event answers; `None` for the client's own steps (greeting, CAPA, sign-in).
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Event::Greeting { .. } | Event::Ready { .. } | Event::Authenticated { .. } => None,
            Event::Stat { id, .. }
            | Event::List { id, .. }
            | Event::Uidl { id, .. }
            | Event::Message { id, .. }
            | Event::Top { id, .. }
            | Event::TooLarge { id, .. }
            | Event::Deleted { id, .. }
            | Event::Reset { id }
            | Event::Noop { id }
            | Event::Refused { id, .. }
            | Event::Closed { id, .. } => Some(*id),
        }
    }
}
