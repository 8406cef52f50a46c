//! Showing only unread or flagged messages, as Thunderbird's quick filter does
//! (frontend/src/mail_state/search.rs, `Filter`): the choice beside the search field asks the
//! server (UID SEARCH UNSEEN, FLAGGED, RFC 3501 section 6.4.4), alone or with the words typed; a
//! message read meanwhile stays in sight, and new mail that passes joins; *All messages* and
//! another folder show every message again; with the server out of reach the rows kept on the
//! device are filtered. All inboxes filters every account's rows on the device. Real app, real
//! bridge, Dovecot with the flags in its Maildir, headless Chromium.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, all_inboxes_of, click, dated_message, log_lines, open_row, signed_in, wait_row_count, wait_status,
};
use serde_json::json;

/// The list's subjects, top to bottom.
fn subjects(browser: &Browser) -> Vec<String> {
    let v = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-row]')]
               .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
               .map(r => r.querySelector('.subject').textContent);",
            vec![],
        )
        .expect("rows");
    v.as_array().into_iter().flatten().map(|s| s.as_str().unwrap_or_default().to_owned()).collect()
}

/// Waits until the list shows `wanted`, top to bottom.
fn wait_subjects(browser: &mut Browser, wanted: &[&str]) {
    let script = "return JSON.stringify([...document.querySelectorAll('[data-testid=message-row]')]
               .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
               .map(r => r.querySelector('.subject').textContent)) === JSON.stringify(arguments[0]);";
    if let Err(e) = browser.wait_until(&format!("the list {wanted:?}"), script, vec![json!(wanted)], WAIT) {
        panic!("{e}\nthe list shows {:?}", subjects(browser));
    }
}

/// Chooses `value` in the filter beside the search field.
fn show(browser: &Browser, value: &str) {
    browser
        .execute(
            "const s = document.querySelector('[data-testid=filter-in-search]'); s.value = arguments[0];
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(value)],
        )
        .expect("choose");
}

/// Types `words` into the search field and submits the form.
fn search(browser: &mut Browser, words: &str) {
    browser.wait_for("[data-testid=search]", WAIT).expect("search field");
    // As typing does: an input event (WebDriver's clear sends none).
    browser
        .execute(
            "const f = document.querySelector('[data-testid=search]'); f.value = arguments[0];
             f.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(words)],
        )
        .expect("type");
    click(browser, "[data-testid=search-button]");
}

#[test]
fn unread_and_flagged_only_on_the_server_with_words_and_offline() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    // Maildir flags: S seen, F flagged. Newest first in the list: Old report (5) to Quarterly report (1).
    let messages = [
        ("Quarterly report", ""),
        ("Lunch on Friday", "S"),
        ("Report draft", "FS"),
        ("Train tickets", ""),
        ("Old report", "F"),
    ];
    stack
        .seed_maildir(&alice, "INBOX", messages.len() as u32, |i| {
            let (subject, flags) = messages[i as usize - 1];
            (dated_message("Bob <bob@example.org>", subject, i as u8), flags)
        })
        .expect("seed");
    let (bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 5);

    show(&browser, "unread");
    wait_subjects(&mut browser, &["Old report", "Train tickets", "Quarterly report"]);
    let asked = log_lines(&mut browser)
        .into_iter()
        .any(|l| l.contains(" C: ") && l.contains("UID SEARCH") && l.ends_with("UNSEEN"));
    assert!(asked, "the server was asked for the unread ones");
    click(&mut browser, "[data-testid=toggle-log]");
    // Read now, it stays in sight until the filter is chosen again.
    open_row(&mut browser, "Train tickets");
    browser
        .wait_until(
            "Train tickets shown as read",
            "return [...document.querySelectorAll('[data-testid=message-row]')]
               .some(r => r.querySelector('.subject').textContent === 'Train tickets' && !r.classList.contains('unread'));",
            vec![],
            WAIT,
        )
        .expect("read");
    wait_subjects(&mut browser, &["Old report", "Train tickets", "Quarterly report"]);
    // New mail, unread, joins them.
    stack.seed(&alice, "INBOX", &[dated_message("Bob <bob@example.org>", "Fresh news", 6)]).expect("deliver");
    wait_subjects(&mut browser, &["Fresh news", "Old report", "Train tickets", "Quarterly report"]);

    // Flagged, and with words: the flagged ones that say "report".
    show(&browser, "flagged");
    wait_subjects(&mut browser, &["Old report", "Report draft"]);
    search(&mut browser, "Quarterly");
    browser
        .wait_for("[data-testid=empty-state][data-empty=no-results]", WAIT)
        .expect("nothing flagged says Quarterly");
    let hint = browser
        .execute("return document.querySelector('[data-testid=empty-state]').textContent", vec![])
        .unwrap();
    assert!(
        hint.as_str().unwrap_or_default().contains("All messages"),
        "the empty list says how to see all: {hint}"
    );
    show(&browser, "unread");
    wait_subjects(&mut browser, &["Quarterly report"]);

    // All messages, with the words: every one that says them; no words: the whole folder.
    show(&browser, "all");
    wait_subjects(&mut browser, &["Quarterly report"]);
    search(&mut browser, "");
    wait_subjects(
        &mut browser,
        &["Fresh news", "Old report", "Train tickets", "Report draft", "Lunch on Friday", "Quarterly report"],
    );

    // Another folder, and back: every message, the filter at All messages.
    show(&browser, "flagged");
    wait_subjects(&mut browser, &["Old report", "Report draft"]);
    click(&mut browser, ".folder[data-folder=\"Junk\"]");
    click(&mut browser, ".folder[data-folder=\"INBOX\"]");
    wait_subjects(
        &mut browser,
        &["Fresh news", "Old report", "Train tickets", "Report draft", "Lunch on Friday", "Quarterly report"],
    );
    let value = browser
        .execute("return document.querySelector('[data-testid=filter-in-search]').value", vec![])
        .unwrap();
    assert_eq!(value, "all");

    // With the server out of reach (the bridge stopped), from the rows kept on the device:
    // Train tickets was read here.
    drop(bridge);
    show(&browser, "unread");
    wait_subjects(&mut browser, &["Fresh news", "Old report", "Quarterly report"]);
    wait_status(&mut browser, "kept on this device");
}

#[test]
fn all_inboxes_shows_the_unread_or_flagged_of_every_account() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let seed =
        |who: &posthorn_tests::mailstack::Account, messages: [(&'static str, &'static str); 2], first: u8| {
            stack
                .seed_maildir(who, "INBOX", 2, |i| {
                    let (subject, flags) = messages[i as usize - 1];
                    (dated_message("Carol <carol@example.org>", subject, first + i as u8), flags)
                })
                .expect("seed");
        };
    seed(&alice, [("Alice unread", ""), ("Alice flagged", "FS")], 10);
    seed(&bob, [("Bob read", "S"), ("Bob unread", "")], 12);
    let (_bridge, mut browser) = all_inboxes_of(&stack, &alice, &bob);
    wait_subjects(&mut browser, &["Bob unread", "Bob read", "Alice flagged", "Alice unread"]);
    show(&browser, "unread");
    wait_subjects(&mut browser, &["Bob unread", "Alice unread"]);
    show(&browser, "flagged");
    wait_subjects(&mut browser, &["Alice flagged"]);
    show(&browser, "all");
    wait_subjects(&mut browser, &["Bob unread", "Bob read", "Alice flagged", "Alice unread"]);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
