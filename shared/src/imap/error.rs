//! What can go wrong, for the session as a whole or for one command.

/// Why a command failed or the session ended.
///
/// Every message says what happened and what to do next; where the server said something, its
/// text and response code (RFC 3501 section 7.1) are attached so that a person can look them up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server sent something that is not IMAP (RFC 3501 section 9). The bytes are summarised,
    /// control characters escaped.
    #[error(
        "the server sent a response the client cannot read ({summary}); this is a server or network fault, try again or report it to the provider"
    )]
    Malformed {
        /// A printable excerpt of the offending bytes.
        summary: String,
    },
    /// The server closed the session with BYE (RFC 3501 section 7.1.5).
    #[error("the server closed the connection: {text}; try again later")]
    Bye {
        /// The server's text.
        text: String,
        /// The response code, if any (e.g. `UNAVAILABLE`).
        code: Option<String>,
    },
    /// A command ended with NO (RFC 3501 section 7.1.2).
    #[error("the server refused {command}: {text}{}; {}", code_suffix(code), refusal_hint(code, text))]
    No {
        /// The command name, e.g. `LOGIN`.
        command: String,
        /// The server's text.
        text: String,
        /// The response code, e.g. `AUTHENTICATIONFAILED` (RFC 5530) or `TRYCREATE`.
        code: Option<String>,
    },
    /// A command ended with BAD (RFC 3501 section 7.1.3).
    #[error("the server did not understand {command}: {text}{}; {}", code_suffix(code), hint(code, true))]
    Bad {
        /// The command name.
        command: String,
        /// The server's text.
        text: String,
        /// The response code, if any.
        code: Option<String>,
    },
    /// The account requires TLS but the server does not offer STARTTLS (or pre-authenticated
    /// the session before it could be protected). Nothing was sent in plain text.
    #[error(
        "the server does not offer STARTTLS, but this account requires an encrypted connection; nothing was sent. Use port 993 (IMAPS) or ask the provider; this can also mean someone is tampering with the connection"
    )]
    TlsRequired,
    /// The server sent bytes after its STARTTLS go-ahead and before the TLS handshake: an
    /// injection attack (RFC 2595 section 3.1, CVE-2011-0411 style).
    #[error(
        "the server sent data before the encrypted connection was set up; the session was ended because this is how an injection attack looks. Try again; if it persists, the network is not trustworthy"
    )]
    StartTlsInjection,
    /// The server advertises LOGINDISABLED (RFC 3501 section 6.2.3).
    #[error(
        "the server does not accept LOGIN here (LOGINDISABLED); use STARTTLS or another authentication method"
    )]
    LoginDisabled,
    /// A line from the server exceeded the configured limit.
    #[error(
        "the server sent a line longer than {limit} bytes; the session was ended to protect memory. Raise the limit if this server is trusted"
    )]
    LineTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// The server announced a literal larger than the configured limit; nothing was buffered.
    #[error(
        "the server announced {announced} bytes, more than the limit of {limit}; the session was ended to protect memory. Fetch smaller parts or raise the limit"
    )]
    LiteralTooLarge {
        /// What the server announced.
        announced: u64,
        /// The limit in bytes.
        limit: u32,
    },
    /// A whole response (lines and literals) exceeded the configured limit.
    #[error("the server sent a response larger than {limit} bytes; the session was ended to protect memory")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A value given to a command cannot be sent safely (e.g. a NUL byte in a password; see
    /// ARCHITECTURE.md, *User input never becomes protocol syntax*).
    #[error("{what} cannot be sent: {reason}")]
    InvalidArgument {
        /// Which value.
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// The server lacks a capability the command needs.
    #[error("the server does not support {capability}; this command cannot be used with it")]
    NotSupported {
        /// The missing capability, e.g. `IDLE`.
        capability: &'static str,
    },
    /// The command is not valid in the session's current state (RFC 3501 section 3).
    #[error("{command} cannot be used now ({state}); {hint}")]
    WrongState {
        /// The command.
        command: &'static str,
        /// The session state.
        state: &'static str,
        /// What to do.
        hint: &'static str,
    },
    /// The SASL exchange failed on the client side or was refused by the policy (RFC 4422
    /// section 3).
    #[error(transparent)]
    Sasl(#[from] crate::sasl::SaslError),
    /// The server said nothing for the whole reply timeout while the client waited for it
    /// ([`Config::timeouts`](crate::imap::Config::timeouts)). The session is over: the
    /// connection is to be replaced by a new one.
    #[error(
        "the server did not answer {step} for {seconds} seconds, so the connection was given up; connect again, and if it keeps happening the server or the network is down"
    )]
    Timeout {
        /// What the client was waiting for: `the greeting` or the command, e.g. `SELECT`.
        step: String,
        /// How long it waited.
        seconds: u64,
    },
    /// The session ended before this command completed.
    #[error("the connection ended before the command completed; reconnect and try again")]
    Aborted,
}

impl Error {
    /// Whether this is the server refusing the credentials of a LOGIN or AUTHENTICATE, so that
    /// asking the person for the password again is the remedy. A refusal coded as temporary or
    /// about something else (`UNAVAILABLE`, `INUSE`, `PRIVACYREQUIRED`, `CONTACTADMIN`, RFC 5530)
    /// is not: the same password may work later or over another connection. An uncoded NO is,
    /// as most servers send no code with a wrong password.
    pub fn refuses_credentials(&self) -> bool {
        let Error::No { command, code, .. } = self else { return false };
        if !matches!(command.to_ascii_uppercase().as_str(), "LOGIN" | "AUTHENTICATE") {
            return false;
        }
        let code = code.as_deref().unwrap_or("").to_ascii_uppercase();
        matches!(
            code.split_whitespace().next().unwrap_or(""),
            "" | "AUTHENTICATIONFAILED" | "AUTHORIZATIONFAILED" | "EXPIRED"
        )
    }
}

fn code_suffix(code: &Option<String>) -> String {
    code.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default()
}

/// What a person can do about a refusal (NO): by the server's text where a provider says more
/// there than in a response code, else by the code.
fn refusal_hint(code: &Option<String>, text: &str) -> &'static str {
    let lower = text.to_ascii_lowercase();
    if lower.contains("basic auth") && (lower.contains("disabled") || lower.contains("blocked")) {
        // Exchange Online and Microsoft 365 tenants that turned off passwords for IMAP
        // (shared/tests/quirks_office365.rs); they still accept an OAuth 2.0 token (RFC 7628).
        return "this provider no longer accepts a password here: choose XOAUTH2 or OAUTHBEARER as \
                the sign-in method and enter an OAuth access token in the password field, or ask the \
                administrator to allow IMAP sign-in with a password";
    }
    hint(code, false)
}

/// What a person can do about a failed command, by response code (RFC 3501 section 7.1,
/// RFC 5530).
fn hint(code: &Option<String>, bad: bool) -> &'static str {
    let code = code.as_deref().unwrap_or("").to_ascii_uppercase();
    let name = code.split_whitespace().next().unwrap_or("");
    match name {
        "AUTHENTICATIONFAILED" => "check the user name and password",
        "AUTHORIZATIONFAILED" => "this user may not act as the requested identity",
        "EXPIRED" => "the password or account has expired; renew it with the provider",
        "PRIVACYREQUIRED" => "use an encrypted connection",
        "CONTACTADMIN" => "contact the provider's administrator",
        "NOPERM" => "you lack the permission for this; ask the mailbox owner",
        "INUSE" => "the mailbox is busy; try again shortly",
        "OVERQUOTA" => "the mailbox is full; delete messages or ask for more space",
        "ALREADYEXISTS" => "choose another name",
        "NONEXISTENT" | "TRYCREATE" => "the mailbox does not exist; create it first",
        "LIMIT" => "a server limit was reached; try a smaller request",
        "UNAVAILABLE" => "the server is temporarily unavailable; try again later",
        "SERVERBUG" => "the server failed; report it to the provider",
        "CANNOT" => "the server cannot do this with this mailbox",
        "TOOBIG" => "the message is too large for this server",
        _ if bad => "this is probably a client bug; please report it with the protocol log",
        _ => "see the server's message",
    }
}
