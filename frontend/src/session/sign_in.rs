//! A sign-in the server refused, as a typed value the views word in the person's language
//! (frontend/src/i18n/text.rs `sign_in_wrong_password`, `sign_in_refused`), whatever the
//! protocol. The server's own reply travels beside it, unchanged, in `MailError::server_reply`.

use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::net::driver::Role;
use crate::session::MailError;

/// Why a server refused to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The user name or password is wrong: IMAP `NO [AUTHENTICATIONFAILED]` or a plain `NO`
    /// (RFC 5530 section 3), SMTP 535 (RFC 4954 section 6), POP3 `-ERR` without a response code
    /// or with `[AUTH]` (RFC 3206 section 4). The password is to be entered again.
    Credentials,
    /// Something else: an account locked or not allowed, a temporary failure, a mechanism the
    /// server will not take. Entering the password again will not help.
    Other,
}

/// A refused sign-in at one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInFailed {
    /// Incoming (IMAP, POP3) or outgoing (SMTP).
    pub role: Role,
    /// `host:port`, as the connection errors name a server (frontend/src/net/driver.rs).
    pub server: String,
    /// Why.
    pub refusal: Refusal,
}

impl SignInFailed {
    /// The sentence a person reads, in the app's language.
    pub fn message(&self) -> String {
        let role = match self.role {
            Role::Incoming => t().role_incoming,
            Role::Outgoing => t().role_outgoing,
        };
        match self.refusal {
            Refusal::Credentials => (t().sign_in_wrong_password)(role, &self.server),
            Refusal::Other => (t().sign_in_refused)(role, &self.server),
        }
    }

    /// As a [`MailError`], with the server's reply (its own words, not translated) beside it.
    pub fn into_error(self, server_reply: Option<String>) -> MailError {
        MailError { server_reply, ..MailError::new(self.message()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn each_refusal_names_the_server_and_what_to_do() {
        let wrong = SignInFailed {
            role: Role::Outgoing,
            server: "mail.example:465".into(),
            refusal: Refusal::Credentials,
        };
        let text = wrong.message();
        assert!(text.contains("outgoing server mail.example:465") && text.contains("password"), "{text}");
        let other = SignInFailed { refusal: Refusal::Other, role: Role::Incoming, ..wrong };
        let text = other.clone().into_error(Some("[UNAVAILABLE] try later".into())).to_string();
        assert!(text.contains("incoming server mail.example:465") && text.contains("try later"), "{text}");
        assert!(!text.contains("probably wrong"), "{text}");
    }
}
