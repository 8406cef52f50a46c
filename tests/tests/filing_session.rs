//! Filing runs on the mail view's one IMAP connection (frontend/src/mail_state/lending.rs): a
//! draft typed over twenty seconds is saved to Drafts several times, then sent with its copy filed
//! in Sent, and all that filing goes over the connection the view reads and idles on (RFC 2177),
//! where it used to log in once per save. Afterwards the view is back in its folder: new mail
//! still shows through IDLE. Headless Chromium, the real bridge, real Dovecot and Postfix;
//! connections are counted at the bridge (`/metrics`, `posthorn_connections_total`,
//! bridge/src/metrics.rs) and matched to the app's protocol log.
//!
//! A draft larger than `LEND_UP_TO` (frontend/src/session/filing.rs), a file attached, is filed
//! beside the view's connection, so that its upload does not hold the view's requests. An account
//! whose mail is not open in the page has no view to lend a connection: its outbox, sending on
//! start, files in a session kept for filing (frontend/src/session/filing/kept.rs), which logs
//! out after two idle minutes.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::metrics;
use posthorn_tests::ui::{
    WAIT, attach_random, bridge_for, click, go_offline, log_lines, open_row, open_with_accounts, set_field,
    set_offline, signed_in, stored_account, switch_account, unlock, wait_for_server, wait_outbox,
};
use serde_json::json;

/// The metric `name` at the bridge now.
fn counter(addr: SocketAddr, name: &str) -> u64 {
    metrics::counter(&metrics::metrics(addr), name)
}

fn connection_of(line: &str) -> Option<&str> {
    line.split_whitespace().find(|w| w.starts_with('#'))
}

#[test]
fn drafts_and_the_sent_copy_are_filed_on_the_views_connection() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let (bridge, mut browser) = signed_in(&stack, &alice);
    // The mail view's connection (commands, IDLE) is open by now and stays open.
    std::thread::sleep(Duration::from_secs(3));
    let before = counter(bridge.addr, "posthorn_connections_total");

    // Written over 20 seconds: the composer saves to Drafts 4 seconds after the last change
    // (frontend/src/composer.rs), so each pause is one save.
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Filed once");
    for i in 0..4 {
        set_field(&mut browser, "body", &format!("Line {i} of a slowly written message."));
        std::thread::sleep(Duration::from_secs(5));
    }
    wait_for_server(&browser, "the last draft in Drafts", || {
        let drafts = stack.fetch_all(&alice, "Drafts").ok()?;
        let text: Vec<String> = drafts.iter().map(|m| String::from_utf8_lossy(&m.raw).into_owned()).collect();
        (text.len() == 1 && text[0].contains("Line 3 of")).then_some(())
    });
    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, "Filed once", "sent", WAIT);
    browser
        .wait_until(
            "filing in Sent",
            "return document.querySelector('[data-testid=outbox]').textContent.includes('filed in Sent')",
            vec![],
            WAIT,
        )
        .expect("filed");
    wait_for_server(&browser, "the copy in Sent and no draft left", || {
        let sent = stack.fetch_all(&alice, "Sent").ok()?;
        let drafts = stack.fetch_all(&alice, "Drafts").ok()?;
        (sent.len() == 1 && drafts.is_empty()).then_some(())
    });
    let opened = counter(bridge.addr, "posthorn_connections_total") - before;

    let lines = log_lines(&mut browser);
    let appends: Vec<&String> =
        lines.iter().filter(|l| l.contains(" APPEND ") && !l.contains("APPENDUID")).collect();
    let draft_saves = appends.iter().filter(|l| l.contains("Drafts")).count();
    let filing: BTreeSet<&str> = appends.iter().filter_map(|l| connection_of(l)).collect();
    let idling: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.contains(" C: ") && l.ends_with(" IDLE"))
        .filter_map(|l| connection_of(l))
        .collect();
    eprintln!(
        "{draft_saves} draft saves and {} APPENDs in all over {filing:?}, IDLE on {idling:?}; \
         the bridge counted {opened} new connections while writing and sending",
        appends.len(),
    );
    assert!(draft_saves >= 3, "the draft was saved {draft_saves} times:\n{}", lines.join("\n"));
    assert_eq!(filing.len(), 1, "filing used {filing:?}:\n{}", lines.join("\n"));
    assert_eq!(filing, idling, "filing and the view's IDLE on other connections:\n{}", lines.join("\n"));
    // Only the SMTP session for sending.
    assert_eq!(opened, 1, "{}", lines.join("\n"));

    // The view selected INBOX again after filing and idles there: new mail shows without a click.
    let news = "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: After filing\r\n\
                Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nMessage-ID: <after-filing@example.test>\r\n\r\nNews.\r\n";
    stack.seed(&alice, "INBOX", &[news.as_bytes().to_vec()]).expect("deliver");
    browser
        .wait_until(
            "the new row",
            "return [...document.querySelectorAll('[role=row]')].some(r => r.textContent.includes('After filing'))",
            vec![],
            WAIT,
        )
        .expect("new mail shown after filing");
    assert_eq!(counter(bridge.addr, "posthorn_connections_total") - before, 1, "no connection added");
}

/// Enters the password on the password bar, ticking "remember on this device".
fn unlock_remembering(browser: &mut Browser, password: &str) {
    let field = browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("password bar");
    browser.fill(&field, password).expect("type the password");
    click(browser, "[data-testid=unlock] input[name=remember]");
    click(browser, "[data-testid=unlock] button[type=submit]");
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the mail view");
}

#[test]
fn an_account_without_a_view_files_in_a_kept_session_that_logs_out_when_idle() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let bridge = bridge_for(&stack, &[]);
    let p = stack.ports();
    let accounts = json!([
        stored_account(&stack, &alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls")),
        stored_account(&stack, &bob, "Bob", "Imap", p.imaps, (p.submissions, "Tls")),
    ]);
    let mut browser = open_with_accounts(&bridge, accounts);
    unlock_remembering(&mut browser, &alice.password);
    switch_account(&browser, &bob.address);
    unlock_remembering(&mut browser, &bob.password);

    // Bob writes offline and leaves; the page opens again on Alice (the first account), and Bob's
    // outbox sends on start with his remembered password, his mail never shown.
    go_offline(&mut browser);
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &alice.address);
    set_field(&mut browser, "subject", "From Bob, filed aside");
    set_field(&mut browser, "body", "Sent when the page opened again.");
    click(&mut browser, "[data-testid=send]");
    let id = wait_outbox(&mut browser, "From Bob, filed aside", "waiting", WAIT);
    std::thread::sleep(Duration::from_millis(500));
    browser.goto("about:blank").expect("leave the app");
    set_offline(&browser, false);
    browser.goto(&format!("{}/", bridge.url)).expect("open the app again");
    browser.wait_for("[data-testid=new-message]", WAIT).expect("Alice's view, passwords remembered");
    wait_for_server(&browser, "the copy in Bob's Sent", || {
        let sent = stack.fetch_all(&bob, "Sent").ok()?;
        sent.iter().any(|m| String::from_utf8_lossy(&m.raw).contains(&id)).then_some(())
    });
    // The SMTP session, kept 30 s after the message went (frontend/src/session/smtp/kept.rs),
    // has said goodbye by then; what stays open is Alice's view's connection and Bob's filing.
    std::thread::sleep(Duration::from_secs(35));
    let open_after_filing = counter(bridge.addr, "posthorn_connections_open");

    let lines = log_lines(&mut browser);
    let filing: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.contains(" APPEND ") && !l.contains("APPENDUID"))
        .filter_map(|l| connection_of(l))
        .collect();
    let viewing: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.contains(" C: ") && (l.ends_with(" IDLE") || l.contains(" SELECT INBOX")))
        .filter_map(|l| connection_of(l))
        .collect();
    eprintln!("APPEND on {filing:?}, the view on {viewing:?}");
    assert_eq!(filing.len(), 1, "{}", lines.join("\n"));
    // Bob's view never opened: the connections that select INBOX and idle are Alice's view's. The
    // copy is in Bob's Sent (read above as Bob), so the filing session was Bob's own.
    assert!(filing.is_disjoint(&viewing), "Bob's filing used the view's connection:\n{}", lines.join("\n"));
    let filing = filing.first().expect("one filing connection").to_string();

    // Two idle minutes after filing (kept.rs `IDLE`) the filing session has logged out; Alice's
    // view's connection is still open.
    std::thread::sleep(Duration::from_secs(90));
    let open_when_idle = counter(bridge.addr, "posthorn_connections_open");
    let lines = log_lines(&mut browser);
    let logged_out = lines.iter().any(|l| connection_of(l) == Some(filing.as_str()) && l.contains(" LOGOUT"));
    eprintln!("open connections: {open_after_filing} after filing, {open_when_idle} two minutes later");
    assert!(logged_out, "no LOGOUT on {filing}:\n{}", lines.join("\n"));
    assert_eq!(open_when_idle + 1, open_after_filing);
}

#[test]
fn a_large_draft_is_filed_beside_the_views_connection() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let note = "From: Bob <bob@posthorn.test>\r\nTo: alice@posthorn.test\r\nSubject: Read me meanwhile\r\n\
                Date: Fri, 04 Dec 2026 08:00:00 +0000\r\nMessage-ID: <meanwhile@posthorn.test>\r\n\r\nHello.\r\n";
    stack.seed(&alice, "INBOX", &[note.as_bytes().to_vec()]).expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let p = stack.ports();
    let account = stored_account(&stack, &alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls"));
    let mut browser = open_with_accounts(&bridge, json!([account]));
    unlock(&mut browser, &alice.password);
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "With a big file");
    attach_random(&mut browser, 2);
    wait_for_server(&browser, "the draft with its file in Drafts", || {
        let drafts = stack.fetch_all(&alice, "Drafts").ok()?;
        drafts.iter().any(|m| m.raw.len() > 2_000_000).then_some(())
    });
    // The view still reads mail: the message opens.
    open_row(&mut browser, "Read me meanwhile");

    let lines = log_lines(&mut browser);
    let appends: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.contains(" C: ") && l.contains(" APPEND Drafts"))
        .filter_map(|l| connection_of(l))
        .collect();
    let idling: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.contains(" C: ") && l.ends_with(" IDLE"))
        .filter_map(|l| connection_of(l))
        .collect();
    eprintln!("the large draft's APPEND on {appends:?}, IDLE on {idling:?}");
    assert!(!appends.is_empty() && !idling.is_empty(), "{}", lines.join("\n"));
    assert!(
        appends.is_disjoint(&idling),
        "the large draft held the view's connection:\n{}",
        lines.join("\n")
    );
}
