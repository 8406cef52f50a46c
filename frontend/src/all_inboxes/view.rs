//! The "All inboxes" view: the accounts beside the unified list and the reader, laid out as one
//! account's mail view is (`frontend/src/mail_view.rs`), with each account's composer and outbox.

use leptos::prelude::*;

use super::list::UnifiedList;
use super::reader::UnifiedReader;
use super::sidebar::Sidebar;
use super::{Inbox, Member, account_name, colour};
use crate::account::{AccountSettings, Accounts};
use crate::composer::{Composer, OutboxView, provide_composer};
use crate::i18n::t;
use crate::mail_state::MailState;

/// A POP3 maildrop is asked for new mail every this many polls of the IMAP accounts (each ask is
/// a new sign-in: RFC 1939 has no way to wait for mail on an open session).
const POP3_EVERY: u32 = 10;

/// "All inboxes" over these accounts' inboxes (one per account, in the account list's order).
#[component]
pub fn AllInboxesView(inboxes: Vec<Inbox>) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let members: Vec<Member> = inboxes
        .into_iter()
        .enumerate()
        .map(|(i, inbox)| Member { name: String::new(), colour: colour(i), inbox })
        .collect();
    let settings: Vec<AccountSettings> = members.iter().map(Member::account).collect();
    let members: Vec<Member> = members
        .into_iter()
        .zip(&settings)
        .map(|(m, account)| Member { name: account_name(account, &settings), ..m })
        .collect();
    // Each account shows its cached inbox at once, then connects and brings it up to date, as
    // its own view does when it opens.
    for m in &members {
        m.start();
    }
    // One composer per account: a reply is written, sent and filed as that account.
    let composers: Vec<Composer> = settings.iter().map(provide_composer).collect();
    // New mail: a NOOP every 30 s on each IMAP account's connection brings EXISTS with it; each
    // POP3 maildrop is asked every POP3_EVERY of those.
    let pollers = members.clone();
    let polls = StoredValue::new(0u32);
    let handle = set_interval_with_handle(
        move || {
            polls.update_value(|n| *n += 1);
            for m in &pollers {
                match &m.inbox {
                    Inbox::Imap(state) => state.poll(),
                    Inbox::Pop3(state) if polls.get_value().is_multiple_of(POP3_EVERY) => state.check(),
                    Inbox::Pop3(_) => {}
                }
            }
        },
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
        reconnecting.iter().for_each(|m| match &m.inbox {
            Inbox::Imap(state) => state.reconnect(),
            Inbox::Pop3(state) => state.check(),
        })
    });
    on_cleanup(move || online.remove());

    // The account whose message the reader shows.
    let open_account = RwSignal::new(None::<usize>);
    let opened = members.clone();
    let message_open = move || {
        open_account.get().and_then(|i| opened.get(i)).is_some_and(|m| m.open().with(Option::is_some))
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
    let close_reader = move |_| closing.iter().for_each(|m| m.open().set(None));

    let (new_from, new_for) = (composers.clone(), members.clone());
    let held_composers = composers.clone();
    // Each account's out-of-office reply, named by the account.
    let away_notes = members
        .iter()
        .map(|m| view! { <crate::filters::AwayNote email=m.email() name=m.name.clone() /> })
        .collect_view();
    let status_members = members.clone();
    let (imap_states, imap_names): (Vec<MailState>, Vec<String>) =
        members.iter().filter_map(|m| Some((m.imap()?.clone(), m.name.clone()))).unzip();
    let status = move || {
        status_members
            .iter()
            .filter_map(|m| {
                let status = m.status().get();
                if accounts.password(&m.email()).is_none() {
                    Some((t().account_locked)(&m.email()))
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
            .filter_map(|m| m.error().get().map(|e| (m.clone(), e)))
            .map(|(m, e)| {
                let dismiss = m.error();
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
                    .zip(&members)
                    .map(|(&c, m)| {
                        // Each account's live region: its send results, and new mail in its INBOX.
                        let state = m.imap().cloned();
                        view! {
                            <Show when=move || c.form.with(Option::is_some)>
                                {crate::lazy::deferred(&crate::composer::COMPOSE_FORM, c)}
                            </Show>
                            <OutboxView composer=c />
                            <crate::announce::Announcer state=state composer=c />
                        }
                    })
                    .collect_view()}
            </div>
            <crate::announce::UnreadTitle states=members.iter().filter_map(|m| m.imap().cloned()).collect() />
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
            <div class="status-line" data-testid="status">
                {status}
                <crate::mail_view::UndoOffer states=imap_states.clone() names=imap_names />
                <crate::composer::HeldOffer composers=held_composers />
                {away_notes}
                <crate::mail_view::TickedCount count=Signal::derive(move || {
                    imap_states.iter().map(|s| s.list.selected.with(std::collections::HashSet::len)).sum::<usize>()
                }) />
            </div>
            {errors}
        </div>
    }
}
