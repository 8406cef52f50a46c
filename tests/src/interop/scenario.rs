//! The interop scenario: the same steps through the real app in Chromium, over the real bridge,
//! against whichever IMAP, POP3 and SMTP servers a [`Target`] names. Each step checks its effect
//! on the server with a separate IMAP session (or the SMTP server's delivered mail), and reports
//! a reason instead of panicking so the matrix can show every cell.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::ClientConfig;
use serde_json::{Value, json};

use super::matrix::Matrix;
use crate::app::RunningBridge;
use crate::browser::Browser;
use crate::mailstack::imap::Part;
use crate::mailstack::{Account, FetchedMessage, HOST, ImapClient};
use crate::ui::{WAIT, choose, click, click_row, fill, open_row, set_field, start_account_form, wait_outbox};

/// Every step of the scenario, in matrix order.
pub const SIGN_IN: &str = "sign-in";
pub const FOLDERS: &str = "folders (nested, non-ASCII)";
pub const READ: &str = "read (\\Seen)";
pub const FLAG: &str = "flag";
pub const MOVE: &str = "move";
pub const DELETE: &str = "delete (to Trash)";
pub const SEARCH: &str = "search";
pub const NEW_MAIL: &str = "new mail";
pub const POP3: &str = "POP3 list and read";
pub const SEND: &str = "send with Bcc";
pub const SENT: &str = "Sent filing";
pub const FOLDER_ADMIN: &str = "folders made, renamed, to Trash";
pub const FILTERS: &str = "filters kept (ManageSieve)";

/// Reads the raw messages an SMTP server delivered to an account so far.
pub type Delivered = Box<dyn Fn(&Account) -> Vec<Vec<u8>>>;

/// The servers one run of the scenario talks to.
pub struct Target {
    /// The IMAP server's name in the matrix.
    pub imap_name: String,
    /// Its IMAPS port.
    pub imaps: u16,
    /// Its POP3S port, if it has POP3.
    pub pop3s: Option<u16>,
    /// Its ManageSieve port (STARTTLS), if it keeps filters (RFC 5804).
    pub managesieve: Option<u16>,
    /// The SASL mechanisms to sign in with one by one (the app's `incoming-mechanism` values).
    pub mechanisms: Vec<&'static str>,
    /// The personal namespace's prefix (`INBOX.` on Cyrus and Courier, empty on Dovecot).
    pub prefix: &'static str,
    /// The hierarchy separator.
    pub separator: char,
    /// The SMTP server's name in the matrix.
    pub smtp_name: String,
    /// Its submissions (implicit TLS) port.
    pub submissions: u16,
    /// The raw messages the SMTP server delivered to a user so far.
    pub delivered: Delivered,
    /// The account that signs in; `bob` receives, `carol` is the Bcc.
    pub alice: Account,
    pub bob: Account,
    pub carol: Account,
    /// Trusts the throwaway CA.
    pub tls: Arc<ClientConfig>,
    /// The bridge that serves the app and may reach these ports.
    pub bridge_url: String,
}

impl Target {
    /// A bridge allowing `ports` on loopback and trusting the CA in `ca_pem`.
    pub fn bridge(ports: &[u16], ca_pem: std::path::PathBuf) -> RunningBridge {
        RunningBridge::for_local_mail(ports, Some(ca_pem))
    }

    fn mailbox(&self, name: &str) -> String {
        if name == "INBOX" { name.to_owned() } else { format!("{}{name}", self.prefix) }
    }

    /// Runs `work` in a fresh IMAPS session as `account`.
    pub fn imap<T>(
        &self,
        account: &Account,
        work: impl FnOnce(&mut ImapClient) -> Result<T, String>,
    ) -> Result<T, String> {
        let mut client =
            ImapClient::connect_tls(HOST, self.imaps, self.tls.clone()).map_err(|e| e.to_string())?;
        client.login(&account.user, &account.password).map_err(|e| format!("LOGIN {}: {e}", account.user))?;
        let value = work(&mut client);
        let _ = client.logout();
        value
    }

    fn fetch(&self, account: &Account, mailbox: &str) -> Result<Vec<FetchedMessage>, String> {
        let mailbox = self.mailbox(mailbox);
        self.imap(account, |c| {
            c.select(&mailbox).map_err(|e| format!("SELECT {mailbox}: {e}"))?;
            c.fetch_all().map_err(|e| e.to_string())
        })
    }

    /// Waits until `check` holds on the server (polling), else fails with what the page says.
    fn wait_server(
        &self,
        browser: &Browser,
        what: &str,
        check: impl Fn() -> Result<bool, String>,
    ) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            match check() {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("the server did not show {what} in time ({last}); the page says: {}", page_says(browser)))
    }

    /// Fills the account form for `protocol` on `port`, with `mechanism` if given, and saves.
    pub(super) fn sign_in(
        &self,
        browser: &mut Browser,
        account: &Account,
        protocol: &str,
        port: u16,
        mechanism: Option<&str>,
    ) -> Result<(), String> {
        browser.goto(&format!("{}/", self.bridge_url)).map_err(|e| e.to_string())?;
        start_account_form(browser, account, &account.password, protocol);
        if let Some(m) = mechanism {
            choose(browser, "incoming-mechanism", m);
        }
        fill(browser, "incoming-host", HOST);
        fill(browser, "incoming-port", &port.to_string());
        fill(browser, "incoming-username", &account.user);
        fill(browser, "outgoing-host", HOST);
        fill(browser, "outgoing-port", &self.submissions.to_string());
        fill(browser, "outgoing-username", &account.user);
        click(browser, "[data-testid=test-and-save]");
        browser
            .wait_until(
                "the mail view",
                "return !!document.querySelector('[data-testid=mail-view]')",
                vec![],
                WAIT,
            )
            .map(|_| ())
            .map_err(|e| format!("{e}; the page says: {}", page_says(browser)))
    }

    /// Seeds alice's and bob's mail and makes the folders the steps use.
    pub fn seed(&self) -> Result<(), String> {
        let (parent, nested, archive) = self.folder_names();
        self.imap(&self.alice, |c| {
            for name in [&parent, &nested, &archive] {
                c.create(name).map_err(|e| format!("CREATE {name}: {e}"))?;
            }
            for subject in ["Erste Nachricht", "Quarterly report", "Weekly news"] {
                c.append("INBOX", &message(subject)).map_err(|e| format!("APPEND INBOX: {e}"))?;
            }
            c.append(&parent, &message("Buch eins")).map_err(|e| format!("APPEND {parent}: {e}"))?;
            c.append(&nested, &message("Grün A")).map_err(|e| format!("APPEND {nested}: {e}"))?;
            Ok(())
        })?;
        self.imap(&self.bob, |c| {
            for subject in ["Grüße aus Köln", "Zweite Post"] {
                c.append("INBOX", &message(subject)).map_err(|e| format!("APPEND INBOX: {e}"))?;
            }
            Ok(())
        })
    }

    /// `Bücher`, `Bücher<sep>Grün und Blau & Co` and `Projekte` as wire names (RFC 3501 5.1.3).
    fn folder_names(&self) -> (String, String, String) {
        let parent = self.mailbox("B&APw-cher");
        let nested = format!("{parent}{}Gr&APw-n und Blau &- Co", self.separator);
        (parent, nested, self.mailbox("Projekte"))
    }

    /// Signs in once per mechanism and checks the protocol log shows that mechanism.
    pub fn sign_in_each_mechanism(&self, matrix: &mut Matrix) {
        for mechanism in self.mechanisms.clone() {
            matrix.run(&self.imap_name, &format!("{SIGN_IN} {mechanism}"), || {
                let mut browser = Browser::start().map_err(|e| e.to_string())?;
                self.sign_in(&mut browser, &self.alice, "imap", self.imaps, Some(mechanism))?;
                click(&mut browser, "[data-testid=toggle-log]");
                let lines = browser
                    .wait_until(
                        "the log lines",
                        "const l = [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent); \
                         return l.some(t => t.includes(' IMAP C: ') && t.includes('AUTHENTICATE ' + arguments[0])) && l;",
                        vec![json!(mechanism)],
                        WAIT,
                    )
                    .map_err(|e| format!("no AUTHENTICATE {mechanism} in the log: {e}"))?;
                let leaked = lines.as_array().into_iter().flatten().filter_map(Value::as_str).any(|l| l.contains(&self.alice.password));
                if leaked { Err("the password is in the log".into()) } else { Ok(()) }
            });
        }
    }

    /// Folders, read, flag, move, search, delete, new mail and send, in one browser session.
    pub fn mail_steps(&self, matrix: &mut Matrix) {
        let (imap, smtp) = (self.imap_name.clone(), self.smtp_name.clone());
        let mut browser = match Browser::start() {
            Ok(b) => b,
            Err(e) => {
                matrix.run(&imap, SIGN_IN, || Err(e.to_string()));
                return;
            }
        };
        if !matrix.run(&imap, SIGN_IN, || self.sign_in(&mut browser, &self.alice, "imap", self.imaps, None)) {
            return;
        }
        let b = &mut browser;
        let (parent, nested, archive) = self.folder_names();
        matrix.run(&imap, FOLDERS, || {
            folder_shows(b, &parent, "Bücher")?;
            folder_shows(b, &nested, "Grün und Blau & Co")?;
            open_folder(b, &nested)?;
            rows(b, &["Grün A"])?;
            open_folder(b, "INBOX")?;
            rows(b, &["Erste Nachricht", "Quarterly report", "Weekly news"])
        });
        matrix.run(&imap, READ, || {
            // From INBOX whatever the step before left open.
            open_folder(b, "INBOX")?;
            open_row(b, "Weekly news");
            self.wait_server(b, "\\Seen", || {
                Ok(self.find(&self.alice, "INBOX", "Weekly news")?.is_some_and(|m| has(&m, "\\Seen")))
            })
        });
        matrix.run(&imap, FLAG, || {
            click(b, "[data-testid=flag]");
            self.wait_server(b, "\\Flagged", || {
                Ok(self.find(&self.alice, "INBOX", "Weekly news")?.is_some_and(|m| has(&m, "\\Flagged")))
            })
        });
        matrix.run(&imap, MOVE, || {
            b.execute(
                "const s = document.querySelector('[data-testid=move-target]'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
                vec![json!(archive)],
            )
            .map_err(|e| e.to_string())?;
            click(b, "[data-testid=move]");
            self.wait_server(b, "the message moved", || {
                Ok(self.find(&self.alice, "Projekte", "Weekly news")?.is_some() && self.find(&self.alice, "INBOX", "Weekly news")?.is_none())
            })?;
            rows(b, &["Erste Nachricht", "Quarterly report"])
        });
        matrix.run(&imap, SEARCH, || {
            search(b, "subject", "Quarterly")?;
            rows(b, &["Quarterly report"])?;
            search(b, "text", "")?;
            rows(b, &["Erste Nachricht", "Quarterly report"])
        });
        matrix.run(&imap, DELETE, || {
            open_row(b, "Erste Nachricht");
            click(b, "[data-testid=delete]");
            self.wait_server(b, "the message in Trash", || {
                Ok(self.find(&self.alice, "Trash", "Erste Nachricht")?.is_some()
                    && self.find(&self.alice, "INBOX", "Erste Nachricht")?.is_none())
            })?;
            rows(b, &["Quarterly report"])
        });
        matrix.run(&imap, NEW_MAIL, || {
            self.imap(&self.alice, |c| {
                c.append("INBOX", &message("Live delivery")).map(|_| ()).map_err(|e| e.to_string())
            })?;
            rows(b, &["Live delivery", "Quarterly report"])
        });
        matrix.run(&imap, FOLDER_ADMIN, || self.folder_admin_steps(b));
        let mut message_id = None;
        matrix.run(&smtp, SEND, || {
            click(b, "[data-testid=new-message]");
            set_field(b, "to", &self.bob.address);
            set_field(b, "bcc", &self.carol.address);
            set_field(b, "subject", "Grüße über Exim und Co");
            set_field(b, "body", "Hallo Bob,\nschöne Grüße!\n");
            click(b, "[data-testid=send]");
            let id = wait_outbox(b, "Grüße über Exim und Co", "sent", WAIT);
            message_id = Some(id.clone());
            for who in [&self.bob, &self.carol] {
                let deadline = Instant::now() + WAIT;
                let got = loop {
                    let all = (self.delivered)(who);
                    if let Some(m) = all.into_iter().find(|m| String::from_utf8_lossy(m).contains(&id)) {
                        break m;
                    }
                    if Instant::now() > deadline {
                        return Err(format!("{} did not receive {id}", who.address));
                    }
                    std::thread::sleep(Duration::from_millis(200));
                };
                let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
                let headers = text.split("\r\n\r\n").next().unwrap_or_default();
                if headers.contains("bcc:")
                    || (who.address == self.bob.address && headers.contains(&self.carol.address))
                {
                    return Err(format!("{} sees the Bcc: {headers}", who.address));
                }
            }
            Ok(())
        });
        matrix.run(&imap, SENT, || {
            let id = message_id.clone().ok_or("nothing was sent")?;
            self.wait_server(b, "one copy in Sent", || {
                let sent = self.fetch(&self.alice, "Sent")?;
                let copies: Vec<_> =
                    sent.iter().filter(|m| String::from_utf8_lossy(&m.raw).contains(&id)).collect();
                Ok(copies.len() == 1 && has(copies[0], "\\Seen"))
            })
        });
        if let Err(e) = b.assert_no_console_errors(&[]) {
            matrix.run(&imap, "no console errors", || Err(e.to_string()));
        }
    }

    /// bob reads his INBOX over POP3: both messages listed, one opened.
    pub fn pop3_steps(&self, matrix: &mut Matrix) {
        let Some(port) = self.pop3s else {
            return matrix.not_applicable(&self.imap_name, &[POP3], "no POP3 server");
        };
        matrix.run(&self.imap_name, POP3, || {
            let mut browser = Browser::start().map_err(|e| e.to_string())?;
            self.sign_in(&mut browser, &self.bob, "pop3", port, None)?;
            // bob also got the message sent in mail_steps, if that ran first.
            rows_include(&mut browser, &["Grüße aus Köln", "Zweite Post"])?;
            click_row(&mut browser, "Grüße aus Köln");
            browser
                .wait_until(
                    "the body",
                    "const b = document.querySelector('[data-testid=text-body]'); return !!b && b.textContent.includes('Hallo aus dem Test');",
                    vec![],
                    WAIT,
                )
                .map(|_| ())
                .map_err(|e| format!("{e}; the page says: {}", page_says(&browser)))
        });
    }

    fn find(
        &self,
        account: &Account,
        mailbox: &str,
        subject: &str,
    ) -> Result<Option<FetchedMessage>, String> {
        let needle = format!("Subject: {}\r\n", encoded_word(subject));
        Ok(self
            .fetch(account, mailbox)?
            .into_iter()
            .find(|m| String::from_utf8_lossy(&m.raw).contains(&needle)))
    }

    /// Creates a special-use folder with CREATE-SPECIAL-USE (RFC 6154 section 3).
    pub fn create_special(&self, account: &Account, name: &str, role: &str) -> Result<(), String> {
        let args = format!("CREATE {} (USE ({role}))", self.mailbox(name));
        self.imap(account, |c| {
            c.command("CREATE", &[Part::Text(&args)]).map(|_| ()).map_err(|e| e.to_string())
        })
    }
}

fn has(m: &FetchedMessage, flag: &str) -> bool {
    m.flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
}

/// `text` as an RFC 2047 encoded word when it is not ASCII. Headers are sent encoded: Cyrus
/// replaces raw 8-bit header bytes with `X` (its default `munge8bit`), which is its right.
pub fn encoded_word(text: &str) -> String {
    use base64::Engine as _;
    if text.is_ascii() {
        text.to_owned()
    } else {
        format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(text))
    }
}

/// A short message with `subject`, its body 8-bit UTF-8.
pub fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.de>\r\nTo: alice@posthorn.test\r\nSubject: {}\r\n\
         Date: Mon, 1 Dec 2025 10:00:00 +0100\r\nMessage-ID: <{}@example.de>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nHallo aus dem Test.\r\n",
        encoded_word(subject),
        subject.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
    )
    .into_bytes()
}

pub(super) fn page_says(browser: &Browser) -> String {
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=status], [data-testid=error], [data-testid=setup-error]')] \
             .map(e => e.textContent).join(' | ')",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A folder's wire name as the server sends it: modified UTF-7 (RFC 3501 section 5.1.3), or
/// plain UTF-8 where the app enabled UTF8=ACCEPT (RFC 6855; Courier offers it).
pub(super) fn wire_forms(wire: &str) -> Vec<String> {
    let utf8 = posthorn_proto::imap::mailbox_name::decode(wire.as_bytes());
    if utf8 == wire { vec![wire.to_owned()] } else { vec![wire.to_owned(), utf8] }
}

fn folder_shows(browser: &mut Browser, wire: &str, label: &str) -> Result<(), String> {
    browser
        .wait_until(
            &format!("folder {wire:?} shown as {label:?}"),
            "const f = [...document.querySelectorAll('.folder')].find(f => arguments[0].includes(f.dataset.folder)); \
             return !!f && f.querySelector('.name').textContent === arguments[1];",
            vec![json!(wire_forms(wire)), json!(label)],
            WAIT,
        )
        .map(|_| ())
        .map_err(|e| format!("{e}; the folders: {}", text(browser, "[data-testid=folders]")))
}

pub(super) fn open_folder(browser: &mut Browser, wire: &str) -> Result<(), String> {
    browser
        .wait_until(
            &format!("folder {wire:?} to click"),
            "const f = [...document.querySelectorAll('.folder')].find(f => arguments[0].includes(f.dataset.folder)); \
             if (f) f.click(); return !!f;",
            vec![json!(wire_forms(wire))],
            WAIT,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn rows(browser: &mut Browser, subjects: &[&str]) -> Result<(), String> {
    browser
        .wait_until(
            &format!("rows {subjects:?}"),
            "const s = [...document.querySelectorAll('[data-testid=message-row] .subject')].map(e => e.textContent).sort(); \
             return JSON.stringify(s) === JSON.stringify(arguments[0]);",
            vec![json!(subjects)],
            WAIT,
        )
        .map(|_| ())
        .map_err(|e| {
            format!(
                "{e}; the list: {}; the page says: {}; the protocol log:\n{}",
                text(browser, "[data-testid=message-list]"),
                page_says(browser),
                protocol_log(browser)
            )
        })
}

/// The app's protocol log (IMAP only), opened for the purpose: says which command ran in which
/// folder when a step timed out.
fn protocol_log(browser: &mut Browser) -> String {
    if text(browser, "[data-testid=log-lines]").is_empty() {
        click(browser, "[data-testid=toggle-log]");
        // The pane's code loads when it is first shown (frontend/src/lazy.rs).
        let _ = browser.wait_for("[data-testid=log-lines]", Duration::from_secs(10));
    }
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent) \
             .filter(t => t.includes(' IMAP ')).join('\\n')",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn rows_include(browser: &mut Browser, subjects: &[&str]) -> Result<(), String> {
    browser
        .wait_until(
            &format!("rows {subjects:?} among others"),
            "const s = [...document.querySelectorAll('[data-testid=message-row] .subject')].map(e => e.textContent); \
             return arguments[0].every(x => s.includes(x));",
            vec![json!(subjects)],
            WAIT,
        )
        .map(|_| ())
        .map_err(|e| format!("{e}; the list: {}; the page says: {}", text(browser, "[data-testid=message-list]"), page_says(browser)))
}

fn search(browser: &mut Browser, field: &str, query: &str) -> Result<(), String> {
    browser
        .execute(
            "document.querySelector('form.search select').value = arguments[0]; \
             document.querySelector('form.search select').dispatchEvent(new Event('change')); \
             const i = document.querySelector('[data-testid=search]'); i.value = arguments[1]; \
             i.dispatchEvent(new Event('input')); document.querySelector('form.search').requestSubmit();",
            vec![json!(field), json!(query)],
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn text(browser: &Browser, css: &str) -> String {
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
            vec![json!(css)],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
