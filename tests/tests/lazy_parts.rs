//! The parts of the app that load when first shown (frontend/src/lazy.rs, split off by
//! frontend/wasm-split.sh), with the real bridge and headless Chromium: the first screen of a
//! first visit (the account setup) needs the main module alone, and the mail view's part (with
//! the code behind "Test and save") follows in the background; a part is fetched when it is
//! first shown; a part whose module does not arrive says so in plain words and shows once *Retry*
//! finds it; an account is not saved while the code that checks it does not arrive, and the form
//! keeps what was typed; and a message sent while the outbox's code for sending does not arrive
//! waits in the outbox and goes out once, when it does.

use std::path::PathBuf;
use std::time::Duration;

use posthorn_tests::app::{RunningBridge, dist_dir};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui;

/// The names of the wasm modules the page has fetched so far.
fn fetched_modules(browser: &mut Browser) -> Vec<String> {
    let names = browser
        .execute(
            "return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname) \
               .filter(p => p.endsWith('.wasm'));",
            vec![],
        )
        .expect("read the resource timing");
    names.as_array().into_iter().flatten().filter_map(|n| n.as_str()).map(str::to_string).collect()
}

/// The file in `dir` of the part built from lazy.rs's module `part` (`split_<part>-<hash>.wasm`).
fn part_file(dir: &std::path::Path, part: &str) -> String {
    std::fs::read_dir(dir)
        .expect("dist/ exists (run `trunk build --release`)")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(&format!("split_{part}-")) && n.ends_with(".wasm"))
        .unwrap_or_else(|| panic!("no split_{part}-*.wasm in {}: was the app built by Trunk?", dir.display()))
}

/// Records (in `performance.now()` milliseconds) when the first screen appeared.
const OBSERVE: &str = r#"
window.__firstScreen = null;
new MutationObserver((_, obs) => {
  if (document.querySelector('[data-testid=account-setup]')) {
    window.__firstScreen = performance.now();
    obs.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"#;

#[test]
fn the_first_screen_fetches_only_its_own_code_and_a_part_loads_when_first_shown() {
    let bridge = RunningBridge::start(|_| {});
    let mut browser = Browser::start().expect("start headless Chromium");
    browser
        .cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": OBSERVE }))
        .expect("observer");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", Duration::from_secs(30)).expect("the account setup");

    let dist = dist_dir();
    let before_first_screen = browser
        .execute(
            "return performance.getEntriesByType('resource')                .filter(r => r.startTime < window.__firstScreen)                .map(r => new URL(r.name).pathname).filter(p => p.endsWith('.wasm'));",
            vec![],
        )
        .expect("read the resource timing");
    let before: Vec<&str> =
        before_first_screen.as_array().into_iter().flatten().filter_map(|n| n.as_str()).collect();
    assert!(
        before.len() == 1 && before[0].ends_with("_bg.wasm"),
        "the first screen needs the main module alone: {before:?}"
    );

    // While the form is filled in, the code behind "Test and save" and the mail view that follows
    // it arrives in the background, and nothing else.
    let was_fetched =
        |fetched: &[String], file: &str| fetched.iter().any(|f| f.ends_with(&format!("/{file}")));
    let mail = part_file(&dist, "mail");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut fetched = fetched_modules(&mut browser);
    while !was_fetched(&fetched, &mail) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        fetched = fetched_modules(&mut browser);
    }
    assert!(was_fetched(&fetched, &mail), "the mail view's part, in the background: {fetched:?}");
    for part in ["compose", "reader", "filters", "log", "views", "send"] {
        assert!(!was_fetched(&fetched, &part_file(&dist, part)), "{part} is not needed yet: {fetched:?}");
    }

    let toggle = browser.find("[data-testid=toggle-log]").expect("query").expect("the log button");
    browser.click(&toggle).expect("show the log");
    browser.wait_for("[data-testid=log-pane]", Duration::from_secs(10)).expect("the log pane");
    let fetched = fetched_modules(&mut browser);
    assert!(was_fetched(&fetched, &part_file(&dist, "log")), "the log's part, once shown: {fetched:?}");
    assert!(!was_fetched(&fetched, &part_file(&dist, "compose")), "still no composer: {fetched:?}");
}

/// A copy of the built app whose part `part` (and its precompressed siblings) is moved aside, so
/// the server answers 404 for it until [`PartMissing::restore`].
struct PartMissing {
    dir: PathBuf,
    file: String,
}

impl PartMissing {
    fn new(part: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("posthorn-lazy-parts-{part}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("make the copy's directory");
        for entry in std::fs::read_dir(dist_dir()).expect("dist/ exists (run `trunk build --release`)") {
            let entry = entry.expect("a dist entry");
            if entry.file_type().expect("file type").is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy a dist file");
            }
        }
        let file = part_file(&dir, part);
        let missing = PartMissing { dir, file };
        missing.shift("", ".aside");
        missing
    }

    fn shift(&self, from: &str, to: &str) {
        for sibling in ["", ".br", ".gz"] {
            let name = format!("{}{sibling}", self.file);
            let _ =
                std::fs::rename(self.dir.join(format!("{name}{from}")), self.dir.join(format!("{name}{to}")));
        }
    }

    fn restore(&self) {
        self.shift(".aside", "");
    }
}

impl Drop for PartMissing {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn a_part_whose_code_does_not_arrive_says_so_and_retry_shows_it() {
    let missing = PartMissing::new("log");
    let dir = missing.dir.clone();
    let bridge = RunningBridge::start(move |c| c.dist = dir);
    let mut browser = Browser::start().expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", Duration::from_secs(30)).expect("the account setup");

    let toggle = browser.find("[data-testid=toggle-log]").expect("query").expect("the log button");
    browser.click(&toggle).expect("show the log");
    let alert = browser
        .wait_for("[data-testid=part-not-loaded]", Duration::from_secs(10))
        .expect("the missing part is explained");
    ui::screenshot(&browser, "part-not-loaded");
    let said = browser.text(&alert).expect("its text");
    assert!(said.contains("could not be loaded") && said.contains("Check the connection"), "{said}");
    let role = browser
        .execute(
            "return document.querySelector('[data-testid=part-not-loaded]').getAttribute('role');",
            vec![],
        )
        .expect("role");
    assert_eq!(role, "alert", "the failure is announced");
    assert!(browser.find("[data-testid=log-pane]").expect("query").is_none(), "no half-built pane");
    // The rest of the app goes on working: the account setup is still there.
    assert!(browser.find("[data-testid=account-setup]").expect("query").is_some());
    // The page explains the failure; the loader (frontend/wasm-split.sh) logs it as a warning,
    // not as an error, and only the browser's own line for the refused file is an error.
    let console = browser.console().expect("the console");
    assert!(
        console.iter().any(|e| e.level == "WARNING" && e.message.contains("wasm_split-")),
        "the loader's warning: {console:#?}"
    );
    browser.assert_no_console_errors(&["404 (Not Found)"]).expect("no other console errors");

    missing.restore();
    let retry =
        browser.find("[data-testid=part-not-loaded] button").expect("query").expect("the Retry button");
    browser.click(&retry).expect("retry");
    browser.wait_for("[data-testid=log-pane]", Duration::from_secs(10)).expect("the log pane, on retry");
    assert!(browser.find("[data-testid=part-not-loaded]").expect("query").is_none(), "the error is gone");
}

/// The app served from `missing`'s copy by a bridge that lets it reach `stack`, open in a fresh
/// headless Chromium. Bind the pair in this order so the bridge outlives the browser.
fn open_without(stack: &MailStack, missing: &PartMissing) -> (RunningBridge, Browser) {
    let (dir, p) = (missing.dir.clone(), stack.ports());
    let ports = [p.imap, p.imaps, p.submission, p.submissions];
    let ca = stack.ca_pem_path();
    let bridge = RunningBridge::start(move |c| {
        c.dist = dir;
        c.allow_net.push("127.0.0.0/8".parse().expect("a CIDR"));
        c.allow_port.extend(ports);
        c.extra_ca.push(ca);
    });
    let browser = Browser::start().expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    (bridge, browser)
}

#[test]
fn a_message_sent_while_the_code_for_sending_does_not_arrive_waits_and_goes_out_once() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let missing = PartMissing::new("send");
    let (_bridge, mut browser) = open_without(&stack, &missing);
    ui::set_up_account(&mut browser, &stack, &alice, &alice.password);

    let subject = "Sent before the code for sending arrived";
    ui::send_new(&mut browser, &bob.address, subject, "It waits in the outbox.");
    browser
        .wait_until(
            "the outbox to say why it waits",
            "const o = document.querySelector('[data-testid=outbox]'); \
             return o && o.textContent.includes('code for sending did not arrive') ? o.textContent : null;",
            vec![],
            Duration::from_secs(30),
        )
        .unwrap_or_else(|e| panic!("{e}\noutbox: {}", ui::outbox_text(&browser)));
    ui::wait_outbox(&mut browser, subject, "waiting", Duration::from_secs(5));
    assert_eq!(ui::arrived(&stack, &bob, subject), 0, "nothing went out");

    // The code is there again; the network coming back starts the outbox's next pass.
    missing.restore();
    browser.execute("window.dispatchEvent(new Event('online'));", vec![]).expect("online event");
    ui::wait_outbox(&mut browser, subject, "sent", Duration::from_secs(60));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while ui::arrived(&stack, &bob, subject) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(ui::arrived(&stack, &bob, subject), 1, "delivered exactly once");
}

#[test]
fn an_account_is_not_saved_while_the_code_to_check_it_does_not_arrive() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let missing = PartMissing::new("mail");
    let (_bridge, mut browser) = open_without(&stack, &missing);
    ui::set_up_account(&mut browser, &stack, &alice, &alice.password);
    let said = browser
        .wait_until(
            "the setup to say the code did not arrive",
            "const s = document.querySelector('[data-testid=setup-steps]'); \
             return s && s.textContent.includes('could not be loaded') ? s.textContent : null;",
            vec![],
            Duration::from_secs(30),
        )
        .expect("a plain error");
    assert!(said.as_str().unwrap_or("").contains("Check the connection"), "{said}");
    assert!(browser.find("[data-testid=account-setup]").expect("query").is_some(), "the form stays");
    let typed = browser
        .execute("return document.querySelector('[name=email]').value;", vec![])
        .expect("the address field");
    assert_eq!(typed, alice.address.as_str(), "what was typed is kept");

    // Once the code is there, the same form signs in and opens the inbox.
    missing.restore();
    let save = browser.find("[data-testid=test-and-save]").expect("query").expect("the save button");
    browser.click(&save).expect("test and save again");
    browser.wait_for(".mail-view", Duration::from_secs(30)).expect("the mail view");
    assert!(browser.find("[data-testid=account-setup]").expect("query").is_none(), "the form is done");
}
