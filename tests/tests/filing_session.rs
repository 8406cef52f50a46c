//! Filing keeps one IMAP session per account (frontend/src/session/filing/kept.rs): a draft typed
//! over twenty seconds is saved to Drafts several times, then sent with its copy filed in Sent,
//! and all that filing goes over one connection, where it used to log in once per save.
//! Headless Chromium, the real bridge, real Dovecot and Postfix; connections are counted at the
//! bridge (`/metrics`, `posthorn_connections_total`, bridge/src/metrics.rs) and matched to the
//! app's protocol log. Left alone for two minutes, the filing session logs out.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::metrics;
use posthorn_tests::ui::{WAIT, bridge_for, click, set_field, set_up_account, wait_for_server, wait_outbox};
use serde_json::Value;

/// The metric `name` at the bridge now.
fn counter(addr: SocketAddr, name: &str) -> u64 {
    metrics::counter(&metrics::metrics(addr), name)
}

/// The protocol log's lines: "<date> <time> #<connection> <account> <protocol> <direction> <text>".
fn log_lines(browser: &mut Browser) -> Vec<String> {
    if browser.execute("return !document.querySelector('[data-testid=log-lines]');", vec![]).expect("log?")
        == Value::Bool(true)
    {
        click(browser, "[data-testid=toggle-log]");
    }
    let lines = browser
        .wait_until(
            "the log lines",
            "const l = [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent); \
             return l.length > 0 && l;",
            vec![],
            WAIT,
        )
        .expect("log lines");
    lines.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn connection_of(line: &str) -> Option<&str> {
    line.split_whitespace().find(|w| w.starts_with('#'))
}

#[test]
fn drafts_and_the_sent_copy_are_filed_over_one_session() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    // The mail view's own connections (commands, IDLE) are open by now and stay open.
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
    // The SMTP connection ends with its QUIT; the filing session stays.
    std::thread::sleep(Duration::from_secs(2));
    let open_after_filing = counter(bridge.addr, "posthorn_connections_open");

    let lines = log_lines(&mut browser);
    let appends: Vec<&String> =
        lines.iter().filter(|l| l.contains(" APPEND ") && !l.contains("APPENDUID")).collect();
    let draft_saves = appends.iter().filter(|l| l.contains("Drafts")).count();
    let filing: BTreeSet<&str> = appends.iter().filter_map(|l| connection_of(l)).collect();
    eprintln!(
        "{draft_saves} draft saves and {} APPENDs in all over {} IMAP connection(s) {filing:?}; \
         the bridge counted {opened} new connections while writing and sending",
        appends.len(),
        filing.len(),
    );
    assert!(draft_saves >= 3, "the draft was saved {draft_saves} times:\n{}", lines.join("\n"));
    assert_eq!(filing.len(), 1, "filing used {filing:?}:\n{}", lines.join("\n"));
    // One IMAP session for filing and one SMTP session for sending.
    assert_eq!(opened, 2, "{}", lines.join("\n"));

    // Two idle minutes later (frontend/src/session/filing/kept.rs `IDLE`) the filing session has
    // logged out, and the mail view's own connections are still open.
    std::thread::sleep(Duration::from_secs(125));
    let open_when_idle = counter(bridge.addr, "posthorn_connections_open");
    let lines = log_lines(&mut browser);
    let filing = filing.first().expect("one filing connection").to_string();
    let logged_out = lines.iter().any(|l| connection_of(l) == Some(filing.as_str()) && l.contains(" LOGOUT"));
    eprintln!("open connections: {open_after_filing} after filing, {open_when_idle} two minutes later");
    assert!(logged_out, "no LOGOUT on {filing}:\n{}", lines.join("\n"));
    assert_eq!(open_when_idle + 1, open_after_filing);
}
