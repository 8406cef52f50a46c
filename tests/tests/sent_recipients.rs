//! In the Sent and Drafts folders the list names the recipients in the sender's place ("To: Bob,
//! Carol Jones"), as Thunderbird and Gmail do: there every sender is oneself. INBOX still names
//! senders, and a local search over "To" finds rows by their recipients. Ordered by sender, Sent
//! orders by the recipients (the control says *Recipient*). Real app, real bridge,
//! Dovecot, headless Chromium.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, choose, click, signed_in, wait_row_count};
use serde_json::json;

fn message(to: &str, cc: &str, subject: &str) -> Vec<u8> {
    format!(
        "Date: Thu, 03 Dec 2026 10:00:00 +0000\r\nFrom: Alice <alice@posthorn.test>\r\nTo: {to}\r\n{cc}\
         Subject: {subject}\r\nMessage-ID: <{}@posthorn.test>\r\n\r\nHello.\r\n",
        subject.replace(' ', "-")
    )
    .into_bytes()
}

/// Waits until the first row's sender cell says `wanted`.
fn wait_first_sender(browser: &mut Browser, wanted: &str) {
    browser
        .wait_until(
            &format!("the row to say {wanted:?}"),
            "const r = document.querySelector('[data-testid=message-row] .from'); return r && r.textContent === arguments[0];",
            vec![json!(wanted)],
            WAIT,
        )
        .unwrap_or_else(|e| {
            let shown = browser.execute("return document.querySelector('[data-testid=message-row] .from')?.textContent", vec![]);
            panic!("{e}\nshown: {shown:?}")
        });
}

#[test]
fn sent_and_drafts_name_the_recipients() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed(
            &alice,
            "Sent",
            &[
                message("Bob <bob@example.org>", "Cc: \"Jones, Carol\" <carol@example.org>\r\n", "Plans"),
                message("Zora <zora@example.org>", "", "Invoice"),
                message("Anton <anton@example.org>", "", "Tickets"),
            ],
        )
        .expect("seed Sent");
    stack.seed(&alice, "Drafts", &[message("undisclosed-recipients:;", "", "Not yet")]).expect("seed Drafts");
    stack.seed(&alice, "INBOX", &[message("Bob <bob@example.org>", "", "Hello")]).expect("seed INBOX");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    wait_first_sender(&mut browser, "Alice");

    click(&mut browser, ".folder[data-folder=\"Sent\"]");
    wait_row_count(&mut browser, 3);
    // Ordered "by sender", Sent orders by the recipients it names, and says so.
    choose(&mut browser, "sort", "sender");
    let order = "return [...document.querySelectorAll('[data-testid=message-row]')] \
           .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
           .map(r => r.querySelector('.from').textContent)";
    browser
        .wait_until(
            "the rows by recipient",
            &format!("{order}.join('|') === 'To: Anton|To: Bob, Jones, Carol|To: Zora'"),
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}\n{:?}", browser.execute(order, vec![])));
    let label = browser
        .execute(
            "const s = document.querySelector('[data-testid=sort]'); return s.options[s.selectedIndex].text",
            vec![],
        )
        .expect("label");
    assert_eq!(label, "Recipient");
    // A draft to an empty group names nobody, and says so.
    click(&mut browser, ".folder[data-folder=\"Drafts\"]");
    wait_first_sender(&mut browser, "(no recipient)");
    click(&mut browser, ".folder[data-folder=\"INBOX\"]");
    wait_first_sender(&mut browser, "Alice");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
