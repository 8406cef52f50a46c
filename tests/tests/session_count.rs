//! How many mail connections one ordinary stretch of use opens: a returning person opens the app
//! and enters the password, opens the inbox, flags a message, moves one, writes a draft long
//! enough for it to be saved to Drafts several times, sends it with the copy filed in Sent, and
//! opens another message. Counted at the bridge (`/metrics`, `posthorn_connections_total`) and
//! split by protocol from the app's protocol log. Headless Chromium, the real bridge, real
//! Dovecot and Postfix.
//!
//! The mail view reads, changes and watches (IDLE, RFC 2177) over one IMAP connection
//! (frontend/src/mail_state/watch.rs), and lends it to filing (frontend/src/mail_state/lending.rs):
//! the Drafts saves, the copy in Sent and the draft's removal run on it too. So the whole stretch
//! is one IMAP connection and one SMTP connection; the figures are printed (`-- --nocapture`).

use std::time::Duration;

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::metrics::{counter, metrics};
use posthorn_tests::ui::{
    WAIT, bridge_for, choose_move_target, click, log_lines, open_row, open_with_accounts, set_field,
    stored_account, unlock, wait_for_server, wait_outbox,
};
use serde_json::json;

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <{subject}@example.test>\r\n\r\n{subject}\r\n"
    )
    .into_bytes()
}

#[test]
fn one_stretch_of_use_counts_its_connections() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    stack.seed(&alice, "INBOX", &[message("Flag me"), message("Move me"), message("Read me")]).expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let ports = stack.ports();
    let account = stored_account(&stack, &alice, "Alice", "Imap", ports.imaps, (ports.submissions, "Tls"));
    let mut browser = open_with_accounts(&bridge, json!([account]));
    unlock(&mut browser, &alice.password);

    // Flag one.
    open_row(&mut browser, "Flag me");
    click(&mut browser, "[data-testid=flag]");
    wait_for_server(&browser, "\\Flagged on the server", || {
        let all = stack.fetch_all(&alice, "INBOX").ok()?;
        all.iter()
            .any(|m| {
                String::from_utf8_lossy(&m.raw).contains("Subject: Flag me")
                    && m.flags.iter().any(|f| f == "\\Flagged")
            })
            .then_some(())
    });

    // Move one.
    open_row(&mut browser, "Move me");
    choose_move_target(&mut browser, "Archive");
    click(&mut browser, "[data-testid=move]");
    wait_for_server(&browser, "the message in Archive", || {
        (stack.fetch_all(&alice, "Archive").ok()?.len() == 1).then_some(())
    });

    // A draft typed over 20 seconds, saved to Drafts on the way, then sent and filed in Sent.
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Counted");
    for i in 0..4 {
        set_field(&mut browser, "body", &format!("Line {i} of a slowly written message."));
        std::thread::sleep(Duration::from_secs(5));
    }
    wait_for_server(&browser, "the draft in Drafts", || {
        stack
            .fetch_all(&alice, "Drafts")
            .ok()?
            .iter()
            .any(|m| String::from_utf8_lossy(&m.raw).contains("Subject: Counted"))
            .then_some(())
    });
    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, "Counted", "sent", WAIT);
    browser
        .wait_until(
            "filing in Sent",
            "return document.querySelector('[data-testid=outbox]').textContent.includes('filed in Sent')",
            vec![],
            WAIT,
        )
        .expect("filed");

    // Open one more.
    open_row(&mut browser, "Read me");
    std::thread::sleep(Duration::from_secs(2));

    let text = metrics(bridge.addr);
    let total = counter(&text, "posthorn_connections_total");
    let open = counter(&text, "posthorn_connections_open");
    let lines = log_lines(&mut browser);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut connections: Vec<(String, String)> = lines
        .iter()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let at = words.iter().position(|w| w.starts_with('#'))?;
            // "#<id> [<account>] <protocol> …": the protocol is one of the next two words.
            let protocol =
                words.iter().skip(at + 1).take(2).find(|w| ["IMAP", "SMTP", "POP3"].contains(w))?;
            Some((words[at].to_owned(), (*protocol).to_owned()))
        })
        .collect();
    connections.sort();
    connections.dedup();
    let of = |protocol: &str| connections.iter().filter(|(_, p)| p == protocol).count();
    eprintln!(
        "bridge connections: {total} in all, {open} open at the end; by the log: {} IMAP, {} SMTP",
        of("IMAP"),
        of("SMTP"),
    );
    assert_eq!(
        total as usize,
        connections.len(),
        "the bridge and the log disagree: {connections:?}\n{}",
        lines.join("\n")
    );
    assert_eq!((of("IMAP"), of("SMTP")), (1, 1), "{connections:?}\n{}", lines.join("\n"));
    // The mail view's IMAP connections: those that sent a SELECT or EXAMINE of the inbox, or IDLE.
    let mut view: Vec<&str> = lines
        .iter()
        .filter(|l| {
            l.contains(" C: ")
                && (l.ends_with(" IDLE")
                    || (l.contains("INBOX") && (l.contains(" SELECT ") || l.contains(" EXAMINE "))))
        })
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with('#')))
        .collect();
    view.sort_unstable();
    view.dedup();
    eprintln!("the mail view's IMAP connections: {view:?}");
    assert_eq!(view.len(), 1, "the mail view used {view:?}:\n{}", lines.join("\n"));
    // Filing ran on that connection: several Drafts saves and the copy in Sent.
    let appends: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains(" C: ") && l.contains(" APPEND "))
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with('#')))
        .collect();
    assert!(appends.len() >= 3, "a draft saved twice and the sent copy: {appends:?}");
    assert!(appends.iter().all(|id| *id == view[0]), "APPEND on {appends:?}, the view on {view:?}");
    // And filed right: one copy in Sent, the draft's versions gone from Drafts.
    let with_subject = |folder: &str| {
        let all = stack.fetch_all(&alice, folder).expect("fetch");
        all.iter().filter(|m| String::from_utf8_lossy(&m.raw).contains("Subject: Counted")).count()
    };
    assert_eq!((with_subject("Sent"), with_subject("Drafts")), (1, 0));
}
