//! Accounts on servers without the usual folders, in the real app: headless Chromium, the real
//! bridge, real Postfix and a real Dovecot configured without its Sent and Drafts folders
//! ([`MailStack::start_without_folders`]). Dovecot 2.3 offers SPECIAL-USE but not
//! CREATE-SPECIAL-USE, so the folder the app creates here is a plain CREATE found by its name;
//! the CREATE … USE form is checked against the RFC 6154 transcript in
//! shared/tests/imap_mailbox_names.rs.

use std::time::Duration;

use posthorn_tests::app::RunningBridge;
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::{Account, FetchedMessage, MailStack};
use posthorn_tests::ui::{
    bridge_for, click, open_with_accounts, outbox_text, set_field, stored_account, unlock, wait_outbox,
};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

/// The stored account, as `posthorn.accounts.v1` holds it.
fn account_json(stack: &MailStack, account: &Account) -> Value {
    let p = stack.ports();
    json!([stored_account(stack, account, &account.user, "Imap", p.imaps, (p.submissions, "Tls"))])
}

/// Opens the app with `account` stored and unlocked.
fn open_app(bridge: &RunningBridge, stack: &MailStack, account: &Account) -> Browser {
    let mut browser = open_with_accounts(bridge, account_json(stack, account));
    unlock(&mut browser, &account.password);
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the mail view with its composer");
    browser
}

fn send(browser: &mut Browser, to: &str, subject: &str) -> String {
    click(browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer opens");
    set_field(browser, "to", to);
    set_field(browser, "subject", subject);
    set_field(browser, "body", "Hallo");
    click(browser, "[data-testid=send]");
    wait_outbox(browser, subject, "sent", WAIT)
}

/// The outbox note once it has settled on something other than a progress step.
fn settled_note(browser: &mut Browser, subject: &str, contains: &str) -> String {
    let note = browser
        .wait_until(
            &format!("the outbox note of {subject:?} to say {contains:?}"),
            "for (const i of document.querySelectorAll('[data-testid=outbox-item]')) \
               if (i.querySelector('b').textContent === arguments[0]) { \
                 const n = i.querySelector('[data-testid=outbox-note]').textContent; \
                 return n.includes(arguments[1]) ? n : null; } \
             return null;",
            vec![json!(subject), json!(contains)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}\noutbox: {}", outbox_text(browser)));
    note.as_str().unwrap_or_default().to_owned()
}

fn copies_of(stack: &MailStack, account: &Account, mailbox: &str, id: &str) -> Vec<FetchedMessage> {
    let text = |m: &FetchedMessage| String::from_utf8_lossy(&m.raw).into_owned();
    stack
        .fetch_all(account, mailbox)
        .unwrap_or_default()
        .into_iter()
        .filter(|m| text(m).contains(&format!("<{id}>")))
        .collect()
}

#[test]
fn a_sent_folder_by_a_common_name_without_drafts_is_filed_in_and_a_missing_one_is_created() {
    let stack = MailStack::start_without_folders(&["Sent", "Drafts"]).expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let (alice, bob, carol) = (stack.alice().clone(), stack.bob().clone(), stack.carol().clone());
    let names = |account: &Account| -> Vec<String> {
        stack.mailboxes(account).expect("LIST").into_iter().map(|m| m.name).collect()
    };
    assert!(!names(&alice).iter().any(|n| n == "Sent" || n == "Drafts"), "{:?}", names(&alice));

    // Alice has a German "Gesendet" without a \Sent attribute, and no Drafts folder at all. The
    // copy goes into Gesendet, and the outbox says it was filed (it used to say "not filed in
    // Sent: The server has no Drafts folder" while the copy was there); it names the folder as
    // the folder list shows a Sent folder, in the app's language.
    stack.create_mailbox(&alice, "Gesendet").expect("create Gesendet");
    let mut browser = open_app(&bridge, &stack, &alice);
    let id = send(&mut browser, &bob.address, "Ohne Entwürfe");
    let note = settled_note(&mut browser, "Ohne Entwürfe", "filed");
    assert!(note.contains("Sent and filed in Sent"), "{note}");
    assert!(!note.contains("not filed"), "{note}");
    assert!(
        note.contains(&format!("accepted for {}", bob.address)),
        "the delivery step is not reported: {note}"
    );
    let filed = copies_of(&stack, &alice, "Gesendet", &id);
    assert_eq!(filed.len(), 1, "one copy in Gesendet");
    assert!(filed[0].flags.iter().any(|f| f == "\\Seen"), "{:?}", filed[0].flags);
    assert!(!names(&alice).iter().any(|n| n == "Sent" || n == "Drafts"), "nothing was created for Alice");
    browser.assert_no_console_errors(&[]).expect("no console errors");
    drop(browser);

    // Carol has no Sent folder by any name: the message goes out, the outbox says it was not
    // filed and why, and offers to create the folder; then the copy is filed there, once.
    let mut browser = open_app(&bridge, &stack, &carol);
    let id = send(&mut browser, &bob.address, "Kein Gesendet");
    let note = settled_note(&mut browser, "Kein Gesendet", "no Sent folder");
    assert!(note.contains("not filed"), "{note}");
    assert!(note.contains(&format!("accepted for {}", bob.address)), "{note}");
    stack
        .wait_for_message(&bob, "INBOX", |m| String::from_utf8_lossy(&m.raw).contains(&id), WAIT)
        .expect("delivered to Bob");
    browser
        .execute(
            "for (const i of document.querySelectorAll('[data-testid=outbox-item]')) \
               if (i.querySelector('b').textContent === arguments[0]) \
                 i.querySelector('[data-testid=outbox-create-sent]').click();",
            vec![json!("Kein Gesendet")],
        )
        .expect("click 'Create a Sent folder'");
    let note = settled_note(&mut browser, "Kein Gesendet", "Sent and filed in Sent");
    assert!(note.contains("created"), "{note}");
    assert!(names(&carol).iter().any(|n| n == "Sent"), "{:?}", names(&carol));
    let filed = copies_of(&stack, &carol, "Sent", &id);
    assert_eq!(filed.len(), 1, "one copy in the new Sent folder");
    assert!(filed[0].flags.iter().any(|f| f == "\\Seen"), "{:?}", filed[0].flags);
    let button = browser
        .execute("return !!document.querySelector('[data-testid=outbox-create-sent]')", vec![])
        .expect("query");
    assert_eq!(button, json!(false), "the button stays after filing: {}", outbox_text(&browser));
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
