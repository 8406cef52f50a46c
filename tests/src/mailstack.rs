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

mod config;
pub mod error;
pub mod imap;
mod process;
mod readiness;
pub mod tls;

use std::fmt;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::CertificateDer;

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

/// A test account: a login name, its password and its mail address.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The login name for IMAP, POP3 and SMTP AUTH (`alice`; `alice@posthorn.test` works too).
    pub user: String,
    /// The password, accepted by PLAIN, LOGIN, CRAM-MD5 and SCRAM.
    pub password: String,
    /// The mail address (`alice@posthorn.test`).
    pub address: String,
}

impl fmt::Debug for Account {
    // Test passwords are throwaway, but printing secrets is a habit the project does not have.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .field("address", &self.address)
            .finish()
    }
}

fn test_accounts() -> Vec<Account> {
    // Distinct passwords so a test cannot pass by logging in as the wrong account. dave's password
    // holds a space, a double quote and a backslash, which IMAP must send quoted-escaped or as a
    // literal: the product's quoting gets a real check against a real server.
    [
        ("alice", "alice-pw-7Kq2"),
        ("bob", "bob-pw-M4x9"),
        ("carol", "carol-pw-Z8r1"),
        ("dave", r#"dave pw "q" \b"#),
    ]
    .into_iter()
    .map(|(user, password)| Account {
        user: user.into(),
        password: password.into(),
        address: format!("{user}@{DOMAIN}"),
    })
    .collect()
}

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
    /// packages dovecot-imapd, dovecot-pop3d, dovecot-lmtpd and postfix. Safe to call from many
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
        let mail_owner = process::ensure_mail_user()?;
        let ca = TestCa::generate()?;
        let tls = ca.client_config()?;

        let mut attempt = 1;
        loop {
            let dir = process::create_stack_dir(&base)?;
            let ports = process::free_ports(7).map_err(MailStackError::setup("find free loopback ports"))?;
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
        process::write_file(&layout.passwd(), config::passwd_file(&self.accounts).as_bytes(), 0o640)?;
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

    /// An IMAPS session logged in as `account`, for checks the helpers below do not cover.
    pub fn imap_session(&self, account: &Account) -> Result<ImapClient, MailStackError> {
        ImapClient::connect_tls(HOST, self.ports.imaps, self.tls.clone())
            .and_then(|mut client| client.login(&account.user, &account.password).map(|()| client))
            .map_err(|source| self.imap_error(account, "login", source))
    }

    fn imap_run<T>(
        &self,
        account: &Account,
        action: &str,
        work: impl FnOnce(&mut ImapClient) -> Result<T, ImapError>,
    ) -> Result<T, MailStackError> {
        let mut client = ImapClient::connect_tls(HOST, self.ports.imaps, self.tls.clone())
            .map_err(|source| self.imap_error(account, action, source))?;
        let value = client
            .login(&account.user, &account.password)
            .and_then(|()| work(&mut client))
            .map_err(|source| self.imap_error(account, action, source))?;
        // The work is done; a failed LOGOUT would not make its result wrong.
        let _ = client.logout();
        Ok(value)
    }

    fn imap_error(&self, account: &Account, action: &str, source: ImapError) -> MailStackError {
        MailStackError::Imap {
            action: action.into(),
            user: account.user.clone(),
            source: Box::new(source),
            logs: self.logs(),
        }
    }

    /// Writes `count` messages straight into `mailbox`'s Maildir, much faster than APPEND for large
    /// folders; Dovecot indexes them on the first SELECT. `message(i)` for i in 1..=count gives the
    /// raw message and its Maildir flags (`"S"` for \Seen, `"FS"` for \Flagged and \Seen, `""`).
    pub fn seed_maildir(
        &self,
        account: &Account,
        mailbox: &str,
        count: u32,
        message: impl Fn(u32) -> (Vec<u8>, &'static str),
    ) -> Result<(), MailStackError> {
        let owner = process::ensure_mail_user()?;
        let maildir = self.dir().join("home").join(&account.user).join("Maildir");
        let dir = if mailbox.eq_ignore_ascii_case("INBOX") {
            maildir.clone()
        } else {
            maildir.join(format!(".{mailbox}"))
        };
        for sub in [&maildir, &dir, &dir.join("cur"), &dir.join("new"), &dir.join("tmp")] {
            process::make_dir(sub, Some(owner), 0o700)?;
        }
        for i in 1..=count {
            let (body, flags) = message(i);
            // Maildir names: unique, with the size and the flags in the "info" part.
            let name = format!("{}.M{i}P1.seed,S={}:2,{flags}", 1_750_000_000 + u64::from(i), body.len());
            let path = dir.join("cur").join(name);
            process::write_file(&path, &body, 0o600)?;
            std::os::unix::fs::chown(&path, Some(owner.0), Some(owner.1))
                .map_err(MailStackError::setup(format!("chown {}", path.display())))?;
        }
        Ok(())
    }

    /// Appends `messages` (raw RFC 5322 bytes, CRLF line ends) to `mailbox` with IMAP APPEND and
    /// returns their UIDs in order.
    pub fn seed<M: AsRef<[u8]>>(
        &self,
        account: &Account,
        mailbox: &str,
        messages: &[M],
    ) -> Result<Vec<u32>, MailStackError> {
        self.imap_run(account, &format!("APPEND to {mailbox}"), |client| {
            messages.iter().map(|message| client.append(mailbox, message.as_ref())).collect()
        })
    }

    /// Every message in `mailbox`, oldest UID first, fetched with `BODY.PEEK[]` (flags untouched).
    pub fn fetch_all(&self, account: &Account, mailbox: &str) -> Result<Vec<FetchedMessage>, MailStackError> {
        self.imap_run(account, &format!("FETCH from {mailbox}"), |client| fetch_mailbox(client, mailbox))
    }

    /// Every mailbox of `account` (`LIST "" "*"`), with attributes such as `\Sent`.
    pub fn mailboxes(&self, account: &Account) -> Result<Vec<ListedMailbox>, MailStackError> {
        self.imap_run(account, "LIST", ImapClient::list)
    }

    /// Creates `mailbox` for `account`.
    pub fn create_mailbox(&self, account: &Account, mailbox: &str) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("CREATE {mailbox}"), |client| client.create(mailbox))
    }

    /// Deletes `mailbox` of `account`.
    pub fn delete_mailbox(&self, account: &Account, mailbox: &str) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("DELETE {mailbox}"), |client| client.delete(mailbox))
    }

    /// Replaces the flags of message `uid` in `mailbox` with `flags` (e.g. `["\\Seen", "$Label1"]`).
    pub fn set_flags(
        &self,
        account: &Account,
        mailbox: &str,
        uid: u32,
        flags: &[&str],
    ) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("STORE in {mailbox}"), |client| {
            client.select(mailbox)?;
            client.store_flags(uid, flags)
        })
    }

    /// Expunges one message (UID STORE \Deleted, then UID EXPUNGE), as another client would.
    /// Changes an account's password on the server, as a provider's web page would: Dovecot reads
    /// its passwd-file again when it changes, and SMTP AUTH goes through Dovecot too. Returns once
    /// the old password is refused.
    pub fn change_password(&self, account: &Account, password: &str) -> Result<(), MailStackError> {
        let accounts: Vec<Account> = self
            .accounts
            .iter()
            .map(|a| {
                if a.user == account.user {
                    Account { password: password.to_owned(), ..a.clone() }
                } else {
                    a.clone()
                }
            })
            .collect();
        process::write_file(&self.layout.passwd(), config::passwd_file(&accounts).as_bytes(), 0o640)?;
        process::give_to_group(&self.layout.passwd(), "dovecot")?;
        // Dovecot looks at the file's mtime at most once a second (db-passwd-file.c): a sign-in
        // in the same second as the write could still see the old password.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        Ok(())
    }

    /// Makes Postfix answer `RCPT TO:<address>` with `reply` (a 4yz such as
    /// `451 4.7.1 Greylisted, try again later`), or, with `None`, accept it again. Rewrites the
    /// access map and reloads Postfix (SIGHUP to its master, as `postfix reload` does); sessions
    /// opened from then on see the change.
    pub fn defer_recipient(&self, address: &str, reply: Option<&str>) -> Result<(), MailStackError> {
        match reply {
            Some(reply) => self.recipient_replies(&[(address, reply)]),
            None => self.recipient_replies(&[]),
        }
    }

    /// As [`MailStack::defer_recipient`] for several addresses at once, each with its own reply;
    /// every address not listed is accepted again.
    pub fn recipient_replies(&self, replies: &[(&str, &str)]) -> Result<(), MailStackError> {
        let map: String = replies.iter().map(|(address, reply)| format!("{address} {reply}\n")).collect();
        process::write_file(&self.layout.deferred_recipients(), map.as_bytes(), 0o644)?;
        process::reload_postfix(&self.layout);
        Ok(())
    }

    pub fn expunge(&self, account: &Account, mailbox: &str, uid: u32) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("EXPUNGE in {mailbox}"), |client| {
            client.select(mailbox)?;
            client.store_flags(uid, &["\\Deleted"])?;
            client.command("UID EXPUNGE", &[imap::Part::Text(&format!("UID EXPUNGE {uid}"))])?;
            Ok(())
        })
    }

    /// Polls `mailbox` until a message satisfies `predicate`, for delivery checks. A mailbox that
    /// does not exist yet counts as empty.
    ///
    /// On timeout the error lists what the mailbox held and carries the Postfix log, which says
    /// where a delivery went.
    pub fn wait_for_message(
        &self,
        account: &Account,
        mailbox: &str,
        predicate: impl Fn(&FetchedMessage) -> bool,
        timeout: Duration,
    ) -> Result<FetchedMessage, MailStackError> {
        let began = Instant::now();
        let action = format!("wait for a message in {mailbox}");
        loop {
            let messages =
                self.imap_run(account, &action, |client| match fetch_mailbox(client, mailbox) {
                    // SELECT of a missing mailbox is a NO; delivery may create it later.
                    Err(ImapError::Rejected { command, .. }) if command == "SELECT" => Ok(Vec::new()),
                    other => other,
                })?;
            let seen = messages.len();
            if let Some(found) = messages.into_iter().find(|message| predicate(message)) {
                return Ok(found);
            }
            if began.elapsed() >= timeout {
                return Err(MailStackError::Timeout {
                    what: format!(
                        "a matching message in {mailbox} of {} ({seen} messages there, none matched)",
                        account.user
                    ),
                    seconds: began.elapsed().as_secs_f64(),
                    logs: self.logs(),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn fetch_mailbox(client: &mut ImapClient, mailbox: &str) -> Result<Vec<FetchedMessage>, ImapError> {
    // UID FETCH 1:* on an empty mailbox is answered differently by different servers; skip it.
    if client.select(mailbox)? == 0 {
        return Ok(Vec::new());
    }
    client.fetch_all()
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
