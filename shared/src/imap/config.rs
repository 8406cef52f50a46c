//! How a client is set up: transport security, authentication policy and limits.

use crate::sasl::Policy;
use crate::security::TlsMode;
use crate::time::Timeouts;

/// Limits on what the server may make the client buffer (ARCHITECTURE.md, *Framing has limits*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line, CRLF included. RFC 7162 section 4 asks clients to accept at least 8192 bytes.
    pub max_line: usize,
    /// Largest literal the client accepts (a message body or section).
    pub max_literal: u32,
    /// Largest whole response, lines and literals together.
    pub max_response: usize,
    /// Most messages whose UIDs the selected-mailbox model tracks (8 bytes each). Beyond it,
    /// sequence numbers still count but expunges there cannot be mapped to UIDs.
    pub max_messages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_line: 64 * 1024,
            max_literal: 64 * 1024 * 1024,
            max_response: 80 * 1024 * 1024,
            max_messages: 1_000_000,
        }
    }
}

/// Everything a client needs before the greeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Transport security (RFC 8314 section 3, RFC 3501 section 6.2.1). With
    /// [`TlsMode::StartTls`] a server without STARTTLS ends the session with
    /// [`Error::TlsRequired`](crate::imap::Error::TlsRequired) before anything else is sent.
    pub tls: TlsMode,
    /// When a password may travel unencrypted (LOGIN, PLAIN, …).
    pub policy: Policy,
    /// Buffering limits.
    pub limits: Limits,
    /// The letters in front of the tag counter (`a` gives `a001`, `a002`, …; RFC 3501 section 2.2.1).
    pub tag_prefix: String,
    /// Literals up to this size are shown in the transcript; longer ones as `<n bytes>`.
    pub transcript_literal_limit: usize,
    /// How long the server may stay silent, and when IDLE is renewed (RFC 2177 section 3).
    pub timeouts: Timeouts,
}

impl Config {
    /// A configuration with the default policy (no plaintext passwords) and limits.
    pub fn new(tls: TlsMode) -> Self {
        Self {
            tls,
            policy: Policy::default(),
            limits: Limits::default(),
            tag_prefix: "a".into(),
            transcript_literal_limit: 200,
            timeouts: Timeouts::default(),
        }
    }
}
