//! Reading mail in the real app: headless Chromium, the real bridge, real Dovecot and Postfix.
//!
//! One account is set up through the UI, a mailbox of real-world messages is read, organised and
//! watched for new mail; every server-side effect is checked with the harness's own IMAP client.

use std::time::{Duration, Instant};

use posthorn_tests::app::RunningBridge;
use posthorn_tests::browser::Browser;
use posthorn_tests::browser::keys;
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, bridge_for, choose_move_target, click, more_action, open_row, screenshot, set_up, set_up_account,
    signed_in, wait_for_server, wait_row_count,
};
use serde_json::json;

fn text_of(browser: &Browser, css: &str) -> String {
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![json!(css)],
        )
        .expect("script")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn reading_organising_and_live_mail_through_the_bridge() {
    let stack = MailStack::start().expect("mail stack");
    let tracker = fixtures::RequestCounter::start();
    let alice = stack.alice().clone();
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                fixtures::latin1_umlauts(),
                fixtures::newsletter(),
                fixtures::tracking_html(&tracker.url),
                fixtures::with_attachments(),
                fixtures::cid_image(),
                fixtures::forwarded(),
            ],
        )
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // The list shows all six, newest first.
    wait_row_count(&mut browser, 6);
    let first = text_of(&browser, "[data-testid=message-row] .subject");
    assert_eq!(first, "Fwd: Meeting notes", "newest first");
    let folders = text_of(&browser, "[data-testid=folders]");
    let inbox_at = folders.find("Inbox").expect("Inbox listed");
    let trash_at = folders.find("Trash").expect("Trash listed");
    assert!(inbox_at < trash_at, "special-use folders in order: {folders}");

    // ISO-8859-1 with umlauts in subject and body.
    open_row(&mut browser, "Grüße aus Köln");
    assert!(text_of(&browser, "[data-testid=reader-from]").contains("Jürgen Müller"));
    assert!(text_of(&browser, "[data-testid=text-body]").contains("Schöne Grüße aus Köln"));
    let latin1_seen = |stack: &MailStack| {
        let all = stack.fetch_all(&alice, "INBOX").ok()?;
        let m = all
            .into_iter()
            .find(|m| String::from_utf8_lossy(&m.raw).contains("Message-ID: <latin1@example.de>"))?;
        Some(m.flags.iter().any(|f| f == "\\Seen"))
    };
    wait_for_server(&browser, "\\Seen after opening", || latin1_seen(&stack).filter(|seen| *seen));
    // Keyboard: `u` marks the open message unread again.
    browser.execute("window.dispatchEvent(new KeyboardEvent('keydown', { key: 'u' }))", vec![]).expect("key");
    wait_for_server(&browser, "no \\Seen after `u`", || latin1_seen(&stack).filter(|seen| !*seen));

    // multipart/alternative: HTML preferred, plain text in the More menu (frontend/src/menu.rs).
    // Escape closes the menu, not the message, and puts focus back on the menu's button; so does
    // a click outside it.
    open_row(&mut browser, "Weekly news");
    browser.wait_for("[data-testid=html-body]", WAIT).expect("html shown");
    let menu = |browser: &Browser| {
        browser
            .execute(
                "const m = document.querySelector('[data-testid=reader] [data-testid=more-actions]'); \
                 return [m.open, document.activeElement === m.querySelector('summary'), \
                   !!document.querySelector('[data-testid=reader-subject]')];",
                vec![],
            )
            .expect("script")
    };
    click(&mut browser, "[data-testid=reader] [data-testid=more-actions] > summary");
    assert_eq!(menu(&browser), json!([true, true, true]), "open, focus on its button");
    browser.press_keys(&keys::ESCAPE.to_string()).expect("Escape");
    assert_eq!(menu(&browser), json!([false, true, true]), "Escape closed the menu, the message stays open");
    click(&mut browser, "[data-testid=reader] [data-testid=more-actions] > summary");
    click(&mut browser, "[data-testid=reader-subject]");
    assert_eq!(menu(&browser)[0], json!(false), "a click outside closed the menu");
    more_action(&mut browser, "[data-testid=toggle-plain]");
    assert_eq!(menu(&browser), json!([false, true, true]), "choosing closed the menu");
    browser.wait_for("[data-testid=text-body]", WAIT).expect("text shown");
    assert!(text_of(&browser, "[data-testid=text-body]").contains("three stories"));
    screenshot(&browser, "reading-newsletter");

    // HTML with a tracking image and a script: sandboxed, the image never requested.
    open_row(&mut browser, "Your special offer");
    browser.wait_for("[data-testid=remote-content-bar]", WAIT).expect("remote content bar");
    let frame = browser
        .execute(
            "const f = document.querySelector('[data-testid=html-body]'); \
             return [f.getAttribute('sandbox'), f.getAttribute('srcdoc')];",
            vec![],
        )
        .expect("iframe");
    let sandbox = frame[0].as_str().unwrap_or_default();
    assert!(
        !sandbox.contains("allow-scripts") && !sandbox.contains("allow-same-origin"),
        "sandbox: {sandbox}"
    );
    assert!(frame[1].as_str().unwrap_or_default().contains("script-src 'none'"));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(tracker.count(), 0, "the tracking image was requested");
    assert_ne!(browser.execute("return document.title", vec![]).unwrap(), "pwned");

    // Attachments with name, type and size; cid: images inline; nested messages.
    open_row(&mut browser, "Quarterly report");
    let attachments = text_of(&browser, "[data-testid=attachments]");
    assert!(attachments.contains("report.pdf") && attachments.contains("application/pdf"), "{attachments}");
    assert!(attachments.contains("data.bin") && attachments.contains("512 B"), "{attachments}");
    open_row(&mut browser, "Our new logo");
    let srcdoc = browser
        .execute("return document.querySelector('[data-testid=html-body]').getAttribute('srcdoc')", vec![])
        .expect("srcdoc");
    assert!(srcdoc.as_str().unwrap_or_default().contains("data:image/png;base64,iVBORw0KGgo"), "cid inlined");
    open_row(&mut browser, "Fwd: Meeting notes");
    assert!(text_of(&browser, "[data-testid=nested-message]").contains("ship it on Monday"));

    // Flag the open message; opening it set \Seen. Both visible on the server.
    let flag = browser.wait_for("[data-testid=flag]", WAIT).expect("flag button");
    browser.click(&flag).expect("click");
    wait_for_server(&browser, "\\Flagged and \\Seen on the forwarded message", || {
        let all = stack.fetch_all(&alice, "INBOX").ok()?;
        let m = all
            .into_iter()
            .find(|m| String::from_utf8_lossy(&m.raw).contains("Subject: Fwd: Meeting notes"))?;
        (m.flags.iter().any(|f| f == "\\Flagged") && m.flags.iter().any(|f| f == "\\Seen")).then_some(())
    });

    // Move the open message to Archive.
    choose_move_target(&mut browser, "Archive");
    let mv = browser.wait_for("[data-testid=move]", WAIT).expect("move button");
    browser.click(&mv).expect("click");
    wait_for_server(&browser, "the message in Archive", || {
        let archive = stack.fetch_all(&alice, "Archive").ok()?;
        let inbox = stack.fetch_all(&alice, "INBOX").ok()?;
        (archive.len() == 1 && inbox.len() == 5).then_some(())
    });
    wait_row_count(&mut browser, 5);

    // Server-side search, then back to the whole folder.
    let search_for = |browser: &mut Browser, field: &str, text: &str| {
        browser
            .execute(
                "document.querySelector('form.search select').value = arguments[0]; \
                 document.querySelector('form.search select').dispatchEvent(new Event('change')); \
                 const i = document.querySelector('[data-testid=search]'); i.value = arguments[1]; \
                 i.dispatchEvent(new Event('input')); document.querySelector('form.search').requestSubmit();",
                vec![json!(field), json!(text)],
            )
            .expect("search");
    };
    // The search runs as a Leptos action (frontend/src/mail_state/search.rs): the form says it is
    // busy while the server is asked, and no longer once the hits are shown.
    browser
        .execute(
            "window.searchWasBusy = false; const f = document.querySelector('form.search'); \
             new MutationObserver(() => { if (f.getAttribute('aria-busy') === 'true') window.searchWasBusy = true; }) \
                 .observe(f, { attributes: true });",
            vec![],
        )
        .expect("watch the search form");
    search_for(&mut browser, "subject", "Quarterly");
    browser
        .wait_until(
            "one search hit",
            "const rows = document.querySelectorAll('[data-testid=message-row] .subject'); \
             return rows.length === 1 && rows[0].textContent === 'Quarterly report';",
            vec![],
            WAIT,
        )
        .expect("search result");
    browser
        .wait_until(
            "the search form busy while searching, then not",
            "return window.searchWasBusy && \
             document.querySelector('form.search').getAttribute('aria-busy') === 'false';",
            vec![],
            WAIT,
        )
        .expect("search busy state");
    search_for(&mut browser, "text", "");
    wait_row_count(&mut browser, 5);

    // Select two messages and delete them: they go to Trash.
    browser
        .execute(
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) { \
               const s = r.querySelector('.subject').textContent; \
               if (s === 'Weekly news' || s === 'Our new logo') r.querySelector('input[type=checkbox]').click(); }",
            vec![],
        )
        .expect("select two");
    let delete = browser.wait_for("[data-testid=delete]", WAIT).expect("delete button");
    browser.click(&delete).expect("click");
    wait_for_server(&browser, "two messages in Trash", || {
        let trash = stack.fetch_all(&alice, "Trash").ok()?;
        let inbox = stack.fetch_all(&alice, "INBOX").ok()?;
        (trash.len() == 2 && inbox.len() == 3).then_some(())
    });
    wait_row_count(&mut browser, 3);

    // New mail delivered by Postfix appears without a reload.
    fixtures::deliver(
        &stack,
        stack.bob(),
        &alice.address,
        b"From: bob@posthorn.test\r\nTo: alice@posthorn.test\r\nSubject: Live delivery\r\n\r\nHello!\r\n",
    );
    browser
        .wait_until(
            "the delivered message in the list",
            "return [...document.querySelectorAll('[data-testid=message-row] .subject')].some(s => s.textContent === 'Live delivery')",
            vec![],
            WAIT,
        )
        .expect("new mail shows up");

    // The log pane shows the sign-in with its payload redacted; the password is nowhere in the page.
    let toggle = browser.wait_for("[data-testid=toggle-log]", WAIT).expect("log toggle");
    browser.click(&toggle).expect("click");
    let login = browser
        .wait_until(
            "an AUTHENTICATE line in the log pane",
            "return [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent).find(t => t.includes(' AUTHENTICATE ')) || null",
            vec![],
            WAIT,
        )
        .expect("login line");
    let login = login.as_str().unwrap_or_default().to_string();
    assert!(login.contains("<redacted>"), "{login}");
    assert!(!login.contains(&alice.password), "{login}");
    screenshot(&browser, "reading-log-pane");
    let everything = browser
        .execute(
            "return document.documentElement.outerHTML + JSON.stringify(localStorage) + JSON.stringify(sessionStorage) \
             + [...document.querySelectorAll('input, textarea')].map(i => i.value).join('|')",
            vec![],
        )
        .expect("page contents");
    assert!(
        !everything.as_str().unwrap_or_default().contains(&alice.password),
        "the password leaked into the page"
    );

    browser.assert_no_console_errors(&["pixel.gif"]).expect("no console errors");
}

#[test]
fn a_wrong_password_gives_a_clear_error() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    let alice = stack.alice().clone();
    set_up_account(&mut browser, &stack, &alice, "not-the-password");
    let error = browser.wait_for("[data-testid=setup-error]", WAIT).expect("error shown");
    let text = browser.text(&error).expect("text");
    assert!(text.contains("user name or password"), "{text}");
    assert!(text.contains("AUTHENTICATIONFAILED"), "the server's reply is attached: {text}");
    assert!(browser.find("[data-testid=mail-view]").expect("find").is_none(), "no account was saved");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn a_pop3_account_lists_and_opens_the_same_messages() {
    let stack = MailStack::start().expect("mail stack");
    let bob = stack.bob().clone();
    stack
        .seed(&bob, "INBOX", &[fixtures::latin1_umlauts(), fixtures::newsletter(), fixtures::forwarded()])
        .expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    set_up(&mut browser, &stack, &bob, &bob.password, "pop3", stack.ports().pop3s);
    wait_row_count(&mut browser, 3);
    assert_eq!(text_of(&browser, "[data-testid=message-row] .subject"), "Fwd: Meeting notes", "newest first");
    open_row(&mut browser, "Grüße aus Köln");
    assert!(text_of(&browser, "[data-testid=text-body]").contains("Schöne Grüße aus Köln"));
    open_row(&mut browser, "Fwd: Meeting notes");
    assert!(text_of(&browser, "[data-testid=nested-message]").contains("ship it on Monday"));
    // Left on the server.
    assert_eq!(stack.fetch_all(&bob, "INBOX").expect("fetch").len(), 3);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn account_setup_through_discovery_against_the_local_stack() {
    let stack = MailStack::start().expect("mail stack");
    let p = stack.ports();
    let ports = [p.imap, p.imaps, p.pop3, p.pop3s, p.submission, p.submissions];
    let ca = stack.ca_pem_path();
    // `localhost` resolves to the loopback without DNS; the bridge probes the stack's ports.
    let bridge = RunningBridge::start(move |c| {
        c.allow_net.push("127.0.0.0/8".parse().expect("a CIDR"));
        c.allow_port.extend(ports);
        c.extra_ca.push(ca);
        c.discovery_ports = vec![p.imaps, p.imap, p.pop3s, p.pop3, p.submissions, p.submission];
    });
    let alice = stack.alice().clone();
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    let email = browser.wait_for("[name=email]", WAIT).expect("email");
    browser.fill(&email, "alice@localhost").expect("type");
    let password = browser.wait_for("[name=password]", WAIT).expect("password");
    browser.fill(&password, &alice.password).expect("type");
    let find = browser.wait_for("[data-testid=find-settings]", WAIT).expect("find");
    browser.click(&find).expect("click");
    browser
        .wait_until(
            "discovered settings",
            "const h = document.querySelector('[name=incoming-port]'); return h && h.value === arguments[0] && \
             document.querySelector('[name=outgoing-port]').value === arguments[1];",
            vec![json!(p.imaps.to_string()), json!(p.submissions.to_string())],
            Duration::from_secs(30),
        )
        .expect("discovery filled the form");
    assert_eq!(
        browser.execute("return document.querySelector('[name=incoming-host]').value", vec![]).unwrap(),
        "localhost"
    );
    let steps = text_of(&browser, "[data-testid=setup-steps]");
    assert!(steps.contains("Found IMAP localhost"), "{steps}");
    let save = browser.wait_for("[data-testid=test-and-save]", WAIT).expect("save");
    browser.click(&save).expect("click");
    browser.wait_for("[data-testid=mail-view]", Duration::from_secs(30)).expect("the account works");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn setup_explains_an_unreachable_bridge_and_a_policy_refusal() {
    let stack = MailStack::start().expect("mail stack");
    // The secure defaults: loopback and the stack's ports are refused.
    let bridge = RunningBridge::start(|_| {});
    let alice = stack.alice().clone();
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");

    set_up_account(&mut browser, &stack, &alice, &alice.password);
    let error = browser.wait_for("[data-testid=setup-error]", WAIT).expect("policy error shown");
    let text = browser.text(&error).expect("text");
    assert!(text.contains("rule:"), "the refusing rule is named: {text}");
    assert!(text.contains("port") || text.contains("loopback"), "{text}");

    // The bridge goes away under the loaded app: the next attempt explains it.
    drop(bridge);
    let save = browser.wait_for("[data-testid=test-and-save]", WAIT).expect("save");
    browser.click(&save).expect("click");
    browser
        .wait_until(
            "the unreachable bridge explained",
            "return [...document.querySelectorAll('[data-testid=setup-error]')].map(e => e.textContent).find(t => t.includes('could not be reached')) || null",
            vec![],
            WAIT,
        )
        .expect("explained");
    // The refused WebSocket is expected to show in the console; nothing else may.
    browser.assert_no_console_errors(&["WebSocket connection to"]).expect("no other console errors");
}

#[test]
fn a_folder_of_100000_messages_stays_virtualised_and_loads_rows_as_it_scrolls() {
    const COUNT: u32 = 100_000;
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed_maildir(&alice, "INBOX", COUNT, |i| {
            let raw = format!(
                "From: Sender {i} <s{i}@example.org>\r\nTo: alice@posthorn.test\r\nSubject: Message {i}\r\n\
                 Date: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{i}@example.org>\r\n\r\nBody {i}\r\n"
            )
            .into_bytes();
            // Read except each tenth message.
            (raw, if i % 10 == 0 { "" } else { "S" })
        })
        .expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    let started = Instant::now();
    set_up_account(&mut browser, &stack, &alice, &alice.password);
    // Dovecot indexes the folder on the first SELECT; that is the server's time, not the app's.
    browser
        .wait_until(
            "the first rows",
            "return document.querySelectorAll('[data-testid=message-row]').length > 5",
            vec![],
            Duration::from_secs(120),
        )
        .expect("first rows");
    eprintln!("first rows of {COUNT} after {:?} (including account setup)", started.elapsed());
    let spacer_height = browser
        .execute("return parseFloat(document.querySelector('.rows-spacer').style.height)", vec![])
        .expect("height");
    assert_eq!(spacer_height.as_f64(), Some(f64::from(COUNT) * 52.0), "the list is as tall as the folder");
    let rendered = |browser: &Browser| {
        browser
            .execute("return document.querySelectorAll('.row-slot').length", vec![])
            .expect("count")
            .as_u64()
            .unwrap()
    };
    assert!(rendered(&browser) < 80, "only the visible rows exist: {}", rendered(&browser));

    // Jump to the middle: the rows there are fetched, and the page still holds only what is visible.
    browser
        .execute(
            "const v = document.querySelector('.rows-viewport'); v.scrollTop = 50000 * 52; \
             v.dispatchEvent(new Event('scroll'));",
            vec![],
        )
        .expect("scroll");
    let subjects = browser
        .wait_until(
            "rows in the middle of the folder",
            "const v = document.querySelector('.rows-viewport'); const top = v.scrollTop; \
             const slots = [...document.querySelectorAll('.row-slot')].filter(s => parseFloat(s.style.top) >= top \
               && parseFloat(s.style.top) < top + v.clientHeight); \
             if (slots.length === 0 || slots.some(s => !s.querySelector('[data-testid=message-row]'))) return null; \
             return slots.map(s => s.querySelector('.subject').textContent);",
            vec![],
            Duration::from_secs(30),
        )
        .expect("middle rows loaded");
    let subjects: Vec<String> =
        subjects.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect();
    assert!(subjects.iter().all(|s| s.starts_with("Message ")), "{subjects:?}");
    let numbers: Vec<u32> = subjects.iter().filter_map(|s| s["Message ".len()..].parse().ok()).collect();
    assert!(numbers.iter().all(|n| (40_000..=60_000).contains(n)), "rows from the middle: {numbers:?}");
    assert!(rendered(&browser) < 80, "still only the visible rows: {}", rendered(&browser));
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn a_wrong_outgoing_login_is_caught_before_the_account_is_saved() {
    let stack = MailStack::start().expect("mail stack");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");
    let alice = stack.alice().clone();
    let p = stack.ports();
    let fill = |browser: &mut Browser, name: &str, value: &str| {
        let el = browser.wait_for(&format!("[name={name}]"), WAIT).expect(name);
        browser.fill(&el, value).expect("type");
    };
    fill(&mut browser, "email", &alice.address);
    fill(&mut browser, "password", &alice.password);
    let by_hand = browser.wait_for(".account-setup .buttons button[type=button]", WAIT).expect("by hand");
    browser.click(&by_hand).expect("click");
    fill(&mut browser, "incoming-host", stack.host());
    fill(&mut browser, "incoming-port", &p.imaps.to_string());
    fill(&mut browser, "incoming-username", &alice.user);
    fill(&mut browser, "outgoing-host", stack.host());
    fill(&mut browser, "outgoing-port", &p.submissions.to_string());
    fill(&mut browser, "outgoing-username", "nobody-here");
    let save = browser.wait_for("[data-testid=test-and-save]", WAIT).expect("save");
    browser.click(&save).expect("click");
    let error = browser.wait_for("[data-testid=setup-error]", WAIT).expect("error shown");
    let text = browser.text(&error).expect("text");
    assert!(text.contains("Sending mail will not work"), "{text}");
    assert!(text.contains("535"), "the server's code is attached: {text}");
    assert!(text_of(&browser, "[data-testid=setup-steps]").contains("Logged in to"), "IMAP worked");
    assert!(browser.find("[data-testid=mail-view]").expect("find").is_none(), "no account was saved");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// Japanese mail (ISO-2022-JP, which the engine decodes with the browser's own decoders) reads
/// right in the list, from Dovecot's ENVELOPE, and in the reader, from the whole message; with
/// encoded words and written raw into the Subject.
#[test]
fn japanese_mail_reads_right_in_the_list_and_the_reader() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed(&alice, "INBOX", &[fixtures::iso_2022_jp_raw_subject(), fixtures::iso_2022_jp()])
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    open_row(&mut browser, "会議の議事録について");
    // Its own row: the list is newest Date first, and the other message is dated an hour later.
    let from = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-row]')] \
               .find(r => r.querySelector('.subject').textContent === arguments[0]) \
               .querySelector('.from').textContent",
            vec![serde_json::json!("会議の議事録について")],
        )
        .expect("the row's sender");
    let from = from.as_str().unwrap_or_default();
    assert!(from.contains("山田太郎"), "the sender's name in the list: {from}");
    let body = text_of(&browser, "[data-testid=text-body]");
    assert!(body.contains("お疲れ様です。") && body.contains("明日の会議は十時からです。"), "{body}");
    // Raw ISO-2022-JP in the Subject (no encoded words), from ENVELOPE and from the message.
    open_row(&mut browser, "お知らせ");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
