//! A mail server that stops answering: the app shows an error naming the server and the step
//! within the reply timeout, and works again once the server answers. Headless Chromium, the real
//! bridge, real Dovecot.
//!
//! Between the bridge and Dovecot sits a relay written here that can mute the server: a real
//! server does not go silent on demand (it answers or closes), so the fault is injected on the
//! wire. Everything before and after the silence is Dovecot's own IMAP over TLS, passed through
//! byte for byte. The app is opened with `?reply_timeout=3` (its default is 60 seconds).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, bridge_for, click_row, open_row, set_up};
use serde_json::json;

/// The reply timeout the page is opened with, in seconds.
const REPLY_TIMEOUT: u64 = 3;

/// A TCP relay to `upstream` whose server-to-client direction can be muted: while muted, what the
/// server sends is read and dropped, so the client sees a server that says nothing.
struct MutingRelay {
    port: u16,
    muted: Arc<AtomicBool>,
    /// When a byte last passed in either direction, on any connection.
    last_traffic: Arc<Mutex<Instant>>,
}

impl MutingRelay {
    fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the relay");
        let port = listener.local_addr().expect("addr").port();
        let muted = Arc::new(AtomicBool::new(false));
        let muted2 = muted.clone();
        let last_traffic = Arc::new(Mutex::new(Instant::now()));
        let traffic = last_traffic.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else { continue };
                let (mut c_read, mut s_write) =
                    (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
                let up_traffic = traffic.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n) = c_read.read(&mut buf) {
                        *up_traffic.lock().expect("clock") = Instant::now();
                        if n == 0 || s_write.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = s_write.shutdown(Shutdown::Write);
                });
                let (mut s_read, mut c_write, muted) = (server, client, muted2.clone());
                let down_traffic = traffic.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n) = s_read.read(&mut buf) {
                        *down_traffic.lock().expect("clock") = Instant::now();
                        if n == 0 {
                            break;
                        }
                        if !muted.load(Ordering::SeqCst) && c_write.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = c_write.shutdown(Shutdown::Write);
                });
            }
        });
        MutingRelay { port, muted, last_traffic }
    }

    /// Waits until nothing has passed for `quiet`: the app's commands so far (the \Seen flag of
    /// the message just opened, unread counts) are answered, so the first command to meet the
    /// silence is the one the test starts.
    fn wait_until_quiet(&self, quiet: Duration) {
        let deadline = Instant::now() + WAIT;
        while self.last_traffic.lock().expect("clock").elapsed() < quiet {
            assert!(Instant::now() < deadline, "the connection never went quiet");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn mute(&self, muted: bool) {
        self.muted.store(muted, Ordering::SeqCst);
    }
}

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <{subject}@example.test>\r\n\r\n{subject} body\r\n"
    )
    .into_bytes()
}

fn error_banner(browser: &Browser) -> Option<String> {
    browser
        .execute(
            "const e = document.querySelector('[data-testid=error]'); return e && e.textContent;",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

#[test]
fn a_silent_server_is_an_error_within_the_timeout_and_the_app_reconnects_when_it_answers_again() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed(&alice, "INBOX", &[message("Before the silence"), message("During the silence")])
        .expect("seed");
    let relay = MutingRelay::start(stack.ports().imaps);
    let bridge = bridge_for(&stack, &[relay.port]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/?reply_timeout={REPLY_TIMEOUT}", bridge.url)).expect("open app");
    set_up(&mut browser, &stack, &alice, &alice.password, "imap", relay.port);
    open_row(&mut browser, "Before the silence");

    // The server goes silent; opening the other message needs it (its body is not loaded yet).
    relay.wait_until_quiet(Duration::from_millis(1500));
    relay.mute(true);
    let started = Instant::now();
    click_row(&mut browser, "During the silence");
    let error = browser
        .wait_until(
            "the error about the silent server",
            "const e = document.querySelector('[data-testid=error]'); return e && e.textContent;",
            vec![],
            WAIT,
        )
        .expect("an error");
    let shown_after = started.elapsed();
    let error = error.as_str().unwrap_or_default().to_owned();
    let server = format!("incoming server {}:{}", stack.host(), relay.port);
    assert!(
        error.contains(&server) && error.contains("stopped answering"),
        "the server is not named: {error}"
    );
    assert!(error.contains(&format!("for {REPLY_TIMEOUT} seconds")), "the wait is not said: {error}");
    // The step: the FETCH, or the IDLE the click ended first to run it on the same connection
    // (frontend/src/mail_state/watch.rs), whose completion never came.
    assert!(
        ["did not answer FETCH", "did not answer UID FETCH", "did not answer IDLE"]
            .iter()
            .any(|s| error.contains(s)),
        "the step is not named: {error}"
    );
    // Within the deadline (plus the page's own work), not at some later poll or TCP timeout.
    assert!(
        shown_after >= Duration::from_secs(REPLY_TIMEOUT) - Duration::from_millis(500)
            && shown_after < Duration::from_secs(REPLY_TIMEOUT + 5),
        "the error came after {shown_after:?}"
    );

    // The server answers again: the next action connects anew and works.
    relay.mute(false);
    browser
        .execute("document.querySelector('[data-testid=error] button').click();", vec![])
        .expect("dismiss the error");
    open_row(&mut browser, "During the silence");
    browser
        .wait_until(
            "the body of the message, fetched on a new connection",
            "const b = document.querySelector('[data-testid=text-body]'); \
             return !!b && b.textContent.includes(arguments[0]);",
            vec![json!("During the silence body")],
            WAIT,
        )
        .expect("the body");
    assert!(error_banner(&browser).is_none(), "the error came back: {:?}", error_banner(&browser));

    // The log tells how the silent connection ended, naming the server.
    posthorn_tests::ui::click(&mut browser, "[data-testid=toggle-log]");
    let closed = browser
        .wait_until(
            "the silent connection's close line",
            "const l = [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent); \
             return l.find(t => t.includes(' IMAP * closed: ') && t.includes('stopped answering'));",
            vec![],
            WAIT,
        )
        .expect("a close line");
    assert!(closed.as_str().unwrap_or_default().contains(&server), "{closed}");
}
