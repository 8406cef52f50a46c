//! A mailing list's message (RFC 2369): *Unsubscribe* beside the sender writes the message its
//! `List-Unsubscribe` asks for (a `mailto:` URL, RFC 6068) in the composer, or, where it names
//! only a web page, opens that page in a new tab; *Reply to list* in the More menu writes to its
//! `List-Post` address, and the reply goes out through Postfix to that mailbox. A message of no
//! list has neither. Real app, real bridge, Dovecot and Postfix, headless Chromium.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, more_action, open_row, screenshot, signed_in, wait_for_server, wait_outbox, wait_row_count,
};

fn message(n: u8, subject: &str, list_fields: &str) -> Vec<u8> {
    format!(
        "Date: Thu, 03 Dec 2026 1{n}:00:00 +0000\r\nFrom: Bob <bob@example.org>\r\nTo: rust-users@posthorn.test\r\n\
         Subject: {subject}\r\nMessage-ID: <list-{n}@example.org>\r\n{list_fields}\r\nHello, list.\r\n"
    )
    .into_bytes()
}

/// The open composer's field `name`.
fn composer_field(browser: &Browser, name: &str) -> String {
    let v = browser
        .execute(
            &format!("return document.querySelector('[data-testid=composer] [name={name}]').value"),
            vec![],
        )
        .expect("field");
    v.as_str().unwrap_or_default().to_owned()
}

#[test]
fn unsubscribe_and_reply_to_list() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, carol) = (stack.alice().clone(), stack.carol().clone());
    // Carol's mailbox stands in for the list's posting address, so the reply can be seen arriving.
    let digest = message(
        1,
        "Weekly digest",
        &format!(
            "List-Post: <mailto:{}>\r\nList-Unsubscribe: <mailto:rust-users-leave@posthorn.test?subject=unsubscribe%20me>,\r\n <https://lists.example/unsubscribe?u=7>\r\n",
            carol.address
        ),
    );
    let web_only = message(2, "Offers", "List-Unsubscribe: <https://shop.example/unsubscribe?u=7>\r\n");
    let plain = message(3, "Lunch", "");
    stack.seed(&alice, "INBOX", &[digest, web_only, plain]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);

    // Not a list's: neither.
    open_row(&mut browser, "Lunch");
    assert!(browser.find("[data-testid=unsubscribe]").expect("find").is_none(), "no Unsubscribe");
    click(&mut browser, "[data-testid=reader] [data-testid=more-actions]:not([open]) > summary");
    assert!(browser.find("[data-testid=reply-list]").expect("find").is_none(), "no Reply to list");
    browser.press_keys(&posthorn_tests::browser::keys::ESCAPE.to_string()).expect("close the menu");

    // The digest: Unsubscribe writes the message its mailto: asks for.
    open_row(&mut browser, "Weekly digest");
    screenshot(&browser, "reader-mailing-list");
    click(&mut browser, "[data-testid=unsubscribe]");
    browser.wait_for("[data-testid=composer] [name=to]", WAIT).expect("the composer");
    assert_eq!(composer_field(&browser, "to"), "rust-users-leave@posthorn.test");
    assert_eq!(composer_field(&browser, "subject"), "unsubscribe me");
    click(&mut browser, "[data-testid=composer] [data-testid=discard]");

    // Reply to list: to the List-Post address, and it arrives there.
    more_action(&mut browser, "[data-testid=reply-list]");
    browser.wait_for("[data-testid=composer] [name=to]", WAIT).expect("the composer");
    assert_eq!(composer_field(&browser, "to"), carol.address);
    assert_eq!(composer_field(&browser, "subject"), "Re: Weekly digest");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_outbox(&mut browser, "Re: Weekly digest", "sent", WAIT);
    wait_for_server(&browser, "the reply in the list's mailbox", || {
        let all = stack.fetch_all(&carol, "INBOX").ok()?;
        all.iter()
            .any(|m| {
                let raw = String::from_utf8_lossy(&m.raw);
                raw.contains("Subject: Re: Weekly digest")
                    && raw.contains("In-Reply-To: <list-1@example.org>")
            })
            .then_some(())
    });

    // Only a web page: it opens in a new tab.
    open_row(&mut browser, "Offers");
    let tabs = browser.tabs().expect("tabs").len();
    click(&mut browser, "[data-testid=unsubscribe]");
    let opened = (0..100).any(|_| {
        let more = browser.tabs().expect("tabs").len() > tabs;
        if !more {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        more
    });
    assert!(opened, "the list's page opened in a new tab");
    assert!(
        browser.find("[data-testid=composer] [name=to]").expect("find").is_none(),
        "no composer for a web page"
    );
}
