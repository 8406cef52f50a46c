//! A reply marks the message it answers `\Answered`, a forward the one it passes on `$Forwarded`,
//! once it went out (frontend/src/outbox/item.rs `Origin`, frontend/src/session/filing.rs
//! `mark_origin`), as Thunderbird does: found by Message-ID in the folder it was read in, on the
//! server, and the list shows the marks. Real app in headless Chromium, the real bridge, Postfix and
//! Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, dated_message, has_flag, open_row, set_field, signed_in, wait_for_server, wait_row_count,
};
use serde_json::json;

/// Whether the list's row for `subject` shows the mark named `name`.
fn row_marked(browser: &Browser, subject: &str, name: &str) -> bool {
    browser
        .execute(
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
             if (r.querySelector('.subject').textContent === arguments[0]) \
               return !!r.querySelector(`.marks [aria-label=\"${arguments[1]}\"]`); \
             return false;",
            vec![json!(subject), json!(name)],
        )
        .expect("marks")
        .as_bool()
        .unwrap_or(false)
}

#[test]
fn a_sent_reply_or_forward_marks_its_original() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob, carol) = (stack.alice().clone(), stack.bob().clone(), stack.carol().clone());
    stack
        .seed(
            &alice,
            "INBOX",
            &[dated_message(&bob.address, "Question", 9), dated_message(&bob.address, "Notes", 10)],
        )
        .expect("seed");
    stack.seed(&alice, "Archive", &[dated_message(&bob.address, "Old thread", 8)]).expect("seed archive");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);

    // Reply: \Answered on the server once it went out, and the row shows it.
    open_row(&mut browser, "Question");
    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the reply");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_for_server(&browser, "Question answered", || {
        has_flag(&stack, &alice, "INBOX", "Question", "\\Answered")?.then_some(())
    });
    browser
        .wait_until(
            "the answered mark",
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
             if (r.querySelector('.subject').textContent === 'Question') \
               return !!r.querySelector('.marks [aria-label=answered]'); return false;",
            vec![],
            WAIT,
        )
        .expect("the row shows it");
    let notes_answered =
        has_flag(&stack, &alice, "INBOX", "Notes", "\\Answered").expect("Notes on the server");
    assert!(!notes_answered, "only the one answered");

    // Forward: $Forwarded, not \Answered.
    open_row(&mut browser, "Notes");
    click(&mut browser, "[data-testid=forward]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the forward");
    set_field(&mut browser, "to", &carol.address);
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_for_server(&browser, "Notes forwarded", || {
        has_flag(&stack, &alice, "INBOX", "Notes", "$Forwarded")?.then_some(())
    });
    assert!(!has_flag(&stack, &alice, "INBOX", "Notes", "\\Answered").expect("Notes on the server"));
    browser
        .wait_until(
            "the forwarded mark",
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
             if (r.querySelector('.subject').textContent === 'Notes') \
               return !!r.querySelector('.marks [aria-label=forwarded]'); return false;",
            vec![],
            WAIT,
        )
        .expect("the row shows it");

    // In another folder: found there.
    click(&mut browser, ".folder[data-folder=\"Archive\"]");
    open_row(&mut browser, "Old thread");
    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the reply");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_for_server(&browser, "Old thread answered", || {
        has_flag(&stack, &alice, "Archive", "Old thread", "\\Answered")?.then_some(())
    });
    browser
        .wait_until(
            "the mark in Archive",
            "return !!document.querySelector('[data-testid=message-row] .marks [aria-label=answered]');",
            vec![],
            WAIT,
        )
        .expect("the row shows it");
    assert!(row_marked(&browser, "Old thread", "answered"));
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
