//! Commands the client sends (RFC 5321 section 4.1), each with its transcript form.

use super::Mailbox;
use crate::transcript::REDACTED;

/// A `MAIL FROM` parameter (RFC 5321 section 4.1.2 `Mail-parameters`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailParameter {
    /// `SIZE=<octets>` (RFC 1870 section 6).
    Size(u64),
    /// `BODY=8BITMIME` (RFC 6152 section 2).
    Body8BitMime,
    /// `SMTPUTF8` (RFC 6531 section 3.4).
    SmtpUtf8,
}

/// A client command. Values inside are validated types, so encoding cannot inject syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `EHLO <domain>` (RFC 5321 section 4.1.1.1).
    Ehlo(String),
    /// `HELO <domain>`.
    Helo(String),
    /// `STARTTLS` (RFC 3207 section 4).
    StartTls,
    /// `AUTH <mechanism> [initial-response]` (RFC 4954 section 4); the response is base64.
    Auth {
        /// Mechanism name.
        mechanism: &'static str,
        /// Base64 initial response (`=` for an empty one).
        initial_response: Option<String>,
    },
    /// A base64 response line to a 334 challenge (RFC 4954 section 4).
    AuthResponse(String),
    /// `MAIL FROM:<reverse-path> [parameters]` (RFC 5321 section 4.1.1.2).
    Mail {
        /// `None` is the null path `<>`.
        from: Option<Mailbox>,
        /// Parameters.
        parameters: Vec<MailParameter>,
    },
    /// `RCPT TO:<forward-path>` (RFC 5321 section 4.1.1.3).
    Rcpt(Mailbox),
    /// `DATA` (RFC 5321 section 4.1.1.4).
    Data,
    /// `RSET` (RFC 5321 section 4.1.1.5).
    Rset,
    /// `NOOP` (RFC 5321 section 4.1.1.9).
    Noop,
    /// `QUIT` (RFC 5321 section 4.1.1.10).
    Quit,
}

impl Command {
    /// The command line without CRLF.
    pub fn line(&self) -> String {
        match self {
            Command::Ehlo(domain) => format!("EHLO {domain}"),
            Command::Helo(domain) => format!("HELO {domain}"),
            Command::StartTls => "STARTTLS".into(),
            Command::Auth { mechanism, initial_response: Some(ir) } => format!("AUTH {mechanism} {ir}"),
            Command::Auth { mechanism, initial_response: None } => format!("AUTH {mechanism}"),
            Command::AuthResponse(response) => response.clone(),
            Command::Mail { from, parameters } => {
                let mut line = format!("MAIL FROM:<{}>", from.as_ref().map(Mailbox::as_str).unwrap_or(""));
                for parameter in parameters {
                    match parameter {
                        MailParameter::Size(size) => line.push_str(&format!(" SIZE={size}")),
                        MailParameter::Body8BitMime => line.push_str(" BODY=8BITMIME"),
                        MailParameter::SmtpUtf8 => line.push_str(" SMTPUTF8"),
                    }
                }
                line
            }
            Command::Rcpt(to) => format!("RCPT TO:<{to}>"),
            Command::Data => "DATA".into(),
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

    /// The transcript form: SASL payloads replaced by [`REDACTED`].
    pub fn transcript(&self) -> String {
        match self {
            Command::Auth { mechanism, initial_response: Some(_) } => format!("AUTH {mechanism} {REDACTED}"),
            Command::AuthResponse(_) => REDACTED.to_owned(),
            other => crate::transcript::printable(other.line().as_bytes()),
        }
    }
}
