//! What an account signs in with.

use crate::secret::Secret;

/// The secret an account authenticates with. The user name is not secret; the password and the
/// token are [`Secret`]s so they never reach a log by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A user name (SASL authentication identity, RFC 4422 section 2) and a password.
    Password {
        /// The authentication identity.
        username: String,
        /// The password.
        password: Secret,
    },
    /// A user name and an OAuth 2.0 access token (RFC 7628).
    OAuth2 {
        /// The user the token was issued for.
        username: String,
        /// The bearer token.
        token: Secret,
    },
}

impl Credentials {
    /// Password credentials.
    pub fn password(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credentials::Password { username: username.into(), password: password.into() }
    }

    /// OAuth 2.0 token credentials.
    pub fn oauth2(username: impl Into<String>, token: impl Into<Secret>) -> Self {
        Credentials::OAuth2 { username: username.into(), token: token.into() }
    }

    /// The user name.
    pub fn username(&self) -> &str {
        match self {
            Credentials::Password { username, .. } | Credentials::OAuth2 { username, .. } => username,
        }
    }

    /// The password, if these are password credentials.
    pub fn password_secret(&self) -> Option<&Secret> {
        match self {
            Credentials::Password { password, .. } => Some(password),
            Credentials::OAuth2 { .. } => None,
        }
    }

    /// The token, if these are token credentials.
    pub fn token(&self) -> Option<&Secret> {
        match self {
            Credentials::OAuth2 { token, .. } => Some(token),
            Credentials::Password { .. } => None,
        }
    }
}
