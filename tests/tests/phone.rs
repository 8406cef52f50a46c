//! Posthorn on a phone (375 × 667 CSS pixels, touch): on every screen of the walk
//! (tests/src/walk.rs: account setup, the mail view with INBOX open, the reader, the composer, the
//! outbox, the protocol log open and closed), in English and in German, nothing is wider than the
//! screen, sticks out sideways or scrolls sideways inside the page, every control a finger uses is
//! at least 44 px on each side, no button's text runs out of it and no select's choice is cut,
//! the reader's actions take one line (the rest is in its More menu, which fits too), and the
//! message list shows at least seven whole rows without scrolling. Real app, real bridge, Dovecot
//! and Postfix, headless Chromium with the phone's metrics.

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::phone::{assert_fits, emulate};
use posthorn_tests::ui::{WAIT, click, wait_focused};
use posthorn_tests::walk::{Screen, open_menu_if_folded, walk_on};
use serde_json::json;

/// Messages besides the walk's two, so that the list is longer than the screen.
fn filler(to: &str, n: u32) -> String {
    format!(
        "From: Dora <dora@example.org>\r\nTo: {to}\r\nSubject: Filler {n}\r\n\
         Date: Sun, 1 Nov 2026 09:{n:02}:00 +0000\r\nMessage-ID: <filler-{n}@example.org>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nFiller body {n}.\r\n"
    )
}

/// The reader fits, its actions take one line above the message, and its More menu, open, fits
/// too.
fn reader_fits(browser: &mut Browser, screen: &str) {
    assert_fits(browser, screen);
    ends_above_new_message(browser, "[data-testid=reader]", screen);
    let tops = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=reader] .reader-actions > *')] \
               .filter(e => e.getClientRects().length > 0) \
               .map(e => [e.textContent.trim(), Math.round(e.getBoundingClientRect().top)]);",
            vec![],
        )
        .expect("measure the actions");
    let lines: std::collections::BTreeSet<i64> =
        tops.as_array().unwrap().iter().map(|a| a[1].as_i64().unwrap()).collect();
    assert!(tops.as_array().unwrap().len() >= 4, "{screen}: the reader's actions: {tops}");
    assert_eq!(lines.len(), 1, "{screen}: the reader's actions take one line: {tops}");
    click(browser, "[data-testid=reader] [data-testid=more-actions] > summary");
    browser
        .wait_for("[data-testid=reader] [data-testid=more-actions][open] .menu-panel", WAIT)
        .expect("More");
    assert_fits(browser, &format!("{screen}-more"));
    click(browser, "[data-testid=reader] [data-testid=more-actions] > summary");
}

/// Scrolled to its end, the pane `pane` shows its last line above the floating *New message*
/// button, not under it.
fn ends_above_new_message(browser: &mut Browser, pane: &str, screen: &str) {
    let measure = "const p = document.querySelector(arguments[0]); p.scrollTop = p.scrollHeight; \
         const b = document.querySelector('[data-testid=new-message]').getBoundingClientRect(); \
         const shown = [...p.querySelectorAll('*')].filter(e => e.checkVisibility({ visibilityProperty: true })); \
         const end = Math.max(...shown.map(e => e.getBoundingClientRect().bottom)); \
         const last = shown.find(e => e.getBoundingClientRect().bottom === end); \
         const above = end <= b.top + 0.5;";
    let check = format!("{measure} return above;");
    if browser.wait_until("the pane's end above the button", &check, vec![json!(pane)], WAIT).is_err() {
        let told = format!(
            "{measure} return `the end at ${{Math.round(end)}} (${{last.outerHTML.slice(0, 120)}}), the button from ${{Math.round(b.top)}}`;"
        );
        let seen = browser.execute(&told, vec![json!(pane)]).expect("measure");
        panic!("{screen}: {pane} scrolled to its end ends under New message: {seen}");
    }
    browser
        .execute("document.querySelector(arguments[0]).scrollTop = 0;", vec![json!(pane)])
        .expect("scroll back");
}

/// How many message rows are wholly visible in the list's viewport and on the screen.
fn whole_rows(browser: &Browser) -> u64 {
    browser
        .execute(
            "const v = document.querySelector('[data-testid=message-list]').getBoundingClientRect(); \
             return [...document.querySelectorAll('[data-testid=message-row]')].filter(r => { \
               const b = r.getBoundingClientRect(); \
               return b.height > 0 && b.top >= v.top - 0.5 && b.bottom <= Math.min(v.bottom, innerHeight) + 0.5; }).length;",
            vec![],
        )
        .expect("count rows")
        .as_u64()
        .unwrap()
}

#[test]
fn every_screen_fits_a_phone() {
    fits_a_phone("en-GB");
}

/// German words are longer: the same screens in German.
#[test]
fn every_screen_fits_a_phone_in_german() {
    fits_a_phone("de-DE");
}

fn fits_a_phone(language: &str) {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let extra: Vec<String> = (1..=10).map(|n| filler(&alice.address, n)).collect();
    stack.seed(&alice, "INBOX", &extra).expect("seed INBOX");
    let mut seen = Vec::new();
    walk_on(&stack, language, emulate, |browser, screen| {
        seen.push(screen);
        match screen {
            Screen::MailView => {
                browser
                        .wait_until(
                            "all twelve messages",
                            "return document.querySelector('[data-testid=message-list]').getAttribute('aria-rowcount') === '12' \
                             && document.querySelectorAll('[data-testid=message-row]').length >= 8",
                            vec![],
                            WAIT,
                        )
                        .expect("the list");
                assert_fits(browser, "list");
                let rows = whole_rows(browser);
                assert!(rows >= 7, "at least 7 whole rows show without scrolling, not {rows}");
                ends_above_new_message(browser, ".message-list .rows-viewport", "list");
                // The top bar's menu opens over the list and fits too.
                open_menu_if_folded(browser);
                browser.wait_for(".topbar.menu-open [data-testid=toggle-log]", WAIT).expect("menu");
                assert_fits(browser, "menu");
                // A list: each entry's content (its icon or text; the status's dot) starts at the same left
                // edge.
                let starts = browser
                        .execute(
                            "return [...document.querySelectorAll('.topbar-items > button, .topbar-items > details > summary, .topbar-items > .connectivity')] \
                               .filter(e => e.getClientRects().length > 0).map(e => { const c = getComputedStyle(e); \
                                 const r = document.createRange(); r.selectNodeContents(e); \
                                 const left = e.classList.contains('connectivity') \
                                   ? e.getBoundingClientRect().left + parseFloat(c.paddingLeft) \
                                   : r.getBoundingClientRect().left; \
                                 return [e.textContent.trim(), Math.round(left)]; });",
                            vec![],
                        )
                        .expect("measure the menu");
                let lefts: Vec<i64> =
                    starts.as_array().unwrap().iter().map(|e| e[1].as_i64().unwrap()).collect();
                assert!(lefts.len() >= 4, "the menu's entries: {starts}");
                let spread = lefts.iter().max().unwrap() - lefts.iter().min().unwrap();
                assert!(spread <= 2, "the menu's entries start at one left edge: {starts}");
                // Escape folds Settings first, then the menu, with focus back on its button;
                // a click outside the bar folds it too (frontend/src/app/top_menu.rs).
                let state = |browser: &Browser| {
                    browser
                        .execute(
                            "return [document.querySelector('.topbar').classList.contains('menu-open'), \
                                   document.querySelector('[data-testid=settings]').open, \
                                   document.activeElement.dataset.testid || document.activeElement.tagName];",
                            vec![],
                        )
                        .expect("the menu's state")
                };
                click(browser, "[data-testid=settings] > summary");
                assert_eq!(state(browser), json!([true, true, "SUMMARY"]), "Settings open in the menu");
                // A button inside Settings is no command of the bar: Remove account's question
                // stays in view, and Cancel takes it back.
                click(browser, "[data-testid=remove-account]");
                browser.wait_for("[data-testid=remove-account-question]", WAIT).expect("the question");
                assert_eq!(state(browser)[0], json!(true), "the menu stays open for the question");
                assert_fits(browser, "remove-question");
                click(browser, "[data-testid=remove-account-cancel]");
                wait_focused(browser, "remove-account");
                click(browser, "[data-testid=settings] > summary");
                click(browser, "[data-testid=settings] > summary");
                browser.press_keys(&keys::ESCAPE.to_string()).expect("Escape");
                assert_eq!(state(browser), json!([true, false, "SUMMARY"]), "Escape folded Settings");
                browser.press_keys(&keys::ESCAPE.to_string()).expect("Escape");
                assert_eq!(state(browser), json!([false, false, "menu-button"]), "Escape folded the menu");
                click(browser, "[data-testid=menu-button]");
                // (The open menu lies over the screen's top: a click on the bar under it.)
                browser
                    .execute("document.querySelector('.phone-bar .title').click()", vec![])
                    .expect("click");
                assert_eq!(state(browser)[0], json!(false), "a click outside folded the menu");
                // So do the list's actions, unfolded.
                click(browser, "[data-testid=actions-toggle]");
                browser.wait_for(".toolbar.open [data-testid=move]", WAIT).expect("actions");
                assert_fits(browser, "actions");
                // No Ctrl to hold for a copy with Move on a touch screen: Copy has its own button.
                let copy_shown = browser
                    .execute(
                        "return document.querySelector('[data-testid=copy]').getClientRects().length > 0",
                        vec![],
                    )
                    .expect("Copy?");
                assert_eq!(copy_shown, json!(true), "Copy beside Move on a touch screen");
                // The Tag menu folds out under its button, inside the screen.
                click(browser, "[data-testid=tag-menu]:not([open]) > summary");
                browser.wait_for("[data-testid=tag-menu][open] [data-testid=tag-none]", WAIT).expect("tags");
                assert_fits(browser, "actions-tags");
                click(browser, "[data-testid=tag-menu][open] > summary");
                click(browser, "[data-testid=actions-toggle]");
            }
            Screen::AccountSetup => assert_fits(browser, "setup"),
            Screen::ReaderPlain => reader_fits(browser, "reader"),
            Screen::ReaderHtml => reader_fits(browser, "reader-html"),
            Screen::Composer => {
                assert_fits(browser, "composer");
                let cut = browser
                    .execute(
                        "return [...document.querySelectorAll('.composer .field > span')] \
                               .filter(s => s.scrollWidth > s.clientWidth).map(s => s.textContent);",
                        vec![],
                    )
                    .expect("measure the labels");
                assert_eq!(cut, json!([]), "every composer label fits its column");
                // Send later's panel, which opens upwards from the composer's actions.
                click(browser, "[data-testid=send-later] > summary");
                browser.wait_for("[data-testid=send-later][open] [name=send-at]", WAIT).expect("send later");
                assert_fits(browser, "composer-send-later");
                click(browser, "[data-testid=send-later][open] > summary");
            }
            Screen::Outbox => assert_fits(browser, "outbox"),
            Screen::Filters => assert_fits(browser, "filters-form"),
            Screen::AllInboxes => assert_fits(browser, "all-inboxes"),
            Screen::ProtocolLog => {
                assert_fits(browser, "log-open");
                let apart = browser
                        .execute(
                            "const b = document.querySelector('[data-testid=new-message]').getBoundingClientRect(); \
                             const l = document.querySelector('[data-testid=log-pane]').getBoundingClientRect(); \
                             return b.bottom <= l.top + 0.5 || b.top >= l.bottom - 0.5 \
                               || `button ${Math.round(b.top)}..${Math.round(b.bottom)}, log ${Math.round(l.top)}..${Math.round(l.bottom)}`;",
                            vec![],
                        )
                        .expect("measure");
                assert_eq!(apart, json!(true), "New message floats above the open log, not over its lines");
                open_menu_if_folded(browser);
                click(browser, "[data-testid=toggle-log]");
                browser
                    .wait_until(
                        "the log to close",
                        "return !document.querySelector('[data-testid=log-lines]')",
                        vec![],
                        WAIT,
                    )
                    .expect("log closed");
                assert_fits(browser, "log-closed");
            }
        }
    });
    assert_eq!(seen.len(), 9, "every screen was visited: {seen:?}");
}
