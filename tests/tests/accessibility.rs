//! Accessibility: axe-core (installed by `.ci/posthorn test` from npm) finds no violation of WCAG
//! 2.1 A and AA on any screen of the walk (tests/src/walk.rs) — account setup, the mail view with
//! a folder open, the reader with a plain and an HTML message, the composer, the outbox and the
//! protocol log — in the light and in the dark theme, on a desktop and on a phone's screen; and
//! the message list is a WAI-ARIA grid whose rows say where they are in the whole list. Real app,
//! real bridge, Dovecot and Postfix.

use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::choose_in;
use posthorn_tests::walk::{Screen, walk, walk_on};
use serde_json::json;

fn set_theme(browser: &Browser, theme: &str) {
    choose_in(browser, "[name=theme]", theme);
}

#[test]
fn every_screen_passes_axe_at_wcag_21_aa_in_light_and_dark() {
    let axe = axe_source();
    let stack = MailStack::start().expect("mail stack");
    let mut found = Vec::new();
    let mut screens = 0;
    walk(&stack, "en-US", |browser, screen| {
        if screens == 0 {
            probe(browser, &axe);
        }
        screens += 1;
        for theme in ["light", "dark"] {
            set_theme(browser, theme);
            for v in violations(browser, &axe) {
                found.push(format!("{screen:?}, {theme}: {v}"));
            }
        }
        set_theme(browser, "system");
        if screen == Screen::MailView {
            grid_pattern(browser);
        }
    });
    assert_eq!(screens, 9, "every screen was checked");
    assert!(found.is_empty(), "{} accessibility violations:\n{}", found.len(), found.join("\n"));
}

/// The same walk on a phone (375 × 667 CSS pixels, touch, as tests/tests/phone.rs): the
/// one-pane layout, the folded top bar and the list's folded actions pass axe-core too.
#[test]
fn every_screen_passes_axe_on_a_phone() {
    let axe = axe_source();
    let stack = MailStack::start().expect("mail stack");
    let mut found = Vec::new();
    let mut screens = 0;
    walk_on(
        &stack,
        "en-US",
        |browser| {
            browser
                .cdp(
                    "Emulation.setDeviceMetricsOverride",
                    json!({ "width": 375, "height": 667, "deviceScaleFactor": 2, "mobile": true }),
                )
                .expect("phone metrics");
            browser.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": true })).expect("touch");
        },
        |browser, screen| {
            screens += 1;
            for theme in ["light", "dark"] {
                set_theme(browser, theme);
                for v in violations(browser, &axe) {
                    found.push(format!("{screen:?} on a phone, {theme}: {v}"));
                }
            }
            set_theme(browser, "system");
        },
    );
    assert_eq!(screens, 9, "every screen was checked");
    assert!(found.is_empty(), "{} accessibility violations:\n{}", found.len(), found.join("\n"));
}

/// The check can fail: an input without a name added to the page is found.
fn probe(browser: &Browser, axe: &str) {
    browser
        .execute(
            "const i = document.createElement('input'); i.id = 'axe-probe'; document.body.append(i);",
            vec![],
        )
        .unwrap();
    let found = violations(browser, axe);
    browser.execute("document.getElementById('axe-probe').remove();", vec![]).unwrap();
    assert!(
        found.iter().any(|v| v.starts_with("label") && v.contains("#axe-probe")),
        "axe-core did not find the unnamed input: {found:?}"
    );
}

/// The message list: role=grid with the whole list's row count, rows that give their place in
/// it (the list is virtual: only the visible rows exist) and whether they are selected.
fn grid_pattern(browser: &mut Browser) {
    let grid = browser
        .execute(
            "const g = document.querySelector('[data-testid=message-list]'); \
             const rows = [...g.querySelectorAll('[role=row]')]; \
             return { role: g.getAttribute('role'), count: g.getAttribute('aria-rowcount'), \
                      label: g.getAttribute('aria-label'), \
                      rows: rows.map(r => [r.getAttribute('aria-rowindex'), r.getAttribute('aria-selected'), \
                                           r.querySelectorAll('[role=gridcell]').length]) };",
            vec![],
        )
        .expect("read the grid");
    assert_eq!(grid["role"], "grid", "{grid}");
    assert_eq!(grid["count"], "2", "{grid}");
    assert_eq!(grid["label"], "Messages", "{grid}");
    // Cells: the box, the sender, the marks, the date, the tags (empty here, but a cell in every
    // row, so that the columns line up), the subject and the preview, which comes with the row
    // from Dovecot's PREVIEW (RFC 8970; tests/tests/previews.rs).
    assert_eq!(grid["rows"], json!([["1", "false", 7], ["2", "false", 7]]), "{grid}");
    // Ticking a row's box selects it.
    browser
        .execute("document.querySelector('[data-testid=message-row] input[type=checkbox]').click();", vec![])
        .expect("tick a row");
    browser
        .wait_until(
            "the first row to be selected",
            "return document.querySelector('[data-testid=message-row]').getAttribute('aria-selected') === 'true';",
            vec![],
            posthorn_tests::ui::WAIT,
        )
        .expect("aria-selected follows the selection");
    browser
        .execute("document.querySelector('[data-testid=message-row] input[type=checkbox]').click();", vec![])
        .expect("untick it");
}
