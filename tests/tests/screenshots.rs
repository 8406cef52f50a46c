//! The README's screenshots (docs/screenshots/), taken from the real app so that they show what
//! it looks like now: the mail view with a message open in the light and the dark theme and in
//! German at 1280 × 800, and the message list on a phone at 375 × 667. Running this test replaces
//! the PNGs; commit them with the change that altered the look. Real app, real bridge, Dovecot and
//! Postfix, headless Chromium at a device pixel ratio of 1 (small files).

use std::path::{Path, PathBuf};

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{
    WAIT, bridge_for, choose, open_row, set_up_account, touching_buttons, wait_row_count,
};
use serde_json::json;

fn message(from: &str, to: &str, n: u32, subject: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Date: Mon, {n} Nov 2026 09:30:00 +0000\r\nMessage-ID: <shot-{n}@example.org>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

fn seed(stack: &MailStack, alice: &Account) {
    let to = &alice.address;
    let mail = [
        (
            "Bob Example <bob@example.org>",
            "Lunch on Friday?",
            "Hi Alice,\r\n\r\nThe new place by the station, 12:30?\r\n\r\nBob",
        ),
        (
            "Carol Jones <carol@example.org>",
            "Quarterly figures",
            "The numbers are in the shared folder.\r\nCarol",
        ),
        (
            "Dora Klein <dora@example.de>",
            "Grüße aus Köln",
            "Liebe Alice,\r\n\r\nviele Grüße aus Köln!\r\nDora",
        ),
        (
            "Posthorn News <news@example.org>",
            "What is new this month",
            "Keyboard shortcuts, a phone layout and more.",
        ),
        ("Erik Berg <erik@example.org>", "Train tickets", "Booked for the 14th, seats 41 and 42."),
        ("Fay Lee <fay@example.org>", "Photos from the hike", "Too many to attach: a link follows."),
        ("Gus Moreno <gus@example.org>", "Re: Project plan", "Looks good to me."),
        ("Hana Sato <hana@example.org>", "Book club", "Next month: The Left Hand of Darkness."),
    ];
    let messages: Vec<String> = mail
        .iter()
        .enumerate()
        .map(|(i, (from, subject, body))| message(from, to, i as u32 + 1, subject, body))
        .collect();
    stack.seed(alice, "INBOX", &messages).expect("seed INBOX");
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots")
}

/// Sets the page's size in CSS pixels at a device pixel ratio of 1.
fn size(browser: &Browser, width: u32, height: u32, mobile: bool) {
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        )
        .expect("metrics");
}

/// Saves the viewport as docs/screenshots/`name`.png and checks the PNG's size (IHDR).
fn save(browser: &Browser, name: &str, width: u32, height: u32) {
    // Fonts, images and the reader's layout settle before the picture.
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::create_dir_all(dir()).expect("docs/screenshots");
    let path = dir().join(format!("{name}.png"));
    browser.screenshot(&path).expect("screenshot");
    let png = std::fs::read(&path).expect("read the PNG");
    assert_eq!(&png[1..4], b"PNG", "{name} is a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (width, height), "{name}.png is {width} × {height}");
}

fn mail_view(browser: &mut Browser, stack: &MailStack, alice: &Account) {
    set_up_account(browser, stack, alice, &alice.password);
    wait_row_count(browser, 8);
}

/// The first screen, before any account: no account selector, no Add or Remove account, the
/// "Remember the password" box on the line of its label, and no server field wider than its box
/// (a select is as wide as its longest choice unless told otherwise) nor cut short.
fn first_screen(browser: &mut Browser) {
    browser.wait_for("[data-testid=account-setup] [name=remember]", WAIT).expect("account setup");
    let found = browser
        .execute(
            "const shown = e => !!e && e.getClientRects().length > 0; \
             const topbar = [...document.querySelectorAll('.topbar select, .topbar button')].filter(shown) \
               .map(e => (e.className + ' ' + e.textContent.trim()).toLowerCase()); \
             const box = document.querySelector('[name=remember]').getBoundingClientRect(); \
             const label = document.querySelector('[name=remember]').closest('label').getBoundingClientRect(); \
             return { topbar, besideLabel: label.height < 2.5 * box.height && box.top >= label.top - 1 && box.bottom <= label.bottom + 1 };",
            vec![],
        )
        .expect("measure the first screen");
    assert!(
        found["topbar"].as_array().unwrap().iter().all(|c| !c.as_str().unwrap().contains("account")),
        "no account controls before an account exists: {found}"
    );
    assert_eq!(found["besideLabel"], true, "the box sits on its label's line: {found}");
    let touching = touching_buttons(browser);
    assert!(touching.is_empty(), "the first screen's buttons have room between them: {touching:?}");
    // "Enter settings by hand" shows the servers' fields.
    let by_hand = browser.wait_for(".account-setup .buttons button[type=button]", WAIT).expect("by hand");
    browser.click(&by_hand).expect("click");
    browser.wait_for("[data-testid=server-settings] fieldset.server", WAIT).expect("server settings");
    let servers = browser
        .execute(
            "const boxes = [...document.querySelectorAll('[data-testid=server-settings] fieldset.server')]; \
             const outside = boxes.flatMap(f => [...f.querySelectorAll('input, select')].map(e => [e, f])) \
               .filter(([e, f]) => { const r = e.getBoundingClientRect(), b = f.getBoundingClientRect(); \
                 return r.left < b.left - 0.5 || r.right > b.right + 0.5; }) \
               .map(([e, f]) => `${e.name}: ${Math.round(e.getBoundingClientRect().right)} past ${Math.round(f.getBoundingClientRect().right)}`); \
             const ctx = document.createElement('canvas').getContext('2d'); \
             const cut = boxes.flatMap(f => [...f.querySelectorAll('select')]).filter(s => { \
               const st = getComputedStyle(s); ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`; \
               const text = ctx.measureText(s.options[s.selectedIndex].text).width; \
               return text + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight) + 16 > s.clientWidth; }) \
               .map(s => `${s.name}: ${s.options[s.selectedIndex].text} in ${s.clientWidth} px`); \
             const settings = document.querySelector('[data-testid=server-settings]').getBoundingClientRect(); \
             const below = settings.top - document.querySelector('.account-setup .buttons').getBoundingClientRect().bottom; \
             const save = document.querySelector('[data-testid=test-and-save]').getBoundingClientRect(); \
             return { boxes: boxes.length, outside, cut, below: Math.round(below), saveSized: save.width < settings.width / 2 };",
            vec![],
        )
        .expect("measure the server settings");
    assert_eq!(servers["boxes"], 2, "incoming and outgoing: {servers}");
    assert_eq!(servers["outside"], json!([]), "every field stays inside its server's box: {servers}");
    assert_eq!(servers["cut"], json!([]), "each select shows its whole choice: {servers}");
    assert!(
        servers["below"].as_i64().unwrap() >= 8,
        "the settings keep apart from the buttons above: {servers}"
    );
    assert_eq!(servers["saveSized"], true, "Test and save is as wide as its text: {servers}");
}

/// The desktop's design at `width`: the list's toolbar on one line with no select's text cut off,
/// the reader's actions on one line, the page no larger than the window (the panes scroll), no button in the browser's
/// default look (its `outset` border), every button named, and "New message" at the top of the
/// folder column.
fn desktop_design(browser: &Browser, width: u32) {
    size(browser, width, 800, false);
    let found = browser
        .execute(
            "const shown = e => e.getClientRects().length > 0; \
             const centres = [...document.querySelectorAll('.toolbar > *')].filter(shown) \
               .map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; }).sort((a, b) => a - b); \
             const lines = centres.filter((c, i) => i === 0 || c - centres[i - 1] > 8).length; \
             const buttons = [...document.querySelectorAll('button')].filter(shown); \
             const plain = buttons.filter(b => getComputedStyle(b).borderTopStyle === 'outset').map(b => b.outerHTML.slice(0, 80)); \
             const unnamed = buttons.filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).map(b => b.outerHTML.slice(0, 80)); \
             const n = document.querySelector('[data-testid=new-message]').getBoundingClientRect(); \
             const f = document.querySelector('[data-testid=folders]').getBoundingClientRect(); \
             const ctx = document.createElement('canvas').getContext('2d'); \
             const cut = [...document.querySelectorAll('.toolbar select, .message-list .search select')].filter(shown).filter(s => { \
               const st = getComputedStyle(s); ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`; \
               const text = ctx.measureText(s.options[s.selectedIndex].text).width; \
               return text + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight) + 16 > s.clientWidth; }) \
               .map(s => `${s.options[s.selectedIndex].text} in ${s.clientWidth} px`); \
             const actions = [...document.querySelectorAll('[data-testid=reader] .reader-actions > *')].filter(shown) \
               .map(e => Math.round(e.getBoundingClientRect().top)); \
             const items = [...document.querySelectorAll('.toolbar > *')].filter(shown) \
               .map(e => { const r = e.getBoundingClientRect(); return `${e.className || e.tagName} ${Math.round(r.left)}..${Math.round(r.right)}`; }); \
             const sideways = ['folders', 'message-list', 'reader'].map(id => document.querySelector(`[data-testid=${id}]`)) \
               .filter(e => e && e.scrollWidth > e.clientWidth + 1).map(e => `${e.dataset.testid}: ${e.scrollWidth} in ${e.clientWidth}`); \
             return { toolbarLines: lines, centres, items, plain, unnamed, cut, sideways, actionLines: new Set(actions).size, \
               pageFits: document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth, \
               newMessageInSidebar: n.left >= f.left && n.right <= f.right && n.bottom <= f.top + 1 };",
            vec![],
        )
        .expect("measure the desktop");
    assert_eq!(found["toolbarLines"], 1, "the toolbar fits on one line at {width} px: {found}");
    assert_eq!(found["cut"], json!([]), "each of the list's selects shows its whole choice: {found}");
    assert_eq!(found["actionLines"], 1, "the reader's actions fit on one line at {width} px: {found}");
    assert_eq!(found["pageFits"], true, "the panes scroll, not the page, at {width} px: {found}");
    assert_eq!(found["sideways"], json!([]), "no pane scrolls sideways at {width} px: {found}");
    let touching = touching_buttons(browser);
    assert!(touching.is_empty(), "buttons with room between them at {width} px: {touching:?}");
    assert_eq!(found["plain"], json!([]), "no browser-default buttons at {width} px: {found}");
    assert_eq!(found["unnamed"], json!([]), "every button has a name: {found}");
    assert_eq!(found["newMessageInSidebar"], true, "New message tops the folder column: {found}");
}

#[test]
fn the_readme_screenshots_show_the_app_as_it_is() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    seed(&stack, &alice);
    let bridge = bridge_for(&stack, &[]);

    let mut browser = Browser::start_with_language("en-GB").expect("browser");
    size(&browser, 1280, 800, false);
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    first_screen(&mut browser);
    mail_view(&mut browser, &stack, &alice);
    browser.wait_for("[data-testid=reader] [data-empty=no-message]", WAIT).expect("the reader's empty state");
    open_row(&mut browser, "Lunch on Friday?");
    choose(&mut browser, "theme", "light");
    // Wide enough for the Conversations switch to show its name, and narrower.
    for width in [1920, 1600, 1366, 1280] {
        desktop_design(&browser, width);
    }
    save(&browser, "light", 1280, 800);
    choose(&mut browser, "theme", "dark");
    browser
        .wait_until(
            "the dark theme",
            "return document.documentElement.dataset.theme === 'dark'",
            vec![],
            WAIT,
        )
        .expect("dark");
    save(&browser, "dark", 1280, 800);
    desktop_design(&browser, 1280);
    choose(&mut browser, "theme", "light");

    // The phone: the list alone.
    size(&browser, 375, 667, true);
    browser.press_keys(&posthorn_tests::browser::keys::ESCAPE.to_string()).expect("close the message");
    browser.wait_for(".mail-view[data-pane=list]", WAIT).expect("the list pane");
    save(&browser, "phone", 375, 667);
    browser.assert_no_console_errors(&[]).expect("no console errors");
    drop(browser);

    let mut german = Browser::start_with_language("de-DE").expect("browser");
    size(&german, 1280, 800, false);
    german.goto(&format!("{}/", bridge.url)).expect("open app");
    mail_view(&mut german, &stack, &alice);
    open_row(&mut german, "Grüße aus Köln");
    // German words are longer: the same design holds.
    for width in [1920, 1600, 1366, 1280] {
        desktop_design(&german, width);
    }
    save(&german, "german", 1280, 800);
    // The list's empty states, in German: a search without hits, then an empty folder.
    let empty = |browser: &mut Browser, kind: &str| {
        let note = browser.wait_for(&format!(".message-list [data-empty={kind}]"), WAIT).expect(kind);
        browser.text(&note).unwrap()
    };
    let search = german.wait_for("[data-testid=search]", WAIT).expect("the search field");
    german.fill(&search, "kein-solches-wort-xyz").expect("type");
    german.execute("document.querySelector('[data-testid=search-button]').click();", vec![]).unwrap();
    assert!(empty(&mut german, "no-results").contains("Nichts gefunden"));
    german.execute("document.querySelector('[data-folder=Junk]').click();", vec![]).unwrap();
    assert!(empty(&mut german, "empty-folder").contains("Dieser Ordner ist leer"));
    german.assert_no_console_errors(&[]).expect("no console errors");
}
