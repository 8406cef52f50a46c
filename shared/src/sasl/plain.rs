//! `PLAIN` (RFC 4616).

use super::{Mechanism, SaslError};
use crate::secret::Secret;

/// `[authzid] NUL authcid NUL passwd` (RFC 4616 section 2), sent once.
#[derive(Debug, Clone)]
pub(crate) struct Plain {
    message: Secret,
    sent: bool,
}

impl Plain {
    pub(crate) fn new(username: &str, password: &Secret) -> Result<Self, SaslError> {
        // NUL separates the fields, so it cannot be inside one (RFC 4616 section 2).
        if username.contains('\0') {
            return Err(invalid("user name"));
        }
        if password.expose().contains('\0') {
            return Err(invalid("password"));
        }
        Ok(Self { message: Secret::new(format!("\0{username}\0{}", password.expose())), sent: false })
    }

    pub(crate) fn initial_response(&mut self) -> Vec<u8> {
        self.sent = true;
        self.message.expose().as_bytes().to_vec()
    }

    pub(crate) fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        // Without an initial response the server sends an empty challenge first (RFC 4422 section
        // 5; some servers put a prompt there, which means nothing); anything after the message is
        // a protocol error.
        let _ = challenge;
        if self.sent {
            return Err(SaslError::UnexpectedChallenge { mechanism: Mechanism::Plain });
        }
        Ok(self.initial_response())
    }
}

fn invalid(what: &'static str) -> SaslError {
    SaslError::InvalidCredential { mechanism: Mechanism::Plain, what, reason: "NUL" }
}
