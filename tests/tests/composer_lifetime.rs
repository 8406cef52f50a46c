//! The composer outlived by its own timers, with the real app, bridge and Dovecot: each edit
//! schedules a save to the browser's storage (300 ms) and to the Drafts folder (4 s,
//! frontend/src/composer.rs). When the mail view goes before they fire (here: *Add account*
//! replaces it), the timers find the composer gone and do nothing, instead of panicking on its
//! disposed values and leaving the app stopped.

use std::time::Duration;

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, set_field, signed_in, switch_account};

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
}
