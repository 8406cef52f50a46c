//! Requests for the open folder share the one IMAP connection without waiting for each other: the
//! rows the list asks for while a large message body loads are sent at once beside its FETCH
//! (RFC 3501 section 5.5), not after its completion (frontend/src/session/imap/joined.rs).
//! Headless Chromium, the real bridge, real Dovecot.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click_row, log_lines, signed_in};
use serde_json::json;

const MESSAGES: u32 = 2000;
const LARGE: &str = "A large message";

/// Message `i` of the folder, dated `i` minutes past midnight so that the last is the newest;
/// the last carries a 16 MiB body.
fn message(i: u32) -> Vec<u8> {
    let (subject, body) = if i == MESSAGES {
        (LARGE.to_owned(), format!("{}\r\n", "x".repeat(74)).repeat(16 * 1024 * 1024 / 76))
    } else {
        (format!("Message {i}"), "Hallo.\r\n".to_owned())
    };
    format!(
        "Date: Sun, 01 Nov 2026 {:02}:{:02}:00 +0000\r\nFrom: Bob <bob@example.org>\r\nTo: alice@example.org\r\n\
         Subject: {subject}\r\nMessage-ID: <{i}@example.org>\r\n\r\n{body}",
        i / 60,
        i % 60
    )
    .into_bytes()
}

/// The tag of a client line ("#2 IMAP C: A0012 UID FETCH …" → "A0012").
fn tag(line: &str) -> Option<&str> {
    line.split_once(" C: ")?.1.split_whitespace().next()
}

#[test]
fn rows_asked_for_while_a_large_body_loads_go_out_beside_its_fetch() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed_maildir(&alice, "INBOX", MESSAGES, |i| (message(i), "")).expect("seed INBOX");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    browser
        .wait_until(
            "the newest rows",
            "return [...document.querySelectorAll('[data-testid=message-row]:not(.loading) .subject')] \
               .some(s => s.textContent === arguments[0]);",
            vec![json!(LARGE)],
            WAIT,
        )
        .expect("rows");
    // The app idles in INBOX once the rows in sight are there.
    let deadline = std::time::Instant::now() + WAIT;
    while !log_lines(&mut browser).iter().any(|l| l.contains(" C: ") && l.ends_with(" IDLE")) {
        assert!(std::time::Instant::now() < deadline, "no IDLE");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // As soon as the large body's FETCH is sent, the list scrolls to its oldest rows, which are
    // not loaded yet: their FETCH is asked for while the 16 MiB answer is on its way.
    browser
        .execute(
            "new MutationObserver((_, observer) => { \
               const sent = [...document.querySelectorAll('[data-testid=log-lines] li')] \
                 .some(l => l.textContent.includes(' C: ') && l.textContent.includes('BODY.PEEK[]')); \
               if (sent) { \
                 observer.disconnect(); \
                 const v = document.querySelector('.rows-viewport'); v.scrollTop = v.scrollHeight; \
                 v.dispatchEvent(new Event('scroll')); \
               } \
             }).observe(document.querySelector('[data-testid=log-lines]'), { childList: true, subtree: true });",
            vec![],
        )
        .expect("watch the log");
    click_row(&mut browser, LARGE);
    browser
        .wait_until(
            "the large message and the oldest rows",
            "const h = document.querySelector('[data-testid=reader-subject]'); \
             return h && h.textContent === arguments[0] && \
               [...document.querySelectorAll('[data-testid=message-row]:not(.loading) .subject')] \
                 .some(s => s.textContent === 'Message 1');",
            vec![json!(LARGE)],
            WAIT * 2,
        )
        .expect("both shown");

    // Oldest first.
    let mut lines = log_lines(&mut browser);
    lines.reverse();
    let position = |what: &dyn Fn(&str) -> bool| lines.iter().position(|l| what(l));
    let body = position(&|l| l.contains(" C: ") && l.contains("UID FETCH") && l.contains("BODY.PEEK[]"))
        .unwrap_or_else(|| panic!("no body FETCH:\n{}", lines.join("\n")));
    // The oldest messages have the lowest UIDs: the FETCH of the rows at the bottom names UID 1.
    let rows = position(&|l| l.contains(" C: ") && l.contains("UID FETCH 1:") && l.contains("HEADER.FIELDS"))
        .unwrap_or_else(|| panic!("no FETCH of the oldest rows:\n{}", lines.join("\n")));
    let done = |sent: usize| {
        let tag = tag(&lines[sent]).expect("a tag");
        lines.iter().position(|l| l.contains(&format!(" S: {tag} OK"))).unwrap_or_else(|| {
            panic!("no completion of {tag}:\n{}", lines.join("\n"));
        })
    };
    let (body_done, rows_done) = (done(body), done(rows));
    // Both were on the wire before either was answered: one connection, no waiting in turn.
    assert!(
        body.max(rows) < body_done.min(rows_done),
        "body FETCH sent at line {body}, done at {body_done}; rows FETCH sent at {rows}, done at {rows_done}:\n{}",
        lines[body.min(rows)..=body_done.max(rows_done)].join("\n")
    );
    let connection = |line: &str| line.split_whitespace().next().map(str::to_owned);
    assert_eq!(connection(&lines[body]), connection(&lines[rows]), "one connection");
}
