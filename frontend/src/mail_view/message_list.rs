//! The message list of one account: the search, the actions on the ticked (or open) messages,
//! and the virtualised grid of its rows, conversations or search hits.

use leptos::prelude::*;
use posthorn_proto::imap::{Flag, MailboxName};

use super::folder_name;
use super::{ActionsToggle, SearchField};
use crate::empty_state::EmptyState;
use crate::grid::{Scroll, VirtualGrid};
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{MailState, Query};
use crate::message_row::MessageRow;

/// The list with its search and actions.
#[component]
pub(super) fn MessageList(state: MailState, cursor: crate::keyboard::Cursor) -> impl IntoView {
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
                <SearchField query=query label=t().search_placeholder />
                <button type="submit" class="icon-button" data-testid="search-button" title=t().search aria-label=t().search>
                    {icon(Icon::Search)}
                </button>
                <button type="button" class="icon-button" data-testid="refresh" title=t().refresh aria-label=t().refresh on:click=move |_| t6.poll()>
                    {icon(Icon::Refresh)}
                </button>
                <ActionsToggle open=actions_open />
            </form>
            <div class="toolbar" id="message-actions" class:open=move || actions_open.get()>
                <crate::mail_state::SortControl sort=sort_state.sort choose=Callback::new(move |order| sort_state.set_sort(order)) />
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
                    match s.found.with(|found| found.as_ref().and_then(|v| v.get(index as usize).copied())) {
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
                                    on_toggle=Callback::new(move |uid| sel.toggle_selected(uid))
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
