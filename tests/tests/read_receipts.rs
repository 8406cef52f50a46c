//! Read receipts (RFC 8098, shared/src/compose/receipt.rs): *Ask for a read receipt* in the
//! composer puts `Disposition-Notification-To` on the message Postfix delivers; a message that
//! asks shows a bar, *Send receipt* sends a `multipart/report` from the null reverse-path to the
//! asker, and either choice marks the message `$MDNSent` on the server (RFC 3503), after which
//! nothing asks again, also after a reload. A receipt that would go elsewhere than the sender says
//! so; a message in Junk never asks. Real app in headless Chromium, the real bridge, Postfix and
//! Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, click, has_flag, open_row, screenshot, set_field, signed_in, unlock, wait_for_server,
    wait_row_count,
};
use serde_json::json;

fn asking(from: &str, to: &str, notify: &str, subject: &str, id: &str) -> Vec<u8> {
    format!(
        "Return-Path: <{from}>\r\nFrom: Bob <{from}>\r\nTo: {to}\r\nSubject: {subject}\r\n\
Date: Sat, 5 Dec 2026 10:00:00 +0000\r\nMessage-ID: <{id}>\r\nDisposition-Notification-To: {notify}\r\n\r\n\
Please confirm.\r\n"
    )
    .into_bytes()
}

/// The raw message in `who`'s INBOX whose subject is `subject`.
fn delivered(stack: &MailStack, who: &Account, subject: &str) -> Option<String> {
    let all = stack.fetch_all(who, "INBOX").ok()?;
    all.into_iter()
        .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
        .find(|m| m.contains(&format!("Subject: {subject}\r\n")))
}

fn bar_shown(browser: &Browser) -> bool {
    browser.find("[data-testid=receipt-bar]").expect("find").is_some()
}

#[test]
fn a_receipt_is_asked_for_sent_once_with_consent_and_remembered() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                asking(
                    &bob.address,
                    &alice.address,
                    &format!("Bob <{}>", bob.address),
                    "Contract",
                    "c1@posthorn.test",
                ),
                asking(
                    &bob.address,
                    &alice.address,
                    "tracker@elsewhere.example",
                    "Newsletter",
                    "n1@posthorn.test",
                ),
            ],
        )
        .expect("seed");
    stack
        .seed(
            &alice,
            "Junk",
            &[asking(&bob.address, &alice.address, &bob.address, "Prize", "p1@posthorn.test")],
        )
        .expect("seed junk");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);

    // Asked, with consent: one report to Bob from the null path, and $MDNSent on the message.
    open_row(&mut browser, "Contract");
    let bar = browser.wait_for("[data-testid=receipt-bar]", WAIT).expect("the bar");
    assert!(browser.text(&bar).expect("text").contains("Bob"));
    assert!(browser.find("[data-testid=receipt-elsewhere]").expect("find").is_none(), "goes to the sender");
    screenshot(&browser, "receipt-bar");
    let found = posthorn_tests::axe::violations(&browser, &posthorn_tests::axe::source());
    assert!(found.is_empty(), "axe-core finds nothing on the bar: {found:#?}");
    click(&mut browser, "[data-testid=send-receipt]");
    let report =
        wait_for_server(&browser, "the receipt in Bob's INBOX", || delivered(&stack, &bob, "Read: Contract"));
    assert!(report.contains("multipart/report"), "{report}");
    assert!(report.contains("Original-Message-ID: <c1@posthorn.test>"), "{report}");
    assert!(report.contains(&format!("Final-Recipient: rfc822;{}", alice.address)), "{report}");
    assert!(report.contains("Disposition: manual-action/MDN-sent-manually; displayed"), "{report}");
    assert!(
        report.contains("(envelope-from <>)") || report.contains("Return-Path: <>"),
        "the null path\n{report}"
    );
    wait_for_server(&browser, "$MDNSent on Contract", || {
        has_flag(&stack, &alice, "INBOX", "Contract", "$MDNSent")?.then_some(())
    });
    assert!(!bar_shown(&browser), "answered: the bar is gone");

    // Elsewhere than the sender: said so; Don't send marks it and sends nothing.
    open_row(&mut browser, "Newsletter");
    browser.wait_for("[data-testid=receipt-bar]", WAIT).expect("the bar");
    let elsewhere = browser.wait_for("[data-testid=receipt-elsewhere]", WAIT).expect("where it goes");
    assert!(browser.text(&elsewhere).expect("text").contains("tracker@elsewhere.example"));
    click(&mut browser, "[data-testid=decline-receipt]");
    wait_for_server(&browser, "$MDNSent on Newsletter", || {
        has_flag(&stack, &alice, "INBOX", "Newsletter", "$MDNSent")?.then_some(())
    });

    // After a reload, neither asks again; one receipt reached Bob.
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    wait_row_count(&mut browser, 2);
    for subject in ["Contract", "Newsletter"] {
        open_row(&mut browser, subject);
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!bar_shown(&browser), "{subject} asks again");
    }
    let receipts = stack
        .fetch_all(&bob, "INBOX")
        .expect("fetch")
        .iter()
        .filter(|m| String::from_utf8_lossy(&m.raw).contains("Subject: Read: "))
        .count();
    assert_eq!(receipts, 1);

    // In Junk: never asks.
    click(&mut browser, ".folder[data-folder=\"Junk\"]");
    open_row(&mut browser, "Prize");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!bar_shown(&browser), "junk never asks");

    // Asking for one: the header on the delivered message, with the sender's address.
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Signed copy");
    set_field(&mut browser, "body", "Here it is.\n");
    browser
        .execute(
            "const c = document.querySelector('[data-testid=composer] [name=request_receipt]'); c.click();",
            vec![json!(null)],
        )
        .expect("tick the box");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    let sent =
        wait_for_server(&browser, "Signed copy in Bob's INBOX", || delivered(&stack, &bob, "Signed copy"));
    assert!(sent.contains(&format!("Disposition-Notification-To: <{}>", alice.address)), "{sent}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// The words of a receipt and of an invitation's answer are the writer's: in German here, while
/// the parts for programs (the report, the iCalendar REPLY) stay as the RFCs write them.
#[test]
fn answers_go_out_in_the_writers_language() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack
        .seed(
            &alice,
            "INBOX",
            &[asking(&bob.address, &alice.address, &bob.address, "Vertrag", "v1@posthorn.test")],
        )
        .expect("seed");
    let bridge = posthorn_tests::ui::bridge_for(&stack, &[]);
    let mut browser = Browser::start_with_language("de-DE").expect("headless Chromium in German");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    posthorn_tests::ui::set_up_account(&mut browser, &stack, &alice, &alice.password);
    wait_row_count(&mut browser, 1);
    open_row(&mut browser, "Vertrag");
    let bar = browser.wait_for("[data-testid=receipt-bar]", WAIT).expect("the bar");
    assert!(browser.text(&bar).expect("text").contains("bittet um eine Bestätigung"));
    click(&mut browser, "[data-testid=send-receipt]");
    let report = wait_for_server(&browser, "the receipt in Bob's INBOX", || {
        delivered(&stack, &bob, "Gelesen: Vertrag")
    });
    assert!(report.contains("Disposition: manual-action/MDN-sent-manually; displayed"), "{report}");
    assert!(
        report.contains("Best=C3=A4tigung") || report.contains("Bestätigung"),
        "the German text: {report}"
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// In the conversation view the message that asks shows the bar too, in its place among the
/// conversation's messages; the answer marks that message `$MDNSent` and the bar goes.
#[test]
fn a_conversation_asks_where_its_message_asks() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let follow_up = format!(
        "From: Bob <{}>\r\nTo: {}\r\nSubject: Re: Offer\r\nDate: Sat, 5 Dec 2026 11:00:00 +0000\r\n\
         Message-ID: <o2@posthorn.test>\r\nIn-Reply-To: <o1@posthorn.test>\r\n\
         References: <o1@posthorn.test>\r\n\r\nDid you see it?\r\n",
        bob.address, alice.address
    );
    let first = asking(&bob.address, &alice.address, &bob.address, "Offer", "o1@posthorn.test");
    stack.seed(&alice, "INBOX", &[first, follow_up.into_bytes()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);
    browser
        .execute("document.querySelector('[data-testid=conversations]').click();", vec![])
        .expect("switch");
    wait_row_count(&mut browser, 1);
    click(&mut browser, "[data-testid=message-row][data-count=\"2\"]");
    browser.wait_for("[data-testid=conversation]", WAIT).expect("the conversation");
    // The first message ("Offer", the one that asks) is opened where it is not yet.
    browser
        .execute(
            "const t = document.querySelectorAll('[data-testid=conversation-toggle]')[0]; \
             if (t.getAttribute('aria-expanded') !== 'true') t.click();",
            vec![],
        )
        .expect("open the first message");
    let bar = browser
        .wait_for("[data-testid=conversation-message] [data-testid=receipt-bar]", WAIT)
        .expect("the bar in the conversation");
    assert!(browser.text(&bar).expect("text").contains("Bob"));
    let asking_members = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=conversation-message]')] \
               .map(m => !!m.querySelector('[data-testid=receipt-bar]'));",
            vec![],
        )
        .expect("members");
    assert_eq!(asking_members[0], json!(true), "the bar is on the message that asks: {asking_members}");
    click(&mut browser, "[data-testid=conversation-message] [data-testid=decline-receipt]");
    wait_for_server(&browser, "$MDNSent on Offer", || {
        has_flag(&stack, &alice, "INBOX", "Offer", "$MDNSent")?.then_some(())
    });
    browser
        .wait_until(
            "the bar gone",
            "return !document.querySelector('[data-testid=receipt-bar]');",
            vec![],
            WAIT,
        )
        .expect("answered: the bar is gone");
    assert_eq!(
        has_flag(&stack, &alice, "INBOX", "Re: Offer", "$MDNSent"),
        Some(false),
        "only the one that asked"
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
