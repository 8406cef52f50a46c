//! A message's priority in the real app (headless Chromium, the real bridge, Dovecot and
//! Postfix): the list marks a high one (`X-Priority: 1`, as Thunderbird writes it) and a low one
//! (`Importance: low`, as Outlook writes it), the reader names it, the composer sends the one
//! chosen as `X-Priority`, and *Edit as new* keeps it. Deliveries are read with the harness's own
//! IMAP client. axe-core checks the composer with its options.

use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, choose_in, click, composer_field, more_action, open_row, screenshot, set_field, signed_in,
    wait_for_server, wait_outbox,
};
use serde_json::json;

fn message(from: &str, to: &str, subject: &str, field: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\n\
         Message-ID: <{}@posthorn.test>\r\n{field}Content-Type: text/plain; charset=utf-8\r\n\r\nText.\r\n",
        subject.to_lowercase()
    )
}

/// The priority mark of the row with `subject`: its class and name, or none.
fn mark_of(browser: &Browser, subject: &str) -> serde_json::Value {
    browser
        .execute(
            "const row = [...document.querySelectorAll('[data-testid=message-row]')] \
               .find(r => r.querySelector('.subject').textContent.trim() === arguments[0]); \
             const m = row && row.querySelector('[data-testid=priority-mark]'); \
             return m ? [m.className, m.getAttribute('aria-label')] : null;",
            vec![json!(subject)],
        )
        .expect("read the row")
}

#[test]
fn priorities_are_marked_shown_sent_and_kept() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let from = "Bob <bob@posthorn.test>";
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                message(from, &alice.address, "Urgent", "X-Priority: 1 (Highest)\r\n"),
                message(from, &alice.address, "Whenever", "Importance: low\r\n"),
                message(from, &alice.address, "Usual", ""),
            ],
        )
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_row(&mut browser, "Urgent");
    assert_eq!(mark_of(&browser, "Urgent"), json!(["mark priority-high", "Highest priority"]));
    assert_eq!(mark_of(&browser, "Whenever"), json!(["mark priority-low", "Low priority"]));
    assert_eq!(mark_of(&browser, "Usual"), json!(null));
    screenshot(&browser, "priority-list");
    let shown = browser.wait_for("[data-testid=reader-priority]", WAIT).and_then(|e| browser.text(&e));
    assert_eq!(shown.expect("the reader's priority"), "Highest");
    open_row(&mut browser, "Usual");
    browser
        .wait_until(
            "no priority for a normal message",
            "return !document.querySelector('[data-testid=reader-priority]');",
            vec![],
            WAIT,
        )
        .expect("none");

    // Written with a high priority: sent as X-Priority 2.
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Please read");
    set_field(&mut browser, "body", "Soon, please.");
    choose_in(&browser, "[data-testid=composer] [name=priority]", "high");
    screenshot(&browser, "priority-composer");
    let found = violations(&browser, &axe_source());
    assert!(found.is_empty(), "accessibility of the composer:\n{}", found.join("\n"));
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_outbox(&mut browser, "Please read", "sent", WAIT);
    let arrived = wait_for_server(&browser, "the message in Bob's INBOX", || {
        let inbox = stack.fetch_all(&bob, "INBOX").ok()?;
        inbox.into_iter().find(|m| String::from_utf8_lossy(&m.raw).contains("Subject: Please read"))
    });
    let raw = String::from_utf8_lossy(&arrived.raw).into_owned();
    assert!(raw.contains("\r\nX-Priority: 2 (High)\r\n"), "{raw}");

    // Its copy in Sent is marked, and Edit as new keeps the priority.
    click(&mut browser, ".folder[data-folder=\"Sent\"]");
    open_row(&mut browser, "Please read");
    assert_eq!(mark_of(&browser, "Please read"), json!(["mark priority-high", "High priority"]));
    more_action(&mut browser, "[data-testid=edit-as-new]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the composer");
    assert_eq!(composer_field(&browser, "priority"), "high");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
