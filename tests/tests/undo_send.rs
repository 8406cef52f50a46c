//! Undo send, as Gmail offers it: with a delay chosen in Settings, a message sent waits that long
//! in the outbox (held, on disk: shared/src/outbox/delivery.rs `Delivery::held`), where *Undo*
//! takes it back into the composer unsent, and *Send now* lets it go at once. Real app in headless
//! Chromium, the real bridge, Postfix delivering to Dovecot; what arrives is read on the server.

use std::time::{Duration, Instant};

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, arrived, choose, click, composer_field, screenshot, send_new, signed_in, subjects_in,
    wait_for_server,
};

/// The text of the first element `selector` finds (empty where none).
fn text(browser: &posthorn_tests::browser::Browser, selector: &str) -> String {
    browser
        .execute(&format!("return document.querySelector('{selector}')?.textContent ?? ''"), vec![])
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn a_message_waits_for_its_undo_and_goes_once() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    click(&mut browser, "[data-testid=settings] > summary");
    choose(&mut browser, "undo_send", "5");
    click(&mut browser, "[data-testid=settings] > summary");

    // Sent, then taken back within the five seconds: back in the composer, never delivered.
    let sent_at = Instant::now();
    send_new(&mut browser, &bob.address, "Lunch", "See you at noon.\n");
    click(&mut browser, "[data-testid=outbox-item] [data-testid=undo-send]");
    assert!(sent_at.elapsed() < Duration::from_secs(5), "the Undo came in time");
    browser.wait_for("[data-testid=composer] [name=subject]", WAIT).expect("the composer again");
    assert_eq!(composer_field(&browser, "subject"), "Lunch");
    std::thread::sleep(Duration::from_secs(7));
    assert_eq!(arrived(&stack, &bob, "Lunch"), 0, "taken back, so never sent");
    assert_eq!(
        browser
            .execute("return document.querySelectorAll('[data-testid=outbox-item]').length", vec![])
            .expect("items"),
        0,
        "nothing left in the outbox"
    );

    // Sent again and left alone: it goes once the five seconds are over, once.
    let sent_at = Instant::now();
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    browser.wait_for("[data-testid=outbox-item] [data-testid=undo-send]", WAIT).expect("held with an Undo");
    screenshot(&browser, "undo-send");
    wait_for_server(&browser, "Lunch in Bob's INBOX", || (arrived(&stack, &bob, "Lunch") == 1).then_some(()));
    assert!(
        sent_at.elapsed() >= Duration::from_secs(5),
        "held for the five seconds: {:?}",
        sent_at.elapsed()
    );

    // The status line offers the same for the message sent last, counting down, and the live
    // region says once that it is held; its Undo takes it back too.
    send_new(&mut browser, &bob.address, "Supper", "See you at eight.\n");
    browser.wait_for("[data-testid=status] [data-testid=held-offer]", WAIT).expect("the status line's offer");
    let count = text(&browser, "[data-testid=held-count]");
    assert!(count.starts_with("“Supper” goes out in ") && count.ends_with(" s"), "counts down: {count}");
    browser
        .wait_until(
            "the live region to say the message is held",
            "return document.querySelector('[data-testid=announcer]').textContent.includes('“Supper” goes out in')",
            vec![],
            WAIT,
        )
        .expect("announced once held");
    screenshot(&browser, "undo-send-status");
    click(&mut browser, "[data-testid=status] [data-testid=held-undo]");
    browser.wait_for("[data-testid=composer] [name=subject]", WAIT).expect("the composer again");
    browser
        .wait_until(
            "the offer to go",
            "return !document.querySelector('[data-testid=held-offer]')",
            vec![],
            WAIT,
        )
        .expect("the offer goes with the held message");
    // Closed at once, the message taken back is not lost: it goes to Drafts.
    click(&mut browser, "[data-testid=close-composer]");
    wait_for_server(&browser, "Supper in Drafts", || {
        subjects_in(&stack, &alice, "Drafts").filter(|s| s.iter().any(|s| s == "Supper")).map(|_| ())
    });
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(arrived(&stack, &bob, "Supper"), 0, "taken back from the status line, so never sent");

    // Send now (here the status line's) lets a held message go at once.
    let sent_at = Instant::now();
    send_new(&mut browser, &bob.address, "Dinner", "See you at noon.\n");
    click(&mut browser, "[data-testid=status] [data-testid=held-send-now]");
    wait_for_server(&browser, "Dinner in Bob's INBOX", || {
        (arrived(&stack, &bob, "Dinner") == 1).then_some(())
    });
    assert!(sent_at.elapsed() < Duration::from_secs(5), "not held: {:?}", sent_at.elapsed());
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(arrived(&stack, &bob, "Lunch"), 1, "Lunch went once");
    assert_eq!(arrived(&stack, &bob, "Dinner"), 1, "Dinner went once");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
