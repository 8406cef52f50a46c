//! The colour theme (frontend/src/settings.rs, frontend/style/main.css): light, dark, or the
//! system's; the choice changes the page's computed colours at once and outlasts a reload, the
//! system choice follows `prefers-color-scheme`, and HTML mail keeps its own (light) colours in
//! the dark theme. Real app, real bridge, Dovecot, headless Chromium.

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, bridge_for, choose, open_row, set_up_account};
use serde_json::json;

const LIGHT_BG: &str = "rgb(255, 255, 255)";
const DARK_BG: &str = "rgb(27, 27, 29)";

fn background(browser: &Browser) -> String {
    let v = browser.execute("return getComputedStyle(document.body).backgroundColor;", vec![]).unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

fn wait_background(browser: &mut Browser, want: &str) {
    browser
        .wait_until(
            &format!("the page's background to be {want}"),
            "return getComputedStyle(document.body).backgroundColor === arguments[0];",
            vec![json!(want)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}: it is {}", background(browser)));
}

fn prefers_dark(browser: &Browser, dark: bool) {
    let value = if dark { "dark" } else { "light" };
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] }),
        )
        .expect("emulate prefers-color-scheme");
}

#[test]
fn the_theme_switches_colours_is_kept_and_leaves_html_mail_alone() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    // An HTML message that sets no colours of its own: the frame shows it as a light page.
    let html = format!(
        "From: Carol <carol@example.org>\r\nTo: {}\r\nSubject: Uncoloured HTML\r\n\
         Date: Tue, 24 Nov 2026 11:30:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n<p>Plain black on white.</p>\r\n",
        alice.address
    );
    stack.seed(&alice, "INBOX", &[html]).expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("start headless Chromium");
    prefers_dark(&browser, false);
    browser.goto(&format!("{}/", bridge.url)).unwrap();
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("account setup");
    prefers_dark(&browser, false);
    wait_background(&mut browser, LIGHT_BG);

    // The system's choice is followed while none is made.
    prefers_dark(&browser, true);
    wait_background(&mut browser, DARK_BG);
    prefers_dark(&browser, false);
    wait_background(&mut browser, LIGHT_BG);

    // Dark, chosen: at once, and after a reload.
    choose(&mut browser, "theme", "dark");
    wait_background(&mut browser, DARK_BG);
    browser.refresh().unwrap();
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("account setup again");
    prefers_dark(&browser, false);
    assert_eq!(background(&browser), DARK_BG, "the dark theme was kept");
    let chosen = browser.execute("return document.querySelector('[name=theme]').value;", vec![]).unwrap();
    assert_eq!(chosen, "dark", "the settings show the kept choice");

    // HTML mail in the dark theme: its frame is still a light page with dark text.
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    open_row(&mut browser, "Uncoloured HTML");
    let frame = browser.wait_for("[data-testid=html-body]", WAIT).expect("the HTML frame");
    let frame_bg = browser
        .execute(
            "return getComputedStyle(document.querySelector('[data-testid=html-body]')).backgroundColor;",
            vec![],
        )
        .unwrap();
    assert_eq!(frame_bg, LIGHT_BG, "the frame's own background");
    browser.switch_to_frame(&frame).expect("into the frame");
    let inside = browser
        .execute(
            "return [getComputedStyle(document.body).color, matchMedia('(prefers-color-scheme: dark)').matches];",
            vec![],
        )
        .unwrap();
    browser.switch_to_parent().unwrap();
    assert_eq!(inside[0], "rgb(0, 0, 0)", "the mail's text keeps the default black: {inside}");
    assert_eq!(background(&browser), DARK_BG, "around it the app is dark");

    // Light, chosen, wins over a dark system.
    prefers_dark(&browser, true);
    choose(&mut browser, "theme", "light");
    wait_background(&mut browser, LIGHT_BG);
    browser.refresh().unwrap();
    browser.wait_for("[data-testid=mail-view]", WAIT).expect("the mail view again");
    prefers_dark(&browser, true);
    assert_eq!(background(&browser), LIGHT_BG, "the light theme was kept over a dark system");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
