use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{choose, click, screenshot};
use posthorn_tests::walk::{Screen, walk_on};
use serde_json::json;

#[test]
fn explore() {
    let stack = MailStack::start().expect("mail stack");
    for (lang, theme) in [("de-DE", "dark"), ("en-GB", "light")] {
        walk_on(
            &stack,
            lang,
            |browser| {
                browser
                    .cdp("Emulation.setDeviceMetricsOverride", json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false }))
                    .unwrap();
            },
            |browser, screen| {
                if screen == Screen::MailView {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| choose(browser, "theme", theme)));
                }
                screenshot(browser, &format!("x-{lang}-{screen:?}"));
                if screen == Screen::ReaderHtml {
                    click(browser, "[data-testid=reader] [data-testid=more-actions] > summary");
                    screenshot(browser, &format!("x-{lang}-more"));
                    click(browser, "[data-testid=reader] [data-testid=more-actions] > summary");
                }
                if screen == Screen::MailView {
                    click(browser, "[data-testid=settings] > summary");
                    screenshot(browser, &format!("x-{lang}-settings"));
                    click(browser, "[data-testid=settings] > summary");
                    click(browser, "[data-testid=compatibility] > summary");
                    screenshot(browser, &format!("x-{lang}-servers"));
                    click(browser, "[data-testid=compatibility] > summary");
                }
            },
        );
    }
}
