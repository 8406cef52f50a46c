//! A real mail stack for tests: Dovecot (IMAP, POP3, LMTP) and Postfix (submission) on free
//! loopback ports, from a temp dir, with a throwaway CA. One call starts it; dropping it stops the
//! servers and deletes the directory.
//!
//! ```no_run
//! use posthorn_tests::mailstack::MailStack;
//!
//! let stack = MailStack::start().expect("mail stack");
//! let uids = stack.seed(stack.alice(), "INBOX", &[&b"Subject: hi\r\n\r\nhello\r\n"[..]]).unwrap();
//! let messages = stack.fetch_all(stack.alice(), "INBOX").unwrap();
//! assert_eq!(messages[0].uid, uids[0]);
//! ```
//!
//! # What runs
//! - Dovecot 2.3: IMAP ([`Ports::imap`], STARTTLS offered), IMAPS, POP3 (STLS offered), POP3S,
//!   LMTP on an inet listener for Postfix; SASL PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1 and
//!   SCRAM-SHA-256; accounts in a passwd-file; special-use folders Drafts, Sent, Trash, Junk and Archive
//!   (any of them left out with [`MailStack::start_without_folders`]); CONDSTORE, QRESYNC,
//!   IDLE, MOVE, LITERAL+, UIDPLUS and the rest of Dovecot's defaults.
//! - Postfix 3.7: submission with STARTTLS required ([`Ports::submission`]) and submissions with
//!   implicit TLS ([`Ports::submissions`]), SASL through Dovecot; only authenticated clients may
//!   send, only to [`DOMAIN`]; an unknown user there gets `550 5.1.1` at RCPT; nothing listens on
//!   port 25 and nothing is relayed anywhere.
//!
//! # Plaintext login on loopback
//! Dovecot keeps its default of plaintext authentication only after TLS, but it counts a
//! connection whose remote address equals its local address as secure. So on [`HOST`] a plain
//! IMAP or POP3 connection may LOGIN without STARTTLS. To see Dovecot as a remote client would
//! (LOGINDISABLED, `[PRIVACYREQUIRED]` until STARTTLS), connect to [`UNTRUSTED_HOST`], where the
//! same ports listen and the certificate is valid too.
//!
//! # Sync and async tests
//! Every helper is synchronous (std sockets and rustls). From a tokio test, share the stack in an
//! `Arc` and call helpers inside `tokio::task::spawn_blocking`, or use a multi-threaded runtime; a
//! helper blocking a current-thread runtime would stall a bridge running on that same runtime.
//!
//! # Debugging
//! Set `POSTHORN_KEEP_MAILSTACK=1` to keep the directory (configs, logs, maildirs) after the test;
//! its path is [`MailStack::dir`]. Errors carry the tails of the server logs.

mod accounts;
mod config;
pub mod error;
pub mod imap;
mod mail;
mod process;
mod readiness;
mod sieve;
pub mod tls;

use std::fmt;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::CertificateDer;

pub use accounts::Account;
use accounts::test_accounts;
use config::Layout;
pub use error::MailStackError;
pub use imap::{FetchedMessage, ImapClient, ImapError, ListedMailbox};
pub use tls::TestCa;

/// The address every server listens on.
pub const HOST: &str = "127.0.0.1";
/// A second loopback address where Dovecot does not consider plaintext connections secure (see the
/// module documentation). Dovecot's IMAP, IMAPS, POP3 and POP3S ports listen here too.
pub const UNTRUSTED_HOST: &str = "127.0.0.2";
/// The mail domain of every test account.
pub const DOMAIN: &str = "posthorn.test";

/// How long [`MailStack::start`] waits for every server to greet.
pub const START_DEADLINE: Duration = Duration::from_secs(20);
/// How many times start() picks new ports when a port was taken before a server could bind it.
const START_ATTEMPTS: usize = 3;
/// How many lines of each log an error carries.
const LOG_LINES: usize = 40;

/// The stack's ports, all on [`HOST`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// IMAP, plain with STARTTLS (the role of port 143).
    pub imap: u16,
    /// IMAP over implicit TLS (the role of port 993).
    pub imaps: u16,
    /// POP3, plain with STLS (the role of port 110).
    pub pop3: u16,
    /// POP3 over implicit TLS (the role of port 995).
    pub pop3s: u16,
    /// Dovecot's LMTP, which Postfix delivers to (the harness's own business; tests rarely need it).
    pub lmtp: u16,
    /// SMTP submission, STARTTLS required before AUTH and MAIL (the role of port 587).
    pub submission: u16,
    /// SMTP submission over implicit TLS (the role of port 465).
    pub submissions: u16,
    /// Dovecot's ManageSieve (RFC 5804), STARTTLS before sign-in (the role of port 4190).
    pub managesieve: u16,
    /// Postfix for mail Dovecot itself sends (Sieve's vacation replies and redirects), from
    /// loopback without sign-in (the role of port 25 for a local relay).
    pub relay: u16,
}

impl Ports {
    fn from_list(list: &[u16]) -> Ports {
        Ports {
            imap: list[0],
            imaps: list[1],
            pop3: list[2],
            pop3s: list[3],
            lmtp: list[4],
            submission: list[5],
            submissions: list[6],
            managesieve: list[7],
            relay: list[8],
        }
    }
}

/// A TLS connection to one of the stack's ports, for raw protocol exchanges in tests.
pub type TlsStream = StreamOwned<ClientConnection, TcpStream>;

/// A running Dovecot + Postfix pair. Stopped and deleted on drop.
pub struct MailStack {
    layout: Layout,
    ports: Ports,
    accounts: Vec<Account>,
    ca: TestCa,
    tls: Arc<ClientConfig>,
    dovecot: Option<std::process::Child>,
    postfix: Option<std::process::Child>,
    startup: Duration,
    /// Special-use folders Dovecot does not make (see [`MailStack::start_without_folders`]).
    without_folders: Vec<&'static str>,
}

// Tokio tests share a stack through an Arc across spawn_blocking; keep that possible.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<MailStack>();
};

impl fmt::Debug for MailStack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailStack")
            .field("dir", &self.layout.root)
            .field("ports", &self.ports)
            .finish_non_exhaustive()
    }
}

impl MailStack {
    /// Starts Dovecot and Postfix in a fresh temp dir and returns once every port greets.
    ///
    /// Needs root (mail files belong to the system user `vmail`, created if missing) and the Debian
    /// packages dovecot-imapd, dovecot-pop3d, dovecot-lmtpd, dovecot-sieve, dovecot-managesieved
    /// and postfix. Safe to call from many
    /// tests at once: stacks share no directory, port or process.
    pub fn start() -> Result<MailStack, MailStackError> {
        Self::start_without_folders(&[])
    }

    /// Like [`MailStack::start`], but Dovecot makes none of the special-use folders named in
    /// `without` (of Drafts, Sent, Trash, Junk, Archive): an account as on a server that has no
    /// Sent or no Drafts folder. A test may still create one by another name.
    pub fn start_without_folders(without: &[&'static str]) -> Result<MailStack, MailStackError> {
        let began = Instant::now();
        let base = temp_base();
        static REAP: std::sync::Once = std::sync::Once::new();
        REAP.call_once(|| process::reap_stale(&base));

        process::require_root()?;
        process::find_program("dovecot")?;
        process::find_program("postfix")?;
        // Pigeonhole: Sieve on delivery and ManageSieve (dovecot-sieve, dovecot-managesieved).
        if !Path::new("/usr/lib/dovecot/managesieve").is_file() {
            return Err(MailStackError::NotInstalled { program: "dovecot-managesieved".into() });
        }
        let mail_owner = process::ensure_mail_user()?;
        let ca = TestCa::generate()?;
        let tls = ca.client_config()?;

        let mut attempt = 1;
        loop {
            let dir = process::create_stack_dir(&base)?;
            let ports = process::free_ports(9).map_err(MailStackError::setup("find free loopback ports"))?;
            let mut stack = MailStack {
                layout: Layout { root: dir },
                ports: Ports::from_list(&ports),
                accounts: test_accounts(),
                ca: ca.clone(),
                tls: tls.clone(),
                dovecot: None,
                postfix: None,
                startup: Duration::ZERO,
                without_folders: without.to_vec(),
            };
            match stack.launch(mail_owner, Instant::now() + START_DEADLINE) {
                Ok(()) => {
                    stack.startup = began.elapsed();
                    return Ok(stack);
                }
                Err(err) => {
                    // A port taken between choosing and binding is the one failure a retry fixes.
                    let port_taken = stack.logs().contains("Address already in use");
                    if !(port_taken && attempt < START_ATTEMPTS) {
                        return Err(err);
                    }
                    attempt += 1;
                    // Dropping `stack` stops what did start and deletes its directory.
                }
            }
        }
    }

    fn launch(&mut self, mail_owner: (u32, u32), deadline: Instant) -> Result<(), MailStackError> {
        let layout = self.layout.clone();
        let instance = layout.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        process::make_dir(&layout.tls_dir(), None, 0o755)?;
        process::write_file(&layout.ca_cert(), self.ca.ca_pem.as_bytes(), 0o644)?;
        process::write_file(&layout.server_cert(), self.ca.server_cert_pem.as_bytes(), 0o644)?;
        // Dovecot and Postfix read the key as root before dropping privileges.
        process::write_file(&layout.server_key(), self.ca.server_key_pem.as_bytes(), 0o600)?;
        // Dovecot's auth process reads the passwd-file as the user dovecot.
        process::write_file(&layout.passwd(), config::passwd_file(&self.accounts, None).as_bytes(), 0o640)?;
        process::give_to_group(&layout.passwd(), "dovecot")?;
        process::make_dir(&layout.homes(), Some(mail_owner), 0o755)?;
        process::write_file(
            &layout.dovecot_conf(),
            config::dovecot_conf(&layout, &self.ports, &instance, &self.without_folders).as_bytes(),
            0o644,
        )?;
        process::make_dir(&layout.postfix_conf(), None, 0o755)?;
        process::write_file(
            &layout.postfix_conf().join("main.cf"),
            config::postfix_main_cf(&layout, &self.ports).as_bytes(),
            0o644,
        )?;
        process::write_file(
            &layout.postfix_conf().join("master.cf"),
            config::postfix_master_cf(&self.ports).as_bytes(),
            0o644,
        )?;
        process::write_file(
            &layout.virtual_mailboxes(),
            config::virtual_mailboxes(&self.accounts).as_bytes(),
            0o644,
        )?;
        process::write_file(&layout.deferred_recipients(), b"", 0o644)?;
        process::create_postfix_queue(&layout)?;

        // Both start at once; neither needs the other until the first SMTP AUTH or delivery.
        self.dovecot = Some(process::spawn_dovecot(&layout)?);
        self.postfix = Some(process::spawn_postfix(&layout)?);
        let probes = readiness::probes(&self.ports);
        let (dovecot, postfix) = (&mut self.dovecot, &mut self.postfix);
        let alive = || {
            for (name, child) in [("dovecot", &mut *dovecot), ("postfix", &mut *postfix)] {
                if let Some(child) = child
                    && let Ok(Some(status)) = child.try_wait()
                {
                    return Err(format!("{name} exited early ({status})"));
                }
            }
            Ok(())
        };
        readiness::wait_ready(&probes, &self.tls, deadline, alive)
            .map_err(|reason| MailStackError::NotReady { reason, logs: self.logs() })
    }

    /// The ports of every service, all on [`HOST`].
    pub fn ports(&self) -> Ports {
        self.ports
    }

    /// The host to connect to: [`HOST`].
    pub fn host(&self) -> &'static str {
        HOST
    }

    /// The mail domain: [`DOMAIN`].
    pub fn domain(&self) -> &'static str {
        DOMAIN
    }

    /// All test accounts (at least four).
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// alice@posthorn.test.
    pub fn alice(&self) -> &Account {
        &self.accounts[0]
    }

    /// bob@posthorn.test.
    pub fn bob(&self) -> &Account {
        &self.accounts[1]
    }

    /// carol@posthorn.test.
    pub fn carol(&self) -> &Account {
        &self.accounts[2]
    }

    /// dave@posthorn.test, whose password contains a space, a double quote and a backslash.
    pub fn dave(&self) -> &Account {
        &self.accounts[3]
    }

    /// The throwaway CA and server certificate of this stack.
    pub fn ca(&self) -> &TestCa {
        &self.ca
    }

    /// The CA certificate in PEM, for clients that take a PEM file or string.
    pub fn ca_pem(&self) -> &str {
        &self.ca.ca_pem
    }

    /// The CA certificate in DER, for a rustls `RootCertStore`.
    pub fn ca_der(&self) -> &CertificateDer<'static> {
        &self.ca.ca_der
    }

    /// The CA certificate written as a PEM file, for programs that take a path.
    pub fn ca_pem_path(&self) -> PathBuf {
        self.layout.ca_cert()
    }

    /// A rustls client configuration that trusts this stack's CA (and nothing else).
    ///
    /// For tokio, wrap it: `tokio_rustls::TlsConnector::from(stack.tls_client_config())`.
    pub fn tls_client_config(&self) -> Arc<ClientConfig> {
        self.tls.clone()
    }

    /// Opens a verified TLS connection to `port` on [`HOST`] for a raw protocol exchange.
    pub fn connect_tls(&self, port: u16) -> Result<TlsStream, MailStackError> {
        imap::connect_tcp(HOST, port)
            .map_err(ImapError::from)
            .and_then(|tcp| imap::start_tls(tcp, HOST, self.tls.clone()))
            .map_err(|source| MailStackError::Connect { port, source: Box::new(source), logs: self.logs() })
    }

    /// The stack's directory (configs, logs, maildirs).
    pub fn dir(&self) -> &Path {
        &self.layout.root
    }

    /// Postfix's log file (`maillog_file`): print it when a submission test fails.
    pub fn postfix_log_path(&self) -> PathBuf {
        self.layout.postfix_log()
    }

    /// Dovecot's log file (`log_path`).
    pub fn dovecot_log_path(&self) -> PathBuf {
        self.layout.dovecot_log()
    }

    /// The last lines of every server log, labelled; handy in a test's failure message.
    pub fn logs(&self) -> String {
        process::logs(&self.layout, LOG_LINES)
    }

    /// How long [`MailStack::start`] took.
    pub fn startup_time(&self) -> Duration {
        self.startup
    }
}

/// Where stack directories go: /tmp unless overridden, because unix socket paths inside must stay
/// under 108 bytes and the server users must be able to traverse every parent.
fn temp_base() -> PathBuf {
    std::env::var_os("POSTHORN_MAILSTACK_TMP").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"))
}

impl Drop for MailStack {
    fn drop(&mut self) {
        // Postfix first, so it does not try to deliver to a Dovecot that is going away.
        if let Some(mut postfix) = self.postfix.take() {
            process::stop_postfix(&self.layout, &mut postfix);
        }
        let keep = std::env::var_os("POSTHORN_KEEP_MAILSTACK").is_some_and(|v| v != "0");
        if let Some(mut dovecot) = self.dovecot.take() {
            // Kept files should hold complete logs; deleted ones need not.
            process::stop_dovecot(&mut dovecot, keep);
        }
        if keep {
            eprintln!("mail stack kept in {}", self.layout.root.display());
            return;
        }
        if let Err(err) = process::remove_dir_patiently(&self.layout.root) {
            eprintln!("could not remove the mail stack directory {}: {err}", self.layout.root.display());
        }
    }
}
