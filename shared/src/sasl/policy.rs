//! Which mechanism to use, and when to refuse.

use super::{Credentials, Mechanism, SaslError};

/// The account's rules for choosing a SASL mechanism.
///
/// Passwords go to the strongest mechanism both sides know: SCRAM-SHA-256 (the server proves itself
/// and never sees the password) over SCRAM-SHA-1 (the same with an older hash) over CRAM-MD5 (the password never crosses the wire) over PLAIN over
/// LOGIN. Tokens use OAUTHBEARER, the standard, before XOAUTH2. A mechanism that exposes the secret
/// is refused on an unencrypted connection unless the user allowed it for this account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Send passwords or tokens readable over an unencrypted connection. Off unless a person turned
    /// it on knowingly (a test server on this machine, say).
    pub allow_plaintext_password: bool,
    /// Use only this mechanism (the account's "authentication method" setting); `None` picks the
    /// best one offered. The plaintext rule applies either way.
    pub require: Option<Mechanism>,
}

impl Policy {
    /// The preference order for password credentials, best first.
    pub const PASSWORD_ORDER: [Mechanism; 5] = [
        Mechanism::ScramSha256,
        Mechanism::ScramSha1,
        Mechanism::CramMd5,
        Mechanism::Plain,
        Mechanism::Login,
    ];
    /// The preference order for token credentials, best first.
    pub const TOKEN_ORDER: [Mechanism; 2] = [Mechanism::OAuthBearer, Mechanism::XOAuth2];

    /// Picks a mechanism from the names the server `offered` (unknown names are ignored).
    ///
    /// `encrypted` says whether the connection is under TLS now; `scram_nonce` whether the driver
    /// supplied a nonce (without one SCRAM cannot run and the next best is used).
    pub fn choose<'a>(
        &self,
        offered: impl IntoIterator<Item = &'a str>,
        credentials: &Credentials,
        encrypted: bool,
        scram_nonce: bool,
    ) -> Result<Mechanism, SaslError> {
        let offered: Vec<&str> = offered.into_iter().collect();
        let known: Vec<Mechanism> = offered.iter().filter_map(|name| Mechanism::from_name(name)).collect();
        let order: &[Mechanism] = match credentials {
            Credentials::Password { .. } => &Self::PASSWORD_ORDER,
            Credentials::OAuth2 { .. } => &Self::TOKEN_ORDER,
        };
        let mut candidates = order
            .iter()
            .copied()
            .filter(|m| known.contains(m))
            .filter(|m| self.require.is_none_or(|required| required == *m))
            .filter(|m| !m.is_scram() || scram_nonce);
        let Some(best) = candidates.next() else {
            return Err(SaslError::NoCommonMechanism { offered: offered.join(" ") });
        };
        self.check(best, encrypted)?;
        Ok(best)
    }

    /// Refuses `mechanism` if it would expose the secret on an unencrypted connection against the
    /// policy. POP3's `USER`/`PASS` is checked the same way as PLAIN.
    pub fn check(&self, mechanism: Mechanism, encrypted: bool) -> Result<(), SaslError> {
        if mechanism.exposes_secret() && !encrypted && !self.allow_plaintext_password {
            return Err(SaslError::PlaintextRefused { mechanism: mechanism.name().to_owned() });
        }
        Ok(())
    }

    /// Like [`Policy::check`] for a non-SASL command that sends the password readable (`USER`/`PASS`
    /// of RFC 1939 section 7).
    pub fn check_cleartext_command(&self, command: &str, encrypted: bool) -> Result<(), SaslError> {
        if !encrypted && !self.allow_plaintext_password {
            return Err(SaslError::PlaintextRefused { mechanism: command.to_owned() });
        }
        Ok(())
    }
}
