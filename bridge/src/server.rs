//! The accept loop: one task per HTTP connection (optionally TLS), and graceful shutdown.
//!
//! The loop is ours rather than `axum::serve` so that the listener's TLS handshake runs inside the
//! connection's task with a timeout (a slow client cannot stall accepting), and so that shutdown
//! can wait for WebSocket sessions, which outlive their HTTP connection.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;
use tracing::{debug, info, warn};

use crate::app;
use crate::config::Config;
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::policy::Policy;
use crate::state::Shared;
use crate::{Error, tls, upstream};

/// Builds the shared state from a configuration (reading CA and token files).
pub fn shared_state(config: Config, listener_tls: bool) -> Result<Arc<Shared>, Error> {
    config.validate()?;
    let extra_cas = tls::load_extra_cas(&config.extra_ca).map_err(Error::Setup)?;
    let tokens = config.tokens()?;
    let trust = Arc::new(tls::Trust::new(&extra_cas));
    let upstream = upstream::Settings {
        policy: Arc::new(Policy::from_config(&config)),
        tls: trust.config(),
        trust,
        connect_timeout: config.connect_timeout(),
        handshake_timeout: config.handshake_timeout(),
    };
    Ok(Arc::new(Shared {
        limits: Limits::new(config.max_connections, config.max_connections_per_ip),
        upstream,
        tokens,
        metrics: Arc::new(Metrics::default()),
        sessions: TaskTracker::new(),
        closing: CancellationToken::new(),
        listener_tls,
        config,
    }))
}

/// Serves the app and the relay on `listener` until `shutdown` completes, then stops accepting,
/// lets open sessions go on for up to `--shutdown-grace` seconds, closes the rest with code 1001
/// and returns.
pub async fn serve(
    mut config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let acceptor = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(tls_acceptor(cert, key)?),
        _ => None,
    };
    // The socket decides what "our own address" means (the Host check of loopback listeners),
    // whatever the configuration said.
    if let Ok(local) = listener.local_addr() {
        config.listen = local;
    }
    let shared = shared_state(config, acceptor.is_some())?;
    serve_with(shared, listener, acceptor, shutdown).await
}

/// [`serve`] with state built by the caller (tests read its metrics while it runs).
pub async fn serve_with(
    shared: Arc<Shared>,
    listener: TcpListener,
    acceptor: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let router = app::router(shared.clone());
    let connections = TaskTracker::new();
    // HTTP connections (page loads, upgrades in progress) are capped too, so that idle sockets
    // cannot exhaust file descriptors; an upgraded WebSocket gives its HTTP slot back and counts
    // against --max-connections instead.
    let http_slots = Arc::new(tokio::sync::Semaphore::new(shared.config.max_connections.saturating_add(64)));
    let stop_http = CancellationToken::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (tcp, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of file descriptors and the like: one connection's trouble, not the server's.
                warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = http_slots.clone().try_acquire_owned() else {
            shared.metrics.refused("limit_http");
            debug!(%peer, "refused: too many HTTP connections");
            drop(tcp);
            continue;
        };
        let router = router.clone();
        let acceptor = acceptor.clone();
        let stop = stop_http.clone();
        let shared = shared.clone();
        connections.spawn(async move {
            shared.metrics.http_open.fetch_add(1, Ordering::Relaxed);
            connection(&shared, tcp, peer, router, acceptor, stop).await;
            shared.metrics.http_open.fetch_sub(1, Ordering::Relaxed);
            drop(slot);
        });
    }
    drop(listener);
    info!("shutting down: no new connections");
    stop_http.cancel();
    connections.close();
    shared.sessions.close();
    let grace = Duration::from_secs(shared.config.shutdown_grace);
    if tokio::time::timeout(grace, shared.sessions.wait()).await.is_err() {
        info!(open = Metrics::get(&shared.metrics.sessions_open), "grace period over: closing open sessions");
        shared.closing.cancel();
        let _ = tokio::time::timeout(Duration::from_secs(5), shared.sessions.wait()).await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), connections.wait()).await;
    info!("stopped");
    Ok(())
}

async fn connection(
    shared: &Shared,
    tcp: TcpStream,
    peer: SocketAddr,
    router: Router,
    acceptor: Option<TlsAcceptor>,
    stop: CancellationToken,
) {
    let _ = tcp.set_nodelay(true);
    match acceptor {
        None => http(shared, TokioIo::new(tcp), peer, router, stop).await,
        Some(acceptor) => {
            let handshake = tokio::time::timeout(shared.config.handshake_timeout(), acceptor.accept(tcp));
            // A handshake still under way when shutdown begins has no request to finish.
            let handshake = tokio::select! {
                result = handshake => result,
                () = stop.cancelled() => return,
            };
            match handshake {
                Ok(Ok(tls)) => http(shared, TokioIo::new(tls), peer, router, stop).await,
                Ok(Err(e)) => {
                    shared.metrics.error("listener_tls");
                    debug!(%peer, error = %e, "TLS handshake with client failed");
                }
                Err(_) => {
                    shared.metrics.error("listener_tls_timeout");
                    debug!(%peer, "TLS handshake with client timed out");
                }
            }
        }
    }
}

async fn http<I>(shared: &Shared, io: TokioIo<I>, peer: SocketAddr, router: Router, stop: CancellationToken)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request)
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(shared.config.handshake_timeout())
        .max_buf_size(64 * 1024)
        .serve_connection(io, service)
        .with_upgrades();
    tokio::pin!(conn);
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = stop.cancelled() => {
            // Finish the request in flight, then close instead of keeping the connection alive.
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        debug!(%peer, error = %e, "HTTP connection ended with an error");
    }
}

/// Loads the listener's certificate chain and key.
pub fn tls_acceptor(cert: &std::path::Path, key: &std::path::Path) -> Result<TlsAcceptor, Error> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|iter| iter.collect::<Result<_, _>>())
        .map_err(|e| Error::Setup(format!("--tls-cert {}: {e}", cert.display())))?;
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| Error::Setup(format!("--tls-key {}: {e}", key.display())))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Setup(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| Error::Setup(format!("--tls-cert/--tls-key: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
