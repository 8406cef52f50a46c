//! The address fields suggest the addresses this account wrote to, kept on this device
//! (frontend/src/composer/address_book.rs), for the address being typed after the others: a
//! combobox read by the keyboard (arrows, Enter, Escape); a suggestion can be forgotten (Shift+Delete
//! or its cross) until written to again. Real app in headless Chromium, the real bridge, Postfix and
//! Dovecot.

use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, arrived, click, discard_composer, open_row, screenshot, send_new, signed_in, unlock,
    wait_for_server, wait_row_count,
};
use serde_json::json;

/// The suggestions shown under the field `name`.
fn offered(browser: &Browser, name: &str) -> serde_json::Value {
    browser
        .execute(
            "const l = document.querySelector(`[data-testid=${arguments[0]}-suggestions]`); \
             return l.hidden ? [] : [...l.querySelectorAll('[role=option] .suggestion')].map(o => o.textContent);",
            vec![json!(name)],
        )
        .expect("suggestions")
}

fn value(browser: &Browser, name: &str) -> String {
    browser
        .execute(
            &format!("return document.querySelector('[data-testid=composer] [name={name}]').value"),
            vec![],
        )
        .expect("value")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Reloads the app and unlocks it where it asks.
fn reload(browser: &mut Browser, password: &str) {
    browser.refresh().expect("reload");
    browser
        .wait_until(
            "the app after the reload",
            "return !!document.querySelector('[data-testid=unlock], [data-testid=new-message]')",
            vec![],
            WAIT,
        )
        .expect("app");
    if browser.find("[data-testid=unlock]").expect("find").is_some() {
        unlock(browser, password);
    }
}

/// Opens a new message and types `typed` into To; what is suggested for it, once the list settles.
fn suggested_in_new(browser: &mut Browser, typed: &str) -> serde_json::Value {
    click(browser, "[data-testid=new-message]");
    let to = browser.wait_for("[data-testid=composer] [name=to]", WAIT).expect("To");
    browser.fill(&to, typed).expect("type");
    // The list follows the typing in the same task: a frame later it is what it will be.
    browser
        .execute("return new Promise(r => requestAnimationFrame(() => r(true)))", vec![])
        .expect("a frame");
    offered(browser, "to")
}

#[test]
fn the_addresses_written_to_are_suggested_for_the_one_being_typed() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    let bob_named = format!("Bob Example <{}>", bob.address);
    send_new(&mut browser, &bob_named, "Hallo", "Bis bald.\n");
    wait_for_server(&browser, "Hallo in Bob's INBOX", || (arrived(&stack, &bob, "Hallo") == 1).then_some(()));
    // Out of the outbox and after a reload: what is suggested now is kept on the device.
    browser.wait_for("[data-testid=outbox-item][data-state=sent]", WAIT).expect("sent");
    browser.execute("document.querySelector('[data-testid=outbox-remove]').click()", vec![]).expect("remove");
    reload(&mut browser, &alice.password);

    click(&mut browser, "[data-testid=new-message]");
    let to = browser.wait_for("[data-testid=composer] [name=to]", WAIT).expect("To");
    browser.fill(&to, "carol@posthorn.test, bo").expect("type");
    browser
        .wait_until(
            "Bob offered",
            "return document.querySelector('[name=to]').getAttribute('aria-expanded') === 'true'",
            vec![],
            WAIT,
        )
        .expect("offered");
    assert_eq!(offered(&browser, "to"), json!([bob_named]));
    assert!(
        browser.find("[data-testid=to-error]").expect("find").is_none(),
        "no error for what is being typed"
    );
    // The open list, its options and their crosses, as a screen reader meets them.
    let found = violations(&browser, &axe_source());
    assert!(found.is_empty(), "accessibility of the suggestions:\n{}", found.join("\n"));
    screenshot(&browser, "address-suggestions");
    browser.press_keys(&format!("{}{}", keys::ARROW_DOWN, keys::ENTER)).expect("choose");
    assert_eq!(value(&browser, "to"), format!("carol@posthorn.test, {bob_named}, "));
    assert_eq!(offered(&browser, "to"), json!([]), "closed once taken");

    // Escape closes the list and leaves the composer open.
    let cc = browser.wait_for("[data-testid=composer] [name=cc]", WAIT).expect("Cc");
    browser.fill(&cc, "ex").expect("type");
    browser
        .wait_until(
            "Bob offered in Cc",
            "return !document.querySelector('[data-testid=cc-suggestions]').hidden",
            vec![],
            WAIT,
        )
        .expect("offered in Cc");
    browser.press_keys(&keys::ESCAPE.to_string()).expect("Escape");
    assert_eq!(offered(&browser, "cc"), json!([]), "closed by Escape");
    assert_eq!(value(&browser, "cc"), "ex", "what was typed stays");
    assert!(browser.find("[data-testid=composer]").expect("find").is_some(), "the composer stays open");

    // An address that is no address is named once the field is left.
    let bcc = browser.wait_for("[data-testid=composer] [name=bcc]", WAIT).expect("Bcc");
    browser.fill(&bcc, "nobody").expect("type");
    assert!(browser.find("[data-testid=bcc-error]").expect("find").is_none(), "not while typing");
    click(&mut browser, "[data-testid=composer] [name=subject]");
    let error = browser.wait_for("[data-testid=bcc-error]", WAIT).expect("the error once left");
    assert!(browser.text(&error).expect("text").starts_with("nobody:"));
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A typo once written to, and a sender seen in the folder, are forgotten: by Shift+Delete on the
/// chosen suggestion and by its cross. They stay forgotten after a reload, and writing to the
/// address again brings it back.
#[test]
fn a_suggestion_is_forgotten_until_written_to_again() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let dora = "Dora Example <dora@example.org>";
    let from_dora = format!("From: {dora}\r\nTo: {}\r\nSubject: Tea\r\n\r\nTea at four?\r\n", alice.address);
    stack.seed(&alice, "INBOX", &[from_dora]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    let bob_named = format!("Bob Example <{}>", bob.address);
    send_new(&mut browser, &bob_named, "Hallo", "Bis bald.\n");
    wait_for_server(&browser, "Hallo in Bob's INBOX", || (arrived(&stack, &bob, "Hallo") == 1).then_some(()));
    browser.wait_for("[data-testid=outbox-item][data-state=sent]", WAIT).expect("sent");
    browser.execute("document.querySelector('[data-testid=outbox-remove]').click()", vec![]).expect("remove");
    // Dora's message open: her address is seen.
    open_row(&mut browser, "Tea");

    // Shift+Delete on the chosen one.
    assert_eq!(suggested_in_new(&mut browser, "ex"), json!([bob_named, dora]));
    browser.press_keys(&keys::ARROW_DOWN.to_string()).expect("choose");
    browser.press_chord(keys::SHIFT, keys::DELETE).expect("Shift+Delete");
    assert_eq!(offered(&browser, "to"), json!([dora]), "Bob forgotten");
    let said = browser
        .execute("return document.querySelector('[data-testid=to-forgotten]').textContent", vec![])
        .expect("the status");
    assert_eq!(said, json!(format!("Forgotten: {bob_named}")), "a screen reader hears it");
    assert_eq!(value(&browser, "to"), "ex", "what was typed stays");
    // The cross, for a pointer.
    click(&mut browser, "[data-testid=to-suggestions] [data-testid=forget-suggestion]");
    assert_eq!(offered(&browser, "to"), json!([]), "Dora forgotten");
    discard_composer(&mut browser);

    // Still so after a reload: neither the collected address nor the one seen in INBOX.
    reload(&mut browser, &alice.password);
    wait_row_count(&mut browser, 1);
    open_row(&mut browser, "Tea");
    assert_eq!(suggested_in_new(&mut browser, "ex"), json!([]), "forgotten on this device");
    discard_composer(&mut browser);

    // Written to again, Bob is suggested again; Dora stays forgotten.
    send_new(&mut browser, &bob_named, "Noch einmal", "Doch.\n");
    wait_for_server(&browser, "the second in Bob's INBOX", || {
        (arrived(&stack, &bob, "Noch einmal") == 1).then_some(())
    });
    assert_eq!(suggested_in_new(&mut browser, "ex"), json!([bob_named]), "Bob is back");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
