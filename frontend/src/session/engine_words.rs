//! Engine errors in the person's language. The engine (shared/) words its errors in English for
//! logs and tests; what a person reads is chosen here by the error's kind from the tables in
//! frontend/src/i18n (`err_*`), and the server's own words (an IMAP `NO` text with its response
//! code, RFC 3501 section 7.1; an SMTP reply, RFC 5321 section 4.2; a POP3 `-ERR` line, RFC 1939
//! section 3) travel beside it unchanged in [`MailError::server_reply`]. Kinds the tables have no
//! sentence for (a fault of the client's own, a limit) get a general sentence with the engine's
//! English as the detail. Refused sign-ins have their own wording (session/sign_in.rs).

use posthorn_proto::imap::Error as ImapError;
use posthorn_proto::managesieve::{Error as SieveError, Response as SieveResponse};
use posthorn_proto::pop3::{Error as Pop3Error, Response};
use posthorn_proto::smtp::{Error as SmtpError, ReplyError};

use crate::i18n::t;
use crate::net::driver::Role;
use crate::session::MailError;

fn error(message: impl Into<String>, server_reply: Option<String>) -> MailError {
    MailError { server_reply, ..MailError::new(message) }
}

/// An IMAP command's failure.
pub fn imap(e: &ImapError) -> MailError {
    let with_code = |text: &str, code: &Option<String>| match code {
        Some(code) => format!("[{code}] {text}"),
        None => text.to_owned(),
    };
    match e {
        ImapError::No { command, text, code } => {
            error(with_hint((t().engine.err_refused)(command), code, text), Some(with_code(text, code)))
        }
        ImapError::Bad { command, text, code } => {
            error((t().engine.err_not_understood)(command), Some(with_code(text, code)))
        }
        ImapError::Bye { text, code } => error(t().engine.err_closed, Some(with_code(text, code))),
        ImapError::Malformed { summary } => error(t().engine.err_unreadable, Some(summary.clone())),
        ImapError::TlsRequired => error(t().engine.err_no_encryption, None),
        ImapError::StartTlsInjection => error(t().engine.err_injection, None),
        ImapError::Timeout { step, seconds } => error((t().engine.err_timeout)(step, *seconds), None),
        ImapError::Aborted => error(t().engine.err_aborted, None),
        other => error(t().engine.err_other, Some(engine_text(other))),
    }
}

/// The sentence and what to do about the response code (RFC 5530 section 3), where the table
/// says something. Microsoft 365 refuses passwords with a plain NO whose text says so
/// (shared/tests/quirks_office365.rs); an OAuth token is what it wants then (RFC 7628).
fn with_hint(sentence: String, code: &Option<String>, text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let hint = if lower.contains("basic auth") && (lower.contains("disabled") || lower.contains("blocked")) {
        Some(t().engine.err_password_not_accepted)
    } else {
        let code = code.as_deref().unwrap_or_default().to_ascii_uppercase();
        (t().engine.err_code_hint)(code.split_whitespace().next().unwrap_or_default())
    };
    match hint {
        Some(hint) => format!("{sentence} {hint}"),
        None => sentence,
    }
}

/// An SMTP session's failure at `server` (`host:port`, as the connection errors name a server,
/// frontend/src/net/driver.rs).
pub fn smtp(server: &str, e: &SmtpError) -> MailError {
    let (sentence, reply) = match e {
        SmtpError::Reply(ReplyError::Malformed(line)) => {
            (t().engine.err_unreadable.to_owned(), Some(line.clone()))
        }
        SmtpError::Reply(_) => (t().engine.err_unreadable.to_owned(), None),
        SmtpError::GreetingRefused(reply) | SmtpError::ServiceClosing(reply) => {
            (t().engine.err_busy.to_owned(), Some(reply.to_string()))
        }
        SmtpError::HelloRefused(reply) => ((t().engine.err_refused)("EHLO"), Some(reply.to_string())),
        SmtpError::UnexpectedReply { expected, reply } => {
            ((t().engine.err_not_understood)(expected), Some(reply.to_string()))
        }
        SmtpError::StartTlsNotOffered => (t().engine.err_no_encryption.to_owned(), None),
        SmtpError::StartTlsRefused(reply) => {
            (t().engine.err_encryption_refused.to_owned(), Some(reply.to_string()))
        }
        SmtpError::PlaintextAfterStartTls(_) => (t().engine.err_injection.to_owned(), None),
        SmtpError::AuthNotOffered => (t().engine.err_no_sign_in.to_owned(), None),
        SmtpError::Timeout { step, seconds } => ((t().engine.err_timeout)(step, *seconds), None),
        other => (t().engine.err_other.to_owned(), Some(engine_text(other))),
    };
    error((t().engine.err_at_server)(role(Role::Outgoing), server, &sentence), reply)
}

/// A POP3 session's failure (sign-in refusals aside).
pub fn pop3(e: &Pop3Error) -> MailError {
    match e {
        Pop3Error::Malformed(line) => error(t().engine.err_unreadable, Some(line.0.clone())),
        Pop3Error::Line(_) => error(t().engine.err_unreadable, None),
        Pop3Error::GreetingRefused(response) => error(t().engine.err_busy, Some(response.to_string())),
        Pop3Error::StlsNotOffered => error(t().engine.err_no_encryption, None),
        Pop3Error::StlsRefused(response) => {
            error(t().engine.err_encryption_refused, Some(response.to_string()))
        }
        Pop3Error::PlaintextAfterStls(_) => error(t().engine.err_injection, None),
        Pop3Error::NoAuthMethod => error(t().engine.err_no_sign_in, None),
        Pop3Error::Timeout { step, seconds } => error((t().engine.err_timeout)(step, *seconds), None),
        other => error(t().engine.err_other, Some(engine_text(other))),
    }
}

/// A POP3 command the server answered with `-ERR`.
pub fn pop3_refused(command: &str, response: &Response) -> MailError {
    error((t().engine.err_refused)(command), Some(response.to_string()))
}

/// A ManageSieve session's failure (sign-in refusals aside).
pub fn sieve(e: &SieveError) -> MailError {
    match e {
        SieveError::Frame(_) => error(t().engine.err_unreadable, Some(engine_text(e))),
        SieveError::GreetingRefused(response) => error(t().engine.err_busy, Some(response.to_string())),
        SieveError::StartTlsNotOffered => error(t().engine.err_no_encryption, None),
        SieveError::StartTlsRefused(response) => {
            error(t().engine.err_encryption_refused, Some(response.to_string()))
        }
        SieveError::PlaintextAfterStartTls(_) => error(t().engine.err_injection, None),
        SieveError::Timeout { step, seconds } => error((t().engine.err_timeout)(step, *seconds), None),
        other => error(t().engine.err_other, Some(engine_text(other))),
    }
}

/// A ManageSieve command the server answered with `NO`.
pub fn sieve_refused(command: &str, response: &SieveResponse) -> MailError {
    error((t().engine.err_refused)(command), Some(response.to_string()))
}

fn role(role: Role) -> &'static str {
    match role {
        Role::Incoming => t().role_incoming,
        Role::Outgoing => t().role_outgoing,
    }
}

/// The engine's own English, first letter capitalised, as the detail of a general sentence.
fn engine_text(e: &impl std::fmt::Display) -> String {
    let mut text = e.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn the_servers_words_stay_apart_from_the_sentence() {
        let e = imap(&ImapError::No {
            command: "CREATE".into(),
            text: "Mailbox exists".into(),
            code: Some("ALREADYEXISTS".into()),
        });
        assert_eq!(e.message, "The server refused CREATE. Choose another name.");
        assert_eq!(e.server_reply.as_deref(), Some("[ALREADYEXISTS] Mailbox exists"));
        let e = smtp("mail.example:465", &SmtpError::Reply(ReplyError::Malformed("* OK IMAP ready".into())));
        assert!(
            e.message.starts_with("At the outgoing server mail.example:465: The server sent an answer"),
            "{e:?}"
        );
        assert_eq!(e.server_reply.as_deref(), Some("* OK IMAP ready"));
    }
}
