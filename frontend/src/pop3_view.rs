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
use posthorn_proto::sort::SortOrder;
use serde::{Deserialize, Serialize};

use crate::account::{AccountSettings, Accounts, Pop3Delete};
use crate::composer::{ComposerHost, provide_composer};
use crate::i18n::t;
use crate::protocol_log::ProtocolLog;
use crate::reader::MessageBody;
use crate::session::MailError;
use crate::session::pop3::Pop3Session;
use crate::store::{self, Key};

mod kept;
mod keys;
mod list;
mod maildrop;
mod state;

use kept::*;
use list::Pop3List;
use maildrop::*;
pub use state::Pop3State;

/// The store folder that holds a POP3 account's messages.
pub const FOLDER: &str = crate::store::POP3_FOLDER;
/// At most this many new messages are downloaded per sync (newest first); the next sync goes on.
const PER_SYNC: usize = 500;
const DAY_MS: f64 = 86_400_000.0;

/// The POP3 inbox, with the account's composer and outbox: mail is written and sent through
/// the account's SMTP server as from an IMAP account (no copy is filed: POP3 has no folders).
#[component]
pub fn Pop3View(state: Pop3State) -> impl IntoView {
    state.start();
    let composer = provide_composer(&state.account.get_value());
    let Pop3State { open, status, error, syncing, .. } = state;
    let messages = Memo::new(move |_| state.messages());
    let rows = move || messages.get();
    // The row in the tab order, and where the keys move from (keys.rs).
    let cursor = RwSignal::new(0u32);
    keys::install(state, messages, cursor, composer);
    // Opening a message moves focus to the reader.
    Effect::new(move |before: Option<Option<u32>>| {
        let id = open.with(|o| o.as_ref().map(|(id, _, _)| *id));
        if id.is_some() && before.flatten() != id {
            crate::keyboard::focus_when_rendered("[data-testid=reader]".into(), 10);
        }
        id
    });
    let pane = move || if open.with(Option::is_some) { "reader" } else { "list" };
    // Addresses seen in the inbox, for the composer's suggestions.
    let seen = move || rows().into_iter().map(|k| k.from).filter(|f| f.contains('@')).collect::<Vec<_>>();

    view! {
        <div class="mail-view pop3" data-testid="mail-view" data-pane=pane>
            <ComposerHost seen=Signal::derive(seen) />
            <crate::announce::Announcer composer=composer />
            <div class="phone-bar" data-testid="phone-bar">
                <Show when=move || open.with(Option::is_some)>
                    <button class="back" data-testid="back" on:click=move |_| open.set(None)>{t().back}</button>
                </Show>
                <span class="title">{t().inbox}</span>
            </div>
            <crate::new_message::NewMessageButton />
            <nav class="folders" aria-label=t().folders>
                <crate::all_inboxes::AllInboxesEntry />
                <button class="folder active">{t().inbox_pop3}</button>
            </nav>
            <section class="message-list">
                <div class="toolbar">
                    <button data-testid="check-mail" disabled=move || syncing.get() on:click=move |_| state.check()>
                        {t().check_mail}
                    </button>
                    <crate::mail_state::SortControl sort=state.sort choose=Callback::new(move |order| state.set_sort(order)) />
                </div>
                <Pop3List state=state messages=messages cursor=cursor />
            </section>
            <article class="reader" data-testid="reader" tabindex="-1" aria-label=t().message>
                {move || match open.get() {
                    None => view! { <crate::empty_state::NoMessageOpen /> }.into_any(),
                    Some((id, message, raw)) => view! { <MessageBody uid=id message=message raw=raw /> }.into_any(),
                }}
            </article>
            <div class="status-line" data-testid="status">
                {move || status.get()}
                <crate::composer::HeldOffer composers=vec![composer] />
                <crate::filters::AwayNote email=state.account.with_value(|a| a.email.clone()) />
            </div>
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

crate::lazy::lazy_part! {
    /// A POP3 account's view, fetched when one is first shown.
    in views: pub static POP3_VIEW: Part<crate::lazy::Make<(crate::app::States, crate::account::AccountSettings)>> =
        |(states, account)| view! { <Pop3View state=states.pop3(account) /> }.into_any();
}
