//! `OAUTHBEARER` (RFC 7628).

use super::{Mechanism, SaslError, scram::sasl_name};
use crate::secret::Secret;

/// The client response of RFC 7628 section 3.1:
/// `n,a=<user>,^Ahost=<host>^Aport=<port>^Aauth=Bearer <token>^A^A`.
#[derive(Debug, Clone)]
pub(crate) struct OAuthBearer {
    message: Secret,
    sent: bool,
    pub(crate) server_error: Option<String>,
}

impl OAuthBearer {
    pub(crate) fn new(
        username: &str,
        token: &Secret,
        host: Option<&str>,
        port: Option<u16>,
    ) -> Result<Self, SaslError> {
        if username.chars().any(char::is_control) {
            return Err(invalid("user name"));
        }
        // RFC 6750 section 2.1 b64token: the token itself never contains spaces or controls.
        if token.expose().chars().any(|c| c.is_control() || c == ' ') {
            return Err(invalid("token"));
        }
        let mut message = format!("n,a={},\x01", sasl_name(username));
        if let Some(host) = host {
            if host.chars().any(|c| c.is_control()) {
                return Err(invalid("host name"));
            }
            message.push_str(&format!("host={host}\x01"));
        }
        if let Some(port) = port {
            message.push_str(&format!("port={port}\x01"));
        }
        message.push_str(&format!("auth=Bearer {}\x01\x01", token.expose()));
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
            return Err(SaslError::UnexpectedChallenge { mechanism: Mechanism::OAuthBearer });
        }
        // RFC 7628 section 3.2.3: the error challenge is JSON, answered with a single ^A so the
        // server can finish with a failure.
        self.server_error = Some(String::from_utf8_lossy(challenge).into_owned());
        Ok(vec![0x01])
    }
}

fn invalid(what: &'static str) -> SaslError {
    SaslError::InvalidCredential { mechanism: Mechanism::OAuthBearer, what, reason: "control character" }
}
