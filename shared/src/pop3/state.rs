//! The POP3 session states (RFC 1939 section 3).

use std::fmt;

/// Where the session is; each command is valid only in some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// After the greeting, before a successful sign-in (RFC 1939 section 4).
    Authorization,
    /// Signed in; the maildrop is locked (section 5).
    Transaction,
    /// QUIT was sent in the TRANSACTION state; deletions are being committed (section 6).
    Update,
}

impl fmt::Display for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SessionState::Authorization => "AUTHORIZATION",
            SessionState::Transaction => "TRANSACTION",
            SessionState::Update => "UPDATE",
        })
    }
}
