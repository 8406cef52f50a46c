//! The account's storage (RFC 9208 quotas, frontend/src/mail_view/storage.rs): where the server
//! sets a limit, the folder pane shows how much is used as a meter and in words, asked with
//! GETQUOTAROOT beside the folders' STATUS; when mail arrives and the account is nearly full, it
//! warns in plain words. Without a limit nothing shows. Real app in headless Chromium, the real
//! bridge, Dovecot with its quota plugin.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, log_lines, screenshot, signed_in, wait_row_count};

/// A message of about `kib` KiB from Bob.
fn sized(to: &str, subject: &str, kib: usize) -> Vec<u8> {
    let line = "All the figures of the quarter, line by line, for the record.\r\n";
    let body = line.repeat(kib * 1024 / line.len());
    format!(
        "From: Bob <bob@posthorn.test>\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Date: Sat, 5 Dec 2026 10:00:00 +0000\r\nMessage-ID: <{}@posthorn.test>\r\n\r\n{body}",
        subject.replace(' ', "-")
    )
    .into_bytes()
}

/// The meter's (value, max) and the words beside it.
fn shown(browser: &posthorn_tests::browser::Browser) -> serde_json::Value {
    browser
        .execute(
            "const m = document.querySelector('[data-testid=storage] meter'); \
             return m && [Number(m.value), Number(m.max), \
                          document.querySelector('[data-testid=storage-words]').textContent];",
            vec![],
        )
        .expect("read the storage")
}

#[test]
fn the_storage_used_shows_and_warns_when_nearly_full() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.set_quota(&alice, 200).expect("a 200 KiB plan");
    stack.seed(&alice, "INBOX", &[sized(&alice.address, "Report one", 60)]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);

    browser.wait_for("[data-testid=storage] meter", WAIT).expect("the storage meter");
    let first = shown(&browser);
    let used = first[0].as_f64().unwrap_or_default();
    assert!((55.0..70.0).contains(&used), "about 60 KiB used: {first}");
    assert_eq!(first[1], 200.0, "{first}");
    assert!(first[2].as_str().unwrap_or_default().ends_with("of 204.8 KB used"), "{first}");
    assert!(browser.find("[data-testid=storage-warning]").expect("find").is_none(), "no warning at 30 %");
    screenshot(&browser, "storage");
    let found = posthorn_tests::axe::violations(&browser, &posthorn_tests::axe::source());
    assert!(found.is_empty(), "axe-core finds nothing with the meter: {found:#?}");
    let asked = log_lines(&mut browser).iter().any(|l| l.contains("GETQUOTAROOT INBOX"));
    assert!(asked, "asked with the counts");
    click(&mut browser, "[data-testid=toggle-log]");

    // New mail takes it past 90 %: the pane says so when the mail shows.
    stack.seed(&alice, "INBOX", &[sized(&alice.address, "Report two", 125)]).expect("seed more");
    wait_row_count(&mut browser, 2);
    let warning = browser.wait_for("[data-testid=storage-warning]", WAIT).expect("the warning");
    assert!(browser.text(&warning).expect("text").contains("Nearly full"), "in plain words");
    let now = shown(&browser);
    assert!(now[0].as_f64().unwrap_or_default() >= 180.0, "{now}");
    screenshot(&browser, "storage-nearly-full");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// An account without a limit shows no meter, though the server has quotas.
#[test]
fn no_limit_shows_nothing() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[sized(&alice.address, "Report", 4)]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    let asked = log_lines(&mut browser).iter().any(|l| l.contains("GETQUOTAROOT INBOX"));
    assert!(asked, "the server has quotas, so the app asks");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(browser.find("[data-testid=storage]").expect("find").is_none(), "nothing to show");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
