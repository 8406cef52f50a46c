//! Printing a message: the reader's More menu and Ctrl+P print the shown message alone, laid out
//! for paper by the engine (shared/src/message/print_document.rs) in a frame of its own
//! (frontend/src/reader/print.rs), whole however long, with no script and no remote image unless
//! the person allowed them. Real app in headless Chromium, the real bridge, Dovecot; a local
//! [`Recorder`] stands in for the web server of the message's images.
//!
//! What the printed frame holds is read when the browser starts printing it (its `beforeprint`
//! event), which is the browser's own word that `print()` ran on that document.

use std::time::Duration;

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::recorder::Recorder;
use posthorn_tests::ui::{WAIT, more_action, open_row, signed_in, wait_row_count};
use serde_json::{Value, json};

/// A long HTML newsletter: 400 paragraphs, far more than the reader's frame shows at once, a
/// remote image, a script and an attachment.
fn newsletter(remote: &str) -> Vec<u8> {
    let paragraphs: String =
        (1..=400).map(|n| format!("<p>Paragraph {n} of 400: the quick brown fox.</p>\r\n")).collect();
    format!(
        "From: Anna Weber <anna@example.org>\r\nTo: Alice <alice@localhost>\r\n\
Subject: Winter newsletter\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\nMessage-ID: <news@example.org>\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><h1>Winter</h1>\
<img src=\"http://{remote}/img/banner.png\" alt=\"banner\">\
<script>parent.document.title = 'pwned'</script>\r\n{paragraphs}<p>THE END</p></body></html>\r\n\
--outer\r\nContent-Type: application/pdf; name=\"programme.pdf\"\r\nContent-Disposition: attachment; filename=\"programme.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--outer--\r\n"
    )
    .into_bytes()
}

fn plain() -> Vec<u8> {
    b"From: Bob <bob@example.org>\r\nTo: Alice <alice@localhost>\r\nSubject: Lunch on Friday\r\n\
Date: Wed, 2 Dec 2026 09:00:00 +0100\r\nMessage-ID: <lunch@example.org>\r\n\r\n\
Shall we meet at noon?\r\n\r\n-- \r\nBob\r\n"
        .to_vec()
}

/// Records, in `window.printed`, every print frame the app adds: its sandbox and, when the
/// browser starts printing it, its title and text.
fn watch_printing(browser: &Browser) {
    browser
        .execute(
            "window.printed = []; \
             new MutationObserver(changes => { for (const c of changes) for (const f of c.addedNodes) { \
               if (!(f instanceof HTMLIFrameElement) || f.dataset.testid !== 'print-frame') continue; \
               const entry = { sandbox: f.getAttribute('sandbox'), printed: false }; window.printed.push(entry); \
               f.addEventListener('load', () => f.contentWindow.addEventListener('beforeprint', () => { \
                 const d = f.contentDocument; entry.printed = true; entry.title = d.title; \
                 entry.text = d.body.innerText; entry.html = d.documentElement.outerHTML; \
                 entry.images = [...d.images].map(i => i.complete && i.naturalWidth > 0); })); } })\
               .observe(document.body, { childList: true });",
            vec![],
        )
        .expect("watch printing");
}

/// The `n`th print, once the browser has begun printing it.
fn printed(browser: &mut Browser, n: usize) -> Value {
    browser
        .wait_until(
            &format!("print {n} to begin"),
            "return (window.printed[arguments[0]] || {}).printed === true",
            vec![json!(n)],
            WAIT,
        )
        .expect("the browser prints the frame");
    browser.execute("return window.printed[arguments[0]]", vec![json!(n)]).expect("read")
}

#[test]
fn a_message_prints_whole_without_script_or_remote_images_unless_allowed() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let recorder = Recorder::start();
    stack.seed(&alice, "INBOX", &[newsletter(&recorder.host), plain()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);
    watch_printing(&browser);

    open_row(&mut browser, "Winter newsletter");
    more_action(&mut browser, "[data-testid=print-message]");
    let first = printed(&mut browser, 0);
    assert_eq!(first["sandbox"], "allow-same-origin allow-modals", "no allow-scripts: {first}");
    assert_eq!(first["title"], "Winter newsletter");
    let text = first["text"].as_str().expect("text");
    for expected in [
        "Winter newsletter",
        "From",
        "Anna Weber <anna@example.org>",
        "Paragraph 1 of 400",
        "THE END",
        "programme.pdf",
    ] {
        assert!(text.contains(expected), "{expected:?} is printed: {text}");
    }
    // The whole message, in order, not the part the reader's frame shows.
    assert!(text.find("Paragraph 399 of 400") < text.find("THE END"), "{text}");
    let html = first["html"].as_str().expect("html");
    assert!(!html.contains("<script"), "no script in the printout");
    assert!(html.contains("img-src data:;"), "the printout's policy blocks remote images: {html}");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(recorder.seen().connections, 0, "nothing loaded before consent: {:?}", recorder.seen());
    assert_ne!(browser.execute("return document.title", vec![]).expect("title"), "pwned");

    // Once the images are allowed for this message, the printout has them too.
    let load = browser.wait_for("[data-testid=load-remote]", WAIT).expect("the bar offers to load");
    browser.click(&load).expect("consent");
    more_action(&mut browser, "[data-testid=print-message]");
    let second = printed(&mut browser, 1);
    assert!(second["html"].as_str().expect("html").contains("img-src data: http: https:;"), "{second}");
    let deadline = std::time::Instant::now() + WAIT;
    while !recorder.seen().requests.iter().any(|r| r.starts_with("GET /img/banner.png ")) {
        assert!(
            std::time::Instant::now() < deadline,
            "the allowed image never loaded: {:?}",
            recorder.seen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        browser
            .execute("return document.querySelectorAll('[data-testid=print-frame]').length", vec![])
            .expect("count"),
        json!(1),
        "a new print replaces the last frame"
    );

    // Ctrl+P prints the open message, not the app's page.
    open_row(&mut browser, "Lunch on Friday");
    browser.press_chord(keys::CONTROL, 'p').expect("Ctrl+P");
    let third = printed(&mut browser, 2);
    let text = third["text"].as_str().expect("text");
    assert!(text.contains("Lunch on Friday") && text.contains("Shall we meet at noon?"), "{text}");
    assert!(!text.contains("Winter"), "only the open message: {text}");
    // The banner refused before consent is the policy at work, which the browser logs (as the
    // reader's frame does, reading.rs).
    browser.assert_no_console_errors(&["banner.png"]).expect("no other console errors");
}
