//! `SCRAM-SHA-256` (RFC 7677) and `SCRAM-SHA-1` (RFC 5802), without channel binding.

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::{Mechanism, SaslError};
use crate::secret::Secret;

/// Iteration counts below this are refused: RFC 7677 section 4 says a server SHOULD announce at
/// least 4096, and a lower count only makes an intercepted exchange cheaper to crack.
const MIN_ITERATIONS: u32 = 4096;
/// Iteration counts above this are refused: PBKDF2 runs on the user's machine (in the browser, on
/// the main thread), so a hostile server must not be able to make the client spin for minutes.
const MAX_ITERATIONS: u32 = 1_000_000;

#[derive(Debug, Clone)]
enum Stage {
    /// The client-first message is not sent yet.
    Start,
    /// Sent client-first; waiting for server-first.
    SentFirst,
    /// Sent client-final; waiting for server-final, which must carry this signature.
    SentFinal { server_signature: Vec<u8> },
    /// The server proved it knows the password.
    Verified,
}

/// The client side of one SCRAM exchange (RFC 5802 section 3).
#[derive(Debug, Clone)]
pub(crate) struct Scram {
    /// SCRAM-SHA-256 or SCRAM-SHA-1: which hash H() and HMAC() use (RFC 5802 section 2.2).
    mechanism: Mechanism,
    password: Secret,
    client_nonce: String,
    /// `n=<user>,r=<nonce>`, part of the AuthMessage.
    client_first_bare: String,
    stage: Stage,
}

/// RFC 5802 section 5.1 `saslname`: `=` and `,` are escaped as `=3D` and `=2C`.
pub(crate) fn sasl_name(name: &str) -> String {
    name.replace('=', "=3D").replace(',', "=2C")
}

impl Scram {
    pub(crate) fn new(
        mechanism: Mechanism,
        username: &str,
        password: &Secret,
        client_nonce: &str,
    ) -> Result<Self, SaslError> {
        // RFC 5802 section 7: `printable = %x21-2B / %x2D-7E` (no comma).
        let nonce_ok =
            client_nonce.len() >= 16 && client_nonce.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b',');
        if !nonce_ok {
            return Err(SaslError::BadNonce);
        }
        if username.chars().any(char::is_control) {
            return Err(SaslError::InvalidCredential {
                mechanism,
                what: "user name",
                reason: "control character",
            });
        }
        Ok(Self {
            mechanism,
            password: password.clone(),
            client_nonce: client_nonce.to_owned(),
            client_first_bare: format!("n={},r={client_nonce}", sasl_name(username)),
            stage: Stage::Start,
        })
    }

    /// `n,,` (no channel binding, no authzid) followed by client-first-message-bare.
    pub(crate) fn initial_response(&mut self) -> Vec<u8> {
        self.stage = Stage::SentFirst;
        format!("n,,{}", self.client_first_bare).into_bytes()
    }

    pub(crate) fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        match std::mem::replace(&mut self.stage, Stage::Start) {
            Stage::Start if challenge.is_empty() => Ok(self.initial_response()),
            Stage::SentFirst => self.client_final(challenge),
            Stage::SentFinal { server_signature } => {
                self.verify_server_final(challenge, &server_signature)?;
                self.stage = Stage::Verified;
                // RFC 4422 section 5: the server-final arrives as a challenge and is answered with
                // an empty response.
                Ok(Vec::new())
            }
            stage => {
                self.stage = stage;
                Err(SaslError::UnexpectedChallenge { mechanism: self.mechanism })
            }
        }
    }

    /// Handles server-final sent as "additional data with success" (RFC 4422 section 5, IMAP).
    pub(crate) fn finish(&mut self, additional: Option<&[u8]>) -> Result<(), SaslError> {
        match (&self.stage, additional) {
            (Stage::Verified, _) => Ok(()),
            (Stage::SentFinal { server_signature }, Some(data)) => {
                let signature = server_signature.clone();
                self.verify_server_final(data, &signature)?;
                self.stage = Stage::Verified;
                Ok(())
            }
            _ => Err(SaslError::ServerNotVerified),
        }
    }

    fn client_final(&mut self, server_first: &[u8]) -> Result<Vec<u8>, SaslError> {
        let mechanism = self.mechanism;
        let malformed = |reason: &str| malformed(mechanism, reason);
        let server_first = std::str::from_utf8(server_first).map_err(|_| malformed("not UTF-8"))?;
        let mut nonce = None;
        let mut salt = None;
        let mut iterations = None;
        for (i, attribute) in server_first.split(',').enumerate() {
            let (key, value) = attribute.split_once('=').ok_or_else(|| malformed("attribute without '='"))?;
            match key {
                // RFC 5802 section 5.1: a mandatory extension we do not know ends the exchange.
                "m" if i == 0 => return Err(malformed("mandatory extension 'm' is not supported")),
                "e" => return Err(SaslError::ServerError(value.to_owned())),
                "r" => nonce = Some(value),
                "s" => salt = Some(STANDARD.decode(value).map_err(|_| malformed("salt is not base64"))?),
                "i" => iterations = Some(value.parse::<u32>().map_err(|_| malformed("iteration count"))?),
                _ => {}
            }
        }
        let nonce = nonce.ok_or_else(|| malformed("no nonce"))?;
        let salt = salt.ok_or_else(|| malformed("no salt"))?;
        let iterations = iterations.ok_or_else(|| malformed("no iteration count"))?;
        // The combined nonce must extend ours, or the server is replaying an old exchange.
        if !nonce.starts_with(&self.client_nonce) || nonce.len() == self.client_nonce.len() {
            return Err(malformed("the nonce does not start with the client nonce"));
        }
        if nonce.bytes().any(|b| !(0x21..=0x7e).contains(&b) || b == b',') {
            return Err(malformed("the nonce has characters outside 'printable'"));
        }
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
            return Err(malformed(&format!(
                "iteration count {iterations} is outside {MIN_ITERATIONS}..={MAX_ITERATIONS}"
            )));
        }

        // "biws" is base64("n,,"), the GS2 header without channel binding (RFC 5802 section 7).
        let client_final_without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!("{},{server_first},{client_final_without_proof}", self.client_first_bare);

        // Passwords are used as UTF-8 without SASLprep (RFC 4013); for ASCII passwords the two agree.
        let sha1 = self.mechanism == Mechanism::ScramSha1;
        let password = self.password.expose().as_bytes();
        let salted = if sha1 {
            let mut out = [0u8; 20];
            pbkdf2::pbkdf2::<Hmac<Sha1>>(password, &salt, iterations, &mut out)
                .expect("HMAC takes any key length");
            out.to_vec()
        } else {
            let mut out = [0u8; 32];
            pbkdf2::pbkdf2::<Hmac<Sha256>>(password, &salt, iterations, &mut out)
                .expect("HMAC takes any key length");
            out.to_vec()
        };
        let client_key = hmac(sha1, &salted, b"Client Key");
        let stored_key =
            if sha1 { Sha1::digest(&client_key).to_vec() } else { Sha256::digest(&client_key).to_vec() };
        let client_signature = hmac(sha1, &stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = client_key.iter().zip(&client_signature).map(|(k, s)| k ^ s).collect();
        let server_key = hmac(sha1, &salted, b"Server Key");
        let server_signature = hmac(sha1, &server_key, auth_message.as_bytes());

        self.stage = Stage::SentFinal { server_signature };
        Ok(format!("{client_final_without_proof},p={}", STANDARD.encode(proof)).into_bytes())
    }

    fn verify_server_final(&self, server_final: &[u8], expected: &[u8]) -> Result<(), SaslError> {
        let malformed = |reason: &str| malformed(self.mechanism, reason);
        let server_final = std::str::from_utf8(server_final).map_err(|_| malformed("not UTF-8"))?;
        let first = server_final.split(',').next().unwrap_or_default();
        if let Some(error) = first.strip_prefix("e=") {
            return Err(SaslError::ServerError(error.to_owned()));
        }
        let signature = first.strip_prefix("v=").ok_or_else(|| malformed("server-final without 'v='"))?;
        let signature = STANDARD.decode(signature).map_err(|_| malformed("signature is not base64"))?;
        if !constant_time_eq(&signature, expected) {
            return Err(SaslError::ServerSignatureMismatch);
        }
        Ok(())
    }
}

/// HMAC() of RFC 5802 section 2.2 with SHA-1 or SHA-256.
fn hmac(sha1: bool, key: &[u8], data: &[u8]) -> Vec<u8> {
    if sha1 {
        let mut mac = <Hmac<Sha1>>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    } else {
        let mut mac = <Hmac<Sha256>>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
}

/// Compares without an early exit, so timing does not tell a forger how many bytes matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn malformed(mechanism: Mechanism, reason: &str) -> SaslError {
    SaslError::MalformedChallenge { mechanism, reason: reason.to_owned() }
}
