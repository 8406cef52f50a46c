//! The HTTP side: routes and the WebSocket upgrade. The state they share is in `state.rs`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::access;
use crate::session::{self, Admission};
pub use crate::state::{Shared, check_request};

/// Query parameters accepted on `/ws`.
#[derive(Debug, serde::Deserialize)]
pub struct WsQuery {
    token: Option<String>,
}

/// Builds the router: `/ws`, `/discover`, `/healthz`, `/metrics` and the app's static files.
pub fn router(shared: Arc<Shared>) -> Router {
    let dist = shared.config.dist.clone();
    Router::new()
        .route("/ws", get(ws))
        .route("/discover", get(crate::discovery::handler))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback_service(crate::static_files::service(&dist))
        .layer(axum::middleware::from_fn_with_state(Arc::new(dist.clone()), crate::static_files::headers))
        .with_state(shared)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn metrics(State(shared): State<Arc<Shared>>) -> Response {
    let mut response = shared.metrics.render().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response
}

async fn ws(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<WsQuery>,
    upgrade: WebSocketUpgrade,
) -> Response {
    if let Err(refused) = check_request(&shared, &headers) {
        return refused.into_response();
    }
    let client = access::client_ip(&headers, peer, shared.config.trust_forwarded_for);
    let offered: Vec<String> = upgrade
        .requested_protocols()
        .filter_map(|p| p.to_str().ok())
        .flat_map(|p| p.split(','))
        .map(|p| p.trim().to_owned())
        .collect();
    let token = access::presented_token(&headers, query.token, offered.iter().map(String::as_str));
    // A browser fails the connection unless one of the subprotocols it offered is selected.
    let selected = offered.iter().find(|p| *p == access::SUBPROTOCOL).or_else(|| offered.first());
    let mut upgrade = upgrade
        .max_frame_size(shared.config.max_frame_size)
        .max_message_size(shared.config.max_message_size)
        // The read buffer is also the most tungstenite reads per syscall: at 4 KiB a 64 KiB upload
        // frame took 16 reads. 32 KiB halves the reads per byte of a bulk upload (APPEND, DATA) for
        // 28 KiB more per session (tungstenite zero-fills it on the first read), which keeps an idle
        // session under the 64 KiB budget (bench-results/, section 3).
        .read_buffer_size(session::CLIENT_READ)
        .write_buffer_size(0)
        .max_write_buffer_size(session::RELAY_CHUNK * 4);
    if let Some(protocol) = selected.and_then(|p| HeaderValue::from_str(p).ok()) {
        upgrade.set_selected_protocol(protocol);
    }
    let admission = Admission { client, slot: shared.limits.try_acquire(client), token };
    let tracked = shared.sessions.token();
    upgrade.on_upgrade(move |socket| async move {
        session::run(shared, socket, admission).await;
        drop(tracked);
    })
}
