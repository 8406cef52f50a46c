//! SASL (RFC 4422) client mechanisms, the policy that picks one, and the APOP digest (RFC 1939).
//!
//! A mechanism is a small state machine over raw bytes: an optional initial response (sent with the
//! command where the protocol allows it, RFC 4954 section 4 / RFC 5034 section 4 / RFC 4959), then one
//! response per server challenge. The protocol clients do the base64 framing and the redaction; the
//! mechanisms never see the wire.
//!
//! ```
//! use posthorn_proto::sasl::{Authenticator, Credentials, Mechanism, Options};
//! let credentials = Credentials::password("user", "pencil");
//! let mut plain = Authenticator::new(Mechanism::Plain, &credentials, &Options::default()).unwrap();
//! assert_eq!(plain.initial_response().unwrap(), b"\0user\0pencil");
//! ```

mod apop;
mod authenticator;
mod cram_md5;
mod credentials;
mod error;
mod login;
mod mechanism;
mod oauthbearer;
mod plain;
mod policy;
mod scram;
mod xoauth2;

pub use apop::apop_digest;
pub use authenticator::{Authenticator, Options};
pub use credentials::Credentials;
pub use error::SaslError;
pub use mechanism::Mechanism;
pub use policy::Policy;
