//! A minimal, synchronous IMAP client that checks mailboxes independently of the code under test.
//!
//! It uses std sockets and rustls, sends every command with synchronizing literals where a value is not
//! a plain atom, and knows only what the harness needs: LOGIN, SELECT, APPEND, UID FETCH, UID STORE,
//! LIST, CREATE, DELETE and STARTTLS. It never shares code with posthorn-proto on purpose: a bug there
//! must not be able to hide itself in the checks.

pub mod syntax;

use std::fmt;
use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;

use syntax::{Response, Status, Value};

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

/// A message as `UID FETCH (UID FLAGS BODY.PEEK[])` returns it.
#[derive(Clone, PartialEq, Eq)]
pub struct FetchedMessage {
    /// The message's UID in the selected mailbox.
    pub uid: u32,
    /// Its flags, e.g. `\Seen` or a keyword, as the server spells them.
    pub flags: Vec<String>,
    /// The full message, byte for byte as stored.
    pub raw: Vec<u8>,
}

impl fmt::Debug for FetchedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchedMessage")
            .field("uid", &self.uid)
            .field("flags", &self.flags)
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

enum Transport {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
    /// Left behind while the socket moves into TLS, and if that fails.
    Closed,
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "connection closed after a failed STARTTLS")
}

impl io::Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(stream) => stream.read(buf),
            Transport::Tls(stream) => stream.read(buf),
            Transport::Closed => Err(closed()),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(stream) => stream.write(buf),
            Transport::Tls(stream) => stream.write(buf),
            Transport::Closed => Err(closed()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(stream) => stream.flush(),
            Transport::Tls(stream) => stream.flush(),
            Transport::Closed => Err(closed()),
        }
    }
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

/// Opens a TCP connection with connect, read and write timeouts set.
pub fn connect_tcp(host: &str, port: u16) -> io::Result<TcpStream> {
    let address: SocketAddr = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} does not resolve")))?;
    let stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Starts TLS on `stream`, verifying the server as `host` (a DNS name or an IP address).
pub fn start_tls(
    stream: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| ImapError::InvalidArgument(format!("{host:?} is not a valid TLS server name")))?;
    let mut conn = ClientConnection::new(config, name)?;
    let mut stream = stream;
    // Finish the handshake now, so a certificate problem shows up as such and not as a failed read.
    while conn.is_handshaking() {
        conn.complete_io(&mut stream)?;
    }
    Ok(StreamOwned::new(conn, stream))
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

    /// Lists every mailbox with `LIST "" "*"`.
    pub fn list(&mut self) -> Result<Vec<ListedMailbox>, ImapError> {
        let done = self.command("LIST", &[Part::Text("LIST \"\" \"*\"")])?;
        let mut mailboxes = Vec::new();
        for values in &done.data {
            let Some(keyword) = values.first().and_then(Value::as_atom) else { continue };
            if !keyword.eq_ignore_ascii_case("LIST") {
                continue;
            }
            let malformed = || ImapError::Unexpected {
                command: "LIST".into(),
                detail: format!("malformed LIST: {values:?}"),
            };
            let [_, Value::List(attributes), delimiter, name] = values.as_slice() else {
                return Err(malformed());
            };
            let delimiter = if delimiter.is_nil() {
                None
            } else {
                delimiter.as_bytes().and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.chars().next())
            };
            mailboxes.push(ListedMailbox {
                name: String::from_utf8_lossy(name.as_bytes().ok_or_else(malformed)?).into_owned(),
                delimiter,
                attributes: attributes.iter().filter_map(Value::as_atom).map(str::to_owned).collect(),
            });
        }
        Ok(mailboxes)
    }

    /// Selects `mailbox` read-write and returns its message count (EXISTS).
    pub fn select(&mut self, mailbox: &str) -> Result<u32, ImapError> {
        let done = self.command("SELECT", &[Part::Text("SELECT "), Part::Astring(mailbox.as_bytes())])?;
        let exists = done.data.iter().find_map(|values| match values.as_slice() {
            [count, keyword] if keyword.as_atom().is_some_and(|k| k.eq_ignore_ascii_case("EXISTS")) => {
                count.as_atom().and_then(|n| n.parse().ok())
            }
            _ => None,
        });
        exists.ok_or_else(|| ImapError::Unexpected {
            command: "SELECT".into(),
            detail: "no EXISTS response".into(),
        })
    }

    /// Appends one message and returns its UID from the APPENDUID response code (RFC 4315).
    pub fn append(&mut self, mailbox: &str, message: &[u8]) -> Result<u32, ImapError> {
        let done = self.command(
            "APPEND",
            &[
                Part::Text("APPEND "),
                Part::Astring(mailbox.as_bytes()),
                Part::Text(" "),
                Part::Literal(message),
            ],
        )?;
        let code = done.code.unwrap_or_default();
        let mut words = code.split_ascii_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some(keyword), Some(_validity), Some(uid)) if keyword.eq_ignore_ascii_case("APPENDUID") => {
                uid.parse().map_err(|_| ImapError::Unexpected {
                    command: "APPEND".into(),
                    detail: format!("APPENDUID with a UID that is not a number: {code}"),
                })
            }
            _ => Err(ImapError::Unexpected {
                command: "APPEND".into(),
                detail: format!("tagged OK without APPENDUID: [{code}] {}", done.text),
            }),
        }
    }

    /// Fetches every message of the selected mailbox with `UID FETCH 1:* (UID FLAGS BODY.PEEK[])`.
    ///
    /// PEEK keeps `\Seen` untouched, so checking a mailbox does not change what the app sees.
    pub fn fetch_all(&mut self) -> Result<Vec<FetchedMessage>, ImapError> {
        let done = self.command("UID FETCH", &[Part::Text("UID FETCH 1:* (UID FLAGS BODY.PEEK[])")])?;
        let mut messages = Vec::new();
        for values in &done.data {
            let [_, keyword, Value::List(items)] = values.as_slice() else { continue };
            if !keyword.as_atom().is_some_and(|k| k.eq_ignore_ascii_case("FETCH")) {
                continue;
            }
            messages.push(parse_fetch(items)?);
        }
        messages.sort_by_key(|message| message.uid);
        Ok(messages)
    }

    /// Replaces the flags of one message (`UID STORE uid FLAGS.SILENT (...)`).
    pub fn store_flags(&mut self, uid: u32, flags: &[&str]) -> Result<(), ImapError> {
        for flag in flags {
            if !is_flag(flag) {
                return Err(ImapError::InvalidArgument(format!("{flag:?} is not an IMAP flag")));
            }
        }
        let command = format!("UID STORE {uid} FLAGS.SILENT ({})", flags.join(" "));
        self.command("UID STORE", &[Part::Text(&command)])?;
        Ok(())
    }

    /// Creates a mailbox.
    pub fn create(&mut self, mailbox: &str) -> Result<(), ImapError> {
        self.command("CREATE", &[Part::Text("CREATE "), Part::Astring(mailbox.as_bytes())])?;
        Ok(())
    }

    /// Deletes a mailbox.
    pub fn delete(&mut self, mailbox: &str) -> Result<(), ImapError> {
        self.command("DELETE", &[Part::Text("DELETE "), Part::Astring(mailbox.as_bytes())])?;
        Ok(())
    }

    /// Says LOGOUT and waits for the server's goodbye.
    pub fn logout(mut self) -> Result<(), ImapError> {
        self.command("LOGOUT", &[Part::Text("LOGOUT")])?;
        Ok(())
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

fn is_flag(flag: &str) -> bool {
    let name = flag.strip_prefix('\\').unwrap_or(flag);
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && !b"(){%*\"\\]".contains(&b))
}

fn parse_fetch(items: &[Value]) -> Result<FetchedMessage, ImapError> {
    let malformed = |detail: String| ImapError::Unexpected { command: "UID FETCH".into(), detail };
    let mut uid = None;
    let mut flags = None;
    let mut raw = None;
    for pair in items.chunks(2) {
        let [key, value] = pair else {
            return Err(malformed(format!("odd number of FETCH items: {items:?}")));
        };
        let key = key.as_atom().unwrap_or_default().to_ascii_uppercase();
        match key.as_str() {
            "UID" => uid = value.as_atom().and_then(|n| n.parse::<u32>().ok()),
            "FLAGS" => {
                if let Value::List(list) = value {
                    flags = Some(list.iter().filter_map(Value::as_atom).map(str::to_owned).collect());
                }
            }
            "BODY[]" => {
                if let Value::String(bytes) = value {
                    raw = Some(bytes.clone());
                }
            }
            _ => {}
        }
    }
    match (uid, flags, raw) {
        (Some(uid), Some(flags), Some(raw)) => Ok(FetchedMessage { uid, flags, raw }),
        _ => Err(malformed(format!("FETCH lacks UID, FLAGS or BODY[]: {items:?}"))),
    }
}
