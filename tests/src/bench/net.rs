//! The paths a byte can take to a mail server, as one connection type: direct TCP or TLS (the
//! baseline), a WebSocket through posthorn-bridge, a WebSocket through websockify. Also the relay
//! processes themselves, and what /proc says about their CPU time and memory.

use std::io;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Bytes, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The longest any single connect, handshake or read may take before the benchmark gives up.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Which way the bytes go to the upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Straight to the server: the physical limit.
    Direct,
    /// Through posthorn-bridge.
    Bridge,
    /// Through websockify.
    Websockify,
    /// Through a plain TCP relay (`posthorn-plain-relay`): what any relay on this machine can reach.
    PlainRelay,
}

impl Via {
    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Via::Direct => "direct TCP",
            Via::Bridge => "posthorn-bridge",
            Via::Websockify => "websockify",
            Via::PlainRelay => "plain relay",
        }
    }
}

enum Kind {
    Tcp(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
    Ws(Box<WebSocketStream<MaybeTlsStream<TcpStream>>>),
}

/// One connection to an upstream, by any path; counts the payload bytes both ways.
pub struct Conn {
    kind: Kind,
    scratch: Vec<u8>,
    last: Bytes,
    /// Payload bytes sent.
    pub sent: u64,
    /// Payload bytes received.
    pub received: u64,
}

fn timeout_err(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, format!("{what} took longer than {IO_TIMEOUT:?}"))
}

async fn bounded<T>(what: &str, f: impl Future<Output = io::Result<T>>) -> io::Result<T> {
    tokio::time::timeout(IO_TIMEOUT, f).await.map_err(|_| timeout_err(what))?
}

impl Conn {
    fn new(kind: Kind) -> Conn {
        Conn { kind, scratch: vec![0; 64 * 1024], last: Bytes::new(), sent: 0, received: 0 }
    }

    /// TCP (and TLS with `tls`) straight to `127.0.0.1:port`.
    pub async fn direct(port: u16, tls: Option<Arc<rustls::ClientConfig>>) -> io::Result<Conn> {
        let tcp = bounded("TCP connect", TcpStream::connect(("127.0.0.1", port))).await?;
        tcp.set_nodelay(true)?;
        match tls {
            None => Ok(Conn::new(Kind::Tcp(tcp))),
            Some(config) => {
                let name = ServerName::IpAddress(std::net::Ipv4Addr::LOCALHOST.into());
                let tls =
                    bounded("TLS handshake", tokio_rustls::TlsConnector::from(config).connect(name, tcp))
                        .await?;
                Ok(Conn::new(Kind::Tls(Box::new(tls))))
            }
        }
    }

    async fn websocket(url: &str, binary_protocol: bool) -> io::Result<Conn> {
        let mut request = url.into_client_request().map_err(io::Error::other)?;
        if binary_protocol {
            request.headers_mut().insert("Sec-WebSocket-Protocol", "binary".parse().expect("a header value"));
        }
        let authority = request.uri().authority().map(|a| a.to_string()).unwrap_or_default();
        let tcp = bounded("TCP connect", TcpStream::connect(authority)).await?;
        tcp.set_nodelay(true)?;
        let (ws, _) = tokio::time::timeout(
            IO_TIMEOUT,
            tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(tcp)),
        )
        .await
        .map_err(|_| timeout_err("WebSocket handshake"))?
        .map_err(io::Error::other)?;
        Ok(Conn::new(Kind::Ws(Box::new(ws))))
    }

    /// A WebSocket to the bridge at `bridge`, opened to `127.0.0.1:port` (implicit TLS with `tls`).
    pub async fn bridge(bridge: SocketAddr, port: u16, tls: bool) -> io::Result<Conn> {
        let mut conn = Conn::websocket(&format!("ws://{bridge}/ws"), false).await?;
        let security = if tls { "tls" } else { "plain" };
        let open = format!(r#"{{"type":"open","host":"127.0.0.1","port":{port},"security":"{security}"}}"#);
        let Kind::Ws(ws) = &mut conn.kind else { unreachable!("a WebSocket") };
        ws.send(Message::text(open)).await.map_err(io::Error::other)?;
        let reply =
            tokio::time::timeout(IO_TIMEOUT, ws.next()).await.map_err(|_| timeout_err("bridge open"))?;
        match reply {
            Some(Ok(Message::Text(text))) if text.as_str().contains(r#""type":"opened""#) => Ok(conn),
            other => Err(io::Error::other(format!("the bridge did not open the connection: {other:?}"))),
        }
    }

    /// A TCP connection to the plain relay at `relay` (which knows its one target and speaks TLS
    /// to it itself, as the bridge does).
    pub async fn plain_relay(relay: SocketAddr) -> io::Result<Conn> {
        let tcp = bounded("TCP connect", TcpStream::connect(relay)).await?;
        tcp.set_nodelay(true)?;
        Ok(Conn::new(Kind::Tcp(tcp)))
    }

    /// A WebSocket to websockify at `relay` (which knows its one target).
    pub async fn websockify(relay: SocketAddr) -> io::Result<Conn> {
        Conn::websocket(&format!("ws://{relay}/"), true).await
    }

    /// Sends bytes: one write on TCP/TLS, one binary message on a WebSocket.
    pub async fn send(&mut self, data: &[u8]) -> io::Result<()> {
        match &mut self.kind {
            Kind::Tcp(s) => s.write_all(data).await?,
            Kind::Tls(s) => {
                s.write_all(data).await?;
                s.flush().await?;
            }
            Kind::Ws(ws) => ws.send(Message::binary(data.to_vec())).await.map_err(io::Error::other)?,
        }
        self.sent += data.len() as u64;
        Ok(())
    }

    /// Like [`Conn::send`], but a WebSocket message takes `data` as it is, without a copy (the
    /// WebSocket layer still copies it once into its frame, masked, as a browser does).
    pub async fn send_bytes(&mut self, data: Bytes) -> io::Result<()> {
        match &mut self.kind {
            Kind::Ws(ws) => {
                let n = data.len() as u64;
                ws.send(Message::Binary(data)).await.map_err(io::Error::other)?;
                self.sent += n;
                Ok(())
            }
            _ => self.send(&data).await,
        }
    }

    /// Receives the next chunk (empty at the end of the stream), within [`IO_TIMEOUT`].
    pub async fn recv(&mut self) -> io::Result<&[u8]> {
        let n = match &mut self.kind {
            Kind::Tcp(s) => bounded("read", s.read(&mut self.scratch)).await?,
            Kind::Tls(s) => match bounded("read", s.read(&mut self.scratch)).await {
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => 0,
                other => other?,
            },
            Kind::Ws(ws) => loop {
                let next =
                    tokio::time::timeout(IO_TIMEOUT, ws.next()).await.map_err(|_| timeout_err("read"))?;
                match next {
                    Some(Ok(Message::Binary(data))) => {
                        self.last = data;
                        break usize::MAX;
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => continue,
                    Some(Ok(Message::Text(text))) => {
                        return Err(io::Error::other(format!("the relay said: {}", text.as_str())));
                    }
                    Some(Ok(Message::Close(_))) | None => break 0,
                    Some(Err(e)) => return Err(io::Error::other(e)),
                }
            },
        };
        if n == usize::MAX {
            self.received += self.last.len() as u64;
            return Ok(&self.last[..]);
        }
        self.received += n as u64;
        Ok(&self.scratch[..n])
    }

    /// Reads until `count` bytes have arrived; fails on EOF.
    pub async fn recv_exactly(&mut self, count: u64) -> io::Result<()> {
        let mut got = 0u64;
        while got < count {
            let n = self.recv().await?.len();
            if n == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the stream ended early"));
            }
            got += n as u64;
        }
        Ok(())
    }

    /// Closes politely, without waiting long.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            match &mut self.kind {
                Kind::Tcp(s) => {
                    let _ = s.shutdown().await;
                }
                Kind::Tls(s) => {
                    let _ = s.shutdown().await;
                }
                Kind::Ws(ws) => {
                    let _ = SinkExt::close(ws.as_mut()).await;
                }
            }
        })
        .await;
    }
}

/// A free loopback port (bound and released; another process could take it, which the caller
/// notices when its server fails to start).
pub fn free_port() -> io::Result<u16> {
    Ok(StdListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_listening(addr: SocketAddr, child: &mut Child, what: &str) -> io::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(io::Error::other(format!("{what} exited before listening ({status})")));
        }
        if Instant::now() > deadline {
            return Err(io::Error::other(format!("{what} did not listen on {addr} within 15 s")));
        }
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// A relay running as its own process, so its CPU time and memory can be read apart from the
/// load generator's. Killed on drop.
pub struct RelayProcess {
    /// Where it listens.
    pub addr: SocketAddr,
    child: Child,
}

impl RelayProcess {
    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Starts the release build of posthorn-bridge, opened to loopback and `ports`.
    pub fn bridge(
        binary: &Path,
        ports: &[u16],
        extra_ca: &[PathBuf],
        log: &Path,
    ) -> io::Result<RelayProcess> {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut cmd = Command::new(binary);
        cmd.arg("--listen").arg(addr.to_string());
        cmd.arg("--allow-net").arg("127.0.0.0/8");
        for p in ports {
            cmd.arg("--allow-port").arg(p.to_string());
        }
        for ca in extra_ca {
            cmd.arg("--extra-ca").arg(ca);
        }
        // The idle test holds thousands of sessions from one address.
        cmd.args(["--max-connections", "20000", "--max-connections-per-ip", "20000"]);
        cmd.arg("--dist").arg(crate::app::dist_dir());
        // Per-session info lines are part of a real deployment's cost; keep them, into a file.
        cmd.env("POSTHORN_LOG", "info");
        let log = std::fs::File::create(log)?;
        cmd.stdout(Stdio::null()).stderr(log).stdin(Stdio::null());
        let mut child =
            cmd.spawn().map_err(|e| io::Error::other(format!("starting {}: {e}", binary.display())))?;
        wait_listening(addr, &mut child, "posthorn-bridge")?;
        Ok(RelayProcess { addr, child })
    }

    /// Starts websockify relaying to `127.0.0.1:target` (as a TLS client with `ssl_target`).
    pub fn websockify(target: u16, ssl_target: bool, log: &Path) -> io::Result<RelayProcess> {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut cmd = Command::new("websockify");
        if ssl_target {
            cmd.arg("--ssl-target");
        }
        cmd.arg(addr.to_string()).arg(format!("127.0.0.1:{target}"));
        let log = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
        cmd.stdout(log.try_clone()?).stderr(log).stdin(Stdio::null());
        let mut child = cmd
            .spawn()
            .map_err(|e| io::Error::other(format!("starting websockify (apt install websockify): {e}")))?;
        wait_listening(addr, &mut child, "websockify")?;
        Ok(RelayProcess { addr, child })
    }
}

impl RelayProcess {
    /// Starts `posthorn-plain-relay` (built beside the benchmark) relaying to `127.0.0.1:target`,
    /// over TLS verified against `ca` when one is given.
    pub fn plain(target: u16, ca: Option<&Path>, log: &Path) -> io::Result<RelayProcess> {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let binary = std::env::current_exe()?.with_file_name("posthorn-plain-relay");
        let mut cmd = Command::new(&binary);
        cmd.arg(addr.to_string()).arg(target.to_string());
        if let Some(ca) = ca {
            cmd.arg(ca);
        }
        let log = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
        cmd.stdout(log.try_clone()?).stderr(log).stdin(Stdio::null());
        let mut child =
            cmd.spawn().map_err(|e| io::Error::other(format!("starting {}: {e}", binary.display())))?;
        wait_listening(addr, &mut child, "posthorn-plain-relay")?;
        Ok(RelayProcess { addr, child })
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let pid = self.child.id();
        // websockify forks one process per connection: end those first.
        for child in children(pid) {
            let _ = Command::new("kill").arg("-KILL").arg(child.to_string()).stderr(Stdio::null()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Clock ticks per second for /proc's CPU times.
pub fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// The fields after the command name in /proc/PID/stat (field 3 is index 0).
fn stat_fields(pid: u32) -> Option<Vec<u64>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    Some(rest.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect())
}

/// utime + stime + cutime + cstime of a process, in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    // Fields 14-17 of stat: utime stime cutime cstime; index = field - 3.
    stat_fields(pid).map(|f| f[11..15].iter().sum::<u64>() as f64 / clock_ticks()).unwrap_or(0.0)
}

/// The direct children of a process.
pub fn children(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| stat_fields(*p).is_some_and(|f| f.get(1) == Some(&u64::from(pid))))
        .collect()
}

/// CPU seconds of a process and its live children (websockify's per-connection processes).
pub fn tree_cpu_seconds(pid: u32) -> f64 {
    cpu_seconds(pid) + children(pid).into_iter().map(cpu_seconds).sum::<f64>()
}

/// Restricts a process, every thread of it and its live children to the CPUs in `cpus` (a taskset
/// list: "0", "0-1"), through util-linux's `taskset`, which keeps this crate free of unsafe code.
pub fn pin(pid: u32, cpus: &str) -> io::Result<()> {
    for pid in std::iter::once(pid).chain(children(pid)) {
        let status = std::process::Command::new("taskset")
            .args(["-a", "-p", "-c", cpus, &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            return Err(io::Error::other(format!("taskset -a -p -c {cpus} {pid}: {status}")));
        }
    }
    Ok(())
}

/// Every CPU of this machine, as a taskset list ("0-1"). Not from `available_parallelism`, which
/// counts the CPUs the calling thread may use: after [`pin`], one.
pub fn all_cpus() -> String {
    std::fs::read_to_string("/sys/devices/system/cpu/online")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "0-1023".into())
}

/// CPU seconds of this process (the load generator and the peers).
pub fn own_cpu_seconds() -> f64 {
    cpu_seconds(std::process::id())
}

fn status_kib(path: &str, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// Resident set size in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(&format!("/proc/{pid}/status"), "VmRSS:").unwrap_or(0)
}

/// Proportional set size in KiB of a process and its children (shared pages split fairly, which
/// is what forked relays need).
pub fn tree_pss_kib(pid: u32) -> u64 {
    std::iter::once(pid)
        .chain(children(pid))
        .map(|p| status_kib(&format!("/proc/{p}/smaps_rollup"), "Pss:").unwrap_or(0))
        .sum()
}

/// Idle CPU seconds of the whole machine so far (idle + iowait over every core, from /proc/stat).
pub fn machine_idle_seconds() -> f64 {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|t| {
            let line = t.lines().next()?.to_owned();
            let f: Vec<u64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
            Some((f.get(3)? + f.get(4)?) as f64 / clock_ticks())
        })
        .unwrap_or(f64::NAN)
}

/// The soft limit on open files of this process.
pub fn open_files_limit() -> u64 {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(1024)
}
