//! Opening another folder while the open one's rows are still being asked for: the new folder's
//! rows load. Headless Chromium, the real bridge, real Dovecot.
//!
//! Opening a folder first reads its cached list from the local store (IndexedDB) and only then
//! shows it. Rows the old folder's list asked for in that moment were fetched from the old
//! folder (still the selected one) under the new folder's name, then thrown away when the new
//! list was shown, while the app kept them as "asked for": a row of the new folder with one of
//! those UIDs was never fetched and stayed "…" (the interop suite, tests/tests/interop.rs, met
//! it about one run in five). Here the moment is made long on purpose: the test holds a
//! read-write transaction on the app's own database for two seconds (as a busy disk or another
//! tab writing would), and scrolls INBOX to its unloaded oldest rows as it opens the folder.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, signed_in};
use serde_json::json;

/// A message dated `minute` minutes past 09:00 on 1 November 2026.
fn message(minute: u32, subject: &str) -> Vec<u8> {
    format!(
        "Date: 01 Nov 2026 {:02}:{:02}:00 +0000\r\nFrom: Yves <yves@example.org>\r\nTo: alice@example.org\r\n\
         Subject: {subject}\r\nMessage-ID: <{minute}.{}@example.org>\r\n\r\nHallo.\r\n",
        9 + minute / 60,
        minute % 60,
        subject.len()
    )
    .into_bytes()
}

fn subjects(browser: &Browser) -> String {
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-row]')] \
               .map(r => r.querySelector('.subject').textContent).join(' | ')",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn a_folder_opened_while_the_old_list_loads_rows_shows_its_own_rows() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    // 60 messages, oldest Date at UID 1: the list shows the newest first, so the rows at the
    // bottom (UID 1 among them) are not loaded until scrolled to.
    let inbox: Vec<Vec<u8>> = (1..=60).map(|i| message(i, &format!("Rundbrief {i}"))).collect();
    stack.seed(&alice, "INBOX", &inbox).expect("seed INBOX");
    // The folder's one message has UID 1, as INBOX's oldest.
    stack.create_mailbox(&alice, "Projekte").expect("create");
    stack.seed(&alice, "Projekte", &[message(90, "Neu im Projekt")]).expect("seed Projekte");

    let (_bridge, mut browser) = signed_in(&stack, &alice);
    browser
        .wait_until(
            "INBOX's top rows and the folder Projekte",
            "return document.querySelectorAll('[data-testid=message-row] .subject').length > 5 \
               && [...document.querySelectorAll('[data-testid=message-row] .subject')] \
                    .every(s => s.textContent.startsWith('Rundbrief')) \
               && !!document.querySelector('.folder[data-folder=Projekte]');",
            vec![],
            WAIT,
        )
        .expect("the inbox shown");

    // Hold the store, scroll INBOX to its bottom and open Projekte, all while the hold lasts.
    let held = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; const hold = arguments[0]; \
             const open = indexedDB.open('posthorn'); \
             open.onerror = () => done('the database did not open'); \
             open.onsuccess = () => { \
               const db = open.result; \
               const tx = db.transaction([...db.objectStoreNames], 'readwrite'); \
               const kv = tx.objectStore('kv'); \
               const until = performance.now() + hold; \
               let started = false; \
               const spin = () => { \
                 kv.get('posthorn-test-hold').onsuccess = () => { \
                   if (!started) { \
                     started = true; \
                     const list = document.querySelector('[data-testid=message-list]'); \
                     list.scrollTop = list.scrollHeight; \
                     document.querySelector('.folder[data-folder=Projekte]').click(); \
                   } \
                   if (performance.now() < until) spin(); \
                 }; \
               }; \
               spin(); \
               tx.oncomplete = () => { db.close(); done('held'); }; \
               tx.onerror = () => done('the transaction failed'); \
             };",
            vec![json!(2000)],
        )
        .expect("the store held");
    assert_eq!(held, json!("held"));

    // The folder's own row, loaded; nothing of INBOX's.
    browser
        .wait_until(
            "the row of Projekte",
            "const s = [...document.querySelectorAll('[data-testid=message-row] .subject')].map(e => e.textContent); \
             return s.length === 1 && s[0] === 'Neu im Projekt';",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the list shows: {}", subjects(&browser)));
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
