//! Signing in through the real app against the test Dovecot, which offers PLAIN, LOGIN, CRAM-MD5,
//! SCRAM-SHA-1 and SCRAM-SHA-256 (and Postfix, which asks Dovecot): the app takes SCRAM-SHA-256
//! for IMAP, POP3 and SMTP unless the account names another mechanism, and the password appears
//! nowhere in the protocol log. Headless Chromium, the real bridge, real Dovecot and Postfix.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{WAIT, bridge_for, choose, finish_account_form, log_lines, start_account_form};

/// Sets up `account` by hand for `protocol` on `port`, with `mechanism` chosen if given, and
/// returns the protocol log's lines once the mail view is there.
fn sign_in_and_read_log(
    bridge_url: &str,
    stack: &MailStack,
    account: &Account,
    protocol: &str,
    port: u16,
    mechanism: Option<&str>,
) -> Vec<String> {
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{bridge_url}/")).expect("open app");
    start_account_form(&mut browser, account, &account.password, protocol);
    if let Some(mechanism) = mechanism {
        choose(&mut browser, "incoming-mechanism", mechanism);
    }
    finish_account_form(&mut browser, stack, account, port);
    browser.wait_for("[data-testid=mail-view]", WAIT).expect("mail view");
    let lines = log_lines(&mut browser);
    let page = browser
        .execute("return document.documentElement.outerHTML + JSON.stringify(localStorage)", vec![])
        .expect("page");
    assert!(!page.as_str().unwrap_or_default().contains(&account.password), "the password is in the page");
    for line in &lines {
        assert!(!line.contains(&account.password), "the password in the log: {line}");
    }
    browser.assert_no_console_errors(&[]).expect("no console errors");
    lines
}

fn line_with<'a>(lines: &'a [String], protocol: &str, text: &str) -> Option<&'a String> {
    lines.iter().find(|l| l.contains(&format!(" {protocol} C: ")) && l.contains(text))
}

#[test]
fn the_strongest_mechanism_is_used_and_a_chosen_one_is_respected() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);

    // IMAP and SMTP ("Test and save" signs in to both): SCRAM-SHA-256, payloads redacted.
    let alice = stack.alice().clone();
    let lines = sign_in_and_read_log(&bridge.url, &stack, &alice, "imap", stack.ports().imaps, None);
    let imap =
        line_with(&lines, "IMAP", "AUTHENTICATE SCRAM-SHA-256").unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(imap.contains("<redacted>"), "{imap}");
    assert!(line_with(&lines, "IMAP", " LOGIN ").is_none(), "{lines:#?}");
    let smtp = line_with(&lines, "SMTP", "AUTH SCRAM-SHA-256").unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(smtp.contains("<redacted>"), "{smtp}");

    // POP3 takes the same order (it used to take CRAM-MD5).
    let bob = stack.bob().clone();
    let lines = sign_in_and_read_log(&bridge.url, &stack, &bob, "pop3", stack.ports().pop3s, None);
    assert!(line_with(&lines, "POP3", "AUTH SCRAM-SHA-256").is_some(), "{lines:#?}");
    assert!(line_with(&lines, "POP3", "CRAM-MD5").is_none(), "{lines:#?}");

    // The account's choice wins over the strongest one.
    let carol = stack.carol().clone();
    let lines =
        sign_in_and_read_log(&bridge.url, &stack, &carol, "imap", stack.ports().imaps, Some("CRAM-MD5"));
    assert!(line_with(&lines, "IMAP", "AUTHENTICATE CRAM-MD5").is_some(), "{lines:#?}");
    assert!(line_with(&lines, "IMAP", "SCRAM").is_none(), "{lines:#?}");
}
