//! Exim 4.96 (Debian 12's exim4-daemon-light): submission with STARTTLS and submissions with
//! implicit TLS, SMTP AUTH PLAIN, LOGIN and CRAM-MD5 only after TLS, delivery into a Maildir per
//! account under the server's directory.
//!
//! `exim -C exim.conf -bdf` runs the daemon in the foreground with our own configuration; root may
//! name any file with `-C`. `exim_path` points at the copied binary (Exim re-executes itself to
//! deliver). The binary looks up its compiled-in user `Debian-exim` at start even when the
//! configuration names another: `.ci/posthorn interop` creates that system user as the package
//! would. A router's `local_parts` list is what makes `$local_part_data` untainted, else Exim
//! refuses to use it in the Maildir path.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Daemon, ServerDir, free_ports, wait_greeting};
use crate::mailstack::{Account, DOMAIN, HOST, TestCa};

/// A running Exim.
#[derive(Debug)]
pub struct Exim {
    daemon: Daemon,
    /// Its directory.
    pub dir: ServerDir,
    /// Submission (STARTTLS).
    pub submission: u16,
    /// Submissions (implicit TLS).
    pub submissions: u16,
}

impl Exim {
    /// Starts Exim from `tools/exim`; every account may send (after TLS) and receives mail.
    pub fn start(tools: &Path, ca: &TestCa, accounts: &[Account]) -> Result<Exim, String> {
        let dir = ServerDir::create("exim", tools, "exim")?;
        let root = dir.path.display().to_string();
        let (cert, key) = dir.write_tls(ca, 0o644)?;
        let ports = free_ports(2)?;
        let (submission, submissions) = (ports[0], ports[1]);
        for sub in ["spool", "log", "mail"] {
            fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
        }
        let locals = accounts.iter().map(|a| a.user.as_str()).collect::<Vec<_>>().join(" : ");
        // A `${if eq…}` per account: the plaintext authenticators' $auth2/$auth3 (PLAIN) and
        // $auth1/$auth2 (LOGIN) hold the user and password; cram_md5 needs the secret itself.
        let check = |user: &str, pass: &str| {
            let tests: Vec<String> = accounts
                .iter()
                .map(|a| format!("and{{{{eq{{{user}}}{{{}}}}}{{eq{{{pass}}}{{{}}}}}}}", a.user, a.password))
                .collect();
            format!("${{if or{{{{{}}}}}}}", tests.join("}{"))
        };
        let secret = accounts.iter().rev().fold("fail".to_owned(), |rest, a| {
            format!("${{if eq{{$auth1}}{{{}}}{{{}}}{{{rest}}}}}", a.user, a.password)
        });
        let exim_conf = format!(
            r#"exim_path = {root}/tree/usr/sbin/exim4
exim_user = daemon
exim_group = daemon
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
primary_hostname = localhost
domainlist local_domains = {DOMAIN}
local_interfaces = <; {HOST}.{submission} ; {HOST}.{submissions}
daemon_smtp_ports = {submission} : {submissions}
tls_on_connect_ports = {submissions}
tls_advertise_hosts = *
tls_certificate = {cert}
tls_privatekey = {key}
auth_advertise_hosts = ${{if eq{{$tls_in_cipher}}{{}}{{}}{{*}}}}
acl_smtp_rcpt = acl_check_rcpt
keep_environment =
never_users =

begin acl
acl_check_rcpt:
  deny    !authenticated = *
          message = authentication required
  accept  domains = +local_domains
          local_parts = {locals}
  deny    message = unknown user

begin routers
local_user:
  driver = accept
  domains = +local_domains
  local_parts = {locals}
  transport = maildir

begin transports
maildir:
  driver = appendfile
  directory = {root}/mail/$local_part_data/Maildir
  maildir_format
  create_directory
  user = daemon
  group = daemon
  mode = 0600

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = {plain}
  server_set_id = $auth2
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = {login}
  server_set_id = $auth1
cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = {secret}
  server_set_id = $auth1
"#,
            cert = cert.display(),
            key = key.display(),
            plain = check("$auth2", "$auth3"),
            login = check("$auth1", "$auth2"),
        );
        dir.write("exim.conf", exim_conf, 0o644)?;
        dir.chown("spool", "daemon:daemon")?;
        dir.chown("log", "daemon:daemon")?;
        dir.chown("mail", "daemon:daemon")?;

        let mut exim = Command::new(format!("{root}/tree/usr/sbin/exim4"));
        exim.args(["-C", &format!("{root}/exim.conf"), "-bdf", "-q30m"]);
        let mut daemon = Daemon::spawn(exim, &dir.join("exim.out"))?;
        let logs = || format!("{}\n{}", dir.tail("exim.out", 10), dir.tail("log/mainlog", 20));
        wait_greeting(&mut daemon, submission, "220", logs)?;
        Ok(Exim { daemon, dir, submission, submissions })
    }

    /// The messages delivered to `user`'s Maildir so far, raw.
    pub fn delivered(&self, user: &str) -> Vec<Vec<u8>> {
        let new = self.dir.join(&format!("mail/{user}/Maildir/new"));
        let mut paths: Vec<PathBuf> =
            fs::read_dir(new).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        paths.iter().filter_map(|p| fs::read(p).ok()).collect()
    }

    /// Exim's main and panic logs.
    pub fn logs(&self) -> String {
        format!("{}\n{}", self.dir.tail("log/mainlog", 30), self.dir.tail("log/paniclog", 10))
    }

    /// Whether the daemon still runs.
    pub fn running(&mut self) -> bool {
        self.daemon.exited().is_none()
    }
}
