//! Junk: the toolbar's Junk button and the `!` key move messages to the account's Junk folder
//! (RFC 6154 `\Junk`, which Dovecot's configuration in tests/src/mailstack gives it), which is
//! what servers that learn spam watch for; in the Junk folder the same button, "Not junk", moves
//! them back to INBOX; the messages carry `$Junk` and `$NotJunk` as they go; an account without
//! one gets one on its first report. Real app, real bridge, Dovecot, headless Chromium; where
//! each message is, and its keywords, are read with the harness's own IMAP client.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, dated_message, error_banner, log_lines, open_row, signed_in, subjects_in, undo_offered,
    wait_for_server, wait_row_count,
};
use serde_json::Value;

/// A message from Mallory, the `n`th hour of the day.
fn message(n: u8, subject: &str) -> Vec<u8> {
    dated_message("Mallory <mallory@example.org>", subject, n)
}

/// The keywords (flags starting with `$`) of the message `subject` in `mailbox`, as the server
/// keeps them.
fn keywords(
    stack: &MailStack,
    who: &posthorn_tests::mailstack::Account,
    mailbox: &str,
    subject: &str,
) -> Vec<String> {
    let all = stack.fetch_all(who, mailbox).expect("FETCH");
    let m = all
        .iter()
        .find(|m| String::from_utf8_lossy(&m.raw).contains(&format!("Subject: {subject}\r\n")))
        .unwrap_or_else(|| panic!("{subject} in {mailbox}"));
    m.flags.iter().filter(|f| f.starts_with('$')).cloned().collect()
}

fn junk_button_title(browser: &posthorn_tests::browser::Browser) -> Value {
    browser.execute("return document.querySelector('[data-testid=junk]').title", vec![]).expect("the button")
}

#[test]
fn junk_and_not_junk_move_messages_to_junk_and_back() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let seeded: Vec<Vec<u8>> = [(1, "Lunch on Friday"), (2, "You have won"), (3, "Cheap watches")]
        .map(|(n, s)| message(n, s))
        .into();
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);
    assert_eq!(junk_button_title(&browser), "Junk (!)");

    // The open message by the button, the next by `!`; each offered to be taken back.
    open_row(&mut browser, "You have won");
    click(&mut browser, "[data-testid=junk]");
    wait_for_server(&browser, "\"You have won\" in Junk", || {
        (subjects_in(&stack, &alice, "Junk")? == ["You have won"]).then_some(())
    });
    let offered = undo_offered(&mut browser, "");
    assert_eq!(offered, "1 message moved to Junk. Undo");
    // Marked as junk for other clients and filters (RFC 9051 section 2.3.2).
    assert_eq!(keywords(&stack, &alice, "Junk", "You have won"), ["$Junk"]);
    open_row(&mut browser, "Cheap watches");
    browser.press_keys("!").expect("!");
    wait_for_server(&browser, "\"Cheap watches\" in Junk too", || {
        (subjects_in(&stack, &alice, "Junk")?.len() == 2).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Lunch on Friday"]);
    wait_row_count(&mut browser, 1);

    // In Junk the button says "Not junk" and moves the message back to INBOX.
    click(&mut browser, ".folder[data-folder=\"Junk\"]");
    wait_row_count(&mut browser, 2);
    browser
        .wait_until(
            "the button as Not junk",
            "return document.querySelector('[data-testid=junk]').title === 'Not junk (!)';",
            vec![],
            WAIT,
        )
        .expect("Not junk in Junk");
    open_row(&mut browser, "You have won");
    click(&mut browser, "[data-testid=junk]");
    wait_for_server(&browser, "\"You have won\" back in INBOX", || {
        (subjects_in(&stack, &alice, "INBOX")?.len() == 2).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "Junk").expect("Junk"), ["Cheap watches"]);
    assert_eq!(
        keywords(&stack, &alice, "INBOX", "You have won"),
        ["$NotJunk"],
        "not junk, and no longer $Junk"
    );
    wait_row_count(&mut browser, 1);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn without_a_junk_folder_the_first_report_makes_one() {
    let stack = MailStack::start_without_folders(&["Junk"]).expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[message(1, "Lunch on Friday"), message(2, "You have won")]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);
    let listed = |stack: &MailStack| -> Vec<String> {
        stack.mailboxes(&alice).expect("LIST").iter().map(|m| m.name.clone()).collect()
    };
    assert!(!listed(&stack).iter().any(|m| m == "Junk"), "no Junk to begin with: {:?}", listed(&stack));
    open_row(&mut browser, "You have won");
    browser.press_keys("!").expect("!");
    wait_for_server(&browser, "a Junk folder made, the message in it", || {
        (subjects_in(&stack, &alice, "Junk")? == ["You have won"]).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Lunch on Friday"]);
    browser.wait_for(".folder[data-folder=\"Junk\"]", WAIT).expect("Junk in the folder list");
    let error = error_banner(&browser);
    assert_eq!(error, Value::Null, "nothing went wrong");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// Another client (here the harness's own) makes Junk after the app listed the folders: the
/// app's CREATE is refused with `[ALREADYEXISTS]` (RFC 5530), and the report files into the folder
/// that is there, with no error shown.
#[test]
fn a_junk_folder_made_meanwhile_elsewhere_is_used() {
    let stack = MailStack::start_without_folders(&["Junk"]).expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[message(1, "Lunch on Friday"), message(2, "You have won")]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);
    stack.create_mailbox(&alice, "Junk").expect("CREATE Junk elsewhere");
    open_row(&mut browser, "You have won");
    browser.press_keys("!").expect("!");
    wait_for_server(&browser, "the message in the Junk folder made elsewhere", || {
        (subjects_in(&stack, &alice, "Junk")? == ["You have won"]).then_some(())
    });
    let refused = log_lines(&mut browser).iter().any(|l| l.contains(" S: ") && l.contains("ALREADYEXISTS"));
    assert!(refused, "the app's CREATE met the folder made elsewhere");
    let error = error_banner(&browser);
    assert_eq!(error, Value::Null, "nothing went wrong");
}
