//! The view of a POP3 account: one inbox, kept in the browser.
//!
//! POP3 is a download protocol (RFC 1939): the server is a maildrop, the client keeps the mail. The
//! index of kept messages (UIDL, a local id, the list row, when it was downloaded) is a record in
//! the store under [`Key::Pop3`]; each message is a body in the store under folder [`FOLDER`],
//! UIDVALIDITY 0 and its local id. The inbox shows from the store at once, without the network;
//! then a sync lists what is new (UIDL + LIST + TOP, so the rows show before the downloads), downloads
//! it (RETR, newest first) and, if the account says so,
//! deletes from the server what is kept here and due (DELE, committed by QUIT). Nothing that is
//! not in the store is ever deleted from the server.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::message::{Mailbox, ReadableMessage, read};
use posthorn_proto::secret::Secret;
use serde::{Deserialize, Serialize};

use crate::account::{AccountSettings, Accounts, Pop3Delete};
use crate::i18n::t;
use crate::protocol_log::ProtocolLog;
use crate::reader::MessageBody;
use crate::session::MailError;
use crate::session::pop3::Pop3Session;
use crate::store::{self, Key};

/// The store folder that holds a POP3 account's messages.
pub const FOLDER: &str = crate::store::POP3_FOLDER;
/// At most this many new messages are downloaded per sync (newest first); the next sync goes on.
const PER_SYNC: usize = 500;
const DAY_MS: f64 = 86_400_000.0;

/// The kept messages of a POP3 account, as stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Pop3Index {
    /// The local id the next downloaded message gets.
    next_id: u32,
    /// Every kept message.
    messages: Vec<Kept>,
}

/// One kept message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kept {
    /// The server's unique id (UIDL, RFC 1939 section 7).
    uidl: String,
    /// The local id: the body's key in the store, and the list order (higher is newer).
    id: u32,
    size: u64,
    from: String,
    subject: String,
    date: String,
    /// The Date header as a Unix time, if it parsed (absent in messages kept before).
    #[serde(default)]
    timestamp: Option<i64>,
    /// When it was downloaded, in milliseconds since 1970 (for "delete after N days").
    downloaded_at: f64,
    /// Whether the server still had it at the last sync.
    on_server: bool,
}

/// The list's date for a kept message: the Date header in the user's zone and locale, else the
/// date as read where it is not a real time; `None` without a readable Date (POP3 has no arrival
/// time to fall back on, RFC 1939), for which the list shows a placeholder rather than nothing.
fn shown_date(kept: &Kept, now_ms: f64) -> Option<(String, String)> {
    match kept.timestamp {
        Some(t) => Some((crate::format::list_date(t, now_ms), crate::format::full_date(t))),
        None => Some(kept.date.trim()).filter(|d| !d.is_empty()).map(|d| (d.to_owned(), d.to_owned())),
    }
}

/// Whether a kept message is due for deletion from the server under the account's setting.
fn due_for_deletion(policy: Pop3Delete, kept: &Kept, now_ms: f64) -> bool {
    kept.on_server
        && match policy {
            Pop3Delete::Never => false,
            Pop3Delete::AfterDownload => true,
            Pop3Delete::AfterDays(days) => now_ms - kept.downloaded_at >= f64::from(days) * DAY_MS,
        }
}

fn store_error(e: store::StoreError) -> MailError {
    MailError::new(e.0)
}

fn sender(message: &ReadableMessage) -> String {
    message.from.first().map(Mailbox::short).unwrap_or_default()
}

async fn save(email: &str, index: RwSignal<Pop3Index>) -> Result<(), MailError> {
    store::put_json(Key::Pop3(email), &index.get_untracked()).await.map_err(store_error)
}

/// Whether the body of a kept message is in the store (read back, not assumed).
async fn is_stored(email: &str, id: u32) -> bool {
    matches!(store::body(email, FOLDER, 0, id).await, Ok(Some(_)))
}

/// Signs in. A password the server refuses is taken back, so that the app asks for the current
/// one with the server's reason instead of trying the stale one again at every check.
async fn sign_in(
    accounts: Accounts,
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
) -> Result<Pop3Session, MailError> {
    Pop3Session::connect(account, password, log).await.map_err(|f| {
        if f.login_refused {
            accounts.reject_password(&account.email, password, f.error.with_reply());
        }
        f.error
    })
}

/// One sync: download what is new, then delete from the server what is kept here and due.
async fn sync(
    accounts: Accounts,
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    index: RwSignal<Pop3Index>,
    pending: RwSignal<Vec<Kept>>,
    status: RwSignal<String>,
) -> Result<(), MailError> {
    let email = account.email.as_str();
    let mut session = sign_in(accounts, account, password, log).await?;
    let listing = session.uidl().await?;
    let sizes: HashMap<u32, u64> = session.list().await?.into_iter().map(|e| (e.number, e.size)).collect();
    let numbers: HashMap<&str, u32> = listing.iter().map(|e| (e.uid.as_str(), e.number)).collect();
    // Messages deleted elsewhere stay here; they are only no longer on the server.
    index.update(|i| {
        for m in &mut i.messages {
            m.on_server = numbers.contains_key(m.uidl.as_str());
        }
    });
    let known: HashSet<String> =
        index.with_untracked(|i| i.messages.iter().map(|m| m.uidl.clone()).collect());
    let new: Vec<_> = listing.iter().filter(|e| !known.contains(&e.uid)).collect();
    // The newest (highest numbers) first; ids follow the server's order so the list stays sorted.
    let new = &new[new.len().saturating_sub(PER_SYNC)..];
    let first_id = index.with_untracked(|i| i.next_id);
    // Headers first (TOP n 0), so the whole list shows while the messages download.
    for (offset, entry) in new.iter().enumerate().rev() {
        let parsed = read(&session.header(entry.number).await?).unwrap_or_default();
        pending.update(|p| {
            p.push(Kept {
                uidl: entry.uid.clone(),
                id: first_id + offset as u32,
                size: sizes.get(&entry.number).copied().unwrap_or(0),
                from: sender(&parsed),
                subject: parsed.subject.clone(),
                date: parsed.date.clone().unwrap_or_default(),
                timestamp: parsed.timestamp,
                downloaded_at: 0.0,
                on_server: true,
            })
        });
    }
    for (offset, entry) in new.iter().enumerate().rev() {
        status.set((t().downloading_n_of)(new.len() - offset, new.len()));
        let raw = session.retrieve(entry.number).await?;
        let id = first_id + offset as u32;
        store::put_body(email, FOLDER, 0, id, &raw).await.map_err(store_error)?;
        let parsed = read(&raw).unwrap_or_default();
        let kept = Kept {
            uidl: entry.uid.clone(),
            id,
            size: sizes.get(&entry.number).copied().unwrap_or(raw.len() as u64),
            from: sender(&parsed),
            subject: parsed.subject.clone(),
            date: parsed.date.clone().unwrap_or_default(),
            timestamp: parsed.timestamp,
            downloaded_at: js_sys::Date::now(),
            on_server: true,
        };
        index.update(|i| {
            i.messages.push(kept);
            i.next_id = i.next_id.max(first_id + new.len() as u32);
        });
        pending.update(|p| p.retain(|k| k.id != id));
        save(email, index).await?;
    }

    let now = js_sys::Date::now();
    let due: Vec<Kept> = index.with_untracked(|i| {
        i.messages.iter().filter(|m| due_for_deletion(account.pop3_delete, m, now)).cloned().collect()
    });
    let mut deleted = Vec::new();
    for kept in due {
        let Some(&number) = numbers.get(kept.uidl.as_str()) else { continue };
        if is_stored(email, kept.id).await {
            status.set((t().deleting_n)(deleted.len() + 1));
            session.dele(number).await?;
            deleted.push(kept.uidl);
        }
    }
    let committed = session.quit().await;
    if committed && !deleted.is_empty() {
        index.update(|i| {
            for m in i.messages.iter_mut().filter(|m| deleted.contains(&m.uidl)) {
                m.on_server = false;
            }
        });
        save(email, index).await?;
    }
    Ok(())
}

/// Downloads one kept message again (its body left the store, the server still has it).
async fn download(
    accounts: Accounts,
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    kept: &Kept,
) -> Result<Vec<u8>, MailError> {
    let mut session = sign_in(accounts, account, password, log).await?;
    // Numbers change between sessions: find the message by its UIDL again.
    let number = session
        .uidl()
        .await?
        .into_iter()
        .find(|e| e.uid == kept.uidl)
        .map(|e| e.number)
        .ok_or_else(|| MailError::new("The message is no longer on the server."))?;
    let raw = session.retrieve(number).await?;
    session.quit().await;
    store::put_body(&account.email, FOLDER, 0, kept.id, &raw).await.map_err(store_error)?;
    Ok(raw)
}

/// The POP3 inbox.
#[component]
pub fn Pop3View(account: AccountSettings, password: Secret) -> impl IntoView {
    let log = expect_context::<ProtocolLog>();
    let accounts = expect_context::<Accounts>();
    let index = RwSignal::new(Pop3Index::default());
    let open = RwSignal::new(None::<(u32, ReadableMessage, Vec<u8>)>);
    let status = RwSignal::new(t().loading_inbox.to_string());
    let error = RwSignal::new(None::<MailError>);
    let syncing = RwSignal::new(false);
    // Listed but not yet downloaded (shown, opened with a RETR of their own).
    let pending = RwSignal::new(Vec::<Kept>::new());
    let account = StoredValue::new(account);
    let password = StoredValue::new(password);

    let check = move || {
        if syncing.get_untracked() {
            return;
        }
        syncing.set(true);
        spawn_local(async move {
            status.set(t().checking_mail.into());
            let result =
                sync(accounts, &account.get_value(), &password.get_value(), log, index, pending, status)
                    .await;
            pending.set(Vec::new());
            status.set(String::new());
            if let Err(e) = result {
                error.set(Some(e));
            }
            syncing.set(false);
        });
    };

    // What is kept shows first, from the store; then the server is asked for what is new.
    spawn_local(async move {
        let email = account.with_value(|a| a.email.clone());
        match store::get_json::<Pop3Index>(Key::Pop3(&email)).await {
            Ok(Some(kept)) => index.set(kept),
            Ok(None) => {}
            Err(e) => error.set(Some(store_error(e))),
        }
        check();
    });

    let open_message = move |kept: Kept| {
        spawn_local(async move {
            let email = account.with_value(|a| a.email.clone());
            let raw = match store::body(&email, FOLDER, 0, kept.id).await {
                Ok(Some(raw)) => raw,
                _ if kept.on_server => {
                    status.set(t().downloading.into());
                    let fetched =
                        download(accounts, &account.get_value(), &password.get_value(), log, &kept).await;
                    status.set(String::new());
                    match fetched {
                        Ok(raw) => raw,
                        Err(e) => {
                            error.set(Some(e));
                            return;
                        }
                    }
                }
                _ => {
                    error.set(Some(MailError::new(
                        "This message is no longer in the browser's storage, and the server deleted it \
                         after download.",
                    )));
                    return;
                }
            };
            let message = read(&raw).unwrap_or_default();
            open.set(Some((kept.id, message, raw)));
        });
    };

    let rows = move || {
        let mut rows = index.with(|i| i.messages.clone());
        let kept: HashSet<String> = rows.iter().map(|r| r.uidl.clone()).collect();
        pending.with(|p| rows.extend(p.iter().filter(|k| !kept.contains(&k.uidl)).cloned()));
        rows.sort_by_key(|r| std::cmp::Reverse(r.id));
        rows
    };
    let pane = move || if open.with(Option::is_some) { "reader" } else { "list" };

    view! {
        <div class="mail-view pop3" data-testid="mail-view" data-pane=pane>
            <div class="phone-bar" data-testid="phone-bar">
                <Show when=move || open.with(Option::is_some)>
                    <button class="back" data-testid="back" on:click=move |_| open.set(None)>{t().back}</button>
                </Show>
                <span class="title">{t().inbox}</span>
            </div>
            <nav class="folders" aria-label=t().folders><button class="folder active">{t().inbox_pop3}</button></nav>
            <section class="message-list">
                <div class="toolbar">
                    <button data-testid="check-mail" disabled=move || syncing.get() on:click=move |_| check()>
                        {t().check_mail}
                    </button>
                </div>
                <div class="rows-viewport pop3-rows" data-testid="message-list">
                    <For each=rows key=|r| (r.uidl.clone(), r.on_server) let:row>
                        {
                            let r = row.clone();
                            view! {
                                <div
                                    class="row"
                                    data-testid="message-row"
                                    data-on-server=row.on_server.to_string()
                                    on:click=move |_| open_message(r.clone())
                                >
                                    <span class="from" class:placeholder=row.from.is_empty()>
                                        {if row.from.is_empty() { t().no_sender.to_owned() } else { row.from.clone() }}
                                    </span>
                                    <span class="subject" dir="auto" class:placeholder=row.subject.trim().is_empty()>
                                        {if row.subject.trim().is_empty() { t().no_subject.to_owned() } else { row.subject.clone() }}
                                    </span>
                                    {match shown_date(&row, js_sys::Date::now()) {
                                        Some((short, full)) => view! { <span class="date" title=full>{short}</span> }.into_any(),
                                        None => view! { <span class="date placeholder">{t().no_date}</span> }.into_any(),
                                    }}
                                    <span class="size">{crate::format::size(row.size)}</span>
                                </div>
                            }
                        }
                    </For>
                </div>
            </section>
            <article class="reader" data-testid="reader">
                {move || match open.get() {
                    None => view! { <p class="empty">{t().select_to_read}</p> }.into_any(),
                    Some((id, message, raw)) => view! { <MessageBody uid=id message=message raw=raw /> }.into_any(),
                }}
            </article>
            <div class="status-line" data-testid="status">{move || status.get()}</div>
            {move || error.get().map(|e| view! {
                <div class="error-banner" role="alert" data-testid="error">
                    <span>{e.message.clone()}</span>
                    {e.server_reply.clone().map(|r| view! { <code class="server-reply">{r}</code> })}
                    <button on:click=move |_| error.set(None)>{t().dismiss}</button>
                </div>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn kept(downloaded_at: f64, on_server: bool) -> Kept {
        Kept {
            uidl: "u1".into(),
            id: 0,
            size: 1,
            from: String::new(),
            subject: String::new(),
            date: String::new(),
            timestamp: None,
            downloaded_at,
            on_server,
        }
    }

    #[wasm_bindgen_test]
    fn a_message_without_a_date_gets_a_placeholder_not_a_blank() {
        let now = 1_795_424_400_000.0; // 2026-11-23
        let mut k = kept(0.0, true);
        assert_eq!(shown_date(&k, now), None, "no Date header: the placeholder");
        k.date = "  ".into();
        assert_eq!(shown_date(&k, now), None, "a blank Date header: the placeholder");
        k.date = "2026-02-30T10:00:00Z".into();
        let as_read = Some(("2026-02-30T10:00:00Z".to_owned(), "2026-02-30T10:00:00Z".to_owned()));
        assert_eq!(shown_date(&k, now), as_read, "a date that is not a real time: as read");
        k.timestamp = Some(987_809_702); // 2001-04-20
        let (short, full) = shown_date(&k, now).expect("a date");
        assert!(short.contains("2001") && full.contains("2001"), "{short} / {full}");
    }

    #[wasm_bindgen_test]
    fn deletion_follows_the_setting_and_only_touches_what_the_server_has() {
        let now = 100.0 * DAY_MS;
        let fresh = kept(now - 1000.0, true);
        let old = kept(now - 8.0 * DAY_MS, true);
        assert!(!due_for_deletion(Pop3Delete::Never, &old, now));
        assert!(due_for_deletion(Pop3Delete::AfterDownload, &fresh, now));
        assert!(!due_for_deletion(Pop3Delete::AfterDays(7), &fresh, now));
        assert!(due_for_deletion(Pop3Delete::AfterDays(7), &old, now));
        assert!(!due_for_deletion(Pop3Delete::AfterDownload, &kept(now, false), now));
    }

    #[wasm_bindgen_test]
    async fn the_index_and_bodies_survive_in_the_store() {
        let email = "pop3-view-test@example.org";
        let index = Pop3Index { next_id: 1, messages: vec![kept(1.0, false)] };
        store::put_json(Key::Pop3(email), &index).await.unwrap();
        store::put_body(email, FOLDER, 0, 0, b"Subject: kept\r\n\r\nhi\r\n").await.unwrap();
        assert_eq!(store::get_json::<Pop3Index>(Key::Pop3(email)).await.unwrap(), Some(index));
        assert!(is_stored(email, 0).await);
        assert!(!is_stored(email, 1).await);
        store::forget_account(email).await.unwrap();
    }
}
