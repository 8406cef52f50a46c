//! Plain-text mail as Thunderbird reads and writes it, in the real app (headless Chromium, the
//! real bridge, Dovecot and Postfix):
//! - `format=flowed` (RFC 3676) paragraphs read as one paragraph that wraps to the pane, from a
//!   message written here and from one Netscape Communicator sent (`shared/tests/corpus/real/`);
//! - quoted lines show as nested quotes, one per level;
//! - web addresses are links that open in a new tab without a referrer, email addresses and
//!   `mailto:` URLs open the composer, and nothing else (`javascript:`) is a link;
//! - a reply quotes whole paragraphs, and what the app sends is flowed: lines of at most 78
//!   characters that the recipient (here the harness's parser, then the app in Sent) joins again.
//!
//! - with *Show message text as: Plain text* in the settings, kept across a reload, HTML mail shows
//!   as its text (no frame, nothing loaded) or its plain alternative, until its own switch.
//!
//! Deliveries are read with the harness's own IMAP client. axe-core checks the reader.

use std::path::Path;

use posthorn_proto::message::read;
use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, choose_in, click, composer_field, discard_composer, more_action, open_row, screenshot, set_field,
    signed_in, unlock, wait_for_server, wait_outbox, wait_row_count,
};
use serde_json::{Value, json};

const PARAGRAPH: &str = "Hallo Alice, das ist ein langer Absatz, der über mehrere Zeilen geht und vom \
                         Leser wieder zu einem Absatz zusammengefügt wird.";

fn flowed_message(from: &str, to: &str) -> String {
    format!(
        "From: Bob <{from}>\r\nTo: {to}\r\nSubject: Fliesstext\r\n\
         Date: Sat, 5 Dec 2026 10:00:00 +0000\r\nMessage-ID: <flowed-1@posthorn.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n\
         Hallo Alice, das ist ein langer Absatz, der \r\nüber mehrere Zeilen geht und vom \r\n\
         Leser wieder zu einem Absatz zusammengefügt wird.\r\n\r\n\
         Die Seite: https://example.com/plan?tag=freitag. Schreib an \r\n\
         carol@example.org oder mailto:list@example.org?subject=Plan, aber \r\n\
         nicht javascript:alert(1).\r\n\r\n\
         Am 1. Dezember schrieb Carol:\r\n\
         > Erste Ebene, die auch über \r\n> zwei Zeilen geht.\r\n>> Zweite Ebene.\r\n\r\n\
         -- \r\nBob\r\n"
    )
}

fn script(browser: &Browser, js: &str) -> Value {
    browser.execute(js, vec![]).expect("script")
}

/// The text of the elements `css` finds, without the line break that ends each. (textContent: a
/// run of lines ends in its line break, which the page does not show, but innerText would count
/// twice at the block's end.)
fn texts_of(browser: &Browser, css: &str) -> Vec<String> {
    let found = browser
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.replace(/\\n$/, ''));",
            vec![json!(css)],
        )
        .expect("read");
    serde_json::from_value(found).expect("strings")
}

/// Quoted-printable undone (RFC 2045 section 6.7): soft line breaks joined, `=XX` decoded.
fn quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'=' {
            let hex: String = bytes.by_ref().take(2).map(char::from).collect();
            out.push(u8::from_str_radix(&hex, 16).expect("=XX"));
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn flowed_text_reads_as_paragraphs_with_quotes_and_links_and_goes_out_flowed() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let netscape = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tests/corpus/real/legacy-009.eml"),
    )
    .expect("corpus message");
    stack.seed(&alice, "INBOX", &[netscape]).expect("seed");
    stack.seed(&alice, "INBOX", &[flowed_message(&bob.address, &alice.address)]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Netscape's flowed paragraphs (ISO-8859-1, quoted-printable) read whole.
    open_row(&mut browser, "Die Hasen und die Frösche");
    let runs = texts_of(&browser, "[data-testid=text-body] .lines");
    assert!(
        runs.iter().any(|r| r.contains(
            "\nDie Hasen klagten einst über ihre mißliche Lage; \"wir leben\", sprach ein Redner, \"in steter Furcht"
        )),
        "the paragraph joined: {runs:?}"
    );

    open_row(&mut browser, "Fliesstext");
    screenshot(&browser, "plain-text-reader");
    let runs = texts_of(&browser, "[data-testid=text-body] > .lines");
    assert!(runs[0].starts_with(&format!("{PARAGRAPH}\n\n")), "one paragraph: {runs:?}");
    // It wraps to the pane: the one line of text takes several lines on the screen.
    let rows = browser
        .execute(
            "const w = document.createTreeWalker(document.querySelector('[data-testid=text-body]'), \
               NodeFilter.SHOW_TEXT); let node; while ((node = w.nextNode()) && !node.data.startsWith('Hallo')); \
             const r = document.createRange(); r.setStart(node, 0); r.setEnd(node, arguments[0]); \
             return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size;",
            vec![json!(PARAGRAPH.encode_utf16().count())],
        )
        .expect("measure");
    assert!(rows.as_u64().is_some_and(|n| n >= 2), "the paragraph wraps: {rows} rows");

    // Quotes nest, one block per level, their marks taken off.
    assert_eq!(
        texts_of(&browser, "[data-testid=text-body] > [data-testid=quote]"),
        vec!["Erste Ebene, die auch über zwei Zeilen geht.\nZweite Ebene.".to_owned()]
    );
    assert_eq!(
        texts_of(&browser, "[data-testid=quote] > [data-testid=quote]"),
        vec!["Zweite Ebene.".to_owned()]
    );
    let signature = texts_of(&browser, "[data-testid=text-body] [data-testid=signature]");
    assert_eq!(signature, vec!["-- \nBob".to_owned()]);

    // The links: the web page in a new tab without a referrer, the addresses to write to.
    let links = script(
        &browser,
        "return [...document.querySelectorAll('[data-testid=text-body] a')] \
           .map(a => [a.textContent, a.getAttribute('href'), a.target, a.rel]);",
    );
    assert_eq!(
        links,
        json!([
            [
                "https://example.com/plan?tag=freitag",
                "https://example.com/plan?tag=freitag",
                "_blank",
                "noopener noreferrer"
            ],
            ["carol@example.org", "mailto:carol@example.org", "", ""],
            ["mailto:list@example.org?subject=Plan", "mailto:list@example.org?subject=Plan", "", ""],
        ])
    );
    let found = violations(&browser, &axe_source());
    assert!(found.is_empty(), "accessibility of the reader:\n{}", found.join("\n"));

    click(&mut browser, "[data-testid=text-body] a[href='mailto:carol@example.org']");
    browser.wait_for("[data-testid=composer] [name=to]", WAIT).expect("the composer");
    assert_eq!(composer_field(&browser, "to").trim_end_matches([',', ' ']), "carol@example.org");
    discard_composer(&mut browser);
    click(&mut browser, "[data-testid=text-body] a[href^='mailto:list']");
    browser.wait_for("[data-testid=composer] [name=to]", WAIT).expect("the composer");
    assert_eq!(composer_field(&browser, "to").trim_end_matches([',', ' ']), "list@example.org");
    assert_eq!(composer_field(&browser, "subject"), "Plan");
    discard_composer(&mut browser);

    // The reply quotes whole paragraphs, each level one `>` more.
    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the reply");
    let quoted = composer_field(&browser, "body");
    assert!(quoted.contains(&format!("\n> {PARAGRAPH}\n>\n")), "{quoted:?}");
    assert!(
        quoted.contains("\n>> Erste Ebene, die auch über zwei Zeilen geht.\n>>> Zweite Ebene.\n"),
        "{quoted:?}"
    );
    let answer = "Danke, Bob. Ich komme am Freitag gern vorbei und bringe die Unterlagen mit, die wir \
                  letzte Woche besprochen haben, damit wir sie gemeinsam durchgehen können.";
    set_field(&mut browser, "body", &format!("{answer}\n{quoted}"));
    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, "Re: Fliesstext", "sent", WAIT);

    // What went out is flowed: short lines, soft breaks, and joined again it is what was written.
    let arrived = wait_for_server(&browser, "the reply in Bob's INBOX", || {
        let inbox = stack.fetch_all(&bob, "INBOX").ok()?;
        inbox.into_iter().find(|m| String::from_utf8_lossy(&m.raw).contains("Re: Fliesstext"))
    });
    let raw = String::from_utf8_lossy(&arrived.raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a header and a body");
    assert!(head.contains("format=\"flowed\"") || head.contains("format=flowed"), "{head}");
    let body = if head.contains("quoted-printable") { quoted_printable(body) } else { body.to_owned() };
    for line in body.split("\r\n") {
        assert!(line.len() <= 78, "a line of {} octets: {line:?}", line.len());
    }
    assert!(
        body.starts_with("Danke, Bob. Ich komme am Freitag gern vorbei und bringe die Unterlagen \r\nmit, "),
        "{body}"
    );
    let text = read(&arrived.raw).expect("the reply parses").text.replace("\r\n", "\n");
    assert!(text.starts_with(&format!("{answer}\n")), "{text:?}");
    assert!(text.contains(&format!("\n> {PARAGRAPH}\n")), "{text:?}");

    // And the app reads its own copy in Sent the same way.
    click(&mut browser, ".folder[data-folder=\"Sent\"]");
    open_row(&mut browser, "Re: Fliesstext");
    let runs = texts_of(&browser, "[data-testid=text-body] > .lines");
    assert!(runs[0].starts_with(answer), "{runs:?}");
    assert_eq!(
        texts_of(&browser, "[data-testid=text-body] > [data-testid=quote] > .lines")[0].lines().next(),
        Some(PARAGRAPH)
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn plain_text_chosen_in_the_settings_shows_every_message_as_text() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let html_only = format!(
        "From: Shop <news@shop.example>\r\nTo: {}\r\nSubject: Offers\r\nDate: Sat, 5 Dec 2026 09:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <p>Hello <b>there</b>, see our offers.</p><img src=\"https://tracker.example/pixel.png\">\r\n",
        alice.address
    );
    let alternative = format!(
        "From: Bob <bob@posthorn.test>\r\nTo: {}\r\nSubject: Both kinds\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe plain words.\r\n\
         --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The <i>rich</i> words.</p>\r\n--b--\r\n",
        alice.address
    );
    stack.seed(&alice, "INBOX", &[html_only, alternative]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    // The account is kept once "Test and save" went through: only then may the page reload.
    wait_row_count(&mut browser, 2);

    click(&mut browser, "[data-testid=settings] summary");
    choose_in(&browser, "[data-testid=body-as-setting]", "plain");
    click(&mut browser, "[data-testid=settings] summary");
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);

    // Kept across the reload: HTML alone shows as its text, with no frame and nothing to load.
    open_row(&mut browser, "Offers");
    let text = browser.wait_for("[data-testid=text-body]", WAIT).and_then(|e| browser.text(&e));
    assert!(text.expect("the text").contains("Hello there, see our offers."));
    let frames = script(&browser, "return document.querySelectorAll('[data-testid=reader] iframe').length;");
    assert_eq!(frames, json!(0), "no HTML frame");
    // The plain alternative where there is one, and the message's own switch still shows HTML.
    open_row(&mut browser, "Both kinds");
    let text = browser.wait_for("[data-testid=text-body]", WAIT).and_then(|e| browser.text(&e));
    assert_eq!(text.expect("the text").trim(), "The plain words.");
    more_action(&mut browser, "[data-testid=toggle-plain]");
    browser.wait_for("[data-testid=html-body]", WAIT).expect("HTML on asking");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
