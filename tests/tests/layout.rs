//! The mail view's layout and keyboard in the real app: the folder tree, a phone-sized screen with
//! one pane at a time, and the shortcuts, with every server-side effect checked by the harness's
//! own IMAP client. Headless Chromium, the real bridge, real Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, bridge_for, click_row, screenshot, set_up_account, signed_in, wait_for_server, wait_row_count,
};
use serde_json::{Value, json};

fn select_row(browser: &Browser, subject: &str) {
    browser
        .execute(
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
               if (r.querySelector('.subject').textContent === arguments[0]) \
                 r.querySelector('input[type=checkbox]').click();",
            vec![json!(subject)],
        )
        .expect("select");
}

fn press(browser: &Browser, key: &str) {
    browser
        .execute(
            "window.dispatchEvent(new KeyboardEvent('keydown', { key: arguments[0] }))",
            vec![json!(key)],
        )
        .expect("key");
}

/// Which of the three panes are displayed, how wide each is, and whether anything is wider than
/// the screen (the page, the app's scrolling content, or any displayed element of the mail view).
fn layout(browser: &Browser) -> Value {
    browser
        .execute(
            "const shown = s => { const e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none'; }; \
             const width = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().width : 0; }; \
             const w = innerWidth; \
             const wide = [...document.querySelectorAll('.mail-view *')] \
               .filter(e => e.getClientRects().length > 0) \
               .filter(e => { const r = e.getBoundingClientRect(); return r.right > w + 1 || r.left < -1; }) \
               .map(e => e.tagName + '.' + e.className); \
             return { width: w, pane: document.querySelector('.mail-view').dataset.pane, \
               folders: shown('.mail-view > .folders'), list: shown('.mail-view > .message-list'), \
               reader: shown('.mail-view > .reader'), listWidth: width('.mail-view > .message-list'), \
               foldersWidth: width('.mail-view > .folders'), readerWidth: width('.mail-view > .reader'), \
               pageOverflow: document.documentElement.scrollWidth > w, \
               contentOverflow: document.querySelector('.content').scrollWidth > document.querySelector('.content').clientWidth, \
               wide: wide.slice(0, 5) };",
            vec![],
        )
        .expect("layout")
}

fn assert_one_pane(browser: &Browser, pane: &str) {
    let l = layout(browser);
    let width = l["width"].as_f64().unwrap();
    assert_eq!(l["pane"], pane, "{l}");
    for name in ["folders", "list", "reader"] {
        assert_eq!(l[name], name == pane, "only the {pane} pane shows: {l}");
    }
    let shown_width = l[format!("{pane}Width")].as_f64().unwrap();
    assert!(shown_width >= width - 1.0, "the {pane} pane fills the width: {l}");
    assert_eq!(l["pageOverflow"], false, "no horizontal overflow of the page: {l}");
    assert_eq!(l["contentOverflow"], false, "no horizontal overflow of the content: {l}");
    assert_eq!(l["wide"], json!([]), "nothing sticks out sideways: {l}");
}

fn flags_of(stack: &MailStack, account: &Account, mailbox: &str, message_id: &str) -> Option<Vec<String>> {
    let all = stack.fetch_all(account, mailbox).ok()?;
    all.into_iter()
        .find(|m| String::from_utf8_lossy(&m.raw).contains(&format!("Message-ID: <{message_id}>")))
        .map(|m| m.flags)
}

#[test]
fn a_phone_shows_one_pane_at_a_time_and_the_shortcuts_reach_the_server() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                fixtures::latin1_umlauts(),
                fixtures::newsletter(),
                fixtures::with_attachments(),
                fixtures::forwarded(),
            ],
        )
        .expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    // An iPhone-sized screen: 390 x 844 CSS pixels, touch, a phone's pixel ratio.
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true }),
        )
        .expect("phone metrics");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    assert_eq!(browser.execute("return innerWidth", vec![]).unwrap(), 390);
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    wait_row_count(&mut browser, 4);

    // The list alone, full width.
    assert_one_pane(&browser, "list");
    screenshot(&browser, "phone-list");

    // Folders, then back to the list by choosing one.
    let folders = browser.wait_for("[data-testid=show-folders]", WAIT).expect("folders button");
    browser.click(&folders).expect("click");
    browser.wait_for(".mail-view[data-pane=folders]", WAIT).expect("folders pane");
    assert_one_pane(&browser, "folders");
    screenshot(&browser, "phone-folders");
    let inbox = browser.wait_for(".folder[data-folder=INBOX]", WAIT).expect("inbox");
    browser.click(&inbox).expect("click");
    browser.wait_for(".mail-view[data-pane=list]", WAIT).expect("list pane");
    wait_row_count(&mut browser, 4);

    // Opening a message shows the reader alone; the back button returns to the list.
    click_row(&mut browser, "Quarterly report");
    browser.wait_for(".mail-view[data-pane=reader] [data-testid=reader-subject]", WAIT).expect("reader");
    assert_one_pane(&browser, "reader");
    screenshot(&browser, "phone-reader");
    let back = browser.wait_for("[data-testid=back]", WAIT).expect("back button");
    browser.click(&back).expect("click");
    browser.wait_for(".mail-view[data-pane=list]", WAIT).expect("back to the list");
    assert_one_pane(&browser, "list");

    // Escape closes the open message too.
    click_row(&mut browser, "Grüße aus Köln");
    browser.wait_for(".mail-view[data-pane=reader] [data-testid=reader-subject]", WAIT).expect("reader");
    press(&browser, "Escape");
    browser.wait_for(".mail-view[data-pane=list]", WAIT).expect("Escape returns to the list");
    assert!(browser.find("[data-testid=reader-subject]").expect("find").is_none(), "the reader is closed");

    // `m` marks the selected message read, `s` flags it: both on the server.
    assert!(
        !flags_of(&stack, &alice, "INBOX", "news-47@example.org")
            .expect("newsletter")
            .contains(&"\\Seen".into())
    );
    select_row(&browser, "Weekly news");
    press(&browser, "m");
    wait_for_server(&browser, "\\Seen after `m`", || {
        flags_of(&stack, &alice, "INBOX", "news-47@example.org")?.iter().any(|f| f == "\\Seen").then_some(())
    });
    press(&browser, "s");
    wait_for_server(&browser, "\\Flagged after `s`", || {
        flags_of(&stack, &alice, "INBOX", "news-47@example.org")?
            .iter()
            .any(|f| f == "\\Flagged")
            .then_some(())
    });
    // Delete moves it to Trash.
    press(&browser, "Delete");
    wait_for_server(&browser, "the newsletter in Trash", || {
        let in_trash = flags_of(&stack, &alice, "Trash", "news-47@example.org").is_some();
        let inbox = stack.fetch_all(&alice, "INBOX").ok()?;
        (in_trash && inbox.len() == 3).then_some(())
    });
    wait_row_count(&mut browser, 3);
    assert_one_pane(&browser, "list");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn the_folder_tree_indents_children_and_collapses_parents() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    for mailbox in ["Work", "Work/Projects", "Work/Projects/Alpha", "Family", "Archive/2023"] {
        stack.create_mailbox(&alice, mailbox).expect("create mailbox");
    }
    stack.seed(&alice, "Work/Projects/Alpha", &[fixtures::newsletter()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    let tree = |browser: &mut Browser| -> Vec<String> {
        let v = browser
            .wait_until(
                "the folder tree",
                "const items = [...document.querySelectorAll('[data-testid=folders] .folder-item')]; \
                 if (!items.some(i => i.querySelector('.folder').dataset.folder === 'Family')) return null; \
                 return items.map(i => ' '.repeat(2 * Number(i.dataset.depth)) + i.querySelector('.name').textContent);",
                vec![],
                WAIT,
            )
            .expect("tree");
        v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(
        tree(&mut browser),
        [
            "Inbox",
            "Drafts",
            "Sent",
            "Junk",
            "Trash",
            "Archive",
            "  2023",
            "Family",
            "Work",
            "  Projects",
            "    Alpha"
        ]
    );
    // Children sit further right than their parent.
    let indent = |browser: &Browser, folder: &str| {
        browser
            .execute(
                "return document.querySelector(`.folder[data-folder=\"${arguments[0]}\"] .name`).getBoundingClientRect().left",
                vec![json!(folder)],
            )
            .expect("position")
            .as_f64()
            .unwrap()
    };
    let (work, projects, alpha) = (
        indent(&browser, "Work"),
        indent(&browser, "Work/Projects"),
        indent(&browser, "Work/Projects/Alpha"),
    );
    assert!(work < projects && projects < alpha, "indented: {work} {projects} {alpha}");

    // A nested folder opens like any other.
    // Found and clicked in one script: the list re-renders when unread counts arrive.
    browser
        .wait_until(
            "Alpha to click",
            "const f = document.querySelector('.folder[data-folder=\"Work/Projects/Alpha\"]'); if (f) f.click(); return !!f;",
            vec![],
            WAIT,
        )
        .expect("Alpha");
    wait_row_count(&mut browser, 1);

    // Collapsing Work hides Projects and Alpha; expanding shows them again.
    let toggle = "const i = [...document.querySelectorAll('.folder-item')] \
                  .find(i => i.querySelector('.folder').dataset.folder === 'Work'); \
                  i.querySelector('[data-testid=folder-toggle]').click();";
    browser.execute(toggle, vec![]).expect("collapse");
    let shown = |browser: &mut Browser, expected: usize| {
        browser
            .wait_until(
                &format!("{expected} folders shown"),
                "return document.querySelectorAll('[data-testid=folders] .folder').length === arguments[0]",
                vec![json!(expected)],
                WAIT,
            )
            .expect("folder count");
    };
    shown(&mut browser, 9);
    assert!(browser.find(".folder[data-folder=\"Work/Projects\"]").expect("find").is_none());
    browser.execute(toggle, vec![]).expect("expand");
    shown(&mut browser, 11);
    screenshot(&browser, "folder-tree");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
