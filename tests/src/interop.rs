//! More mail servers for the interop suite (`bash .ci/posthorn interop`, `tests/tests/interop.rs`):
//! Cyrus IMAP, Courier IMAP and POP3, and Exim, from Debian 12's packages, each on free loopback
//! ports from a temp dir with the throwaway CA of [`crate::mailstack::TestCa`].
//!
//! These packages conflict with Dovecot and Postfix as installed packages, so `.ci/posthorn interop`
//! only unpacks them (`dpkg-deb -x`) into `$POSTHORN_INTEROP/<server>/` and installs their
//! libraries. The unpacked tree lives under root's home, which the servers' unprivileged processes
//! cannot enter, so each start copies the few megabytes of its tree into its own temp dir and runs
//! it from there (with `LD_LIBRARY_PATH` pointing at the tree's own libraries).
//!
//! Set `POSTHORN_KEEP_MAILSTACK=1` to keep a server's directory (configs, logs, mail) after a test.

pub mod courier;
pub mod cyrus;
pub mod exim;
mod filters;
mod folder_admin;
pub mod matrix;
pub mod opensmtpd;
pub mod scenario;

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::mailstack::{Account, DOMAIN, HOST, TestCa};

/// How long a server may take to greet on its ports.
pub const START_DEADLINE: Duration = Duration::from_secs(20);

/// Where `.ci/posthorn interop` unpacked the servers: `$POSTHORN_INTEROP`, else
/// `~/.local/share/posthorn/interop`. `None` when neither exists (the suite is then skipped).
pub fn tools_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("POSTHORN_INTEROP").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/posthorn/interop"))
    })?;
    dir.is_dir().then_some(dir)
}

/// The one account every interop server has: `alice@posthorn.test`.
pub fn alice() -> Account {
    Account { user: "alice".into(), password: "alice-interop-5Tz".into(), address: format!("alice@{DOMAIN}") }
}

/// A second account, a recipient of mail.
pub fn bob() -> Account {
    Account { user: "bob".into(), password: "bob-interop-8Wq".into(), address: format!("bob@{DOMAIN}") }
}

/// A server's temp dir: its config, logs, mail and a copy of its unpacked tree. Removed on drop.
#[derive(Debug)]
pub struct ServerDir {
    /// The directory.
    pub path: PathBuf,
}

impl ServerDir {
    /// Makes `posthorn-interop-<name>-<pid>-<n>` under the temp dir and copies `tools/<tree>` into
    /// it as `tree/`, readable by every user.
    pub fn create(name: &str, tools: &Path, tree: &str) -> Result<ServerDir, String> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "posthorn-interop-{name}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).map_err(|e| format!("create {}: {e}", path.display()))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
        let dir = ServerDir { path };
        let source = tools.join(tree);
        if !source.is_dir() {
            return Err(format!("{} is missing: run `bash .ci/posthorn interop`", source.display()));
        }
        run(Command::new("cp").arg("-a").arg(&source).arg(dir.path.join("tree")))?;
        Ok(dir)
    }

    /// A path inside the directory.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }

    /// Writes a file, creating its parent.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>, mode: u32) -> Result<PathBuf, String> {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
        }
        fs::write(&path, contents).map_err(|e| format!("write {}: {e}", path.display()))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// Writes the CA's server certificate and key as `tls/cert.pem` and `tls/key.pem`.
    pub fn write_tls(&self, ca: &TestCa, key_mode: u32) -> Result<(PathBuf, PathBuf), String> {
        let cert = self.write("tls/cert.pem", &ca.server_cert_pem, 0o644)?;
        let key = self.write("tls/key.pem", &ca.server_key_pem, key_mode)?;
        self.write("tls/both.pem", format!("{}{}", ca.server_key_pem, ca.server_cert_pem), key_mode)?;
        Ok((cert, key))
    }

    /// Gives everything under `rel` to `owner` (`user:group`).
    pub fn chown(&self, rel: &str, owner: &str) -> Result<(), String> {
        run(Command::new("chown").arg("-R").arg(owner).arg(self.join(rel)))
    }

    /// The last `lines` lines of a log file in the directory, for failure messages.
    pub fn tail(&self, rel: &str, lines: usize) -> String {
        let text = fs::read_to_string(self.join(rel)).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for ServerDir {
    fn drop(&mut self) {
        if std::env::var_os("POSTHORN_KEEP_MAILSTACK").is_none() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Runs a command to completion; an error carries its stderr.
pub fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{command:?}: {} {}", output.status, String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// A server process in its own process group; dropping it stops the whole group.
#[derive(Debug)]
pub struct Daemon {
    child: Child,
}

impl Daemon {
    /// Spawns `command` in a new process group with stdout and stderr to `log`.
    pub fn spawn(mut command: Command, log: &Path) -> Result<Daemon, String> {
        let out = fs::File::create(log).map_err(|e| format!("create {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("start {command:?}: {e}"))?;
        Ok(Daemon { child })
    }

    /// Whether the process has ended (and how).
    pub fn exited(&mut self) -> Option<String> {
        self.child.try_wait().ok().flatten().map(|status| status.to_string())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).output();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (forked children that ignored TERM).
        let _ = Command::new("kill").args(["-KILL", "--", &group]).output();
        let _ = self.child.wait();
    }
}

/// `count` distinct free ports on [`HOST`] (held until all are chosen).
pub fn free_ports(count: usize) -> Result<Vec<u16>, String> {
    let held: Vec<TcpListener> = (0..count)
        .map(|_| TcpListener::bind((HOST, 0)))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    held.iter().map(|l| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())).collect()
}

/// Waits until a plain-text `port` greets with a line starting with `greeting`, while `daemon`
/// runs; an error carries `logs()`.
pub fn wait_greeting(
    daemon: &mut Daemon,
    port: u16,
    greeting: &str,
    logs: impl Fn() -> String,
) -> Result<(), String> {
    let deadline = Instant::now() + START_DEADLINE;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Some(status) = daemon.exited() {
            return Err(format!("the server exited ({status}) before port {port} greeted\n{}", logs()));
        }
        match first_line(port) {
            Ok(line) if line.starts_with(greeting) => return Ok(()),
            Ok(line) => last = line,
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("port {port} did not greet with {greeting:?} in time (last: {last})\n{}", logs()))
}

fn first_line(port: u16) -> Result<String, String> {
    let stream = TcpStream::connect((HOST, port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).map_err(|e| e.to_string())?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).map_err(|e| e.to_string())?;
    Ok(line)
}
