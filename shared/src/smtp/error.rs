//! Why an SMTP session ends.

use super::{Reply, ReplyError, explain::explain_reply};
use crate::sasl::SaslError;

/// A failure that ends the SMTP session (or, for the enqueue-time variants, refuses an operation).
/// Every message says what happened and what to do, with the server's code and text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server's bytes are not valid SMTP replies.
    #[error(
        "The server's answer could not be read ({0}). It may not be an SMTP server; check the host and port."
    )]
    Reply(#[from] ReplyError),
    /// The greeting was a rejection (RFC 5321 section 3.1: 554) or not a 220.
    #[error("The server refused the connection. {}", explain_reply(.0))]
    GreetingRefused(Reply),
    /// The server closes the channel (421, RFC 5321 section 3.8).
    #[error("{}", explain_reply(.0))]
    ServiceClosing(Reply),
    /// Neither EHLO nor HELO was accepted.
    #[error("The server did not accept Posthorn's greeting. {}", explain_reply(.0))]
    HelloRefused(Reply),
    /// The account requires STARTTLS and the server does not offer it: continuing would send
    /// everything readable (possibly because someone removed the offer on the way: STARTTLS
    /// stripping).
    #[error(
        "The server does not offer STARTTLS, and this account requires an encrypted connection, so \
         Posthorn stopped. Use port 465 with TLS, or check the server name."
    )]
    StartTlsNotOffered,
    /// The server refused STARTTLS.
    #[error("The server refused to start encryption. {}", explain_reply(.0))]
    StartTlsRefused(Reply),
    /// Bytes arrived after the STARTTLS go-ahead and before the TLS handshake: someone on the path
    /// injected them (RFC 3207 section 4.2 requires discarding; Posthorn ends the session).
    #[error(
        "The server sent {0} unexpected bytes right before encryption started. This is a sign of an \
         attack on the connection, so Posthorn stopped. Try again on another network."
    )]
    PlaintextAfterStartTls(usize),
    /// Credentials were given but the server offers no AUTH.
    #[error(
        "The server does not offer sign-in (AUTH) on this connection. Check the port (587 or 465) \
         and that encryption is on."
    )]
    AuthNotOffered,
    /// No usable mechanism, or the policy refused the one left.
    #[error("{0}")]
    Sasl(#[from] SaslError),
    /// The server rejected the credentials.
    #[error("Sign-in failed. {}{}", explain_reply(.reply), .server_error.as_ref().map(|e| format!(" Details: {e}")).unwrap_or_default())]
    AuthFailed {
        /// The failure reply.
        reply: Reply,
        /// What the mechanism carried (OAuth JSON status), if anything.
        server_error: Option<String>,
    },
    /// A reply that makes no sense at this point of the dialogue.
    #[error("The server answered {expected} unexpectedly. {}", explain_reply(.reply))]
    UnexpectedReply {
        /// What the client was waiting for.
        expected: &'static str,
        /// What came.
        reply: Reply,
    },
    /// The EHLO name in the configuration cannot be sent.
    #[error(
        "The client name {0:?} cannot be used in EHLO; use a host name or an address literal like [127.0.0.1]."
    )]
    InvalidClientName(String),
    /// A submission without recipients.
    #[error("The message has no recipients.")]
    NoRecipients,
    /// The server said nothing for the whole reply timeout while the client waited for it
    /// ([`Config::timeouts`](crate::smtp::Config::timeouts)); the connection is to be replaced.
    #[error(
        "The server did not answer {step} for {seconds} seconds, so the connection was given up. Try again; if it keeps happening, the server or the network is down."
    )]
    Timeout {
        /// What the client was waiting for: `the greeting` or a command, e.g. `RCPT TO`.
        step: String,
        /// How long it waited.
        seconds: u64,
    },
    /// The session is over (after QUIT or an earlier error).
    #[error("The SMTP session has ended.")]
    Closed,
}
