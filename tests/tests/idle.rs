//! The open folder is watched on the account's one IMAP connection: between requests the main
//! session idles (RFC 2177, frontend/src/mail_state/watch.rs), and what another client does
//! shows up in the list without a NOOP and without a second connection: mail delivered by
//! Postfix, a flag set and a message expunged by another IMAP client. A click in between ends the
//! IDLE with DONE, runs on the same connection, and IDLE starts again after it. Sent is indexed
//! for conversations on that connection too, before it idles. Headless Chromium, the real bridge
//! (`/metrics`, bridge/src/metrics.rs), real Dovecot and Postfix.

use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::metrics::{counter, metrics};
use posthorn_tests::ui::{WAIT, open_row, show_log, signed_in, wait_for_server};
use serde_json::{Value, json};

/// Well under the 30-second poll (mail_view.rs): news this quick came by IDLE.
const QUICK: Duration = Duration::from_secs(12);

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <{subject}@example.test>\r\n\r\n{subject}\r\n"
    )
    .into_bytes()
}

/// One protocol log line: direction class (`c`, `s`, `note`), `#<id> <protocol>`, text.
type Line = (String, String, String);

/// The protocol log, oldest line first (the pane shows the newest first, log_pane.rs).
fn log_lines(browser: &mut Browser) -> Vec<Line> {
    if browser.execute("return !document.querySelector('[data-testid=log-lines]');", vec![]).expect("log?")
        == Value::Bool(true)
    {
        show_log(browser);
    }
    let lines = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => \
             [l.className, l.querySelector('.conn').textContent, l.querySelector('.text').textContent]);",
            vec![],
        )
        .expect("log lines");
    let mut lines: Vec<Line> = serde_json::from_value(lines).expect("log line triples");
    lines.reverse();
    lines
}

/// The IMAP connections in the log, and those without a `closed:` note.
fn imap_connections(lines: &[Line]) -> (Vec<String>, Vec<String>) {
    let mut all: Vec<String> = lines.iter().filter(|l| l.1.ends_with("IMAP")).map(|l| l.1.clone()).collect();
    all.sort();
    all.dedup();
    let open = all
        .iter()
        .filter(|c| !lines.iter().any(|l| &l.1 == *c && l.0 == "note" && l.2.starts_with("closed:")))
        .cloned()
        .collect();
    (all, open)
}

/// Waits until the last IDLE on `conn` is confirmed by the server's `+` and not ended; returns
/// the log's length then.
fn wait_idling(browser: &mut Browser, conn: &str, what: &str) -> usize {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let lines = log_lines(browser);
        let mine: Vec<&Line> = lines.iter().filter(|l| l.1 == conn).collect();
        let idle = mine.iter().rposition(|l| l.0 == "c" && l.2.ends_with(" IDLE"));
        if let Some(at) = idle
            && mine[at..].iter().any(|l| l.0 == "s" && l.2.starts_with('+'))
            && !mine[at..].iter().any(|l| l.0 == "c" && l.2 == "DONE")
        {
            return lines.len();
        }
        assert!(std::time::Instant::now() < deadline, "no IDLE running ({what}): {mine:#?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn rows_where(browser: &mut Browser, what: &str, condition: &str, subject: &str, within: Duration) {
    browser
        .wait_until(
            what,
            &format!(
                "const rows = [...document.querySelectorAll('[data-testid=message-row]')]; \
                 const row = rows.find(r => r.querySelector('.subject').textContent === arguments[0]); \
                 return {condition};"
            ),
            vec![json!(subject)],
            within,
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

#[test]
fn the_open_folder_idles_on_the_one_connection_and_shows_what_others_do() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let uids = stack
        .seed(&alice, "INBOX", &[message("Flag me"), message("Expunge me"), message("Read me")])
        .expect("seed");
    stack.seed(&alice, "Sent", &[message("Sent earlier")]).expect("seed Sent");
    let (bridge, mut browser) = signed_in(&stack, &alice);
    rows_where(&mut browser, "the inbox", "!!row", "Read me", WAIT);

    // One IMAP connection for the mail view: the account setup's test connection is closed, and
    // the view's connection examined Sent (conversations) and idles in the inbox.
    let lines = log_lines(&mut browser);
    let (_, open) = imap_connections(&lines);
    assert_eq!(open.len(), 1, "open IMAP connections: {open:?}\n{lines:#?}");
    let conn = open[0].clone();
    let started = wait_idling(&mut browser, &conn, "after the inbox opened");
    let lines = log_lines(&mut browser);
    let sent: Vec<&Line> =
        lines.iter().filter(|l| l.0 == "c" && l.2.contains(" EXAMINE ") && l.2.contains("Sent")).collect();
    assert!(!sent.is_empty() && sent.iter().all(|l| l.1 == conn), "Sent indexed elsewhere: {sent:#?}");
    let text = metrics(bridge.addr);
    assert_eq!(counter(&text, "posthorn_connections_open"), 1, "{text}");

    // Mail delivered by Postfix.
    fixtures::deliver(
        &stack,
        &bob,
        &alice.address,
        b"From: bob@posthorn.test\r\nTo: alice@posthorn.test\r\nSubject: Live by IDLE\r\n\r\nHello!\r\n",
    );
    rows_where(&mut browser, "the delivered message", "!!row", "Live by IDLE", QUICK);

    // A flag set by another IMAP client (a FETCH during IDLE).
    wait_idling(&mut browser, &conn, "after the new mail was fetched");
    stack.set_flags(&alice, "INBOX", uids[0], &["\\Flagged"]).expect("flag");
    rows_where(
        &mut browser,
        "the flag from elsewhere",
        "row && row.classList.contains('flagged')",
        "Flag me",
        QUICK,
    );

    // A message expunged by another IMAP client.
    wait_idling(&mut browser, &conn, "after the flag");
    stack.expunge(&alice, "INBOX", uids[1]).expect("expunge");
    rows_where(&mut browser, "the expunged message gone", "!row", "Expunge me", QUICK);

    // A click ends the IDLE (DONE), runs on the same connection, and IDLE resumes.
    let before = log_lines(&mut browser).len();
    open_row(&mut browser, "Read me");
    wait_for_server(&browser, "\\Seen on the server", || {
        stack
            .fetch_all(&alice, "INBOX")
            .ok()?
            .iter()
            .any(|m| {
                String::from_utf8_lossy(&m.raw).contains("Subject: Read me")
                    && m.flags.iter().any(|f| f == "\\Seen")
            })
            .then_some(())
    });
    wait_idling(&mut browser, &conn, "after opening a message");
    let lines = log_lines(&mut browser);
    let after_click = &lines[before..];
    assert!(
        after_click.iter().any(|l| l.1 == conn && l.0 == "c" && l.2 == "DONE"),
        "no DONE before the click's commands: {after_click:#?}"
    );
    assert!(
        after_click.iter().any(|l| l.1 == conn && l.0 == "c" && l.2.contains("FETCH")),
        "the message was not fetched on the idling connection: {after_click:#?}"
    );

    // All of it without a NOOP and on that one connection.
    let since_idle = &lines[started..];
    assert!(
        !since_idle.iter().any(|l| l.0 == "c" && l.2.ends_with(" NOOP")),
        "a NOOP was sent: {since_idle:#?}"
    );
    let (_, open) = imap_connections(&lines);
    assert_eq!(open, vec![conn.clone()], "{lines:#?}");
    let text = metrics(bridge.addr);
    assert_eq!(counter(&text, "posthorn_connections_open"), 1, "{text}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
