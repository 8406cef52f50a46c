//! How a mail connection is protected, as the account configures it.

/// The transport security an account requires (RFC 8314 section 3 prefers implicit TLS; STARTTLS is
/// RFC 3207 for SMTP, RFC 2595 for POP3 and IMAP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsMode {
    /// The driver speaks TLS from the first byte (ports 465, 995, 993); the client treats the
    /// connection as encrypted from the start.
    #[default]
    Implicit,
    /// Plain TCP that must be upgraded with STARTTLS/STLS before anything else. If the server does
    /// not offer the upgrade, the session ends with an error: it never goes on in plain text
    /// (no STARTTLS stripping).
    StartTls,
    /// Plain TCP, never upgraded. Only for test servers on this machine or a user who explicitly
    /// accepted it; passwords still need the SASL policy's explicit permission.
    Plain,
}

impl TlsMode {
    /// Whether the connection is encrypted before the client says anything.
    pub fn encrypted_from_start(self) -> bool {
        matches!(self, TlsMode::Implicit)
    }
}
