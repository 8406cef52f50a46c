//! Mail sessions: an engine client plus a bridge connection, with errors a person can act on.

pub mod engine_words;
pub mod filing;
pub mod imap;
pub mod lender;
pub mod pop3;
pub mod sieve;
pub mod sign_in;
pub mod smtp;

use posthorn_proto::sasl::{Credentials, Options};
use posthorn_proto::secret::Secret;

use crate::account::ServerSettings;
use posthorn_proto::wire::{CertificateInfo, ErrorCode};

// Where the bridge is lives with the transport (net/bridge_url.rs); re-exported for the views.
pub use crate::net::bridge_url::{bridge_http_url, configured_bridge_url, set_bridge_url};
use crate::net::driver::{ConnectionError, DriveError, Role};
use crate::net::socket::SocketError;

/// Why a mail operation failed, in words for the person using the app.
#[derive(Debug, Clone, PartialEq)]
pub struct MailError {
    /// What happened and what to do.
    pub message: String,
    /// The server's own reply, when there is one.
    pub server_reply: Option<String>,
    /// The certificate the bridge refused, when that is why it failed.
    pub certificate: Option<Box<UntrustedCertificate>>,
}

impl MailError {
    /// An error with only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), server_reply: None, certificate: None }
    }

    /// The message with the server's reply after it in brackets, in no language's words (the
    /// [`Display`](std::fmt::Display) form is the same).
    pub fn with_reply(&self) -> String {
        match &self.server_reply {
            Some(reply) => format!("{} ({reply})", self.message),
            None => self.message.clone(),
        }
    }
}

/// A server certificate the bridge refused, for the person to inspect and perhaps trust.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UntrustedCertificate {
    /// Incoming or outgoing.
    pub role: Role,
    /// `host:port`, the server the certificate would be trusted for.
    pub server: String,
    /// Why the bridge refused it.
    pub code: ErrorCode,
    /// What the server presented.
    pub certificate: CertificateInfo,
}

/// Closes one account's kept session of one kind.
type CloseKept = fn(&str);

thread_local! {
    /// How to close each kind of session kept per account (filing's IMAP one,
    /// `session/filing/kept.rs`; sending's SMTP one, `session/smtp/kept.rs`), named by kind.
    static CLOSE_KEPT: std::cell::RefCell<Vec<(&'static str, CloseKept)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Registers how to close a kind of kept session, by the code that keeps one. That code comes in
/// parts fetched later (`frontend/src/lazy.rs`); the account code that closes sessions is on the
/// first screen and reaches it only through here.
pub fn on_close_kept(kind: &'static str, close: CloseKept) {
    CLOSE_KEPT.with(|c| {
        let mut c = c.borrow_mut();
        if !c.iter().any(|(k, _)| *k == kind) {
            c.push((kind, close));
        }
    });
}

/// Closes every session kept for the account: it was removed or its password changed.
pub fn close_kept(email: &str) {
    let closers = CLOSE_KEPT.with(|c| c.borrow().clone());
    for (_, close) in closers {
        close(email);
    }
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(reply) = &self.server_reply {
            write!(f, " ({reply})")?;
        }
        Ok(())
    }
}

impl From<SocketError> for MailError {
    fn from(e: SocketError) -> Self {
        MailError::new(e.to_string())
    }
}

impl From<ConnectionError> for MailError {
    fn from(e: ConnectionError) -> Self {
        let certificate = match (e.code(), e.certificate()) {
            (Some(code), Some(certificate)) => Some(Box::new(UntrustedCertificate {
                role: e.role,
                server: e.server.clone(),
                code,
                certificate: certificate.clone(),
            })),
            _ => None,
        };
        MailError { certificate, ..MailError::new(e.to_string()) }
    }
}

impl<E: std::fmt::Display> From<DriveError<E>> for MailError {
    fn from(e: DriveError<E>) -> Self {
        match e {
            DriveError::Socket(s) => s.into(),
            DriveError::Protocol(p) => MailError::new(p.to_string()),
        }
    }
}

/// Why a session could not be opened.
#[derive(Debug, Clone)]
pub struct OpenFailure {
    /// What to tell the person.
    pub error: MailError,
    /// The bridge, network or connection failed (not the server refusing).
    pub transport: bool,
    /// The server refused the user name or password (not a temporary refusal), so the password
    /// is to be asked for again rather than tried again.
    pub login_refused: bool,
}

impl OpenFailure {
    /// The bridge, the network or the connection failed.
    pub fn transport(error: impl Into<MailError>) -> Self {
        Self { error: error.into(), transport: true, login_refused: false }
    }
}

/// What SASL needs besides the password for one sign-in to `server`: a fresh SCRAM client nonce
/// (RFC 5802 section 5.1: from a CSPRNG, new for every exchange; without it SCRAM is skipped) and
/// OAUTHBEARER's host and port (RFC 7628 section 3.1).
pub fn sasl_options(server: &ServerSettings) -> Options {
    Options {
        scram_client_nonce: scram_nonce(),
        oauth_host: Some(server.host.clone()),
        oauth_port: Some(server.port),
    }
}

/// What signs in to `server`: the password, or, where the account's sign-in method is OAUTHBEARER
/// or XOAUTH2, the OAuth 2.0 access token the person entered in the password field (RFC 7628).
/// Token mechanisms never get a password, and passwords never go to them.
pub fn credentials(server: &ServerSettings, secret: &Secret) -> Credentials {
    if server.mechanism.is_some_and(|m| m.uses_token()) {
        Credentials::oauth2(server.username.clone(), secret.clone())
    } else {
        Credentials::password(server.username.clone(), secret.clone())
    }
}

/// 24 random bytes from the browser's CSPRNG as 48 hex digits (printable, no comma).
fn scram_nonce() -> Option<String> {
    let mut bytes = [0u8; 24];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
