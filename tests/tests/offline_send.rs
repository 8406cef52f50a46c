//! Sending without the network, and across a browser or a bridge that dies mid-send: headless
//! Chromium with DevTools network emulation, the real bridge, real Postfix and Dovecot. Every
//! delivery is counted with the harness's own IMAP client, never through the app.
//!
//! In the crash test the browser reaches the bridge through a throttling TCP relay written here
//! (the page is loaded through it too, so it is the app's origin): a real uplink is slow
//! sometimes, loopback never is, and the browser must be killed while the message is still on its
//! way out of it. The same relay stands for the bridge's address when the bridge restarts: it
//! cuts the open connections (as a dying bridge does) and sends new ones to the new bridge.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, FetchedMessage, MailStack};
use posthorn_tests::ui::{
    attach_random, bridge_for, click, go_offline, outbox_text, send_new, set_field, set_offline, wait_outbox,
};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);
const DELIVERY: Duration = Duration::from_secs(60);

/// The stored account, as `posthorn.accounts.v1` holds it.
fn account_json(stack: &MailStack, account: &Account, smtp_port: u16) -> Value {
    let p = stack.ports();
    json!([{
        "email": account.address,
        "display_name": "Alice",
        "incoming_protocol": "Imap",
        "incoming": { "host": stack.host(), "port": p.imaps, "security": "Tls", "username": account.user },
        "outgoing": { "host": stack.host(), "port": smtp_port, "security": "Tls", "username": account.user },
    }])
}

/// Reloads and enters the password (ticking "remember" if asked to).
fn unlock(browser: &mut Browser, password: &str, remember: bool) {
    browser.refresh().expect("reload");
    let field = browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("unlock screen");
    browser.fill(&field, password).expect("type the password");
    if remember {
        click(browser, "[data-testid=unlock] input[name=remember]");
    }
    click(browser, "[data-testid=unlock] button[type=submit]");
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the mail view with its composer");
}

fn open_app(browser: &mut Browser, url: &str, accounts: &Value, password: &str, remember: bool) {
    browser.goto(&format!("{url}/")).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("the app mounts");
    // The composer's part comes from the service worker's cache: it opens offline.
    posthorn_tests::ui::wait_controlled(browser);
    browser
        .execute(
            "localStorage.setItem('posthorn.accounts.v1', JSON.stringify(arguments[0]));",
            vec![accounts.clone()],
        )
        .expect("store the account");
    unlock(browser, password, remember);
}

/// Writes a message to `to` and presses Send.
fn send(browser: &mut Browser, to: &str, subject: &str) {
    send_new(browser, to, subject, "Geschrieben ohne Netz.");
}

fn has_id(message: &FetchedMessage, id: &str) -> bool {
    let text = String::from_utf8_lossy(&message.raw);
    text.split("\r\n\r\n").next().unwrap_or_default().contains(&format!("<{id}>"))
}

/// Copies of `id` in a mailbox now.
fn copies_now(stack: &MailStack, account: &Account, mailbox: &str, id: &str) -> usize {
    stack.fetch_all(account, mailbox).expect("fetch").iter().filter(|m| has_id(m, id)).count()
}

/// Waits for the first copy of `id`, then long enough for a second one to show up, and returns
/// how many there are.
fn copies_after_delivery(stack: &MailStack, account: &Account, mailbox: &str, id: &str) -> usize {
    stack
        .wait_for_message(account, mailbox, |m| has_id(m, id), DELIVERY)
        .unwrap_or_else(|e| panic!("{} did not get {id} in {mailbox}: {e}", account.address));
    std::thread::sleep(Duration::from_secs(5));
    copies_now(stack, account, mailbox, id)
}

#[test]
fn a_message_written_offline_is_sent_once_when_the_network_is_back() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    let accounts = account_json(&stack, &alice, stack.ports().submissions);
    open_app(&mut browser, &bridge.url, &accounts, &alice.password, false);

    // 1. Offline: two messages wait in the outbox, in order, and nothing leaves.
    go_offline(&mut browser);
    send(&mut browser, &bob.address, "Offline eins");
    let first = wait_outbox(&mut browser, "Offline eins", "waiting", WAIT);
    send(&mut browser, &bob.address, "Offline zwei");
    let second = wait_outbox(&mut browser, "Offline zwei", "waiting", WAIT);
    let outbox = outbox_text(&browser);
    assert!(outbox.to_lowercase().contains("waiting for the network"), "{outbox}");
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(copies_now(&stack, &bob, "INBOX", &first), 0, "sent while offline");
    assert_eq!(copies_now(&stack, &bob, "INBOX", &second), 0, "sent while offline");
    wait_outbox(&mut browser, "Offline eins", "waiting", WAIT);

    // 2. Back online: the queue goes out once, in order, even when `online` fires three times.
    set_offline(&browser, false);
    browser
        .execute(
            "window.dispatchEvent(new Event('online')); window.dispatchEvent(new Event('online'));",
            vec![],
        )
        .expect("more online events");
    wait_outbox(&mut browser, "Offline eins", "sent", DELIVERY);
    wait_outbox(&mut browser, "Offline zwei", "sent", DELIVERY);
    assert_eq!(copies_after_delivery(&stack, &bob, "INBOX", &first), 1);
    assert_eq!(copies_after_delivery(&stack, &bob, "INBOX", &second), 1);
    let inbox = stack.fetch_all(&bob, "INBOX").expect("fetch");
    let position = |id: &str| inbox.iter().position(|m| has_id(m, id)).expect("delivered");
    assert!(position(&first) < position(&second), "the queue was not sent in order");
    assert_eq!(copies_after_delivery(&stack, &alice, "Sent", &first), 1, "filed in Sent once");
    assert_eq!(copies_after_delivery(&stack, &alice, "Sent", &second), 1, "filed in Sent once");

    // 3. Written offline, page closed offline, opened again online: sent on start.
    go_offline(&mut browser);
    send(&mut browser, &bob.address, "Offline drei");
    let third = wait_outbox(&mut browser, "Offline drei", "waiting", WAIT);
    // The item is in the store once it shows; give the write a moment anyway before leaving.
    std::thread::sleep(Duration::from_millis(500));
    browser.goto("about:blank").expect("leave the app");
    set_offline(&browser, false);
    assert_eq!(copies_now(&stack, &bob, "INBOX", &third), 0, "sent while offline");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app again");
    unlock(&mut browser, &alice.password, false);
    wait_outbox(&mut browser, "Offline drei", "sent", DELIVERY);
    assert_eq!(copies_after_delivery(&stack, &bob, "INBOX", &third), 1);
    assert_eq!(copies_after_delivery(&stack, &alice, "Sent", &third), 1);
    browser.assert_no_console_errors(&["ERR_INTERNET_DISCONNECTED", "WebSocket"]).expect("no console errors");
}

/// A TCP relay to `upstream` that passes what the client sends at `rate` bytes a second while
/// `slow` is set, and counts those bytes. What the upstream sends passes at full speed.
struct SlowRelay {
    port: u16,
    slow: Arc<AtomicBool>,
    sent: Arc<AtomicU64>,
    /// Where new connections go: a restarted bridge listens elsewhere.
    upstream: Arc<AtomicU16>,
    /// Bumped to cut every open connection, as a bridge that dies does.
    cut: Arc<AtomicU64>,
}

impl SlowRelay {
    fn start(upstream: u16, rate: u64) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the relay");
        let port = listener.local_addr().expect("addr").port();
        let slow = Arc::new(AtomicBool::new(false));
        let sent = Arc::new(AtomicU64::new(0));
        let upstream = Arc::new(AtomicU16::new(upstream));
        let cut = Arc::new(AtomicU64::new(0));
        let (slow2, sent2, upstream2, cut2) = (slow.clone(), sent.clone(), upstream.clone(), cut.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream2.load(Ordering::Relaxed))) else {
                    continue;
                };
                let (mut c_read, mut s_write) =
                    (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
                let (slow, sent, cut) = (slow2.clone(), sent2.clone(), cut2.clone());
                let generation = cut.load(Ordering::Relaxed);
                std::thread::spawn(move || {
                    let mut buf = [0u8; 8192];
                    while let Ok(n) = c_read.read(&mut buf) {
                        if cut.load(Ordering::Relaxed) != generation {
                            break;
                        }
                        if n == 0 || s_write.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        sent.fetch_add(n as u64, Ordering::Relaxed);
                        if slow.load(Ordering::Relaxed) {
                            std::thread::sleep(Duration::from_secs_f64(n as f64 / rate as f64));
                        }
                    }
                    // The client is gone: so is the session, half-sent message and all.
                    let _ = s_write.shutdown(Shutdown::Both);
                    let _ = c_read.shutdown(Shutdown::Both);
                });
                let (mut s_read, mut c_write) = (server, client);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut s_read, &mut c_write);
                    let _ = c_write.shutdown(Shutdown::Both);
                });
            }
        });
        SlowRelay { port, slow, sent, upstream, cut }
    }
}

impl SlowRelay {
    /// Waits until the relay has passed `bytes` from the client in all.
    fn wait_sent(&self, bytes: u64) {
        let deadline = Instant::now() + WAIT;
        while self.sent.load(Ordering::Relaxed) < bytes {
            assert!(Instant::now() < deadline, "the message did not start to go out");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Attaches `megabytes` MB of random bytes to the open composer, made in the page (a WebDriver
/// argument that size is slow).
/// A temporary Chromium profile that two browsers share in turn.
struct Profile(std::path::PathBuf);

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_browser_killed_mid_send_delivers_the_message_once_after_a_restart() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let bridge = bridge_for(&stack, &[]);
    // About 4 MB of DATA at 256 KB/s between browser and bridge: some fifteen seconds.
    let relay = SlowRelay::start(bridge.addr.port(), 256 * 1024);
    let app = format!("http://127.0.0.1:{}", relay.port);
    let profile = Profile(std::env::temp_dir().join(format!("posthorn-offline-send-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&profile.0);
    let accounts = account_json(&stack, &alice, stack.ports().submissions);

    let mut browser = Browser::start_with_profile(&profile.0).expect("browser");
    // The password is remembered on this device, so the restarted browser sends without asking.
    open_app(&mut browser, &app, &accounts, &alice.password, true);
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Schwere Post");
    set_field(&mut browser, "body", "Im Anhang: viel.");
    attach_random(&mut browser, 3);
    let before = relay.sent.load(Ordering::Relaxed);
    relay.slow.store(true, Ordering::Relaxed);
    click(&mut browser, "[data-testid=send]");
    let id = wait_outbox(&mut browser, "Schwere Post", "sending", WAIT);

    // Well into DATA (the recipient was accepted), far from its end: kill everything.
    relay.wait_sent(before + 600 * 1024);
    browser.kill();
    let sent_before_kill = relay.sent.load(Ordering::Relaxed) - before;
    assert!(
        sent_before_kill < 3 * 1024 * 1024,
        "the send finished before the kill ({sent_before_kill} bytes)"
    );
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(copies_now(&stack, &bob, "INBOX", &id), 0, "a half-sent message was delivered");

    // A new browser on the same profile: the outbox finds the item it was sending, checks Sent,
    // and sends it once.
    relay.slow.store(false, Ordering::Relaxed);
    let mut browser = Browser::start_with_profile(&profile.0).expect("browser again");
    browser.goto(&format!("{app}/")).expect("open the app again");
    // The account settings, the outbox and the remembered password are in IndexedDB, which
    // commits each transaction: all of it survived the kill.
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the mail view");
    wait_outbox(&mut browser, "Schwere Post", "sent", DELIVERY);
    browser
        .wait_until(
            "filing in Sent to be reported",
            "return document.querySelector('[data-testid=outbox]').textContent.includes('Sent and filed in Sent')",
            vec![],
            DELIVERY,
        )
        .unwrap_or_else(|e| panic!("{e}\noutbox: {}", outbox_text(&browser)));
    assert!(
        browser.find("[data-testid=unlock] input[name=password]").expect("find").is_none(),
        "the remembered password was asked for"
    );
    assert_eq!(copies_after_delivery(&stack, &bob, "INBOX", &id), 1, "delivered other than once");
    assert_eq!(copies_after_delivery(&stack, &alice, "Sent", &id), 1, "filed in Sent other than once");
    let got =
        stack.fetch_all(&bob, "INBOX").expect("fetch").into_iter().find(|m| has_id(m, &id)).expect("it");
    assert!(got.raw.len() > 4 * 1024 * 1024, "the attachment arrived whole ({} bytes)", got.raw.len());

    // Forgetting the password on this device: the next start asks again.
    click(&mut browser, "[data-testid=stop-remembering]");
    browser
        .wait_until(
            "the remembered password to be forgotten",
            "return !document.querySelector('[data-testid=stop-remembering]')",
            vec![],
            WAIT,
        )
        .expect("forgotten");
    browser.refresh().expect("reload");
    browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("the password is asked again");
    drop(browser);
}

#[test]
fn a_bridge_restarted_mid_send_delivers_the_message_once() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let first = bridge_for(&stack, &[]);
    // The page and its connections go through the relay, which stands for the bridge's address.
    let relay = SlowRelay::start(first.addr.port(), 256 * 1024);
    let app = format!("http://127.0.0.1:{}", relay.port);
    let accounts = account_json(&stack, &alice, stack.ports().submissions);
    let mut browser = Browser::start().expect("browser");
    open_app(&mut browser, &app, &accounts, &alice.password, false);
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Trotz Neustart");
    set_field(&mut browser, "body", "Die Brücke startet neu.");
    attach_random(&mut browser, 2);
    let before = relay.sent.load(Ordering::Relaxed);
    relay.slow.store(true, Ordering::Relaxed);
    click(&mut browser, "[data-testid=send]");
    let id = wait_outbox(&mut browser, "Trotz Neustart", "sending", WAIT);
    relay.wait_sent(before + 400 * 1024);

    // The bridge goes down mid-DATA (its connections die with it) and a new one comes up.
    relay.cut.fetch_add(1, Ordering::Relaxed);
    drop(first);
    let second = bridge_for(&stack, &[]);
    relay.upstream.store(second.addr.port(), Ordering::Relaxed);
    relay.slow.store(false, Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(copies_now(&stack, &bob, "INBOX", &id), 0, "a half-sent message was delivered");
    let state = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=outbox-item]')] \
               .find(i => i.dataset.messageId === arguments[0]).dataset.state",
            vec![json!(id)],
        )
        .expect("outbox state");
    assert_ne!(state, json!("sent"), "the send was cut before the server's 250");

    // The person reloads; the outbox looks into Sent (not there), then sends it once.
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password, false);
    wait_outbox(&mut browser, "Trotz Neustart", "sent", DELIVERY);
    assert_eq!(copies_after_delivery(&stack, &bob, "INBOX", &id), 1, "delivered other than once");
    assert_eq!(copies_after_delivery(&stack, &alice, "Sent", &id), 1, "filed in Sent other than once");
}
