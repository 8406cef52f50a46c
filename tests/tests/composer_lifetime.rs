//! The composer's life and what it keeps, with the real app, bridge and Dovecot. Each edit
//! schedules a save to the browser's storage (300 ms) and to the Drafts folder (4 s,
//! frontend/src/composer.rs). When the mail view goes before they fire (here: *Add account*
//! replaces it), the timers find the composer gone and do nothing, instead of panicking on its
//! disposed values and leaving the app stopped, and the form opens again with the view. A form
//! closed or replaced (by a reply) before its save goes to Drafts first, and stays open where it
//! cannot (the server out of reach).

use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, dated_message, open_row, set_field, signed_in, subjects_in, switch_account, wait_for_server,
};

/// The composer's subject, or `None` while it is closed.
fn composer_subject(browser: &Browser) -> Option<String> {
    browser
        .execute(
            "return document.querySelector('[data-testid=composer] [name=subject]')?.value ?? null",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

#[test]
fn the_drafts_timers_of_a_view_that_is_gone_do_nothing() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer opens");
    set_field(&mut browser, "subject", "Gleich weg");
    // At once, before either save: the account form takes the mail view's place.
    let added = browser
        .execute(
            "const b = [...document.querySelectorAll('button')].find(b => b.textContent === 'Add account'); \
             if (b) b.click(); return !!b;",
            vec![],
        )
        .expect("press Add account");
    assert_eq!(added, true, "the Add account button");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("the account form");
    std::thread::sleep(Duration::from_secs(5));
    browser.assert_no_console_errors(&[]).expect("no panic from the timers");

    // The app still answers: choosing the account again brings the mail view back.
    switch_account(&browser, &alice.address);
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the mail view again");
    // With the form as it was when the view went.
    browser
        .wait_until(
            "the form to open again",
            "return document.querySelector('[data-testid=composer] [name=subject]')?.value === 'Gleich weg'",
            vec![],
            WAIT,
        )
        .expect("the form written when the view went");
}

#[test]
fn a_message_closed_or_replaced_before_its_save_goes_to_drafts_first() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[dated_message("Carol", "Agenda", 9)]).expect("seed");
    let (bridge, mut browser) = signed_in(&stack, &alice);
    let in_drafts = |subject: &str| {
        subjects_in(&stack, &alice, "Drafts").is_some_and(|s| s.iter().any(|found| found == subject))
    };

    // Closed at once, well before the 4 s save: in Drafts all the same, and closed.
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "subject", "Halbfertig");
    set_field(&mut browser, "body", "Erste Zeilen\n");
    click(&mut browser, "[data-testid=close-composer]");
    wait_for_server(&browser, "Halbfertig in Drafts", || in_drafts("Halbfertig").then_some(()));
    browser
        .wait_until(
            "the composer to close",
            "return !document.querySelector('[data-testid=composer]')",
            vec![],
            WAIT,
        )
        .expect("closed once saved");

    // Replaced by a reply at once: saved first, then the reply opens.
    open_row(&mut browser, "Agenda");
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "subject", "Zweiter Entwurf");
    // The composer lies over the reader here: the button is pressed as a script presses it.
    browser
        .execute("document.querySelector('[data-testid=reader] [data-testid=reply]').click()", vec![])
        .expect("Reply");
    browser
        .wait_until(
            "the reply to open",
            "return document.querySelector('[data-testid=composer] [name=subject]')?.value === 'Re: Agenda'",
            vec![],
            WAIT,
        )
        .expect("the reply");
    assert!(in_drafts("Zweiter Entwurf"), "saved before the reply took its place");
    click(&mut browser, "[data-testid=discard]");

    // With the server out of reach (the bridge stopped) nothing can be saved: the form stays
    // open and says why, as often as Close is pressed.
    drop(bridge);
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "subject", "Nicht verloren");
    for _ in 0..2 {
        click(&mut browser, "[data-testid=close-composer]");
        browser
            .wait_until(
                "the composer to say the draft is not on the server",
                "return document.querySelector('[data-testid=draft-status]')?.textContent.includes('not on the server')",
                vec![],
                WAIT,
            )
            .expect("the reason");
        std::thread::sleep(Duration::from_secs(1));
        assert_eq!(composer_subject(&browser).as_deref(), Some("Nicht verloren"), "still open");
    }
    browser.assert_no_console_errors(&["ERR_INTERNET_DISCONNECTED", "WebSocket"]).expect("no console errors");
}
