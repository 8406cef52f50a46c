//! The SASL mechanisms this client implements, by their registered names.

use std::fmt;

/// A SASL mechanism (names from the IANA SASL registry, RFC 4422 section 3.1). Serialised as
/// its registered name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Mechanism {
    /// `SCRAM-SHA-256` (RFC 7677, RFC 5802): salted challenge-response; the server proves itself too.
    #[serde(rename = "SCRAM-SHA-256")]
    ScramSha256,
    /// `SCRAM-SHA-1` (RFC 5802): the same exchange with SHA-1, for servers without SHA-256.
    #[serde(rename = "SCRAM-SHA-1")]
    ScramSha1,
    /// `CRAM-MD5` (RFC 2195): HMAC-MD5 over the server's challenge.
    #[serde(rename = "CRAM-MD5")]
    CramMd5,
    /// `PLAIN` (RFC 4616): user name and password, readable by anyone on the path without TLS.
    #[serde(rename = "PLAIN")]
    Plain,
    /// `LOGIN` (draft-murchison-sasl-login): user name and password in two steps, equally readable.
    #[serde(rename = "LOGIN")]
    Login,
    /// `OAUTHBEARER` (RFC 7628): an OAuth 2.0 bearer token.
    #[serde(rename = "OAUTHBEARER")]
    OAuthBearer,
    /// `XOAUTH2` (Google's and Microsoft's pre-standard form of the same).
    #[serde(rename = "XOAUTH2")]
    XOAuth2,
}

impl Mechanism {
    /// Every implemented mechanism.
    pub const ALL: [Mechanism; 7] = [
        Mechanism::ScramSha256,
        Mechanism::ScramSha1,
        Mechanism::CramMd5,
        Mechanism::Plain,
        Mechanism::Login,
        Mechanism::OAuthBearer,
        Mechanism::XOAuth2,
    ];

    /// The registered name, as sent in `AUTH <name>`.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::ScramSha256 => "SCRAM-SHA-256",
            Mechanism::ScramSha1 => "SCRAM-SHA-1",
            Mechanism::CramMd5 => "CRAM-MD5",
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
            Mechanism::OAuthBearer => "OAUTHBEARER",
            Mechanism::XOAuth2 => "XOAUTH2",
        }
    }

    /// Parses a name as a server advertises it (case-insensitive, RFC 4422 section 3.1).
    pub fn from_name(name: &str) -> Option<Mechanism> {
        Mechanism::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(name))
    }

    /// Whether the secret travels readable inside the exchange, so that only TLS protects it.
    pub fn exposes_secret(self) -> bool {
        matches!(self, Mechanism::Plain | Mechanism::Login | Mechanism::OAuthBearer | Mechanism::XOAuth2)
    }

    /// Whether the mechanism is a SCRAM variant, which needs a client nonce from the driver.
    pub fn is_scram(self) -> bool {
        matches!(self, Mechanism::ScramSha256 | Mechanism::ScramSha1)
    }

    /// Whether the mechanism uses an OAuth 2.0 token rather than a password.
    pub fn uses_token(self) -> bool {
        matches!(self, Mechanism::OAuthBearer | Mechanism::XOAuth2)
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn names_round_trip_case_insensitively() {
        for m in Mechanism::ALL {
            assert_eq!(Mechanism::from_name(m.name()), Some(m));
            assert_eq!(Mechanism::from_name(&m.name().to_ascii_lowercase()), Some(m));
        }
        assert_eq!(Mechanism::from_name("GSSAPI"), None);
    }
}
