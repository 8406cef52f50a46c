//! Folders with non-ASCII names in the real app: headless Chromium, the real bridge, real Dovecot.
//! The folders are made by the harness's own IMAP client, with the modified UTF-7 names every
//! other mail client would send (RFC 3501 section 5.1.3); the app must show them decoded, count
//! their unread messages (STATUS) and open them (SELECT) with the names exactly as listed.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, open_row, signed_in};
use serde_json::json;

/// "Entwürfe", as Dovecot lists it.
const DRAFTS_DE: &str = "Entw&APw-rfe";
/// "Entwürfe/Grün und Blau & Co", nested under it.
const NESTED: &str = "Entw&APw-rfe/Gr&APw-n und Blau &- Co";

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: Jürgen <juergen@example.de>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Mon, 1 Dec 2025 10:00:00 +0100\r\nMessage-ID: <{}@example.de>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nHallo.\r\n",
        subject.replace(' ', ".")
    )
    .into_bytes()
}

/// The folder button's label and unread count once the count is there.
fn folder_shows(browser: &mut Browser, wire: &str, label: &str, unread: &str) {
    browser
        .wait_until(
            &format!("folder {wire:?} shown as {label:?} with {unread} unread"),
            "const f = document.querySelector(`.folder[data-folder=\"${arguments[0]}\"]`); \
             if (!f) return false; \
             const u = f.querySelector('.unread'); \
             return f.querySelector('.name').textContent === arguments[1] && !!u && u.textContent === arguments[2];",
            vec![json!(wire), json!(label), json!(unread)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the page says: {}", page_errors(browser)));
}

fn page_errors(browser: &Browser) -> String {
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=status], [data-testid=error], [data-testid=folders]')] \
             .map(e => e.textContent).join(' | ')",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn open_folder(browser: &mut Browser, wire: &str) {
    // Found and clicked in one script: the tree re-renders when unread counts arrive.
    browser
        .wait_until(
            &format!("folder {wire:?} to click"),
            "const f = document.querySelector(`.folder[data-folder=\"${arguments[0]}\"]`); if (f) f.click(); return !!f;",
            vec![json!(wire)],
            WAIT,
        )
        .expect("folder button");
}

fn rows(browser: &mut Browser, subjects: &[&str]) {
    browser
        .wait_until(
            &format!("rows {subjects:?}"),
            "const s = [...document.querySelectorAll('[data-testid=message-row] .subject')].map(e => e.textContent).sort(); \
             return JSON.stringify(s) === JSON.stringify(arguments[0]);",
            vec![json!(subjects)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the page says: {}", page_errors(browser)));
}

#[test]
fn non_ascii_folders_open_and_count_unread() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.create_mailbox(&alice, DRAFTS_DE).expect("create Entwürfe");
    stack.create_mailbox(&alice, NESTED).expect("create the nested folder");
    stack.seed(&alice, DRAFTS_DE, &[message("Entwurf eins")]).expect("seed Entwürfe");
    stack.seed(&alice, NESTED, &[message("Grün A"), message("Grün B")]).expect("seed the nested folder");

    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Shown decoded, nested under its parent, with the unread counts STATUS gave.
    folder_shows(&mut browser, DRAFTS_DE, "Entwürfe", "1");
    folder_shows(&mut browser, NESTED, "Grün und Blau & Co", "2");

    open_folder(&mut browser, DRAFTS_DE);
    rows(&mut browser, &["Entwurf eins"]);
    open_row(&mut browser, "Entwurf eins");
    // Reading it marks it seen on the server, in the folder the app selected.
    let seen = || {
        let all = stack.fetch_all(&alice, DRAFTS_DE).ok()?;
        all.first().filter(|m| m.flags.iter().any(|f| f == "\\Seen")).map(|_| ())
    };
    posthorn_tests::ui::wait_for_server(&browser, "\\Seen in Entwürfe", seen);

    open_folder(&mut browser, NESTED);
    rows(&mut browser, &["Grün A", "Grün B"]);
    open_row(&mut browser, "Grün B");
    folder_shows(&mut browser, NESTED, "Grün und Blau & Co", "1");

    browser.assert_no_console_errors(&[]).expect("no console errors");
}
