//! Conversations in a folder whose headers are not on the device yet: the app groups it by the
//! server's own threads (UID THREAD REFERENCES, RFC 5256 section 4, which Dovecot offers) while the
//! missing rows load (frontend/src/mail_state/conversations/server_threads.rs). Headless Chromium,
//! the real bridge, real Dovecot. The conversations themselves are tests/tests/conversations.rs.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, signed_in};
use serde_json::Value;

fn wait_rows(browser: &mut Browser, what: &str, script: &str) {
    if let Err(e) = browser.wait_until(what, script, vec![], WAIT) {
        let count = browser
            .execute(
                "return document.querySelector('[data-testid=message-list]')?.getAttribute('aria-rowcount')",
                vec![],
            )
            .unwrap_or_default();
        panic!("waiting for {what}: {e}; the grid counts {count} rows");
    }
}

/// The rows the app keeps in IndexedDB (every folder of every account).
fn cached_rows(browser: &Browser) -> u64 {
    browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; const open = indexedDB.open('posthorn'); \
             open.onerror = () => done(-1); \
             open.onsuccess = () => { const db = open.result; \
               const count = db.transaction('headers').objectStore('headers').count(); \
               count.onsuccess = () => { db.close(); done(count.result); }; \
               count.onerror = () => done(-1); };",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_u64())
        .unwrap_or(0)
}

/// A folder whose headers are not on the device yet, with conversations turned on: the app asks
/// the server's own threads (UID THREAD REFERENCES, which Dovecot offers) before it loads the
/// missing rows, and the list shows the folder's 1,000 conversations of three while the 3,000
/// rows are still coming. Without the server's answer the count would fall in steps as each
/// batch of 500 rows arrived (2,667, 2,333, …); here every count the grid ever shows after the
/// switch is either the few cached rows grouped locally (≥ 2,900) or 1,000, and 1,000 stays
/// once reached.
#[test]
fn a_folder_not_in_the_index_is_grouped_by_the_servers_threads_while_it_loads() {
    const THREADS: u32 = 1000;
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed_maildir(&alice, "INBOX", THREADS * 3, |i| {
            let (t, n) = ((i - 1) / 3, (i - 1) % 3);
            let id = |n: u32| format!("<t{t}.{n}@example.org>");
            let links = match n {
                0 => String::new(),
                1 => format!("In-Reply-To: {}\r\nReferences: {}\r\n", id(0), id(0)),
                _ => format!("In-Reply-To: {}\r\nReferences: {} {}\r\n", id(1), id(0), id(1)),
            };
            let subject = if n == 0 { format!("Topic {t}") } else { format!("Re: Topic {t}") };
            let message = format!(
                "Date: Sun, 01 Nov 2026 {:02}:{:02}:{:02} +0000\r\nFrom: Bob <bob@example.org>\r\n\
                 To: alice@example.org\r\nSubject: {subject}\r\nMessage-ID: {}\r\n{links}\r\nMessage {i}.\r\n",
                i / 3600,
                i / 60 % 60,
                i % 60,
                id(n)
            );
            (message.into_bytes(), "S")
        })
        .expect("seed INBOX");

    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_rows(
        &mut browser,
        "the 3,000 single messages",
        "const g = document.querySelector('[data-testid=message-list]'); \
         return g && g.getAttribute('aria-rowcount') === '3000' && \
                document.querySelectorAll('[data-testid=message-row]:not(.loading)').length > 5;",
    );
    let before = cached_rows(&browser);
    assert!(before < 1000, "only the rows in sight are cached before the switch: {before}");
    // Every count the grid shows from now on.
    browser
        .execute(
            "window.__counts = []; \
             new MutationObserver(() => { \
               const g = document.querySelector('[data-testid=message-list]'); \
               const c = g && g.getAttribute('aria-rowcount'); \
               if (c !== window.__counts[window.__counts.length - 1]) window.__counts.push(c); \
             }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['aria-rowcount'] });",
            vec![],
        )
        .expect("observe the count");
    browser
        .execute("document.querySelector('[data-testid=conversations]').click();", vec![])
        .expect("switch");
    wait_rows(
        &mut browser,
        "1,000 conversations of three",
        "const g = document.querySelector('[data-testid=message-list]'); \
         return g.getAttribute('aria-rowcount') === '1000' && \
                document.querySelectorAll('[data-testid=message-row][data-count=\"3\"]').length > 5;",
    );
    // Then every row arrives in the background.
    let deadline = std::time::Instant::now() + WAIT * 4;
    while cached_rows(&browser) < u64::from(THREADS * 3) {
        assert!(std::time::Instant::now() < deadline, "rows cached: {}", cached_rows(&browser));
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let counts: Vec<u64> = browser
        .execute("return window.__counts.map(Number);", vec![])
        .expect("counts")
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let first = counts.iter().position(|&c| c == u64::from(THREADS)).expect("1,000 was shown");
    assert!(
        counts[..first].iter().all(|&c| c >= 2900)
            && counts[first..].iter().all(|&c| c == u64::from(THREADS)),
        "the counts the grid showed: {counts:?}"
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
