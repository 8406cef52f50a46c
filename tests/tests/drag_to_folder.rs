//! Dragging messages, or a conversation, from the list onto a folder of the folder pane moves
//! them there, and copies them with Ctrl held, as the toolbar's Copy does
//! (frontend/src/mail_view/drag.rs): the real app in headless Chromium, the real
//! bridge, real Dovecot; where each message is, is read with the harness's own IMAP client.
//! WebDriver's pointer actions do not start HTML drag and drop in Chromium, so the test sends
//! the events a mouse drag makes (dragstart on the row, dragover and drop on the folder,
//! dragend) with one DataTransfer, to the app's own handlers; the DataTransfer keeps the
//! picture the app gives a drag of several rows.

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, choose_move_target, open_row, signed_in, subjects_in, wait_for_server, wait_row_count,
};
use serde_json::{Value, json};

fn message(n: u32, subject: &str) -> String {
    format!(
        "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: {subject}\r\n\
         Date: Mon, {n} Nov 2026 09:00:00 +0000\r\nMessage-ID: <drag-{n}@example.org>\r\n\r\nMessage {n}.\r\n"
    )
}

/// Drags the row with `subject` onto the folder `folder` (its wire name), with `forged` drag
/// data in place of what the row put in where given. Returns whether the row was draggable,
/// whether the folder took the drag over it (cancelled its dragover), and whether it then
/// showed itself as the drop's target.
fn drag(browser: &mut Browser, subject: &str, folder: &str, forged: Option<&str>) -> (bool, bool, bool) {
    drag_holding(browser, subject, folder, forged, false)
}

/// [`drag`], with Ctrl held from the dragover on (`ctrl`).
fn drag_holding(
    browser: &mut Browser,
    subject: &str,
    folder: &str,
    forged: Option<&str>,
    ctrl: bool,
) -> (bool, bool, bool) {
    let over = browser
        .execute(
            "const [subject, folder, forged, ctrlKey] = arguments; \
             const row = [...document.querySelectorAll('[data-testid=message-row]')] \
               .find(r => r.querySelector('.subject').textContent.trim() === subject); \
             const target = document.querySelector(`.folder[data-folder=\"${folder}\"]`); \
             const dt = new DataTransfer(); \
             window.dragPicture = null; dt.setDragImage = el => { window.dragPicture = el.textContent; }; \
             row.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt })); \
             if (forged) { dt.setData('application/x-posthorn-messages', forged); } \
             window.dragging = { row, target, dt, ctrlKey }; \
             const taken = !target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt, ctrlKey })); \
             return [row.getAttribute('draggable') === 'true', taken];",
            vec![json!(subject), json!(folder), json!(forged), json!(ctrl)],
        )
        .expect("drag over");
    let (draggable, taken) = (over[0] == json!(true), over[1] == json!(true));
    let shown = taken
        && browser
            .wait_until(
                "the folder shown as the drop's target",
                "return window.dragging.target.classList.contains('drop-target');",
                vec![],
                WAIT,
            )
            .is_ok();
    let after = browser
        .execute(
            "const { row, target, dt, ctrlKey } = window.dragging; \
             target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt, ctrlKey })); \
             row.dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer: dt }));",
            vec![],
        );
    after.expect("drop");
    (draggable, taken, shown)
}

#[test]
fn a_message_dragged_onto_a_folder_moves_there() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let seeded: Vec<String> =
        [(1, "Lunch on Friday"), (2, "Quarterly figures"), (3, "Train tickets"), (4, "Book club")]
            .map(|(n, s)| message(n, s))
            .into();
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 4);

    // One row onto Junk: the row is draggable, and the folder takes the drag and shows it.
    assert_eq!(
        drag(&mut browser, "Train tickets", "Junk", None),
        (true, true, true),
        "draggable, taken, shown"
    );
    let picture = browser.execute("return window.dragPicture", vec![]).expect("picture");
    assert_eq!(picture, Value::Null, "one row: the browser's own picture of it");
    wait_for_server(&browser, "\"Train tickets\" in Junk", || {
        (subjects_in(&stack, &alice, "Junk")? == ["Train tickets"]).then_some(())
    });
    wait_row_count(&mut browser, 3);
    browser.wait_for("[data-testid=undo]", WAIT).expect("the move offered to be taken back");

    browser
        .wait_until("the highlight gone", "return !document.querySelector('.drop-target');", vec![], WAIT)
        .expect("no folder shown as a target after the drop");

    // A ticked row carries every ticked one with it; an unticked row goes alone.
    for subject in ["Lunch on Friday", "Book club"] {
        browser
            .execute(
                "const row = [...document.querySelectorAll('[data-testid=message-row]')] \
                   .find(r => r.querySelector('.subject').textContent.trim() === arguments[0]); \
                 row.querySelector('input[type=checkbox]').click();",
                vec![json!(subject)],
            )
            .expect("tick");
    }
    browser
        .wait_until(
            "two rows ticked",
            "return document.querySelectorAll('[data-testid=message-row][aria-selected=true]').length === 2;",
            vec![],
            WAIT,
        )
        .expect("ticked");
    drag(&mut browser, "Book club", "Archive", None);
    let picture = browser.execute("return window.dragPicture", vec![]).expect("picture");
    assert_eq!(picture, "2 messages", "the drag's picture says how many go");
    let archived = wait_for_server(&browser, "both ticked messages in Archive", || {
        let archived = subjects_in(&stack, &alice, "Archive")?;
        (archived.len() == 2).then_some(archived)
    });
    assert_eq!(archived, ["Book club", "Lunch on Friday"]);
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Quarterly figures"]);
    wait_row_count(&mut browser, 1);

    // The open folder does not take the drag; nor does a folder take what another account's
    // list or another folder's (another tab) put in, though the UID is one of this folder's.
    let (_, taken, _) = drag(&mut browser, "Quarterly figures", "INBOX", None);
    assert!(!taken, "INBOX takes no drag of its own rows");
    let other_account = "mallory@example.org\nINBOX\n2";
    let other_folder = format!("{}\nSent\n2", alice.address);
    for forged in [other_account, &other_folder] {
        let (_, taken, _) = drag(&mut browser, "Quarterly figures", "Junk", Some(forged));
        assert!(taken, "Junk takes a drag of messages");
    }
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Quarterly figures"], "nothing moved");
    assert_eq!(subjects_in(&stack, &alice, "Junk").expect("Junk"), ["Train tickets"]);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn a_conversation_dragged_onto_a_folder_moves_whole() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let answer = message(2, "Re: Lunch on Friday").replace(
        "Message-ID: <drag-2@example.org>\r\n",
        "Message-ID: <drag-2@example.org>\r\nIn-Reply-To: <drag-1@example.org>\r\n",
    );
    stack
        .seed(&alice, "INBOX", &[message(1, "Lunch on Friday"), answer, message(3, "Train tickets")])
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);
    browser
        .execute("document.querySelector('[data-testid=conversations]').click();", vec![])
        .expect("switch");
    browser
        .wait_until(
            "the conversation of two",
            "return [...document.querySelectorAll('[data-testid=message-row]')] \
               .some(r => r.getAttribute('data-count') === '2');",
            vec![],
            WAIT,
        )
        .expect("conversations");
    // The conversation's row shows its first subject.
    assert_eq!(drag(&mut browser, "Lunch on Friday", "Archive", None), (true, true, true));
    let archived = wait_for_server(&browser, "the conversation in Archive", || {
        let archived = subjects_in(&stack, &alice, "Archive")?;
        (archived.len() == 2).then_some(archived)
    });
    assert_eq!(archived, ["Lunch on Friday", "Re: Lunch on Friday"]);
    assert_eq!(subjects_in(&stack, &alice, "INBOX").expect("INBOX"), ["Train tickets"]);
    wait_row_count(&mut browser, 1);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// Move with Ctrl held (clicked, or Ctrl+Enter on it), and a drag with Ctrl held, put a copy in
/// the folder (UID COPY) and leave the message where it is.
#[test]
fn messages_are_copied_by_a_ctrl_click_on_move_and_a_ctrl_drag() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let seeded: Vec<String> =
        [(1, "Lunch on Friday"), (2, "Train tickets"), (3, "Book club")].map(|(n, s)| message(n, s)).into();
    stack.seed(&alice, "INBOX", &seeded).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 3);

    open_row(&mut browser, "Lunch on Friday");
    choose_move_target(&mut browser, "Archive");
    let copy_shown = browser
        .execute("return document.querySelector('[data-testid=copy]').getClientRects().length > 0", vec![])
        .expect("Copy?");
    assert_eq!(copy_shown, json!(false), "with a mouse, Copy is Move with Ctrl: no button of its own");
    let move_button = browser.wait_for("[data-testid=move]", WAIT).expect("Move");
    browser.click_holding(&move_button, keys::CONTROL).expect("Ctrl+click on Move");
    wait_for_server(&browser, "a copy in Archive", || {
        (subjects_in(&stack, &alice, "Archive")? == ["Lunch on Friday"]).then_some(())
    });
    // From the keyboard: Ctrl+Enter on Move.
    open_row(&mut browser, "Book club");
    browser.execute("document.querySelector('[data-testid=move]').focus()", vec![]).expect("focus Move");
    browser.press_chord(keys::CONTROL, keys::ENTER).expect("Ctrl+Enter");
    wait_for_server(&browser, "a second copy in Archive", || {
        (subjects_in(&stack, &alice, "Archive")? == ["Book club", "Lunch on Friday"]).then_some(())
    });

    assert_eq!(drag_holding(&mut browser, "Train tickets", "Junk", None, true), (true, true, true));
    wait_for_server(&browser, "a copy in Junk", || {
        (subjects_in(&stack, &alice, "Junk")? == ["Train tickets"]).then_some(())
    });
    // Everything is still in INBOX, on the server and in the list.
    assert_eq!(
        subjects_in(&stack, &alice, "INBOX").expect("INBOX"),
        ["Book club", "Lunch on Friday", "Train tickets"]
    );
    wait_row_count(&mut browser, 3);
    assert!(browser.find("[data-testid=undo]").expect("find").is_none(), "a copy offers no undo of a move");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
