//! The SMTP session is kept a short while after a message went out
//! (frontend/src/session/smtp/kept.rs): a second message sent soon after goes over the same
//! session, with one sign-in; a session left alone says QUIT; and a kept session the server
//! dropped meanwhile (Postfix's `smtpd_timeout`, answered with 421) is replaced by a fresh one,
//! the message delivered once. Headless Chromium, the real bridge, real Postfix and Dovecot;
//! deliveries are counted with the harness's own IMAP client.

use std::collections::BTreeSet;
use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::metrics::{counter, metrics};
use posthorn_tests::ui::{
    WAIT, bridge_for, click, log_lines, open_with_accounts, set_field, stored_account, unlock,
    wait_for_server, wait_outbox,
};
use serde_json::json;

fn send(browser: &mut Browser, to: &Account, subject: &str) -> String {
    click(browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer");
    set_field(browser, "to", &to.address);
    set_field(browser, "subject", subject);
    set_field(browser, "body", "Kept session.");
    click(browser, "[data-testid=send]");
    wait_outbox(browser, subject, "sent", WAIT)
}

/// How many of `who`'s INBOX messages carry Message-ID `id`, once delivery has had its time.
fn delivered(stack: &MailStack, browser: &Browser, who: &Account, id: &str) -> usize {
    let copies = || {
        let all = stack.fetch_all(who, "INBOX").expect("fetch");
        all.iter().filter(|m| String::from_utf8_lossy(&m.raw).contains(id)).count()
    };
    wait_for_server(browser, "the delivery", || (copies() > 0).then_some(()));
    std::thread::sleep(Duration::from_secs(1));
    copies()
}

/// The protocol log's SMTP lines, oldest first.
fn smtp_lines(browser: &mut Browser) -> Vec<String> {
    let mut lines: Vec<String> =
        log_lines(browser).into_iter().filter(|l| l.split_whitespace().nth(1) == Some("SMTP")).collect();
    // The pane shows the newest first.
    lines.reverse();
    lines
}

fn connection(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or_default()
}

fn connections(lines: &[String]) -> BTreeSet<String> {
    lines.iter().map(|l| connection(l).to_owned()).collect()
}

fn count(lines: &[String], on: &str, what: &str) -> usize {
    lines.iter().filter(|l| connection(l) == on && l.contains(what)).count()
}

#[test]
fn messages_sent_soon_after_each_other_share_one_session() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let bridge = bridge_for(&stack, &[]);
    let p = stack.ports();
    let account = stored_account(&stack, &alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls"));
    let mut browser = open_with_accounts(&bridge, json!([account]));
    unlock(&mut browser, &alice.password);
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the mail view");

    // Two messages, one after the other: one session, one sign-in, two transactions.
    let one = send(&mut browser, &bob, "Kept one");
    let two = send(&mut browser, &bob, "Kept two");
    assert_eq!(delivered(&stack, &browser, &bob, &one), 1);
    assert_eq!(delivered(&stack, &browser, &bob, &two), 1);
    let lines = smtp_lines(&mut browser);
    let first = connections(&lines);
    assert_eq!(first.len(), 1, "{}", lines.join("\n"));
    let first = first.first().expect("one").clone();
    assert_eq!(count(&lines, &first, "C: AUTH"), 1, "{}", lines.join("\n"));
    assert_eq!(count(&lines, &first, "C: MAIL FROM"), 2, "{}", lines.join("\n"));

    // Left alone, it says goodbye; only the mail view's IMAP connection stays open.
    stack.smtp_idle_timeout(4).expect("short smtpd_timeout");
    let open_while_kept = counter(&metrics(bridge.addr), "posthorn_connections_open");
    browser
        .wait_until(
            "QUIT on the kept session",
            "return [...document.querySelectorAll('[data-testid=log-lines] li')] \
               .some(l => l.textContent.startsWith(arguments[0] + ' SMTP') && l.textContent.includes('C: QUIT'))",
            vec![json!(first)],
            Duration::from_secs(45),
        )
        .expect("the kept session quits");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(counter(&metrics(bridge.addr), "posthorn_connections_open") + 1, open_while_kept);

    // A session the server dropped while it was kept (Postfix now waits 4 s): the next message
    // finds it gone before anything was sent, and goes once over a fresh session.
    let three = send(&mut browser, &bob, "Kept three");
    std::thread::sleep(Duration::from_secs(8));
    let four = send(&mut browser, &bob, "Kept four");
    assert_eq!(delivered(&stack, &browser, &bob, &three), 1);
    assert_eq!(delivered(&stack, &browser, &bob, &four), 1);
    let lines = smtp_lines(&mut browser);
    let all = connections(&lines);
    eprintln!("SMTP connections: {all:?}");
    assert_eq!(all.len(), 3, "{}", lines.join("\n"));
    let dropped = lines
        .iter()
        .find(|l| l.contains("S: 421"))
        .map(|l| connection(l).to_owned())
        .unwrap_or_else(|| panic!("no 421 from the server:\n{}", lines.join("\n")));
    // It carried "three", then met the 421 when "four" began: one message queued on it.
    assert_eq!(count(&lines, &dropped, "C: MAIL FROM"), 2, "{}", lines.join("\n"));
    assert_eq!(count(&lines, &dropped, "S: 250 2.0.0 Ok: queued"), 1, "{}", lines.join("\n"));
}
