//! The three-pane mail view: folders, the virtualised message list, and the reader.

use std::collections::HashSet;

use leptos::prelude::*;
use posthorn_proto::imap::{Flag, MailboxName, SpecialUse};

use crate::empty_state::EmptyState;
use crate::folder_tree::{folder_tree, visible};
use crate::grid::{Scroll, VirtualGrid};
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{Folder, MailState, Query};
use crate::message_row::MessageRow;

/// The name a folder is shown by: the special ones (RFC 6154 roles, and INBOX) in the person's
/// language, whatever the server calls them; the others as `name`.
pub(crate) fn folder_name<'a>(folder: &Folder, name: &'a str) -> &'a str {
    if folder.mailbox.is_inbox() {
        return t().inbox;
    }
    match folder.role {
        Some(SpecialUse::Drafts) => t().drafts,
        Some(SpecialUse::Sent) => t().sent,
        Some(SpecialUse::Junk) => t().junk,
        Some(SpecialUse::Trash) => t().trash,
        Some(SpecialUse::Archive) => t().archive,
        _ => name,
    }
}

fn folder_icon(folder: &Folder) -> Icon {
    if folder.mailbox.is_inbox() {
        return Icon::Inbox;
    }
    match folder.role {
        Some(SpecialUse::Drafts) => Icon::NewMessage,
        Some(SpecialUse::Sent) => Icon::Sent,
        Some(SpecialUse::Junk) => Icon::Junk,
        Some(SpecialUse::Trash) => Icon::Delete,
        Some(SpecialUse::Archive) => Icon::Archive,
        _ => Icon::Folder,
    }
}

/// The mail view for one account.
#[component]
pub fn MailView(state: MailState) -> impl IntoView {
    state.start();
    let composer = crate::composer::provide_composer(&state);
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
    let opened = state.open;
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
    let open = state.open;
    let pane = move || {
        if open.with(Option::is_some) {
            "reader"
        } else if show_folders.get() {
            "folders"
        } else {
            "list"
        }
    };
    let current_folder = state.folder;
    let folders_for_title = state.folders;
    let title = move || {
        let wire = current_folder.get().unwrap_or_default();
        folders_for_title
            .with(|fs| fs.iter().find(|f| f.mailbox == wire).map(|f| folder_name(f, &f.name).to_owned()))
            .unwrap_or_else(|| wire.as_wire().to_owned())
    };

    let error_state = state.clone();
    view! {
        <div class="mail-view" data-testid="mail-view" data-pane=pane>
            <crate::composer::ComposerHost state=state.clone() />
            <crate::announce::Announcer state=state.clone() composer=composer />
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
            <FolderList state=state.clone() show_folders=show_folders />
            <MessageList state=state.clone() cursor=cursor />
            <crate::conversation_view::ReaderPane state=state.clone() />
            <div class="status-line" data-testid="status">
                {move || state.status.get()}
                {move || {
                    let n = state.queued.get();
                    (n > 0).then(|| view! { <span class="queued" data-testid="queued">{(t().changes_waiting)(n)}</span> })
                }}
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

/// The folder tree (see [`folder_tree`]); parents collapse and expand.
#[component]
fn FolderList(state: MailState, show_folders: RwSignal<bool>) -> impl IntoView {
    let folders = state.folders;
    let current = state.folder;
    let collapsed = RwSignal::new(HashSet::<MailboxName>::new());
    let entries = move || collapsed.with(|c| folders.with(|f| visible(&folder_tree(f), c)));
    view! {
        <nav class="folders" data-testid="folders" aria-label=t().folders>
            {move || folders.with(Vec::is_empty).then(|| view! { <p class="folders-empty">{t().no_folders}</p> })}
            <crate::all_inboxes::AllInboxesEntry />
            <For
                each=entries
                key=|e| (e.folder.mailbox.clone(), e.folder.unread, e.depth, e.has_children, e.folder.selectable)
                let:entry
            >
                {
                    let folder = entry.folder.clone();
                    let open = state.clone();
                    let wire = folder.mailbox.clone();
                    let wire_for_class = wire.clone();
                    let wire_for_twisty = wire.clone();
                    let icon_kind = folder_icon(&folder);
                    let twisty = entry.has_children.then(|| {
                        let is_collapsed = Signal::derive(move || collapsed.with(|c| c.contains(&wire_for_twisty)));
                        let toggle = wire.clone();
                        view! {
                            <button
                                class="twisty"
                                data-testid="folder-toggle"
                                aria-label=(t().toggle_folder)(&entry.label)
                                aria-expanded=move || (!is_collapsed.get()).to_string()
                                on:click=move |_| collapsed.update(|c| {
                                    if !c.remove(&toggle) {
                                        c.insert(toggle.clone());
                                    }
                                })
                            >
                                {move || if is_collapsed.get() { "▸" } else { "▾" }}
                            </button>
                        }
                        .into_any()
                    });
                    view! {
                        <div class="folder-item" data-depth=entry.depth style:padding-left=format!("{}rem", entry.depth)>
                            {twisty.unwrap_or_else(|| view! { <span class="twisty"></span> }.into_any())}
                            <button
                                class="folder"
                                class:active=move || current.get().as_ref() == Some(&wire_for_class)
                                data-folder=folder.mailbox.as_wire().to_owned()
                                title=folder_name(&folder, &folder.name).to_owned()
                                disabled=!folder.selectable
                                on:click=move |_| {
                                    show_folders.set(false);
                                    open.open_folder(wire.clone());
                                }
                            >
                                {icon(icon_kind)}
                                <span class="name">{folder_name(&folder, &entry.label).to_owned()}</span>
                                {folder.unread.filter(|n| *n > 0).map(|n| view! { <span class="unread">{n}</span> })}
                            </button>
                        </div>
                    }
                }
            </For>
        </nav>
    }
}

#[component]
fn MessageList(state: MailState, cursor: crate::keyboard::Cursor) -> impl IntoView {
    let scroll = Scroll::default();
    let uids = state.uids;
    let search = state.search;
    let query = RwSignal::new(String::new());
    let field = RwSignal::new("text".to_string());

    // How many rows the list has: the folder's messages, or the search hits, or the conversations.
    let conversations = state.threads.on;
    let conversation_list = state.threads.list;
    let conversation_state = StoredValue::new_local(state.clone());
    let count = move || {
        search.with(|s| s.as_ref().map(|v| v.len() as u32)).unwrap_or_else(|| {
            if conversations.get() {
                conversation_list.with(|c| c.len() as u32)
            } else {
                uids.with(|u| u.len() as u32)
            }
        })
    };
    // Fetch what is visible (position 0 is the first in the list's order).
    let fetcher = state.clone();
    Effect::new(move |_| {
        if search.with(|s| s.is_some()) {
            return;
        }
        let range = scroll.visible(count());
        fetcher.order.track();
        if !range.is_empty() {
            fetcher.ensure_rows(range);
        }
    });

    // The search runs as an action: the form is busy (aria-busy) until its results are shown.
    let searcher = state.search_action();
    let searching = searcher.pending();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        searcher.dispatch_local(Query { field: field.get_untracked(), text: query.get_untracked() });
    };
    let toolbar = state.clone();
    let targets = move |s: &MailState| -> Vec<u32> {
        let selected: Vec<u32> = s.selected.get_untracked().into_iter().collect();
        if selected.is_empty() {
            s.open.get_untracked().map(|(uid, _, _)| vec![uid]).unwrap_or_default()
        } else {
            selected
        }
    };
    let (t1, t2, t3, t4, t5, t6) = (
        toolbar.clone(),
        toolbar.clone(),
        toolbar.clone(),
        toolbar.clone(),
        toolbar.clone(),
        toolbar.clone(),
    );
    let move_target = RwSignal::new(String::new());
    let folders_for_move = state.folders;

    let rows_state = state.clone();
    let sort_state = state.clone();
    // What the list says when it shows no rows: no folder open, a search without hits, or a
    // folder with no messages (once nothing is loading: the status line is empty then).
    let (folder_open, status) = (state.folder, state.status);
    let empty_state = move || {
        if folder_open.with(Option::is_none) && search.with(Option::is_none) {
            return Some(view! {
                <EmptyState kind="no-folder" picture=Icon::Folder title=t().no_folder_open hint=t().no_folder_open_hint />
            }
            .into_any());
        }
        if count() > 0 {
            return None;
        }
        if search.with(Option::is_some) {
            return Some(view! {
                <EmptyState kind="no-results" picture=Icon::Search title=t().no_search_results hint=t().no_search_results_hint />
            }
            .into_any());
        }
        status.with(String::is_empty).then(|| {
            view! { <EmptyState kind="empty-folder" picture=Icon::Inbox title=t().folder_empty hint=t().folder_empty_hint /> }
                .into_any()
        })
    };
    let actions_open = RwSignal::new(false);
    view! {
        <section class="message-list">
            <form class="search" on:submit=on_search aria-busy=move || searching.get().to_string()>
                <select aria-label=t().search_in on:change=move |ev| field.set(event_target_value(&ev))>
                    <option value="text">{t().search_all}</option>
                    <option value="from">{t().from}</option>
                    <option value="to">{t().to}</option>
                    <option value="subject">{t().subject}</option>
                    <option value="body">{t().body}</option>
                </select>
                <input
                    type="search"
                    placeholder=t().search_placeholder
                    aria-label=t().search_placeholder
                    data-testid="search"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button type="submit" class="icon-button" data-testid="search-button" title=t().search aria-label=t().search>
                    {icon(Icon::Search)}
                </button>
                <button type="button" class="icon-button" data-testid="refresh" title=t().refresh aria-label=t().refresh on:click=move |_| t6.poll()>
                    {icon(Icon::Refresh)}
                </button>
                // On a phone the actions fold away behind this button (see the stylesheet).
                <button
                    type="button"
                    class="actions-toggle"
                    data-testid="actions-toggle"
                    aria-controls="message-actions"
                    aria-expanded=move || actions_open.get().to_string()
                    on:click=move |_| actions_open.update(|o| *o = !*o)
                >
                    {t().message_actions}
                </button>
            </form>
            <div class="toolbar" id="message-actions" class:open=move || actions_open.get()>
                <crate::mail_state::SortControl state=sort_state />
                <crate::conversation_view::ConversationSwitch state=state.clone() />
                <span class="tool-group">
                    <button class="icon-button" title=t().mark_read aria-label=t().mark_read on:click=move |_| t1.set_flag(targets(&t1), Flag::Seen, true)>{icon(Icon::Read)}</button>
                    <button class="icon-button" title=t().mark_unread aria-label=t().mark_unread data-testid="mark-unread" on:click=move |_| t2.set_flag(targets(&t2), Flag::Seen, false)>{icon(Icon::Unread)}</button>
                    <button class="icon-button" title=t().flag_title aria-label=t().flag_title data-testid="flag" on:click=move |_| t3.set_flag(targets(&t3), Flag::Flagged, true)>{icon(Icon::Flag)}</button>
                    <button class="icon-button danger" title=t().delete_title aria-label=t().delete_title data-testid="delete" on:click=move |_| t4.delete(targets(&t4))>{icon(Icon::Delete)}</button>
                </span>
                <span class="tool-group">
                <select data-testid="move-target" aria-label=t().move_to on:change=move |ev| move_target.set(event_target_value(&ev))>
                    <option value="">{t().move_to}</option>
                    <For each=move || folders_for_move.get() key=|f| f.mailbox.clone() let:f>
                        <option value=f.mailbox.as_wire().to_owned()>{folder_name(&f, &f.name).to_owned()}</option>
                    </For>
                </select>
                <button class="icon-button" data-testid="move" title=t().move_ aria-label=t().move_ on:click=move |_| {
                    let to = move_target.get_untracked();
                    if !to.is_empty() {
                        // The option's value is the wire name of a listed folder.
                        t5.move_to(targets(&t5), MailboxName::from_wire(to));
                    }
                }>{icon(Icon::Move)}</button>
                </span>
            </div>
            <VirtualGrid scroll=scroll label=t().messages count=Signal::derive(count) row=move |index: u32| {
                let s = rows_state.clone();
                let row = move || {
                    match s.search.with(|found| found.as_ref().and_then(|v| v.get(index as usize).copied())) {
                        Some(uid) => s.row_by_uid(uid),
                        None => {
                            let uid = s.order.with(|o| o.get(index as usize).copied())?;
                            s.row_by_uid(uid)
                        }
                    }
                };
                let open = rows_state.clone();
                let select = rows_state.clone();
                let selected_state = rows_state.clone();
                // One tab stop in the grid: the cursor's row, or the first.
                let tab_stop = move || if cursor.get().unwrap_or(0) == index { "0" } else { "-1" };
                view! {
                    {move || if conversations.get() && search.with(Option::is_none) {
                        view! { <crate::conversation_view::ConversationRow state=conversation_state.get_value() index=index cursor=cursor /> }.into_any()
                    } else { match row() {
                        None => view! { <div class="row loading" role="row" aria-rowindex=index + 1 tabindex=tab_stop><span role="gridcell">"…"</span></div> }.into_any(),
                        Some(r) => {
                            if cursor.get_untracked() == Some(index) {
                                crate::keyboard::keep_focus(index);
                            }
                            let uid = r.uid;
                            let o = open.clone();
                            let sel = select.clone();
                            let checked = selected_state.selected.with(|s| s.contains(&uid));
                            let size = r.size;
                            let previews = selected_state.clone();
                            // The server's PREVIEW (RFC 8970) where it sent one, else the body on the device.
                            let server = r.preview.clone();
                            let preview = Signal::derive(move || server.clone().or_else(|| previews.preview(uid, size)));
                            view! {
                                <MessageRow
                                    row=r
                                    index=index
                                    checked=checked
                                    preview=preview
                                    tab_stop=Signal::derive(tab_stop)
                                    on_open=Callback::new(move |uid| o.open_message(uid))
                                    on_toggle=Callback::new(move |uid| sel.selected.update(|s| {
                                        if !s.remove(&uid) {
                                            s.insert(uid);
                                        }
                                    }))
                                    on_focus=Callback::new(move |_| cursor.set(Some(index)))
                                />
                            }
                                .into_any()
                        }
                    } }}
                }
            } />
            {move || empty_state()}
        </section>
    }
}
