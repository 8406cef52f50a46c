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

mod kept;
mod maildrop;

use kept::*;
use maildrop::*;

/// The store folder that holds a POP3 account's messages.
pub const FOLDER: &str = crate::store::POP3_FOLDER;
/// At most this many new messages are downloaded per sync (newest first); the next sync goes on.
const PER_SYNC: usize = 500;
const DAY_MS: f64 = 86_400_000.0;

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
        posthorn_proto::stable_sort::sort_by_key(&mut rows, |r| std::cmp::Reverse(r.id));
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
