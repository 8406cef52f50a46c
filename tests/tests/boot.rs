//! The loading screen (index.html's #boot, frontend/assets/boot.js, frontend/src/boot.rs), with the
//! real bridge and headless Chromium: over a slow link it is painted long before the WebAssembly
//! has arrived, shows the bytes arriving, and gives way to the app; when the module cannot be
//! fetched or started it says why in plain words, in the person's language, and offers to try
//! again. The broken cases are copies of the built app with the module removed or cut short.

use std::path::{Path, PathBuf};
use std::time::Duration;

use posthorn_tests::app::{RunningBridge, dist_dir};
use posthorn_tests::axe;
use posthorn_tests::browser::Browser;
use posthorn_tests::ui;
use serde_json::json;

/// Records, from before any page script, what the loading screen showed: the largest progress
/// value and its maximum while the screen was up, and when the app's first screen appeared.
const OBSERVE: &str = r#"
window.__boot = { seenAt: null, progress: 0, max: 0, amount: '', status: '', appAt: null, bootGone: null };
new MutationObserver(() => {
  const boot = document.getElementById('boot');
  const b = window.__boot;
  if (boot) {
    if (b.seenAt === null) b.seenAt = performance.now();
    const p = boot.querySelector('progress');
    if (p && p.hasAttribute('value')) { b.progress = Math.max(b.progress, p.value); b.max = p.max; }
    const amount = boot.querySelector('.boot-amount');
    if (amount && amount.textContent) b.amount = amount.textContent;
    const status = boot.querySelector('.boot-status');
    if (status && status.textContent) b.status = status.textContent;
  }
  if (b.appAt === null && document.querySelector('[data-testid=account-setup]')) {
    b.appAt = performance.now();
    b.bootGone = !boot;
  }
}).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
"#;

#[test]
fn over_a_slow_link_the_loading_screen_shows_progress_then_gives_way_to_the_app() {
    let bridge = RunningBridge::start(|_| {});
    let mut browser = Browser::start().expect("start headless Chromium");
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OBSERVE })).expect("observer");
    browser.cdp("Network.enable", json!({})).expect("network domain");
    // 1 Mbit/s down with 100 ms round trips: the module takes seconds, the page a fraction of one.
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": 100.0, "downloadThroughput": 125_000.0, "uploadThroughput": 100_000.0 }),
        )
        .expect("emulate a slow link");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    ui::screenshot(&browser, "boot-loading");
    browser.wait_for("[data-testid=account-setup]", Duration::from_secs(60)).expect("the app mounts");

    let seen = browser.execute("return window.__boot;", vec![]).expect("read the observer");
    let timing = browser
        .execute(
            "const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint'); \
             const wasm = performance.getEntriesByType('resource').filter(r => r.name.endsWith('_bg.wasm')); \
             return { paint: paint ? paint.startTime : null, wasmEnd: wasm.length ? wasm[0].responseEnd : null, wasmFetches: wasm.length };",
            vec![],
        )
        .expect("read the timings");
    let (paint, wasm_end) =
        (timing["paint"].as_f64().expect("a first paint"), timing["wasmEnd"].as_f64().expect("a wasm fetch"));
    assert!(
        paint + 1000.0 < wasm_end,
        "something is on screen well before the module has arrived: first paint {paint} ms, module at {wasm_end} ms"
    );
    assert_eq!(
        timing["wasmFetches"], 1,
        "the main module is fetched once (the preload is the initializer's fetch): {timing}"
    );

    let (progress, max) = (seen["progress"].as_f64().unwrap_or(0.0), seen["max"].as_f64().unwrap_or(0.0));
    assert_eq!(
        max as u64,
        shipped_module_size(),
        "the progress bar's maximum is the shipped module's size: {seen}"
    );
    assert_eq!(progress, max, "the progress bar reached its end: {seen}");
    assert!(progress > 0.0, "the progress bar moved: {seen}");
    let amount = seen["amount"].as_str().unwrap_or("");
    assert!(
        amount.ends_with(" KB") && amount.contains(" of "),
        "the bytes that arrived are shown in KB: {seen}"
    );
    assert_eq!(seen["status"], "Loading Posthorn…", "the status line says what is happening: {seen}");
    assert_eq!(seen["bootGone"], true, "the loading screen is gone once the app is on screen: {seen}");
    assert!(browser.find("#boot").expect("query").is_none(), "no loading screen stays behind the app");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn a_module_that_does_not_arrive_is_noticed_and_can_be_tried_again() {
    let bridge = RunningBridge::start(|_| {});
    let mut browser = Browser::start().expect("start headless Chromium");
    // The browser holds every request for the module: the server seems to have gone silent.
    browser
        .cdp("Fetch.enable", json!({ "patterns": [{ "urlPattern": "*.wasm", "requestStage": "Request" }] }))
        .expect("hold the module's requests");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    browser.wait_for("#boot progress", Duration::from_secs(10)).expect("the loading screen");
    let said = browser
        .wait_until(
            "the screen to say nothing arrives",
            "const s = document.querySelector('#boot .boot-status'); \
             return s && s.textContent.startsWith('Still loading') ? s.textContent : null;",
            vec![],
            Duration::from_secs(30),
        )
        .expect("the stall is noticed");
    assert_eq!(said, "Still loading: nothing has arrived for 10 seconds.");
    let retry = browser.find("#boot button").expect("query").expect("a button to try again");
    assert_eq!(browser.text(&retry).expect("text"), "Try again");
    assert!(browser.find("[data-testid=account-setup]").expect("query").is_none(), "the app did not start");

    // "Try again" loads the page afresh (the marker set on this page is gone), and once the server
    // answers again the app starts.
    browser.execute("window.__before_retry = true;", vec![]).expect("mark this page");
    browser.click(&retry).expect("try again");
    browser
        .wait_until(
            "the page to reload",
            "return window.__before_retry ? null : true;",
            vec![],
            Duration::from_secs(10),
        )
        .expect("the page reloads");
    browser.cdp("Fetch.disable", json!({})).expect("let the requests through");
    browser
        .wait_for("[data-testid=account-setup]", Duration::from_secs(30))
        .expect("the app starts on the second try");
}

/// The size of the WebAssembly module in the built app.
fn shipped_module_size() -> u64 {
    std::fs::read_dir(dist_dir())
        .expect("dist/ exists (run `trunk build --release`)")
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().ends_with("_bg.wasm"))
        .expect("a module in dist/")
        .metadata()
        .expect("its size")
        .len()
}

/// A copy of the built app in a fresh directory, with `change` applied to its WebAssembly module
/// (and its precompressed siblings removed, so the server sends the changed file).
struct BrokenDist(PathBuf);

impl BrokenDist {
    fn new(name: &str, change: impl Fn(&Path)) -> Self {
        let dir = std::env::temp_dir().join(format!("posthorn-boot-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("make the copy's directory");
        for entry in std::fs::read_dir(dist_dir()).expect("dist/ exists (run `trunk build --release`)") {
            let entry = entry.expect("a dist entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let wasm_sibling = name.ends_with(".wasm.br") || name.ends_with(".wasm.gz");
            if entry.file_type().expect("file type").is_file() && !wasm_sibling {
                std::fs::copy(entry.path(), dir.join(&name)).expect("copy a dist file");
            }
        }
        let wasm = std::fs::read_dir(&dir)
            .expect("the copy")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
            .expect("the main module, *_bg.wasm, in dist/");
        change(&wasm);
        BrokenDist(dir)
    }
}

impl Drop for BrokenDist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Opens the broken copy and returns the loading screen's error text, after checking that it is
/// an alert with a "try again" button that has focus, and that the screen passes axe-core.
fn boot_error(browser: &mut Browser, dist: &BrokenDist, retry: &str) -> String {
    let dir = dist.0.clone();
    let bridge = RunningBridge::start(move |c| c.dist = dir);
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    let alert =
        browser.wait_for("[data-testid=boot-error]", Duration::from_secs(30)).expect("the screen explains");
    ui::screenshot(browser, &format!("boot-error-{}", retry.replace(' ', "-")));
    let role = browser
        .execute("return document.querySelector('[data-testid=boot-error]').getAttribute('role');", vec![])
        .expect("role");
    assert_eq!(role, "alert", "the reason is announced");
    let focused = browser.execute("return document.activeElement.textContent;", vec![]).expect("focus");
    assert_eq!(focused, retry, "the button to try again has focus");
    assert!(
        browser.find("#boot progress").expect("query").is_none(),
        "no progress bar stays beside the error"
    );
    let violations = axe::violations(browser, &axe::source());
    assert!(violations.is_empty(), "axe-core on the error screen: {violations:#?}");
    browser.text(&alert).expect("read the error")
}

#[test]
fn a_missing_module_is_explained_with_the_servers_answer() {
    let dist = BrokenDist::new("missing", |wasm| std::fs::remove_file(wasm).expect("remove the module"));
    let mut browser = Browser::start().expect("start headless Chromium");
    let text = boot_error(&mut browser, &dist, "Try again");
    assert!(
        text.starts_with("Posthorn could not start: the server answered 404"),
        "the reason names the server's answer: {text}"
    );
    assert!(
        !text.contains("CompileError") && !text.contains("magic"),
        "no engine words reach the person: {text}"
    );
}

#[test]
fn a_module_cut_short_is_explained_in_german_to_a_german_browser() {
    let dist = BrokenDist::new("cut", |wasm| {
        let bytes = std::fs::read(wasm).expect("read the module");
        std::fs::write(wasm, &bytes[..bytes.len() / 2]).expect("cut the module short");
    });
    let mut browser = Browser::start_with_language("de-DE").expect("start headless Chromium in German");
    let text = boot_error(&mut browser, &dist, "Erneut versuchen");
    assert!(text.starts_with("Posthorn konnte nicht starten: "), "the reason is in German: {text}");
    let lang = browser.execute("return document.documentElement.lang;", vec![]).expect("lang");
    assert_eq!(lang, "de", "the page says its language");
}
