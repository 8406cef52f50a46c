//! "All inboxes" over an IMAP and a POP3 account (frontend/src/all_inboxes.rs,
//! frontend/src/pop3_view/state.rs): alice reads with IMAP, bob with POP3 from the same real
//! Dovecot (its POP3 maildrop is bob's INBOX), both send through the real Postfix, all through
//! the real bridge in headless Chromium. Bob's kept messages and alice's INBOX show in one list in
//! Date order, each row marked with its account; bob's message opens from the browser's store;
//! bob's own view writes mail too, keeping the draft in the browser; the flag action passes a
//! POP3 message by (a maildrop keeps no flags, RFC 1939) and touches no
//! other account; a reply goes out as bob through bob's own submission server (the Postfix log
//! names the listener and the SASL login), and no copy is filed anywhere, as POP3 has no folders.

use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, bridge_for, click, composer_from, dated_message, open_row, open_with_accounts, set_field,
    stored_account, submitted_by, switch_account, unlock, wait_outbox, wait_unified_rows,
};
use serde_json::{Value, json};

/// Alice on IMAP, sending through the implicit-TLS submission port; bob on POP3, sending through
/// the STARTTLS one, so the Postfix log tells whose server took a message.
fn accounts_json(stack: &MailStack, alice: &Account, bob: &Account) -> Value {
    let p = stack.ports();
    json!([
        stored_account(stack, alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls")),
        stored_account(stack, bob, "Bob", "Pop3", p.pop3s, (p.submission, "Starttls")),
    ])
}

fn flagged(stack: &MailStack, who: &Account) -> usize {
    let all = stack.fetch_all(who, "INBOX").expect("fetch");
    all.iter().filter(|m| m.flags.iter().any(|f| f == "\\Flagged")).count()
}

#[test]
fn a_pop3_account_joins_all_inboxes_and_replies_through_its_own_server() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob, carol) = (stack.alice().clone(), stack.bob().clone(), stack.carol().clone());
    let carol_from = format!("Carol <{}>", carol.address);
    stack.seed(&alice, "INBOX", &[dated_message(&carol_from, "Alice over IMAP", 11)]).expect("seed alice");
    stack
        .seed(
            &bob,
            "INBOX",
            &[dated_message(&carol_from, "Bob older", 9), dated_message(&carol_from, "Bob over POP3", 12)],
        )
        .expect("seed bob's maildrop");

    let bridge = bridge_for(&stack, &[]);
    let mut browser = open_with_accounts(&bridge, accounts_json(&stack, &alice, &bob));
    unlock(&mut browser, &alice.password);
    browser.wait_for("[data-testid=all-inboxes]", WAIT).expect("the All inboxes entry above alice's folders");
    switch_account(&browser, &bob.address);
    unlock(&mut browser, &bob.password);
    // Bob's own POP3 view downloads both messages and offers All inboxes too.
    browser
        .wait_until(
            "bob's messages kept",
            "return [...document.querySelectorAll('.pop3 [data-testid=message-row]')] \
               .filter(r => r.dataset.onServer === 'true').length === 2;",
            vec![],
            WAIT,
        )
        .expect("the POP3 view lists bob's maildrop");
    // Bob writes from his own view too: the draft is kept in the browser (there is no Drafts
    // folder on a POP3 server), and discarding it files nothing.
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the composer in the POP3 view");
    set_field(&mut browser, "subject", "A draft over POP3");
    browser
        .wait_until(
            "the draft kept in the browser",
            "return document.querySelector('[data-testid=draft-status]').textContent \
               === 'Draft saved in this browser.';",
            vec![],
            WAIT,
        )
        .expect("the draft status");
    click(&mut browser, "[data-testid=discard]");
    click(&mut browser, "[data-testid=all-inboxes]");

    let listed = wait_unified_rows(&mut browser, 3);
    let expect =
        |who: &Account, name: &str, subject: &str| (who.address.clone(), name.to_owned(), subject.to_owned());
    assert_eq!(
        listed,
        [
            expect(&bob, "Bob", "Bob over POP3"),
            expect(&alice, "Alice", "Alice over IMAP"),
            expect(&bob, "Bob", "Bob older"),
        ]
    );

    // Bob's message opens from the store, named as bob's.
    open_row(&mut browser, "Bob over POP3");
    let account = browser.wait_for("[data-testid=reader-account]", WAIT).expect("reader names the account");
    assert!(browser.text(&account).expect("text").contains("Bob"));
    // Flag with a POP3 message open: neither bob's maildrop nor alice's INBOX changes.
    click(&mut browser, "[data-testid=flag]");
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(flagged(&stack, &bob), 0, "a flag reached bob's maildrop");
    assert_eq!(flagged(&stack, &alice), 0, "a flag meant for bob's message reached alice");

    // The reply: from bob, through bob's server, to carol; nothing filed.
    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the composer");
    let from = composer_from(&browser);
    assert!(from.contains(&bob.address), "composer From: {from}");
    set_field(&mut browser, "body", "Answered from All inboxes over POP3.");
    click(&mut browser, "[data-testid=send]");
    let id = wait_outbox(&mut browser, "Re: Bob over POP3", "sent", WAIT);
    // The polite live region says so (announce.rs), as in one account's view.
    browser
        .wait_until(
            "the send announced",
            "return [...document.querySelectorAll('[data-testid=announcer]')] \
               .some(a => a.textContent === 'Sent: Re: Bob over POP3');",
            vec![],
            WAIT,
        )
        .expect("announced");
    let got = stack
        .wait_for_message(&carol, "INBOX", |m| String::from_utf8_lossy(&m.raw).contains(&id), WAIT)
        .expect("the reply reaches carol");
    let raw = String::from_utf8_lossy(&got.raw).into_owned();
    let headers = raw.split("\r\n\r\n").next().unwrap_or_default();
    assert!(headers.contains(&format!("Return-Path: <{}>", bob.address)), "envelope sender: {headers}");
    assert!(headers.contains("In-Reply-To: <Bob-over-POP3@posthorn.test>"), "{headers}");
    let submitted = submitted_by(&stack, &id);
    assert!(submitted.contains("postfix/submission/smtpd"), "not bob's STARTTLS listener: {submitted}");
    assert!(submitted.contains(&format!("sasl_username={}", bob.user)), "not bob's login: {submitted}");
    for (who, name) in [(&alice, "alice"), (&bob, "bob")] {
        let sent = stack.fetch_all(who, "Sent").unwrap_or_default();
        assert!(sent.is_empty(), "a copy of the POP3 account's reply was filed in {name}'s Sent");
    }
}
