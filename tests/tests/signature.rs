//! Signatures in the real app (headless Chromium, the real bridge, Dovecot and Postfix): one is
//! typed into the settings menu and kept across a reload; a new message and a reply start with it
//! under the separator `-- ` (RFC 3676 section 4.3), the reply quotes the other side's text
//! without their signature, the reader shows a signature apart from the text, and the message
//! that arrives carries the separator with its trailing space. axe-core finds nothing to fault in
//! the settings menu with the signature field. Deliveries are read with the
//! harness's own IMAP client.

use posthorn_proto::compose::split_signature;
use posthorn_proto::message::read;
use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, composer_field, open_row, screenshot, set_field, signed_in, unlock, wait_for_server,
    wait_outbox,
};
use serde_json::json;

/// Types `text` into the signature field of the settings menu and leaves the field.
fn type_signature(browser: &mut Browser, text: &str) {
    click(browser, "[data-testid=settings] summary");
    browser.wait_for("[data-testid=signature]", WAIT).expect("the signature field");
    browser
        .execute(
            "const e = document.querySelector('[data-testid=signature]'); e.value = arguments[0]; \
             e.dispatchEvent(new Event('input', { bubbles: true })); \
             e.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(text)],
        )
        .expect("type the signature");
}

#[test]
fn signatures_are_kept_added_left_out_of_quotes_and_delivered() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let signed = format!(
        "From: Bob Baumann <{}>\r\nTo: {}\r\nSubject: Plan for Friday\r\n\
         Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <signed-1@posthorn.test>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         See you at ten.\r\n\r\n-- \r\nBob Baumann\r\nBaumann & Söhne, Köln\r\n",
        bob.address, alice.address
    );
    stack.seed(&alice, "INBOX", &[signed]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Typed with its own separator line and a blank line around it: kept once, without them.
    type_signature(&mut browser, "-- \nAlice Ärger\nKöln\n\n");
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    click(&mut browser, "[data-testid=settings] summary");
    browser
        .wait_until(
            "the signature, stored",
            "const e = document.querySelector('[data-testid=signature]'); return e && e.value === arguments[0];",
            vec![json!("Alice Ärger\nKöln")],
            WAIT,
        )
        .expect("the signature survives a reload");
    screenshot(&browser, "signature-settings");
    let found = violations(&browser, &axe_source());
    assert!(found.is_empty(), "accessibility with the settings open:\n{}", found.join("\n"));
    click(&mut browser, "[data-testid=settings] summary");

    // The reader shows Bob's signature apart from his text.
    open_row(&mut browser, "Plan for Friday");
    screenshot(&browser, "signature-reader");
    let shown = browser
        .execute(
            "return document.querySelector('[data-testid=text-body] [data-testid=signature]')?.textContent;",
            vec![],
        )
        .expect("read the reader");
    let shown = shown.as_str().map(|s| s.replace("\r\n", "\n"));
    assert_eq!(shown.as_deref(), Some("-- \nBob Baumann\nBaumann & Söhne, Köln\n"), "the reader's signature");

    // The reply: room to write, Alice's signature, then Bob's text quoted without his signature.
    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer");
    let body = composer_field(&browser, "body");
    assert!(body.starts_with("\n\n-- \nAlice Ärger\nKöln\n\nOn "), "{body:?}");
    assert!(body.contains("wrote:\n> See you at ten.\n"), "{body:?}");
    assert!(!body.contains("Baumann & Söhne"), "Bob's signature is quoted: {body:?}");
    set_field(&mut browser, "body", &format!("Ten is fine.{body}"));
    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, "Re: Plan for Friday", "sent", WAIT);

    let arrived = wait_for_server(&browser, "the reply in Bob's INBOX", || {
        let inbox = stack.fetch_all(&bob, "INBOX").ok()?;
        inbox.into_iter().find(|m| String::from_utf8_lossy(&m.raw).contains("Re: Plan for Friday"))
    });
    let message = read(&arrived.raw).expect("the reply parses");
    let text = message.text.replace("\r\n", "\n");
    assert!(text.starts_with("Ten is fine.\n\n-- \nAlice Ärger\nKöln\n"), "{text:?}");
    let (mine, signature) = split_signature(&text);
    assert_eq!(mine, "Ten is fine.\n\n");
    assert!(signature.is_some_and(|s| s.contains("> See you at ten.")), "{text:?}");

    // A new message starts with the signature too (Send closed the reply's composer).
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer");
    assert_eq!(composer_field(&browser, "body"), "\n\n-- \nAlice Ärger\nKöln\n");
}
