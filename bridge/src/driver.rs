//! The host driver for the engine's sans-IO clients: one small loop that feeds bytes from a
//! TCP/TLS stream into a [`Client`] and carries out what it asks for.
//!
//! Account discovery and the engine's integration tests (against real Dovecot and Postfix) use
//! it; the browser has the same loop over a bridge WebSocket.

use std::convert::Infallible;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::time::Moment;
use posthorn_proto::transcript::{Entry, Line};
use posthorn_proto::wire::{Security, TlsInfo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::stream::Stream;
use crate::tls::TlsFailure;

pub use crate::tls::tls_config;

/// How long the driver waits for the server before giving up on a read, by default.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the driver stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DriverError<E = Infallible> {
    /// Connecting, reading or writing failed.
    #[error("connection error: {0}")]
    Io(#[from] io::Error),
    /// The server did not answer in time.
    #[error("the server did not answer within {0:?}")]
    Timeout(Duration),
    /// The server closed the connection while the client was waiting for it.
    #[error("the server closed the connection")]
    Closed,
    /// The TLS handshake failed.
    #[error(transparent)]
    Tls(#[from] TlsFailure),
    /// The protocol client reported an error.
    #[error("protocol error: {0}")]
    Protocol(E),
}

impl DriverError {
    /// Widens a connection-stage error to a driver error for any protocol error type.
    pub fn widen<E>(self) -> DriverError<E> {
        match self {
            DriverError::Io(e) => DriverError::Io(e),
            DriverError::Timeout(d) => DriverError::Timeout(d),
            DriverError::Closed => DriverError::Closed,
            DriverError::Tls(t) => DriverError::Tls(t),
            DriverError::Protocol(never) => match never {},
        }
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// One connection to a mail server, driven for a sans-IO client.
#[derive(Debug)]
pub struct Connection {
    stream: Stream,
    host: String,
    tls: Arc<rustls::ClientConfig>,
    id: u64,
    transcript: Vec<Entry>,
    read_timeout: Duration,
    /// The epoch of the engine's clock for this connection (see `posthorn_proto::time`).
    started: tokio::time::Instant,
    // Boxed so that the connection stays small; 16 KiB is one TLS record.
    buf: Box<[u8]>,
}

impl Connection {
    /// Resolves `host`, connects to the first address that answers (with `read_timeout` as the
    /// connect timeout) and, for [`Security::Tls`], performs the TLS handshake. No policy is
    /// applied here: callers facing untrusted input go through [`crate::upstream`] first and use
    /// [`Connection::from_stream`].
    pub async fn connect(
        host: &str,
        port: u16,
        security: Security,
        tls: Arc<rustls::ClientConfig>,
    ) -> Result<Self, DriverError> {
        let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let connect = async {
            let mut last = io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address"));
            for addr in tokio::net::lookup_host((bare, port)).await? {
                match TcpStream::connect(addr).await {
                    Ok(tcp) => return Ok(tcp),
                    Err(e) => last = e,
                }
            }
            Err(last)
        };
        let tcp = tokio::time::timeout(DEFAULT_READ_TIMEOUT, connect)
            .await
            .map_err(|_| DriverError::Timeout(DEFAULT_READ_TIMEOUT))??;
        tcp.set_nodelay(true)?;
        let stream = match security {
            Security::Plain => Stream::Plain(tcp),
            Security::Tls => Stream::Tls(Box::new(crate::tls::handshake(tcp, bare, tls.clone()).await?)),
        };
        Ok(Self::from_stream(stream, bare, tls))
    }

    /// Wraps an already connected stream (TLS server name `host`).
    pub fn from_stream(stream: Stream, host: &str, tls: Arc<rustls::ClientConfig>) -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let mut conn = Connection {
            stream,
            host: host.to_owned(),
            tls,
            id,
            transcript: Vec::new(),
            read_timeout: DEFAULT_READ_TIMEOUT,
            started: tokio::time::Instant::now(),
            buf: vec![0; 16 * 1024].into_boxed_slice(),
        };
        let how = if conn.stream.is_plain() { "plain TCP" } else { "TLS" };
        conn.note(format!("connected to {host} ({how})"));
        conn
    }

    /// Sets how long one read may wait for the server, whatever the engine's own deadlines.
    pub fn set_read_timeout(&mut self, timeout: Duration) {
        self.read_timeout = timeout;
    }

    /// The connection's id in transcript entries.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The TLS details, once TLS is up.
    pub fn tls_info(&self) -> Option<TlsInfo> {
        self.stream.tls_info()
    }

    /// Everything said on this connection so far, stamped.
    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }

    /// Now on the engine's clock: milliseconds since the connection was made.
    fn now(&self) -> Moment {
        Moment::from_millis(u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX))
    }

    /// Runs the client until it produces its next event, doing the I/O it asks for. The engine
    /// is told the time before each step, and a read waits no longer than its next deadline (a
    /// silent server then ends the session with the engine's timeout error) nor than the read
    /// timeout.
    pub async fn next_event<C: Client>(&mut self, client: &mut C) -> Result<C::Event, DriverError<C::Error>> {
        loop {
            let now = self.now();
            client.handle_timeout(now);
            let step = client.next();
            self.stamp(client.drain_transcript());
            match step {
                Ok(event) => return Ok(event),
                Err(Interrupt::Error(e)) => return Err(DriverError::Protocol(e)),
                Err(Interrupt::Io(Io::Output(bytes))) => {
                    self.stream.write_all(&bytes).await?;
                    self.stream.flush().await?;
                }
                Err(Interrupt::Io(Io::NeedMoreInput)) => {
                    let engine_wait = client.next_deadline().map(|d| d.saturating_duration_since(now));
                    let wait = engine_wait.map_or(self.read_timeout, |w| w.min(self.read_timeout));
                    let read = tokio::time::timeout(wait, self.stream.read(&mut self.buf)).await;
                    let n = match read {
                        Ok(n) => n?,
                        // The engine's deadline: it decides what the silence means.
                        Err(_) if engine_wait.is_some_and(|w| w <= self.read_timeout) => continue,
                        Err(_) => return Err(DriverError::Timeout(self.read_timeout)),
                    };
                    client.handle_timeout(self.now());
                    if n == 0 {
                        self.note("the server closed the connection".into());
                        return Err(DriverError::Closed);
                    }
                    client.enqueue_input(&self.buf[..n]);
                }
                Err(Interrupt::Io(Io::StartTls)) => {
                    let info = self.stream.start_tls(&self.host, self.tls.clone()).await?;
                    self.note(format!("TLS established: {} {}", info.version, info.cipher));
                    client.tls_established();
                }
            }
        }
    }

    /// Closes the connection (TLS close_notify first, where there is TLS).
    pub async fn shutdown(&mut self) -> io::Result<()> {
        self.stream.shutdown().await
    }

    fn note(&mut self, text: String) {
        self.stamp(vec![Line::note(text)]);
    }

    fn stamp(&mut self, lines: Vec<Line>) {
        if lines.is_empty() {
            return;
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
        self.transcript.extend(lines.into_iter().map(|line| Entry::stamp(line, self.id, now)));
    }
}
