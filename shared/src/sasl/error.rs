//! Why an authentication exchange could not go on.

use thiserror::Error;

use super::Mechanism;

/// A typed SASL failure; the protocol clients wrap it in their own error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SaslError {
    /// The only mechanisms left would send the password (or token) readable on an unencrypted
    /// connection, and the account does not allow that.
    #[error(
        "refusing to send the password with {mechanism} over an unencrypted connection; use TLS \
         (or allow unencrypted passwords for this account if you really mean it)"
    )]
    PlaintextRefused {
        /// The mechanism that would have been used.
        mechanism: String,
    },
    /// The server offers no mechanism this client can use with these credentials.
    #[error("the server offers no sign-in method Posthorn can use with this account (it offers: {offered})")]
    NoCommonMechanism {
        /// The mechanisms the server offered, space separated.
        offered: String,
    },
    /// The mechanism needs another kind of credential (a password instead of a token or back).
    #[error("{mechanism} needs {needs}, but the account has none")]
    WrongCredentials {
        /// The mechanism.
        mechanism: Mechanism,
        /// What it needs, for a person.
        needs: &'static str,
    },
    /// A user name, password or token contains a byte the mechanism uses as a separator.
    #[error("the {what} contains a character {mechanism} cannot carry ({reason})")]
    InvalidCredential {
        /// The mechanism.
        mechanism: Mechanism,
        /// Which value.
        what: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// SCRAM needs a client nonce from the driver and none (or an unusable one) was given.
    #[error("SCRAM needs a random client nonce of printable characters other than ','")]
    BadNonce,
    /// The server's challenge is not what the mechanism allows.
    #[error("the server sent a malformed {mechanism} challenge: {reason}")]
    MalformedChallenge {
        /// The mechanism.
        mechanism: Mechanism,
        /// What was wrong.
        reason: String,
    },
    /// The server sent a challenge when the exchange was already over.
    #[error("the server sent an unexpected {mechanism} challenge")]
    UnexpectedChallenge {
        /// The mechanism.
        mechanism: Mechanism,
    },
    /// The server did not prove it knows the password (SCRAM server signature, RFC 5802 section 3).
    #[error("the server's SCRAM signature is wrong: it may not be the server you think it is")]
    ServerSignatureMismatch,
    /// The server reported success before proving it knows the password.
    #[error("the server reported success without proving it knows the password (SCRAM)")]
    ServerNotVerified,
    /// The server sent an error inside the mechanism (SCRAM `e=`, the OAuth JSON status).
    #[error("the server refused the sign-in: {0}")]
    ServerError(String),
    /// The challenge was not valid base64.
    #[error("the server sent a challenge that is not valid base64")]
    Base64,
}
