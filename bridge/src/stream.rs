//! A TCP connection to a mail server that may be upgraded to TLS in place (STARTTLS).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use posthorn_proto::wire::TlsInfo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::tls::{self, TlsFailure};

/// Plain TCP or TLS over TCP.
#[derive(Debug)]
pub enum Stream {
    /// Plain TCP (before STARTTLS, or a plain session).
    Plain(TcpStream),
    /// TLS over TCP. Boxed: the TLS state is large and most of a session's life is spent here.
    Tls(Box<TlsStream<TcpStream>>),
    /// Left behind by a failed upgrade; every operation fails.
    Closed,
}

impl Stream {
    /// Upgrades a plain stream to TLS in place and returns the session details. Bytes the server
    /// sent before its TLS handshake that are still unread become part of the handshake and make
    /// it fail, which is what an injected plaintext reply deserves.
    pub async fn start_tls(
        &mut self,
        host: &str,
        config: Arc<rustls::ClientConfig>,
    ) -> Result<TlsInfo, TlsFailure> {
        let tcp = match std::mem::replace(self, Stream::Closed) {
            Stream::Plain(tcp) => tcp,
            other => {
                *self = other;
                return Err(TlsFailure::other(
                    posthorn_proto::wire::ErrorCode::Tls,
                    "the connection is already using TLS",
                ));
            }
        };
        let tls = tls::handshake(tcp, host, config).await?;
        let info = tls::info(tls.get_ref().1);
        *self = Stream::Tls(Box::new(tls));
        Ok(info)
    }

    /// Like [`Stream::start_tls`] for a browser's connection: the certificate is checked against
    /// `trust`, or must be exactly the pinned one (see [`tls::handshake_pinned`]).
    pub async fn start_tls_pinned(
        &mut self,
        host: &str,
        trust: &tls::Trust,
        pin: Option<[u8; 32]>,
    ) -> Result<TlsInfo, TlsFailure> {
        let tcp = match std::mem::replace(self, Stream::Closed) {
            Stream::Plain(tcp) => tcp,
            other => {
                *self = other;
                return Err(TlsFailure::other(
                    posthorn_proto::wire::ErrorCode::Tls,
                    "the connection is already using TLS",
                ));
            }
        };
        let tls = tls::handshake_pinned(tcp, host, trust, pin).await?;
        let info = tls::info(tls.get_ref().1);
        *self = Stream::Tls(Box::new(tls));
        Ok(info)
    }

    /// The TLS details, if this is a TLS stream.
    pub fn tls_info(&self) -> Option<TlsInfo> {
        match self {
            Stream::Tls(tls) => Some(tls::info(tls.get_ref().1)),
            _ => None,
        }
    }

    /// Whether the stream is plain TCP.
    pub fn is_plain(&self) -> bool {
        matches!(self, Stream::Plain(_))
    }
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "the connection was closed after a failed TLS upgrade")
}

impl AsyncRead for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            Stream::Closed => Poll::Ready(Err(closed())),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
            Stream::Closed => Poll::Ready(Err(closed())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            Stream::Closed => Poll::Ready(Ok(())),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            Stream::Closed => Poll::Ready(Ok(())),
        }
    }
}
