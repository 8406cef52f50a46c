//! Courier IMAP 5.0.13 and Courier POP3 (Debian 12's courier-imap and courier-pop): IMAP with
//! STARTTLS, IMAPS, POP3S, Maildir storage, accounts in a userdb through authdaemond.
//!
//! Courier's authentication library has its paths compiled in (`/etc/courier/authdaemonrc`,
//! `/etc/courier/userdb`, the socket under `/run/courier/authdaemon`), so the whole server runs
//! in a private mount namespace (`unshare --mount`) where this server's own `etc/` and `run/`
//! are bind-mounted over `/etc/courier` and `/run/courier`: nothing of the machine's is changed.
//! `couriertcpd` and `couriertls` are started directly (the package's init scripts would
//! daemonize) with the package's config files sourced for everything else. Courier offers
//! AUTH=PLAIN only after TLS, no MOVE (clients copy and expunge), the `INBOX.` namespace with
//! `.` as separator.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use super::{Daemon, ServerDir, free_ports, wait_greeting};
use crate::mailstack::{Account, HOST, TestCa};

/// A running Courier IMAP and POP3.
#[derive(Debug)]
pub struct Courier {
    daemon: Daemon,
    /// Its directory.
    pub dir: ServerDir,
    /// IMAP with STARTTLS.
    pub imap: u16,
    /// IMAP over TLS.
    pub imaps: u16,
    /// POP3 over TLS.
    pub pop3s: u16,
}

impl Courier {
    /// Starts Courier from `tools/courier` with `accounts` (Maildirs owned by `daemon`).
    pub fn start(tools: &Path, ca: &TestCa, accounts: &[Account]) -> Result<Courier, String> {
        let dir = ServerDir::create("courier", tools, "courier")?;
        let root = dir.path.display().to_string();
        let tree = format!("{root}/tree");
        let ports = free_ports(3)?;
        let (imap, imaps, pop3s) = (ports[0], ports[1], ports[2]);
        super::run(Command::new("cp").arg("-a").arg(format!("{tree}/etc/courier")).arg(dir.join("etc")))?;
        std::fs::create_dir_all(dir.join("run")).map_err(|e| e.to_string())?;
        dir.write("etc/imapd.pem", format!("{}{}", ca.server_key_pem, ca.server_cert_pem), 0o600)?;
        dir.write(
            "etc/authdaemonrc",
            "authmodulelist=\"authuserdb\"\ndaemons=3\nauthdaemonvar=/run/courier/authdaemon\n\
             DEBUG_LOGIN=0\nDEFAULTOPTIONS=\"\"\nLOGGEROPTS=\"\"\n",
            0o644,
        )?;
        let mut users = String::new();
        for a in accounts {
            let home = format!("{root}/home/{}", a.user);
            let _ = write!(
                users,
                "mkdir -p {home}\n{tree}/usr/bin/maildirmake.courier {home}/Maildir\nchown -R daemon:daemon {home}\n\
                 userdb {u} set uid=1 gid=1 home={home} mail={home}/Maildir\n\
                 printf '%s\\n' '{p}' | userdbpw -md5 | userdb {u} set systempw\n",
                u = a.user,
                p = a.password,
            );
        }
        let tcpd = format!(
            "{tree}/usr/sbin/couriertcpd -address={HOST} -nodnslookup -noidentlookup -maxprocs=40 -maxperip=40"
        );
        // Without FAM, an IDLE session learns of new mail by polling the folder every
        // IMAP_IDLE_TIMEOUT seconds (60 in Debian's imapd: longer than the scenario waits).
        let script = format!(
            "set -e\nmount --bind {root}/etc /etc/courier\nmount --bind {root}/run /run/courier\n\
             mkdir -p /run/courier/authdaemon\n{users}makeuserdb\n\
             set -a\n. /etc/courier/authdaemonrc\n/usr/lib/courier/courier-authlib/authdaemond &\necho $! >> {root}/pids\n\
             . /etc/courier/imapd\n. /etc/courier/imapd-ssl\n. /etc/courier/pop3d\n. /etc/courier/pop3d-ssl\n\
             COURIERTLS={tree}/usr/bin/couriertls\nTLS_CERTFILE=/etc/courier/imapd.pem\nTLS_DHPARAMS=\n\
             TLS_CACHEFILE=\nIMAP_STARTTLS=YES\nIMAP_IDLE_TIMEOUT=2\nset +a\n\
             {tcpd} {imap} {tree}/usr/lib/courier/courier/imaplogin {tree}/usr/bin/imapd Maildir &\necho $! >> {root}/pids\n\
             IMAP_TLS=1 {tcpd} {imaps} $COURIERTLS -server -tcpd {tree}/usr/lib/courier/courier/imaplogin \
             {tree}/usr/bin/imapd Maildir &\necho $! >> {root}/pids\n\
             POP3_TLS=1 {tcpd} {pop3s} $COURIERTLS -server -tcpd {tree}/usr/lib/courier/courier/courierpop3login \
             {tree}/usr/lib/courier/courier/courierpop3d Maildir &\necho $! >> {root}/pids\nwait\n"
        );
        let script_path = dir.write("start.sh", script, 0o755)?;
        let mut unshare = Command::new("unshare");
        unshare.args(["--mount", "--propagation", "private", "sh"]).arg(script_path);
        let mut daemon = Daemon::spawn(unshare, &dir.join("courier.log"))?;
        let logs = || dir.tail("courier.log", 30);
        wait_greeting(&mut daemon, imap, "* OK", logs)?;
        Ok(Courier { daemon, dir, imap, imaps, pop3s })
    }

    /// The servers' output (authdaemond, couriertcpd, imapd and pop3d log to stderr).
    pub fn logs(&self) -> String {
        self.dir.tail("courier.log", 30)
    }

    /// Whether the server still runs.
    pub fn running(&mut self) -> bool {
        self.daemon.exited().is_none()
    }
}

impl Drop for Courier {
    // couriertcpd leaves the process group it was started in, so stopping the group (Daemon's
    // drop) does not reach it: each server's pid was written to `pids` when it started.
    fn drop(&mut self) {
        let pids = std::fs::read_to_string(self.dir.join("pids")).unwrap_or_default();
        let pids: Vec<&str> = pids.split_whitespace().collect();
        for signal in ["-TERM", "-KILL"] {
            if !pids.is_empty() {
                let _ = Command::new("kill").arg(signal).args(&pids).output();
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
        }
    }
}
