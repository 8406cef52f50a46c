//! OpenSMTPD 6.8.0p2 (Debian 12's opensmtpd): submissions with implicit TLS.
//!
//! Its spool (`/var/spool/smtpd`, mode 711) and chroot (`/var/lib/opensmtpd/empty`) are compiled
//! in, so it runs in a private mount namespace with this server's own directories bind-mounted
//! over `/var/spool`, `/var/lib` and `/run` (its control socket); its privilege-separated processes run as the system users
//! `opensmtpd` and `opensmtpq`, which `.ci/posthorn interop` creates as the package would.
//! [`OpenSmtpd::tls_handshake`] is the first step of every submission: Debian 12's build fails it
//! in the server itself, whatever the key type, so nothing further can be tried. With `-v` its log
//! shows why: the private-key operation, which OpenSMTPD hands to its privilege-separated key
//! process (`pony: rsae_priv_enc`), fails inside OpenSSL 3 with "rsa routines::missing private
//! key", and `openssl s_client` is refused the same way, so no client can get past it.

use std::io::Read;
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{ClientConfig, ClientConnection, StreamOwned};

use super::{Daemon, START_DEADLINE, ServerDir, free_ports};
use crate::mailstack::{HOST, TestCa};

/// A running OpenSMTPD.
#[derive(Debug)]
pub struct OpenSmtpd {
    daemon: Daemon,
    /// Its directory.
    pub dir: ServerDir,
    /// Submissions (implicit TLS).
    pub submissions: u16,
}

impl OpenSmtpd {
    /// Starts OpenSMTPD from `tools/opensmtpd` and waits until it accepts connections.
    pub fn start(tools: &Path, ca: &TestCa) -> Result<OpenSmtpd, String> {
        let dir = ServerDir::create("opensmtpd", tools, "opensmtpd")?;
        let root = dir.path.display().to_string();
        let (cert, key) = dir.write_tls(ca, 0o600)?;
        let submissions = free_ports(1)?[0];
        for sub in ["spool", "varlib", "mail", "run"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
        }
        dir.write(
            "smtpd.conf",
            format!(
                "pki localhost cert \"{}\"\npki localhost key \"{}\"\n\
                 listen on {HOST} port {submissions} smtps pki localhost\n\
                 action \"local\" maildir \"{root}/mail/%{{user.username}}\"\n\
                 match from any for domain \"posthorn.test\" action \"local\"\n",
                cert.display(),
                key.display()
            ),
            0o644,
        )?;
        let script = dir.write(
            "start.sh",
            format!(
                "set -e\nmount --bind {root}/spool /var/spool\nmkdir -p /var/spool/smtpd\n\
                 chmod 711 /var/spool/smtpd\nmkdir -p /var/lib\nmount --bind {root}/varlib /var/lib\n\
                 mkdir -p /var/lib/opensmtpd/empty\nmount --bind {root}/run /run\nexec {root}/tree/usr/sbin/smtpd -d -f {root}/smtpd.conf\n"
            ),
            0o755,
        )?;
        let mut unshare = Command::new("unshare");
        unshare.args(["--mount", "--propagation", "private", "sh"]).arg(script);
        let mut daemon = Daemon::spawn(unshare, &dir.join("smtpd.log"))?;
        let deadline = Instant::now() + START_DEADLINE;
        while TcpStream::connect((HOST, submissions)).is_err() {
            if let Some(status) = daemon.exited() {
                return Err(format!("smtpd exited ({status})\n{}", dir.tail("smtpd.log", 20)));
            }
            if Instant::now() > deadline {
                return Err(format!("smtpd did not listen in time\n{}", dir.tail("smtpd.log", 20)));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(OpenSmtpd { daemon, dir, submissions })
    }

    /// Connects with TLS and reads the greeting; an error carries what the server logged.
    pub fn tls_handshake(&self, tls: Arc<ClientConfig>) -> Result<String, String> {
        let attempt = || -> Result<String, String> {
            let tcp = TcpStream::connect((HOST, self.submissions)).map_err(|e| e.to_string())?;
            tcp.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
            let name = "localhost".try_into().map_err(|_| "server name".to_owned())?;
            let conn = ClientConnection::new(tls, name).map_err(|e| e.to_string())?;
            let mut stream = StreamOwned::new(conn, tcp);
            let mut greeting = [0u8; 256];
            let n = stream.read(&mut greeting).map_err(|e| e.to_string())?;
            Ok(String::from_utf8_lossy(&greeting[..n]).trim().to_owned())
        };
        attempt().map_err(|client| {
            // The first "disconnected" line is the start-up probe's plain connection; wait for ours.
            let deadline = Instant::now() + Duration::from_secs(3);
            let server = loop {
                let log = self.dir.tail("smtpd.log", 20);
                let lines: Vec<&str> = log.lines().filter(|l| l.contains("disconnected")).collect();
                if lines.len() >= 2 || Instant::now() > deadline {
                    break lines.last().map(|l| l.trim().to_owned()).unwrap_or(log.clone());
                }
                std::thread::sleep(Duration::from_millis(100));
            };
            format!("the TLS handshake failed in the server: {server} (client: {client})")
        })
    }

    /// Whether smtpd still runs.
    pub fn running(&mut self) -> bool {
        self.daemon.exited().is_none()
    }
}
