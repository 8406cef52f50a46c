//! Tags, as Thunderbird shares them through IMAP keywords (`$label1` Important to `$label5`
//! Later; frontend/src/mail_state/tags.rs): keys `1` to `5` toggle one on the messages acted on,
//! `0` takes all off, the toolbar's *Tag* menu does the same and ticks the tags every one of
//! them has; rows and the reader show them; a tag another client sets shows by itself; and the
//! list's filter shows one tag's messages (UID SEARCH KEYWORD). Real
//! app in headless Chromium, the real bridge, Dovecot; the keywords are read on the server.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, all_inboxes_of, click, dated_message, log_lines, open_row, screenshot, signed_in, wait_for_server,
    wait_row_count, wait_unified_rows,
};
use serde_json::{Value, json};

/// The `$label` keywords of the message with `subject` in INBOX, lower-cased and sorted.
fn labels(stack: &MailStack, who: &Account, subject: &str) -> Vec<String> {
    let all = stack.fetch_all(who, "INBOX").expect("FETCH");
    let m = all
        .iter()
        .find(|m| String::from_utf8_lossy(&m.raw).contains(&format!("Subject: {subject}\r\n")))
        .unwrap_or_else(|| panic!("{subject} in INBOX"));
    let mut labels: Vec<String> =
        m.flags.iter().map(|f| f.to_ascii_lowercase()).filter(|f| f.starts_with("$label")).collect();
    labels.sort();
    labels
}

/// Waits until the server has exactly `expected` on the message with `subject`.
fn wait_labels(browser: &Browser, stack: &MailStack, who: &Account, subject: &str, expected: &[&str]) {
    wait_for_server(browser, &format!("{subject} with {expected:?}"), || {
        (labels(stack, who, subject) == expected).then_some(())
    });
}

/// Every row's subject with the names of its tags.
fn row_tags(browser: &Browser) -> Value {
    browser
        .execute(
            "return Object.fromEntries([...document.querySelectorAll('[data-testid=message-row]')].map(r => \
               [r.querySelector('.subject').textContent, [...r.querySelectorAll('[data-testid=tag]')].map(t => t.textContent)]))",
            vec![],
        )
        .expect("rows")
}

fn wait_row_tags(browser: &mut Browser, expected: Value) {
    let script = "const want = arguments[0]; \
        const have = Object.fromEntries([...document.querySelectorAll('[data-testid=message-row]')].map(r => \
          [r.querySelector('.subject').textContent, [...r.querySelectorAll('[data-testid=tag]')].map(t => t.textContent)])); \
        const norm = o => JSON.stringify(Object.keys(o).sort().map(k => [k, o[k]])); \
        return norm(have) === norm(want);";
    if let Err(e) = browser.wait_until("the rows' tags", script, vec![expected.clone()], WAIT) {
        panic!("{e}\nwanted {expected}\nhave {}", row_tags(browser));
    }
}

fn tick(browser: &mut Browser, subject: &str) {
    browser
        .execute(
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
               if (r.querySelector('.subject').textContent === arguments[0]) r.querySelector('.select input').click();",
            vec![json!(subject)],
        )
        .expect("tick");
}

fn pressed(browser: &Browser) -> Value {
    browser
        .execute(
            "return [1, 2, 3, 4, 5].map(n => document.querySelector(`[data-testid=tag-${n}]`).getAttribute('aria-pressed'))",
            vec![],
        )
        .expect("menu")
}

#[test]
fn tags_toggle_with_keys_and_the_menu_and_travel_as_keywords() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let uids = stack
        .seed(
            &alice,
            "INBOX",
            &[
                dated_message("Carol", "Conference", 8),
                dated_message("Bob", "Team lunch", 9),
                dated_message("Dave", "Budget 2027", 10),
            ],
        )
        .expect("seed");
    // Tagged Work by another client (Thunderbird writes the keyword in lower case).
    stack.set_flags(&alice, "INBOX", uids[0], &["$label2"]).expect("tag");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);
    wait_row_tags(&mut browser, json!({ "Budget 2027": [], "Team lunch": [], "Conference": ["Work"] }));

    // 1 on the open message: Important, in its row, in the reader and on the server.
    open_row(&mut browser, "Budget 2027");
    browser.press_keys("1").expect("1");
    wait_row_tags(
        &mut browser,
        json!({ "Budget 2027": ["Important"], "Team lunch": [], "Conference": ["Work"] }),
    );
    let reader = browser.wait_for("[data-testid=reader-tags]", WAIT).expect("the reader's tags");
    assert!(browser.text(&reader).expect("text").contains("Important"));
    wait_labels(&browser, &stack, &alice, "Budget 2027", &["$label1"]);

    // The menu on two ticked messages: Important is not ticked (one lacks it); Later goes on both.
    tick(&mut browser, "Budget 2027");
    tick(&mut browser, "Team lunch");
    click(&mut browser, "[data-testid=tag-menu]:not([open]) > summary");
    assert_eq!(pressed(&browser), json!(["false", "false", "false", "false", "false"]));
    click(&mut browser, "[data-testid=tag-menu][open] [data-testid=tag-5]");
    wait_row_tags(
        &mut browser,
        json!({ "Budget 2027": ["Important", "Later"], "Team lunch": ["Later"], "Conference": ["Work"] }),
    );
    wait_labels(&browser, &stack, &alice, "Team lunch", &["$label5"]);
    wait_labels(&browser, &stack, &alice, "Budget 2027", &["$label1", "$label5"]);
    click(&mut browser, "[data-testid=tag-menu]:not([open]) > summary");
    assert_eq!(pressed(&browser), json!(["false", "false", "false", "false", "true"]), "both have Later");
    screenshot(&browser, "tags-menu");
    click(&mut browser, "[data-testid=tag-menu][open] > summary");

    // 1 on both: on, as one lacked it; again: off from both.
    browser.press_keys("1").expect("1");
    wait_labels(&browser, &stack, &alice, "Team lunch", &["$label1", "$label5"]);
    browser.press_keys("1").expect("1 again");
    wait_row_tags(
        &mut browser,
        json!({ "Budget 2027": ["Later"], "Team lunch": ["Later"], "Conference": ["Work"] }),
    );
    wait_labels(&browser, &stack, &alice, "Budget 2027", &["$label5"]);
    wait_labels(&browser, &stack, &alice, "Team lunch", &["$label5"]);

    // 0 takes every tag off.
    browser.press_keys("0").expect("0");
    wait_row_tags(&mut browser, json!({ "Budget 2027": [], "Team lunch": [], "Conference": ["Work"] }));
    wait_labels(&browser, &stack, &alice, "Budget 2027", &[]);
    wait_labels(&browser, &stack, &alice, "Team lunch", &[]);

    // A tag set elsewhere shows by itself (IDLE), in any case of the keyword.
    stack.set_flags(&alice, "INBOX", uids[1], &["\\Seen", "$Label3"]).expect("tag elsewhere");
    wait_row_tags(
        &mut browser,
        json!({ "Budget 2027": [], "Team lunch": ["Personal"], "Conference": ["Work"] }),
    );

    // The filter shows only the messages with one tag, as the server finds them.
    browser
        .execute(
            "const s = document.querySelector('[data-testid=filter-in-search]'); s.value = 'tag-2'; \
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .expect("choose Work");
    wait_row_tags(&mut browser, json!({ "Conference": ["Work"] }));
    let asked = log_lines(&mut browser).into_iter().any(|l| {
        l.contains(" C: ") && l.contains("UID SEARCH") && l.to_ascii_lowercase().ends_with("keyword $label2")
    });
    assert!(asked, "the server was asked for the messages tagged Work");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// In All inboxes a key tags the message on its own account's server, and the row shows it; the
/// Tag menu acts on ticked messages of both accounts as one choice.
#[test]
fn all_inboxes_tags_each_message_on_its_accounts_server() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack.seed(&alice, "INBOX", &[dated_message("Carol", "Quarterly report", 8)]).expect("seed Alice");
    stack.seed(&bob, "INBOX", &[dated_message("Dave", "Invoice 42", 9)]).expect("seed Bob");
    let (_bridge, mut browser) = all_inboxes_of(&stack, &alice, &bob);
    wait_unified_rows(&mut browser, 2);
    browser
        .execute(
            "for (const r of document.querySelectorAll('[data-testid=all-inboxes-view] [data-testid=message-row]')) \
               if (r.querySelector('.subject').textContent === 'Invoice 42') r.click();",
            vec![],
        )
        .expect("open Bob's message");
    browser.wait_for("[data-testid=reader-subject]", WAIT).expect("the reader");
    browser.press_keys("4").expect("4");
    let tagged = "for (const r of document.querySelectorAll('[data-testid=all-inboxes-view] [data-testid=message-row]')) \
           if (r.querySelector('.subject').textContent === 'Invoice 42') \
             return [...r.querySelectorAll('[data-testid=tag]')].map(t => t.textContent).join(); \
         return null;";
    // The answer is "" (falsy) until the row has a tag.
    browser.wait_until("To Do on Bob's row", tagged, vec![], WAIT).expect("the row's tag");
    assert_eq!(browser.execute(tagged, vec![]).expect("tags"), "To Do");
    let reader = browser.wait_for("[data-testid=reader-tags]", WAIT).expect("the reader's tags");
    assert!(browser.text(&reader).expect("text").contains("To Do"), "the reader shows the tag");
    wait_labels(&browser, &stack, &bob, "Invoice 42", &["$label4"]);
    assert_eq!(
        labels(&stack, &alice, "Quarterly report"),
        Vec::<String>::new(),
        "Alice's message is not touched"
    );
    browser.press_keys("0").expect("0");
    wait_labels(&browser, &stack, &bob, "Invoice 42", &[]);

    // The Tag menu over messages of both accounts is one choice: Work on Bob's only is not
    // ticked, and choosing it puts it on Alice's too (each on its own server); chosen again, it
    // comes off both.
    browser.press_keys("2").expect("2");
    wait_labels(&browser, &stack, &bob, "Invoice 42", &["$label2"]);
    tick(&mut browser, "Quarterly report");
    tick(&mut browser, "Invoice 42");
    click(&mut browser, "[data-testid=all-inboxes-view] [data-testid=tag-menu]:not([open]) > summary");
    assert_eq!(pressed(&browser), json!(["false", "false", "false", "false", "false"]), "Alice's lacks Work");
    click(&mut browser, "[data-testid=tag-menu][open] [data-testid=tag-2]");
    wait_labels(&browser, &stack, &alice, "Quarterly report", &["$label2"]);
    assert_eq!(labels(&stack, &bob, "Invoice 42"), vec!["$label2".to_owned()], "Bob's keeps Work");
    click(&mut browser, "[data-testid=tag-menu]:not([open]) > summary");
    assert_eq!(pressed(&browser), json!(["false", "true", "false", "false", "false"]), "both have Work");
    screenshot(&browser, "tags-all-inboxes-menu");
    click(&mut browser, "[data-testid=tag-menu][open] [data-testid=tag-2]");
    wait_labels(&browser, &stack, &alice, "Quarterly report", &[]);
    wait_labels(&browser, &stack, &bob, "Invoice 42", &[]);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A tag a person named in Thunderbird (a keyword without `$`, `Project_X` for "Project X")
/// shows in the row and the reader beside the five; the keywords clients set for their own ends
/// (`$MailFlagBit0`, `NonJunk`) do not.
#[test]
fn tags_named_in_another_client_show_beside_the_five() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let uids = stack.seed(&alice, "INBOX", &[dated_message(&bob.address, "Plans", 9)]).expect("seed");
    stack
        .set_flags(&alice, "INBOX", uids[0], &["$label2", "Project_X", "$MailFlagBit0", "NonJunk"])
        .expect("keywords");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_tags(&mut browser, json!({ "Plans": ["Work", "Project X"] }));
    open_row(&mut browser, "Plans");
    let shown = browser
        .wait_for("[data-testid=reader-tags]", WAIT)
        .and_then(|e| browser.text(&e))
        .expect("the reader's tags");
    assert!(shown.contains("Work") && shown.contains("Project X") && !shown.contains("NonJunk"), "{shown}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
