//! One Posthorn page per browser profile (frontend/src/single_tab.rs): a second tab waits and
//! says why, takes over when the first closes, and "Use Posthorn here" moves the app to it.
//! Real app, real bridge, headless Chromium with tabs of one profile.

use std::time::Duration;

use posthorn_tests::app::RunningBridge;
use posthorn_tests::browser::Browser;

const APP: &str = "[data-testid=account-setup]";
const NOTICE: &str = "[data-testid=open-elsewhere]";
const WAIT: Duration = Duration::from_secs(20);

fn shows_app(browser: &mut Browser) {
    browser.wait_for(APP, WAIT).expect("the app runs in this tab");
    assert!(browser.find(NOTICE).unwrap().is_none(), "the notice is gone");
}

fn shows_notice(browser: &mut Browser) {
    let notice = browser.wait_for(NOTICE, WAIT).expect("the notice in this tab");
    let text = browser.text(&notice).unwrap();
    assert!(text.contains("open in another tab"), "{text}");
    assert!(browser.find(APP).unwrap().is_none(), "the app does not run beside another tab");
}

#[test]
fn one_tab_runs_the_app_and_others_wait_or_take_over() {
    let bridge = RunningBridge::start(|_| {});
    let url = format!("{}/", bridge.url);
    let mut browser = Browser::start().expect("start headless Chromium");
    browser.goto(&url).unwrap();
    shows_app(&mut browser);
    let first = browser.tab().unwrap();

    // A reload gives the lock back and takes it again: no notice for the tab that had it.
    browser.refresh().unwrap();
    shows_app(&mut browser);

    let second = browser.new_tab().unwrap();
    browser.switch_to(&second).unwrap();
    browser.goto(&url).unwrap();
    shows_notice(&mut browser);

    // The first tab closes: the waiting one takes over by itself.
    browser.switch_to(&first).unwrap();
    browser.close_tab().unwrap();
    browser.switch_to(&second).unwrap();
    shows_app(&mut browser);

    // A third tab takes over on request; the second then shows the notice.
    let third = browser.new_tab().unwrap();
    browser.switch_to(&third).unwrap();
    browser.goto(&url).unwrap();
    shows_notice(&mut browser);
    let use_here = browser.wait_for("[data-testid=use-here]", WAIT).unwrap();
    browser.click(&use_here).unwrap();
    shows_app(&mut browser);
    browser.switch_to(&second).unwrap();
    shows_notice(&mut browser);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
