//! The real bridge serving the real built app, in-process on a free loopback port.
//!
//! It runs on a thread with its own tokio runtime so that synchronous tests (the browser tests) and
//! async tests can both use it; dropping [`RunningBridge`] shuts it down gracefully and waits.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use posthorn_bridge::Config;

/// A bridge serving `dist/` on 127.0.0.1 with a random port.
pub struct RunningBridge {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`, the app's origin.
    pub url: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// The built app's directory: `$POSTHORN_DIST`, else `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    std::env::var("POSTHORN_DIST").map(PathBuf::from).unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").join("dist")
    })
}

impl RunningBridge {
    /// Starts the bridge with the secure defaults, `dist` set to [`dist_dir`], then `configure`
    /// applied (e.g. to open loopback and the test ports to reach a local mail stack).
    pub fn start(configure: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config { dist: dist_dir(), ..Config::default() };
        configure(&mut config);
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        std_listener.set_nonblocking(true).expect("nonblocking listener");
        let addr = std_listener.local_addr().expect("local addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).expect("tokio listener");
                let shutdown = async move {
                    let _ = rx.await;
                };
                if let Err(e) = posthorn_bridge::serve(config, listener, shutdown).await {
                    panic!("the bridge failed: {e}");
                }
            });
        });
        RunningBridge { addr, url: format!("http://{addr}"), shutdown: Some(tx), thread: Some(thread) }
    }

    /// Opens loopback and the given ports, so the bridge can reach a mail stack on this machine.
    pub fn for_local_mail(ports: &[u16], extra_ca: Option<PathBuf>) -> Self {
        let ports = ports.to_vec();
        Self::start(move |c| {
            c.allow_net.push("127.0.0.0/8".parse().expect("a CIDR"));
            c.allow_port.extend(ports);
            c.extra_ca.extend(extra_ca);
        })
    }
}

impl Drop for RunningBridge {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
