//! A password that stops working: changed at the provider while this device remembers the old
//! one. The app must ask for the current one (saying why) instead of signing in with the old one
//! again and again, and remember the new one in its place. Real Dovecot, the real bridge,
//! headless Chromium.

use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{bridge_for, click, open_with_accounts, stored_account};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: Bob <bob@posthorn.test>\r\nTo: alice@posthorn.test\r\nSubject: {subject}\r\n\
         Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{}@posthorn.test>\r\n\r\nHallo\r\n",
        subject.replace(' ', "-")
    )
    .into_bytes()
}

fn wait_for_row(browser: &mut Browser, subject: &str) {
    browser
        .wait_until(
            &format!("a row {subject:?}"),
            "return document.body.textContent.includes(arguments[0]) ? true : null;",
            vec![json!(subject)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

fn submit_password(browser: &mut Browser, password: &str) {
    let field =
        browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("the password bar");
    browser.fill(&field, password).expect("type the password");
    click(browser, "[data-testid=unlock] button[type=submit]");
}

#[test]
fn a_stale_remembered_password_is_asked_for_again_and_replaced() {
    stale_password_is_asked_for_again_and_replaced(Incoming::Imap);
}

/// The same with POP3, where the inbox is the browser's own: Dovecot answers `-ERR [AUTH]`.
#[test]
fn a_stale_remembered_pop3_password_is_asked_for_again_and_replaced() {
    stale_password_is_asked_for_again_and_replaced(Incoming::Pop3);
}

#[derive(Clone, Copy, Debug)]
enum Incoming {
    Imap,
    Pop3,
}

fn stale_password_is_asked_for_again_and_replaced(incoming: Incoming) {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[message("Before the change")]).expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let p = stack.ports();
    let (protocol, port, refusal_code) = match incoming {
        Incoming::Imap => ("Imap", p.imaps, "AUTHENTICATIONFAILED"),
        Incoming::Pop3 => ("Pop3", p.pop3s, "[AUTH]"),
    };
    let accounts = json!([stored_account(&stack, &alice, "Alice", protocol, port, (p.submissions, "Tls"))]);
    let mut browser = open_with_accounts(&bridge, accounts);
    let field =
        browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("the password bar");
    browser.fill(&field, &alice.password).expect("type the password");
    click(&mut browser, "[data-testid=unlock] input[name=remember]");
    click(&mut browser, "[data-testid=unlock] button[type=submit]");
    wait_for_row(&mut browser, "Before the change");
    browser.wait_for("[data-testid=stop-remembering]", WAIT).expect("the password is remembered");

    // The password changes at the provider. The next start signs in with the remembered one, is
    // refused, and asks, with the server's reason.
    let renewed = Account { password: "a-new-password-2026".into(), ..alice.clone() };
    stack.change_password(&alice, &renewed.password).expect("change the password");
    assert!(stack.imap_session(&alice).is_err(), "the old password still works at the server");
    browser.refresh().expect("reload");
    let why = browser.wait_for("[data-testid=password-rejected]", WAIT).expect("the refusal is explained");
    let text = browser.text(&why).unwrap();
    assert!(text.contains("Sign-in failed") && text.contains(refusal_code), "{text}");
    let remember: bool = browser
        .execute(
            "return document.querySelector('[data-testid=unlock] input[name=remember]').checked;",
            vec![],
        )
        .unwrap()
        .as_bool()
        .unwrap();
    assert!(remember, "a remembered password's replacement is remembered unless the box is cleared");
    // Refused once (per connection that was opening), then not tried again: the log does not grow.
    let failures = || stack.logs().matches("auth failed").count();
    std::thread::sleep(Duration::from_secs(3));
    let settled = failures();
    assert!(settled >= 1, "Dovecot logged no failed sign-in:\n{}", stack.logs());
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(failures(), settled, "the refused password was tried again:\n{}", stack.logs());

    // The current password works, reaches the server, and replaces the remembered one.
    stack.seed(&renewed, "INBOX", &[message("After the change")]).expect("seed");
    submit_password(&mut browser, &renewed.password);
    wait_for_row(&mut browser, "After the change");
    assert!(browser.find("[data-testid=unlock]").unwrap().is_none(), "the password bar is gone");
    browser.refresh().expect("reload");
    wait_for_row(&mut browser, "After the change");
    std::thread::sleep(Duration::from_secs(2));
    assert!(browser.find("[data-testid=unlock]").unwrap().is_none(), "the new password was remembered");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
