//! The golden corpus in the real app: a sample of `shared/tests/corpus/display/` (see its README)
//! appended to real Dovecot, listed and opened in headless Chromium through the real bridge. The
//! list shows each message's Date header (APPEND made every INTERNALDATE the same minute) and the
//! placeholders; the reader shows every part the display model shows, in order, the attachments by
//! name, the sender and the date, and the structure view shows the MIME tree.

use std::path::Path;

use posthorn_proto::message::{BodyPart, Preference, ReadableMessage, read};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, more_action, screenshot, signed_in};
use serde_json::{Value, json};

/// The cases that read wrong before, and a few of the corpus's public test messages. The last five
/// are appended last, so they are the newest and their rows are at the top of the list.
const SAMPLE: &[&str] = &[
    "cpython-msg_02",
    "cpython-msg_43",
    "malformed-015",
    "rfc-000",
    "regression-second-inline-text",
    "regression-five-transfer-encodings",
    "regression-signed-with-inline-footer",
    "regression-text-without-subtype",
    "regression-no-blank-line-after-headers",
    "regression-part-headers-without-blank-line",
    "regression-multipart-without-boundary-lines",
    "regression-zero-byte-parts",
    "regression-addresses",
    "regression-alternative-with-calendar",
    "regression-digest-toc-and-footer",
    "regression-from-without-domain",
    "regression-from-mailer-daemon-empty",
    "regression-no-headers",
    "regression-from-null-path",
];

fn corpus(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tests/corpus/display");
    std::fs::read(dir.join(format!("{name}.eml"))).expect("corpus message")
}

/// White space collapsed: the page and the engine may break lines differently (CRLF, LF).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn script(browser: &Browser, js: &str, args: Vec<Value>) -> Value {
    browser.execute(js, args).expect("script")
}

/// Clicks the row with this subject, scrolling the virtualised list until it is there, and waits
/// for the reader to show it.
fn open(browser: &mut Browser, subject: &str) {
    browser
        .wait_until(
            &format!("a row with subject {subject:?}"),
            "const v = document.querySelector('[data-testid=message-list]'); \
             for (const r of document.querySelectorAll('[data-testid=message-row]')) \
               if (r.querySelector('.subject').textContent === arguments[0]) { r.click(); return true; } \
             v.scrollTop = v.scrollTop + v.clientHeight >= v.scrollHeight ? 0 : v.scrollTop + v.clientHeight / 2; \
             v.dispatchEvent(new Event('scroll')); return false;",
            vec![json!(subject)],
            WAIT,
        )
        .expect("row to click");
    browser
        .wait_until(
            "the reader to show it",
            "const h = document.querySelector('[data-testid=reader-subject]'); return h && h.textContent === arguments[0];",
            vec![json!(subject)],
            WAIT,
        )
        .expect("reader shows the message");
}

/// The top-level parts the reader shows, as (kind, text): text parts' text, a nested message's
/// subject, an HTML frame's document.
fn shown_parts(browser: &Browser) -> Vec<(String, String)> {
    let parts = script(
        browser,
        "return [...document.querySelectorAll('[data-testid=reader] [data-testid=body-part]')] \
           .filter(p => !p.parentElement.closest('[data-testid=nested-message]')) \
           .map(p => [p.dataset.kind, p.dataset.kind === 'html' \
              ? (p.querySelector('iframe') || {}).srcdoc || '' \
              : p.dataset.kind === 'message' ? p.querySelector('[data-testid=nested-subject]').textContent \
              : p.textContent]);",
        vec![],
    );
    parts
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or_default().to_owned(),
                        p[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn check_message(browser: &mut Browser, name: &str, m: &ReadableMessage) {
    open(browser, m.subject_or_placeholder());
    let text = |css: &str| {
        script(
            browser,
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
            vec![json!(css)],
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    };
    assert_eq!(text("[data-testid=reader-from]"), m.sender_or_placeholder(), "{name}: sender");
    let date = text("[data-testid=reader-date]");
    match m.timestamp {
        Some(_) => {
            let year = &m.date.as_deref().unwrap_or_default()[..4];
            assert!(date.contains(year), "{name}: the date {date:?} is the Date header's ({year})");
        }
        None => assert!(!date.is_empty(), "{name}: INTERNALDATE stands in for the missing date"),
    }

    let expected = m.shown(Preference::Html);
    let shown = shown_parts(browser);
    assert_eq!(shown.len(), expected.len(), "{name}: parts shown {shown:?}");
    for (i, (part, (kind, text))) in expected.iter().zip(&shown).enumerate() {
        match part {
            BodyPart::Text(t) => {
                assert_eq!(kind, "text", "{name}: part {i}");
                assert_eq!(words(text), words(t), "{name}: part {i}");
            }
            BodyPart::Html(_) => {
                assert_eq!(kind, "html", "{name}: part {i}");
                assert!(text.contains("Content-Security-Policy"), "{name}: part {i} framed");
            }
            BodyPart::Message(inner) => {
                assert_eq!(kind, "message", "{name}: part {i}");
                assert!(text.contains(inner.subject_or_placeholder()), "{name}: part {i}: {text:?}");
            }
            BodyPart::Alternative { .. } => unreachable!("flattened"),
        }
    }

    let attachments = text("[data-testid=reader] > [data-testid=attachments]");
    for a in &m.attachments {
        assert!(attachments.contains(&a.name), "{name}: attachment {} listed in {attachments:?}", a.name);
    }
    if m.attachments.is_empty() {
        assert!(attachments.is_empty(), "{name}: no attachments, but {attachments:?}");
    }
}

#[test]
fn a_sample_of_the_golden_corpus_reads_in_the_app_as_the_engine_says() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let raw: Vec<Vec<u8>> = SAMPLE.iter().map(|name| corpus(name)).collect();
    stack.seed(&alice, "INBOX", &raw).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    browser
        .wait_until(
            "rows",
            "return document.querySelectorAll('[data-testid=message-row]').length > 0",
            vec![],
            WAIT,
        )
        .expect("rows");

    // The list: the Date header's date, not the APPEND time that every message shares, and the
    // placeholders.
    let newest = [
        "Auto-reply",
        "Ppp digest, Vol 1 #2 - 2 msgs",
        "From without a domain",
        "Undelivered Mail Returned to Sender",
        "(no subject)",
    ];
    let rows = browser
        .wait_until(
            "the newest rows",
            "const rows = [...document.querySelectorAll('[data-testid=message-row]')].map(r => \
               [r.querySelector('.from').textContent, r.querySelector('.subject').textContent, \
                r.querySelector('.date').textContent, r.querySelector('.date').title]); \
             return arguments[0].every(s => rows.some(r => r[1] === s)) ? rows : false;",
            vec![json!(newest)],
            WAIT,
        )
        .expect("rows");
    let row = |subject: &str| {
        rows.as_array()
            .and_then(|rows| rows.iter().find(|r| r[1] == subject).cloned())
            .unwrap_or_else(|| panic!("a row for {subject:?} in {rows:?}"))
    };
    let digest = row("Ppp digest, Vol 1 #2 - 2 msgs");
    assert!(digest[2].as_str().unwrap_or_default().contains("2001"), "the Date header's year: {digest:?}");
    assert!(digest[3].as_str().unwrap_or_default().contains("2001"), "the full date on hover: {digest:?}");
    assert_eq!(row("From without a domain")[0], "foo", "no @MISSING_DOMAIN");
    // Dovecot writes `MAILER DAEMON <>` into ENVELOPE as a name without mailbox and host, which
    // RFC 3501 section 7.4.2 also uses for the end of a group: either reading is fine.
    let bounce = row("Undelivered Mail Returned to Sender");
    assert!(
        ["MAILER DAEMON", "MAILER-DAEMON", "(no sender)"].contains(&bounce[0].as_str().unwrap_or_default()),
        "{bounce:?}"
    );
    assert_eq!(row("(no subject)")[0], "(no sender)");
    assert_eq!(row("Auto-reply")[0], "MAILER-DAEMON", "From: <>");
    assert!(!row("(no subject)")[2].as_str().unwrap_or_default().is_empty(), "INTERNALDATE without a Date");

    for (name, raw) in SAMPLE.iter().zip(&raw) {
        let m = read(raw).expect("reads");
        check_message(&mut browser, name, &m);
    }
    screenshot(&browser, "reading-corpus-last");

    // The structure view, beside the source: the MIME tree with encodings and charsets.
    let five = read(&corpus("regression-five-transfer-encodings")).expect("reads");
    open(&mut browser, &five.subject);
    more_action(&mut browser, "[data-testid=toggle-structure]");
    let tree = browser.wait_for("[data-testid=structure]", WAIT).expect("structure view");
    let tree = browser.text(&tree).expect("text");
    for needle in ["multipart/mixed", "quoted-printable", "base64", "iso-8859-1", "binary"] {
        assert!(tree.contains(needle), "{needle} in {tree}");
    }

    // The plain alternative, one click away, and the calendar offered as a file.
    let invitation = read(&corpus("regression-alternative-with-calendar")).expect("reads");
    open(&mut browser, &invitation.subject);
    browser.wait_for("[data-testid=html-body]", WAIT).expect("HTML preferred");
    more_action(&mut browser, "[data-testid=toggle-plain]");
    browser.wait_for("[data-testid=text-body]", WAIT).expect("plain shown");
    let body =
        script(&browser, "return document.querySelector('[data-testid=text-body]').textContent", vec![]);
    assert_eq!(words(body.as_str().unwrap_or_default()), "Meeting on Monday.");
    screenshot(&browser, "reading-corpus-structure");
}
