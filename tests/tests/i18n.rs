//! The app's language (frontend/src/i18n.rs): with the browser in German every screen of the
//! walk (tests/src/walk.rs) shows no text of the English table (frontend/src/i18n/en.rs and its
//! parts in en/) that the German table does not share, the special folders have their German
//! names, and dates are written in German; in English the English texts show. The choice in the
//! settings outlasts a reload. Real app, real bridge, Dovecot and Postfix, headless Chromium
//! started with `--lang`.

use std::collections::BTreeSet;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, bridge_for, choose, click, composer_field, discard_composer, fill, finish_account_form, open_row,
    set_up_account, start_account_form,
};
use posthorn_tests::walk::{Screen, walk};
use serde_json::Value;

/// The English table and its parts (frontend/src/i18n/en/).
const EN: &str = concat!(
    include_str!("../../frontend/src/i18n/en.rs"),
    include_str!("../../frontend/src/i18n/en/compat.rs"),
    include_str!("../../frontend/src/i18n/en/connection.rs"),
    include_str!("../../frontend/src/i18n/en/delivery.rs"),
    include_str!("../../frontend/src/i18n/en/engine.rs"),
    include_str!("../../frontend/src/i18n/en/filters.rs")
);
/// The German table and its parts (frontend/src/i18n/de/).
const DE: &str = concat!(
    include_str!("../../frontend/src/i18n/de.rs"),
    include_str!("../../frontend/src/i18n/de/compat.rs"),
    include_str!("../../frontend/src/i18n/de/connection.rs"),
    include_str!("../../frontend/src/i18n/de/delivery.rs"),
    include_str!("../../frontend/src/i18n/de/engine.rs"),
    include_str!("../../frontend/src/i18n/de/filters.rs")
);

/// The string literals of a Rust source, with escapes and line continuations resolved.
fn literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                // A char literal ('.', ','): skip it, so a quote inside one is not a string.
                let mut body = String::new();
                for c in chars.by_ref() {
                    if c == '\'' && body != "\\" {
                        break;
                    }
                    body.push(c);
                }
            }
            '"' => {
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('\n') => {
                                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                                    chars.next();
                                }
                            }
                            Some('n') => text.push('\n'),
                            Some(other) => text.push(other),
                            None => {}
                        },
                        other => text.push(other),
                    }
                }
                out.push(text);
            }
            _ => {}
        }
    }
    out
}

/// The words a person would read of a table's texts: each literal split at its `{value}`
/// places, trimmed of punctuation, where at least two letters remain.
fn fragments(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for literal in literals(source) {
        let mut piece = String::new();
        let mut depth = 0;
        for c in literal.chars().chain(std::iter::once('{')) {
            match c {
                '{' => {
                    depth += 1;
                    let trimmed = piece.trim_matches(|c: char| !c.is_alphanumeric());
                    if trimmed.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                        out.insert(trimmed.to_owned());
                    }
                    piece.clear();
                }
                '}' => depth -= 1,
                _ if depth == 0 => piece.push(c),
                _ => {}
            }
        }
    }
    out
}

/// Whether `needle` occurs in `text` as whole words (not inside a longer word).
fn has_words(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// What the page shows as the app's own text: the body's visible text, option texts, and the
/// `placeholder`, `title` and `aria-label` attributes, without the mail's own content, the
/// server's words (protocol log, server replies) and the addresses.
const APP_TEXT: &str = r#"
const skip = [
  '.log-lines', '.text-body', '.source', '.all-headers', '.nested-message', '.server-reply',
  '[data-testid=message-row] .from', '[data-testid=message-row] .subject', '[data-testid=message-row] .preview',
  '[data-testid=reader-subject]', '[data-testid=reader-from]', '[data-testid=reader-date]',
  '.message-header > div:not(.reader-actions)', '[data-testid=outbox-item] b', '[data-testid=outbox-recipient]',
  '.account-switch', '.attachments a', 'datalist', 'noscript',
].join(',');
const skipped = e => e.closest(skip) !== null;
// Hidden for the moment of reading: innerText leaves out what is not rendered.
const hidden = [...document.querySelectorAll(skip)].map(e => [e, e.style.display]);
for (const [e] of hidden) e.style.display = 'none';
const parts = [document.body.innerText];
for (const [e, display] of hidden) e.style.display = display;
// Each control's text on its own too: buttons side by side run together in innerText.
for (const e of document.querySelectorAll('button, label, summary, legend, h1, h2, h3, dt, th, option, [placeholder], [title], [aria-label]')) {
  if (skipped(e)) continue;
  if (!e.matches('[placeholder], [title], [aria-label]') || e.matches('button, option')) parts.push(e.textContent);
  for (const a of ['placeholder', 'title', 'aria-label']) {
    // The search field's tooltip lists its operators (from:, is:flagged …), English in every
    // language as Gmail's are (shared/src/imap/search_query.rs); the rest of it is checked.
    if (!e.hasAttribute(a)) continue;
    const value = e.getAttribute(a);
    parts.push(a === 'title' && e.matches('[data-testid=search]') ? value.replace(/\b-?[a-z]+:\S*/g, '') : value);
  }
}
return parts.join('\n');
"#;

fn app_text(browser: &Browser) -> String {
    match browser.execute(APP_TEXT, vec![]).expect("collect the page's text") {
        Value::String(s) => s,
        other => panic!("not text: {other}"),
    }
}

fn reader_date(browser: &Browser) -> String {
    let date = browser.find("[data-testid=reader-date]").unwrap().expect("the reader's date");
    browser.text(&date).unwrap()
}

#[test]
fn german_browser_shows_no_english_and_english_browser_shows_english() {
    let english = fragments(EN);
    let german = fragments(DE);
    // Texts both languages write alike (Online, Port, …) say nothing about the language.
    let only_english: Vec<&String> = english.iter().filter(|e| !german.contains(*e)).collect();
    assert!(only_english.len() > 150, "the English table was read: {} texts", only_english.len());
    for word in ["Inbox", "Drafts", "Sent", "Reply", "Forward", "Outbox", "New message", "Send"] {
        assert!(only_english.iter().any(|e| *e == word), "{word} is in the English table");
    }

    let stack = MailStack::start().expect("mail stack");
    let mut seen = Vec::new();
    walk(&stack, "de-DE", |browser, screen| {
        let lang = browser.execute("return document.documentElement.lang", vec![]).unwrap();
        assert_eq!(lang, "de", "<html lang> on {screen:?}");
        let text = app_text(browser);
        let left: Vec<&&String> = only_english.iter().filter(|e| has_words(&text, e)).collect();
        assert!(left.is_empty(), "English on {screen:?}: {left:?}\n--- the page's text:\n{text}");
        match screen {
            Screen::AccountSetup => {
                assert!(
                    text.contains("E-Mail-Konto hinzufügen") && text.contains("Posteingangsserver"),
                    "{text}"
                )
            }
            Screen::MailView => {
                for name in
                    ["Posteingang", "Entwürfe", "Gesendet", "Papierkorb", "Spam", "Archiv", "Verfassen"]
                {
                    assert!(has_words(&text, name), "{name} on the mail view: {text}");
                }
            }
            Screen::ReaderPlain => {
                assert!(text.contains("Antworten") && text.contains("Weiterleiten"), "{text}");
                // Mon, 23 Nov 2026 in German words, by the browser's Intl in the app's locale.
                let date = reader_date(browser);
                assert!(date.contains("Montag") && date.contains("November"), "{date}");
            }
            Screen::Composer => assert!(text.contains("Senden") && text.contains("Betreff"), "{text}"),
            Screen::Outbox => assert!(text.contains("Postausgang") && text.contains("gesendet"), "{text}"),
            Screen::ProtocolLog => assert!(text.contains("Alle Protokolle"), "{text}"),
            Screen::Filters => {
                assert!(text.contains("Abwesenheitsnotiz") && text.contains("Neuer Filter"), "{text}")
            }
            Screen::ReaderHtml => {}
            Screen::AllInboxes => {
                assert!(text.contains("Alle Posteingänge") && text.contains("Konten"), "{text}");
                // The longer German words fit the folder pane at 1280 px: none is cut to "…".
                let cut = browser
                    .execute(
                        "const c = document.createElement('canvas').getContext('2d'); \
                         return [...document.querySelectorAll('.folders .name')].filter(n => { \
                           const s = getComputedStyle(n); c.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`; \
                           return c.measureText(n.textContent).width > n.clientWidth + 0.5; }) \
                         .map(n => `${n.textContent} in ${n.clientWidth} px`);",
                        vec![],
                    )
                    .unwrap();
                assert_eq!(cut, Value::Array(vec![]), "names cut in the folder pane");
            }
        }
        seen.push(screen);
    });
    assert_eq!(seen.len(), 9, "every screen was looked at: {seen:?}");

    let stack = MailStack::start().expect("mail stack");
    walk(&stack, "en-US", |browser, screen| {
        let lang = browser.execute("return document.documentElement.lang", vec![]).unwrap();
        assert_eq!(lang, "en", "<html lang> on {screen:?}");
        let text = app_text(browser);
        let expected: &[&str] = match screen {
            Screen::AccountSetup => &["Add a mail account", "Incoming server", "Test and save"],
            Screen::MailView => &["Inbox", "Drafts", "Sent", "Trash", "New message"],
            Screen::ReaderPlain => &["Reply", "Forward", "All headers"],
            Screen::ReaderHtml => &["Reply"],
            Screen::Composer => &["Send", "Subject", "Save draft"],
            Screen::Outbox => &["Outbox"],
            Screen::ProtocolLog => &["All protocols"],
            Screen::Filters => &["Out-of-office reply", "New filter", "Move to folder"],
            Screen::AllInboxes => &["All inboxes", "Accounts", "Bob"],
        };
        for word in expected {
            assert!(text.contains(word), "{word:?} on {screen:?}: {text}");
        }
        if screen == Screen::ReaderPlain {
            let date = reader_date(browser);
            assert!(date.contains("Monday") && date.contains("November"), "{date}");
        }
    });
}

/// The setup screen's error once it contains `expected`, and the page's own text then.
fn setup_error_with(browser: &mut Browser, expected: &str) -> (String, String) {
    let found = browser.wait_until(
        &format!("a setup error saying {expected:?}"),
        "const e = document.querySelector('[data-testid=setup-error]'); \
         return e && e.textContent.includes(arguments[0]) && e.textContent;",
        vec![serde_json::json!(expected)],
        WAIT,
    );
    let shown = || browser.execute("return document.querySelector('.account-setup').textContent;", vec![]);
    let error = match found {
        Ok(text) => text.as_str().unwrap_or_default().to_owned(),
        Err(e) => panic!("{e}; the setup screen says: {:?}", shown()),
    };
    (error, app_text(browser))
}

/// A sign-in the servers refuse reads in German (frontend/src/session/sign_in.rs): the sentence
/// from the German table, naming the server, with the server's own reply beside it; no text of
/// the English table left on the screen. IMAP first, then SMTP (Postfix refusing the user name),
/// then an SMTP session that fails otherwise.
#[test]
fn a_refused_sign_in_reads_in_german() {
    let english = fragments(EN);
    let german = fragments(DE);
    let only_english: Vec<&String> = english.iter().filter(|e| !german.contains(*e)).collect();
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let alice = stack.alice().clone();
    let mut browser = Browser::start_with_language("de-DE").expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    let no_english = |text: &str, on: &str| {
        let left: Vec<&&String> = only_english.iter().filter(|e| has_words(text, e)).collect();
        assert!(left.is_empty(), "English on {on}: {left:?}\n--- the page's text:\n{text}");
    };

    start_account_form(&mut browser, &alice, "not-alices-password", "imap");
    finish_account_form(&mut browser, &stack, &alice, stack.ports().imaps);
    let incoming = format!("Posteingangsserver {}:{}", stack.host(), stack.ports().imaps);
    let (error, text) = setup_error_with(&mut browser, "Die Anmeldung beim");
    assert!(error.contains(&incoming), "the incoming server is not named: {error}");
    assert!(error.contains("Passwort sind wahrscheinlich falsch"), "{error}");
    // Dovecot's own words (RFC 5530's code) stay as the server sent them.
    assert!(error.contains("[AUTHENTICATIONFAILED]"), "{error}");
    no_english(&text, "the refused IMAP sign-in");

    fill(&mut browser, "password", &alice.password);
    fill(&mut browser, "outgoing-username", "nobody");
    click(&mut browser, "[data-testid=test-and-save]");
    let outgoing = format!("Postausgangsserver {}:{}", stack.host(), stack.ports().submissions);
    let (error, text) = setup_error_with(&mut browser, &outgoing);
    assert!(error.contains("Die Anmeldung beim") && error.contains("535"), "{error}");
    no_english(&text, "the refused SMTP sign-in");

    // An engine error other than a refused sign-in (frontend/src/session/engine_words.rs): the
    // outgoing server's port pointed at IMAPS, so what answers is Dovecot's IMAP greeting, which
    // is no SMTP reply. The sentence is German; Dovecot's line is quoted as it came.
    fill(&mut browser, "outgoing-username", &alice.user);
    fill(&mut browser, "outgoing-port", &stack.ports().imaps.to_string());
    click(&mut browser, "[data-testid=test-and-save]");
    let at_imaps = format!("Beim Postausgangsserver {}:{}", stack.host(), stack.ports().imaps);
    let (error, text) = setup_error_with(&mut browser, &at_imaps);
    assert!(error.contains("eine Antwort gesendet, die Posthorn nicht lesen kann"), "{error}");
    assert!(error.contains("* OK"), "Dovecot's greeting is not quoted: {error}");
    no_english(&text, "an SMTP answer that is no reply");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A reply and a forward written in German quote in German (`compose::Wording` from
/// frontend/src/i18n/de.rs): "Am <Tag> um <Uhrzeit> schrieb …:" above the quote, and the
/// forwarded message's header block with German labels, its date as the German locale writes it.
#[test]
fn a_reply_and_a_forward_quote_in_german() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let original = format!(
        "From: Bob Baumann <{}>\r\nTo: {}\r\nSubject: Termin\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n\
         Message-ID: <termin-1@posthorn.test>\r\n\r\nPasst dir zehn Uhr?\r\n",
        bob.address, alice.address
    );
    stack.seed(&alice, "INBOX", &[original]).expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start_with_language("de-DE").expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    open_row(&mut browser, "Termin");
    // The day is the same in every zone near UTC; the hour is the browser's.
    let written_at = |text: &str, before: &str| -> String {
        let at = text.find(before).unwrap_or_else(|| panic!("{before:?} in {text:?}")) + before.len();
        text[at..].chars().take(5).collect()
    };

    click(&mut browser, "[data-testid=reply]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the reply");
    let body = composer_field(&browser, "body");
    let hour = written_at(&body, "\n\nAm 23.11.2026 um ");
    assert!(hour.len() == 5 && hour.as_bytes()[2] == b':', "a time of day: {body:?}");
    let attribution =
        format!("Am 23.11.2026 um {hour} schrieb Bob Baumann <{}>:\n> Passt dir zehn Uhr?\n", bob.address);
    assert!(body.ends_with(&attribution), "{body:?}");
    discard_composer(&mut browser);

    click(&mut browser, "[data-testid=forward]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the forward");
    let body = composer_field(&browser, "body");
    let header = format!(
        "---------- Weitergeleitete Nachricht ----------\nVon: Bob Baumann <{}>\n\
         Datum: 23.11.2026 um {hour}\nBetreff: Termin\nAn: {}\n\nPasst dir zehn Uhr?\n",
        bob.address, alice.address
    );
    assert!(body.ends_with(&header), "{body:?}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn the_language_chosen_in_the_settings_outlasts_a_reload() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start_with_language("en-US").expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    let heading = |browser: &mut Browser| {
        let h = browser.wait_for("[data-testid=account-setup] h1", WAIT).expect("account setup");
        browser.text(&h).unwrap()
    };
    assert_eq!(heading(&mut browser), "Add a mail account");
    // Choosing reloads the page in the new language.
    choose(&mut browser, "language", "de");
    browser
        .wait_until("the page in German", "return document.documentElement.lang === 'de';", vec![], WAIT)
        .expect("German after choosing it");
    assert_eq!(heading(&mut browser), "E-Mail-Konto hinzufügen");
    browser.refresh().unwrap();
    browser
        .wait_until("the page in German", "return document.documentElement.lang === 'de';", vec![], WAIT)
        .expect("German after a reload");
    assert_eq!(heading(&mut browser), "E-Mail-Konto hinzufügen");
    // Back to the browser's language.
    choose(&mut browser, "language", "");
    browser
        .wait_until("the page in English", "return document.documentElement.lang === 'en';", vec![], WAIT)
        .expect("English again");
    assert_eq!(heading(&mut browser), "Add a mail account");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn literals_and_fragments_are_read_as_written() {
    let source = "a: \"Plain\", b: |n| format!(\"{n} remote {} blocked \\\n      here.\", x), c: '.', d: \"(no sender)\"";
    assert_eq!(literals(source), ["Plain", "{n} remote {} blocked here.", "(no sender)"]);
    let f = fragments(source);
    assert!(f.contains("remote") && f.contains("blocked here") && f.contains("no sender"), "{f:?}");
    assert!(has_words("Gesendet. Sent.", "Sent") && !has_words("Gesendet", "send"));
    assert!(!has_words("Filtern", "Filter"));
}
