//! The harness's error type. Every failure that involves the servers carries the tail of their logs,
//! because "IMAP login failed" alone sends whoever reads the CI output on a hunt.

use std::io;

use super::imap::ImapError;

/// Why the mail stack could not start, or why a check against it failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MailStackError {
    /// A server program is missing from this machine.
    #[error(
        "{program} is not installed: install the Debian packages dovecot-imapd dovecot-pop3d \
         dovecot-lmtpd dovecot-sieve dovecot-managesieved postfix (the project's test script does this), or run the tests that need \
         no mail servers"
    )]
    NotInstalled {
        /// The program that was looked for.
        program: String,
    },
    /// Preparing the stack (files, users, ports, processes) failed.
    #[error("could not {action}: {source}")]
    Setup {
        /// What was being done, e.g. "write /tmp/.../dovecot.conf".
        action: String,
        /// The underlying error.
        source: io::Error,
    },
    /// Generating the throwaway CA or server certificate failed.
    #[error("could not generate the test certificates: {0}")]
    Certificate(#[from] rcgen::Error),
    /// Building the TLS client configuration failed.
    #[error("could not build the TLS client configuration: {0}")]
    Tls(#[from] rustls::Error),
    /// A server did not come up (or died) before the deadline.
    #[error("the mail stack did not become ready: {reason}\n{logs}")]
    NotReady {
        /// Which port or process failed, and how.
        reason: String,
        /// The tail of the servers' logs.
        logs: String,
    },
    /// An IMAP check against the stack failed.
    #[error("IMAP {action} for {user} failed: {source}\n{logs}")]
    Imap {
        /// What the helper was doing, e.g. "APPEND to INBOX".
        action: String,
        /// The account's login name.
        user: String,
        /// What the client saw.
        source: Box<ImapError>,
        /// The tail of the servers' logs.
        logs: String,
    },
    /// A TCP or TLS connection to one of the stack's ports failed.
    #[error("connecting to port {port} failed: {source}\n{logs}")]
    Connect {
        /// The port that was dialled.
        port: u16,
        /// What the client saw.
        source: Box<ImapError>,
        /// The tail of the servers' logs.
        logs: String,
    },
    /// A wait (for example for a delivery) ran out of time.
    #[error("timed out after {seconds:.1} s waiting for {what}\n{logs}")]
    Timeout {
        /// What was awaited, with what was seen instead.
        what: String,
        /// How long the wait lasted.
        seconds: f64,
        /// The tail of the servers' logs.
        logs: String,
    },
}

impl MailStackError {
    pub(crate) fn setup(action: impl Into<String>) -> impl FnOnce(io::Error) -> MailStackError {
        let action = action.into();
        move |source| MailStackError::Setup { action, source }
    }
}
