//! Why a ManageSieve session ends, or a request is refused before it is sent.

use super::{FrameError, Response};
use crate::sasl::SaslError;

/// A failure that ends the session (or, for [`Error::InvalidName`] and [`Error::Closed`] from
/// `enqueue`, refuses a request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bytes that are not ManageSieve.
    #[error(
        "The server's answer could not be read ({0}). It may not be a ManageSieve server; check the host and port."
    )]
    Frame(#[from] FrameError),
    /// A response that makes no sense at this point.
    #[error("The server answered unexpectedly: {0}")]
    Unexpected(String),
    /// The greeting ended with `NO` or `BYE`.
    #[error("The server refused the connection (server: {0}). Try again later.")]
    GreetingRefused(Response),
    /// STARTTLS is required and not offered (no stripping).
    #[error(
        "The filter server does not offer STARTTLS, and this account requires an encrypted connection, so Posthorn stopped."
    )]
    StartTlsNotOffered,
    /// The server refused STARTTLS.
    #[error("The filter server refused to start encryption (server: {0}).")]
    StartTlsRefused(Response),
    /// Bytes arrived after the STARTTLS go-ahead and before the handshake.
    #[error(
        "The server sent {0} unexpected bytes right before encryption started. This is a sign of an attack on the connection, so Posthorn stopped."
    )]
    PlaintextAfterStartTls(usize),
    /// The mechanism policy refused, or the mechanism failed.
    #[error("{0}")]
    Sasl(#[from] SaslError),
    /// The server refused the sign-in.
    #[error("Sign-in failed: the server said {0}")]
    AuthFailed(Response),
    /// A script name holds a character RFC 5804 section 1.6 forbids, or is empty.
    #[error("The script name \"{0}\" cannot be used: it is empty or holds a control character.")]
    InvalidName(String),
    /// The server ended the session (`BYE`).
    #[error("The server ended the session (server: {0}).")]
    Bye(Response),
    /// The server was silent while the client waited.
    #[error(
        "The server did not answer {step} for {seconds} seconds, so the connection was given up. Try again; if it keeps happening, the server or the network is down."
    )]
    Timeout {
        /// What was awaited.
        step: String,
        /// How long.
        seconds: u64,
    },
    /// The session is over.
    #[error("The ManageSieve session has ended.")]
    Closed,
}

impl Error {
    /// Whether the server refused the user name or password: a `NO` without a code. The codes
    /// RFC 5804 section 1.3 gives a failed AUTHENTICATE (`AUTH-TOO-WEAK`, `ENCRYPT-NEEDED`,
    /// `TRANSITION-NEEDED`, `TRYLATER`) name something a new password would not mend.
    pub fn refuses_credentials(&self) -> bool {
        matches!(self, Error::AuthFailed(r) if r.code.is_none())
    }
}
