//! Giving the password after a reload (frontend/src/app.rs `Unlock`): until then the account's
//! cached folders and messages can be read, and giving it connects the view where it is. The
//! folder and the message open stay open (mail_state/open.rs `start`), and what arrived meanwhile
//! joins the list. Real Dovecot, the real bridge, headless Chromium.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, open_row, signed_in, unlock, wait_row_count};
use serde_json::json;

fn message(subject: &str, hour: u8) -> String {
    format!(
        "From: Bob <bob@posthorn.test>\r\nTo: alice@posthorn.test\r\nSubject: {subject}\r\n\
         Date: Sat, 5 Dec 2026 {hour:02}:00:00 +0000\r\nMessage-ID: <{}@posthorn.test>\r\n\r\nHallo\r\n",
        subject.replace(' ', "-")
    )
}

#[test]
fn a_message_read_while_the_password_is_asked_for_stays_open_once_it_is_given() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[message("In the inbox", 8)]).expect("seed INBOX");
    stack.create_mailbox(&alice, "Alt").expect("create Alt");
    stack.seed(&alice, "Alt", &[message("Kept here", 9)]).expect("seed Alt");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    // Alt and its message once with the password, so that both are on this device.
    click(&mut browser, "button.folder[data-folder=\"Alt\"]");
    open_row(&mut browser, "Kept here");

    browser.refresh().expect("reload");
    browser.wait_for("[data-testid=unlock]", WAIT).expect("the password asked for");
    // Locked, from the device: the inbox, then Alt and its message.
    wait_row_count(&mut browser, 1);
    click(&mut browser, "button.folder[data-folder=\"Alt\"]");
    open_row(&mut browser, "Kept here");
    stack.seed(&alice, "Alt", &[message("Arrived meanwhile", 10)]).expect("seed Alt");

    unlock(&mut browser, &alice.password);
    // Connected where it was: the new message joins Alt's list, and the message stays open.
    wait_row_count(&mut browser, 2);
    let shown = browser
        .execute(
            "return [document.querySelector('button.folder.active')?.dataset.folder, \
             document.querySelector('[data-testid=reader-subject]')?.textContent]",
            vec![],
        )
        .expect("the view");
    assert_eq!(shown, json!(["Alt", "Kept here"]));
}
