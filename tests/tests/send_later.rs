//! Send later (frontend/src/composer/send.rs): a message scheduled for a time waits in the
//! outbox, held until then (shared/src/outbox/delivery.rs `Delivery::held`), says when it goes,
//! is not offered for an Undo in the status line, goes out once at its time and carries that
//! time as its Date. Real app in headless Chromium, the real bridge, Postfix delivering to
//! Dovecot; what arrives is read on the server.

use std::time::{Duration, Instant};

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, arrived, click, outbox_text, screenshot, set_field, signed_in, wait_for_server,
};

#[test]
fn a_message_sent_later_goes_at_its_time_with_that_date() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Guten Morgen");
    set_field(&mut browser, "body", "Bis gleich.\n");
    click(&mut browser, "[data-testid=send-later] > summary");
    screenshot(&browser, "send-later");
    // Eight seconds from now, whole seconds, as the date and time field takes it (local time).
    let at = browser
        .execute(
            "const d = new Date(Math.ceil(Date.now() / 1000) * 1000 + 8000); \
             const p = n => String(n).padStart(2, '0'); \
             const f = document.querySelector('[name=send-at]'); \
             f.value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`; \
             f.dispatchEvent(new Event('input', { bubbles: true })); \
             return d.getTime() / 1000;",
            vec![],
        )
        .expect("pick a time")
        .as_f64()
        .expect("seconds") as i64;
    let scheduled_at = Instant::now();
    click(&mut browser, "[data-testid=schedule]");

    // Waiting in the outbox, which folds to its summary (nothing to do until then), saying when;
    // not in the status line's Undo offer.
    let summary = browser.wait_for("[data-testid=outbox-summary]", WAIT).expect("the outbox folded");
    assert_eq!(browser.text(&summary).expect("text"), "1 message scheduled");
    click(&mut browser, "[data-testid=outbox] > summary");
    let item = browser.wait_for("[data-testid=outbox-item][data-state=waiting]", WAIT).expect("the item");
    let text = browser.text(&item).expect("text");
    assert!(text.contains("scheduled") && text.contains("Scheduled for"), "{text}");
    assert!(browser.find("[data-testid=composer]").expect("find").is_none(), "the composer closed");
    assert!(browser.find("[data-testid=held-offer]").expect("find").is_none(), "no Undo countdown");
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(arrived(&stack, &bob, "Guten Morgen"), 0, "not before its time: {}", outbox_text(&browser));

    wait_for_server(&browser, "the message in Bob's INBOX", || {
        (arrived(&stack, &bob, "Guten Morgen") == 1).then_some(())
    });
    assert!(scheduled_at.elapsed() >= Duration::from_secs(7), "held: {:?}", scheduled_at.elapsed());
    let messages = stack.fetch_all(&bob, "INBOX").expect("Bob's INBOX");
    let raw =
        &messages.iter().find(|m| String::from_utf8_lossy(&m.raw).contains("Guten Morgen")).expect("it").raw;
    let read = posthorn_proto::message::read(raw).expect("readable");
    assert_eq!(read.timestamp, Some(at), "dated at its time: {:?}", read.date);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(arrived(&stack, &bob, "Guten Morgen"), 1, "once");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
