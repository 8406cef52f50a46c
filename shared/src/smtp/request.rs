//! What the caller asks of an SMTP session, queued with [`super::SmtpClient::enqueue`]; the
//! answer comes as an [`super::Event`] with the same [`RequestId`], as an IMAP command's does with
//! its `CommandId`.

use super::Envelope;

/// A request; it starts once the session is ready and the previous one is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A mail transaction (RFC 5321 section 3.3) for `envelope`; `body` is the complete message
    /// (header and body, as mail-builder writes it). Line endings are normalised and dots stuffed
    /// while it streams out, chunk by chunk, so no second copy is made. Answered by
    /// [`super::Event::RecipientResult`]s and then [`super::Event::Sent`] or
    /// [`super::Event::NotSent`].
    Send {
        /// Who from and to.
        envelope: Envelope,
        /// The message.
        body: Vec<u8>,
    },
    /// `NOOP`: keeps the session alive ([`super::Event::Noop`]).
    Noop,
    /// `RSET` ([`super::Event::Reset`]).
    Rset,
    /// `QUIT` ([`super::Event::Closed`]); the driver closes the connection after it.
    Quit,
}

/// Identifies a request in the events that answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);
