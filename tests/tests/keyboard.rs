//! The mail view from the keyboard alone (frontend/src/keyboard.rs) and what it tells a person
//! who is not looking (frontend/src/announce.rs). After signing in, no clicks: WebDriver key
//! actions move through the list, select and flag a message, open one (focus goes to the reader), list the shortcuts
//! (`?`, closed by Escape), open and close the reader's More menu, reply, send with Ctrl+Enter, come back to the list row with Escape,
//! and start a new message (`c`); `/` goes to the search and `f` forwards; `n` opens the next
//! unread message, and says when there is none.
//! The polite live region says what was sent and that new mail arrived, and the tab's title
//! carries INBOX's unread count. Real app, real bridge, Dovecot and Postfix, headless Chromium;
//! the reply's arrival is checked in Bob's mailbox with the harness's own IMAP client.

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, composer_field, signed_in, wait_for_server, wait_idling, wait_outbox, wait_row_count,
};
use serde_json::{Value, json};

fn message(from: &str, to: &str, n: u32, subject: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Date: Mon, 2 Nov 2026 1{n}:00:00 +0000\r\nMessage-ID: <kbd-{n}@example.org>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBody of message {n}.\r\n"
    )
}

/// What has focus: its test id, row position and the subject shown in it or in the reader.
fn focused(browser: &Browser) -> Value {
    browser
        .execute(
            "const e = document.activeElement; \
             return { testid: e.dataset.testid || e.getAttribute('name') || e.tagName, \
               row: e.getAttribute('aria-rowindex'), uid: e.dataset.uid || null, \
               subject: (e.querySelector('.subject, [data-testid=reader-subject]') || {}).textContent || null };",
            vec![],
        )
        .expect("the focused element")
}

fn wait_focus(browser: &mut Browser, what: &str, check: &str) -> Value {
    browser
        .wait_until(
            what,
            &format!("const e = document.activeElement; return ({check}) ? true : null;"),
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{what}: {e}\nfocus: {}", focused(browser)));
    focused(browser)
}

fn wait_text(browser: &mut Browser, what: &str, script: &str, expected: &str) {
    browser
        .wait_until(what, &format!("return ({script}) === arguments[0];"), vec![json!(expected)], WAIT)
        .unwrap_or_else(|e| {
            let now = browser.execute(&format!("return {script};"), vec![]).unwrap_or_default();
            panic!("{what}: expected {expected:?}, the page has {now}: {e}")
        });
}

const ANNOUNCED: &str = "document.querySelector('[data-testid=announcer]').textContent";

#[test]
fn a_keyboard_walk_opens_replies_sends_and_returns_to_the_list() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let from_bob = format!("Bob <{}>", bob.address);
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                message(&from_bob, &alice.address, 1, "Lunch on Friday"),
                message(&from_bob, &alice.address, 2, "The quarterly figures"),
                message(&from_bob, &alice.address, 3, "Train tickets"),
            ],
        )
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);
    // Three unread messages in INBOX: the tab says so.
    wait_text(&mut browser, "the title", "document.title", "(3) Posthorn");

    // From here on only keys. j and k (and the arrows) move the focused row.
    browser.press_keys("j").expect("j");
    let first = wait_focus(&mut browser, "the first row", "e.getAttribute('aria-rowindex') === '1'");
    assert_eq!(first["subject"], "Train tickets", "newest first: {first}");
    browser.press_keys("j").expect("j");
    wait_focus(&mut browser, "the second row", "e.getAttribute('aria-rowindex') === '2'");
    browser.press_keys(&keys::ARROW_DOWN.to_string()).expect("down");
    wait_focus(&mut browser, "the third row", "e.getAttribute('aria-rowindex') === '3'");
    browser.press_keys("j").expect("j at the end");
    wait_focus(&mut browser, "still the third row", "e.getAttribute('aria-rowindex') === '3'");
    // `x` selects the focused row and `s` flags the selection, on the server; `x` again unselects.
    browser.press_keys("x").expect("x");
    browser
        .wait_until(
            "the third row selected",
            "return document.activeElement.getAttribute('aria-selected') === 'true'",
            vec![],
            WAIT,
        )
        .expect("selected");
    browser.press_keys("s").expect("s");
    wait_for_server(&browser, "\\Flagged on the oldest message", || {
        let all = stack.fetch_all(&alice, "INBOX").ok()?;
        all.iter()
            .any(|m| {
                String::from_utf8_lossy(&m.raw).contains("kbd-1@") && m.flags.iter().any(|f| f == "\\Flagged")
            })
            .then_some(())
    });
    browser.press_keys("x").expect("x again");
    browser
        .wait_until(
            "nothing selected",
            "return !document.querySelector('[data-testid=message-row][aria-selected=true]')",
            vec![],
            WAIT,
        )
        .expect("unselected");
    browser.press_keys(&keys::ARROW_UP.to_string()).expect("up");
    wait_focus(&mut browser, "the second row again", "e.getAttribute('aria-rowindex') === '2'");

    // `?` lists the shortcuts in a modal dialog; Escape closes it and focus comes back.
    browser.press_keys("?").expect("?");
    browser.wait_for("[data-testid=shortcuts][open]", WAIT).expect("the shortcuts dialog");
    let listed = browser
        .execute("return document.querySelector('[data-testid=shortcuts]').textContent", vec![])
        .expect("dialog text");
    for shortcut in ["Keyboard shortcuts", "Next message", "Reply", "New message", "Ctrl + Enter"] {
        assert!(listed.as_str().unwrap().contains(shortcut), "{shortcut:?} listed: {listed}");
    }
    browser.press_keys(&keys::ESCAPE.to_string()).expect("escape");
    browser
        .wait_until(
            "the dialog to close",
            "return !document.querySelector('[data-testid=shortcuts]').open",
            vec![],
            WAIT,
        )
        .expect("closed");
    let row = wait_focus(&mut browser, "focus back on the row", "e.getAttribute('aria-rowindex') === '2'");
    assert_eq!(row["subject"], "The quarterly figures", "{row}");
    let uid = row["uid"].as_str().expect("the row's uid").to_owned();

    // Enter opens it, and focus moves to the reader.
    browser.press_keys(&keys::ENTER.to_string()).expect("enter");
    wait_focus(
        &mut browser,
        "the reader with the message",
        "e.dataset.testid === 'reader' && e.querySelector('[data-testid=reader-subject]') \
         && e.querySelector('[data-testid=reader-subject]').textContent === 'The quarterly figures'",
    );

    // Tab reaches the reader's actions: Reply, Reply all, Forward, More. Enter opens the More menu
    // (frontend/src/menu.rs), whose entries Tab reaches next; Escape closes the menu, not the
    // message, and focus goes back to its button.
    let more = "e.tagName === 'SUMMARY' && !!e.closest('[data-testid=reader] [data-testid=more-actions]')";
    browser.press_keys(&keys::TAB.to_string().repeat(4)).expect("tab");
    wait_focus(&mut browser, "the More button", more);
    browser.press_keys(&format!("{}{}", keys::ENTER, keys::TAB)).expect("enter, tab");
    wait_focus(&mut browser, "the menu's first entry", "e.dataset.testid === 'forward-attachment'");
    browser.press_keys(&keys::ESCAPE.to_string()).expect("escape");
    wait_focus(&mut browser, "the More button, closed", &format!("{more} && !e.parentElement.open"));
    assert!(browser.find("[data-testid=reader-subject]").expect("find").is_some(), "the message stays open");

    // `r` replies: the composer opens with focus in the body (the address is filled in).
    browser.press_keys("r").expect("r");
    wait_focus(
        &mut browser,
        "the reply's body",
        "e.name === 'body' && !!e.closest('[data-testid=composer]')",
    );
    let to = composer_field(&browser, "to");
    assert!(to.contains(&bob.address), "the reply goes to Bob: {to}");
    browser.press_keys("Figures look fine. ").expect("type");
    browser.press_chord(keys::CONTROL, keys::ENTER).expect("ctrl+enter");
    wait_outbox(&mut browser, "Re: The quarterly figures", "sent", WAIT);
    wait_text(&mut browser, "the send announced", ANNOUNCED, "Sent: Re: The quarterly figures");
    wait_for_server(&browser, "the reply in Bob's INBOX", || {
        let all = stack.fetch_all(&bob, "INBOX").ok()?;
        all.iter()
            .any(|m| {
                let raw = String::from_utf8_lossy(&m.raw);
                raw.contains("Subject: Re: The quarterly figures") && raw.contains("Figures look fine.")
            })
            .then_some(())
    });

    // Escape closes the message and puts focus back on its row.
    browser.press_keys(&keys::ESCAPE.to_string()).expect("escape");
    let back = wait_focus(&mut browser, "the message's row", "e.dataset.testid === 'message-row'");
    assert_eq!(back["uid"], uid.as_str(), "the row of the message that was open: {back}");
    assert!(browser.find("[data-testid=reader-subject]").expect("find").is_none(), "the reader is closed");

    // New mail in the open folder is announced, and the title counts it.
    let unread_before = browser
        .execute("return document.querySelectorAll('[data-testid=message-row].unread').length", vec![])
        .expect("unread rows")
        .as_u64()
        .unwrap();
    stack.seed(&alice, "INBOX", &[message(&from_bob, &alice.address, 4, "Fresh news")]).expect("deliver");
    wait_text(&mut browser, "new mail announced", ANNOUNCED, "1 new message");
    wait_text(
        &mut browser,
        "the title counts it",
        "document.title",
        &format!("({}) Posthorn", unread_before + 1),
    );

    // `c` starts a new message with focus in its To field.
    browser.press_keys("c").expect("c");
    wait_focus(
        &mut browser,
        "the new message's To",
        "e.name === 'to' && !!e.closest('[data-testid=composer]')",
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// New-mail notifications (frontend/src/announce.rs) come only when asked for in the settings and
/// only while the tab is hidden. Headless Chromium shows no notifications and its tab is never
/// hidden, so the page's `Notification` and `document.hidden` are stand-ins that record what the
/// app asks for; the mail, the server and the app are real.
#[test]
fn new_mail_notifies_only_when_asked_for_and_the_tab_is_hidden() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let from_bob = format!("Bob <{}>", bob.address);
    stack.seed(&alice, "INBOX", &[message(&from_bob, &alice.address, 1, "First")]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    browser
        .execute(
            "window.__notes = []; window.__hidden = true; \
             window.Notification = class { constructor(title, options) { window.__notes.push([title, options.body]); } \
               static get permission() { return 'granted'; } \
               static requestPermission() { return Promise.resolve('granted'); } }; \
             Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });",
            vec![],
        )
        .expect("stand-ins");
    let notes = |browser: &Browser| browser.execute("return window.__notes", vec![]).expect("notes");
    // Mail delivered while the first sync still runs is part of the first load, not news.
    wait_idling(&mut browser);

    // Not asked for: announced, not notified.
    stack.seed(&alice, "INBOX", &[message(&from_bob, &alice.address, 2, "Second")]).expect("deliver");
    wait_text(&mut browser, "new mail announced", ANNOUNCED, "1 new message");
    wait_row_count(&mut browser, 2);
    assert_eq!(notes(&browser), json!([]), "no notification without the setting");

    // Asked for in the settings, tab hidden: one notification naming the sender and subject.
    browser.execute("document.querySelector('[data-testid=notify]').click()", vec![]).expect("tick");
    let kept = browser.execute("return localStorage.getItem('posthorn.notify')", vec![]).expect("setting");
    assert_eq!(kept, "1", "the choice is kept");
    stack.seed(&alice, "INBOX", &[message(&from_bob, &alice.address, 3, "Third")]).expect("deliver");
    browser
        .wait_until("a notification", "return window.__notes.length === 1", vec![], WAIT)
        .unwrap_or_else(|e| panic!("{e}: {}", notes(&browser)));
    let note = notes(&browser);
    assert_eq!(note[0][0], "1 new message", "{note}");
    assert!(note[0][1].as_str().unwrap().contains("Third"), "the body names the message: {note}");

    // Tab visible again: new mail is not notified (the page shows it).
    browser.execute("window.__hidden = false", vec![]).expect("visible");
    stack.seed(&alice, "INBOX", &[message(&from_bob, &alice.address, 4, "Fourth")]).expect("deliver");
    wait_row_count(&mut browser, 4);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(notes(&browser).as_array().unwrap().len(), 1, "no notification while visible");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// `/` goes to the search field, as in Gmail, and `f` forwards the open message.
#[test]
fn slash_goes_to_the_search_and_f_forwards() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let from_bob = format!("Bob <{}>", bob.address);
    stack.seed(&alice, "INBOX", &[message(&from_bob, &alice.address, 1, "Minutes")]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    browser.execute("document.querySelector('[data-testid=message-row]').focus()", vec![]).expect("focus");
    browser.press_keys("/").expect("/");
    wait_focus(&mut browser, "the search field", "e.dataset.testid === 'search'");
    let typed =
        browser.execute("return document.querySelector('[data-testid=search]').value", vec![]).unwrap();
    assert_eq!(typed, "", "the key itself is not typed into it");

    browser.execute("document.querySelector('[data-testid=message-row]').focus()", vec![]).expect("focus");
    browser.press_keys(&keys::ENTER.to_string()).expect("enter");
    wait_focus(&mut browser, "the reader", "e.dataset.testid === 'reader'");
    browser.press_keys("f").expect("f");
    wait_focus(&mut browser, "the forward's To", "e.name === 'to' && !!e.closest('[data-testid=composer]')");
    assert_eq!(composer_field(&browser, "subject"), "Fwd: Minutes");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn n_opens_the_next_unread_message_and_says_when_there_is_none() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let from_bob = format!("Bob <{}>", bob.address);
    let seeded: Vec<String> =
        (1..=4).map(|n| message(&from_bob, &alice.address, n, &format!("Note {n}"))).collect();
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    // Newest first: 4 (read), 3, 2 (read), 1.
    for uid in [2, 4] {
        stack.set_flags(&alice, "INBOX", uid, &["\\Seen"]).expect("STORE");
    }
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 4);
    browser.execute("document.querySelector('[data-testid=message-row]').focus()", vec![]).expect("focus");
    let reader = "document.querySelector('[data-testid=reader-subject]')?.textContent";
    browser.press_keys("n").expect("n");
    wait_text(&mut browser, "the first unread one open", reader, "Note 3");
    browser.press_keys("n").expect("n");
    wait_text(&mut browser, "the next, past a read one", reader, "Note 1");
    browser.press_keys("n").expect("n");
    wait_text(
        &mut browser,
        "none left, said",
        "document.querySelector('[data-testid=status]').textContent",
        "No more unread messages below.",
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
