//! One authentication exchange, whatever the mechanism.

use base64::{Engine, engine::general_purpose::STANDARD};

use super::{
    Credentials, Mechanism, SaslError, cram_md5::CramMd5, login::Login, oauthbearer::OAuthBearer,
    plain::Plain, scram::Scram, xoauth2::XOAuth2,
};

/// What some mechanisms need besides the credentials; the engine has no randomness of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// A fresh random nonce for SCRAM (RFC 5802 section 5.1 `r=`): at least 16 printable ASCII
    /// characters other than `,`, drawn by the driver from a CSPRNG for every exchange.
    pub scram_client_nonce: Option<String>,
    /// The server's host name for OAUTHBEARER's `host=` (RFC 7628 section 3.1), if known.
    pub oauth_host: Option<String>,
    /// The server's port for OAUTHBEARER's `port=`.
    pub oauth_port: Option<u16>,
}

#[derive(Debug, Clone)]
enum State {
    Plain(Plain),
    Login(Login),
    CramMd5(CramMd5),
    Scram(Box<Scram>),
    XOAuth2(XOAuth2),
    OAuthBearer(OAuthBearer),
}

/// A SASL client exchange (RFC 4422 section 3): an optional initial response, then a response to
/// each challenge, then [`Authenticator::finish`] when the server reports success.
///
/// Payloads are raw bytes; the `_base64` helpers do the framing SMTP (RFC 4954), POP3 (RFC 5034)
/// and IMAP (RFC 3501 section 6.2.2) share. Every payload is secret: callers put
/// [`crate::transcript::REDACTED`] in the transcript instead.
#[derive(Debug, Clone)]
pub struct Authenticator {
    mechanism: Mechanism,
    state: State,
}

impl Authenticator {
    /// Starts an exchange. Fails if the credentials do not fit the mechanism or carry a byte the
    /// mechanism uses as syntax.
    pub fn new(
        mechanism: Mechanism,
        credentials: &Credentials,
        options: &Options,
    ) -> Result<Self, SaslError> {
        let username = credentials.username();
        let state = match (mechanism, credentials) {
            (Mechanism::Plain, Credentials::Password { password, .. }) => {
                State::Plain(Plain::new(username, password)?)
            }
            (Mechanism::Login, Credentials::Password { password, .. }) => {
                State::Login(Login::new(username, password))
            }
            (Mechanism::CramMd5, Credentials::Password { password, .. }) => {
                State::CramMd5(CramMd5::new(username, password))
            }
            (Mechanism::ScramSha256 | Mechanism::ScramSha1, Credentials::Password { password, .. }) => {
                let nonce = options.scram_client_nonce.as_deref().ok_or(SaslError::BadNonce)?;
                State::Scram(Box::new(Scram::new(mechanism, username, password, nonce)?))
            }
            (Mechanism::XOAuth2, Credentials::OAuth2 { token, .. }) => {
                State::XOAuth2(XOAuth2::new(username, token)?)
            }
            (Mechanism::OAuthBearer, Credentials::OAuth2 { token, .. }) => State::OAuthBearer(
                OAuthBearer::new(username, token, options.oauth_host.as_deref(), options.oauth_port)?,
            ),
            (mechanism, _) => {
                let needs = if mechanism.uses_token() { "an OAuth token" } else { "a password" };
                return Err(SaslError::WrongCredentials { mechanism, needs });
            }
        };
        Ok(Self { mechanism, state })
    }

    /// The mechanism in use.
    pub fn mechanism(&self) -> Mechanism {
        self.mechanism
    }

    /// The initial response for SASL-IR (RFC 4422 section 5 "initial response"), or `None` for
    /// mechanisms where the server speaks first (LOGIN, CRAM-MD5). Call it at most once, before any
    /// [`Authenticator::step`]; a client that cannot send it leaves it and the mechanism answers the
    /// server's empty first challenge with it instead.
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        match &mut self.state {
            State::Plain(m) => Some(m.initial_response()),
            State::Scram(m) => Some(m.initial_response()),
            State::XOAuth2(m) => Some(m.initial_response()),
            State::OAuthBearer(m) => Some(m.initial_response()),
            State::Login(_) | State::CramMd5(_) => None,
        }
    }

    /// The response to a server challenge (already base64-decoded).
    pub fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        match &mut self.state {
            State::Plain(m) => m.step(challenge),
            State::Login(m) => m.step(challenge),
            State::CramMd5(m) => m.step(challenge),
            State::Scram(m) => m.step(challenge),
            State::XOAuth2(m) => m.step(challenge),
            State::OAuthBearer(m) => m.step(challenge),
        }
    }

    /// [`Authenticator::initial_response`], base64-encoded; an empty response is `=` as RFC 4954
    /// section 4 and RFC 5034 section 4 require.
    pub fn initial_response_base64(&mut self) -> Option<String> {
        self.initial_response().map(|ir| if ir.is_empty() { "=".to_owned() } else { STANDARD.encode(ir) })
    }

    /// [`Authenticator::step`] on a base64 challenge, answered in base64 (an empty response is the
    /// empty string, as the protocols send it).
    pub fn step_base64(&mut self, challenge: &str) -> Result<String, SaslError> {
        let challenge = match STANDARD.decode(challenge.trim()) {
            Ok(challenge) => challenge,
            // PLAIN and LOGIN ignore what the prompt says, and some servers prompt in plain text
            // ("334 ok, go on" in the reference texts); every other mechanism needs the bytes.
            Err(_) if matches!(self.state, State::Plain(_) | State::Login(_)) => {
                challenge.as_bytes().to_vec()
            }
            Err(_) => return Err(SaslError::Base64),
        };
        Ok(STANDARD.encode(self.step(&challenge)?))
    }

    /// Called when the server reports success, with the success's additional data if the protocol
    /// carries one. SCRAM fails here unless the server proved it knows the password.
    pub fn finish(&mut self, additional: Option<&[u8]>) -> Result<(), SaslError> {
        match &mut self.state {
            State::Scram(m) => m.finish(additional),
            _ => Ok(()),
        }
    }

    /// The error the server explained inside the mechanism (OAuth JSON), for the message a person
    /// sees after the failure reply.
    pub fn server_error(&self) -> Option<&str> {
        match &self.state {
            State::XOAuth2(m) => m.server_error.as_deref(),
            State::OAuthBearer(m) => m.server_error.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::secret::Secret;

    #[test]
    fn cram_md5_digest_matches_rfc_2195() {
        // RFC 2195 section 2's example.
        let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
        let digest = super::super::cram_md5::digest(&Secret::new("tanstaaftanstaaf"), challenge);
        assert_eq!(digest, "b913a602c7eda7a495b4e6e7334d3890");
    }
}
