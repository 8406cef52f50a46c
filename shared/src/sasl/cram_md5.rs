//! `CRAM-MD5` (RFC 2195).

use hmac::{Hmac, Mac};
use md5::Md5;

use super::{Mechanism, SaslError, apop::hex};
use crate::secret::Secret;

/// `user SP hex(HMAC-MD5(password, challenge))` (RFC 2195 section 2), once.
#[derive(Debug, Clone)]
pub(crate) struct CramMd5 {
    username: String,
    password: Secret,
    done: bool,
}

impl CramMd5 {
    pub(crate) fn new(username: &str, password: &Secret) -> Self {
        Self { username: username.to_owned(), password: password.clone(), done: false }
    }

    pub(crate) fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if self.done {
            return Err(SaslError::UnexpectedChallenge { mechanism: Mechanism::CramMd5 });
        }
        if challenge.is_empty() {
            return Err(SaslError::MalformedChallenge {
                mechanism: Mechanism::CramMd5,
                reason: "the challenge is empty".into(),
            });
        }
        self.done = true;
        Ok(format!("{} {}", self.username, digest(&self.password, challenge)).into_bytes())
    }
}

/// The keyed digest, exposed to the crate for the known-answer tests.
pub(crate) fn digest(password: &Secret, challenge: &[u8]) -> String {
    // HMAC accepts keys of any length (RFC 2104 section 2), so `new_from_slice` cannot fail.
    let mut mac = <Hmac<Md5>>::new_from_slice(password.expose().as_bytes()).expect("HMAC takes any key");
    mac.update(challenge);
    hex(&mac.finalize().into_bytes())
}
