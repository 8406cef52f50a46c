//! POP3 commands (RFC 1939 sections 4-7, RFC 2449, RFC 2595, RFC 5034) and their transcript form.

use crate::{secret::Secret, transcript::REDACTED};

/// A client command. Arguments are checked before a `Command` is built, so none contains CR, LF
/// or NUL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `CAPA` (RFC 2449 section 5).
    Capa,
    /// `STLS` (RFC 2595 section 4).
    Stls,
    /// `USER name` (RFC 1939 section 7).
    User(String),
    /// `PASS string` (RFC 1939 section 7).
    Pass(Secret),
    /// `APOP name digest` (RFC 1939 section 7).
    Apop {
        /// The mailbox name.
        name: String,
        /// The hex MD5 digest (secret: it lets an observer test password guesses offline).
        digest: Secret,
    },
    /// `AUTH mechanism [initial-response]` (RFC 5034 section 4).
    Auth {
        /// Mechanism name.
        mechanism: &'static str,
        /// Base64 initial response.
        initial_response: Option<String>,
    },
    /// A base64 response line during AUTH.
    AuthResponse(String),
    /// `STAT` (RFC 1939 section 5).
    Stat,
    /// `LIST [msg]`.
    List(Option<u32>),
    /// `UIDL [msg]` (RFC 1939 section 7).
    Uidl(Option<u32>),
    /// `RETR msg`.
    Retr(u32),
    /// `TOP msg n` (RFC 1939 section 7).
    Top(u32, u32),
    /// `DELE msg`.
    Dele(u32),
    /// `RSET`.
    Rset,
    /// `NOOP`.
    Noop,
    /// `QUIT` (sections 4 and 6).
    Quit,
}

impl Command {
    /// The command line without CRLF.
    pub fn line(&self) -> String {
        match self {
            Command::Capa => "CAPA".into(),
            Command::Stls => "STLS".into(),
            Command::User(name) => format!("USER {name}"),
            Command::Pass(password) => format!("PASS {}", password.expose()),
            Command::Apop { name, digest } => format!("APOP {name} {}", digest.expose()),
            Command::Auth { mechanism, initial_response: Some(ir) } => format!("AUTH {mechanism} {ir}"),
            Command::Auth { mechanism, initial_response: None } => format!("AUTH {mechanism}"),
            Command::AuthResponse(response) => response.clone(),
            Command::Stat => "STAT".into(),
            Command::List(None) => "LIST".into(),
            Command::List(Some(n)) => format!("LIST {n}"),
            Command::Uidl(None) => "UIDL".into(),
            Command::Uidl(Some(n)) => format!("UIDL {n}"),
            Command::Retr(n) => format!("RETR {n}"),
            Command::Top(n, lines) => format!("TOP {n} {lines}"),
            Command::Dele(n) => format!("DELE {n}"),
            Command::Rset => "RSET".into(),
            Command::Noop => "NOOP".into(),
            Command::Quit => "QUIT".into(),
        }
    }

    /// The bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.line().into_bytes();
        bytes.extend_from_slice(b"\r\n");
        bytes
    }

    /// The transcript form: passwords, digests and SASL payloads replaced by [`REDACTED`].
    pub fn transcript(&self) -> String {
        match self {
            Command::Pass(_) => format!("PASS {REDACTED}"),
            Command::Apop { name, .. } => {
                format!("APOP {} {REDACTED}", crate::transcript::printable(name.as_bytes()))
            }
            Command::Auth { mechanism, initial_response: Some(_) } => format!("AUTH {mechanism} {REDACTED}"),
            Command::AuthResponse(_) => REDACTED.to_owned(),
            other => crate::transcript::printable(other.line().as_bytes()),
        }
    }

    /// The command's keyword, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            Command::Capa => "CAPA",
            Command::Stls => "STLS",
            Command::User(_) => "USER",
            Command::Pass(_) => "PASS",
            Command::Apop { .. } => "APOP",
            Command::Auth { .. } => "AUTH",
            Command::AuthResponse(_) => "AUTH",
            Command::Stat => "STAT",
            Command::List(_) => "LIST",
            Command::Uidl(_) => "UIDL",
            Command::Retr(_) => "RETR",
            Command::Top(..) => "TOP",
            Command::Dele(_) => "DELE",
            Command::Rset => "RSET",
            Command::Noop => "NOOP",
            Command::Quit => "QUIT",
        }
    }
}
