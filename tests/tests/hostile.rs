//! Hostile mail in the real app: headless Chromium, the real bridge, real Dovecot and Postfix.
//!
//! The corpus is `shared/tests/corpus/hostile/` (its README says where each attack comes from).
//! `REMOTE` in it becomes a local [`Recorder`], which sees every TCP connection and request the
//! browser makes to it, and `BRIDGE` the bridge's own origin. What must hold: no script runs in
//! any origin, nothing connects anywhere before consent, consent loads images and nothing else,
//! attachments never become documents of the app, links never start work in the bridge, and
//! spoofed file names read as what they are.

use std::time::Duration;

use posthorn_tests::app::RunningBridge;
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::recorder::Recorder;
use posthorn_tests::ui::{WAIT, bridge_for, click, screenshot, set_up_account};
use serde_json::{Value, json};

/// One test's world: a mail stack whose INBOX holds the named corpus messages, a bridge, the
/// recorder, and a browser with the account set up and the list showing.
struct Scene {
    _stack: MailStack,
    bridge: RunningBridge,
    recorder: Recorder,
    browser: Browser,
}

fn corpus(name: &str, recorder: &Recorder, bridge: &RunningBridge) -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tests/corpus/hostile").join(name);
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    String::from_utf8_lossy(&raw)
        .replace("REMOTE", &recorder.host)
        .replace("BRIDGE", &bridge.url)
        .into_bytes()
}

fn all_corpus_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tests/corpus/hostile");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    names.sort();
    names
}

fn scene(names: &[String]) -> Scene {
    let stack = MailStack::start().expect("mail stack");
    let recorder = Recorder::start();
    let bridge = bridge_for(&stack, &[]);
    let alice = stack.alice().clone();
    let messages: Vec<Vec<u8>> = names.iter().map(|n| corpus(n, &recorder, &bridge)).collect();
    stack.seed(&alice, "INBOX", &messages).expect("seed");
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    browser
        .wait_until(
            "the list",
            "return document.querySelectorAll('[data-testid=message-row]').length > 0",
            vec![],
            WAIT,
        )
        .expect("rows");
    Scene { _stack: stack, bridge, recorder, browser }
}

/// Opens the message whose subject starts with `prefix` (`h09 `), scrolling the virtual list to
/// it, and waits for the reader.
fn open(browser: &mut Browser, prefix: &str) {
    browser
        .wait_until(
            &format!("a row starting {prefix:?}"),
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
               if (r.querySelector('.subject').textContent.startsWith(arguments[0])) { r.click(); return true; } \
             const v = document.querySelector('[data-testid=message-list]'); \
             v.scrollTop = v.scrollTop + v.clientHeight + 1 >= v.scrollHeight ? 0 : v.scrollTop + 200; \
             v.dispatchEvent(new Event('scroll')); return false;",
            vec![json!(prefix)],
            WAIT,
        )
        .expect("row to click");
    browser
        .wait_until(
            "the reader to show it",
            "const h = document.querySelector('[data-testid=reader-subject]'); \
             return !!h && h.textContent.startsWith(arguments[0]);",
            vec![json!(prefix)],
            WAIT,
        )
        .expect("reader shows the message");
}

fn has(browser: &Browser, css: &str) -> bool {
    browser.execute("return !!document.querySelector(arguments[0])", vec![json!(css)]).expect("script")
        == Value::Bool(true)
}

/// The marks a script in the app's origin would leave.
fn assert_no_script_ran_in_the_app(browser: &Browser) {
    let marks = browser
        .execute("return [document.title, localStorage.getItem('pwned')]", vec![])
        .expect("read marks");
    assert_ne!(marks[0], "pwned", "a script set the app's title");
    assert_eq!(marks[1], Value::Null, "a script wrote into the app's storage");
}

/// Scrolls the message frame into view. CSS images load when the frame is styled, and Chromium
/// does not style a cross-origin frame out of view; a person reading it has it in view.
fn show_frame(browser: &Browser) {
    browser
        .execute(
            "const f = document.querySelector('[data-testid=html-body]'); if (f) f.scrollIntoView();",
            vec![],
        )
        .expect("scroll");
}

fn discoveries(bridge: &RunningBridge) -> String {
    let metrics =
        ureq::get(&format!("{}/metrics", bridge.url)).call().expect("metrics").into_string().unwrap();
    metrics.lines().find(|l| l.starts_with("posthorn_discoveries_total ")).unwrap_or_default().to_owned()
}

#[test]
fn the_hostile_corpus_runs_no_script_and_opens_no_connection() {
    let names = all_corpus_names();
    assert!(names.len() >= 30);
    let mut s = scene(&names);
    for name in &names {
        let prefix = format!("{} ", &name[..3]);
        open(&mut s.browser, &prefix);
        // Connection hints and frames act while the frame's document is parsed.
        std::thread::sleep(Duration::from_millis(400));
        if ["h09 ", "h10 ", "h28 "].contains(&prefix.as_str()) {
            assert!(has(&s.browser, "[data-testid=remote-content-bar]"), "{name}: the consent bar shows");
        }
        let seen = s.recorder.seen();
        assert_eq!(seen.connections, 0, "{name} made the browser connect: {:?}", seen.requests);
    }
    std::thread::sleep(Duration::from_millis(1500));
    let seen = s.recorder.seen();
    assert_eq!(seen.connections, 0, "connections before consent: {:?}", seen.requests);
    assert_no_script_ran_in_the_app(&s.browser);
    assert_eq!(discoveries(&s.bridge), "posthorn_discoveries_total 0");
    // What reaches the frame carries no script and no handler, whatever the message said.
    open(&mut s.browser, "h02 ");
    let srcdoc = s
        .browser
        .execute("return document.querySelector('[data-testid=html-body]').getAttribute('srcdoc')", vec![])
        .expect("srcdoc");
    let srcdoc = srcdoc.as_str().unwrap_or_default();
    assert!(
        !srcdoc.contains("onerror") && !srcdoc.contains("onload=") && !srcdoc.contains("<svg"),
        "{srcdoc}"
    );
}

#[test]
fn attachments_never_run_in_the_apps_origin_and_spoofed_names_show() {
    let names: Vec<String> = ["h18-html-attachment.eml", "h19-spoofed-names.eml"].map(String::from).to_vec();
    let mut s = scene(&names);
    open(&mut s.browser, "h18 ");
    let links = s
        .browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=attachments] a')].map(a => [a.textContent, a.href]);",
            vec![],
        )
        .expect("links");
    let links: Vec<(String, String)> = links
        .as_array()
        .expect("array")
        .iter()
        .map(|l| (l[0].as_str().unwrap().to_owned(), l[1].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
    // Each link's address opened in a tab of its own, as a person pasting it would: only the
    // raster image becomes a document; the rest download, never a document of the app's origin.
    let app = s.browser.tab().expect("tab");
    for (name, href) in &links {
        let tab = s.browser.new_tab().expect("new tab");
        s.browser.switch_to(&tab).expect("switch");
        let _ = s.browser.goto(href);
        std::thread::sleep(Duration::from_millis(500));
        let document =
            s.browser.execute("return [location.href, document.contentType]", vec![]).expect("tab");
        s.browser.close_tab().expect("close");
        s.browser.switch_to(&app).expect("back");
        if name == "dot.png" {
            assert_eq!(document, json!([href, "image/png"]), "{name}");
        } else {
            assert_eq!(document[0], "about:blank", "{name} became a document: {document}");
        }
    }
    assert_no_script_ran_in_the_app(&s.browser);

    // Names with bidirectional controls and zero-width characters read as what they are, and are
    // saved without them.
    open(&mut s.browser, "h19 ");
    let shown = s
        .browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=attachments] a')].map(a => [a.textContent, a.getAttribute('download')]);",
            vec![],
        )
        .expect("names");
    assert_eq!(
        shown,
        json!([
            ["invoice[U+202E]fdp.html", "invoicefdp.html"],
            ["report.pdf[U+200B][U+200B][U+200B].exe", "report.pdf.exe"]
        ])
    );
    assert_eq!(s.recorder.seen().connections, 0);
}

#[test]
fn links_in_a_message_never_start_work_in_the_bridge() {
    let mut s = scene(&["h14-links-into-bridge.eml".to_string()]);
    open(&mut s.browser, "h14 ");
    let app = s.browser.tab().expect("tab");
    let frame = s.browser.wait_for("[data-testid=html-body]", WAIT).expect("frame");
    s.browser.switch_to_frame(&frame).expect("into the frame");
    let hrefs = s
        .browser
        .execute(
            "return [...document.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.target])",
            vec![],
        )
        .expect("links");
    let bridge_link = format!("{}/discover?email=victim@evil.test", s.bridge.url);
    assert_eq!(
        hrefs,
        json!([
            [bridge_link, "_blank"],
            [null, "_blank"],
            [format!("{}/discover?email=top@evil.test", s.bridge.url), "_blank"]
        ]),
        "absolute links open in a new tab; the relative one goes nowhere"
    );
    // A person clicks all three.
    for id in ["self-link", "relative-link", "top-link"] {
        let link = s.browser.find(&format!("#{id}")).expect("find").expect(id);
        s.browser.click(&link).expect("click");
    }
    std::thread::sleep(Duration::from_millis(1500));
    let text = s.browser.execute("return document.body.textContent", vec![]).expect("frame text");
    assert!(text.as_str().unwrap_or_default().contains("Check your account"), "the frame stayed: {text}");
    s.browser.switch_to_parent().expect("out of the frame");
    // The tabs the links opened got the bridge's refusal, and no discovery ran.
    let tabs = s.browser.tabs().expect("tabs");
    assert_eq!(tabs.len(), 3, "two links opened tabs: {tabs:?}");
    for tab in tabs.iter().filter(|t| **t != app) {
        s.browser.switch_to(tab).expect("switch");
        let body = s.browser.execute("return document.body.textContent", vec![]).expect("text");
        assert!(body.as_str().unwrap_or_default().contains("did not come from the Posthorn app"), "{body}");
    }
    s.browser.switch_to(&app).expect("back");
    assert_eq!(discoveries(&s.bridge), "posthorn_discoveries_total 0");
}

#[test]
fn consent_loads_remote_images_and_nothing_else() {
    let names: Vec<String> =
        ["h12-css-urls.eml", "h22-entity-obfuscation.eml", "h28-newsletter.eml", "h29-same-sender.eml"]
            .map(String::from)
            .to_vec();
    let mut s = scene(&names);
    let requests_of = |recorder: &Recorder, path: &str| {
        recorder.seen().requests.iter().filter(|r| r.starts_with(&format!("GET {path} "))).count()
    };

    // Before consent: the bar, and nothing on the wire.
    open(&mut s.browser, "h28 ");
    s.browser.wait_for("[data-testid=load-remote]", WAIT).expect("the bar offers to load");
    std::thread::sleep(Duration::from_millis(500));
    screenshot(&s.browser, "hostile-consent-bar");
    assert_eq!(s.recorder.seen().connections, 0);
    let load = s.browser.find("[data-testid=load-remote]").expect("find").expect("button");
    s.browser.click(&load).expect("consent");
    show_frame(&s.browser);
    for path in ["/img/logo.png", "/img/hero.jpg", "/img/pixel.gif"] {
        let deadline = std::time::Instant::now() + WAIT;
        while requests_of(&s.recorder, path) == 0 {
            assert!(std::time::Instant::now() < deadline, "{path} never loaded: {:?}", s.recorder.seen());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    assert!(!has(&s.browser, "[data-testid=remote-content-bar]"), "the bar goes once consent is given");

    // Remote CSS images load with consent; @import, stylesheets, fonts and image-set never do.
    open(&mut s.browser, "h12 ");
    let load = s.browser.wait_for("[data-testid=load-remote]", WAIT).expect("bar");
    s.browser.click(&load).expect("consent");
    show_frame(&s.browser);
    let deadline = std::time::Instant::now() + WAIT;
    while requests_of(&s.recorder, "/img/inline-style") == 0 {
        assert!(std::time::Instant::now() < deadline, "the inline style's image never loaded");
        std::thread::sleep(Duration::from_millis(100));
    }

    // "Always load from this sender": this message now, and the next one from them without asking.
    open(&mut s.browser, "h29 ");
    let always = s.browser.wait_for("[data-testid=always-load-remote]", WAIT).expect("per-sender button");
    s.browser.click(&always).expect("always");
    let deadline = std::time::Instant::now() + WAIT;
    while requests_of(&s.recorder, "/img/second.png") == 0 {
        assert!(std::time::Instant::now() < deadline, "this message's image: {:?}", s.recorder.seen());
        std::thread::sleep(Duration::from_millis(100));
    }
    open(&mut s.browser, "h22 ");
    show_frame(&s.browser);
    let deadline = std::time::Instant::now() + WAIT;
    while requests_of(&s.recorder, "/img/entity") == 0 {
        if std::time::Instant::now() > deadline {
            let doc = s.browser.execute(
                "const f = document.querySelector('[data-testid=html-body]'); return [f && f.getAttribute('srcdoc'), document.querySelector('.reader').outerHTML.slice(0, 3000)]",
                vec![],
            );
            panic!("the trusted sender's images: {:?}\n{doc:?}", s.recorder.seen());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!has(&s.browser, "[data-testid=remote-content-bar]"), "no bar for a trusted sender");

    // The settings list the sender; Remove there makes its messages ask again.
    click(&mut s.browser, "[data-testid=settings] > summary");
    let listed = s.browser.wait_for("[data-testid=trusted-sender]", WAIT).expect("the sender listed");
    let sender = s.browser.text(&listed).expect("text");
    assert!(sender.contains('@'), "an address: {sender}");
    screenshot(&s.browser, "settings-trusted-senders");
    click(&mut s.browser, "[data-testid=untrust-sender]");
    s.browser
        .wait_until(
            "the list to empty",
            "return !document.querySelector('[data-testid=trusted-sender]')",
            vec![],
            WAIT,
        )
        .expect("removed");
    click(&mut s.browser, "[data-testid=settings] > summary");
    open(&mut s.browser, "h12 ");
    open(&mut s.browser, "h22 ");
    s.browser.wait_for("[data-testid=remote-content-bar]", WAIT).expect("asks again once removed");

    std::thread::sleep(Duration::from_millis(1000));
    let seen = s.recorder.seen();
    let not_images: Vec<_> = seen.requests.iter().filter(|r| !r.starts_with("GET /img/")).collect();
    assert!(not_images.is_empty(), "consent loaded more than images: {not_images:?}");
    assert_no_script_ran_in_the_app(&s.browser);
}
