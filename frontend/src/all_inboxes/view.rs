//! The "All inboxes" view: the accounts beside the unified list and the reader, laid out as one
//! account's mail view is (`frontend/src/mail_view.rs`), with each account's composer and outbox.

use leptos::prelude::*;

use super::list::UnifiedList;
use super::reader::UnifiedReader;
use super::sidebar::Sidebar;
use super::{Member, account_name, colour};
use crate::account::{AccountSettings, Accounts};
use crate::composer::{ComposeForm, Composer, OutboxView, provide_composer};
use crate::i18n::t;
use crate::mail_state::MailState;

/// "All inboxes" over these accounts' states (one per IMAP account, in the account list's order).
#[component]
pub fn AllInboxesView(states: Vec<MailState>) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let settings: Vec<AccountSettings> = states.iter().map(|s| s.account.clone()).collect();
    let members: Vec<Member> = states
        .into_iter()
        .enumerate()
        .map(|(i, state)| Member { name: account_name(&state.account, &settings), colour: colour(i), state })
        .collect();
    // Each account shows its cached INBOX at once, then connects and brings it up to date, as
    // its own mail view does when it opens.
    for m in &members {
        m.state.start();
    }
    // One composer per account: a reply is written, sent and filed as that account.
    let composers: Vec<Composer> = members.iter().map(|m| provide_composer(&m.state)).collect();
    // New mail: a NOOP every 30 s on each account's connection brings EXISTS with it.
    let pollers = members.clone();
    let handle = set_interval_with_handle(
        move || pollers.iter().for_each(|m| m.state.poll()),
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let reconnecting = members.clone();
    let online = window_event_listener(leptos::ev::online, move |_| {
        reconnecting.iter().for_each(|m| m.state.reconnect())
    });
    on_cleanup(move || online.remove());

    // The account whose message the reader shows.
    let open_account = RwSignal::new(None::<usize>);
    let opened = members.clone();
    let message_open = move || {
        open_account.get().and_then(|i| opened.get(i)).is_some_and(|m| m.state.open.with(Option::is_some))
    };
    let show_folders = RwSignal::new(false);
    let pane = Memo::new(move |_| {
        if message_open() {
            "reader"
        } else if show_folders.get() {
            "folders"
        } else {
            "list"
        }
    });
    let closing = members.clone();
    let close_reader = move |_| closing.iter().for_each(|m| m.state.open.set(None));

    let (new_from, new_for) = (composers.clone(), members.clone());
    let status_members = members.clone();
    let status = move || {
        status_members
            .iter()
            .filter_map(|m| {
                let status = m.state.status.get();
                if accounts.password(m.email()).is_none() {
                    Some((t().account_locked)(m.email()))
                } else {
                    (!status.is_empty()).then(|| format!("{}: {status}", m.name))
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let error_members = members.clone();
    let errors = move || {
        error_members
            .iter()
            .filter_map(|m| m.state.error.get().map(|e| (m.clone(), e)))
            .map(|(m, e)| {
                let dismiss = m.state.error;
                view! {
                    <div class="error-banner" role="alert" data-testid="error">
                        <span><b>{m.name.clone()} ": "</b>{e.message.clone()}</span>
                        {e.server_reply.clone().map(|r| view! { <code class="server-reply">{r}</code> })}
                        <button on:click=move |_| dismiss.set(None)>{t().dismiss}</button>
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <div class="mail-view all-inboxes" data-testid="all-inboxes-view" data-pane=pane>
            <div class="composer-host">
                {composers
                    .iter()
                    .map(|&c| {
                        view! {
                            <Show when=move || c.form.with(Option::is_some)>
                                <ComposeForm composer=c />
                            </Show>
                            <OutboxView composer=c />
                        }
                    })
                    .collect_view()}
            </div>
            <div class="phone-bar" data-testid="phone-bar">
                {move || match pane.get() {
                    "reader" => view! {
                        <button class="back" data-testid="back" on:click=close_reader.clone()>{t().back}</button>
                        <span class="title">{t().all_inboxes}</span>
                    }
                        .into_any(),
                    "folders" => view! {
                        <button class="back" data-testid="back" on:click=move |_| show_folders.set(false)>{t().back}</button>
                        <span class="title">{t().folders}</span>
                    }
                        .into_any(),
                    _ => view! {
                        <button class="back" data-testid="show-folders" on:click=move |_| show_folders.set(true)>"‹ " {t().folders}</button>
                        <span class="title">{t().all_inboxes}</span>
                    }
                        .into_any(),
                }}
            </div>
            <crate::new_message::NewMessageButton choose=Callback::new(move |()| {
                super::keys::composer_for_new(&new_from, &new_for, open_account.get_untracked())
            }) />
            <Sidebar members=members.clone() />
            <UnifiedList members=members.clone() open_account=open_account composers=composers.clone() />
            <UnifiedReader members=members composers=composers open_account=open_account />
            <div class="status-line" data-testid="status">{status}</div>
            {errors}
        </div>
    }
}
