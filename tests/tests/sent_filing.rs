//! Filing the copy in Sent again after filing failed, with the real app, bridge, Dovecot and
//! Postfix. Dovecot refuses the APPEND because the Sent maildir's `tmp` directory is made
//! read-only on disk (as a broken or full disk would make it), while Postfix delivers the message.
//! The outbox says the copy was not filed and offers to file it again, also after a reload; once
//! the directory is writable again, that files it, once, byte for byte what went out.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{WAIT, click, outbox_text, set_field, signed_in, unlock, wait_outbox};

/// Copies of the message with this Message-ID in `mailbox`.
fn copies(stack: &MailStack, account: &Account, mailbox: &str, id: &str) -> Vec<Vec<u8>> {
    let id = id.trim_matches(['<', '>']);
    stack
        .fetch_all(account, mailbox)
        .expect("FETCH")
        .into_iter()
        .filter(|m| String::from_utf8_lossy(&m.raw).contains(id))
        .map(|m| m.raw)
        .collect()
}

fn set_mode(dir: &Path, mode: u32) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode))
        .expect("chmod the Sent maildir's tmp");
}

/// Waits until the outbox's text contains `text`.
fn wait_note(browser: &mut Browser, text: &str) {
    browser
        .wait_until(
            &format!("the outbox to say {text:?}"),
            "const o = document.querySelector('[data-testid=outbox]'); return o && o.textContent.includes(arguments[0]);",
            vec![serde_json::json!(text)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}\noutbox: {}", outbox_text(browser)));
}

#[test]
fn a_copy_that_could_not_be_filed_is_filed_again_on_request() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Dovecot makes the Sent folder's maildir when it is first opened (`auto = subscribe`).
    stack.fetch_all(&alice, "Sent").expect("open Sent");
    let tmp = stack.dir().join("home").join(&alice.user).join("Maildir").join(".Sent").join("tmp");
    assert!(tmp.is_dir(), "{} is the Sent maildir's tmp", tmp.display());
    set_mode(&tmp, 0o555);

    let subject = "Kopie später ablegen";
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer opens");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", subject);
    set_field(&mut browser, "body", "Die Kopie kommt nach.");
    click(&mut browser, "[data-testid=send]");
    let id = wait_outbox(&mut browser, subject, "sent", WAIT);
    wait_note(&mut browser, "Sent, but not filed in Sent");
    browser.wait_for("[data-testid=outbox-file-again]", WAIT).expect("the button to file it again");
    assert_eq!(copies(&stack, &bob, "INBOX", &id).len(), 1, "delivered");
    assert!(copies(&stack, &alice, "Sent", &id).is_empty(), "Dovecot refused the copy");

    // The offer survives a reload (the item and its draft are in IndexedDB).
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    let again =
        browser.wait_for("[data-testid=outbox-file-again]", WAIT).expect("still offered after a reload");
    // Its two buttons stand apart, not edge to edge.
    let gap = browser
        .execute(
            "const r = s => document.querySelector(s).getBoundingClientRect(); \
             const a = r('[data-testid=outbox-file-again]'), b = r('[data-testid=outbox-remove]'); \
             return a.top === b.top ? b.left - a.right : b.top - a.bottom;",
            vec![],
        )
        .expect("measure the buttons");
    assert!(gap.as_f64().unwrap() >= 4.0, "room between File again and Remove: {gap}");

    // Still refused: it says so and offers it again.
    browser.click(&again).expect("file again");
    wait_note(&mut browser, "Sent, but still not filed in Sent");
    assert!(copies(&stack, &alice, "Sent", &id).is_empty());

    // The disk mended: filed once, and the offer is gone.
    set_mode(&tmp, 0o700);
    click(&mut browser, "[data-testid=outbox-file-again]");
    wait_note(&mut browser, "Sent and filed in Sent.");
    assert!(
        browser.find("[data-testid=outbox-file-again]").expect("query").is_none(),
        "nothing left to file"
    );
    std::thread::sleep(Duration::from_secs(1));
    let filed = copies(&stack, &alice, "Sent", &id);
    assert_eq!(filed.len(), 1, "filed once");
    let delivered = copies(&stack, &bob, "INBOX", &id);
    assert_eq!(delivered.len(), 1, "sent once");
    let body = |raw: &[u8]| {
        let text = String::from_utf8_lossy(raw).into_owned();
        text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()
    };
    assert_eq!(body(&filed[0]), body(&delivered[0]), "the copy is what went out");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
