//! The browser's one driver loop: it runs any sans-IO client of `posthorn_proto` over a bridge
//! WebSocket, and writes the client's transcript into the protocol log, with a `*` line for the
//! connection's end and why it ended.

use std::cell::RefCell;
use std::pin::pin;

use futures_util::future::{Either, select};

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::transcript::Line;
use posthorn_proto::wire::{CertificateInfo, ErrorCode, TlsInfo};

use crate::account::ServerSettings;
use crate::net::clock;
use crate::net::socket::{BridgeSocket, Opened, SocketError};
use crate::protocol_log::{ConnectionLabel, ProtocolLog};

/// Which of an account's servers a connection goes to, for messages a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// The IMAP or POP3 server.
    Incoming,
    /// The SMTP submission server.
    Outgoing,
}

impl Role {
    /// The role of the server a protocol talks to: SMTP sends, IMAP and POP3 read.
    pub fn of(protocol: &str) -> Self {
        if protocol == "SMTP" { Role::Outgoing } else { Role::Incoming }
    }
}

/// The step of a connection that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reaching the server through the bridge, with the TLS handshake for implicit TLS.
    Connect,
    /// The STARTTLS upgrade (RFC 3207, RFC 2595, RFC 3501 section 6.2.1).
    Starttls,
    /// Reading or writing once the session runs.
    Session,
}

/// A transport failure with the server and the step it happened at.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionError {
    /// Incoming or outgoing.
    pub role: Role,
    /// `host:port`.
    pub server: String,
    /// Where it failed.
    pub step: Step,
    /// What the bridge or the socket said.
    pub error: SocketError,
}

impl std::fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = crate::i18n::t();
        let role = match self.role {
            Role::Incoming => t.role_incoming,
            Role::Outgoing => t.role_outgoing,
        };
        let server = &self.server;
        let tls = matches!(
            &self.error,
            SocketError::Refused {
                code: ErrorCode::Tls
                    | ErrorCode::TlsExpired
                    | ErrorCode::TlsNameMismatch
                    | ErrorCode::TlsUnknownIssuer
                    | ErrorCode::TlsSelfSigned,
                ..
            }
        );
        match (self.step, &self.error) {
            (_, SocketError::BridgeUnreachable(_)) => {
                f.write_str(&(t.connection.conn_bridge_unreachable)(role, server))
            }
            (_, SocketError::Refused { code: ErrorCode::TlsPinMismatch, .. }) => {
                f.write_str(&(t.connection.conn_pin_changed)(role, server))
            }
            (_, SocketError::Refused { code: ErrorCode::PinningDisabled, .. }) => {
                f.write_str(&(t.connection.conn_pinning_disabled)(role, server))
            }
            (Step::Connect, _) if tls => f.write_str(&(t.connection.conn_tls_failed)(role, server)),
            (Step::Connect, _) => f.write_str(&(t.connection.conn_failed)(role, server)),
            (Step::Starttls, _) => f.write_str(&(t.connection.conn_starttls_failed)(role, server)),
            (_, SocketError::Silent(_)) => f.write_str(&(t.connection.conn_silent)(role, server)),
            (Step::Session, _) => f.write_str(&(t.connection.conn_broke)(role, server)),
        }?;
        write!(f, " {}", self.error)
    }
}

impl ConnectionError {
    /// The certificate the server presented, when the bridge refused it.
    pub fn certificate(&self) -> Option<&CertificateInfo> {
        match &self.error {
            SocketError::Refused { certificate, .. } => certificate.as_deref(),
            _ => None,
        }
    }

    /// The bridge's error code, when it refused.
    pub fn code(&self) -> Option<ErrorCode> {
        match &self.error {
            SocketError::Refused { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// Why a driven session stopped.
#[derive(Debug)]
pub enum DriveError<E> {
    /// The transport failed (bridge, WebSocket or upstream).
    Socket(ConnectionError),
    /// The protocol client ended the session.
    Protocol(E),
}

impl<E: std::fmt::Display> std::fmt::Display for DriveError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DriveError::Socket(e) => e.fmt(f),
            DriveError::Protocol(e) => e.fmt(f),
        }
    }
}

/// A mail connection through the bridge, with its transcript going to the protocol log.
pub struct Connection {
    socket: BridgeSocket,
    label: ConnectionLabel,
    log: ProtocolLog,
    role: Role,
    server: String,
    /// Why the connection ended, once it has; `None` while it is open. Every connection gets
    /// exactly one `* closed: …` line in the log.
    closed: RefCell<Option<String>>,
    /// The TLS session's details, once there is one.
    pub tls: Option<TlsInfo>,
}

impl Connection {
    /// Opens a connection to `server` through the bridge at `ws_url`, with the certificate the
    /// person trusted for it, if any.
    pub async fn open(
        ws_url: &str,
        settings: &ServerSettings,
        token: Option<String>,
        label: ConnectionLabel,
        log: ProtocolLog,
    ) -> Result<Self, ConnectionError> {
        let role = Role::of(label.protocol);
        let (host, port, security) = (&settings.host, settings.port, settings.security.wire());
        let server = format!("{host}:{port}");
        let pin = settings.pin_sha256.clone();
        let trusted = match &pin {
            Some(pin) => format!(", trusting only the certificate {pin}"),
            None => String::new(),
        };
        log.push(
            &label,
            Line::note(format!("connecting to {host}:{port} ({security:?}) via {ws_url}{trusted}")),
        );
        match BridgeSocket::open(ws_url, host, port, security, token, pin).await {
            Ok((socket, Opened { peer, tls })) => {
                let note = match &tls {
                    Some(t) => {
                        format!("connected to {peer}, {} {}, certificate {}", t.version, t.cipher, t.subject)
                    }
                    None => format!("connected to {peer} (plain TCP)"),
                };
                log.push(&label, Line::note(note));
                Ok(Connection { socket, label, log, role, server, closed: RefCell::new(None), tls })
            }
            Err(error) => {
                let error = ConnectionError { role, server, step: Step::Connect, error };
                log.push(&label, Line::note(format!("closed: {error}")));
                Err(error)
            }
        }
    }

    fn failed(&self, step: Step, error: SocketError) -> ConnectionError {
        let error = ConnectionError { role: self.role, server: self.server.clone(), step, error };
        self.closed_because(&error.to_string());
        error
    }

    /// Writes the one `* closed: <reason>` line of this connection, unless it is written already.
    fn closed_because(&self, reason: &str) {
        let mut closed = self.closed.borrow_mut();
        if closed.is_none() {
            *closed = Some(reason.to_owned());
            self.log.push(&self.label, Line::note(format!("closed: {reason}")));
        }
    }

    /// Opens a connection to one of an account's servers through the configured bridge, labelled
    /// for the protocol log.
    pub async fn to_server(
        account: &str,
        server: &ServerSettings,
        protocol: &'static str,
        log: ProtocolLog,
    ) -> Result<Self, ConnectionError> {
        let label = log.new_connection(account, protocol);
        let ws_url = crate::net::bridge_url::bridge_ws_url();
        Self::open(&ws_url, server, None, label, log).await
    }

    /// Runs `client` until it reports an event or fails: write what it outputs, read when it needs
    /// input, upgrade to TLS when it asks. The engine is told the time before each step; while it
    /// waits for input, a timer for its next deadline runs beside the read, so a silent server
    /// ends the session (as a transport failure: the connection is to be replaced) and a long
    /// IDLE is renewed (RFC 2177 section 3).
    pub async fn next_event<C: Client>(&mut self, client: &mut C) -> Result<C::Event, DriveError<C::Error>>
    where
        C::Error: std::fmt::Display,
    {
        let mut input: Option<Vec<u8>> = None;
        loop {
            let now = clock::now();
            // A deadline that has passed is why an error would come now: the server was silent.
            let due = client.next_deadline().is_some_and(|deadline| now >= deadline);
            client.handle_timeout(now);
            if let Some(bytes) = input.take() {
                client.enqueue_input(&bytes);
            }
            let step = client.next();
            for line in client.drain_transcript() {
                self.log.push(&self.label, line);
            }
            match step {
                Ok(event) => return Ok(event),
                Err(Interrupt::Io(Io::Output(bytes))) => {
                    self.socket.send(&bytes).map_err(|e| DriveError::Socket(self.failed(Step::Session, e)))?
                }
                Err(Interrupt::Io(Io::NeedMoreInput)) => {
                    let read = match client.next_deadline() {
                        None => self.socket.recv().await,
                        Some(deadline) => {
                            let wait = clock::sleep(deadline.saturating_duration_since(now));
                            match select(pin!(self.socket.recv()), pin!(wait)).await {
                                Either::Left((read, _)) => read,
                                // Time to tell the engine the time.
                                Either::Right(((), _)) => continue,
                            }
                        }
                    };
                    input = Some(read.map_err(|e| DriveError::Socket(self.failed(Step::Session, e)))?);
                }
                Err(Interrupt::Io(Io::StartTls)) => {
                    let info = self
                        .socket
                        .starttls()
                        .await
                        .map_err(|e| DriveError::Socket(self.failed(Step::Starttls, e)))?;
                    self.log.push(
                        &self.label,
                        Line::note(format!(
                            "TLS established: {} {}, certificate {}",
                            info.version, info.cipher, info.subject
                        )),
                    );
                    self.tls = Some(info);
                    client.tls_established();
                }
                Err(Interrupt::Error(e)) if due => {
                    // The server went silent: to the person, and to the callers that reconnect,
                    // this is the connection failing.
                    let error = self.failed(Step::Session, SocketError::Silent(e.to_string()));
                    self.socket.close();
                    return Err(DriveError::Socket(error));
                }
                Err(Interrupt::Error(e)) => {
                    // The engine ends the session on such an error; the socket closes when the
                    // connection is dropped, and this is the reason.
                    self.closed_because(&format!("the {} session ended: {e}", self.label.protocol));
                    return Err(DriveError::Protocol(e));
                }
            }
        }
    }

    /// Closes the connection once the session is over (after LOGOUT, QUIT, or a failure the caller
    /// handled).
    pub fn close(&self) {
        self.closed_because("Posthorn ended the session");
        self.socket.close();
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // A session dropped without close() (the view moved on, a sign-in was refused).
        self.closed_because("Posthorn no longer needed the connection");
    }
}
