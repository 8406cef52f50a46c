//! The search box's operators (shared/src/imap/search_query.rs): `from:`, `subject:"…"`,
//! `after:`/`before:` (the Date header, SENTSINCE/SENTBEFORE), `larger:`, `-` to leave hits out,
//! with words beside them; on the server (Dovecot's UID SEARCH) and, offline, on the device, with
//! the same hits; a value that cannot be read is said in plain words. Real app in headless
//! Chromium, the real bridge, Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, error_banner, go_offline, signed_in, type_into, wait_row_count};
use serde_json::json;

fn message(from: &str, subject: &str, date: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: alice@posthorn.test\r\nSubject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{}@posthorn.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        subject.replace(' ', "-")
    )
}

/// Types `text` into the search field and presses Search.
fn type_search(browser: &mut Browser, text: &str) {
    type_into(browser, "[data-testid=search]", text);
    click(browser, "[data-testid=search-button]");
}

/// Searches for `text` and waits until the list shows exactly `expected` (subjects, sorted).
fn search(browser: &mut Browser, text: &str, expected: &[&str]) {
    type_search(browser, text);
    let script = "const rows = [...document.querySelectorAll('[data-testid=message-row] .subject')] \
                    .map(s => s.textContent).sort(); \
                  return JSON.stringify(rows) === JSON.stringify(arguments[0]);";
    if let Err(e) = browser.wait_until(&format!("the hits of {text:?}"), script, vec![json!(expected)], WAIT)
    {
        let shown = browser
            .execute("return [...document.querySelectorAll('[data-testid=message-row] .subject')].map(s => s.textContent);", vec![])
            .expect("rows");
        panic!("{e}: wanted {expected:?}, the list shows {shown}");
    }
}

#[test]
fn operators_search_the_server_and_the_device_alike() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let big = "Pictures of the beach. ".repeat(6000);
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                message(
                    "Bob <bob@example.org>",
                    "Budget 2027",
                    "Fri, 20 Nov 2026 10:00:00 +0000",
                    "Numbers.",
                ),
                message(
                    "Carol <carol@example.org>",
                    "Team meeting notes",
                    "Wed, 2 Dec 2026 10:00:00 +0000",
                    "Budget too.",
                ),
                message("Bob <bob@example.org>", "Holiday photos", "Thu, 3 Dec 2026 10:00:00 +0000", &big),
            ],
        )
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);

    search(&mut browser, "from:bob after:2026-12-01", &["Holiday photos"]);
    search(&mut browser, "subject:\"team meeting\"", &["Team meeting notes"]);
    search(&mut browser, "larger:100K", &["Holiday photos"]);
    search(&mut browser, "-from:bob", &["Team meeting notes"]);
    search(&mut browser, "budget before:2026-12-01", &["Budget 2027"]);

    // A date the search cannot read: said, and how to write it.
    type_search(&mut browser, "after:yesterday");
    browser
        .wait_until(
            "the error",
            "const e = document.querySelector('[data-testid=error]'); return !!e && e.textContent.includes('2026-12-31');",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", error_banner(&browser)));
    click(&mut browser, "[data-testid=error] button");

    // Offline, the device decides the same way from what it keeps.
    go_offline(&mut browser);
    search(&mut browser, "from:bob before:2026-12-01", &["Budget 2027"]);
    search(&mut browser, "-from:bob after:2026-12-01", &["Team meeting notes"]);
    search(&mut browser, "larger:100K is:unread", &["Holiday photos"]);
}
