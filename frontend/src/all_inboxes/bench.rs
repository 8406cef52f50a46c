//! Benchmark, ignored in ordinary runs (posthorn-bench's `inboxes` part runs it,
//! tests/src/bench/all_inboxes.rs): how long "All inboxes" over three accounts of 10,000 cached
//! INBOX messages each takes from mounting to its first rows in the page, read from the browser's
//! IndexedDB with no server at all (no password is known, so nothing connects). The baseline, in
//! the same runs: one account's own mail view of 10,000 cached messages, the same way.
//!
//! Each run mounts a fresh view with fresh states, so every row comes from IndexedDB, not memory.
//! Prints one `ALL_INBOXES_BENCH` line per run.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{AllInboxes, AllInboxesView, Inbox};
use crate::account::{AccountSettings, Accounts, ConnectionSecurity, IncomingProtocol, ServerSettings};
use crate::mail_state::MailState;
use crate::mail_view::MailView;
use crate::protocol_log::ProtocolLog;
use crate::store::{self, Key};

wasm_bindgen_test_configure!(run_in_browser);

const ACCOUNTS: usize = 3;
const MESSAGES: u32 = 10_000;
const RUNS: usize = 9;
/// Rows that count as "the first rows": about a screenful.
const FIRST_ROWS: u32 = 20;

fn account(email: &str) -> AccountSettings {
    let server = ServerSettings {
        host: "mail.example.org".into(),
        port: 993,
        security: ConnectionSecurity::Tls,
        username: email.into(),
        mechanism: None,
        pin_sha256: None,
    };
    AccountSettings {
        email: email.into(),
        display_name: String::new(),
        incoming_protocol: IncomingProtocol::Imap,
        incoming: server.clone(),
        outgoing: server,
        server_files_sent: false,
        pop3_delete: Default::default(),
        signature: String::new(),
        identities: Vec::new(),
        sieve_server: None,
        out_of_office: None,
    }
}

/// Caches an INBOX of `MESSAGES` rows for `email`, as the mail state stores them.
async fn fill(email: &str, seed: u32) {
    let rows: Vec<(u32, String)> = (1..=MESSAGES)
        .map(|uid| {
            let row = serde_json::json!({
                "uid": uid,
                "from": format!("Sender {} <s{}@example.org>", (uid * 7 + seed) % 500, uid % 500),
                "subject": format!("Message {uid} about topic {}", (uid * 13 + seed) % 900),
                "date": "",
                "timestamp": 1_700_000_000i64 + i64::from(uid) * 600 + i64::from(seed) * 7,
                "size": 2000 + uid % 5000,
                "seen": uid % 3 != 0,
                "flagged": uid % 50 == 0,
                "answered": false,
                "attachment": uid % 9 == 0,
            });
            (uid, row.to_string())
        })
        .collect();
    store::put_headers(email, "INBOX", 1, &rows).await.expect("rows stored");
    // The folder's sync state, as `FolderSync` in mail_state.rs writes it.
    let sync = serde_json::json!({ "uidvalidity": 1, "highest_modseq": null, "uids": [[1, MESSAGES]] });
    store::put_json(Key::Folder(email, "INBOX"), &sync).await.expect("sync stored");
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

/// Mounts `view` and returns the milliseconds until `FIRST_ROWS` rows are in the page.
async fn time_to_rows<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> f64 {
    let document = leptos::prelude::document();
    let host = document.create_element("div").expect("div");
    host.set_attribute("style", "height: 800px").expect("style");
    document.body().expect("body").append_child(&host).expect("append");
    let started = now();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), view);
    let mut shown = None;
    while now() - started < 20_000.0 {
        // The FIRST_ROWS-th row of the list is there (rows are rendered from the top).
        if host
            .query_selector(&format!("[data-testid=message-row][aria-rowindex='{FIRST_ROWS}']"))
            .ok()
            .flatten()
            .is_some()
        {
            shown = Some(now() - started);
            break;
        }
        crate::net::clock::sleep(std::time::Duration::from_millis(1)).await;
    }
    drop(handle);
    host.remove();
    shown.expect("the first rows within 20 s")
}

#[wasm_bindgen_test]
// A benchmark: posthorn-bench's inboxes part runs it.
#[ignore]
async fn all_inboxes_bench() {
    let emails: Vec<String> = (0..ACCOUNTS).map(|i| format!("bench{i}@example.org")).collect();
    for (i, email) in emails.iter().enumerate() {
        fill(email, i as u32).await;
    }
    let settings: Vec<AccountSettings> = emails.iter().map(|e| account(e)).collect();
    // The states outlive the views, as the App keeps them (frontend/src/app.rs): their tasks go on
    // after a view is gone.
    let keep = Owner::new();
    for run in 0..RUNS {
        let (unified, owner) = (settings.clone(), keep.clone());
        let all_ms = time_to_rows(move || {
            let (accounts, log, states) = owner.with(|| {
                let (accounts, log) = (Accounts::load(), ProtocolLog::new());
                let states: Vec<Inbox> =
                    unified.into_iter().map(|a| Inbox::Imap(MailState::new(a, accounts, log))).collect();
                (accounts, log, states)
            });
            provide_context(accounts);
            provide_context(log);
            AllInboxes::provide();
            view! { <AllInboxesView inboxes=states /> }
        })
        .await;
        let (one, owner) = (settings[0].clone(), keep.clone());
        let one_ms = time_to_rows(move || {
            let (accounts, log, state) = owner.with(|| {
                let (accounts, log) = (Accounts::load(), ProtocolLog::new());
                (accounts, log, MailState::new(one, accounts, log))
            });
            provide_context(accounts);
            provide_context(log);
            AllInboxes::provide();
            view! { <MailView state=state /> }
        })
        .await;
        console_log!(
            "ALL_INBOXES_BENCH run={run} accounts={ACCOUNTS} messages={MESSAGES} all_ms={all_ms:.1} one_ms={one_ms:.1}"
        );
    }
    // Let the states' last tasks finish before their data goes.
    crate::net::clock::sleep(std::time::Duration::from_millis(500)).await;
    for email in &emails {
        let _ = store::forget_account(email).await;
    }
    drop(keep);
}
