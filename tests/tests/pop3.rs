//! POP3 in the real app: messages are kept in the browser, left on the server by default, and
//! deleted from the server after download when the account says so; the list is ordered and read
//! from the keyboard as a folder's is. Headless Chromium, the real
//! bridge, real Dovecot; the server side is checked with the harness's own IMAP client (Dovecot's
//! POP3 maildrop is the IMAP INBOX).

use posthorn_tests::app::RunningBridge;
use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::imap::Part;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, bridge_for, choose, click, click_row, dated_message, finish_account_form, set_field,
    start_account_form, wait_for_server,
};
use serde_json::json;

/// Sets up a POP3 account by hand; `delete` is the value of the "Messages on the POP3 server"
/// choice, `None` to leave the default.
fn set_up_pop3(browser: &mut Browser, stack: &MailStack, account: &Account, delete: Option<&str>) {
    start_account_form(browser, account, &account.password, "pop3");
    // The choice is offered for POP3 only, and says so by default.
    assert_eq!(
        browser.execute("return document.querySelector('[name=pop3-delete]').value", vec![]).unwrap(),
        "never"
    );
    if let Some(delete) = delete {
        choose(browser, "pop3-delete", delete);
    }
    finish_account_form(browser, stack, account, stack.ports().pop3s);
}

/// The app, in a fresh browser, with `account` set up for POP3 by hand ([`set_up_pop3`]).
fn pop3_app(stack: &MailStack, account: &Account, delete: Option<&str>) -> (RunningBridge, Browser) {
    let bridge = bridge_for(stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up_pop3(&mut browser, stack, account, delete);
    (bridge, browser)
}

/// Reloads the page and gives the password again if the app asks for it.
fn reload(browser: &mut Browser, account: &Account) {
    browser.refresh().expect("reload");
    browser
        .wait_until(
            "the app after the reload",
            "return !!document.querySelector('[data-testid=unlock], [data-testid=mail-view]')",
            vec![],
            WAIT,
        )
        .expect("app");
    if let Some(form) = browser.find("[data-testid=unlock] input[type=password]").expect("find") {
        browser.fill(&form, &account.password).expect("type");
        let open = browser.wait_for("[data-testid=unlock] button[type=submit]", WAIT).expect("open");
        browser.click(&open).expect("click");
    }
    browser.wait_for("[data-testid=mail-view]", WAIT).expect("mail view");
}

fn subjects(browser: &mut Browser, count: usize) -> Vec<String> {
    let v = browser
        .wait_until(
            &format!("{count} rows"),
            "const rows = [...document.querySelectorAll('[data-testid=message-row]')]; \
             return rows.length === arguments[0] && rows.map(r => r.querySelector('.subject').textContent);",
            vec![json!(count)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{count} rows: {e}"));
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()
}

fn open_and_read(browser: &mut Browser, subject: &str, selector: &str) -> String {
    click_row(browser, subject);
    let text = browser
        .wait_until(
            "the reader",
            "const h = document.querySelector('[data-testid=reader-subject]'); \
             const b = document.querySelector(arguments[1]); \
             return h && h.textContent === arguments[0] && b && b.textContent;",
            vec![json!(subject), json!(selector)],
            WAIT,
        )
        .expect("reader shows the message");
    text.as_str().unwrap_or_default().to_string()
}

#[test]
fn after_download_the_maildrop_is_emptied_and_the_messages_stay_readable() {
    let stack = MailStack::start().expect("mail stack");
    let bob = stack.bob().clone();
    stack.seed(&bob, "INBOX", &[fixtures::latin1_umlauts(), fixtures::forwarded()]).expect("seed");
    let (_bridge, mut browser) = pop3_app(&stack, &bob, Some("after-download"));

    assert_eq!(subjects(&mut browser, 2), ["Fwd: Meeting notes", "Grüße aus Köln"], "newest Date first");
    // Downloaded, stored, then DELE + QUIT: the maildrop is empty.
    wait_for_server(&browser, "an empty maildrop", || {
        stack.fetch_all(&bob, "INBOX").ok().filter(|m| m.is_empty())
    });
    browser
        .wait_until(
            "the rows marked as no longer on the server",
            "return [...document.querySelectorAll('[data-testid=message-row]')].every(r => r.dataset.onServer === 'false')",
            vec![],
            WAIT,
        )
        .expect("rows updated");

    // After a reload the messages come from the browser's store: the server has none.
    reload(&mut browser, &bob);
    assert_eq!(subjects(&mut browser, 2), ["Fwd: Meeting notes", "Grüße aus Köln"]);
    assert!(
        open_and_read(&mut browser, "Grüße aus Köln", "[data-testid=text-body]")
            .contains("Schöne Grüße aus Köln")
    );
    assert!(
        open_and_read(&mut browser, "Fwd: Meeting notes", "[data-testid=nested-message]")
            .contains("ship it on Monday")
    );

    // New mail is downloaded (and deleted from the server) too, next to what is kept.
    stack.seed(&bob, "INBOX", &[fixtures::newsletter()]).expect("seed more");
    let check = browser.wait_for("[data-testid=check-mail]", WAIT).expect("check button");
    browser.click(&check).expect("click");
    // In Date order among the kept ones (17 November, between 21 and 16).
    assert_eq!(subjects(&mut browser, 3), ["Fwd: Meeting notes", "Weekly news", "Grüße aus Köln"]);
    wait_for_server(&browser, "an empty maildrop again", || {
        stack.fetch_all(&bob, "INBOX").ok().filter(|m| m.is_empty())
    });
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn by_default_messages_stay_on_the_server_and_are_kept_in_the_browser() {
    let stack = MailStack::start().expect("mail stack");
    let carol = stack.carol().clone();
    stack.seed(&carol, "INBOX", &[fixtures::latin1_umlauts(), fixtures::newsletter()]).expect("seed");
    let (_bridge, mut browser) = pop3_app(&stack, &carol, None);
    assert_eq!(subjects(&mut browser, 2), ["Weekly news", "Grüße aus Köln"]);
    // The sync is over when the status line is empty; nothing was deleted.
    browser
        .wait_until(
            "the sync to finish",
            "const s = document.querySelector('[data-testid=status]'); return s && s.textContent === '' && \
             !document.querySelector('[data-testid=check-mail]').disabled",
            vec![],
            WAIT,
        )
        .expect("sync done");
    assert_eq!(stack.fetch_all(&carol, "INBOX").expect("fetch").len(), 2, "left on the server");
    // A downloaded message's row shows the first words of its text, as a folder's rows do.
    browser
        .wait_until(
            "the row's preview",
            "return [...document.querySelectorAll('[data-testid=message-row]')].some(r => \
               r.querySelector('.subject').textContent === 'Grüße aus Köln' && \
               (r.querySelector('.preview') || {}).textContent === 'Schöne Grüße aus Köln, und bis bald!');",
            vec![],
            WAIT,
        )
        .expect("the preview of the downloaded message");

    // The list is a grid of rows as a folder's is, and the keyboard alone reads it: j moves to
    // the second row, Enter opens it (focus in the reader), Escape closes it and puts focus back
    // on its row.
    assert_eq!(
        browser
            .execute(
                "return document.querySelector('[data-testid=message-list]').getAttribute('role')",
                vec![]
            )
            .expect("role"),
        "grid"
    );
    browser
        .execute("document.querySelector('[data-testid=message-row][aria-rowindex=\"1\"]').focus();", vec![])
        .expect("focus the first row");
    browser.press_keys("j").expect("j");
    let focused_row = |browser: &mut Browser, index: &str| {
        browser
            .wait_until(
                &format!("focus on row {index}"),
                "return document.activeElement.getAttribute('aria-rowindex') === arguments[0];",
                vec![json!(index)],
                WAIT,
            )
            .unwrap_or_else(|e| panic!("{e}"));
    };
    focused_row(&mut browser, "2");
    browser.press_keys(&keys::ENTER.to_string()).expect("Enter");
    browser
        .wait_until(
            "the second message open, focus in the reader",
            "const h = document.querySelector('[data-testid=reader-subject]'); \
             return h && h.textContent === 'Grüße aus Köln' && \
               document.activeElement.closest('[data-testid=reader]') !== null;",
            vec![],
            WAIT,
        )
        .expect("opened by Enter");
    browser.press_keys(&keys::ESCAPE.to_string()).expect("Escape");
    focused_row(&mut browser, "2");
    assert!(browser.find("[data-testid=reader-subject]").expect("find").is_none(), "the reader closed");

    // Kept locally as well: after a reload, with the server's copies removed behind the app's
    // back, both still open.
    let uids: Vec<u32> = stack.fetch_all(&carol, "INBOX").expect("fetch").iter().map(|m| m.uid).collect();
    let mut imap = stack.imap_session(&carol).expect("imap");
    imap.select("INBOX").expect("select");
    for uid in uids {
        imap.store_flags(uid, &["\\Deleted"]).expect("store");
    }
    imap.command("EXPUNGE", &[Part::Text("EXPUNGE")]).expect("expunge");
    imap.logout().expect("logout");
    reload(&mut browser, &carol);
    assert_eq!(subjects(&mut browser, 2), ["Weekly news", "Grüße aus Köln"]);
    assert!(
        open_and_read(&mut browser, "Grüße aus Köln", "[data-testid=text-body]")
            .contains("Schöne Grüße aus Köln")
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// POP3 has no arrival time (RFC 1939): a message without a Date header says "(no date)" in the
/// list and the reader instead of leaving them blank, and so does a Date that does not parse.
#[test]
fn a_message_without_a_date_says_so_and_its_priority_shows() {
    let stack = MailStack::start().expect("mail stack");
    let dave = stack.dave().clone();
    let no_date = b"From: Nobody <nobody@example.org>\r\nTo: dave@example.org\r\nSubject: Undated\r\n\
X-Priority: 5 (Lowest)\r\n\r\nNo Date header.\r\n";
    let bad_date =
        b"Date: sometime last week\r\nFrom: Someone <someone@example.org>\r\nTo: dave@example.org\r\n\
Subject: Badly dated\r\n\r\nAn unreadable Date header.\r\n";
    stack
        .seed(&dave, "INBOX", &[no_date.to_vec(), bad_date.to_vec(), fixtures::latin1_umlauts()])
        .expect("seed");
    let (_bridge, mut browser) = pop3_app(&stack, &dave, None);
    subjects(&mut browser, 3);
    let dates = browser
        .execute(
            "return Object.fromEntries([...document.querySelectorAll('[data-testid=message-row]')].map(r => \
               [r.querySelector('.subject').textContent, r.querySelector('.date').textContent]))",
            vec![],
        )
        .expect("dates");
    assert_eq!(dates["Undated"], "(no date)", "{dates}");
    assert_eq!(dates["Badly dated"], "(no date)", "{dates}");
    let dated = dates["Grüße aus Köln"].as_str().unwrap_or_default();
    assert!(!dated.is_empty() && dated != "(no date)", "{dates}");
    // The priority, read from the headers POP3's TOP gives, as an IMAP folder's row shows it.
    let marks = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=priority-mark]')].map(m => m.getAttribute('aria-label'));",
            vec![],
        )
        .expect("marks");
    assert_eq!(marks, json!(["Lowest priority"]));
    open_and_read(&mut browser, "Undated", "[data-testid=text-body]");
    let shown = browser.wait_for("[data-testid=reader-date]", WAIT).expect("reader date");
    assert_eq!(browser.text(&shown).expect("text"), "(no date)");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// An empty maildrop: once the sync is over the list says the inbox is empty
/// (frontend/src/empty_state.rs) instead of showing a blank pane.
#[test]
fn an_empty_maildrop_says_so() {
    let stack = MailStack::start().expect("mail stack");
    let bob = stack.bob().clone();
    let (_bridge, mut browser) = pop3_app(&stack, &bob, None);
    browser.wait_for(".pop3 .message-list [data-empty=empty-folder]", WAIT).expect("the empty inbox's note");
    assert!(browser.find("[data-testid=message-row]").expect("find").is_none(), "no rows");
}

/// A POP3 account keeps no drafts on a server: a message with something written in it is not
/// closed away (frontend/src/composer.rs `leave`), the composer says why and Discard is the way
/// out; one with nothing written closes at once.
#[test]
fn a_message_written_for_a_pop3_account_is_not_closed_away() {
    let stack = MailStack::start().expect("mail stack");
    let bob = stack.bob().clone();
    let (_bridge, mut browser) = pop3_app(&stack, &bob, None);
    let open = "!!document.querySelector('[data-testid=composer]')";

    click(&mut browser, "[data-testid=new-message]");
    click(&mut browser, "[data-testid=close-composer]");
    browser
        .wait_until("an untouched message to close", &format!("return !{open}"), vec![], WAIT)
        .expect("closed");

    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "subject", "Einkaufsliste");
    click(&mut browser, "[data-testid=close-composer]");
    let problem = browser.wait_for("[data-testid=compose-problem]", WAIT).expect("the reason");
    assert!(browser.text(&problem).expect("text").contains("no drafts on its server"));
    assert_eq!(browser.execute(&format!("return {open}"), vec![]).expect("open"), true, "still open");
    click(&mut browser, "[data-testid=discard]");
    browser.wait_until("Discard to close it", &format!("return !{open}"), vec![], WAIT).expect("closed");
}

/// The list is in Date order, newest first, whatever order the maildrop holds the messages in;
/// another order chosen above the list is kept across a reload (frontend/src/kept_order.rs).
#[test]
fn the_list_is_in_date_order_and_keeps_the_order_chosen() {
    let stack = MailStack::start().expect("mail stack");
    let dave = stack.dave().clone();
    let from = "Carol <carol@example.org>";
    let delivered = [
        dated_message(from, "Bravo", 12),
        dated_message(from, "Alpha", 7),
        dated_message(from, "Charlie", 9),
    ];
    stack.seed(&dave, "INBOX", &delivered).expect("seed");
    let (_bridge, mut browser) = pop3_app(&stack, &dave, None);
    assert_eq!(subjects(&mut browser, 3), ["Bravo", "Charlie", "Alpha"], "by Date, newest first");

    choose(&mut browser, "sort", "subject");
    browser
        .wait_until(
            "the subject order",
            "return [...document.querySelectorAll('[data-testid=message-row] .subject')]                .map(s => s.textContent).join() === 'Alpha,Bravo,Charlie'",
            vec![],
            WAIT,
        )
        .expect("ordered by subject");
    reload(&mut browser, &dave);
    assert_eq!(subjects(&mut browser, 3), ["Alpha", "Bravo", "Charlie"], "the order kept");
    assert_eq!(
        browser.execute("return document.querySelector('[name=sort]').value", vec![]).expect("sort"),
        "subject"
    );
}
