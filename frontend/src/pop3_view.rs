//! The view of a POP3 account: one inbox. UIDL + LIST + TOP build the list; RETR fetches a message
//! when it is opened. Messages are kept locally and left on the server.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::message::{ReadableMessage, read};
use posthorn_proto::secret::Secret;

use crate::account::AccountSettings;
use crate::protocol_log::ProtocolLog;
use crate::reader::MessageBody;
use crate::session::MailError;
use crate::session::pop3::Pop3Session;

/// How many of the newest messages get their headers listed.
const LISTED: usize = 500;

/// One message in the POP3 inbox.
#[derive(Debug, Clone, PartialEq)]
struct Pop3Row {
    number: u32,
    uid: String,
    size: u64,
    from: String,
    subject: String,
    date: String,
}

async fn load_list(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
) -> Result<Vec<Pop3Row>, MailError> {
    let mut session = Pop3Session::open(account, password, log).await?;
    let uids = session.uidl().await?;
    let sizes: HashMap<u32, u64> = session.list().await?.into_iter().map(|e| (e.number, e.size)).collect();
    let mut rows = Vec::new();
    for entry in uids.iter().rev().take(LISTED) {
        let header = session.header(entry.number).await?;
        let parsed = read(&header).unwrap_or_default();
        rows.push(Pop3Row {
            number: entry.number,
            uid: entry.uid.clone(),
            size: sizes.get(&entry.number).copied().unwrap_or(0),
            from: parsed
                .from
                .first()
                .map(|m| m.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| m.address.clone()))
                .unwrap_or_default(),
            subject: parsed.subject,
            date: parsed.date.unwrap_or_default(),
        });
    }
    session.quit().await;
    Ok(rows)
}

/// The POP3 inbox.
#[component]
pub fn Pop3View(account: AccountSettings, password: Secret) -> impl IntoView {
    let log = expect_context::<ProtocolLog>();
    let rows = RwSignal::new(Vec::<Pop3Row>::new());
    let open = RwSignal::new(None::<(u32, ReadableMessage, Vec<u8>)>);
    let status = RwSignal::new("Loading the inbox…".to_string());
    let error = RwSignal::new(None::<MailError>);
    // Downloaded messages by UIDL, kept for this page.
    let cache = StoredValue::new(HashMap::<String, Vec<u8>>::new());
    let account = StoredValue::new(account);
    let password = StoredValue::new(password);

    spawn_local(async move {
        match load_list(&account.get_value(), &password.get_value(), log).await {
            Ok(list) => {
                rows.set(list);
                status.set(String::new());
            }
            Err(e) => {
                status.set(String::new());
                error.set(Some(e));
            }
        }
    });

    let open_message = move |row: Pop3Row| {
        spawn_local(async move {
            let raw = match cache.with_value(|c| c.get(&row.uid).cloned()) {
                Some(raw) => raw,
                None => {
                    status.set("Downloading…".into());
                    let fetched = async {
                        let mut session =
                            Pop3Session::open(&account.get_value(), &password.get_value(), log).await?;
                        // Numbers can change between sessions: find the message by its UIDL again.
                        let number = session
                            .uidl()
                            .await?
                            .into_iter()
                            .find(|e| e.uid == row.uid)
                            .map(|e| e.number)
                            .ok_or_else(|| MailError::new("The message is no longer on the server."))?;
                        let raw = session.retrieve(number).await?;
                        session.quit().await;
                        Ok::<_, MailError>(raw)
                    }
                    .await;
                    status.set(String::new());
                    match fetched {
                        Ok(raw) => {
                            cache.update_value(|c| {
                                c.insert(row.uid.clone(), raw.clone());
                            });
                            raw
                        }
                        Err(e) => {
                            error.set(Some(e));
                            return;
                        }
                    }
                }
            };
            let message = read(&raw).unwrap_or_default();
            open.set(Some((row.number, message, raw)));
        });
    };

    view! {
        <div class="mail-view pop3" data-testid="mail-view">
            <nav class="folders"><button class="folder active">"▤ Inbox (POP3)"</button></nav>
            <section class="message-list">
                <div class="rows-viewport" data-testid="message-list">
                    <For each=move || rows.get() key=|r| r.uid.clone() let:row>
                        {
                            let r = row.clone();
                            view! {
                                <div class="row" data-testid="message-row" on:click=move |_| open_message(r.clone())>
                                    <span class="from">{row.from.clone()}</span>
                                    <span class="subject">{row.subject.clone()}</span>
                                    <span class="date">{row.date.clone()}</span>
                                    <span class="size">{crate::format::size(row.size)}</span>
                                </div>
                            }
                        }
                    </For>
                </div>
            </section>
            <article class="reader" data-testid="reader">
                {move || match open.get() {
                    None => view! { <p class="empty">"Select a message to read it."</p> }.into_any(),
                    Some((n, message, raw)) => view! { <MessageBody uid=n message=message raw=raw /> }.into_any(),
                }}
            </article>
            <div class="status-line" data-testid="status">{move || status.get()}</div>
            {move || error.get().map(|e| view! {
                <div class="error-banner" role="alert" data-testid="error">
                    <span>{e.message.clone()}</span>
                    {e.server_reply.clone().map(|r| view! { <code class="server-reply">{r}</code> })}
                    <button on:click=move |_| error.set(None)>"Dismiss"</button>
                </div>
            })}
        </div>
    }
}
