//! The three-pane mail view: folders (`mail_view/folder_list.rs`), the virtualised message list
//! (`mail_view/message_list.rs`), and the reader (`conversation_view.rs`, `reader.rs`).

use leptos::prelude::*;

use crate::i18n::t;
use crate::mail_state::MailState;

mod actions_toggle;
pub(crate) mod drag;
mod folder_actions;
mod folder_list;
mod found_elsewhere;
mod message_list;
mod search_field;
mod storage;
mod tag_menu;
pub(crate) use tag_menu::TagMenu;

pub(crate) use actions_toggle::ActionsToggle;
use folder_list::FolderList;
pub(crate) use folder_list::folder_name;
use message_list::MessageList;
pub(crate) use message_list::{TickAll, TickedCount};
pub(crate) use search_field::{FilterSelect, SearchField};

crate::lazy::lazy_part! {
    /// An IMAP account's view and the state behind it (the engine, the sync, the cache), fetched
    /// when one is first shown: the first visit's account setup does without it.
    in mail: pub static MAIL_VIEW: Part<crate::lazy::Make<(crate::app::States, crate::account::AccountSettings)>> =
        |(states, account)| view! { <MailView state=states.imap(account) /> }.into_any();
}

/// The mail view for one account.
#[component]
pub fn MailView(state: MailState) -> impl IntoView {
    state.start();
    // The stores and the state, for the panes below (mail_state/stores.rs).
    state.provide();
    let composer = crate::composer::provide_composer(&state.account);
    composer.follow_folder(state.folders.open);
    // New mail: a NOOP every 30 s brings EXISTS with it.
    let poller = state.clone();
    let handle = set_interval_with_handle(move || poller.poll(), std::time::Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    // The keyboard (keyboard.rs): the list's cursor, the shortcuts and the dialog listing them.
    let cursor: crate::keyboard::Cursor = RwSignal::new(None);
    let help = NodeRef::<leptos::html::Dialog>::new();
    crate::keyboard::install(&state, composer, cursor, help);
    // Opening a message moves focus to the reader (another message too: its uid changes).
    let opened = state.reader.message;
    Effect::new(move |before: Option<Option<u32>>| {
        let uid = opened.with(|o| o.as_ref().map(|(uid, _, _)| *uid));
        if uid.is_some() && before.flatten() != uid {
            crate::keyboard::focus_when_rendered("[data-testid=reader]".into(), 10);
        }
        uid
    });
    // Back online: resynchronise and send what was queued.
    let reconnecting = state.clone();
    let online_handle = window_event_listener(leptos::ev::online, move |_| reconnecting.reconnect());
    on_cleanup(move || online_handle.remove());

    // On a phone one pane shows at a time (see the stylesheet): the reader while a message is
    // open, else the folders when asked for, else the list. Wider screens show all three.
    let show_folders = RwSignal::new(false);
    let open = state.reader.message;
    let pane = move || {
        if open.with(Option::is_some) {
            "reader"
        } else if show_folders.get() {
            "folders"
        } else {
            "list"
        }
    };
    let current_folder = state.folders.open;
    let folders_for_title = state.folders.all;
    let title = move || {
        let wire = current_folder.get().unwrap_or_default();
        folders_for_title
            .with(|fs| fs.iter().find(|f| f.mailbox == wire).map(|f| folder_name(f, &f.name).to_owned()))
            .unwrap_or_else(|| wire.as_wire().to_owned())
    };

    // Once the first rows are shown, the code to read and to write a message is fetched in the
    // background (lazy.rs), so that opening the first message or the composer does not wait for it.
    let rows = state.list.rows;
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || rows.with(|r| r.is_empty()) {
            return done.unwrap_or(false);
        }
        crate::lazy::preload(&crate::reader::MESSAGE_BODY);
        crate::lazy::preload(&crate::composer::COMPOSE_FORM);
        true
    });

    let error_state = state.clone();
    let selected = state.list.selected;
    view! {
        <div class="mail-view" data-testid="mail-view" data-pane=pane>
            <crate::composer::ComposerHost seen=Signal::derive({
                let state = state.clone();
                move || crate::composer::seen_addresses(&state)
            }) />
            <crate::announce::Announcer state=Some(state.clone()) composer=composer />
            <crate::announce::UnreadTitle states=vec![state.clone()] />
            <crate::keyboard::ShortcutsDialog node=help cursor=cursor />
            <div class="phone-bar" data-testid="phone-bar">
                {move || match pane() {
                    "reader" => view! {
                        <button class="back" data-testid="back" on:click=move |_| open.set(None)>{t().back}</button>
                        <span class="title">{title()}</span>
                    }
                        .into_any(),
                    "folders" => view! {
                        <button class="back" data-testid="back" on:click=move |_| show_folders.set(false)>{t().back}</button>
                        <span class="title">{t().folders}</span>
                    }
                        .into_any(),
                    _ => view! {
                        <button class="back" data-testid="show-folders" on:click=move |_| show_folders.set(true)>"‹ " {t().folders}</button>
                        <span class="title">{title()}</span>
                    }
                        .into_any(),
                }}
            </div>
            <crate::new_message::NewMessageButton />
            <FolderList show_folders=show_folders />
            <MessageList cursor=cursor />
            <crate::conversation_view::ReaderPane />
            <div class="status-line" data-testid="status">
                {move || state.status.get()}
                {move || {
                    let n = state.queue.waiting.get();
                    (n > 0).then(|| view! { <span class="queued" data-testid="queued">{(t().changes_waiting)(n)}</span> })
                }}
                <UndoOffer states=vec![state.clone()] />
                <crate::composer::HeldOffer composers=vec![composer] />
                <crate::filters::AwayNote email=state.account.email.clone() />
                <TickedCount count=Signal::derive(move || selected.with(std::collections::HashSet::len)) />
            </div>
            {move || {
                error_state
                    .error
                    .get()
                    .map(|e| {
                        let dismiss = error_state.clone();
                        view! {
                            <div class="error-banner" role="alert" data-testid="error">
                                <span>{e.message.clone()}</span>
                                {e.server_reply.clone().map(|r| view! { <code class="server-reply">{r}</code> })}
                                {e.certificate.clone().map(|c| view! { <crate::account_setup::certificate::TrustFromMailView untrusted=*c /> })}
                                <button on:click=move |_| dismiss.error.set(None)>{t().dismiss}</button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// The last move of the accounts in `states` (one, or each of All inboxes), with the button (or
/// z) that takes it back ([`crate::mail_state::Undo`]); with `names` (the accounts' names, in
/// the order of `states`), its account's name goes first.
#[component]
pub fn UndoOffer(states: Vec<MailState>, #[prop(optional)] names: Vec<String>) -> impl IntoView {
    move || {
        crate::mail_state::latest_undo(&states).map(|(i, undo)| {
            let account = names.get(i).map(|name| format!("{name}: "));
            let state = states[i].clone();
            view! {
                <span class="undo" data-testid="undo">
                    <span class="moved">{account}{(t().moved_to)(undo.count, &undo.to)}</span>
                    " "
                    <button class="quiet" data-testid="undo-button" title=t().undo_title on:click=move |_| state.undo_move()>{t().undo}</button>
                </span>
            }
        })
    }
}
