//! The servers' compatibility note in the real app: headless Chromium, the real bridge, real
//! Dovecot and Postfix. The note must list what Dovecot and Postfix really announced, as the
//! harness reads them itself over its own connections, and name no workaround for extensions
//! they have.

use std::io::{BufRead, BufReader, Write};

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::ui::{WAIT, bridge_for, set_up, set_up_account};
use serde_json::json;

/// Reads lines until one starts with `until`; returns them all.
fn read_until(reader: &mut impl BufRead, until: &str) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).expect("read") > 0, "closed before {until:?}: {lines:?}");
        let done = line.starts_with(until);
        lines.push(line.trim_end().to_owned());
        if done {
            return lines;
        }
    }
}

/// Dovecot's capabilities after LOGIN, as its own CAPABILITY reply lists them.
fn imap_capabilities(stack: &MailStack, account: &Account) -> Vec<String> {
    let stream = stack.connect_tls(stack.ports().imaps).expect("IMAPS");
    let mut reader = BufReader::new(stream);
    read_until(&mut reader, "* OK");
    let login = format!("a LOGIN {} {}\r\nb CAPABILITY\r\n", account.user, account.password);
    reader.get_mut().write_all(login.as_bytes()).expect("write");
    let lines = read_until(&mut reader, "b OK");
    let caps = lines.iter().find_map(|l| l.strip_prefix("* CAPABILITY ")).expect("a CAPABILITY line");
    caps.split_whitespace().map(str::to_owned).collect()
}

/// Postfix's EHLO keywords on the implicit-TLS submission port.
fn ehlo_keywords(stack: &MailStack) -> Vec<String> {
    let stream = stack.connect_tls(stack.ports().submissions).expect("submissions");
    let mut reader = BufReader::new(stream);
    read_until(&mut reader, "220 ");
    reader.get_mut().write_all(b"EHLO harness.test\r\n").expect("write");
    let lines = read_until(&mut reader, "250 ");
    lines
        .iter()
        .skip(1)
        .filter_map(|l| l.get(4..))
        .map(|k| k.split_whitespace().next().unwrap_or("").to_owned())
        .collect()
}

/// Opens the note and returns the text of the element `testid` once it is there.
fn note_part(browser: &mut Browser, testid: &str) -> String {
    browser
        .execute(
            "const d = document.querySelector('[data-testid=compatibility]'); if (d) d.open = true;",
            vec![],
        )
        .expect("open the note");
    let text = browser
        .wait_until(
            &format!("the compatibility note's {testid}"),
            "const e = document.querySelector(`[data-testid=compatibility] [data-testid=${arguments[0]}]`); \
             return e && e.textContent;",
            vec![json!(testid)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    text.as_str().unwrap_or_default().to_owned()
}

#[test]
fn the_note_lists_what_dovecot_and_postfix_announced_and_no_workaround() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());

    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    browser.wait_for("[data-testid=mail-view]", WAIT).expect("mail view");

    let shown_imap = note_part(&mut browser, "compat-imap");
    // The panel starts with its text, not with an empty line.
    let lead = browser
        .execute(
            "const p = document.querySelector('[data-testid=compatibility] .settings-panel'); \
             const pad = parseFloat(getComputedStyle(p).paddingTop) + parseFloat(getComputedStyle(p).borderTopWidth); \
             return Math.round(p.firstElementChild.getBoundingClientRect().top - p.getBoundingClientRect().top - pad);",
            vec![],
        )
        .expect("measure the panel");
    assert_eq!(lead, json!(0), "space above the panel's first line, beyond its padding");
    let shown: Vec<&str> = shown_imap.split(" · ").collect();
    let real = imap_capabilities(&stack, &alice);
    for capability in &real {
        assert!(
            shown.contains(&capability.to_ascii_uppercase().as_str()),
            "{capability} not in {shown_imap}"
        );
    }
    for expected in ["IDLE", "MOVE", "CONDSTORE", "QRESYNC", "SPECIAL-USE", "UIDPLUS"] {
        assert!(shown.contains(&expected), "{expected} not in {shown_imap}");
    }

    let shown_smtp = note_part(&mut browser, "compat-smtp");
    for keyword in ehlo_keywords(&stack) {
        assert!(shown_smtp.contains(&keyword), "{keyword} not in {shown_smtp}");
    }
    assert!(shown_smtp.contains("AUTH") && shown_smtp.contains("SCRAM-SHA-256"), "{shown_smtp}");

    // Dovecot and Postfix have every extension the app works around.
    let quirks = note_part(&mut browser, "compat-quirks");
    for absent in ["no MOVE", "no IDLE", "no CONDSTORE", "no QRESYNC", "no SPECIAL-USE", "no PIPELINING"] {
        assert!(!quirks.contains(absent), "{absent} in {quirks}");
    }
    browser.assert_no_console_errors(&[]).expect("no console errors");
    drop(browser);

    // A POP3 account: Dovecot's CAPA.
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up(&mut browser, &stack, &bob, &bob.password, "pop3", stack.ports().pop3s);
    browser.wait_for("[data-testid=mail-view]", WAIT).expect("the POP3 view");
    let shown_pop3 = note_part(&mut browser, "compat-pop3");
    for tag in ["TOP", "UIDL", "USER", "RESP-CODES", "PIPELINING", "SASL"] {
        assert!(shown_pop3.contains(tag), "{tag} not in {shown_pop3}");
    }
}
