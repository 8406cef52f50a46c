//! A search looks beyond the open folder: the other folders with hits are offered under the
//! toolbar with their counts (frontend/src/mail_view/found_elsewhere.rs), found with EXAMINE and
//! UID SEARCH on the account's second connection, which leave every flag alone; a choice opens
//! that folder with the same search. Real app, bridge and Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, dated_message, log_lines, screenshot, signed_in, wait_row_count};
use serde_json::json;

/// The offered folders as (wire name, count).
fn offered(browser: &Browser) -> serde_json::Value {
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=found-elsewhere-folder]')] \
               .map(b => [b.dataset.folder, b.querySelector('.count').textContent]);",
            vec![],
        )
        .expect("offered")
}

fn wait_offered(browser: &mut Browser, wanted: serde_json::Value) {
    let script = "return JSON.stringify([...document.querySelectorAll('[data-testid=found-elsewhere-folder]')] \
                    .map(b => [b.dataset.folder, b.querySelector('.count').textContent])) === JSON.stringify(arguments[0]);";
    if let Err(e) = browser.wait_until("the folders offered", script, vec![wanted.clone()], WAIT) {
        panic!("{e}\nwanted {wanted}, offered {}", offered(browser));
    }
}

fn subjects(browser: &Browser) -> Vec<String> {
    let v = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-row] .subject')].map(s => s.textContent).sort();",
            vec![],
        )
        .expect("rows");
    serde_json::from_value(v).expect("subjects")
}

#[test]
fn a_search_offers_the_other_folders_with_hits_and_opens_them() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed(
            &alice,
            "INBOX",
            &[dated_message("Carol", "Quarterly report", 8), dated_message("Bob", "Lunch", 9)],
        )
        .expect("seed INBOX");
    stack
        .seed(
            &alice,
            "Archive",
            &[dated_message("Dave", "Report 2025", 7), dated_message("Dave", "Report 2024", 6)],
        )
        .expect("seed Archive");
    stack.seed(&alice, "Sent", &[dated_message("Alice", "Re: Quarterly report", 10)]).expect("seed Sent");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);

    let field = browser.wait_for("[data-testid=search]", WAIT).expect("the search field");
    browser.fill(&field, "report").expect("type");
    click(&mut browser, "[data-testid=search-button]");
    wait_offered(&mut browser, json!([["Sent", "1"], ["Archive", "2"]]));
    assert_eq!(subjects(&browser), ["Quarterly report"], "the open folder's hit");
    screenshot(&browser, "search-elsewhere");
    let lines = log_lines(&mut browser);
    let sent =
        |verb: &str| lines.iter().any(|l| l.contains(" C: ") && l.contains(&format!("{verb} Archive")));
    assert!(sent("EXAMINE"), "looked with EXAMINE: {lines:#?}");
    assert!(!sent("SELECT"), "not SELECTed: nothing changed there");

    // Archive, with the same search: its two hits, and the others offered in turn.
    click(&mut browser, "[data-testid=found-elsewhere-folder][data-folder=Archive]");
    browser
        .wait_until(
            "Archive's hits",
            "const rows = [...document.querySelectorAll('[data-testid=message-row] .subject')].map(s => s.textContent); \
             return rows.length === 2 && rows.every(s => s.startsWith('Report'));",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}\n{:?}", subjects(&browser)));
    wait_offered(&mut browser, json!([["INBOX", "1"], ["Sent", "1"]]));
    assert_eq!(
        browser
            .execute("return document.querySelector('[data-testid=search]').value", vec![])
            .expect("field"),
        "report",
        "the field still shows what is searched for"
    );
    assert_eq!(
        stack
            .fetch_all(&alice, "Archive")
            .expect("Archive")
            .iter()
            .filter(|m| m.flags.iter().any(|f| f == "\\Seen"))
            .count(),
        0,
        "searching left the messages unread"
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
