//! The browser's one driver loop: it runs any sans-IO client of `posthorn_proto` over a bridge
//! WebSocket, and writes the client's transcript into the protocol log.

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::transcript::Line;
use posthorn_proto::wire::{Security, TlsInfo};

use crate::net::socket::{BridgeSocket, Opened, SocketError};
use crate::protocol_log::{ConnectionLabel, ProtocolLog};

/// Why a driven session stopped.
#[derive(Debug)]
pub enum DriveError<E> {
    /// The transport failed (bridge, WebSocket or upstream).
    Socket(SocketError),
    /// The protocol client ended the session.
    Protocol(E),
}

impl<E> From<SocketError> for DriveError<E> {
    fn from(e: SocketError) -> Self {
        DriveError::Socket(e)
    }
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
    /// The TLS session's details, once there is one.
    pub tls: Option<TlsInfo>,
}

impl Connection {
    /// Opens a connection to `host:port` through the bridge at `ws_url`.
    pub async fn open(
        ws_url: &str,
        host: &str,
        port: u16,
        security: Security,
        token: Option<String>,
        label: ConnectionLabel,
        log: ProtocolLog,
    ) -> Result<Self, SocketError> {
        log.push(&label, Line::note(format!("connecting to {host}:{port} ({security:?}) via {ws_url}")));
        match BridgeSocket::open(ws_url, host, port, security, token).await {
            Ok((socket, Opened { peer, tls })) => {
                let note = match &tls {
                    Some(t) => {
                        format!("connected to {peer}, {} {}, certificate {}", t.version, t.cipher, t.subject)
                    }
                    None => format!("connected to {peer} (plain TCP)"),
                };
                log.push(&label, Line::note(note));
                Ok(Connection { socket, label, log, tls })
            }
            Err(e) => {
                log.push(&label, Line::note(format!("failed: {e}")));
                Err(e)
            }
        }
    }

    /// Opens a connection to one of an account's servers through the configured bridge, labelled
    /// for the protocol log.
    pub async fn to_server(
        account: &str,
        server: &crate::account::ServerSettings,
        protocol: &'static str,
        log: ProtocolLog,
    ) -> Result<Self, SocketError> {
        let label = log.new_connection(account, protocol);
        let ws_url = crate::session::bridge_ws_url();
        Self::open(&ws_url, &server.host, server.port, server.security.wire(), None, label, log).await
    }

    /// Runs `client` until it reports an event or fails: write what it outputs, read when it needs
    /// input, upgrade to TLS when it asks.
    pub async fn next_event<C: Client>(&mut self, client: &mut C) -> Result<C::Event, DriveError<C::Error>> {
        loop {
            let step = client.next();
            for line in client.drain_transcript() {
                self.log.push(&self.label, line);
            }
            match step {
                Ok(event) => return Ok(event),
                Err(Interrupt::Io(Io::Output(bytes))) => self.socket.send(&bytes)?,
                Err(Interrupt::Io(Io::NeedMoreInput)) => {
                    let bytes = match self.socket.recv().await {
                        Ok(b) => b,
                        Err(e) => {
                            self.log.push(&self.label, Line::note(format!("connection ended: {e}")));
                            return Err(e.into());
                        }
                    };
                    client.enqueue_input(&bytes);
                }
                Err(Interrupt::Io(Io::StartTls)) => {
                    let info = self.socket.starttls().await?;
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
                Err(Interrupt::Error(e)) => return Err(DriveError::Protocol(e)),
            }
        }
    }

    /// Closes the connection.
    pub fn close(&self) {
        self.log.push(&self.label, Line::note("closed"));
        self.socket.close();
    }
}
