//! Archive: the toolbar's Archive button and the `e` key file messages in the account's Archive
//! folder (RFC 6154 `\Archive`, which Dovecot's configuration in tests/src/mailstack gives it), in
//! a folder's list and in All inboxes (each message to its own account's Archive); in the Archive
//! folder itself they do nothing; an account without one gets one on its first archive; with a
//! conversation open they file it whole. The last move is taken back with Undo or `z`. Real app, real bridge, Dovecot, headless Chromium; where
//! each message is, is read with the harness's own IMAP client.

use posthorn_tests::browser::keys;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, bridge_for, click, dated_message, error_banner, open_row, open_with_accounts, screenshot,
    signed_in, stored_account, subjects_in, switch_account, undo_offered, unlock, wait_for_server,
    wait_row_count, wait_unified_rows,
};
use serde_json::Value;

fn message(n: u32, subject: &str) -> String {
    format!(
        "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: {subject}\r\n\
         Date: Mon, {n} Nov 2026 09:00:00 +0000\r\nMessage-ID: <archive-{n}@example.org>\r\n\r\nMessage {n}.\r\n"
    )
}

/// What the mail view's live region said last (announce.rs).
const ANNOUNCED: &str = "document.querySelector('[data-testid=announcer]').textContent";

#[test]
fn the_archive_button_and_e_file_messages_in_archive() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let seeded: Vec<String> = [(1, "Lunch on Friday"), (2, "Quarterly figures"), (3, "Train tickets")]
        .map(|(n, s)| message(n, s))
        .into();
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);

    // The open message, by the toolbar's button.
    open_row(&mut browser, "Quarterly figures");
    click(&mut browser, "[data-testid=archive]");
    wait_for_server(&browser, "\"Quarterly figures\" in Archive", || {
        (subjects_in(&stack, &alice, "Archive")? == ["Quarterly figures"]).then_some(())
    });
    wait_row_count(&mut browser, 2);

    // The focused row, by `e` (the list has focus: j moves it to the first row).
    browser.press_keys("j").expect("j");
    browser
        .wait_until(
            "the first row focused",
            "return document.activeElement.getAttribute('aria-rowindex') === '1'",
            vec![],
            WAIT,
        )
        .expect("focus on the first row");
    browser.press_keys("x").expect("x");
    browser.press_keys("e").expect("e");
    let archived = wait_for_server(&browser, "\"Train tickets\" in Archive too", || {
        let archived = subjects_in(&stack, &alice, "Archive")?;
        (archived.len() == 2).then_some(archived)
    });
    assert_eq!(archived, ["Quarterly figures", "Train tickets"]);
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Lunch on Friday"]);
    wait_row_count(&mut browser, 1);

    // The last move can be taken back: the status line says what moved where, and Undo moves it
    // back from Archive by the UID Dovecot gave it there (COPYUID, RFC 4315); its row returns.
    let offered = undo_offered(&mut browser, "");
    assert_eq!(offered, "1 message moved to Archive. Undo");
    screenshot(&browser, "archive-undo");
    click(&mut browser, "[data-testid=undo-button]");
    wait_for_server(&browser, "\"Train tickets\" back in INBOX", || {
        (subjects_in(&stack, &alice, "INBOX")? == ["Lunch on Friday", "Train tickets"]).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "Archive").expect("Archive"), ["Quarterly figures"]);
    wait_row_count(&mut browser, 2);
    // The message came back by the person's own hand: it is not announced as new mail.
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let said = browser.execute(&format!("return {ANNOUNCED};"), vec![]).expect("the live region");
    assert!(!said.as_str().unwrap_or_default().contains("new"), "announced as new mail: {said}");
    browser
        .wait_until("the offer gone", "return !document.querySelector('[data-testid=undo]');", vec![], WAIT)
        .expect("no undo");
    // Archived again with `e`, and taken back with `z`.
    open_row(&mut browser, "Train tickets");
    browser.press_keys("e").expect("e");
    wait_for_server(&browser, "\"Train tickets\" in Archive again", || {
        (subjects_in(&stack, &alice, "Archive")?.len() == 2).then_some(())
    });
    browser.wait_for("[data-testid=undo]", WAIT).expect("undo offered again");
    browser.press_keys("z").expect("z");
    wait_for_server(&browser, "and back by z", || {
        (subjects_in(&stack, &alice, "INBOX")? == ["Lunch on Friday", "Train tickets"]).then_some(())
    });
    wait_row_count(&mut browser, 2);
    // And once more with Ctrl+Z, as in Thunderbird.
    open_row(&mut browser, "Train tickets");
    browser.press_keys("e").expect("e");
    wait_for_server(&browser, "\"Train tickets\" in Archive a third time", || {
        (subjects_in(&stack, &alice, "Archive")?.len() == 2).then_some(())
    });
    browser.wait_for("[data-testid=undo]", WAIT).expect("undo offered a third time");
    browser.press_chord(keys::CONTROL, 'z').expect("ctrl+z");
    wait_for_server(&browser, "and back by Ctrl+Z", || {
        (subjects_in(&stack, &alice, "INBOX")? == ["Lunch on Friday", "Train tickets"]).then_some(())
    });
    wait_row_count(&mut browser, 2);
    // Archived once more, to look at Archive below.
    open_row(&mut browser, "Train tickets");
    browser.press_keys("e").expect("e");
    wait_for_server(&browser, "\"Train tickets\" in Archive for good", || {
        (subjects_in(&stack, &alice, "Archive")?.len() == 2).then_some(())
    });
    wait_row_count(&mut browser, 1);

    // In Archive itself the button is off, and `e` leaves the message where it is.
    click(&mut browser, ".folder[data-folder=\"Archive\"]");
    wait_row_count(&mut browser, 2);
    open_row(&mut browser, "Train tickets");
    let off =
        browser.execute("return document.querySelector('[data-testid=archive]').disabled", vec![]).unwrap();
    assert_eq!(off, Value::Bool(true), "Archive is off in the Archive folder");
    browser.press_keys("e").expect("e");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(subjects_in(&stack, &alice, "Archive").expect("Archive").len(), 2, "still both in Archive");
    assert_eq!(error_banner(&browser), Value::Null, "and nothing to say about it");
    // `v` goes to the toolbar's Move to…, to file it elsewhere with the arrow keys.
    browser.press_keys("v").expect("v");
    browser
        .wait_until(
            "Move to… focused",
            "return document.activeElement.dataset.testid === 'move-target';",
            vec![],
            WAIT,
        )
        .expect("v focuses Move to…");
    // On a phone the toolbar is folded behind Actions: `v` unfolds it first.
    posthorn_tests::phone::emulate(&browser);
    browser
        .execute(
            "document.activeElement.blur(); document.querySelector('[data-testid=back]')?.click();",
            vec![],
        )
        .expect("blur");
    browser.press_keys("v").expect("v");
    browser
        .wait_until(
            "the toolbar unfolded, Move to… focused",
            "return document.querySelector('[data-testid=actions-toggle]').getAttribute('aria-expanded') === 'true' \
               && document.activeElement.dataset.testid === 'move-target' && document.activeElement.offsetParent !== null;",
            vec![],
            WAIT,
        )
        .expect("v on a phone");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn in_all_inboxes_each_message_goes_to_its_own_accounts_archive() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    // The same UIDs (1 and 2) in both inboxes: an archive sent to the wrong account would move a
    // real message there.
    let from = "Carol <carol@example.org>";
    stack
        .seed(
            &alice,
            "INBOX",
            &[dated_message(from, "Alice keeps", 10), dated_message(from, "Alice files", 12)],
        )
        .expect("seed alice");
    stack
        .seed(&bob, "INBOX", &[dated_message(from, "Bob files", 11), dated_message(from, "Bob keeps", 13)])
        .expect("seed bob");
    let bridge = bridge_for(&stack, &[]);
    let p = stack.ports();
    let accounts = serde_json::json!([
        stored_account(&stack, &alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls")),
        stored_account(&stack, &bob, "Bob", "Imap", p.imaps, (p.submission, "Starttls")),
    ]);
    let mut browser = open_with_accounts(&bridge, accounts);
    unlock(&mut browser, &alice.password);
    browser.wait_for("[data-testid=all-inboxes]", WAIT).expect("the All inboxes entry");
    switch_account(&browser, &bob.address);
    unlock(&mut browser, &bob.password);
    wait_row_count(&mut browser, 2);
    click(&mut browser, "[data-testid=all-inboxes]");
    wait_unified_rows(&mut browser, 4);

    // Alice's UID 2 by the toolbar's button, bob's UID 1 by `e`.
    open_row(&mut browser, "Alice files");
    click(&mut browser, "[data-testid=all-inboxes-view] [data-testid=archive]");
    wait_for_server(&browser, "\"Alice files\" in alice's Archive", || {
        (subjects_in(&stack, &alice, "Archive")? == ["Alice files"]).then_some(())
    });
    wait_unified_rows(&mut browser, 3);
    open_row(&mut browser, "Bob files");
    browser.press_keys("e").expect("e");
    wait_for_server(&browser, "\"Bob files\" in bob's Archive", || {
        (subjects_in(&stack, &bob, "Archive")? == ["Bob files"]).then_some(())
    });
    wait_unified_rows(&mut browser, 2);
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("alice"), ["Alice keeps"]);
    assert_eq!(subjects_in(&stack, &bob, "INBOX").expect("bob"), ["Bob keeps"]);
    assert_eq!(subjects_in(&stack, &alice, "Archive").expect("alice's Archive"), ["Alice files"]);

    // The status line offers to take back the latest move of either account, bob's, and names
    // its account as the list does; Undo (and then z) takes back that one only.
    let offered = undo_offered(&mut browser, "[data-testid=all-inboxes-view]");
    assert_eq!(offered, "Bob: 1 message moved to Archive. Undo");
    click(&mut browser, "[data-testid=all-inboxes-view] [data-testid=undo-button]");
    wait_for_server(&browser, "\"Bob files\" back in bob's INBOX", || {
        (subjects_in(&stack, &bob, "INBOX")?.len() == 2).then_some(())
    });
    wait_unified_rows(&mut browser, 3);
    assert_eq!(
        subjects_in(&stack, &alice, "Archive").expect("alice's Archive"),
        ["Alice files"],
        "alice's stays"
    );
    // Alice's move is older and other: z has nothing to take back now.
    browser.press_keys("z").expect("z");
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_eq!(
        subjects_in(&stack, &alice, "Archive").expect("alice's Archive"),
        ["Alice files"],
        "z left it"
    );
    wait_unified_rows(&mut browser, 3);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn without_an_archive_folder_the_first_archive_makes_one() {
    let stack = MailStack::start_without_folders(&["Archive"]).expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[message(1, "Lunch on Friday"), message(2, "Train tickets")]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);
    let listed = |stack: &MailStack| -> Vec<String> {
        stack.mailboxes(&alice).expect("LIST").iter().map(|m| m.name.clone()).collect()
    };
    assert!(!listed(&stack).iter().any(|m| m == "Archive"), "no Archive to begin with: {:?}", listed(&stack));
    open_row(&mut browser, "Lunch on Friday");
    click(&mut browser, "[data-testid=archive]");
    wait_for_server(&browser, "an Archive folder made, the message in it", || {
        (subjects_in(&stack, &alice, "Archive")? == ["Lunch on Friday"]).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Train tickets"]);
    // The folder list shows it, as the Archive (its icon, among the special folders), and `e`
    // now files there without making another.
    browser.wait_for(".folder[data-folder=\"Archive\"]", WAIT).expect("Archive in the folder list");
    open_row(&mut browser, "Train tickets");
    browser.press_keys("e").expect("e");
    wait_for_server(&browser, "the second message in the same Archive", || {
        (subjects_in(&stack, &alice, "Archive")?.len() == 2).then_some(())
    });
    assert_eq!(listed(&stack).iter().filter(|m| m.contains("Archive")).count(), 1, "{:?}", listed(&stack));
    assert_eq!(error_banner(&browser), Value::Null, "nothing went wrong");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn with_a_conversation_open_archive_files_it_whole() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    // Bob's question and his answer to Alice's reply in INBOX, the reply in Sent (RFC 5256
    // REFERENCES threading puts the three together), and a message of its own.
    let header = |n: u32, from: &str, subject: &str, refs: &str| {
        format!(
            "From: {from}\r\nTo: someone@example.org\r\nSubject: {subject}\r\n\
             Date: Mon, {n} Nov 2026 09:00:00 +0000\r\nMessage-ID: <talk-{n}@example.org>\r\n{refs}\r\n\
             Message {n}.\r\n"
        )
    };
    let bob = "Bob <bob@example.org>";
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                header(10, bob, "Lunch on Friday?", ""),
                header(
                    12,
                    bob,
                    "Re: Lunch on Friday?",
                    "References: <talk-10@example.org> <talk-11@example.org>\r\n",
                ),
                header(13, "Carol <carol@example.org>", "Quarterly figures", ""),
            ],
        )
        .expect("seed INBOX");
    let alices = "Alice <alice@example.org>";
    let reply = header(11, alices, "Re: Lunch on Friday?", "In-Reply-To: <talk-10@example.org>\r\n");
    stack.seed(&alice, "Sent", &[reply]).expect("seed Sent");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);
    browser
        .execute("document.querySelector('[data-testid=conversations]').click();", vec![])
        .expect("switch");
    browser
        .wait_until(
            "the conversation open whole",
            "const r = document.querySelector('[data-testid=message-row][data-count=\"3\"]'); \
             if (r && !document.querySelector('[data-testid=conversation]')) r.click(); \
             return document.querySelectorAll('[data-testid=conversation-message]').length === 3;",
            vec![],
            WAIT,
        )
        .expect("the conversation of three");

    // `e` files both of Bob's messages, not only the open one; Alice's reply stays in Sent.
    browser.press_keys("e").expect("e");
    let archived = wait_for_server(&browser, "the conversation in Archive", || {
        let archived = subjects_in(&stack, &alice, "Archive")?;
        (archived.len() == 2).then_some(archived)
    });
    assert_eq!(archived, ["Lunch on Friday?", "Re: Lunch on Friday?"]);
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Quarterly figures"]);
    assert_eq!(subjects_in(&stack, &alice, "Sent").expect("Sent"), ["Re: Lunch on Friday?"]);
    wait_row_count(&mut browser, 1);
    let offered = undo_offered(&mut browser, "");
    assert_eq!(offered, "2 messages moved to Archive. Undo");
    // Taken back, both return; the toolbar's button files the conversation the same way.
    browser.press_keys("z").expect("z");
    wait_for_server(&browser, "both back in INBOX", || {
        (subjects_in(&stack, &alice, "INBOX")?.len() == 3).then_some(())
    });
    browser
        .wait_until(
            "the conversation open again",
            "const r = document.querySelector('[data-testid=message-row][data-count=\"3\"]'); \
             if (r && !document.querySelector('[data-testid=conversation]')) r.click(); \
             return document.querySelectorAll('[data-testid=conversation-message]').length === 3;",
            vec![],
            WAIT,
        )
        .expect("the conversation of three again");
    click(&mut browser, "[data-testid=archive]");
    wait_for_server(&browser, "the conversation in Archive by the button", || {
        (subjects_in(&stack, &alice, "Archive")?.len() == 2).then_some(())
    });
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Quarterly figures"]);
    assert_eq!(error_banner(&browser), Value::Null, "nothing went wrong");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
