//! Server-side filters and the out-of-office reply (frontend/src/filters.rs): set up in the
//! Filters dialog, stored on Dovecot over ManageSieve (RFC 5804) through the bridge, read back
//! with the harness's own ManageSieve exchange, and applied by Dovecot to what Postfix delivers:
//! a matching message is filed, marked read and tagged, the sender gets the reply. Reopened, the dialog
//! shows what the server keeps. A script another program wrote opens as text; a broken one is
//! refused with the server's words and changes nothing. A message starts a filter for its
//! mailing list. Real app in headless Chromium, the real
//! bridge, Dovecot (Pigeonhole) and Postfix.

use std::time::Duration;

use posthorn_tests::app::RunningBridge;
use posthorn_tests::axe::{source as axe_source, violations};
use posthorn_tests::browser::Browser;
use posthorn_tests::fixtures::deliver;
use posthorn_tests::mailstack::{Account, MailStack};
use posthorn_tests::phone;
use posthorn_tests::ui::{
    WAIT, bridge_for, choose_in, click, log_lines, more_action, open_row, open_with_accounts, screenshot,
    send_new, set_up_account, stored_account, subjects_in, switch_account, text_of, type_into, unlock,
    wait_for_server, wait_outbox,
};
use serde_json::json;

/// Opens the dialog from the settings menu, connected to the stack's ManageSieve port.
fn open_filters(browser: &mut Browser, stack: &MailStack) {
    let server = format!("{}:{}", stack.host(), stack.ports().managesieve);
    posthorn_tests::ui::open_filters(browser, &server).unwrap_or_else(|e| panic!("{e}"));
}

/// The app with `account` set up, served by a bridge that may reach the ManageSieve port.
fn signed_in(stack: &MailStack, account: &Account, browser: Browser) -> (RunningBridge, Browser) {
    signed_in_with(stack, account, browser, &[])
}

/// As [`signed_in`], with the bridge also allowed to reach the loopback `ports`.
fn signed_in_with(
    stack: &MailStack,
    account: &Account,
    browser: Browser,
    ports: &[u16],
) -> (RunningBridge, Browser) {
    let bridge = bridge_for(stack, &[&[stack.ports().managesieve], ports].concat());
    let mut browser = browser;
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up_account(&mut browser, stack, account, &account.password);
    // The folder list is kept once it shows; the filter form offers its folders.
    browser.wait_for("button.folder[data-folder=\"Berichte\"]", WAIT).expect("the folder list");
    (bridge, browser)
}

#[test]
fn filters_and_an_out_of_office_reply_are_kept_on_the_server_and_applied() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack.create_mailbox(&alice, "Berichte").expect("create Berichte");
    let (_bridge, mut browser) = signed_in(&stack, &alice, Browser::start().expect("browser"));

    // The default server (the incoming server's name, port 4190) has no ManageSieve here: the
    // dialog says so in plain words.
    click(&mut browser, "[data-testid=settings] > summary");
    click(&mut browser, "[data-testid=open-filters]");
    let failed = text_of(&mut browser, "[data-testid=filters-problem]");
    assert!(failed.contains(":4190"), "{failed}");
    let server = format!("{}:{}", stack.host(), stack.ports().managesieve);
    type_into(&browser, "[data-testid=sieve-server]", &server);
    click(&mut browser, "[data-testid=sieve-connect]");
    browser.wait_for("[data-testid=vacation]", WAIT).expect("the form");
    assert!(browser.wait_for("[data-testid=filter-list] .hint", WAIT).is_ok(), "no filters yet");

    // The out-of-office reply.
    click(&mut browser, "[data-testid=vacation-on]");
    type_into(&browser, "[data-testid=vacation-subject]", "Away until Monday");
    type_into(&browser, "[data-testid=vacation-text]", "I read mail again on Monday.\nAlice");

    // A filter: a subject with "report" goes to Berichte, marked read.
    click(&mut browser, "[data-testid=new-filter]");
    type_into(&browser, "[data-testid=filter-name]", "Reports");
    choose_in(&browser, "[data-testid=condition-field]", "subject");
    type_into(&browser, "[data-testid=condition-value]", "report");
    // Without an action the form says what is missing.
    click(&mut browser, "[data-testid=keep-filter]");
    assert!(text_of(&mut browser, "[data-testid=filter-problem]").contains("Reports"));
    click(&mut browser, "[data-testid=action-file-into]");
    choose_in(&browser, "[data-testid=file-into-folder]", "Berichte");
    click(&mut browser, "[data-testid=action-mark-read]");
    // The app's tag Work is the keyword $label2 (frontend/src/mail_state/tags.rs).
    choose_in(&browser, "[data-testid=tag-keyword]", "$label2");
    click(&mut browser, "[data-testid=filter-stop]");
    // The dialog with the filter's form open: no WCAG 2.1 A/AA violation (axe-core), in the light
    // and the dark palette (frontend/style/main.css).
    let axe = axe_source();
    for theme in ["light", "dark"] {
        browser
            .execute("document.documentElement.dataset.theme = arguments[0];", vec![json!(theme)])
            .expect("theme");
        let violations = violations(&browser, &axe);
        assert!(violations.is_empty(), "{theme}: {violations:#?}");
    }
    browser.execute("delete document.documentElement.dataset.theme;", vec![]).expect("theme");
    screenshot(&browser, "filters-form");
    click(&mut browser, "[data-testid=keep-filter]");
    assert_eq!(text_of(&mut browser, "[data-testid=filter] .filter-name"), "Reports");
    click(&mut browser, "[data-testid=save-filters]");
    let saved = text_of(&mut browser, "[data-testid=filters-status]");
    assert!(saved.contains("Saved"), "{saved}");

    // What the server keeps, read with another client.
    let (name, script) = stack.active_sieve_script(&alice).expect("read").expect("an active script");
    assert_eq!(name, "posthorn");
    for part in [
        "fileinto \"Berichte\"",
        "addflag \"\\\\Seen\"",
        "addflag \"$label2\"",
        ":subject \"Away until Monday\"",
        "# rule:[Reports]",
    ] {
        assert!(script.contains(part), "{part} in {script}");
    }

    // Postfix delivers; Dovecot's Sieve files the report and answers bob.
    let raw = format!(
        "From: {}\r\nTo: {}\r\nSubject: Quarterly report\r\nMessage-ID: <q-report@posthorn.test>\r\n\r\nNumbers.\r\n",
        bob.address, alice.address
    );
    deliver(&stack, &bob, &alice.address, raw.as_bytes());
    let filed = stack
        .wait_for_message(
            &alice,
            "Berichte",
            |m| String::from_utf8_lossy(&m.raw).contains("Quarterly report"),
            Duration::from_secs(20),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(filed.flags.iter().any(|f| f == "\\Seen"), "{:?}", filed.flags);
    assert!(filed.flags.iter().any(|f| f == "$label2"), "{:?}", filed.flags);
    let reply = stack
        .wait_for_message(
            &bob,
            "INBOX",
            |m| String::from_utf8_lossy(&m.raw).contains("Away until Monday"),
            Duration::from_secs(20),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&reply.raw).contains("I read mail again on Monday."));

    // Closed, the status line says the reply is on, and its button opens the dialog again,
    // which shows what the server keeps.
    click(&mut browser, "[data-testid=close-filters]");
    let away = text_of(&mut browser, "[data-testid=out-of-office]");
    assert!(away.starts_with("Out-of-office reply on"), "{away}");
    screenshot(&browser, "out-of-office-note");
    click(&mut browser, "[data-testid=out-of-office-change]");
    browser.wait_for("[data-testid=filter]", WAIT).expect("the kept filter");
    let shown = browser
        .execute(
            "return [document.querySelector('[data-testid=vacation-subject]').value, \
             document.querySelector('[data-testid=vacation-on]').checked, \
             document.querySelector('[data-testid=filter] .filter-name').textContent]",
            vec![],
        )
        .expect("the form");
    assert_eq!(shown, json!(["Away until Monday", true, "Reports"]));
    // On a phone the dialog and the filter's form fit the screen, every control a finger's size.
    phone::emulate(&browser);
    phone::assert_fits(&browser, "filters");
    click(&mut browser, "[data-testid=edit-filter]");
    let kept = browser.wait_for("[data-testid=filter-form]", WAIT).map(|_| ());
    kept.expect("the form");
    let edited = browser
        .execute(
            "return [document.querySelector('[data-testid=filter-name]').value,              document.querySelector('[data-testid=file-into-folder]').value,              document.querySelector('[data-testid=action-mark-read]').checked,              document.querySelector('[data-testid=condition-value]').value]",
            vec![],
        )
        .expect("the filter's form");
    assert_eq!(edited, json!(["Reports", "Berichte", true, "report"]));
    phone::assert_fits(&browser, "filter-form");
    click(&mut browser, "[data-testid=cancel-filter]");
    browser.cdp("Emulation.clearDeviceMetricsOverride", json!({})).expect("back to the desktop");

    // Switched off and saved, the reply stays written but answers no one.
    click(&mut browser, "[data-testid=vacation-on]");
    click(&mut browser, "[data-testid=save-filters]");
    text_of(&mut browser, "[data-testid=filters-status]");
    let script = wait_for_server(&browser, "the reply switched off", || {
        stack
            .active_sieve_script(&alice)
            .ok()
            .flatten()
            .map(|(_, s)| s)
            .filter(|s| s.contains("allof (false"))
    });
    assert!(script.contains("Away until Monday"), "{script}");

    // The status line no longer speaks of it.
    click(&mut browser, "[data-testid=close-filters]");
    wait_for_server(&browser, "the status line without the reply", || {
        let shown =
            browser.execute("return !!document.querySelector('[data-testid=out-of-office]')", vec![]).ok()?;
        (shown == json!(false)).then_some(())
    });

    // The protocol log has the ManageSieve conversation, the password redacted.
    let log = log_lines(&mut browser).join("\n");
    assert!(log.contains("ManageSieve") && log.contains("PUTSCRIPT"), "{log}");
    // The app signs in with SCRAM where the server offers it (RFC 7677), every step redacted.
    assert!(log.contains("ManageSieve C: AUTHENTICATE \"SCRAM-SHA-256\" <redacted>"), "{log}");
    assert!(!log.contains(&alice.password), "{log}");
}

#[test]
fn a_script_from_another_program_is_edited_as_text_in_german() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let alice = stack.alice().clone();
    stack.create_mailbox(&alice, "Berichte").expect("create Berichte");
    // As a webmail's filter plugin might write it: a regular expression the form cannot show.
    let foreign = "require [\"fileinto\", \"regex\"];\r\nif header :regex \"subject\" \"^\\\\[list\\\\]\" {\r\n  fileinto \"Berichte\";\r\n}\r\n";
    stack.put_sieve_script(&alice, "webmail", foreign).expect("store the script");
    let (_bridge, mut browser) =
        signed_in(&stack, &alice, Browser::start_with_language("de").expect("browser"));

    open_filters(&mut browser, &stack);
    let why = text_of(&mut browser, "[data-testid=filters-foreign]");
    assert!(why.contains("„webmail“") && why.contains(":regex"), "{why}");
    let text = browser
        .execute("return document.querySelector('[data-testid=sieve-text]').value", vec![])
        .expect("text");
    assert_eq!(text.as_str().map(|t| t.replace("\r\n", "\n")), Some(foreign.replace("\r\n", "\n")));

    // A broken script: the server's words, and the old script stays.
    type_into(&browser, "[data-testid=sieve-text]", "if true {\n  discard;\n");
    click(&mut browser, "[data-testid=save-filters]");
    let refused = text_of(&mut browser, "[data-testid=filters-problem]");
    assert!(refused.contains("nicht angenommen"), "{refused}");
    assert_eq!(stack.active_sieve_script(&alice).unwrap(), Some(("webmail".into(), foreign.into())));

    // A valid change is stored under the script's own name.
    let changed = foreign.replace("[list]", "[liste]").replace("\\\\[list\\\\]", "\\\\[liste\\\\]");
    type_into(&browser, "[data-testid=sieve-text]", &changed);
    click(&mut browser, "[data-testid=save-filters]");
    let saved = text_of(&mut browser, "[data-testid=filters-status]");
    assert!(saved.contains("gespeichert"), "{saved}");
    let (name, script) = stack.active_sieve_script(&alice).unwrap().expect("active");
    assert_eq!(name, "webmail");
    assert!(script.contains("liste"), "{script}");
}

#[test]
fn a_message_starts_a_filter_for_its_list() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack.create_mailbox(&alice, "Berichte").expect("create Berichte");
    let raw = format!(
        "From: Bob <{}>\r\nTo: dev@lists.posthorn.test\r\nSubject: Release notes\r\n\
         List-Id: Posthorn developers <dev.lists.posthorn.test>\r\nMessage-ID: <notes@posthorn.test>\r\n\r\nNotes.\r\n",
        bob.address
    );
    deliver(&stack, &bob, &alice.address, raw.as_bytes());
    stack
        .wait_for_message(
            &alice,
            "INBOX",
            |m| String::from_utf8_lossy(&m.raw).contains("Release notes"),
            Duration::from_secs(20),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let (_bridge, mut browser) = signed_in(&stack, &alice, Browser::start().expect("browser"));
    // The filter server is set once; the account keeps it.
    open_filters(&mut browser, &stack);
    browser.wait_for("[data-testid=vacation]", WAIT).expect("the form");
    click(&mut browser, "[data-testid=close-filters]");

    open_row(&mut browser, "Release notes");
    more_action(&mut browser, "[data-testid=filter-like-this]");
    browser
        .wait_for("[data-testid=filters][open] [data-testid=filter-form]", WAIT)
        .expect("the filter's form");
    let started = browser
        .execute(
            "return [document.querySelector('[data-testid=filter-name]').value, \
             document.querySelector('[data-testid=condition-field]').value, \
             document.querySelector('[data-testid=condition-value]').value]",
            vec![],
        )
        .expect("the form");
    assert_eq!(started, json!(["Bob", "list-id", "dev.lists.posthorn.test"]));
    click(&mut browser, "[data-testid=action-file-into]");
    choose_in(&browser, "[data-testid=file-into-folder]", "Berichte");
    click(&mut browser, "[data-testid=keep-filter]");
    click(&mut browser, "[data-testid=save-filters]");
    text_of(&mut browser, "[data-testid=filters-status]");
    let (_, script) = stack.active_sieve_script(&alice).expect("read").expect("active");
    assert!(script.contains("if header :contains \"list-id\" \"dev.lists.posthorn.test\" {"), "{script}");

    // The account now keeps its filter server; its mail view's one IMAP connection still serves
    // it, and files the copy of a sent message in Sent (ARCHITECTURE.md, *One connection per
    // account*).
    click(&mut browser, "[data-testid=close-filters]");
    let imap = |lines: Vec<String>| lines.iter().filter(|l| l.contains(" IMAP * connecting to")).count();
    let before = imap(log_lines(&mut browser));
    click(&mut browser, "[data-testid=toggle-log]");
    send_new(&mut browser, &bob.address, "After the filters", "Hello.");
    wait_outbox(&mut browser, "After the filters", "sent", WAIT);
    wait_for_server(&browser, "the copy in Sent", || {
        subjects_in(&stack, &alice, "Sent").filter(|s| s.iter().any(|s| s == "After the filters"))
    });
    assert_eq!(imap(log_lines(&mut browser)), before, "no IMAP connection besides the mail view's");
}

/// In All inboxes the dialog opens for the message's own account, whichever account was shown
/// last (bob here, alice's message).
#[test]
fn in_all_inboxes_a_message_starts_a_filter_on_its_own_account() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let to_alice = format!(
        "From: Carol <carol@example.org>\r\nTo: {}\r\nSubject: For Alice only\r\n\
         Date: Sat, 5 Dec 2026 09:00:00 +0000\r\nMessage-ID: <alice-only@posthorn.test>\r\n\r\nHi.\r\n",
        alice.address
    );
    let to_bob = format!(
        "From: Dave <dave@example.org>\r\nTo: {}\r\nSubject: For Bob only\r\n\
         Date: Sat, 5 Dec 2026 10:00:00 +0000\r\nMessage-ID: <bob-only@posthorn.test>\r\n\r\nHi.\r\n",
        bob.address
    );
    stack.seed(&alice, "INBOX", &[to_alice.into_bytes()]).expect("seed alice");
    stack.seed(&bob, "INBOX", &[to_bob.into_bytes()]).expect("seed bob");
    let (_bridge, mut browser) = posthorn_tests::ui::all_inboxes_of(&stack, &alice, &bob);
    posthorn_tests::ui::wait_unified_rows(&mut browser, 2);
    open_row(&mut browser, "For Alice only");
    more_action(&mut browser, "[data-testid=filter-like-this]");
    let title = text_of(&mut browser, "[data-testid=filters][open] #filters-title");
    assert!(title.contains(&alice.address) && !title.contains(&bob.address), "{title}");
}

/// A Connect that supersedes one still waiting for its server: the form shows the newer
/// server's filters, and when the first server finally gives up, its failure is not shown over
/// them. The first server is a listener written here that accepts and says nothing until the test
/// closes the connection: a real ManageSieve server greets at once, so the delay is injected.
#[test]
fn a_slow_server_given_up_on_does_not_overwrite_the_newer_connection() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let alice = stack.alice().clone();
    stack.create_mailbox(&alice, "Berichte").expect("create Berichte");
    let silent = std::net::TcpListener::bind((stack.host(), 0)).expect("bind");
    let silent_port = silent.local_addr().expect("addr").port();
    let (accepted_tx, accepted) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Ok((socket, _)) = silent.accept() {
            let _ = accepted_tx.send(socket);
        }
    });
    let (_bridge, mut browser) =
        signed_in_with(&stack, &alice, Browser::start().expect("browser"), &[silent_port]);

    posthorn_tests::ui::open_filters(&mut browser, &format!("{}:{silent_port}", stack.host()))
        .unwrap_or_else(|e| panic!("{e}"));
    browser.wait_for("[data-testid=filters-loading]", WAIT).expect("loading");
    let held = accepted.recv_timeout(WAIT).expect("the app reached the silent server");
    let server = format!("{}:{}", stack.host(), stack.ports().managesieve);
    type_into(&browser, "[data-testid=sieve-server]", &server);
    click(&mut browser, "[data-testid=sieve-connect]");
    browser.wait_for("[data-testid=vacation]", WAIT).expect("the newer server's form");
    click(&mut browser, "[data-testid=vacation-on]");
    type_into(&browser, "[data-testid=vacation-subject]", "Away");
    type_into(&browser, "[data-testid=vacation-text]", "Back on Monday.");

    // The silent server gives up: the app hears the connection close through the bridge.
    drop(held);
    let shown = || {
        browser
            .execute(
                "return [!!document.querySelector('[data-testid=filters-problem]'), \
                 !!document.querySelector('[data-testid=vacation]'), \
                 document.querySelector('[data-testid=vacation-subject]')?.value]",
                vec![],
            )
            .expect("the dialog")
    };
    let until = std::time::Instant::now() + Duration::from_secs(3);
    while std::time::Instant::now() < until {
        assert_eq!(shown(), json!([false, true, "Away"]), "the given-up load changed the dialog");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The newer connection still saves, and the account keeps the server it was made with.
    click(&mut browser, "[data-testid=save-filters]");
    text_of(&mut browser, "[data-testid=filters-status]");
    let (_, script) = stack.active_sieve_script(&alice).expect("read").expect("active");
    assert!(script.contains(":subject \"Away\""), "{script}");
    click(&mut browser, "[data-testid=close-filters]");
    click(&mut browser, "[data-testid=settings] > summary");
    click(&mut browser, "[data-testid=open-filters]");
    browser.wait_for("[data-testid=vacation]", WAIT).expect("the kept server's form");
}

/// The note says whose reply is on where several accounts share the status line, and shows in a
/// POP3 account's view too; a reply whose last day has passed says nothing. The accounts are
/// stored as the dialog leaves them (the IMAP test above checks that it records the reply).
#[test]
fn the_out_of_office_note_names_its_account_in_all_inboxes_and_shows_for_pop3() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let p = stack.ports();
    let mut imap = stored_account(&stack, &alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls"));
    imap["out_of_office"] = json!({ "end": "2020-01-31" });
    let mut pop3 = stored_account(&stack, &bob, "Bob", "Pop3", p.pop3s, (p.submission, "Starttls"));
    pop3["out_of_office"] = json!({ "start": "2099-01-04", "end": "2099-01-15" });
    let bridge = bridge_for(&stack, &[]);
    let mut browser = open_with_accounts(&bridge, json!([imap, pop3]));
    unlock(&mut browser, &alice.password);
    switch_account(&browser, &bob.address);
    unlock(&mut browser, &bob.password);

    // Bob's own view: the reply is to come.
    let note = text_of(&mut browser, ".pop3 [data-testid=out-of-office]");
    assert!(note.starts_with("Out-of-office reply from Jan 4, 2099 to Jan 15, 2099"), "{note}");
    click(&mut browser, "[data-testid=all-inboxes]");
    browser.wait_for("[data-testid=all-inboxes-view]", WAIT).expect("All inboxes");
    let notes = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=all-inboxes-view] [data-testid=out-of-office]')] \
             .map(n => n.textContent)",
            vec![],
        )
        .expect("the notes");
    let notes: Vec<String> = serde_json::from_value(notes).expect("texts");
    assert_eq!(notes.len(), 1, "only Bob's reply is on: {notes:?}");
    assert!(notes[0].starts_with("Bob: Out-of-office reply from Jan 4, 2099"), "{notes:?}");
    // Its button opens the dialog for Bob's account.
    click(&mut browser, "[data-testid=out-of-office-change]");
    let title = text_of(&mut browser, "[data-testid=filters][open] #filters-title");
    assert!(title.contains(&bob.address), "{title}");
}
