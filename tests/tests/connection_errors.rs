//! Connection failures say which server and which step, and the protocol log tells how every
//! connection ended. Headless Chromium, the real bridge, real Dovecot and Postfix.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, bridge_for, choose, click, fill, finish_account_form, start_account_form};
use serde_json::Value;

#[test]
fn a_tls_failure_on_the_outgoing_server_names_it_and_every_close_is_logged() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let alice = stack.alice().clone();
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");

    // The incoming server is right; the outgoing one is the STARTTLS submission port with
    // implicit TLS chosen, so the bridge's TLS handshake meets Postfix's plain-text greeting.
    start_account_form(&mut browser, &alice, &alice.password, "imap");
    fill(&mut browser, "incoming-host", stack.host());
    fill(&mut browser, "incoming-port", &stack.ports().imaps.to_string());
    fill(&mut browser, "incoming-username", &alice.user);
    fill(&mut browser, "outgoing-host", stack.host());
    fill(&mut browser, "outgoing-port", &stack.ports().submission.to_string());
    choose(&mut browser, "outgoing-security", "tls");
    fill(&mut browser, "outgoing-username", &alice.user);
    click(&mut browser, "[data-testid=test-and-save]");

    let error = browser
        .wait_until(
            "the outgoing server's failure",
            "const e = document.querySelector('[data-testid=setup-error]'); return e && e.textContent;",
            vec![],
            WAIT,
        )
        .expect("an error");
    let error = error.as_str().unwrap_or_default().to_owned();
    let outgoing = format!("outgoing server {}:{}", stack.host(), stack.ports().submission);
    assert!(error.contains(&outgoing), "the server is not named: {error}");
    assert!(error.contains("TLS handshake"), "the step is not named: {error}");

    // Every connection in the log (the IMAP sign-in, the SMTP attempt) has one line saying it
    // closed and why.
    click(&mut browser, "[data-testid=toggle-log]");
    let lines = browser
        .wait_until(
            "the log lines",
            "const l = [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent); \
             return l.some(t => t.includes(' SMTP * closed: ')) && l;",
            vec![],
            WAIT,
        )
        .expect("log lines");
    let lines: Vec<String> =
        lines.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
    // "<date> <time> #<id> <account> <protocol> <direction> <text>"
    let connection = |line: &str| line.split_whitespace().find(|w| w.starts_with('#')).map(str::to_owned);
    let mut ids: Vec<String> = lines.iter().filter_map(|l| connection(l)).collect();
    ids.dedup();
    assert!(ids.len() >= 2, "{lines:#?}");
    for id in &ids {
        let closes: Vec<&String> = lines
            .iter()
            .filter(|l| connection(l).as_ref() == Some(id) && l.contains(" * closed: "))
            .collect();
        assert_eq!(closes.len(), 1, "connection {id} must close once, with a reason: {lines:#?}");
    }
    let imap_close = lines.iter().find(|l| l.contains(" IMAP * closed: ")).expect("IMAP closed");
    assert!(imap_close.contains("ended the session"), "{imap_close}");
    let smtp_close = lines.iter().find(|l| l.contains(" SMTP * closed: ")).expect("SMTP closed");
    assert!(smtp_close.contains(&outgoing) && smtp_close.contains("TLS"), "{smtp_close}");
}

/// The setup error once it contains `expected`; the failure shows what it said instead.
fn setup_error_with(browser: &mut Browser, expected: &str) -> String {
    let found = browser.wait_until(
        &format!("a setup error naming {expected:?}"),
        "const e = document.querySelector('[data-testid=setup-error]'); \
         return e && e.textContent.includes(arguments[0]) && e.textContent;",
        vec![serde_json::json!(expected)],
        WAIT,
    );
    match found {
        Ok(text) => text.as_str().unwrap_or_default().to_owned(),
        Err(e) => {
            let shown = browser
                .execute(
                    "const e = document.querySelector('.account-setup'); return e && e.textContent;",
                    vec![],
                )
                .unwrap_or_default();
            panic!("{e}; the setup screen says: {shown}")
        }
    }
}

#[test]
fn a_refused_sign_in_names_the_server_that_refused_it() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let alice = stack.alice().clone();
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    let incoming = format!("incoming server {}:{}", stack.host(), stack.ports().imaps);
    let outgoing = format!("outgoing server {}:{}", stack.host(), stack.ports().submissions);

    // IMAP refuses the password.
    start_account_form(&mut browser, &alice, "not-alices-password", "imap");
    finish_account_form(&mut browser, &stack, &alice, stack.ports().imaps);
    let error = setup_error_with(&mut browser, "Sign-in failed at the incoming server");
    assert!(error.contains(&incoming), "the incoming server is not named: {error}");
    assert!(error.contains("password"), "{error}");

    // IMAP takes the password; Postfix refuses the outgoing user name.
    fill(&mut browser, "password", &alice.password);
    fill(&mut browser, "outgoing-username", "nobody");
    click(&mut browser, "[data-testid=test-and-save]");
    let error = setup_error_with(&mut browser, "Sign-in failed at the outgoing server");
    assert!(error.contains(&outgoing), "the outgoing server is not named: {error}");
    assert!(!error.contains(&incoming), "{error}");

    // POP3 refuses the incoming user name.
    choose(&mut browser, "protocol", "pop3");
    fill(&mut browser, "incoming-port", &stack.ports().pop3s.to_string());
    fill(&mut browser, "incoming-username", "nobody");
    fill(&mut browser, "outgoing-username", &alice.user);
    click(&mut browser, "[data-testid=test-and-save]");
    let pop3 = format!("incoming server {}:{}", stack.host(), stack.ports().pop3s);
    let error = setup_error_with(&mut browser, &pop3);
    assert!(error.contains("Sign-in failed"), "{error}");
}
