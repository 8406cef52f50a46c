//! How an SMTP session is set up.

use crate::{
    sasl::{self, Credentials, Policy},
    security::TlsMode,
    time::Timeouts,
};

/// The account settings the SMTP client needs. Nothing here is read from a clock or a random
/// source: the SCRAM nonce comes from the driver through `sasl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The name sent in EHLO/HELO (RFC 5321 section 4.1.1.1): a host name or an address literal.
    /// A browser does not know its host name; `[127.0.0.1]` is what privacy-minded clients send.
    pub client_name: String,
    /// Implicit TLS, required STARTTLS, or plain.
    pub tls: TlsMode,
    /// Sign in with these, if given (RFC 4954).
    pub credentials: Option<Credentials>,
    /// Which mechanism, and whether a password may travel unencrypted.
    pub policy: Policy,
    /// SCRAM nonce and OAUTHBEARER host/port.
    pub sasl: sasl::Options,
    /// Send the SASL initial response with the AUTH command (RFC 4954 section 4). On by default;
    /// off waits for the server's first (empty) challenge instead.
    pub initial_response: bool,
    /// Longest reply line accepted.
    pub max_line: usize,
    /// Most lines in one reply.
    pub max_reply_lines: usize,
    /// How many message bytes go into one [`crate::engine::Io::Output`] while sending DATA.
    pub chunk_size: usize,
    /// How long the server may stay silent while the client waits for a reply.
    pub timeouts: Timeouts,
}

impl Config {
    /// Defaults for a connection with the given TLS mode and no sign-in.
    pub fn new(tls: TlsMode) -> Self {
        Self {
            client_name: "[127.0.0.1]".to_owned(),
            tls,
            credentials: None,
            policy: Policy::default(),
            sasl: sasl::Options::default(),
            initial_response: true,
            max_line: super::ReplyParser::DEFAULT_MAX_LINE,
            max_reply_lines: super::ReplyParser::DEFAULT_MAX_LINES,
            chunk_size: 64 * 1024,
            timeouts: Timeouts::default(),
        }
    }

    /// The same with credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }
}

/// Whether `name` can follow EHLO without becoming other syntax: a domain or an address literal.
pub(crate) fn valid_client_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':'))
}
