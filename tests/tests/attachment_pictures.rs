//! Pictures among the attachments show below the message, as Thunderbird shows them: raster
//! images the HTML does not show already, each drawn from a `blob:` URL of its own type and
//! linking to it whole; an SVG (which can hold script) stays a download only; and an image the HTML
//! shows by `cid:` shows below the text once plain text is chosen instead
//! (`ReadableMessage::pictures`, frontend/src/reader/attachments.rs). Real app in headless
//! Chromium, the real bridge, Dovecot.

use posthorn_tests::browser::Browser;
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, more_action, open_row, signed_in, wait_row_count};
use serde_json::{Value, json};

/// A 3 × 2 PNG, red.
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==";

fn holiday_photos() -> Vec<u8> {
    format!(
        "From: Bob <bob@posthorn.test>\r\nTo: alice@posthorn.test\r\nSubject: Holiday photos\r\n\
Date: Wed, 2 Dec 2026 09:00:00 +0000\r\nMessage-ID: <photos@posthorn.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Two from the beach.\r\n--m\r\nContent-Type: image/png; name=\"Strand 1.png\"\r\n\
Content-Disposition: attachment; filename=\"Strand 1.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{PNG}\r\n\
--m\r\nContent-Type: image/svg+xml; name=\"map.svg\"\r\nContent-Disposition: attachment; filename=\"map.svg\"\r\n\r\n\
<svg xmlns=\"http://www.w3.org/2000/svg\"><script>parent.document.title='pwned'</script></svg>\r\n--m--\r\n"
    )
    .into_bytes()
}

/// Every picture shown: its caption, its image's size once drawn, and its link.
fn pictures(browser: &mut Browser) -> Value {
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=reader] [data-testid=attachment-preview]')].map(f => { \
               const i = f.querySelector('img'); \
               return { caption: f.querySelector('figcaption').textContent, alt: i.alt, \
                        size: i.complete ? [i.naturalWidth, i.naturalHeight] : null, \
                        link: f.querySelector('a').href.slice(0, 5), target: f.querySelector('a').target }; })",
            vec![],
        )
        .expect("read pictures")
}

fn wait_pictures(browser: &mut Browser, n: usize) -> Value {
    browser
        .wait_until(
            &format!("{n} pictures drawn"),
            "const f = [...document.querySelectorAll('[data-testid=reader] [data-testid=attachment-preview] img')]; \
             return f.length === arguments[0] && f.every(i => i.complete && i.naturalWidth > 0);",
            vec![json!(n)],
            WAIT,
        )
        .expect("pictures");
    pictures(browser)
}

#[test]
fn image_attachments_show_below_the_message_and_svg_stays_a_download() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[holiday_photos(), fixtures::cid_image()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);

    open_row(&mut browser, "Holiday photos");
    let shown = wait_pictures(&mut browser, 1);
    assert_eq!(
        shown,
        json!([{ "caption": "Strand 1.png", "alt": "Strand 1.png", "size": [3, 2], "link": "blob:", "target": "_blank" }]),
        "the PNG is drawn and the SVG is not"
    );
    let listed = browser
        .execute(
            "return document.querySelector('[data-testid=reader] [data-testid=attachments]').textContent",
            vec![],
        )
        .expect("list");
    assert!(listed.as_str().is_some_and(|l| l.contains("map.svg") && l.contains("Strand 1.png")), "{listed}");

    // The logo the HTML shows by cid: is not shown twice; as plain text it shows below.
    open_row(&mut browser, "Our new logo");
    browser.wait_for("[data-testid=html-body]", WAIT).expect("the HTML");
    assert_eq!(pictures(&mut browser), json!([]), "the HTML already shows the logo");
    more_action(&mut browser, "[data-testid=toggle-plain]");
    let shown = wait_pictures(&mut browser, 1);
    assert_eq!(shown[0]["size"], json!([1, 1]), "{shown}");
    assert_ne!(browser.execute("return document.title", vec![]).expect("title"), "pwned");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
