//! The attachment reminder (shared/src/compose/reminder.rs): a message whose own text speaks of
//! an attachment, with none attached, is held back once with *Attach files* and *Send anyway*;
//! a quoted mention does not count. Real app in headless Chromium, the real bridge, Postfix
//! delivering to Dovecot; what arrives is read on the server.

use std::time::Duration;

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, arrived, attach_random, click, outbox_text, screenshot, send_new, signed_in, wait_focused,
    wait_for_server,
};

#[test]
fn a_message_that_speaks_of_an_attachment_without_one_asks_first() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Held back: the reminder, no outbox item, nothing sent; Send anyway sends it once.
    send_new(&mut browser, &bob.address, "Bericht", "Anbei der Bericht.\n");
    let reminder = browser.wait_for("[data-testid=attachment-reminder]", WAIT).expect("the reminder");
    assert!(browser.text(&reminder).expect("text").contains("speaks of an attachment"));
    wait_focused(&mut browser, "reminder-attach");
    screenshot(&browser, "attachment-reminder");
    std::thread::sleep(Duration::from_secs(1));
    assert!(!outbox_text(&browser).contains("Bericht"), "not in the outbox yet");
    click(&mut browser, "[data-testid=send-anyway]");
    wait_for_server(&browser, "Bericht in Bob's INBOX", || {
        (arrived(&stack, &bob, "Bericht") == 1).then_some(())
    });

    // A mention in the quote only: sent at once.
    send_new(&mut browser, &bob.address, "Danke", "Danke!\n\n> Siehe Anhang.\n");
    wait_for_server(&browser, "Danke in Bob's INBOX", || (arrived(&stack, &bob, "Danke") == 1).then_some(()));

    // A file attached after the reminder: Send sends it with the file.
    send_new(&mut browser, &bob.address, "Plan", "The plan is attached.\n");
    browser.wait_for("[data-testid=attachment-reminder]", WAIT).expect("the reminder");
    attach_random(&mut browser, 1);
    assert!(browser.find("[data-testid=attachment-reminder]").expect("find").is_none(), "gone with the file");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_for_server(&browser, "Plan in Bob's INBOX", || (arrived(&stack, &bob, "Plan") == 1).then_some(()));
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(arrived(&stack, &bob, "Bericht"), 1, "Bericht went once");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
