//! A walk through the app's screens as a person takes it, for the tests that look at every
//! screen (tests/tests/i18n.rs for the language, tests/tests/accessibility.rs for axe-core):
//! account setup, the mail view with a folder open, the reader with a plain and an HTML message,
//! the composer, the outbox with a sent message, the protocol log, and "All inboxes" once a second
//! account is added. Real app, real bridge, Dovecot and Postfix.

use serde_json::json;

use crate::browser::Browser;
use crate::mailstack::MailStack;
use crate::ui::{
    WAIT, bridge_for, click, finish_account_form, open_row, set_field, start_account_form, wait_outbox,
};

/// The subject of the plain-text message the walk reads.
pub const PLAIN_SUBJECT: &str = "Plain walk message";
/// The subject of the HTML message the walk reads.
pub const HTML_SUBJECT: &str = "HTML walk message";
/// The subject of the message the walk sends.
pub const SENT_SUBJECT: &str = "Walk reply";

/// The screens of the walk, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    AccountSetup,
    MailView,
    ReaderPlain,
    ReaderHtml,
    Composer,
    Outbox,
    /// The Filters dialog with a new filter's form open (frontend/src/filters.rs).
    Filters,
    ProtocolLog,
    AllInboxes,
}

fn plain_message(to: &str) -> String {
    format!(
        "From: Bob <bob@example.org>\r\nTo: {to}\r\nSubject: {PLAIN_SUBJECT}\r\n\
         Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <walk-plain@example.org>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nHello, this is the plain body.\r\n"
    )
}

fn html_message(to: &str) -> String {
    format!(
        "From: Carol <carol@example.org>\r\nTo: {to}\r\nSubject: {HTML_SUBJECT}\r\n\
         Date: Tue, 24 Nov 2026 11:30:00 +0000\r\nMessage-ID: <walk-html@example.org>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <html><body style=\"background:#fff;color:#222\"><h1>Hello</h1><p>An <b>HTML</b> body.</p></body></html>\r\n"
    )
}

/// Starts a browser with `language` (BCP 47) on a fresh app, walks every [`Screen`] and calls
/// `visit` on each once it shows. The mail stack gets alice's two messages in INBOX.
pub fn walk(stack: &MailStack, language: &str, visit: impl FnMut(&mut Browser, Screen)) {
    walk_on(stack, language, |_| {}, visit);
}

/// As [`walk`], with `prepare` run on the browser before the app opens (a phone's screen, …).
pub fn walk_on(
    stack: &MailStack,
    language: &str,
    prepare: impl FnOnce(&Browser),
    mut visit: impl FnMut(&mut Browser, Screen),
) {
    let alice = stack.alice().clone();
    stack
        .seed(&alice, "INBOX", &[plain_message(&alice.address), html_message(&alice.address)])
        .expect("seed INBOX");
    let bridge = bridge_for(stack, &[stack.ports().managesieve]);
    let mut browser = Browser::start_with_language(language).expect("start headless Chromium");
    prepare(&browser);
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("account setup");
    start_account_form(&mut browser, &alice, &alice.password, "imap");
    browser.wait_for("[data-testid=server-settings]", WAIT).expect("server settings");
    visit(&mut browser, Screen::AccountSetup);

    finish_account_form(&mut browser, stack, &alice, stack.ports().imaps);
    browser
        .wait_until(
            "the folders and both messages",
            "return document.querySelectorAll('[data-testid=message-row]').length >= 2 \
             && document.querySelectorAll('[data-folder]').length >= 6;",
            vec![],
            WAIT,
        )
        .expect("the mail view with INBOX open");
    visit(&mut browser, Screen::MailView);

    open_row(&mut browser, PLAIN_SUBJECT);
    browser.wait_for("[data-testid=text-body]", WAIT).expect("the plain body");
    visit(&mut browser, Screen::ReaderPlain);

    open_row(&mut browser, HTML_SUBJECT);
    browser.wait_for("[data-testid=html-body]", WAIT).expect("the HTML body");
    visit(&mut browser, Screen::ReaderHtml);

    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("the composer");
    set_field(&mut browser, "to", &stack.bob().address);
    set_field(&mut browser, "subject", SENT_SUBJECT);
    set_field(&mut browser, "body", "Thanks!");
    visit(&mut browser, Screen::Composer);

    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, SENT_SUBJECT, "sent", WAIT);
    visit(&mut browser, Screen::Outbox);

    open_filters(&mut browser, stack);
    visit(&mut browser, Screen::Filters);
    click(&mut browser, "[data-testid=close-filters]");

    open_menu_if_folded(&mut browser);
    click(&mut browser, "[data-testid=toggle-log]");
    browser.wait_for("[data-testid=log-lines] li", WAIT).expect("the protocol log");
    visit(&mut browser, Screen::ProtocolLog);

    add_second_account(&mut browser, stack);
    visit(&mut browser, Screen::AllInboxes);

    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// Adds bob as a second account (stored as the app stores accounts, then the page reloads and
/// both are unlocked) and opens "All inboxes": alice's messages and bob's in one list.
fn add_second_account(browser: &mut Browser, stack: &MailStack) {
    let bob = stack.bob().clone();
    let message = "From: Dave <dave@example.org>\r\nTo: bob@example.org\r\nSubject: Walk message for bob\r\n\
                   Date: Wed, 25 Nov 2026 09:00:00 +0000\r\nMessage-ID: <walk-bob@example.org>\r\n\r\nHi Bob.\r\n";
    stack.seed(&bob, "INBOX", &[message]).expect("seed bob's INBOX");
    let p = stack.ports();
    let account = json!([{
        "email": bob.address,
        "display_name": "Bob",
        "incoming_protocol": "Imap",
        "incoming": { "host": stack.host(), "port": p.imaps, "security": "Tls", "username": bob.user },
        "outgoing": { "host": stack.host(), "port": p.submissions, "security": "Tls", "username": bob.user },
    }]);
    // Accounts left there are moved into the store on start (frontend/src/account.rs).
    browser
        .execute("localStorage.setItem('posthorn.accounts.v1', JSON.stringify(arguments[0]));", vec![account])
        .expect("store bob's account");
    browser.refresh().expect("reload");
    let alice = stack.alice().clone();
    for (who, password) in [(&alice.address, &alice.password), (&bob.address, &bob.password)] {
        browser
            .execute(
                "const s = document.querySelector('.account-switch'); \
                 if (s) { s.value = arguments[0]; s.dispatchEvent(new Event('change')); }",
                vec![json!(who)],
            )
            .expect("switch account");
        let field = browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("unlock");
        browser.fill(&field, password).expect("type the password");
        click(browser, "[data-testid=unlock] button[type=submit]");
        browser
            .wait_until(
                "the account unlocked",
                "return !document.querySelector('[data-testid=unlock]') \
                 && document.querySelectorAll('[data-testid=message-row]').length > 0",
                vec![],
                WAIT,
            )
            .expect("unlocked");
    }
    // On a phone the folder pane is folded: the entry is clicked from script.
    browser
        .wait_until(
            "the All inboxes entry",
            "const e = document.querySelector('[data-testid=all-inboxes]'); if (e) e.click(); return !!e;",
            vec![],
            WAIT,
        )
        .expect("All inboxes");
    browser
        .wait_until(
            "both accounts' rows in All inboxes",
            "return document.querySelectorAll('[data-testid=all-inboxes-view] [data-testid=message-row]').length >= 3",
            vec![],
            WAIT,
        )
        .expect("both inboxes listed");
}

/// Opens the Filters dialog, connected to the stack's ManageSieve, with a new filter's form open.
fn open_filters(browser: &mut Browser, stack: &MailStack) {
    let server = format!("{}:{}", stack.host(), stack.ports().managesieve);
    crate::ui::open_filters(browser, &server).unwrap_or_else(|e| panic!("{e}"));
    browser.wait_for("[data-testid=vacation]", WAIT).expect("the filters");
    click(browser, "[data-testid=new-filter]");
    browser.wait_for("[data-testid=filter-form]", WAIT).expect("a filter's form");
}

/// On a phone the top bar's commands are behind its menu button: opens the menu if so.
pub fn open_menu_if_folded(browser: &mut Browser) {
    let folded = browser
        .execute(
            "const b = document.querySelector('[data-testid=menu-button]'); \
             return !!b && getComputedStyle(b).display !== 'none' && b.getAttribute('aria-expanded') !== 'true';",
            vec![],
        )
        .expect("the menu button");
    if folded == true {
        click(browser, "[data-testid=menu-button]");
    }
}
