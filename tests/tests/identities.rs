//! An account's other addresses (an alias, a role address): added in the settings menu, kept
//! across a reload, chosen in the composer's From, and sent through Postfix with that address in
//! the From header and the envelope; a reply to a message written to the
//! alias goes out from the alias and names none of the account's addresses
//! (shared/src/compose/identity.rs), and a draft keeps its From when it opens again. Removed, the
//! address is no longer offered. Real app in headless Chromium, the real bridge, Postfix and
//! Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, choose, click, composer_field, composer_from, open_row, screenshot, send_new, signed_in,
    wait_for_server,
};
use serde_json::json;

/// The addresses the composer's From offers, in order.
fn from_choices(browser: &Browser) -> Vec<String> {
    let found = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=composer] [name=from] option')].map(o => o.value)",
            vec![],
        )
        .expect("read From");
    serde_json::from_value(found).expect("a list")
}

/// The From header of the message `raw`.
fn from_line(raw: &str) -> &str {
    raw.lines().find(|l| l.starts_with("From:")).unwrap_or_default()
}

/// Waits until nothing on the page matches `css`.
fn wait_gone(browser: &mut Browser, css: &str) {
    browser
        .wait_until(
            &format!("{css} gone"),
            "return !document.querySelector(arguments[0]);",
            vec![json!(css)],
            WAIT,
        )
        .expect("gone");
}

/// Types `text` into the signature field for `identity` ("" for the account's own) and leaves it;
/// waits until the account's settings keep it.
fn type_signature(browser: &mut Browser, identity: &str, text: &str) {
    click(browser, "[data-testid=settings] > summary");
    let css = format!("[data-testid=signature][data-identity=\"{identity}\"]");
    browser.wait_for(&css, WAIT).expect("the signature field");
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('input', { bubbles: true })); \
             e.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(css), json!(text)],
        )
        .expect("type the signature");
    browser
        .wait_until(
            "the signature kept",
            "const e = document.querySelector(arguments[0]); return !!e && e.value === arguments[1];",
            vec![json!(css), json!(text)],
            WAIT,
        )
        .expect("kept");
    click(browser, "[data-testid=settings] > summary");
}

/// Opens the settings menu and adds `typed` as another address of `account`.
fn add_identity(browser: &mut Browser, account: &str, typed: &str) {
    click(browser, "[data-testid=settings] > summary");
    let field = browser
        .wait_for(&format!("[data-testid=new-identity][data-account=\"{account}\"]"), WAIT)
        .expect("the field");
    browser.fill(&field, typed).expect("type the address");
    click(browser, "[data-testid=identities] [data-testid=add-identity]");
}

#[test]
fn an_alias_is_chosen_in_from_answered_from_and_kept() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let sales = format!("sales@{}", stack.domain());
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Refused with a reason: not an address, the account's own.
    add_identity(&mut browser, &alice.address, "sales at example");
    browser.wait_for("[data-testid=identity-problem]", WAIT).expect("a reason");
    click(&mut browser, "[data-testid=settings] > summary");
    add_identity(&mut browser, &alice.address, &alice.address);
    let problem = browser.wait_for("[data-testid=identity-problem]", WAIT).expect("a reason");
    assert!(browser.text(&problem).expect("text").contains("already"), "the own address is refused");
    click(&mut browser, "[data-testid=settings] > summary");
    add_identity(&mut browser, &alice.address, &format!("Alice at Sales <{sales}>"));
    browser
        .wait_until(
            "the address listed",
            "const l = document.querySelector('[data-testid=identity]'); return !!l && l.textContent.includes(arguments[0]) \
             && !document.querySelector('[data-testid=identity-problem]');",
            vec![json!(sales)],
            WAIT,
        )
        .expect("listed");
    screenshot(&browser, "identities");
    click(&mut browser, "[data-testid=settings] > summary");

    // Kept across a reload (the account's settings in the browser's store).
    browser.refresh().expect("reload");
    posthorn_tests::ui::unlock(&mut browser, &alice.password);
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the app");

    // Each address has its own signature.
    type_signature(&mut browser, "", "Alice");
    type_signature(&mut browser, &sales, "Alice\nSales team");

    // A new message offers both, the account's own first, with its signature; another From
    // brings its own signature in place of the first.
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer] [name=from]", WAIT).expect("From");
    assert_eq!(from_choices(&browser), [alice.address.clone(), sales.clone()]);
    assert!(composer_from(&browser).contains(&alice.address), "the own address first");
    assert_eq!(composer_field(&browser, "body"), "\n\n-- \nAlice\n");
    choose(&mut browser, "from", &sales);
    assert_eq!(composer_field(&browser, "body"), "\n\n-- \nAlice\nSales team\n");
    choose(&mut browser, "from", &alice.address);
    assert_eq!(composer_field(&browser, "body"), "\n\n-- \nAlice\n");
    click(&mut browser, "[data-testid=close-composer]");
    wait_gone(&mut browser, "[data-testid=composer]");
    // Not chosen: the account's own address.
    send_new(&mut browser, &bob.address, "Not from the alias", "Hello from sales.\n");
    let sent = wait_for_server(&browser, "the message in Bob's INBOX", || {
        let all = stack.fetch_all(&bob, "INBOX").ok()?;
        all.into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|m| m.contains("Subject: Not from the alias"))
    });
    assert!(from_line(&sent).contains(&alice.address), "{sent}");

    click(&mut browser, "[data-testid=new-message]");
    choose(&mut browser, "from", &sales);
    assert!(composer_from(&browser).contains(&sales));
    posthorn_tests::ui::set_field(&mut browser, "to", &bob.address);
    posthorn_tests::ui::set_field(&mut browser, "subject", "Sales offer");
    posthorn_tests::ui::set_field(&mut browser, "body", "Our offer.\n");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    let sent = wait_for_server(&browser, "the offer in Bob's INBOX", || {
        let all = stack.fetch_all(&bob, "INBOX").ok()?;
        all.into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|m| m.contains("Subject: Sales offer"))
    });
    assert_eq!(from_line(&sent), format!("From: \"Alice at Sales\" <{sales}>"), "{sent}");
    // Dovecot's LMTP names the SMTP envelope's sender (MAIL FROM) in its Received line.
    assert!(sent.contains(&format!("(envelope-from <{sales}>)")), "the envelope's sender too\n{sent}");

    // A message written to the alias, Alice in Cc: Reply all goes out from the alias, to Bob,
    // and copies neither of Alice's addresses.
    let written = format!(
        "From: Bob <{}>\r\nTo: Sales <{sales}>\r\nCc: {}\r\nSubject: Question on the offer\r\n\
Message-ID: <q1@posthorn.test>\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\n\r\nHow much?\r\n",
        bob.address, alice.address
    );
    stack.seed(&alice, "INBOX", &[written.into_bytes()]).expect("seed");
    open_row(&mut browser, "Question on the offer");
    click(&mut browser, "[data-testid=reply-all]");
    browser.wait_for("[data-testid=composer] [name=from]", WAIT).expect("the reply");
    assert!(composer_from(&browser).contains(&sales), "answered from the alias");
    assert!(
        composer_field(&browser, "body").starts_with("\n\n-- \nAlice\nSales team\n\nOn "),
        "with its signature: {:?}",
        composer_field(&browser, "body")
    );
    let fields = browser
        .execute(
            "const f = n => document.querySelector('[data-testid=composer] [name=' + n + ']').value; \
             return { to: f('to'), cc: f('cc') };",
            vec![],
        )
        .expect("fields");
    assert!(fields["to"].as_str().unwrap().contains(&bob.address), "{fields}");
    let cc = fields["cc"].as_str().unwrap();
    assert!(!cc.contains(&alice.address) && !cc.contains(&sales), "{fields}");

    // Saved to Drafts and opened again from there: still from the alias.
    click(&mut browser, "[data-testid=save-draft]");
    browser
        .wait_until(
            "the draft saved",
            "return document.querySelector('[data-testid=draft-status]').textContent === 'Draft saved.';",
            vec![],
            WAIT,
        )
        .expect("saved");
    click(&mut browser, "[data-testid=close-composer]");
    wait_gone(&mut browser, "[data-testid=composer]");
    click(&mut browser, ".folder[data-folder=\"Drafts\"]");
    open_row(&mut browser, "Re: Question on the offer");
    click(&mut browser, "[data-testid=draft-bar] [data-testid=edit-draft]");
    browser.wait_for("[data-testid=composer] [name=from]", WAIT).expect("the draft again");
    assert!(composer_from(&browser).contains(&sales), "the draft keeps its From");
    click(&mut browser, "[data-testid=discard]");

    // Removed: From offers the account's own address alone.
    click(&mut browser, "[data-testid=settings] > summary");
    click(&mut browser, "[data-testid=identities] [data-testid=remove-identity]");
    wait_gone(&mut browser, "[data-testid=identity]");
    click(&mut browser, "[data-testid=settings] > summary");
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer] [name=from]", WAIT).expect("From");
    assert_eq!(from_choices(&browser), [alice.address.as_str()]);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
