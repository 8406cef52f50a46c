//! Making, renaming and deleting folders in the real app (headless Chromium, the real bridge,
//! Dovecot): every change is checked with the harness's own IMAP client (LIST, FETCH), never
//! through the app. Non-ASCII names travel in modified UTF-7 (RFC 3501 section 5.1.3); a renamed
//! folder keeps its messages and subfolders (section 6.3.5); deleting moves a folder into Trash,
//! and only a folder in Trash is deleted for good; the inbox and the special-use folders cannot
//! be renamed or deleted; a name with the hierarchy delimiter is refused in plain words. Marking
//! a folder read (its button, or Shift+C) stores `\Seen` on all its messages and no others. A
//! folder moved into Trash or deleted leaves no rows under its old name in the local store.
//! *Empty Trash* and *Empty Junk* ask first, then delete every message there for good, and
//! nothing elsewhere. A folder moves into another (or to the top) by *Rename or move* or by a drag
//! onto it, with its subfolders and messages, never into itself.

use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, click, error_banner, folder_form, folder_form_closed, screenshot, signed_in, wait_for_server,
    wait_row_count,
};
use serde_json::json;

/// The mailbox names Dovecot lists for `account`.
fn listed(stack: &MailStack, account: &Account) -> Vec<String> {
    stack.mailboxes(account).expect("LIST").into_iter().map(|m| m.name).collect()
}

/// Waits until the folder pane has a folder with this wire name, and clicks it.
fn open_folder(browser: &mut Browser, wire: &str) {
    browser
        .wait_until(
            &format!("folder {wire:?} to be listed and opened"),
            "const f = document.querySelector(`.folder[data-folder=\"${arguments[0]}\"]`); \
             if (!f) return false; f.click(); return f.classList.contains('active');",
            vec![json!(wire)],
            WAIT,
        )
        .expect("the folder opens");
}

/// The folders (wire names) with message rows in the app's local store (IndexedDB `posthorn`,
/// store `headers`, keyed by account, folder, UIDVALIDITY and UID: frontend/src/store.rs).
fn cached_folders(browser: &Browser) -> Vec<String> {
    let names = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const open = indexedDB.open('posthorn'); \
             open.onerror = () => done(['error: ' + open.error]); \
             open.onsuccess = () => { \
               const keys = open.result.transaction('headers').objectStore('headers').getAllKeys(); \
               keys.onsuccess = () => { open.result.close(); done([...new Set(keys.result.map(k => k[1]))]); }; \
               keys.onerror = () => done(['error: ' + keys.error]); \
             };",
            vec![],
        )
        .expect("read IndexedDB");
    serde_json::from_value(names).expect("a list of names")
}

/// Waits until the local store holds rows for `wire` (`cached`) or none (`!cached`).
fn wait_cached(browser: &Browser, wire: &str, cached: bool) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let names = cached_folders(browser);
        if names.iter().any(|n| n == wire) == cached {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{wire} cached should be {cached}: {names:?}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Presses *Delete folder*; the question the form asks.
fn ask_delete(browser: &mut Browser) -> String {
    click(browser, "[data-testid=delete-folder]");
    let question = browser.wait_for("[data-testid=folder-question]", WAIT).expect("the question");
    browser.text(&question).expect("its text")
}

fn disabled(browser: &Browser, testid: &str) -> bool {
    browser
        .execute(
            "return document.querySelector(`[data-testid=${arguments[0]}]`).disabled;",
            vec![json!(testid)],
        )
        .expect("read the button")
        .as_bool()
        .expect("a boolean")
}

#[test]
fn folders_are_made_renamed_moved_to_trash_and_deleted() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_folder(&mut browser, "INBOX");

    // The inbox and the special folders keep their names.
    assert!(disabled(&browser, "rename-folder") && disabled(&browser, "delete-folder"), "INBOX");
    open_folder(&mut browser, "Sent");
    assert!(disabled(&browser, "rename-folder") && disabled(&browser, "delete-folder"), "Sent");
    let found = violations(&browser, &axe_source());
    assert!(found.is_empty(), "accessibility of the folder actions:\n{}", found.join("\n"));

    // A name holding the delimiter is refused in words, and nothing is made.
    let before = listed(&stack, &alice);
    folder_form(&mut browser, "new-folder", Some("a/b"), Some(""));
    let problem = browser
        .wait_for("[data-testid=folder-problem]", WAIT)
        .and_then(|p| browser.text(&p))
        .expect("the refusal");
    assert!(problem.contains("“/”"), "{problem}");
    screenshot(&browser, "folder-refused");
    assert_eq!(listed(&stack, &alice), before);
    click(&mut browser, "[data-testid=folder-form] button[type=button]");

    // A new folder at the top, then one inside it.
    folder_form(&mut browser, "new-folder", Some("Reisen – Köln"), Some(""));
    folder_form_closed(&mut browser, "the new folder made").unwrap();
    let reisen = "Reisen &IBM- K&APY-ln";
    assert!(listed(&stack, &alice).iter().any(|n| n == reisen), "{:?}", listed(&stack, &alice));
    folder_form(&mut browser, "new-folder", Some("2027"), Some(reisen));
    folder_form_closed(&mut browser, "the subfolder made").unwrap();
    let inner = format!("{reisen}/2027");
    assert!(listed(&stack, &alice).contains(&inner), "{:?}", listed(&stack, &alice));
    stack
        .seed(&alice, &inner, &["From: a@example.org\r\nSubject: Ticket\r\n\r\nSeat 41.\r\n"])
        .expect("seed the subfolder");

    // Renamed while open: it stays open under its new name, its subfolder and message with it.
    open_folder(&mut browser, reisen);
    folder_form(&mut browser, "rename-folder", Some("Reisen"), None);
    folder_form_closed(&mut browser, "the rename done").unwrap();
    let names = listed(&stack, &alice);
    assert!(names.iter().any(|n| n == "Reisen") && !names.iter().any(|n| n == reisen), "{names:?}");
    assert_eq!(stack.fetch_all(&alice, "Reisen/2027").expect("FETCH").len(), 1, "the message moved along");
    open_folder(&mut browser, "Reisen");

    // Deleting moves it, with what is inside, into Trash; nothing is lost.
    open_folder(&mut browser, "Reisen/2027");
    wait_cached(&browser, "Reisen/2027", true);
    let question = ask_delete(&mut browser);
    assert!(question.contains("Trash"), "{question}");
    screenshot(&browser, "folder-to-trash");
    click(&mut browser, "[data-testid=folder-confirm]");
    folder_form_closed(&mut browser, "the folder moved to Trash").unwrap();
    let names = listed(&stack, &alice);
    assert!(
        names.iter().any(|n| n == "Trash/2027") && !names.iter().any(|n| n == "Reisen/2027"),
        "{names:?}"
    );
    assert_eq!(stack.fetch_all(&alice, "Trash/2027").expect("FETCH").len(), 1, "kept in Trash");
    // Its rows cached under the old name are dropped from the local store.
    wait_cached(&browser, "Reisen/2027", false);
    // The view left the deleted folder for the inbox.
    open_folder(&mut browser, "INBOX");

    // In Trash, deleting is for good, and the question says so.
    open_folder(&mut browser, "Trash/2027");
    wait_cached(&browser, "Trash/2027", true);
    let question = ask_delete(&mut browser);
    assert!(question.contains("for good"), "{question}");
    click(&mut browser, "[data-testid=folder-confirm]");
    folder_form_closed(&mut browser, "the folder deleted").unwrap();
    wait_for_server(&browser, "Trash/2027 gone", || {
        (!listed(&stack, &alice).iter().any(|n| n == "Trash/2027")).then_some(())
    });
    wait_cached(&browser, "Trash/2027", false);
}

/// Messages of `mailbox` without `\Seen`, read with the harness's own IMAP client.
fn unseen(stack: &MailStack, account: &Account, mailbox: &str) -> usize {
    let messages = stack.fetch_all(account, mailbox).expect("FETCH");
    messages.iter().filter(|m| !m.flags.iter().any(|f| f == "\\Seen")).count()
}

fn unread_message(n: u32) -> String {
    format!(
        "From: list@example.org\r\nSubject: Digest {n}\r\nMessage-ID: <digest-{n}@example.org>\r\n\r\nNews.\r\n"
    )
}

#[test]
fn a_folder_is_marked_read_by_its_button_or_shift_c() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &(1..=3).map(unread_message).collect::<Vec<_>>()).expect("seed INBOX");
    stack.create_mailbox(&alice, "Lists").expect("CREATE");
    stack.seed(&alice, "Lists", &(4..=5).map(unread_message).collect::<Vec<_>>()).expect("seed Lists");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_folder(&mut browser, "INBOX");
    wait_row_count(&mut browser, 3);
    assert_eq!(unseen(&stack, &alice, "INBOX"), 3);

    // Shift+C, as in Thunderbird, with the focus on the list.
    browser.execute("document.activeElement?.blur();", vec![]).expect("blur");
    browser.press_keys("C").expect("Shift+C");
    wait_for_server(&browser, "INBOX read", || (unseen(&stack, &alice, "INBOX") == 0).then_some(()));

    // The button, on another folder; the other folder's messages were left alone until then.
    open_folder(&mut browser, "Lists");
    assert_eq!(unseen(&stack, &alice, "Lists"), 2, "Shift+C read only the open folder");
    browser
        .wait_until(
            "the button, once the folder's unread count is known",
            "return !document.querySelector('[data-testid=mark-all-read]').disabled;",
            vec![],
            WAIT,
        )
        .expect("enabled");
    click(&mut browser, "[data-testid=mark-all-read]");
    wait_for_server(&browser, "Lists read", || (unseen(&stack, &alice, "Lists") == 0).then_some(()));
    browser
        .wait_until(
            "nothing left to mark",
            "return document.querySelector('[data-testid=mark-all-read]').disabled;",
            vec![],
            WAIT,
        )
        .expect("disabled once all are read");
}

/// *Empty Trash* and *Empty Junk*: offered in those folders only, asked first with the count,
/// then every message there is deleted for good (expunged, not moved), and the folders inside
/// Trash with their messages, the rest left alone.
#[test]
fn trash_and_junk_are_emptied_after_asking() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[unread_message(1)]).expect("seed INBOX");
    stack.seed(&alice, "Trash", &(2..=4).map(unread_message).collect::<Vec<_>>()).expect("seed Trash");
    // A folder deleted earlier, with one inside it (Dovecot deletes no folder with folders inside).
    stack.create_mailbox(&alice, "Trash/Old").expect("CREATE");
    stack.create_mailbox(&alice, "Trash/Old/2025").expect("CREATE");
    stack.seed(&alice, "Trash/Old/2025", &[unread_message(7)]).expect("seed Trash/Old/2025");
    stack.seed(&alice, "Junk", &(5..=6).map(unread_message).collect::<Vec<_>>()).expect("seed Junk");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    assert!(browser.find("[data-testid=empty-folder]").expect("find").is_none(), "not in INBOX");

    open_folder(&mut browser, "Trash");
    wait_row_count(&mut browser, 3);
    click(&mut browser, "[data-testid=empty-folder]");
    let question = browser.wait_for("[data-testid=folder-question]", WAIT).expect("the question");
    let asked = browser.text(&question).expect("text");
    assert!(asked.contains("3 messages and the 2 folders in Trash") && asked.contains("for good"), "{asked}");
    // Cancel first: nothing happens.
    click(&mut browser, "[data-testid=folder-form] button[type=button]");
    folder_form_closed(&mut browser, "the form closed").expect("cancelled");
    assert_eq!(stack.fetch_all(&alice, "Trash").expect("FETCH").len(), 3, "cancelled");
    screenshot(&browser, "empty-trash");
    click(&mut browser, "[data-testid=empty-folder]");
    click(&mut browser, "[data-testid=folder-confirm]");
    wait_for_server(&browser, "Trash empty, the folders inside it gone", || {
        let inside = listed(&stack, &alice).iter().any(|n| n.starts_with("Trash/"));
        (stack.fetch_all(&alice, "Trash").ok()?.is_empty() && !inside).then_some(())
    });
    wait_row_count(&mut browser, 0);
    browser
        .wait_until(
            "Trash/Old gone from the folder pane",
            "return !document.querySelector('.folder[data-folder=\"Trash/Old\"]');",
            vec![],
            WAIT,
        )
        .expect("the pane listed again");
    assert!(disabled(&browser, "empty-folder"), "nothing left to empty");

    open_folder(&mut browser, "Junk");
    wait_row_count(&mut browser, 2);
    let button = browser.wait_for("[data-testid=empty-folder]", WAIT).expect("button");
    let label = browser.text(&button).expect("text");
    assert_eq!(label, "Empty Junk");
    click(&mut browser, "[data-testid=empty-folder]");
    click(&mut browser, "[data-testid=folder-confirm]");
    wait_for_server(&browser, "Junk empty", || {
        stack.fetch_all(&alice, "Junk").ok()?.is_empty().then_some(())
    });
    // For good: not moved into Trash; INBOX untouched.
    assert!(stack.fetch_all(&alice, "Trash").expect("FETCH").is_empty(), "Junk's messages are not in Trash");
    assert_eq!(stack.fetch_all(&alice, "INBOX").expect("FETCH").len(), 1);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A folder in Trash with folders inside is deleted for good with them, the deepest first.
#[test]
fn a_folder_with_folders_inside_is_deleted_for_good() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    for folder in ["Trash/Trips", "Trash/Trips/2025", "Trash/Trips/2025/Rome"] {
        stack.create_mailbox(&alice, folder).expect("CREATE");
    }
    stack.seed(&alice, "Trash/Trips/2025/Rome", &[unread_message(1)]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_folder(&mut browser, "Trash/Trips");
    let question = ask_delete(&mut browser);
    assert!(question.contains("for good"), "{question}");
    click(&mut browser, "[data-testid=folder-confirm]");
    folder_form_closed(&mut browser, "the folder deleted").unwrap();
    wait_for_server(&browser, "Trash/Trips and what is inside gone", || {
        (!listed(&stack, &alice).iter().any(|n| n.starts_with("Trash/Trips"))).then_some(())
    });
    assert!(listed(&stack, &alice).iter().any(|n| n == "Trash"), "Trash stays");
    let error = error_banner(&browser);
    assert_eq!(error, serde_json::Value::Null, "nothing went wrong");
}

/// Drags the folder `from` (wire name) onto the folder `to` with synthetic HTML drag events, as
/// drag_to_folder.rs drags rows; whether the folder was draggable and whether `to` took the drop.
fn drag_folder(browser: &Browser, from: &str, to: &str) -> (bool, bool) {
    let done = browser
        .execute(
            "const [from, to] = arguments; \
             const src = document.querySelector(`.folder[data-folder=\"${from}\"]`); \
             const dst = document.querySelector(`.folder[data-folder=\"${to}\"]`); \
             const dt = new DataTransfer(); \
             src.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt })); \
             const taken = !dst.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt })); \
             if (taken) dst.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt })); \
             src.dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer: dt })); \
             return [src.getAttribute('draggable') === 'true', taken];",
            vec![json!(from), json!(to)],
        )
        .expect("drag a folder");
    (done[0] == json!(true), done[1] == json!(true))
}

#[test]
fn a_folder_is_moved_by_its_form_and_by_a_drag_with_what_is_inside() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let mueller = "Kunden/M&APw-ller";
    for folder in ["Projekte", "Projekte/2025", "Kunden", mueller] {
        stack.create_mailbox(&alice, folder).expect("CREATE");
    }
    stack.seed(&alice, "Projekte/2025", &[unread_message(1)]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_folder(&mut browser, "Projekte");

    // The form offers every folder but the one moved and those inside it.
    click(&mut browser, "[data-testid=rename-folder]");
    let offered = browser
        .execute(
            "return [...document.querySelectorAll('[name=folder-parent] option')].map(o => [o.value, o.selected]);",
            vec![],
        )
        .expect("the places offered");
    let offered: Vec<(String, bool)> = serde_json::from_value(offered).expect("pairs");
    assert!(offered.contains(&(String::new(), true)), "at the top, where it is: {offered:?}");
    assert!(offered.iter().any(|(v, _)| v == mueller), "{offered:?}");
    assert!(!offered.iter().any(|(v, _)| v.starts_with("Projekte")), "not into itself: {offered:?}");
    let found = violations(&browser, &axe_source());
    assert!(found.is_empty(), "accessibility of the form:\n{}", found.join("\n"));
    screenshot(&browser, "folder-move-form");

    // Moved and renamed at once, while open: it opens where it went, its subfolder and message with it.
    folder_form(&mut browser, "rename-folder", Some("Alte Projekte"), Some("Kunden"));
    folder_form_closed(&mut browser, "the folder moved").unwrap();
    let moved = wait_for_server(&browser, "Projekte in Kunden", || {
        let names = listed(&stack, &alice);
        (names.iter().any(|n| n == "Kunden/Alte Projekte/2025")
            && !names.iter().any(|n| n.starts_with("Projekte")))
        .then_some(names)
    });
    assert!(moved.iter().any(|n| n == "Kunden/Alte Projekte"), "{moved:?}");
    assert_eq!(stack.fetch_all(&alice, "Kunden/Alte Projekte/2025").expect("FETCH").len(), 1);
    browser
        .wait_for(".folder.active[data-folder=\"Kunden/Alte Projekte\"]", WAIT)
        .expect("the moved folder open");

    // Back to the top by the form, under the same name.
    folder_form(&mut browser, "rename-folder", None, Some(""));
    folder_form_closed(&mut browser, "the folder at the top").unwrap();
    wait_for_server(&browser, "Alte Projekte at the top", || {
        listed(&stack, &alice).iter().any(|n| n == "Alte Projekte/2025").then_some(())
    });

    // A drag onto a folder inside it, or onto itself, is not taken; onto Müller it is.
    browser.wait_for(".folder[data-folder=\"Alte Projekte/2025\"]", WAIT).expect("listed");
    assert_eq!(drag_folder(&browser, "Alte Projekte", "Alte Projekte/2025"), (true, false));
    assert_eq!(drag_folder(&browser, "Alte Projekte", "Alte Projekte"), (true, false));
    assert_eq!(drag_folder(&browser, "INBOX", mueller), (false, false), "the inbox stays");
    assert_eq!(drag_folder(&browser, "Alte Projekte", mueller), (true, true));
    let inside = format!("{mueller}/Alte Projekte/2025");
    wait_for_server(&browser, "Alte Projekte in Müller", || {
        listed(&stack, &alice).contains(&inside).then_some(())
    });
    assert_eq!(stack.fetch_all(&alice, &inside).expect("FETCH").len(), 1);
    browser
        .wait_for(&format!(".folder.active[data-folder=\"{mueller}/Alte Projekte\"]"), WAIT)
        .expect("the dragged folder, open before, open where it went");
    assert_eq!(error_banner(&browser), serde_json::Value::Null, "nothing went wrong");
}
