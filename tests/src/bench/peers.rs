//! The far ends of the relay benchmarks, on loopback: a sink that counts what it is sent, a
//! source that sends what it is asked for, an echo server and a greeter that speaks first like
//! an IMAP server. Each listens twice: plain TCP and TLS (a certificate from the throwaway CA).
//!
//! The protocols are the smallest that let a client time a transfer through any relay:
//! - sink: the client sends an 8-byte big-endian length N, then N bytes; the sink answers `K`.
//! - source: the client sends N and W (8 bytes each); the source writes N bytes in writes of W.
//! - echo: every byte read is written back.
//! - greeter: writes one IMAP-like greeting line, then reads and discards until EOF.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::mailstack::TestCa;

/// The greeting the greeter sends.
pub const GREETING: &[u8] = b"* OK [CAPABILITY IMAP4rev1] posthorn-bench ready\r\n";

/// What a peer does with a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Counts bytes, acknowledges.
    Sink,
    /// Sends bytes on request.
    Source,
    /// Echoes.
    Echo,
    /// Greets, then holds the connection.
    Greeter,
}

/// The ports of every peer.
#[derive(Debug, Clone, Copy)]
pub struct PeerPorts {
    /// `(plain, tls)` for each role.
    pub sink: (u16, u16),
    /// Source.
    pub source: (u16, u16),
    /// Echo.
    pub echo: (u16, u16),
    /// Greeter.
    pub greeter: (u16, u16),
}

impl PeerPorts {
    /// The `(plain, tls)` ports of a role.
    pub fn of(&self, role: Role) -> (u16, u16) {
        match role {
            Role::Sink => self.sink,
            Role::Source => self.source,
            Role::Echo => self.echo,
            Role::Greeter => self.greeter,
        }
    }

    /// Every port, for the bridge's `--allow-port`.
    pub fn all(&self) -> Vec<u16> {
        [self.sink, self.source, self.echo, self.greeter].iter().flat_map(|(a, b)| [*a, *b]).collect()
    }
}

/// A TLS acceptor with the CA's server certificate (valid for 127.0.0.1 and localhost).
pub fn acceptor(ca: &TestCa) -> Result<TlsAcceptor, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain =
        vec![CertificateDer::from_pem_slice(ca.server_cert_pem.as_bytes()).map_err(|e| e.to_string())?];
    let key = PrivateKeyDer::from_pem_slice(ca.server_key_pem.as_bytes()).map_err(|e| e.to_string())?;
    let config =
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| e.to_string())?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Starts every peer on the current tokio runtime; they run until the runtime ends.
pub async fn start(tls: TlsAcceptor) -> std::io::Result<PeerPorts> {
    let mut ports = Vec::new();
    for role in [Role::Sink, Role::Source, Role::Echo, Role::Greeter] {
        let plain = listen(role, None).await?;
        let secure = listen(role, Some(tls.clone())).await?;
        ports.push((plain, secure));
    }
    Ok(PeerPorts { sink: ports[0], source: ports[1], echo: ports[2], greeter: ports[3] })
}

async fn listen(role: Role, tls: Option<TlsAcceptor>) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                // Out of descriptors: back off rather than spin.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            };
            let _ = tcp.set_nodelay(true);
            let tls = tls.clone();
            tokio::spawn(async move {
                match tls {
                    None => {
                        let _ = serve(role, tcp).await;
                    }
                    Some(acceptor) => {
                        if let Ok(stream) = acceptor.accept(tcp).await {
                            let _ = serve(role, stream).await;
                        }
                    }
                }
            });
        }
    });
    Ok(port)
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(role: Role, mut s: S) -> std::io::Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    match role {
        Role::Sink => loop {
            let mut header = [0u8; 8];
            if s.read_exact(&mut header).await.is_err() {
                return Ok(());
            }
            let mut left = u64::from_be_bytes(header);
            while left > 0 {
                let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                let n = s.read(&mut buf[..want]).await?;
                if n == 0 {
                    return Ok(());
                }
                left -= n as u64;
            }
            s.write_all(b"K").await?;
            s.flush().await?;
        },
        Role::Source => loop {
            let mut request = [0u8; 16];
            if s.read_exact(&mut request).await.is_err() {
                return Ok(());
            }
            let mut left = u64::from_be_bytes(request[..8].try_into().expect("8 bytes"));
            let write = usize::try_from(u64::from_be_bytes(request[8..].try_into().expect("8 bytes")))
                .unwrap_or(usize::MAX)
                .clamp(1, buf.len());
            while left > 0 {
                let n = write.min(usize::try_from(left).unwrap_or(usize::MAX));
                s.write_all(&buf[..n]).await?;
                left -= n as u64;
            }
            s.flush().await?;
        },
        Role::Echo => loop {
            let n = s.read(&mut buf).await?;
            if n == 0 {
                return Ok(());
            }
            s.write_all(&buf[..n]).await?;
            s.flush().await?;
        },
        Role::Greeter => {
            s.write_all(GREETING).await?;
            s.flush().await?;
            while s.read(&mut buf).await? > 0 {}
            Ok(())
        }
    }
}
