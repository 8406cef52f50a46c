//! A reply quotes what is selected of the message's text, as Thunderbird does; with nothing
//! selected, or a selection outside the message (the list), it quotes the whole text. Real app
//! in headless Chromium, the real bridge, Dovecot.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, composer_field, discard_composer, open_row, signed_in};
use serde_json::json;

/// Selects the first occurrence of `text` inside the element `css`.
fn select(browser: &posthorn_tests::browser::Browser, css: &str, text: &str) {
    browser
        .execute(
            "const root = document.querySelector(arguments[0]); \
             const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); \
             let node; while ((node = walker.nextNode())) { \
               const at = node.textContent.indexOf(arguments[1]); \
               if (at >= 0) { const r = document.createRange(); r.setStart(node, at); \
                 r.setEnd(node, at + arguments[1].length); \
                 const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return; } } \
             throw new Error('not found: ' + arguments[1]);",
            vec![json!(css), json!(text)],
        )
        .expect("select");
}

fn reply_body(browser: &mut posthorn_tests::browser::Browser) -> String {
    click(browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the reply");
    let body = composer_field(browser, "body");
    discard_composer(browser);
    body
}

#[test]
fn a_reply_quotes_the_selection_or_the_whole_text() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let raw = format!(
        "From: Bob <bob@posthorn.test>\r\nTo: {}\r\nSubject: Three points\r\n\
         Date: Sat, 5 Dec 2026 10:00:00 +0000\r\nMessage-ID: <points@posthorn.test>\r\n\r\n\
         First, the budget.\r\nSecond, the venue on Friday.\r\nThird, the guest list.\r\n",
        alice.address
    );
    stack.seed(&alice, "INBOX", &[raw]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_row(&mut browser, "Three points");
    browser.wait_for("[data-testid=text-body]", WAIT).expect("the text");

    select(&browser, "[data-testid=text-body]", "the venue on Friday");
    let body = reply_body(&mut browser);
    assert!(body.ends_with("wrote:\n> the venue on Friday\n"), "the selection alone: {body:?}");

    // A selection in the list is not the message's.
    select(&browser, "[data-testid=message-list]", "Three points");
    let body = reply_body(&mut browser);
    assert!(
        body.ends_with("> First, the budget.\n> Second, the venue on Friday.\n> Third, the guest list.\n"),
        "the whole text: {body:?}"
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
