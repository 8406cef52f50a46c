//! What the caller asks of a ManageSieve session (RFC 5804 section 2) and what it reports.

use crate::sasl::{self, Credentials, Mechanism, Policy};
use crate::security::TlsMode;
use crate::time::Timeouts;

use super::Response;

/// The account settings the client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Implicit TLS, required STARTTLS (the usual for port 4190), or plain.
    pub tls: TlsMode,
    /// Who signs in.
    pub credentials: Credentials,
    /// Which mechanism, and whether a password may travel unencrypted.
    pub policy: Policy,
    /// The SCRAM nonce.
    pub sasl: sasl::Options,
    /// Longest line accepted, literals aside.
    pub max_line: usize,
    /// Largest literal accepted (a script).
    pub max_literal: usize,
    /// How long the server may stay silent while the client waits for a response.
    pub timeouts: Timeouts,
}

impl Config {
    /// Defaults for the given TLS mode and credentials.
    pub fn new(tls: TlsMode, credentials: Credentials) -> Self {
        Self {
            tls,
            credentials,
            policy: Policy::default(),
            sasl: sasl::Options::default(),
            max_line: 64 * 1024,
            max_literal: 4 * 1024 * 1024,
            timeouts: Timeouts::default(),
        }
    }
}

/// What the server said it can do (RFC 5804 section 1.7).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// `IMPLEMENTATION`.
    pub implementation: Option<String>,
    /// `SASL`: the mechanisms, uppercase.
    pub sasl: Vec<String>,
    /// `SIEVE`: the Sieve extensions, lowercase (`fileinto`, `vacation`).
    pub sieve: Vec<String>,
    /// `STARTTLS`.
    pub starttls: bool,
    /// `MAXREDIRECTS`.
    pub max_redirects: Option<u32>,
}

impl Capabilities {
    /// Whether the server's Sieve has `extension`.
    pub fn has_extension(&self, extension: &str) -> bool {
        self.sieve.iter().any(|e| e.eq_ignore_ascii_case(extension))
    }
}

/// A request once signed in; the greeting, STARTTLS and AUTHENTICATE are the client's own steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `LISTSCRIPTS` ([`Event::Scripts`]).
    ListScripts,
    /// `GETSCRIPT name` ([`Event::Script`]).
    GetScript(String),
    /// `PUTSCRIPT name script`: stores it after the server checked it ([`Event::Done`]).
    PutScript {
        /// The script's name.
        name: String,
        /// Its text.
        script: String,
    },
    /// `CHECKSCRIPT script`: only checks it ([`Event::Done`]).
    CheckScript(String),
    /// `SETACTIVE name`; the empty name switches every script off ([`Event::Done`]).
    SetActive(String),
    /// `DELETESCRIPT name` ([`Event::Done`]).
    DeleteScript(String),
    /// `LOGOUT` ([`Event::Closed`]).
    Logout,
}

impl Request {
    /// The command's keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            Request::ListScripts => "LISTSCRIPTS",
            Request::GetScript(_) => "GETSCRIPT",
            Request::PutScript { .. } => "PUTSCRIPT",
            Request::CheckScript(_) => "CHECKSCRIPT",
            Request::SetActive(_) => "SETACTIVE",
            Request::DeleteScript(_) => "DELETESCRIPT",
            Request::Logout => "LOGOUT",
        }
    }

    /// The script name it carries, if any, and whether it may be empty.
    pub(super) fn name(&self) -> Option<(&str, bool)> {
        match self {
            Request::GetScript(name) | Request::DeleteScript(name) | Request::PutScript { name, .. } => {
                Some((name, false))
            }
            Request::SetActive(name) => Some((name, true)),
            _ => None,
        }
    }
}

/// Identifies a request in the event that answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// One script on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptEntry {
    /// Its name.
    pub name: String,
    /// Whether it is the one that runs on arriving mail.
    pub active: bool,
}

/// What the client reports through [`crate::engine::Client::next`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The capabilities on the connection as it stays (after STARTTLS when used).
    Ready {
        /// What the server can do.
        capabilities: Capabilities,
        /// Whether the connection is encrypted.
        encrypted: bool,
    },
    /// Signed in.
    Authenticated {
        /// With which mechanism.
        mechanism: Mechanism,
    },
    /// `LISTSCRIPTS`' answer.
    Scripts {
        /// The request.
        id: RequestId,
        /// Every script.
        scripts: Vec<ScriptEntry>,
    },
    /// `GETSCRIPT`'s answer.
    Script {
        /// The request.
        id: RequestId,
        /// The script's text.
        text: String,
    },
    /// `OK` to PUTSCRIPT, CHECKSCRIPT, SETACTIVE or DELETESCRIPT.
    Done {
        /// The request.
        id: RequestId,
        /// The server's warnings about the script (`OK (WARNINGS)`, section 1.3).
        warnings: Option<String>,
    },
    /// `NO` to a request: the session goes on.
    Refused {
        /// The request.
        id: RequestId,
        /// The server's answer (a script's errors are in its text).
        response: Response,
    },
    /// `LOGOUT` answered; the session is over.
    Closed {
        /// The request.
        id: RequestId,
    },
}

impl Event {
    /// The request this event answers, if it answers one.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Event::Scripts { id, .. }
            | Event::Script { id, .. }
            | Event::Done { id, .. }
            | Event::Refused { id, .. }
            | Event::Closed { id } => Some(*id),
            Event::Ready { .. } | Event::Authenticated { .. } => None,
        }
    }
}
