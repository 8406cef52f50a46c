//! The `posthorn-bridge` command: parse the configuration, set up logging, listen, serve until
//! SIGTERM or SIGINT.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use posthorn_bridge::{Config, ConfigError, LogFormat};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_args_env_file() {
        Ok(config) => config,
        // --help and --version land here too, and clap knows how to print and exit for them.
        Err(ConfigError::Args(e)) => e.exit(),
        Err(e) => {
            eprintln!("posthorn-bridge: {e}");
            return ExitCode::from(2);
        }
    };
    let mut filter = EnvFilter::try_from_env("POSTHORN_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // The WebSocket, HTTP and TLS libraries log frame and record contents at debug and trace
    // level; relayed bytes are mail and passwords, so those crates stay at info whatever
    // POSTHORN_LOG asks for.
    for quiet in [
        "tungstenite=info",
        "tokio_tungstenite=info",
        "hyper=info",
        "hyper_util=info",
        "rustls=info",
        "h2=info",
    ] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    match config.log_format {
        LogFormat::Text => {
            tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init()
        }
        LogFormat::Json => {
            tracing_subscriber::fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init()
        }
    }
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("posthorn-bridge: cannot listen on {}: {e}", config.listen);
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| config.listen.to_string());
    let scheme = if config.tls_cert.is_some() { "https" } else { "http" };
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no index.html in the app directory; build the app or set --dist");
    }
    println!("Posthorn is running: open {scheme}://{addr}/");
    match posthorn_bridge::serve(config, listener, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("posthorn-bridge: {e}");
            ExitCode::from(1)
        }
    }
}

/// Completes on the first SIGTERM or SIGINT.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("signal received");
}
