//! "All inboxes" with two accounts (frontend/src/all_inboxes/): alice and bob on the real Dovecot
//! and Postfix, through the real bridge, in headless Chromium. Both INBOXes show in one list in
//! Date order, each row marked with its account; a flag and a move done there land on the right
//! account's server (checked with the harness's own IMAP client, and both inboxes hold the same
//! UIDs, so a change sent to the wrong account would hit a real message); a reply goes out as bob
//! through bob's own submission server (the Postfix log names the listener and the SASL login
//! that took it); the search finds rows of both accounts in the cache; the keyboard moves, opens,
//! marks unread (on bob's server) and closes as in one account's list; New message writes as the
//! first account; after a reload, without any password, the list comes from the cache, in the
//! order chosen before it.

use std::time::Duration;

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::{Account, FetchedMessage, MailStack};
use posthorn_tests::ui::{
    WAIT, bridge_for, choose_in, click, composer_from, dated_message, discard_composer, open_row,
    open_with_accounts, screenshot, set_field, stored_account, submitted_by, switch_account, type_into,
    unlock, wait_for_server, wait_outbox, wait_status, wait_unified_rows,
};
use serde_json::{Value, json};

/// Both accounts as the app stores them: alice sends through the implicit-TLS submission port,
/// bob through the STARTTLS one, so the Postfix log tells whose server took a message.
fn accounts_json(stack: &MailStack, alice: &Account, bob: &Account) -> Value {
    let p = stack.ports();
    json!([
        stored_account(stack, alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls")),
        stored_account(stack, bob, "Bob", "Imap", p.imaps, (p.submission, "Starttls")),
    ])
}

fn subject_of(m: &FetchedMessage) -> String {
    let raw = String::from_utf8_lossy(&m.raw);
    raw.lines().find_map(|l| l.strip_prefix("Subject: ")).unwrap_or_default().to_owned()
}

/// The subjects of `who`'s INBOX messages marked \Seen on the server.
fn seen(stack: &MailStack, who: &Account) -> Vec<String> {
    let all = stack.fetch_all(who, "INBOX").expect("fetch");
    all.iter().filter(|m| m.flags.iter().any(|f| f == "\\Seen")).map(subject_of).collect()
}

fn flagged(stack: &MailStack, who: &Account) -> Vec<String> {
    let all = stack.fetch_all(who, "INBOX").expect("fetch");
    all.iter().filter(|m| m.flags.iter().any(|f| f == "\\Flagged")).map(subject_of).collect()
}

/// Types `text` into All inboxes' search field (it searches as it is typed).
fn search_for(browser: &Browser, text: &str) {
    type_into(browser, "[data-testid=search]", text);
}

#[test]
fn two_accounts_in_one_list_each_action_on_its_own_server() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob, carol) = (stack.alice().clone(), stack.bob().clone(), stack.carol().clone());
    let carol_from = format!("Carol <{}>", carol.address);
    // The same UIDs (1 and 2) in both inboxes.
    stack
        .seed(
            &alice,
            "INBOX",
            &[dated_message(&carol_from, "Alice first", 10), dated_message(&carol_from, "Alice flag me", 12)],
        )
        .expect("seed alice");
    stack
        .seed(
            &bob,
            "INBOX",
            &[
                dated_message(&carol_from, "Bob move me", 11),
                dated_message(&carol_from, "Bob reply to me", 13),
            ],
        )
        .expect("seed bob");

    let bridge = bridge_for(&stack, &[]);
    let mut browser = open_with_accounts(&bridge, accounts_json(&stack, &alice, &bob));
    unlock(&mut browser, &alice.password);
    browser.wait_for("[data-testid=all-inboxes]", WAIT).expect("the All inboxes entry above alice's folders");
    switch_account(&browser, &bob.address);
    unlock(&mut browser, &bob.password);
    open_row(&mut browser, "Bob move me");
    click(&mut browser, "[data-testid=all-inboxes]");

    // Both inboxes, newest Date first, each row marked with its account.
    let listed = wait_unified_rows(&mut browser, 4);
    let expect =
        |who: &Account, name: &str, subject: &str| (who.address.clone(), name.to_owned(), subject.to_owned());
    assert_eq!(
        listed,
        [
            expect(&bob, "Bob", "Bob reply to me"),
            expect(&alice, "Alice", "Alice flag me"),
            expect(&bob, "Bob", "Bob move me"),
            expect(&alice, "Alice", "Alice first"),
        ]
    );

    screenshot(&browser, "all-inboxes");

    // Flag alice's UID 2: on alice's server only (bob's UID 2 is another message).
    open_row(&mut browser, "Alice flag me");
    let account = browser.wait_for("[data-testid=reader-account]", WAIT).expect("reader names the account");
    assert!(browser.text(&account).expect("text").contains("Alice"));
    click(&mut browser, "[data-testid=flag]");
    wait_for_server(&browser, "\\Flagged on alice's message", || {
        (flagged(&stack, &alice) == ["Alice flag me"]).then_some(())
    });
    std::thread::sleep(Duration::from_secs(1));
    assert!(flagged(&stack, &bob).is_empty(), "bob's server got a flag: {:?}", flagged(&stack, &bob));

    // Move bob's UID 1 to bob's Archive; alice's UID 1 stays where it is.
    open_row(&mut browser, "Bob move me");
    browser
        .wait_until(
            "bob's Archive among the move targets",
            "const s = document.querySelector('[data-testid=move-target]'); \
             if (![...s.options].some(o => o.value === '1:Archive')) return false; \
             s.value = '1:Archive'; s.dispatchEvent(new Event('change')); return true;",
            vec![],
            WAIT,
        )
        .expect("choose bob's Archive");
    click(&mut browser, "[data-testid=move]");
    wait_for_server(&browser, "the message in bob's Archive", || {
        let archived = stack.fetch_all(&bob, "Archive").ok()?;
        (archived.iter().map(subject_of).collect::<Vec<_>>() == ["Bob move me"]).then_some(())
    });
    let alice_inbox: Vec<String> =
        stack.fetch_all(&alice, "INBOX").expect("alice").iter().map(subject_of).collect();
    assert_eq!(alice_inbox, ["Alice first", "Alice flag me"]);
    assert!(stack.fetch_all(&alice, "Archive").expect("alice's Archive").is_empty());
    assert_eq!(wait_unified_rows(&mut browser, 3).len(), 3);

    // Local search over both accounts' cached rows: by subject, then by a sender both share.
    let search =
        browser.wait_for("[data-testid=all-inboxes-view] [data-testid=search]", WAIT).expect("search");
    browser.fill(&search, "reply").expect("type");
    let found = wait_unified_rows(&mut browser, 1);
    assert_eq!(found[0].2, "Bob reply to me");
    search_for(&browser, "CAROL");
    let accounts: std::collections::BTreeSet<String> =
        wait_unified_rows(&mut browser, 3).into_iter().map(|r| r.1).collect();
    assert_eq!(accounts.into_iter().collect::<Vec<_>>(), ["Alice", "Bob"]);
    // The operators of a folder's search, decided on the device.
    search_for(&browser, "from:carol is:flagged");
    assert_eq!(wait_unified_rows(&mut browser, 1)[0].2, "Alice flag me");
    search_for(&browser, "");
    wait_unified_rows(&mut browser, 3);

    // The keyboard, as in one account's list: k and j move along the rows, Enter opens bob's
    // message, u marks it unread on bob's server, Escape closes it and puts focus on its row.
    browser
        .execute("document.querySelector('[data-testid=message-row][aria-rowindex=\"2\"]').focus();", vec![])
        .expect("focus the second row");
    browser.press_keys("kjk").expect("k, j, k");
    // Focus follows each key once the row is drawn (keyboard.rs focus_row): the last one wins.
    browser
        .wait_until(
            "k, j and k to end on the first row",
            "return document.activeElement.getAttribute('aria-rowindex') === '1';",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    browser.press_keys(&keys::ENTER.to_string()).expect("Enter");
    browser
        .wait_until(
            "bob's message open and read on his server",
            "const r = document.querySelector('[data-testid=reader]'); \
             return r.textContent.includes('Bob reply to me') && \
                    document.querySelector('[data-testid=reader-account]').textContent.includes('Bob');",
            vec![],
            WAIT,
        )
        .expect("opened by Enter");
    wait_for_server(&browser, "\\Seen on bob's message", || {
        (seen(&stack, &bob) == ["Bob reply to me"]).then_some(())
    });
    browser.press_keys("u").expect("u");
    wait_for_server(&browser, "bob's message unread again", || seen(&stack, &bob).is_empty().then_some(()));
    // Alice's UID 2 (read when it was flagged above) is the same UID: it stays read.
    assert_eq!(seen(&stack, &alice), ["Alice flag me"], "alice's messages stay as they were");
    browser.press_keys(&keys::ESCAPE.to_string()).expect("Escape");
    browser
        .wait_until(
            "the reader closed, focus on the row",
            "return !document.querySelector('[data-testid=reader-account]') && \
                    document.activeElement.getAttribute('aria-rowindex') === '1';",
            vec![],
            WAIT,
        )
        .expect("closed by Escape");
    // New message with no message open: written as the first account, alice.
    click(&mut browser, "[data-testid=all-inboxes-view] [data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the composer");
    let from = composer_from(&browser);
    assert!(from.contains(&alice.address), "New message From: {from}");
    discard_composer(&mut browser);

    // Reply to bob's message: from bob, through bob's server, to carol.
    open_row(&mut browser, "Bob reply to me");
    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the composer");
    let from = composer_from(&browser);
    assert!(from.contains(&bob.address), "composer From: {from}");
    set_field(&mut browser, "body", "Answered from All inboxes.");
    click(&mut browser, "[data-testid=send]");
    let id = wait_outbox(&mut browser, "Re: Bob reply to me", "sent", WAIT);
    let got = stack
        .wait_for_message(&carol, "INBOX", |m| String::from_utf8_lossy(&m.raw).contains(&id), WAIT)
        .expect("the reply reaches carol");
    let raw = String::from_utf8_lossy(&got.raw).into_owned();
    let headers = raw.split("\r\n\r\n").next().unwrap_or_default();
    assert!(headers.contains(&format!("Return-Path: <{}>", bob.address)), "envelope sender: {headers}");
    assert!(headers.lines().any(|l| l.starts_with("From:") && l.contains(&bob.address)), "From: {headers}");
    assert!(headers.contains("In-Reply-To: <Bob-reply-to-me@posthorn.test>"), "{headers}");
    // The Postfix log: the queue id that took this Message-ID, and the listener and SASL login
    // that handed it over.
    let submitted = submitted_by(&stack, &id);
    assert!(submitted.contains("postfix/submission/smtpd"), "not bob's STARTTLS listener: {submitted}");
    assert!(submitted.contains(&format!("sasl_username={}", bob.user)), "not bob's login: {submitted}");
    stack
        .wait_for_message(&bob, "Sent", |m| String::from_utf8_lossy(&m.raw).contains(&id), WAIT)
        .expect("the reply filed in bob's Sent");
    assert!(
        stack.fetch_all(&alice, "Sent").expect("alice's Sent").is_empty(),
        "the reply was filed in alice's Sent"
    );

    // By subject; the choice is kept across the reload below.
    choose_in(&browser, "[data-testid=all-inboxes-view] [data-testid=sort]", "subject");
    browser
        .wait_until(
            "the list by subject",
            "const r = [...document.querySelectorAll('[data-testid=message-row]')] \
               .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top); \
             return r.length === 3 && r[0].querySelector('.subject').textContent === 'Alice first';",
            vec![],
            WAIT,
        )
        .expect("sorted by subject");

    // New mail in bob's INBOX shows by itself and is said in the live region; the tab's title
    // counts both INBOXes' unread mail (frontend/src/announce.rs).
    stack.seed(&bob, "INBOX", &[dated_message(&carol_from, "Bob arrives", 14)]).expect("new mail");
    browser
        .wait_until(
            "the new mail announced",
            "return [...document.querySelectorAll('[data-testid=announcer]')]                .some(a => a.textContent.includes('1 new message'));",
            vec![],
            WAIT,
        )
        .expect("announced");
    wait_unified_rows(&mut browser, 4);
    let unseen = |who: &Account| {
        stack
            .fetch_all(who, "INBOX")
            .expect("fetch")
            .iter()
            .filter(|m| !m.flags.iter().any(|f| f == "\\Seen"))
            .count()
    };
    let title = format!("({}) Posthorn", unseen(&alice) + unseen(&bob));
    browser
        .wait_until(
            "the unread count of both INBOXes",
            "return document.title === arguments[0];",
            vec![json!(title)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}: {:?}", browser.execute("return document.title", vec![])));

    // After a reload no password is known: "All inboxes" lists both accounts from the cache,
    // still by subject.
    browser.refresh().expect("reload");
    click(&mut browser, "[data-testid=all-inboxes]");
    browser
        .wait_until(
            "the kept order",
            "const s = document.querySelector('[data-testid=all-inboxes-view] [data-testid=sort]'); \
             return s && s.value === 'subject';",
            vec![],
            WAIT,
        )
        .expect("the order kept across the reload");
    let cached = wait_unified_rows(&mut browser, 4);
    let subjects: Vec<&str> = cached.iter().map(|(_, _, s)| s.as_str()).collect();
    assert_eq!(subjects, ["Alice first", "Alice flag me", "Bob arrives", "Bob reply to me"]);
    wait_status(&mut browser, &bob.address);
}
