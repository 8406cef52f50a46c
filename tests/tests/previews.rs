//! List-row previews from the server: Dovecot announces PREVIEW (RFC 8970), the list's row FETCH
//! asks for it (frontend/src/mail_state/threads.rs `row_items`), the engine reads it out of each
//! FETCH response (shared/src/imap/preview.rs), and the row shows it, for messages that were
//! never opened and whose bodies are not on the device. The preview is kept with the row in the
//! app's store, so it is still there after a reload. Real app, real bridge, real Dovecot,
//! headless Chromium.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, screenshot, signed_in};
use serde_json::json;

fn message(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nFrom: Carol <carol@posthorn.test>\r\nTo: alice@posthorn.test\r\n\
         Subject: {subject}\r\nMessage-ID: <{}.preview@posthorn.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        subject.replace(' ', ".")
    )
    .into_bytes()
}

/// The preview shown in the row with this subject, once it has one.
fn preview_of(browser: &mut Browser, subject: &str) -> String {
    let found = browser.wait_until(
        &format!("a preview in the row {subject:?}"),
        "for (const r of document.querySelectorAll('[data-testid=message-row]')) { \
           if (r.querySelector('.subject').textContent !== arguments[0]) continue; \
           const p = r.querySelector('.preview'); \
           return p && p.textContent.length > 0 && [p.textContent, r.classList.contains('unread')]; } \
         return false;",
        vec![json!(subject)],
        WAIT,
    );
    match found {
        Ok(serde_json::Value::Array(v)) => {
            assert_eq!(v[1], json!(true), "the row of a message never opened is unread");
            v[0].as_str().unwrap_or_default().to_owned()
        }
        other => {
            let rows = browser
                .execute(
                    "return [...document.querySelectorAll('[data-testid=message-row]')].map(r => r.textContent)",
                    vec![],
                )
                .unwrap_or_default();
            panic!("no preview for {subject:?} ({other:?}); the rows: {rows}")
        }
    }
}

#[test]
fn rows_show_the_servers_preview_of_messages_never_opened() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                message("Mill", "Shall we meet at the old mill on Friday?\r\n\r\nCarol"),
                message("Grüße", "Viele Grüße aus München, bis bald!"),
            ],
        )
        .expect("seed INBOX");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    let mill = preview_of(&mut browser, "Mill");
    assert!(mill.starts_with("Shall we meet at the old mill on Friday?"), "{mill}");
    assert_eq!(preview_of(&mut browser, "Grüße"), "Viele Grüße aus München, bis bald!");
    screenshot(&browser, "previews");

    // Kept with the row in the store: after a reload the rows come from the cache.
    browser.refresh().expect("reload");
    assert!(preview_of(&mut browser, "Mill").starts_with("Shall we meet"));
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
