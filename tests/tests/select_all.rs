//! Ticking rows as in Thunderbird and Gmail (frontend/src/mail_state/selection.rs): the box above
//! the list ticks every row and clears them again, Shift with a click on a row's box ticks every
//! row from the last one clicked, `x` and Shift+X do the same from the keyboard, Ctrl+A ticks
//! all and Escape clears; what is ticked is what the toolbar acts on. A whole folder of 2,000
//! messages ticked with the box goes to Archive in one move. With conversations, a row ticks its
//! messages in the folder; in All inboxes, each account keeps and files its own ticked rows.
//! Real app, real bridge, Dovecot, headless Chromium; where the messages are, is read with the
//! harness's own IMAP client.

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, all_inboxes_of, click, dated_message, signed_in, subjects_in, wait_for_server, wait_row_count,
    wait_unified_rows,
};
use serde_json::{Value, json};

/// The subjects of the ticked rows, top to bottom, and how many the status line says are ticked.
fn ticked(browser: &Browser) -> (Vec<String>, String) {
    let v = browser
        .execute(
            "const rows = [...document.querySelectorAll('[data-testid=message-row]')]
               .filter(r => r.querySelector('.select input').checked)
               .map(r => r.querySelector('.subject').textContent);
             return [rows, document.querySelector('[data-testid=ticked-count]').textContent];",
            vec![],
        )
        .expect("ticked rows");
    let rows =
        v[0].as_array().expect("rows").iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect();
    (rows, v[1].as_str().unwrap_or_default().to_owned())
}

/// The box above the list: (checked, indeterminate).
fn tick_all_box(browser: &Browser) -> (bool, bool) {
    let v = browser
        .execute("const b = document.querySelector('[data-testid=select-all]'); return [b.checked, b.indeterminate];", vec![])
        .expect("the box");
    (v[0] == true, v[1] == true)
}

/// Waits until the ticked rows are `subjects` (top to bottom).
fn wait_ticked(browser: &mut Browser, subjects: &[&str]) {
    let wanted = json!(subjects);
    browser
        .wait_until(
            &format!("ticked: {subjects:?}"),
            "return JSON.stringify([...document.querySelectorAll('[data-testid=message-row]')]
               .filter(r => r.querySelector('.select input').checked)
               .map(r => r.querySelector('.subject').textContent)) === JSON.stringify(arguments[0]);",
            vec![wanted],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}\nticked: {:?}", ticked(browser)));
}

/// The box of the row with `subject`.
fn row_box(browser: &Browser, subject: &str) -> posthorn_tests::browser::Element {
    browser
        .find_by_script(
            "for (const r of document.querySelectorAll('[data-testid=message-row]'))
               if (r.querySelector('.subject').textContent === arguments[0]) return r.querySelector('.select input');
             return null;",
            vec![json!(subject)],
        )
        .expect("a row's box")
        .unwrap_or_else(|| panic!("no row {subject:?}"))
}

/// Moves the keyboard's cursor to the row with `subject` (a click on its sender: the row opens).
fn focus_row(browser: &Browser, subject: &str) {
    let focused = browser
        .execute(
            "for (const r of document.querySelectorAll('[data-testid=message-row]'))
               if (r.querySelector('.subject').textContent === arguments[0]) { r.focus(); return document.activeElement === r; }
             return false;",
            vec![json!(subject)],
        )
        .expect("focus");
    assert_eq!(focused, Value::Bool(true), "{subject} focused");
}

#[test]
fn rows_tick_one_by_one_in_ranges_and_all_at_once() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    // Newest first in the list: F, E, D, C, B, A.
    let seeded: Vec<Vec<u8>> = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .zip(1..)
        .map(|(s, h)| dated_message("Bob <bob@example.org>", s, h))
        .collect();
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 6);
    assert_eq!(tick_all_box(&browser), (false, false));

    // A click on E's box, then Shift with a click on B's: E to B.
    browser.click(&row_box(&browser, "E")).expect("click E");
    wait_ticked(&mut browser, &["E"]);
    browser.shift_click(&row_box(&browser, "B")).expect("shift-click B");
    wait_ticked(&mut browser, &["E", "D", "C", "B"]);
    assert_eq!(ticked(&browser).1, "4 selected", "the status line's count");
    assert_eq!(tick_all_box(&browser), (false, true), "some ticked: the box is mixed");
    // Shift with a click on a ticked row clears the range from the last one clicked (B) to it.
    browser.shift_click(&row_box(&browser, "C")).expect("shift-click C");
    wait_ticked(&mut browser, &["E", "D"]);

    // The box ticks every row, and clears them all once all are ticked.
    click(&mut browser, "[data-testid=select-all]");
    wait_ticked(&mut browser, &["F", "E", "D", "C", "B", "A"]);
    assert_eq!(tick_all_box(&browser), (true, false));
    click(&mut browser, "[data-testid=select-all]");
    wait_ticked(&mut browser, &[]);
    assert_eq!(ticked(&browser).1, "", "no count with nothing ticked");

    // Ctrl+A on the list ticks all, Escape clears.
    focus_row(&browser, "F");
    browser.press_chord(keys::CONTROL, 'a').expect("ctrl+a");
    wait_ticked(&mut browser, &["F", "E", "D", "C", "B", "A"]);
    browser.press_keys(&keys::ESCAPE.to_string()).expect("escape");
    wait_ticked(&mut browser, &[]);

    // x on F, then Shift+X two rows down: F to D. Delete acts on those three.
    focus_row(&browser, "F");
    browser.press_keys("x").expect("x");
    wait_ticked(&mut browser, &["F"]);
    browser.press_keys("jj").expect("down twice");
    browser.press_chord(keys::SHIFT, 'X').expect("shift+x");
    wait_ticked(&mut browser, &["F", "E", "D"]);
    browser.press_keys("#").expect("#");
    wait_for_server(&browser, "three in Trash", || {
        let mut trash = subjects_in(&stack, &alice, "Trash")?;
        trash.sort();
        (trash == ["D", "E", "F"]).then_some(())
    });
    let mut left = subjects_in(&stack, &alice, "INBOX").expect("INBOX");
    left.sort();
    assert_eq!(left, ["A", "B", "C"]);
    wait_row_count(&mut browser, 3);
    assert_eq!(tick_all_box(&browser), (false, false), "the moved ones are no longer ticked");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn a_whole_folder_ticked_with_the_box_goes_to_archive_in_one_move() {
    const COUNT: u32 = 2_000;
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed_maildir(&alice, "INBOX", COUNT, |i| {
            (dated_message("Bob <bob@example.org>", &format!("Message {i}"), (i % 24) as u8), "S")
        })
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    browser
        .wait_until(
            "the whole folder counted",
            "return document.querySelector('[data-testid=message-list]')?.getAttribute('aria-rowcount') === arguments[0];",
            vec![json!(COUNT.to_string())],
            WAIT,
        )
        .expect("2,000 rows");
    click(&mut browser, "[data-testid=select-all]");
    browser
        .wait_until(
            "all counted as ticked",
            "return document.querySelector('[data-testid=ticked-count]').textContent === arguments[0];",
            vec![json!("2,000 selected")],
            WAIT,
        )
        .expect("2,000 ticked");
    click(&mut browser, "[data-testid=archive]");
    wait_for_server(&browser, "2,000 in Archive", || {
        (subjects_in(&stack, &alice, "Archive")?.len() == COUNT as usize).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), Vec::<String>::new());
    browser.wait_for("[data-testid=empty-state][data-empty=empty-folder]", WAIT).expect("an empty folder");
    let moves: Vec<String> = posthorn_tests::ui::log_lines(&mut browser)
        .into_iter()
        .filter(|l| l.contains(" C: ") && l.contains(" UID MOVE "))
        .collect();
    assert_eq!(moves.len(), 1, "one move for the whole folder: {moves:?}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A message of `date` with extra header lines (a Message-ID, In-Reply-To).
fn message(date: &str, subject: &str, extra: &str) -> Vec<u8> {
    format!(
        "Date: {date}\r\nFrom: Bob <bob@example.org>\r\nTo: alice@posthorn.test\r\nSubject: {subject}\r\n{extra}\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n"
    )
    .into_bytes()
}

#[test]
fn with_conversations_a_row_ticks_its_messages_and_ranges_run_over_conversations() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let seeded = [
        message("Wed, 18 Nov 2026 09:00:00 +0000", "Book club", ""),
        message("Thu, 19 Nov 2026 09:00:00 +0000", "Train tickets", ""),
        message(
            "Fri, 20 Nov 2026 09:00:00 +0000",
            "Lunch on Friday?",
            "Message-ID: <lunch.1@example.org>\r\n",
        ),
        message(
            "Fri, 20 Nov 2026 11:00:00 +0000",
            "Re: Lunch on Friday?",
            "Message-ID: <lunch.3@example.org>\r\nIn-Reply-To: <lunch.1@example.org>\r\n",
        ),
    ];
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 4);
    browser
        .execute("document.querySelector('[data-testid=conversations]').click();", vec![])
        .expect("switch");
    wait_row_count(&mut browser, 3);

    // x on the conversation's row (the first) ticks both its messages.
    browser
        .execute("document.querySelector('[data-testid=message-row][data-count=\"2\"]').focus();", vec![])
        .expect("focus");
    browser.press_keys("x").expect("x");
    browser
        .wait_until(
            "the conversation's two messages ticked",
            "return document.querySelector('[data-testid=ticked-count]').textContent === '2 selected';",
            vec![],
            WAIT,
        )
        .expect("2 ticked");
    // Shift+X on the second row: the conversation and Train tickets.
    browser.press_keys("j").expect("down");
    browser.press_chord(keys::SHIFT, 'X').expect("shift+x");
    browser
        .wait_until(
            "three messages ticked",
            "return document.querySelector('[data-testid=ticked-count]').textContent === '3 selected';",
            vec![],
            WAIT,
        )
        .expect("3 ticked");
    browser.press_keys("e").expect("e");
    wait_for_server(&browser, "the three in Archive", || {
        let mut archived = subjects_in(&stack, &alice, "Archive")?;
        archived.sort();
        (archived == ["Lunch on Friday?", "Re: Lunch on Friday?", "Train tickets"]).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Book club"]);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn in_all_inboxes_the_box_ticks_every_accounts_rows_and_each_account_files_its_own() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let from = "Carol <carol@example.org>";
    stack
        .seed(&alice, "INBOX", &[dated_message(from, "Alice 1", 10), dated_message(from, "Alice 2", 12)])
        .expect("alice");
    stack
        .seed(&bob, "INBOX", &[dated_message(from, "Bob 1", 11), dated_message(from, "Bob 2", 13)])
        .expect("bob");
    let (_bridge, mut browser) = all_inboxes_of(&stack, &alice, &bob);
    wait_unified_rows(&mut browser, 4);

    // Bob 2, Alice 2, Bob 1, Alice 1: a click on Bob 2's box, Shift and a click on Bob 1's.
    browser.click(&row_box(&browser, "Bob 2")).expect("click");
    browser.shift_click(&row_box(&browser, "Bob 1")).expect("shift-click");
    wait_ticked(&mut browser, &["Bob 2", "Alice 2", "Bob 1"]);
    assert_eq!(ticked(&browser).1, "3 selected");
    assert_eq!(tick_all_box(&browser), (false, true));
    click(&mut browser, "[data-testid=select-all]");
    wait_ticked(&mut browser, &["Bob 2", "Alice 2", "Bob 1", "Alice 1"]);
    assert_eq!(tick_all_box(&browser), (true, false));
    browser.press_keys("e").expect("e");
    for who in [&alice, &bob] {
        wait_for_server(&browser, &format!("{}'s two in its Archive", who.user), || {
            (subjects_in(&stack, who, "Archive")?.len() == 2).then_some(())
        });
        assert_eq!(subjects_in(&stack, who, "INBOX").expect("INBOX"), Vec::<String>::new());
    }
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
