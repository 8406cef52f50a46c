//! Why a POP3 session ends (or an operation is refused).

use super::{MalformedLine, Response, SessionState};
use crate::{line::LineError, sasl::SaslError};

/// A failure that ends the POP3 session, or (for the enqueue-time variants) refuses an operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A line exceeded the limit.
    #[error("The server sent an overlong line ({0}). It may not be a POP3 server; check the host and port.")]
    Line(#[from] LineError),
    /// A line that is not a POP3 response.
    #[error(
        "The server's answer could not be read ({0}). It may not be a POP3 server; check the host and port."
    )]
    Malformed(#[from] MalformedLine),
    /// The greeting was `-ERR`.
    #[error("The server refused the connection (server: {0}). Try again later.")]
    GreetingRefused(Response),
    /// The account requires STLS and the server does not offer it (STARTTLS stripping is
    /// refused, RFC 2595 section 4).
    #[error(
        "The server does not offer STLS, and this account requires an encrypted connection, so \
         Posthorn stopped. Use port 995 with TLS, or check the server name."
    )]
    StlsNotOffered,
    /// The server refused STLS.
    #[error("The server refused to start encryption (server: {0}). Use port 995 with TLS.")]
    StlsRefused(Response),
    /// Bytes arrived after the STLS go-ahead and before the TLS handshake.
    #[error(
        "The server sent {0} unexpected bytes right before encryption started. This is a sign of an \
         attack on the connection, so Posthorn stopped. Try again on another network."
    )]
    PlaintextAfterStls(usize),
    /// The mechanism policy refused, or the mechanism failed.
    #[error("{0}")]
    Sasl(#[from] SaslError),
    /// No sign-in method fits.
    #[error("The server offers no sign-in method Posthorn can use with this account.")]
    NoAuthMethod,
    /// The server rejected the sign-in.
    #[error("Sign-in failed: {}", super::explain_response(.0))]
    AuthFailed(Response),
    /// A user name or password contains CR, LF or NUL (or a space where the command cannot carry
    /// one) and cannot be sent.
    #[error("The {0} contains a character that cannot be sent to a POP3 server.")]
    InvalidArgument(&'static str),
    /// The command is not allowed in the session's state (RFC 1939 section 3).
    #[error("{command} cannot be used in the {state} state.")]
    WrongState {
        /// The command keyword.
        command: &'static str,
        /// The state.
        state: SessionState,
    },
    /// A response that makes no sense at this point.
    #[error("The server answered unexpectedly: {0}")]
    Unexpected(String),
    /// The server said nothing for the whole reply timeout while the client waited for it
    /// ([`Config::timeouts`](crate::pop3::Config::timeouts)); the connection is to be replaced.
    #[error(
        "The server did not answer {step} for {seconds} seconds, so the connection was given up. Try again; if it keeps happening, the server or the network is down."
    )]
    Timeout {
        /// What the client was waiting for: `the greeting` or a command, e.g. `RETR`.
        step: String,
        /// How long it waited.
        seconds: u64,
    },
    /// The session is over.
    #[error("The POP3 session has ended.")]
    Closed,
}

impl Error {
    /// Whether this is the server refusing the user name or password, so that asking the person
    /// for the password again is the remedy. RFC 3206 gives `-ERR [AUTH]` for that and
    /// `[SYS/TEMP]`, `[SYS/PERM]`, `[IN-USE]` and `[LOGIN-DELAY]` (RFC 2449) for refusals the
    /// password is not to blame for; an uncoded `-ERR` is taken as a wrong password, as older
    /// servers send no codes.
    pub fn refuses_credentials(&self) -> bool {
        match self {
            Error::AuthFailed(response) => {
                response.code.as_deref().is_none_or(|code| code.eq_ignore_ascii_case("AUTH"))
            }
            _ => false,
        }
    }
}
