//! What every request and session shares (configuration, upstream policy, tokens, metrics,
//! limits, the session tracker) and the checks every relay-ish request goes through first. Its own
//! module so that the routes (`app.rs`), the sessions (`session.rs`) and discovery
//! (`discovery.rs`) depend on it and not on each other.

use axum::http::{HeaderMap, StatusCode};
use posthorn_proto::secret::Secret;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::info;

use crate::access;
use crate::config::Config;
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::upstream;

/// State shared by every request and session.
#[derive(Debug)]
pub struct Shared {
    /// The configuration the bridge was started with.
    pub config: Config,
    /// Policy, trust store and timeouts for upstream connections.
    pub upstream: upstream::Settings,
    /// Access tokens; empty means none needed.
    pub tokens: Vec<Secret>,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Connection caps for mail connections and discoveries.
    pub limits: Limits,
    /// Open WebSocket sessions, so that shutdown can wait for them.
    pub sessions: TaskTracker,
    /// Cancelled when open sessions must close (the shutdown grace period is over).
    pub closing: CancellationToken,
    /// Whether the listener speaks TLS itself.
    pub listener_tls: bool,
}

/// The checks every relay-ish request (WebSocket, discovery) goes through before anything else:
/// the Origin of browser requests and the Host of loopback listeners.
pub fn check_request(shared: &Shared, headers: &HeaderMap) -> Result<(), (StatusCode, String)> {
    if let Err(refused) = access::check_origin(headers, &shared.config.allowed_origin, shared.listener_tls) {
        shared.metrics.refused("origin");
        info!("refused: {}", refused.0);
        return Err((StatusCode::FORBIDDEN, refused.0));
    }
    if !access::check_loopback_host(headers, shared.config.listen, &shared.config.allowed_origin) {
        shared.metrics.refused("host_header");
        info!("refused: Host header does not name the loopback listener");
        return Err((
            StatusCode::MISDIRECTED_REQUEST,
            "this bridge only answers to its loopback address".into(),
        ));
    }
    Ok(())
}
