//! Cyrus IMAP 3.6.1 (Debian 12's cyrus-imapd and cyrus-pop3d): IMAP, IMAPS, POP3 and POP3S.
//!
//! `master -C imapd.conf -M cyrus.conf` runs every service; each `cmd` is an absolute path into the
//! copied tree and carries `-C` (the compiled-in /etc/imapd.conf is not ours). Processes run as
//! the system user `daemon` (`cyrus_user`; the package's `cyrus` user is not created). Accounts
//! live in a sasldb, so Cyrus offers SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN and LOGIN (and
//! APOP on POP3). Like Debian's own imapd.conf, `altnamespace` and `unixhierarchysep` are off: a
//! user's folders are `INBOX.Name` with `.` as the separator, and none exist until created, so
//! [`Cyrus::start`] creates Sent, Drafts and Trash with their special-use (RFC 6154).
//! Cyrus logs only to syslog, which this machine does not run: errors carry master's output.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use rustls::ClientConfig;

use super::{Daemon, ServerDir, free_ports, wait_greeting};
use crate::mailstack::{Account, HOST, ImapClient, TestCa};

/// The admin that creates users' mailboxes (`admins:` in imapd.conf).
const ADMIN: (&str, &str) = ("cyrus-admin", "cyrus-admin-3Jr");

/// A running Cyrus with its accounts' INBOX, Sent, Drafts and Trash.
#[derive(Debug)]
pub struct Cyrus {
    daemon: Daemon,
    /// Its directory.
    pub dir: ServerDir,
    /// IMAP with STARTTLS.
    pub imap: u16,
    /// IMAP over TLS.
    pub imaps: u16,
    /// POP3 with STLS.
    pub pop3: u16,
    /// POP3 over TLS.
    pub pop3s: u16,
    /// ManageSieve (timsieved, RFC 5804), STARTTLS before sign-in.
    pub sieve: u16,
}

impl Cyrus {
    /// Starts Cyrus from `tools/cyrus` with `accounts`, and creates their mailboxes.
    pub fn start(
        tools: &Path,
        ca: &TestCa,
        tls: Arc<ClientConfig>,
        accounts: &[Account],
    ) -> Result<Cyrus, String> {
        let dir = ServerDir::create("cyrus", tools, "cyrus")?;
        let root = dir.path.display().to_string();
        let bin = format!("{root}/tree/usr/lib/cyrus/bin");
        let (cert, key) = dir.write_tls(ca, 0o644)?;
        let ports = free_ports(5)?;
        let (imap, imaps, pop3, pop3s, sieve) = (ports[0], ports[1], ports[2], ports[3], ports[4]);
        for sub in ["conf", "spool", "sieve", "run"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
        }
        let conf = format!("{root}/imapd.conf");
        // No idled runs here, so an IDLE session learns of new mail by polling its mailbox every
        // `imapidlepoll` seconds (60 by default: longer than the scenario waits for a delivery).
        dir.write(
            "imapd.conf",
            format!(
                "configdirectory: {root}/conf\npartition-default: {root}/spool\nsievedir: {root}/sieve\n\
                 cyrus_user: daemon\ncyrus_group: daemon\nadmins: {admin}\n\
                 altnamespace: no\nunixhierarchysep: no\n\
                 sasl_pwcheck_method: auxprop\nsasl_auxprop_plugin: sasldb\nsasl_sasldb_path: {root}/sasldb2\n\
                 sasl_mech_list: SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN\n\
                 allowplaintext: yes\nallowapop: yes\n\
                 tls_server_cert: {cert}\ntls_server_key: {key}\n\
                 syslog_prefix: posthorn-cyrus\nimapidlepoll: 2\n\
                 idlesocket: {root}/run/idle\nnotifysocket: {root}/run/notify\nlmtpsocket: {root}/run/lmtp\n\
                 proc_path: {root}/run/proc\nmboxname_lockpath: {root}/run/lock\n\
                 statuscache_db_path: {root}/run/statuscache.db\nduplicate_db_path: {root}/run/deliver.db\n\
                 ptscache_db_path: {root}/run/ptscache.db\ntls_sessions_db_path: {root}/run/tls_sessions.db\n",
                admin = ADMIN.0,
                cert = cert.display(),
                key = key.display(),
            ),
            0o644,
        )?;
        dir.write(
            "cyrus.conf",
            format!(
                "START {{\n  recover cmd=\"{bin}/ctl_cyrusdb -C {conf} -r\"\n}}\nSERVICES {{\n\
                 imap cmd=\"{bin}/imapd -C {conf}\" listen=\"{HOST}:{imap}\" prefork=0\n\
                 imaps cmd=\"{bin}/imapd -s -C {conf}\" listen=\"{HOST}:{imaps}\" prefork=0\n\
                 pop3 cmd=\"{bin}/pop3d -C {conf}\" listen=\"{HOST}:{pop3}\" prefork=0\n\
                 pop3s cmd=\"{bin}/pop3d -s -C {conf}\" listen=\"{HOST}:{pop3s}\" prefork=0\n\
                 sieve cmd=\"{bin}/timsieved -C {conf}\" listen=\"{HOST}:{sieve}\" prefork=0\n}}\nEVENTS {{\n}}\n"
            ),
            0o644,
        )?;
        let users = accounts.iter().map(|a| (a.user.as_str(), a.password.as_str()));
        for (user, password) in std::iter::once(ADMIN).chain(users) {
            let mut saslpasswd = Command::new("saslpasswd2");
            saslpasswd.args(["-p", "-c", "-f"]).arg(dir.join("sasldb2")).arg(user);
            run_with_input(&mut saslpasswd, password)?;
        }
        dir.chown(".", "daemon:daemon")?;

        let mut master = Command::new(format!("{bin}/master"));
        master.args([
            "-C",
            &conf,
            "-M",
            &format!("{root}/cyrus.conf"),
            "-p",
            &format!("{root}/run/master.pid"),
        ]);
        master.env("LD_LIBRARY_PATH", format!("{root}/tree/usr/lib/x86_64-linux-gnu"));
        let mut daemon = Daemon::spawn(master, &dir.join("master.log"))?;
        let logs = || dir.tail("master.log", 20);
        wait_greeting(&mut daemon, imap, "* OK", logs)?;
        wait_greeting(&mut daemon, pop3, "+OK", logs)?;
        wait_greeting(&mut daemon, sieve, "\"IMPLEMENTATION\"", logs)?;
        let cyrus = Cyrus { daemon, dir, imap, imaps, pop3, pop3s, sieve };

        let mut admin = cyrus.login(tls.clone(), ADMIN.0, ADMIN.1)?;
        for account in accounts {
            admin
                .create(&format!("user.{}", account.user))
                .map_err(|e| format!("create user.{}: {e}", account.user))?;
        }
        let _ = admin.logout();
        for account in accounts {
            let mut client = cyrus.login(tls.clone(), &account.user, &account.password)?;
            for (name, role) in [("Sent", "\\Sent"), ("Drafts", "\\Drafts"), ("Trash", "\\Trash")] {
                let args = format!("CREATE INBOX.{name} (USE ({role}))");
                client
                    .command("CREATE", &[crate::mailstack::imap::Part::Text(&args)])
                    .map_err(|e| format!("CREATE {args} as {}: {e}", account.user))?;
            }
            let _ = client.logout();
        }
        Ok(cyrus)
    }

    /// An IMAPS session logged in as `user`.
    pub fn login(&self, tls: Arc<ClientConfig>, user: &str, password: &str) -> Result<ImapClient, String> {
        let mut client = ImapClient::connect_tls(HOST, self.imaps, tls).map_err(|e| e.to_string())?;
        client.login(user, password).map_err(|e| format!("LOGIN {user}: {e}\n{}", self.logs()))?;
        Ok(client)
    }

    /// master's own output (Cyrus logs the rest to syslog).
    pub fn logs(&self) -> String {
        self.dir.tail("master.log", 20)
    }

    /// Whether master still runs.
    pub fn running(&mut self) -> bool {
        self.daemon.exited().is_none()
    }
}

/// Runs `command` with `input` on its stdin.
pub(crate) fn run_with_input(command: &mut Command, input: &str) -> Result<(), String> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{command:?}: {e}"))?;
    child.stdin.take().expect("piped").write_all(input.as_bytes()).map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{command:?}: {} {}", output.status, String::from_utf8_lossy(&output.stderr).trim()))
    }
}
