//! `posthorn-bridge`: serves the Posthorn app and relays its WebSocket connections to mail
//! servers, safely enough to put on the internet.
//!
//! One WebSocket at `/ws` carries one mail connection (see [`posthorn_proto::wire`]). Before any
//! byte reaches a mail server the bridge checks the page's Origin, an optional access token, the
//! connection caps, the port, the host allowlist and every resolved address, and then connects to
//! exactly the address it checked. TLS to mail servers is always verified.
//!
//! The crate also holds [`driver`], the host-side driver loop for the engine's sans-IO clients,
//! which account discovery and the engine's integration tests use.
#![forbid(unsafe_code)]

pub mod access;
pub mod app;
pub mod config;
pub mod discovery;
pub mod driver;
pub mod limits;
pub mod metrics;
pub mod policy;
pub mod server;
pub mod session;
pub mod state;
pub mod static_files;
pub mod stream;
pub mod tls;
pub mod upstream;

pub use config::{Config, ConfigError, LogFormat};
pub use server::{serve, serve_with, shared_state};

use posthorn_proto::wire::ErrorCode;

/// Why the bridge could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A certificate, key or CA file could not be used.
    #[error("{0}")]
    Setup(String),
    /// Listening failed.
    #[error("listener error: {0}")]
    Io(#[from] std::io::Error),
}

/// The snake_case wire name of an error code (as in the `error` message), for logs and metrics.
pub fn wire_code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}
