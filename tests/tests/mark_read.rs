//! When an opened message is marked read (frontend/src/settings/mark_read.rs): at once by
//! default; with *After 5 seconds open*, a message left sooner stays unread while one kept open
//! is marked; with *Only by hand*, opening marks nothing. The choice outlasts a reload. Every mark
//! is read on the server with the harness's own IMAP client. Real app in headless Chromium, the
//! real bridge, Dovecot.

use std::time::Duration;

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, choose, dated_message, has_flag, open_row, signed_in, unlock, wait_for_server,
};

#[test]
fn messages_are_marked_read_at_once_after_a_delay_or_by_hand() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let messages: Vec<Vec<u8>> = ["Alpha", "Bravo", "Charlie", "Delta"]
        .iter()
        .enumerate()
        .map(|(i, s)| dated_message("Bob <bob@posthorn.test>", s, 8 + i as u8))
        .collect();
    stack.seed(&alice, "INBOX", &messages).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    let seen = |subject: &str| has_flag(&stack, &alice, "INBOX", subject, "\\Seen");

    // At once, as before.
    open_row(&mut browser, "Alpha");
    wait_for_server(&browser, "Alpha read", || seen("Alpha")?.then_some(()));

    // After 5 seconds: Bravo, left after a moment, stays unread; Charlie, kept open, is marked.
    choose(&mut browser, "mark_read", "5");
    open_row(&mut browser, "Bravo");
    std::thread::sleep(Duration::from_millis(500));
    open_row(&mut browser, "Charlie");
    assert_eq!(seen("Charlie"), Some(false), "not yet");
    wait_for_server(&browser, "Charlie read after its delay", || seen("Charlie")?.then_some(()));
    assert_eq!(seen("Bravo"), Some(false), "left before its delay");

    // Only by hand: opened and kept open, Delta stays unread.
    choose(&mut browser, "mark_read", "never");
    open_row(&mut browser, "Delta");
    std::thread::sleep(Duration::from_secs(6));
    assert_eq!(seen("Delta"), Some(false), "never by opening");

    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    browser.wait_for("[name=mark_read]", WAIT).expect("the setting");
    let kept =
        browser.execute("return document.querySelector('[name=mark_read]').value", vec![]).expect("read");
    assert_eq!(kept, "never", "the choice outlasts a reload");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
