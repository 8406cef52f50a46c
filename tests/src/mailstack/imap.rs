//! A minimal, synchronous IMAP client that checks mailboxes independently of the code under test.
//!
//! It uses std sockets and rustls, sends every command with synchronizing literals where a value is not
//! a plain atom, and knows only what the harness needs: LOGIN, SELECT, APPEND, UID FETCH, UID STORE,
//! LIST, CREATE, DELETE and STARTTLS. It never shares code with posthorn-proto on purpose: a bug there
//! must not be able to hide itself in the checks.

mod commands;
pub mod syntax;
mod transport;

use std::fmt;
use std::io::{self, BufReader, Write};
use std::sync::Arc;
use std::time::Duration;

use rustls::ClientConfig;

use syntax::{Response, Status, Value};
use transport::Transport;
pub use transport::{connect_tcp, start_tls};

/// How long one socket read or write may block before the client gives up.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// What went wrong talking IMAP to the test server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImapError {
    /// The connection failed, timed out or was closed.
    #[error("connection to the IMAP server failed: {0}")]
    Io(#[from] io::Error),
    /// The TLS handshake or record layer failed.
    #[error("TLS with the IMAP server failed: {0}")]
    Tls(#[from] rustls::Error),
    /// The server answered NO or BAD (or BYE) to a command.
    #[error("server answered {command} with {status:?}: {text}")]
    Rejected {
        /// The command name only; arguments (passwords among them) stay out of error messages.
        command: String,
        /// NO, BAD or BYE.
        status: Status,
        /// The response code and text as the server sent them.
        text: String,
    },
    /// The server sent something this client cannot use.
    #[error("unexpected response to {command}: {detail}")]
    Unexpected {
        /// The command name.
        command: String,
        /// What was wrong, with an excerpt of the response.
        detail: String,
    },
    /// A caller-supplied value cannot be sent safely.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

/// One piece of a command: text sent as is, or a value sent as a synchronizing literal.
#[derive(Clone)]
pub enum Part<'a> {
    /// Command syntax (tag excluded), sent verbatim.
    Text(&'a str),
    /// A value sent as `{N}` + CRLF, the server's `+`, then the bytes (RFC 3501 section 4.3).
    Literal(&'a [u8]),
    /// A value (a mailbox name) sent as a quoted string when it is plain printable ASCII, else as a
    /// literal: user-supplied text never becomes command syntax.
    Astring(&'a [u8]),
}

impl fmt::Debug for Part<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Text(text) => write!(f, "{text:?}"),
            Part::Literal(bytes) => write!(f, "{{{}}}", bytes.len()),
            Part::Astring(bytes) => write!(f, "{:?}", String::from_utf8_lossy(bytes)),
        }
    }
}

/// The outcome of a command that completed with OK.
#[derive(Debug, Clone)]
pub struct Completion {
    /// Untagged data responses received while the command ran, in order.
    pub data: Vec<Vec<Value>>,
    /// Untagged status responses (`* OK [UIDVALIDITY 3] ...`) as (code, text).
    pub untagged_status: Vec<(Option<String>, String)>,
    /// The response code of the tagged OK (`APPENDUID 17 4`), if any.
    pub code: Option<String>,
    /// The text of the tagged OK.
    pub text: String,
}

/// A message as `UID FETCH (UID FLAGS INTERNALDATE BODY.PEEK[])` returns it.
#[derive(Clone, PartialEq, Eq)]
pub struct FetchedMessage {
    /// The message's UID in the selected mailbox.
    pub uid: u32,
    /// Its flags, e.g. `\Seen` or a keyword, as the server spells them.
    pub flags: Vec<String>,
    /// The full message, byte for byte as stored.
    pub raw: Vec<u8>,
    /// When the server says it arrived, as it writes it (`20-Apr-2001 20:18:00 -0400`, RFC 3501
    /// section 2.3.3).
    pub internal_date: String,
}

impl fmt::Debug for FetchedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchedMessage")
            .field("uid", &self.uid)
            .field("flags", &self.flags)
            .field("internal_date", &self.internal_date)
            .field("raw", &String::from_utf8_lossy(&self.raw[..self.raw.len().min(300)]))
            .field("len", &self.raw.len())
            .finish()
    }
}

/// A mailbox as `LIST "" "*"` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedMailbox {
    /// The name as the server sent it (modified UTF-7 for non-ASCII names, RFC 3501 section 5.1.3).
    pub name: String,
    /// The hierarchy delimiter, `None` for a flat namespace.
    pub delimiter: Option<char>,
    /// Attributes such as `\HasNoChildren` or special-use ones like `\Sent` (RFC 6154).
    pub attributes: Vec<String>,
}

/// A synchronous IMAP connection to the test Dovecot.
pub struct ImapClient {
    conn: BufReader<Transport>,
    greeting: String,
    next_tag: u32,
}

impl fmt::Debug for ImapClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapClient").field("greeting", &self.greeting).finish_non_exhaustive()
    }
}

impl ImapClient {
    /// Connects with implicit TLS (IMAPS, RFC 8314) and reads the greeting.
    pub fn connect_tls(host: &str, port: u16, config: Arc<ClientConfig>) -> Result<Self, ImapError> {
        let tls = start_tls(connect_tcp(host, port)?, host, config)?;
        Self::after_connect(Transport::Tls(Box::new(tls)))
    }

    /// Connects in plain text and reads the greeting, without starting TLS.
    pub fn connect_plain(host: &str, port: u16) -> Result<Self, ImapError> {
        Self::after_connect(Transport::Plain(connect_tcp(host, port)?))
    }

    /// Connects in plain text, then upgrades with STARTTLS (RFC 3501 section 6.2.1).
    pub fn connect_starttls(host: &str, port: u16, config: Arc<ClientConfig>) -> Result<Self, ImapError> {
        let mut client = Self::connect_plain(host, port)?;
        client.starttls(host, config)?;
        Ok(client)
    }

    fn after_connect(transport: Transport) -> Result<Self, ImapError> {
        let mut client = ImapClient { conn: BufReader::new(transport), greeting: String::new(), next_tag: 1 };
        let raw = syntax::read_response(&mut client.conn)?;
        match syntax::parse_response(&raw)? {
            Response::Status { tag: None, status: Status::Ok | Status::Preauth, code, text } => {
                client.greeting = match code {
                    Some(code) => format!("[{code}] {text}"),
                    None => text,
                };
                Ok(client)
            }
            _ => Err(ImapError::Unexpected { command: "greeting".into(), detail: syntax::excerpt(&raw) }),
        }
    }

    /// The greeting's response code and text, e.g. `[CAPABILITY IMAP4rev1 ...] Dovecot ready.`.
    pub fn greeting(&self) -> &str {
        &self.greeting
    }

    /// Upgrades a plain connection with STARTTLS.
    pub fn starttls(&mut self, host: &str, config: Arc<ClientConfig>) -> Result<(), ImapError> {
        if !matches!(self.conn.get_ref(), Transport::Plain(_)) {
            return Err(ImapError::InvalidArgument("STARTTLS on a connection that is not plain text".into()));
        }
        self.command("STARTTLS", &[Part::Text("STARTTLS")])?;
        // Bytes that arrived after the OK but before TLS would be an injection (CVE-2011-0411 style);
        // a correct server sends none, so any is an error here.
        if !self.conn.buffer().is_empty() {
            return Err(ImapError::Unexpected {
                command: "STARTTLS".into(),
                detail: "plaintext data followed the OK".into(),
            });
        }
        let Transport::Plain(stream) =
            std::mem::replace(&mut self.conn, BufReader::new(Transport::Closed)).into_inner()
        else {
            return Err(ImapError::InvalidArgument("STARTTLS on a connection that is not plain text".into()));
        };
        self.conn = BufReader::new(Transport::Tls(Box::new(start_tls(stream, host, config)?)));
        Ok(())
    }

    /// Logs in with LOGIN, sending user and password as literals so no character needs quoting.
    pub fn login(&mut self, user: &str, password: &str) -> Result<(), ImapError> {
        self.command(
            "LOGIN",
            &[
                Part::Text("LOGIN "),
                Part::Literal(user.as_bytes()),
                Part::Text(" "),
                Part::Literal(password.as_bytes()),
            ],
        )?;
        Ok(())
    }

    /// Runs one command and collects its responses; a NO or BAD becomes [`ImapError::Rejected`].
    ///
    /// `name` labels errors; `parts` are everything after the tag and before the final CRLF.
    pub fn command(&mut self, name: &str, parts: &[Part<'_>]) -> Result<Completion, ImapError> {
        let tag = format!("t{}", self.next_tag);
        self.next_tag += 1;
        let mut completion =
            Completion { data: Vec::new(), untagged_status: Vec::new(), code: None, text: String::new() };

        let mut pending = format!("{tag} ").into_bytes();
        for part in parts {
            match part {
                Part::Text(text) => {
                    if text.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                        return Err(ImapError::InvalidArgument(format!(
                            "{name}: command text contains CR, LF or NUL"
                        )));
                    }
                    pending.extend_from_slice(text.as_bytes());
                }
                Part::Astring(bytes) if quotable(bytes) => {
                    pending.push(b'"');
                    pending.extend_from_slice(bytes);
                    pending.push(b'"');
                }
                Part::Literal(bytes) | Part::Astring(bytes) => {
                    pending.extend_from_slice(format!("{{{}}}\r\n", bytes.len()).as_bytes());
                    self.send(&pending)?;
                    pending.clear();
                    // The server may refuse the literal (tagged NO/BAD) instead of sending "+".
                    if let Some(done) = self.await_continuation(name, &tag, &mut completion)? {
                        return done.map(|()| completion);
                    }
                    pending.extend_from_slice(bytes);
                }
            }
        }
        pending.extend_from_slice(b"\r\n");
        self.send(&pending)?;
        loop {
            let raw = syntax::read_response(&mut self.conn)?;
            if let Some(done) = self.absorb(name, &tag, &raw, &mut completion)? {
                return done.map(|()| completion);
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), ImapError> {
        let transport = self.conn.get_mut();
        transport.write_all(bytes)?;
        transport.flush()?;
        Ok(())
    }

    fn await_continuation(
        &mut self,
        name: &str,
        tag: &str,
        completion: &mut Completion,
    ) -> Result<Option<Result<(), ImapError>>, ImapError> {
        loop {
            let raw = syntax::read_response(&mut self.conn)?;
            if let Response::Continuation(_) = syntax::parse_response(&raw)? {
                return Ok(None);
            }
            if let Some(done) = self.absorb(name, tag, &raw, completion)? {
                return Ok(Some(done.and_then(|()| {
                    Err(ImapError::Unexpected {
                        command: name.into(),
                        detail: "command completed before its literal was sent".into(),
                    })
                })));
            }
        }
    }

    /// Files one response into `completion`; returns `Some` once the tagged completion arrived.
    fn absorb(
        &mut self,
        name: &str,
        tag: &str,
        raw: &[u8],
        completion: &mut Completion,
    ) -> Result<Option<Result<(), ImapError>>, ImapError> {
        match syntax::parse_response(raw)? {
            Response::Data(values) => completion.data.push(values),
            Response::Status { tag: None, status: Status::Bye, code, text } => {
                // BYE precedes the tagged OK of LOGOUT; anywhere else the server is hanging up.
                if !name.eq_ignore_ascii_case("LOGOUT") {
                    return Ok(Some(Err(ImapError::Rejected {
                        command: name.into(),
                        status: Status::Bye,
                        text: with_code(code, text),
                    })));
                }
            }
            Response::Status { tag: None, code, text, .. } => completion.untagged_status.push((code, text)),
            Response::Status { tag: Some(got), status, code, text } => {
                if got != tag {
                    return Err(ImapError::Unexpected {
                        command: name.into(),
                        detail: format!("completion for tag {got}, expected {tag}"),
                    });
                }
                if status != Status::Ok {
                    return Ok(Some(Err(ImapError::Rejected {
                        command: name.into(),
                        status,
                        text: with_code(code, text),
                    })));
                }
                completion.code = code;
                completion.text = text;
                return Ok(Some(Ok(())));
            }
            Response::Continuation(_) => {
                return Err(ImapError::Unexpected {
                    command: name.into(),
                    detail: format!("continuation request nobody asked for: {}", syntax::excerpt(raw)),
                });
            }
        }
        Ok(None)
    }
}

/// Whether `bytes` can go out as a quoted string (RFC 3501 section 9, `quoted`) without escapes.
fn quotable(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

fn with_code(code: Option<String>, text: String) -> String {
    match code {
        Some(code) => format!("[{code}] {text}"),
        None => text,
    }
}
