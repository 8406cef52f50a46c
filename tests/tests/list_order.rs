//! The message list's order in the real app against the real Dovecot, through the real bridge, in
//! headless Chromium. Messages are appended with Date headers out of their delivery (UID and
//! INTERNALDATE) order: the list shows the newest Date first, orders by sender name and by base
//! subject (RFC 5256 section 2.1) when asked, keeps the choice per folder across a reload, and
//! shows a search's hits in the order chosen.
//!
//! INBOX has 300 older messages besides, so only the top rows are ever cached: its order can only
//! come from the server's UID SORT. The small folder's rows are all cached once shown, so its order
//! comes from the local index (`posthorn_proto::sort`).

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, choose, screenshot, signed_in, wait_status};
use serde_json::{Value, json};

/// (Date, sender name, subject), appended in this order: UIDs 1 to 4.
const MESSAGES: [(&str, &str, &str); 4] = [
    ("Fri, 20 Nov 2026 09:00:00 +0000", "Anna", "Re: Budget"),
    ("Wed, 25 Nov 2026 09:00:00 +0000", "Zoe", "Agenda"),
    ("Tue, 10 Nov 2026 09:00:00 +0000", "Mallory", "Minutes"),
    ("Sun, 22 Nov 2026 09:00:00 +0000", "Bob", "Fwd: Zebra"),
];

/// Newest Date first: not the UID order (Zebra, Minutes, Agenda, Budget).
const BY_DATE: [&str; 4] = ["Agenda", "Fwd: Zebra", "Re: Budget", "Minutes"];
/// By sender name: Anna, Bob, Mallory (then the fillers' Yves, then Zoe).
const BY_SENDER: [&str; 3] = ["Re: Budget", "Fwd: Zebra", "Minutes"];
/// By base subject: agenda, budget (not "Re: ..."), minutes, zebra (not "Fwd: ..."), then the
/// fillers' "zz".
const BY_SUBJECT: [&str; 4] = ["Agenda", "Re: Budget", "Minutes", "Fwd: Zebra"];

fn message(date: &str, name: &str, subject: &str) -> Vec<u8> {
    let local = name.to_lowercase();
    format!(
        "Date: {date}\r\nFrom: {name} <{local}@example.org>\r\nTo: alice@example.org\r\nSubject: {subject}\r\n\
         Message-ID: <{local}.{}@example.org>\r\n\r\nHello from {name}.\r\n",
        subject.len()
    )
    .into_bytes()
}

/// The subjects of the list's first `n` rows, top to bottom, once they are all loaded.
fn top_subjects(browser: &mut Browser, n: usize, expected: &[&str]) -> Vec<String> {
    let shown = browser.wait_until(
        &format!("the top rows to be {expected:?}"),
        "const rows = [...document.querySelectorAll('[data-testid=message-row]')] \
           .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
           .map(r => r.querySelector('.subject').textContent); \
         if (rows.length < arguments[0]) return false; \
         const top = rows.slice(0, arguments[0]); \
         return JSON.stringify(top) === JSON.stringify(arguments[1]) ? top : false;",
        vec![json!(n), json!(expected)],
        WAIT,
    );
    match shown {
        Ok(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect(),
        other => {
            let now = browser
                .execute(
                    "return [...document.querySelectorAll('[data-testid=message-row]')] \
                       .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
                       .slice(0, 8).map(r => r.querySelector('.subject').textContent)",
                    vec![],
                )
                .unwrap_or_default();
            panic!("expected the top rows {expected:?}, the list shows {now} ({other:?})")
        }
    }
}

fn sort_choice(browser: &Browser) -> String {
    browser
        .execute("return document.querySelector('[data-testid=sort]').value", vec![])
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn open_folder(browser: &mut Browser, name: &str) {
    browser
        .wait_until(
            &format!("folder {name}"),
            "const f = document.querySelector(`.folder[data-folder=\"${arguments[0]}\"]`); if (f) f.click(); return !!f;",
            vec![json!(name)],
            WAIT,
        )
        .expect("folder to open");
}

/// Searches the open folder's bodies for `text` on the server (empty: back to the folder).
fn search(browser: &Browser, text: &str) {
    browser
        .execute(
            "document.querySelector('form.search select').value = 'body'; \
             document.querySelector('form.search select').dispatchEvent(new Event('change')); \
             const i = document.querySelector('[data-testid=search]'); i.value = arguments[0]; \
             i.dispatchEvent(new Event('input')); document.querySelector('form.search').requestSubmit();",
            vec![json!(text)],
        )
        .expect("search");
}

#[test]
fn the_list_is_ordered_by_date_sender_or_subject_and_keeps_the_choice_per_folder() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let mut inbox: Vec<Vec<u8>> = MESSAGES.iter().map(|(d, n, s)| message(d, n, s)).collect();
    inbox.extend(
        (1..=300).map(|i| message("Mon, 3 Feb 2020 10:00:00 +0000", "Yves", &format!("zz filler {i}"))),
    );
    stack.seed(&alice, "INBOX", &inbox).expect("seed INBOX");
    stack.create_mailbox(&alice, "Small").expect("create");
    let small: Vec<Vec<u8>> = MESSAGES.iter().map(|(d, n, s)| message(d, n, s)).collect();
    stack.seed(&alice, "Small", &small).expect("seed Small");

    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // INBOX: newest Date first, from the server's SORT (rows 5 to 304 are newer by UID); the
    // fillers share one Date, and among them the last delivered comes first.
    let mut by_date_then_ties = BY_DATE.to_vec();
    by_date_then_ties.extend(["zz filler 300", "zz filler 299"]);
    assert_eq!(top_subjects(&mut browser, 6, &by_date_then_ties), by_date_then_ties);
    assert_eq!(sort_choice(&browser), "date");
    screenshot(&browser, "list-order-date");
    choose(&mut browser, "sort", "sender");
    assert_eq!(top_subjects(&mut browser, 3, &BY_SENDER), BY_SENDER);
    choose(&mut browser, "sort", "subject");
    assert_eq!(top_subjects(&mut browser, 4, &BY_SUBJECT), BY_SUBJECT);
    choose(&mut browser, "sort", "sender");
    assert_eq!(top_subjects(&mut browser, 3, &BY_SENDER), BY_SENDER);

    // The small folder has its own choice (none yet: by date), ordered by the local index.
    open_folder(&mut browser, "Small");
    assert_eq!(top_subjects(&mut browser, 4, &BY_DATE), BY_DATE);
    assert_eq!(sort_choice(&browser), "date");
    choose(&mut browser, "sort", "subject");
    assert_eq!(top_subjects(&mut browser, 4, &BY_SUBJECT), BY_SUBJECT);

    // A server search keeps the order chosen (the UID SEARCH answer is in UID order): all four
    // bodies say "Hello", and the hits show by subject, not Zebra, Minutes, Agenda, Budget.
    search(&browser, "Hello");
    wait_status(&mut browser, "4 found");
    assert_eq!(top_subjects(&mut browser, 4, &BY_SUBJECT), BY_SUBJECT, "the hits by subject");
    search(&browser, "");

    // A reload keeps each folder's choice.
    browser.refresh().expect("reload");
    assert_eq!(top_subjects(&mut browser, 3, &BY_SENDER), BY_SENDER, "INBOX by sender after reload");
    assert_eq!(sort_choice(&browser), "sender");
    open_folder(&mut browser, "Small");
    assert_eq!(top_subjects(&mut browser, 4, &BY_SUBJECT), BY_SUBJECT, "Small by subject after reload");
    assert_eq!(sort_choice(&browser), "subject");

    screenshot(&browser, "list-order-kept");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
