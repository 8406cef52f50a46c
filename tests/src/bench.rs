//! The benchmark suite behind `bash .ci/posthorn bench` (the `posthorn-bench` binary): what a
//! user pays for Posthorn in speed and resources, each figure beside its baseline from the same
//! run (direct TCP, websockify, a native run of the same engine), with medians over several runs
//! and their spread, and a verdict against each target of the benchmark issue.
//!
//! Everything talks to loopback only, and every loop is bounded in count and in time.

pub mod all_inboxes;
pub mod app_size;
pub mod engine_test;
pub mod idle;
pub mod imap_sync;
pub mod latency;
pub mod net;
pub mod parse;
pub mod peers;
pub mod report;
pub mod stats;
pub mod threading;
pub mod throughput;
pub mod wasm_crates;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::mailstack::TestCa;
use net::RelayProcess;
use peers::{PeerPorts, Role};

/// How much work a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About a minute: every part once, small sizes, few runs. For checking the suite works.
    Quick,
    /// The real thing, about ten minutes on two cores.
    Full,
}

impl Scale {
    /// Picks the quick or the full value.
    pub fn pick<T>(self, quick: T, full: T) -> T {
        match self {
            Scale::Quick => quick,
            Scale::Full => full,
        }
    }
}

/// What every part of the suite shares: the scale, the throwaway CA, the loopback peers, the
/// relay processes and where results and logs go.
pub struct Env {
    /// Quick or full.
    pub scale: Scale,
    /// The CA whose server certificate the TLS peers present.
    pub ca: TestCa,
    /// The CA in a PEM file, for `--extra-ca`.
    pub ca_path: PathBuf,
    /// A client configuration trusting only that CA.
    pub tls: Arc<rustls::ClientConfig>,
    /// The peers' ports.
    pub peers: PeerPorts,
    /// The release build of posthorn-bridge.
    pub bridge_binary: PathBuf,
    /// bench-results/.
    pub out: PathBuf,
    bridge: Option<RelayProcess>,
    websockify: HashMap<(Role, bool), RelayProcess>,
    plain_relays: HashMap<(Role, bool), RelayProcess>,
}

impl Env {
    /// Generates the CA, starts the peers on the current runtime.
    pub async fn new(scale: Scale, out: PathBuf, bridge_binary: PathBuf) -> Result<Env, String> {
        std::fs::create_dir_all(out.join("logs")).map_err(|e| format!("creating {}: {e}", out.display()))?;
        let ca = TestCa::generate().map_err(|e| format!("generating a CA: {e}"))?;
        let ca_path = out.join("logs").join("bench-ca.pem");
        std::fs::write(&ca_path, &ca.ca_pem).map_err(|e| e.to_string())?;
        let tls = ca.client_config().map_err(|e| e.to_string())?;
        let acceptor = peers::acceptor(&ca)?;
        let peers = peers::start(acceptor).await.map_err(|e| format!("starting the peers: {e}"))?;
        Ok(Env {
            scale,
            ca,
            ca_path,
            tls,
            peers,
            bridge_binary,
            out,
            bridge: None,
            websockify: HashMap::new(),
            plain_relays: HashMap::new(),
        })
    }

    /// A log file under bench-results/logs.
    pub fn log(&self, name: &str) -> PathBuf {
        self.out.join("logs").join(name)
    }

    /// The shared bridge process for the relay parts (started on first use).
    pub fn bridge(&mut self) -> Result<&RelayProcess, String> {
        if self.bridge.is_none() {
            let log = self.log("bridge-relay.log");
            let bridge = RelayProcess::bridge(
                &self.bridge_binary,
                &self.peers.all(),
                std::slice::from_ref(&self.ca_path),
                &log,
            )
            .map_err(|e| e.to_string())?;
            self.bridge = Some(bridge);
        }
        Ok(self.bridge.as_ref().expect("just started"))
    }

    /// A fresh bridge process of its own (for memory measurements), with extra CA files.
    pub fn fresh_bridge(
        &self,
        name: &str,
        ports: &[u16],
        extra_ca: &[PathBuf],
    ) -> Result<RelayProcess, String> {
        let mut cas = vec![self.ca_path.clone()];
        cas.extend_from_slice(extra_ca);
        RelayProcess::bridge(&self.bridge_binary, ports, &cas, &self.log(&format!("{name}.log")))
            .map_err(|e| e.to_string())
    }

    /// The websockify process in front of a peer (started on first use).
    pub fn websockify(&mut self, role: Role, tls: bool) -> Result<&RelayProcess, String> {
        if !self.websockify.contains_key(&(role, tls)) {
            let (plain, secure) = self.peers.of(role);
            let target = if tls { secure } else { plain };
            let relay = RelayProcess::websockify(target, tls, &self.log("websockify.log"))
                .map_err(|e| e.to_string())?;
            self.websockify.insert((role, tls), relay);
        }
        Ok(&self.websockify[&(role, tls)])
    }

    /// The plain TCP relay in front of a peer (started on first use).
    pub fn plain_relay(&mut self, role: Role, tls: bool) -> Result<&RelayProcess, String> {
        if !self.plain_relays.contains_key(&(role, tls)) {
            let (plain, secure) = self.peers.of(role);
            let (target, ca) = if tls { (secure, Some(self.ca_path.as_path())) } else { (plain, None) };
            let relay =
                RelayProcess::plain(target, ca, &self.log("plain-relay.log")).map_err(|e| e.to_string())?;
            self.plain_relays.insert((role, tls), relay);
        }
        Ok(&self.plain_relays[&(role, tls)])
    }

    /// Opens a connection to a peer by a path; also returns the relay's pid, if there is one.
    pub async fn connect(
        &mut self,
        via: net::Via,
        role: Role,
        tls: bool,
    ) -> Result<(net::Conn, Option<u32>), String> {
        let (plain, secure) = self.peers.of(role);
        let port = if tls { secure } else { plain };
        let what = |e: std::io::Error| format!("{} to the {role:?} peer: {e}", via.name());
        match via {
            net::Via::Direct => {
                let conn = net::Conn::direct(port, tls.then(|| self.tls.clone())).await.map_err(what)?;
                Ok((conn, None))
            }
            net::Via::Bridge => {
                let bridge = self.bridge()?;
                let (addr, pid) = (bridge.addr, bridge.pid());
                Ok((net::Conn::bridge(addr, port, tls).await.map_err(what)?, Some(pid)))
            }
            net::Via::PlainRelay => {
                let relay = self.plain_relay(role, tls)?;
                let (addr, pid) = (relay.addr, relay.pid());
                Ok((net::Conn::plain_relay(addr).await.map_err(what)?, Some(pid)))
            }
            net::Via::Websockify => {
                let relay = self.websockify(role, tls)?;
                let (addr, pid) = (relay.addr, relay.pid());
                Ok((net::Conn::websockify(addr).await.map_err(what)?, Some(pid)))
            }
        }
    }
}

/// The release bridge binary: `$POSTHORN_BRIDGE_BIN`, else `target/release/posthorn-bridge` of
/// the workspace (or of `$CARGO_TARGET_DIR`).
pub fn bridge_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("POSTHORN_BRIDGE_BIN") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").join("target")
    });
    target.join("release").join("posthorn-bridge")
}

/// MB/s (10^6 bytes per second).
pub fn mb_per_s(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / secs / 1e6
}
