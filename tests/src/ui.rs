//! Driving the real app in headless Chromium the way a person does: the steps the end-to-end
//! tests share (a bridge for the local mail stack, the account form, opening a message, waiting
//! for the server to show an effect).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::app::RunningBridge;
use crate::browser::Browser;
use crate::mailstack::{Account, MailStack};

/// How long a step in the page may take.
pub const WAIT: Duration = Duration::from_secs(30);

/// A bridge serving the built app whose policy allows the local stack's mail ports (and `extra`).
pub fn bridge_for(stack: &MailStack, extra: &[u16]) -> RunningBridge {
    let p = stack.ports();
    let mut ports = vec![p.imap, p.imaps, p.pop3, p.pop3s, p.submission, p.submissions];
    ports.extend_from_slice(extra);
    RunningBridge::for_local_mail(&ports, Some(stack.ca_pem_path()))
}

/// Types into the form field named `name`.
pub fn fill(browser: &mut Browser, name: &str, value: &str) {
    let el = browser.wait_for(&format!("[name={name}]"), WAIT).expect(name);
    browser.fill(&el, value).expect("type");
}

/// Picks `value` in the select box named `name`.
pub fn choose(browser: &mut Browser, name: &str, value: &str) {
    let select = format!("[name={name}]");
    browser.wait_for(&select, WAIT).expect(name);
    choose_in(browser, &select, value);
}

/// Picks `value` in the select box `css` finds, as a person's choice does (a `change` event).
pub fn choose_in(browser: &Browser, css: &str, value: &str) {
    browser
        .execute(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
             s.dispatchEvent(new Event('change'));",
            vec![json!(css), json!(value)],
        )
        .unwrap_or_else(|e| panic!("choose {value:?} in {css}: {e}"));
}

/// Sets the field `css` finds as typing would (an `input` event), with text WebDriver cannot
/// type reliably (umlauts, newlines) or quickly.
pub fn type_into(browser: &Browser, css: &str, text: &str) {
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(css), json!(text)],
        )
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// The text of the first element `css` finds, once it has some.
pub fn wait_text(browser: &mut Browser, css: &str) -> Result<String, String> {
    browser
        .wait_until(
            css,
            "const e = document.querySelector(arguments[0]); return !!e && e.textContent.trim().length > 0 && e.textContent;",
            vec![json!(css)],
            WAIT,
        )
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .map_err(|e| format!("{css}: {e}"))
}

/// [`wait_text`], failing the test where the text does not come.
pub fn text_of(browser: &mut Browser, css: &str) -> String {
    wait_text(browser, css).unwrap_or_else(|e| panic!("{e}"))
}

/// Waits until the status line says `words` (it may say something else first, such as the
/// folder being brought up to date), and returns what it says.
pub fn wait_status(browser: &mut Browser, words: &str) -> String {
    browser
        .wait_until(
            &format!("the status line to say {words:?}"),
            "const s = document.querySelector('[data-testid=status]'); \
             return !!s && s.textContent.includes(arguments[0]) && s.textContent;",
            vec![json!(words)],
            WAIT,
        )
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .unwrap_or_else(|e| {
            let now = browser
                .execute("return document.querySelector('[data-testid=status]')?.textContent", vec![])
                .unwrap_or_default();
            panic!("{e}\nthe status line says: {now}")
        })
}

/// Opens the Filters dialog (frontend/src/filters.rs) from the settings menu and, unless the
/// account keeps it already, connects it to the ManageSieve server `server` (`host:port`). What
/// the dialog then shows is for the caller to wait for.
pub fn open_filters(browser: &mut Browser, server: &str) -> Result<(), String> {
    crate::walk::open_menu_if_folded(browser);
    click(browser, "[data-testid=settings] > summary");
    click(browser, "[data-testid=open-filters]");
    // The dialog opens at once; the editor in it is a part of its own (frontend/src/filters.rs),
    // which may still be on its way.
    browser
        .wait_for("[data-testid=filters][open] [data-testid=sieve-server]", WAIT)
        .map_err(|e| format!("the Filters dialog: {e}"))?;
    let kept = browser
        .execute("return document.querySelector('[data-testid=sieve-server]').value", vec![])
        .map_err(|e| e.to_string())?;
    if kept != json!(server) {
        type_into(browser, "[data-testid=sieve-server]", server);
        click(browser, "[data-testid=sieve-connect]");
    }
    Ok(())
}

/// The error banner's text, or null where none shows.
pub fn error_banner(browser: &Browser) -> Value {
    browser
        .execute("const e = document.querySelector('[data-testid=error]'); return e && e.textContent", vec![])
        .expect("read the error banner")
}

/// Chooses the folder `wire` (its wire name) in the toolbar's *Move to…*, for Move or Copy.
pub fn choose_move_target(browser: &mut Browser, wire: &str) {
    browser.wait_for("[data-testid=move-target]", WAIT).expect("Move to…");
    choose_in(browser, "[data-testid=move-target]", wire);
}

/// Starts the account form by hand (discovery cannot find a `.test` domain), up to the server
/// fields; the caller may set more, then calls [`finish_account_form`].
pub fn start_account_form(browser: &mut Browser, account: &Account, password: &str, protocol: &str) {
    fill(browser, "email", &account.address);
    fill(browser, "password", password);
    let by_hand = browser.wait_for(".account-setup .buttons button[type=button]", WAIT).expect("by hand");
    browser.click(&by_hand).expect("click");
    choose(browser, "protocol", protocol);
}

/// Fills the server fields (incoming `port`, submissions for sending) and presses "Test and save".
pub fn finish_account_form(browser: &mut Browser, stack: &MailStack, account: &Account, port: u16) {
    fill(browser, "incoming-host", stack.host());
    fill(browser, "incoming-port", &port.to_string());
    fill(browser, "incoming-username", &account.user);
    fill(browser, "outgoing-host", stack.host());
    fill(browser, "outgoing-port", &stack.ports().submissions.to_string());
    fill(browser, "outgoing-username", &account.user);
    let save = browser.wait_for("[data-testid=test-and-save]", WAIT).expect("save button");
    browser.click(&save).expect("click");
}

/// Sets up an account by hand for `protocol` (`imap` or `pop3`) on `port`.
pub fn set_up(
    browser: &mut Browser,
    stack: &MailStack,
    account: &Account,
    password: &str,
    protocol: &str,
    port: u16,
) {
    start_account_form(browser, account, password, protocol);
    finish_account_form(browser, stack, account, port);
}

/// Sets up an IMAP account (IMAPS) by hand.
pub fn set_up_account(browser: &mut Browser, stack: &MailStack, account: &Account, password: &str) {
    set_up(browser, stack, account, password, "imap", stack.ports().imaps);
}

/// The app in a fresh headless Chromium, served by a bridge for the stack, with `account`'s IMAP
/// account set up through the form with its own password: where most end-to-end tests start.
/// Bind the pair in this order (`let (bridge, mut browser) = …`) so the bridge outlives the browser.
pub fn signed_in(stack: &MailStack, account: &Account) -> (RunningBridge, Browser) {
    let bridge = bridge_for(stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up_account(&mut browser, stack, account, &account.password);
    (bridge, browser)
}

/// Waits until the message list shows exactly `count` rows.
pub fn wait_row_count(browser: &mut Browser, count: usize) {
    browser
        .wait_until(
            &format!("{count} rows"),
            "return document.querySelectorAll('[data-testid=message-row]').length === arguments[0]",
            vec![json!(count)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{count} rows: {e}"));
}

/// Buttons that touch a neighbour: two buttons side by side in one parent, on one line, less than
/// 4 px apart (an icon group, `.tool-group`, is one control, and a borderless button without a
/// background has its padding for room: both left out). Each as its text and its neighbour's,
/// for a failure message.
pub fn touching_buttons(browser: &Browser) -> Vec<String> {
    let found = browser
        .execute(
            "const shown = e => e.getClientRects().length > 0; \
             const clear = c => c === 'transparent' || c === 'rgba(0, 0, 0, 0)'; \
             const quiet = e => { const c = getComputedStyle(e); \
               return (c.borderTopStyle === 'none' || clear(c.borderTopColor)) && clear(c.backgroundColor); }; \
             const out = []; \
             for (const b of document.querySelectorAll('button')) { \
               if (!shown(b) || b.closest('.tool-group')) continue; \
               let n = b.nextElementSibling; \
               while (n && !shown(n)) n = n.nextElementSibling; \
               if (!n || n.tagName !== 'BUTTON' || quiet(b) || quiet(n)) continue; \
               const [r, s] = [b.getBoundingClientRect(), n.getBoundingClientRect()]; \
               const sameLine = r.top < s.bottom && s.top < r.bottom; \
               if (sameLine && s.left - r.right < 3.5) out.push(`${b.textContent.trim()} | ${n.textContent.trim()}`); \
             } \
             return out;",
            vec![],
        )
        .expect("measure the buttons");
    serde_json::from_value(found).expect("a list")
}

/// Clicks the message row with this subject (once it is there).
pub fn click_row(browser: &mut Browser, subject: &str) {
    browser
        .wait_until(
            &format!("a row with subject {subject:?}"),
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
             if (r.querySelector('.subject').textContent === arguments[0]) { r.click(); return true; } \
             return false;",
            vec![json!(subject)],
            WAIT,
        )
        .expect("row to click");
}

/// Clicks the row with this subject and waits until the reader shows it.
pub fn open_row(browser: &mut Browser, subject: &str) {
    click_row(browser, subject);
    browser
        .wait_until(
            "the reader to show it",
            "const h = document.querySelector('[data-testid=reader-subject]'); return h && h.textContent === arguments[0];",
            vec![json!(subject)],
            WAIT,
        )
        .expect("reader shows the message");
}

/// The open composer's field named `name` (`to`, `subject`, `body`, …) as it is now.
pub fn composer_field(browser: &Browser, name: &str) -> String {
    browser
        .execute(
            "return document.querySelector(`[data-testid=composer] [name=${arguments[0]}]`).value;",
            vec![json!(name)],
        )
        .expect("read the composer's field")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Discards the open composer's message and waits until the composer is gone.
pub fn discard_composer(browser: &mut Browser) {
    click(browser, "[data-testid=discard]");
    browser
        .wait_until(
            "the composer closed",
            "return !document.querySelector('[data-testid=composer]');",
            vec![],
            WAIT,
        )
        .expect("discarded");
}

/// Polls the server until `check` holds; on timeout the failure shows what the page said.
pub fn wait_for_server<T>(browser: &Browser, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = check() {
            return v;
        }
        if Instant::now() > deadline {
            let page = browser
                .execute(
                    "return [...document.querySelectorAll('[data-testid=status], [data-testid=error]')] \
                     .map(e => e.textContent).join(' | ')",
                    vec![],
                )
                .unwrap_or_default();
            panic!("timed out waiting for the server to show {what}; the page says: {page}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Saves a screenshot when `POSTHORN_SCREENSHOTS` names a directory (for looking at the UI).
pub fn screenshot(browser: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("POSTHORN_SCREENSHOTS") {
        let path = std::path::Path::new(&dir).join(format!("{name}.png"));
        browser.screenshot(&path).expect("screenshot");
    }
}

/// Waits for the outbox item with `subject` to reach `state` (`waiting`, `sending`, `sent`, …);
/// returns its Message-ID.
pub fn wait_outbox(browser: &mut Browser, subject: &str, state: &str, timeout: Duration) -> String {
    let found = browser
        .wait_until(
            &format!("outbox item {subject:?} to be {state}"),
            "for (const i of document.querySelectorAll('[data-testid=outbox-item]')) \
               if (i.querySelector('b').textContent === arguments[0] && i.dataset.state === arguments[1]) \
                 return i.dataset.messageId; \
             return null;",
            vec![json!(subject), json!(state)],
            timeout,
        )
        .unwrap_or_else(|e| panic!("{e}\noutbox: {}", outbox_text(browser)));
    found.as_str().expect("a message id").to_owned()
}

/// The outbox's text, for failure messages.
pub fn outbox_text(browser: &Browser) -> String {
    browser
        .execute(
            "const o = document.querySelector('[data-testid=outbox]'); return o ? o.textContent : '';",
            vec![],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Network emulation (CDP): the page goes offline or comes back, with `online`/`offline` events.
pub fn set_offline(browser: &Browser, offline: bool) {
    browser.cdp("Network.enable", json!({})).expect("network domain");
    let conditions =
        json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    browser.cdp("Network.emulateNetworkConditions", conditions).expect("network emulation");
}

/// Takes the page offline ([`set_offline`]) and waits until it sees so (`navigator.onLine`).
pub fn go_offline(browser: &mut Browser) {
    set_offline(browser, true);
    browser
        .wait_until("the page to see it is offline", "return navigator.onLine === false", vec![], WAIT)
        .expect("offline");
}

/// Waits until the app's service worker controls the page: from then on the app, its parts
/// (frontend/src/lazy.rs) included, opens and works offline.
pub fn wait_controlled(browser: &mut Browser) {
    browser
        .wait_until(
            "the service worker to control the page",
            "const c = navigator.serviceWorker && navigator.serviceWorker.controller; \
             return !!c && c.state === 'activated';",
            vec![],
            WAIT,
        )
        .expect("service worker");
}

/// Opens the protocol log pane and waits for it: its code loads when it is first shown
/// (frontend/src/lazy.rs).
pub fn show_log(browser: &mut Browser) {
    click(browser, "[data-testid=toggle-log]");
    browser.wait_for("[data-testid=log-pane] .log-tools", WAIT).expect("the log pane");
}

/// Waits until the element with `data-testid` `testid` has the focus.
pub fn wait_focused(browser: &mut Browser, testid: &str) {
    browser
        .wait_until(
            &format!("focus on {testid}"),
            "return document.activeElement && document.activeElement.dataset.testid === arguments[0];",
            vec![json!(testid)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Waits for the element matching `css` and clicks it. The app may draw the element anew
/// between the finding and the click (a folder list after a sync): then the new one is found and
/// clicked, a few times at most.
pub fn click(browser: &mut Browser, css: &str) {
    for _ in 0..3 {
        let el = browser.wait_for(css, WAIT).unwrap_or_else(|e| panic!("{css}: {e}"));
        match browser.click(&el) {
            Err(e) if e.to_string().contains("stale element reference") => continue,
            result => return result.expect("click"),
        }
    }
    panic!("{css} was drawn anew at every click");
}

/// Opens the reader's More menu (frontend/src/menu.rs) and clicks its entry matching `css`; the
/// menu closes on the choice.
pub fn more_action(browser: &mut Browser, css: &str) {
    click(browser, "[data-testid=reader] [data-testid=more-actions]:not([open]) > summary");
    click(browser, &format!("[data-testid=reader] [data-testid=more-actions][open] {css}"));
}

/// Sets a composer field as typing would (an `input` event), with text WebDriver cannot type
/// reliably (umlauts, newlines).
pub fn set_field(browser: &mut Browser, name: &str, value: &str) {
    browser.wait_for(&format!("[data-testid=composer] [name={name}]"), WAIT).expect(name);
    browser
        .execute(
            "const e = document.querySelector('[data-testid=composer] [name=' + arguments[0] + ']'); \
             e.value = arguments[1]; e.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(name), json!(value)],
        )
        .expect("set the field");
}

/// Writes a message to `to` with `subject` and `body` in a new composer and presses Send.
pub fn send_new(browser: &mut Browser, to: &str, subject: &str, body: &str) {
    click(browser, "[data-testid=new-message]");
    set_field(browser, "to", to);
    set_field(browser, "subject", subject);
    set_field(browser, "body", body);
    click(browser, "[data-testid=composer] [data-testid=send]");
}

/// How many messages with `subject` are in `who`'s INBOX (0 where it cannot be read).
pub fn arrived(stack: &MailStack, who: &Account, subject: &str) -> usize {
    stack
        .fetch_all(who, "INBOX")
        .map(|all| {
            all.iter()
                .filter(|m| String::from_utf8_lossy(&m.raw).contains(&format!("Subject: {subject}\r\n")))
                .count()
        })
        .unwrap_or(0)
}

/// Gives the password the app asks for on its unlock screen.
pub fn unlock(browser: &mut Browser, password: &str) {
    let field = browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("unlock form");
    browser.fill(&field, password).expect("type the password");
    click(browser, "[data-testid=unlock] button[type=submit]");
}

/// A browser on the app with `accounts` stored as the app stores them (without passwords), after
/// a reload that reads them.
pub fn open_with_accounts(bridge: &RunningBridge, accounts: serde_json::Value) -> Browser {
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("the app mounts");
    browser
        .execute(
            "localStorage.setItem('posthorn.accounts.v1', JSON.stringify(arguments[0]));",
            vec![accounts],
        )
        .expect("store the accounts");
    browser.refresh().expect("reload");
    browser
}

/// The Postfix log's line for the SMTP client that handed over the message with Message-ID `id`:
/// it names the listener (`postfix/submission/smtpd` or `postfix/submissions/smtpd`) and the
/// SASL login.
pub fn submitted_by(stack: &MailStack, id: &str) -> String {
    let log = std::fs::read_to_string(stack.postfix_log_path()).expect("Postfix log");
    let queue_id = log
        .lines()
        .find(|l| l.contains(&format!("message-id=<{id}>")))
        .and_then(|l| l.split(": ").nth(1))
        .unwrap_or_else(|| panic!("no queue id for {id} in:\n{log}"))
        .to_owned();
    log.lines()
        .find(|l| l.contains(&format!("{queue_id}: client=")))
        .unwrap_or_else(|| panic!("no client line for {queue_id} in:\n{log}"))
        .to_owned()
}

/// The subjects of the messages in `mailbox` on the server, sorted, read with the harness's own
/// IMAP client (`None` while it cannot be read).
pub fn subjects_in(stack: &MailStack, account: &Account, mailbox: &str) -> Option<Vec<String>> {
    let mut found: Vec<String> = stack
        .fetch_all(account, mailbox)
        .ok()?
        .iter()
        .filter_map(|m| {
            String::from_utf8_lossy(&m.raw)
                .lines()
                .find_map(|l| l.strip_prefix("Subject: ").map(str::to_owned))
        })
        .collect();
    found.sort();
    Some(found)
}

/// Whether the message with `subject` in `account`'s `mailbox` has `flag` on the server (in any
/// case, as IMAP compares flags), read with the harness's own IMAP client; `None` while it cannot
/// be read or the message is not there.
pub fn has_flag(
    stack: &MailStack,
    account: &Account,
    mailbox: &str,
    subject: &str,
    flag: &str,
) -> Option<bool> {
    let all = stack.fetch_all(account, mailbox).ok()?;
    let message = all
        .into_iter()
        .find(|m| String::from_utf8_lossy(&m.raw).contains(&format!("Subject: {subject}\r\n")))?;
    Some(message.flags.iter().any(|f| f.eq_ignore_ascii_case(flag)))
}

/// Waits for the status line's offer to take back the last move (`within`: the view, e.g.
/// All inboxes, whose offer it is) and returns what it says.
pub fn undo_offered(browser: &mut Browser, within: &str) -> String {
    let offered = browser
        .wait_until(
            "the offer to undo",
            "const u = document.querySelector(arguments[0] + ' [data-testid=undo]'); return u && u.textContent;",
            vec![json!(within)],
            WAIT,
        )
        .expect("the last move offered to be taken back");
    offered.as_str().unwrap_or_default().to_owned()
}

/// A short message from `from` dated 3 December 2026 at `hour`:00 UTC, its Message-ID made from
/// the subject (spaces as dashes).
pub fn dated_message(from: &str, subject: &str, hour: u8) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: someone@posthorn.test\r\nSubject: {subject}\r\n\
         Date: Thu, 03 Dec 2026 {hour:02}:00:00 +0000\r\nMessage-ID: <{}@posthorn.test>\r\n\r\n{subject}\r\n",
        subject.replace(' ', "-")
    )
    .into_bytes()
}

/// One account as the app stores it (`posthorn.accounts.v1`, read by frontend/src/account.rs):
/// `protocol` "Imap" or "Pop3" on `incoming_port` with implicit TLS, sending through `smtp_port`
/// with `smtp_security` ("Tls" or "Starttls"); no password.
pub fn stored_account(
    stack: &MailStack,
    who: &Account,
    name: &str,
    protocol: &str,
    incoming_port: u16,
    (smtp_port, smtp_security): (u16, &str),
) -> serde_json::Value {
    json!({
        "email": who.address,
        "display_name": name,
        "incoming_protocol": protocol,
        "incoming": { "host": stack.host(), "port": incoming_port, "security": "Tls", "username": who.user },
        "outgoing": { "host": stack.host(), "port": smtp_port, "security": smtp_security, "username": who.user },
    })
}

/// The app with `alice` and `bob` stored (alice sends through the implicit-TLS submission port,
/// bob through the STARTTLS one), both passwords given, showing All inboxes.
pub fn all_inboxes_of(stack: &MailStack, alice: &Account, bob: &Account) -> (RunningBridge, Browser) {
    let p = stack.ports();
    let bridge = bridge_for(stack, &[]);
    let mut browser = open_with_accounts(
        &bridge,
        json!([
            stored_account(stack, alice, "Alice", "Imap", p.imaps, (p.submissions, "Tls")),
            stored_account(stack, bob, "Bob", "Imap", p.imaps, (p.submission, "Starttls")),
        ]),
    );
    unlock(&mut browser, &alice.password);
    browser.wait_for("[data-testid=all-inboxes]", WAIT).expect("the All inboxes entry");
    switch_account(&browser, &bob.address);
    unlock(&mut browser, &bob.password);
    click(&mut browser, "[data-testid=all-inboxes]");
    (bridge, browser)
}

/// Chooses the account `email` in the top bar.
pub fn switch_account(browser: &Browser, email: &str) {
    choose_in(browser, ".account-switch", email);
}

/// The From line of the open composer: the address chosen, as its option shows it.
pub fn composer_from(browser: &Browser) -> String {
    browser
        .execute(
            "const s = document.querySelector('[data-testid=composer] [name=from]'); \
             return s.selectedOptions[0].textContent",
            vec![],
        )
        .expect("from")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// "All inboxes"' rows, first first: (account address, account as the row shows it, subject).
pub fn unified_rows(browser: &Browser) -> Vec<(String, String, String)> {
    let value = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=all-inboxes-view] [data-testid=message-row]')] \
             .sort((a, b) => a.getAttribute('aria-rowindex') - b.getAttribute('aria-rowindex')) \
             .map(r => [r.dataset.account, r.querySelector('[data-testid=row-account]').textContent, \
                        r.querySelector('.subject').textContent]);",
            vec![],
        )
        .expect("rows");
    serde_json::from_value(value).expect("rows as triples")
}

/// [`unified_rows`] once "All inboxes" shows `n` rows.
pub fn wait_unified_rows(browser: &mut Browser, n: usize) -> Vec<(String, String, String)> {
    browser
        .wait_until(
            &format!("{n} rows in All inboxes"),
            "return document.querySelectorAll('[data-testid=all-inboxes-view] [data-testid=message-row]').length === arguments[0];",
            vec![json!(n)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; rows: {:?}", unified_rows(browser)));
    unified_rows(browser)
}

/// The protocol log's lines as the pane shows them, newest first: "#<connection> <protocol>
/// <direction> <text>" (frontend/src/log_pane.rs). Opens the pane if it is closed and waits for
/// a first line.
pub fn log_lines(browser: &mut Browser) -> Vec<String> {
    if browser.execute("return !document.querySelector('[data-testid=log-lines]');", vec![]).expect("log?")
        == serde_json::Value::Bool(true)
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
    lines.as_array().into_iter().flatten().filter_map(|l| l.as_str()).map(str::to_owned).collect()
}

/// Waits until the account's connection waits for news with IDLE (RFC 2177), as the protocol log
/// shows it, then closes the log again: the folder's first sync is over, so mail delivered from
/// now on arrives as new mail (announced), not as part of the first load.
pub fn wait_idling(browser: &mut Browser) {
    click(browser, "[data-testid=toggle-log]");
    browser
        .wait_until(
            "IDLE in the protocol log",
            "return [...document.querySelectorAll('[data-testid=log-lines] li')] \
                      .some(l => l.textContent.includes(' C: ') && l.textContent.endsWith(' IDLE'));",
            vec![],
            WAIT,
        )
        .expect("the connection idling");
    click(browser, "[data-testid=toggle-log]");
}

/// Drops a file of `megabytes` random bytes on the open composer, as a person drags one in.
pub fn attach_random(browser: &mut Browser, megabytes: u32) {
    browser
        .execute(
            "const bytes = new Uint8Array(arguments[0] * 1024 * 1024); \
             for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536)); \
             const dt = new DataTransfer(); \
             dt.items.add(new File([bytes], 'gross.bin', { type: 'application/octet-stream' })); \
             document.querySelector('[data-testid=composer]').dispatchEvent( \
               new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
            vec![json!(megabytes)],
        )
        .expect("attach a large file");
    browser.wait_for("[data-testid=attachment]", WAIT).expect("attachment listed");
}

/// Opens a folder form with the folder pane's `button` (`new-folder`, `rename-folder`), types
/// `name` and chooses `parent` (a wire name, `""` for the top) where given, and confirms.
pub fn folder_form(browser: &mut Browser, button: &str, name: Option<&str>, parent: Option<&str>) {
    click(browser, &format!("[data-testid={button}]"));
    browser.wait_for("[data-testid=folder-form]", WAIT).expect("the folder form");
    browser
        .execute(
            "const f = document.querySelector('[data-testid=folder-form]'); \
             const n = f.querySelector('[name=folder-name]'); \
             if (n && arguments[0] !== null) { n.value = arguments[0]; n.dispatchEvent(new Event('input', { bubbles: true })); } \
             const p = f.querySelector('[name=folder-parent]'); \
             if (p && arguments[1] !== null) { p.value = arguments[1]; p.dispatchEvent(new Event('change', { bubbles: true })); }",
            vec![json!(name), json!(parent)],
        )
        .expect("fill the folder form");
    click(browser, "[data-testid=folder-confirm]");
}

/// Waits until the folder form has closed (its change went through); else fails with what the
/// form says.
pub fn folder_form_closed(browser: &mut Browser, what: &str) -> Result<(), String> {
    browser
        .wait_until(what, "return !document.querySelector('[data-testid=folder-form]');", vec![], WAIT)
        .map(|_| ())
        .map_err(|e| {
            let said = browser
                .execute("return document.querySelector('[data-testid=folder-form]')?.textContent;", vec![]);
            format!("{e}; the form says: {said:?}")
        })
}
