//! `posthorn-plain-relay`: the benchmark's plain TCP relay, the limit any relay on one machine can
//! reach. It does what posthorn-bridge does minus the WebSocket: accept a TCP connection, connect to
//! the target (over TLS when asked, verified against the given CA, as the bridge does), then copy
//! bytes both ways with tokio's `copy_bidirectional` with 64 KiB buffers (the most the bridge reads
//! from a server at once), one task per connection.
//!
//! ```text
//! posthorn-plain-relay LISTEN_ADDR TARGET_PORT [CA_PEM_FOR_TLS]
//! ```
//!
//! Loopback only: it listens where it is told and connects to 127.0.0.1.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use rustls_pki_types::ServerName;
use rustls_pki_types::pem::PemObject;
use tokio::net::{TcpListener, TcpStream};

/// Bytes per read, each way.
const BUFFER: usize = 64 * 1024;

const USAGE: &str = "usage: posthorn-plain-relay LISTEN_ADDR TARGET_PORT [CA_PEM_FOR_TLS]";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let listen: SocketAddr = args.next().and_then(|a| a.parse().ok()).ok_or(USAGE)?;
    let target: u16 = args.next().and_then(|a| a.parse().ok()).ok_or(USAGE)?;
    let tls = match args.next() {
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for cert in
                rustls_pki_types::CertificateDer::pem_file_iter(&ca).map_err(|e| format!("{ca}: {e}"))?
            {
                roots.add(cert.map_err(|e| format!("{ca}: {e}"))?).map_err(|e| format!("{ca}: {e}"))?;
            }
            let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
            Some(tokio_rustls::TlsConnector::from(Arc::new(config)))
        }
        None => None,
    };
    let listener = TcpListener::bind(listen).await.map_err(|e| format!("{listen}: {e}"))?;
    loop {
        let (mut client, _) = listener.accept().await.map_err(|e| e.to_string())?;
        let tls = tls.clone();
        tokio::spawn(async move {
            let _ = client.set_nodelay(true);
            let Ok(upstream) = TcpStream::connect(("127.0.0.1", target)).await else { return };
            let _ = upstream.set_nodelay(true);
            match tls {
                None => {
                    let mut upstream = upstream;
                    let _ =
                        tokio::io::copy_bidirectional_with_sizes(&mut client, &mut upstream, BUFFER, BUFFER)
                            .await;
                }
                Some(connector) => {
                    let name = ServerName::IpAddress(std::net::Ipv4Addr::LOCALHOST.into());
                    let Ok(mut upstream) = connector.connect(name, upstream).await else { return };
                    let _ =
                        tokio::io::copy_bidirectional_with_sizes(&mut client, &mut upstream, BUFFER, BUFFER)
                            .await;
                }
            }
        });
    }
}
