//! `XOAUTH2` (Google's and Microsoft's published form; the predecessor of RFC 7628).

use super::{Mechanism, SaslError};
use crate::secret::Secret;

/// `user=<user>^Aauth=Bearer <token>^A^A`, sent as the initial response.
#[derive(Debug, Clone)]
pub(crate) struct XOAuth2 {
    message: Secret,
    sent: bool,
    pub(crate) server_error: Option<String>,
}

impl XOAuth2 {
    pub(crate) fn new(username: &str, token: &Secret) -> Result<Self, SaslError> {
        // ^A separates the fields; a control character in either value would forge one.
        if username.chars().any(char::is_control) {
            return Err(invalid("user name"));
        }
        if token.expose().chars().any(|c| c.is_control() || c == ' ') {
            return Err(invalid("token"));
        }
        let message = format!("user={username}\x01auth=Bearer {}\x01\x01", token.expose());
        Ok(Self { message: Secret::new(message), sent: false, server_error: None })
    }

    pub(crate) fn initial_response(&mut self) -> Vec<u8> {
        self.sent = true;
        self.message.expose().as_bytes().to_vec()
    }

    pub(crate) fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if !self.sent && challenge.is_empty() {
            return Ok(self.initial_response());
        }
        if self.server_error.is_some() {
            return Err(SaslError::UnexpectedChallenge { mechanism: Mechanism::XOAuth2 });
        }
        // A challenge after the token is the server's JSON error; the client must answer with an
        // empty response so the server can send its final failure reply.
        self.server_error = Some(String::from_utf8_lossy(challenge).into_owned());
        Ok(Vec::new())
    }
}

fn invalid(what: &'static str) -> SaslError {
    SaslError::InvalidCredential { mechanism: Mechanism::XOAuth2, what, reason: "control character" }
}
