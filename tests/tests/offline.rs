//! Offline-first: the local store in the real app, in headless Chromium with network
//! emulation, through the real bridge, against real Dovecot.
//!
//! - A folder synchronised online is there after going offline and reloading: the list, and an
//!   opened message's body; local search works over what is kept.
//! - Flag and move done offline are queued and reach the server once the network is back
//!   (checked with the harness's independent IMAP client). Conflicts: a message expunged on the
//!   server meanwhile stays gone; a flag changed on both sides keeps the server's.
//! - A browser that refuses storage gets a clear message, and mail still works online.
//! - A folder recreated on the server (new UIDVALIDITY) is refreshed, not mixed with its old cache.
//! - Reopening a cached 10,000-message folder with QRESYNC transfers almost nothing, counted from
//!   the protocol transcript in the log pane.

use std::time::Duration;

use posthorn_tests::browser::Browser;
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, bridge_for, choose_move_target, open_row, set_up_account, wait_for_server};
use posthorn_tests::ui::{set_offline, show_log, signed_in};
use serde_json::{Value, json};

/// Opens the app and waits until its service worker controls the page, so it opens offline.
fn open_controlled(browser: &mut Browser, url: &str) {
    browser.goto(&format!("{url}/")).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("the app mounts");
    posthorn_tests::ui::wait_controlled(browser);
}

/// The subjects of the rendered rows, top to bottom.
fn subjects(browser: &Browser) -> Vec<String> {
    let v = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-row]')] \
               .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
               .map(r => r.querySelector('.subject').textContent);",
            vec![],
        )
        .expect("rows");
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect()
}

fn wait_subjects(browser: &mut Browser, what: &str, want: &[&str]) {
    browser
        .wait_until(
            what,
            "const got = [...document.querySelectorAll('[data-testid=message-row]')] \
               .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
               .map(r => r.querySelector('.subject').textContent); \
             return JSON.stringify(got) === JSON.stringify(arguments[0]);",
            vec![json!(want)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{what}: {e}; rows now {:?}", subjects(browser)));
}

fn open_folder(browser: &mut Browser, folder: &str) {
    let button = browser.wait_for(&format!("[data-folder='{folder}']"), WAIT).expect("folder button");
    browser.click(&button).expect("open folder");
}

fn tick_row(browser: &mut Browser, subject: &str) {
    browser
        .wait_until(
            &format!("the checkbox of {subject:?}"),
            "for (const r of document.querySelectorAll('[data-testid=message-row]')) \
             if (r.querySelector('.subject').textContent === arguments[0]) { \
               r.querySelector('input[type=checkbox]').click(); return true; } \
             return false;",
            vec![json!(subject)],
            WAIT,
        )
        .expect("tick");
}

fn unlock(browser: &mut Browser, password: &str) {
    let field = browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("unlock bar");
    browser.fill(&field, password).expect("type password");
    let open = browser.wait_for("[data-testid=unlock] button[type=submit]", WAIT).expect("open button");
    browser.click(&open).expect("unlock");
}

/// A small plain-text message.
fn plain(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Bob <bob@posthorn.test>\r\nTo: alice@posthorn.test\r\nSubject: {subject}\r\n\
         Date: Tue, 17 Nov 2026 10:00:00 +0100\r\nMessage-ID: <{id}@posthorn.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        id = subject.replace(' ', "-"),
    )
    .into_bytes()
}

fn subject_of(raw: &[u8]) -> String {
    posthorn_proto::message::read(raw).map(|m| m.subject).unwrap_or_default()
}

fn status_idle(browser: &mut Browser) {
    browser
        .wait_until(
            "the status line to settle",
            // The offer to take back the last move is no activity: it stays until the next one.
            "const s = document.querySelector('[data-testid=status]'); if (!s) return false; \
             const u = s.querySelector('[data-testid=undo]'); \
             return s.textContent.replace(u ? u.textContent : '', '').trim() === '';",
            vec![],
            WAIT,
        )
        .expect("status settles");
}

#[test]
fn offline_reading_queued_changes_and_a_recreated_folder() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let uids = stack
        .seed(
            &alice,
            "INBOX",
            &[
                fixtures::latin1_umlauts(),
                fixtures::newsletter(),
                fixtures::with_attachments(),
                plain("Doomed", "expunged by another client while the app is offline"),
            ],
        )
        .expect("seed inbox");
    stack.create_mailbox(&alice, "Work").expect("create Work");
    stack.seed(&alice, "Work", &[plain("Old work", "before the folder was recreated")]).expect("seed");
    let bridge = bridge_for(&stack, &[]);
    let mut browser = Browser::start().expect("browser");
    open_controlled(&mut browser, &bridge.url);
    set_up_account(&mut browser, &stack, &alice, &alice.password);

    // Online: sync the inbox, read one message, visit Work once.
    // Newest Date first; "Doomed" and "Weekly news" carry the same moment (09:00 UTC), and of
    // those the later delivered comes first.
    let inbox = ["Quarterly report", "Doomed", "Weekly news", "Grüße aus Köln"];
    wait_subjects(&mut browser, "the inbox online", &inbox);
    open_row(&mut browser, "Grüße aus Köln");
    open_folder(&mut browser, "Work");
    wait_subjects(&mut browser, "Work online", &["Old work"]);
    open_folder(&mut browser, "INBOX");
    wait_subjects(&mut browser, "the inbox again", &inbox);
    status_idle(&mut browser);

    // Offline, and reloaded: the shell from the service worker, the list and the read body from
    // the store. The password was for the closed page only, so the unlock bar is there too.
    set_offline(&browser, true);
    browser.refresh().expect("reload offline");
    browser.wait_for("[data-testid=unlock]", WAIT).expect("asks for the password, offline too");
    wait_subjects(&mut browser, "the cached inbox offline", &inbox);
    open_row(&mut browser, "Grüße aus Köln");
    browser
        .wait_until(
            "the cached body",
            "const b = document.querySelector('[data-testid=text-body]'); \
             return !!b && (b.textContent || '').includes('Köln');",
            vec![],
            WAIT,
        )
        .expect("the cached body offline");
    let folders =
        browser.execute("return document.querySelectorAll('[data-folder]').length;", vec![]).unwrap();
    assert!(folders.as_u64().unwrap_or(0) >= 2, "the folder list is cached: {folders}");

    // Local search over what is kept (the server cannot be asked).
    let search = browser.wait_for("[data-testid=search]", WAIT).expect("search box");
    browser.fill(&search, "weekly").expect("type");
    browser.execute("document.querySelector('form.search').requestSubmit();", vec![]).expect("submit");
    wait_subjects(&mut browser, "the local search hit", &["Weekly news"]);
    browser
        .execute(
            "const i = document.querySelector('[data-testid=search]'); i.value = ''; \
             i.dispatchEvent(new Event('input', {bubbles: true})); \
             document.querySelector('form.search').requestSubmit();",
            vec![],
        )
        .expect("clear the search");
    wait_subjects(&mut browser, "the whole list again", &inbox);

    // Offline changes: flag one, move another. The view shows them; the server does not yet.
    browser.execute("window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));", vec![]).ok();
    tick_row(&mut browser, "Weekly news");
    let flag = browser.wait_for("[data-testid=flag]", WAIT).expect("flag button");
    browser.click(&flag).expect("flag");
    tick_row(&mut browser, "Weekly news");
    tick_row(&mut browser, "Quarterly report");
    choose_move_target(&mut browser, "Work");
    let move_button = browser.wait_for("[data-testid=move]", WAIT).expect("move button");
    browser.click(&move_button).expect("move");
    wait_subjects(
        &mut browser,
        "the inbox without the moved message",
        &["Doomed", "Weekly news", "Grüße aus Köln"],
    );
    // Two conflicts to be: a message flagged here is expunged on the server meanwhile, and a
    // message marked unread here gets new flags on the server meanwhile.
    tick_row(&mut browser, "Doomed");
    browser.click(&flag).expect("flag Doomed");
    tick_row(&mut browser, "Doomed");
    tick_row(&mut browser, "Grüße aus Köln");
    let unread = browser.wait_for("[data-testid=mark-unread]", WAIT).expect("unread button");
    browser.click(&unread).expect("mark unread");
    browser
        .wait_until(
            "four queued changes",
            "const q = document.querySelector('[data-testid=queued]'); return !!q && q.textContent.includes('4 change');",
            vec![],
            WAIT,
        )
        .expect("queued indicator");
    let on_server = stack.fetch_all(&alice, "INBOX").expect("fetch");
    assert_eq!(on_server.len(), 4, "nothing reached the server while offline");
    stack.expunge(&alice, "INBOX", uids[3]).expect("another client expunges Doomed");
    stack.set_flags(&alice, "INBOX", uids[0], &["\\Seen", "\\Answered"]).expect("another client answers");
    assert!(on_server.iter().all(|m| !m.flags.iter().any(|f| f == "\\Flagged")));

    // Back online: the queue is replayed in order.
    set_offline(&browser, false);
    unlock(&mut browser, &alice.password);
    wait_for_server(&browser, "the flag and the move", || {
        let inbox = stack.fetch_all(&alice, "INBOX").ok()?;
        let work = stack.fetch_all(&alice, "Work").ok()?;
        let flagged = inbox
            .iter()
            .any(|m| subject_of(&m.raw) == "Weekly news" && m.flags.iter().any(|f| f == "\\Flagged"));
        let moved = work.iter().any(|m| subject_of(&m.raw) == "Quarterly report")
            && !inbox.iter().any(|m| subject_of(&m.raw) == "Quarterly report");
        (flagged && moved && inbox.len() == 2).then_some(())
    });
    // The flag change on both sides kept the server's: still \Seen, and \Answered.
    let latin1 =
        stack.fetch_all(&alice, "INBOX").expect("fetch").into_iter().find(|m| m.uid == uids[0]).unwrap();
    assert!(
        latin1.flags.iter().any(|f| f == "\\Seen") && latin1.flags.iter().any(|f| f == "\\Answered"),
        "the server's flags won: {:?}",
        latin1.flags
    );
    // The expunged message stays gone.
    wait_subjects(&mut browser, "the inbox after the replay", &["Weekly news", "Grüße aus Köln"]);
    browser
        .wait_until(
            "the queue to empty",
            "return !document.querySelector('[data-testid=queued]');",
            vec![],
            WAIT,
        )
        .expect("queue empties");

    // The folder is recreated on the server: new UIDVALIDITY, other messages under the same UIDs.
    stack.delete_mailbox(&alice, "Work").expect("delete Work");
    stack.create_mailbox(&alice, "Work").expect("recreate Work");
    stack.seed(&alice, "Work", &[plain("New work", "after the folder was recreated")]).expect("seed");
    open_folder(&mut browser, "Work");
    wait_subjects(&mut browser, "Work refreshed after the UIDVALIDITY change", &["New work"]);
    open_row(&mut browser, "New work");
    browser
        .assert_no_console_errors(&["Failed to load resource", "ERR_INTERNET_DISCONNECTED"])
        .expect("console");
}

/// The bytes (C: and S: lines, CRLF counted) the connection that selected `folder` exchanged from
/// its SELECT on, read from the log pane (newest line first there), up to the first command that
/// selects or examines another folder: Sent and Drafts are indexed on the same connection once the
/// open folder is in sync (frontend/src/mail_state/threads.rs), and that is not the folder's sync.
fn select_bytes(browser: &Browser, folder: &str) -> (usize, Vec<String>) {
    let lines = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=log-lines] li')].reverse().map(li => \
               [li.querySelector('.conn').textContent, li.querySelector('.dir').textContent, \
                li.querySelector('.text').textContent]);",
            vec![],
        )
        .expect("log lines");
    let lines: Vec<(String, String, String)> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let s = |i: usize| l[i].as_str().unwrap_or_default().to_owned();
            (s(0), s(1), s(2))
        })
        .collect();
    let start = lines
        .iter()
        .position(|(_, dir, text)| dir.starts_with('C') && text.contains("SELECT") && text.contains(folder))
        .unwrap_or_else(|| {
            let pane = browser
                .execute("const p = document.querySelector('[data-testid=log-pane]'); return p ? p.outerHTML.slice(0, 3000) : 'no pane';", vec![])
                .unwrap_or_default();
            panic!("no SELECT {folder} in the log: {lines:#?}\npane: {pane}")
        });
    let conn = lines[start].0.clone();
    let mine: Vec<String> = lines[start..]
        .iter()
        .filter(|(c, d, _)| *c == conn && !d.is_empty())
        .enumerate()
        .take_while(|(i, (_, d, t))| {
            let other = d.starts_with('C')
                && (t.contains(" SELECT ") || t.contains(" EXAMINE "))
                && !t.contains(&format!(" {folder} "))
                && !t.ends_with(&format!(" {folder}"));
            *i == 0 || !other
        })
        .map(|(_, (_, _, t))| t.clone())
        .collect();
    (mine.iter().map(|t| t.len() + 2).sum(), mine)
}

#[test]
fn resync_of_a_cached_10k_folder_with_qresync_transfers_almost_nothing() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack
        .seed_maildir(&alice, "Big", 10_000, |i| {
            (plain(&format!("Message {i}"), "a line of text").to_vec(), if i % 3 == 0 { "S" } else { "" })
        })
        .expect("seed 10k");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    browser.wait_for("[data-folder='Big']", WAIT).expect("folder list");
    status_idle(&mut browser);

    show_log(&mut browser);
    let clear = |browser: &mut Browser| {
        browser
            .execute(
                "[...document.querySelectorAll('.log-tools button')].find(b => b.textContent === 'Clear').click();",
                vec![],
            )
            .expect("clear the log");
    };

    // First visit: no cache, so the whole UID list and the visible rows come over.
    clear(&mut browser);
    open_folder(&mut browser, "Big");
    browser
        .wait_until(
            "the newest rows",
            "const r = document.querySelector('[data-testid=message-row] .subject'); return !!r && r.textContent === 'Message 10000';",
            vec![],
            WAIT,
        )
        .expect("rows of Big");
    status_idle(&mut browser);
    std::thread::sleep(Duration::from_millis(500));
    let (first, _) = select_bytes(&browser, "Big");

    // Reload (a new page: the session and its password are gone), unlock, reopen the folder.
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    browser.wait_for("[data-folder='Big']", WAIT).expect("folder list");
    status_idle(&mut browser);
    show_log(&mut browser);
    clear(&mut browser);
    open_folder(&mut browser, "Big");
    browser
        .wait_until(
            "the cached rows",
            "const r = document.querySelector('[data-testid=message-row] .subject'); return !!r && r.textContent === 'Message 10000';",
            vec![],
            WAIT,
        )
        .expect("rows of Big from the cache");
    status_idle(&mut browser);
    std::thread::sleep(Duration::from_millis(500));
    let (resync, lines) = select_bytes(&browser, "Big");
    eprintln!(
        "10,000-message folder: first sync {first} bytes; QRESYNC resync with no changes {resync} bytes"
    );
    eprintln!("resync transcript: {lines:#?}");
    assert!(lines[0].contains("QRESYNC"), "the resync used QRESYNC: {}", lines[0]);
    assert!(!lines.iter().any(|l| l.contains("SEARCH")), "no UID list was fetched again: {lines:#?}");
    assert!(resync < 2_000, "a no-change resync transfers almost nothing, not {resync} bytes");
    assert!(first > 20 * resync, "the first sync ({first} B) dwarfs the resync ({resync} B)");
    let height = browser
        .execute("return document.querySelector('.rows-spacer').style.height;", vec![])
        .expect("spacer");
    assert_eq!(height, Value::String(format!("{}px", 10_000 * 52)), "all 10,000 messages are listed");
}

#[test]
fn a_browser_that_refuses_storage_gets_a_clear_message_and_mail_still_works() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[fixtures::newsletter(), fixtures::with_attachments()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_subjects(&mut browser, "the inbox, from the server", &["Quarterly report", "Weekly news"]);
    // From here the browser refuses every write, as when the site's quota is used up. (A scripted
    // fault: Chromium's quota override via CDP does not make small IndexedDB writes fail.)
    browser
        .execute(
            "IDBObjectStore.prototype.put = function () { \
               throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
            vec![],
        )
        .expect("refuse storage");
    // Reading still works: the message opens from the server, and the person is told why it is
    // not kept.
    open_row(&mut browser, "Weekly news");
    browser
        .wait_until(
            "the storage message",
            "const e = document.querySelector('[data-testid=error]'); \
             return !!e && e.textContent.includes('refused to store');",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| {
            let banner = browser
                .execute("const e = document.querySelector('[data-testid=error]'); return e ? e.textContent : 'none';", vec![])
                .unwrap_or_default();
            panic!("{e}; banner: {banner}")
        });
}
