//! How a POP3 session is set up.

use super::AuthMethod;
use crate::{
    sasl::{self, Credentials, Policy},
    security::TlsMode,
    time::Timeouts,
};

/// The account settings the POP3 client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Implicit TLS (995), required STLS (110), or plain.
    pub tls: TlsMode,
    /// Sign in with these, if given; without them the session stays in AUTHORIZATION.
    pub credentials: Option<Credentials>,
    /// Which mechanism, and whether a password may travel unencrypted.
    pub policy: Policy,
    /// SCRAM nonce and OAUTHBEARER host/port.
    pub sasl: sasl::Options,
    /// Sign in only this way (the account's "authentication method" setting); `None` picks the
    /// best the server offers.
    pub auth_method: Option<AuthMethod>,
    /// Longest line accepted, status or message line. RFC 2449 limits responses to 512 octets,
    /// but message lines can be long (RFC 5322 section 2.1.1 allows 998, real mail exceeds it).
    pub max_line: usize,
    /// Largest RETR/TOP answer kept; bigger ones are discarded as they arrive.
    pub max_message_size: usize,
    /// How long the server may stay silent while the client waits for a response.
    pub timeouts: Timeouts,
}

impl Config {
    /// Defaults for the given TLS mode, without sign-in.
    pub fn new(tls: TlsMode) -> Self {
        Self {
            tls,
            credentials: None,
            policy: Policy::default(),
            sasl: sasl::Options::default(),
            auth_method: None,
            max_line: 64 * 1024,
            max_message_size: 64 * 1024 * 1024,
            timeouts: Timeouts::default(),
        }
    }

    /// The same with credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }
}
