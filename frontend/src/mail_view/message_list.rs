//! The message list of one account: the search, the actions on the ticked (or open) messages,
//! and the virtualised grid of its rows, conversations or search hits.

use leptos::prelude::*;
use posthorn_proto::imap::{Flag, MailboxName, SpecialUse};

use super::folder_name;
use super::{ActionsToggle, FilterSelect, SearchField};
use crate::empty_state::EmptyState;
use crate::grid::{Scroll, VirtualGrid};
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{
    Conversations, Filter, FolderStore, ListStore, MailState, MessageChange, Query, ReaderStore, SearchStore,
    Ticked,
};
use crate::message_row::MessageRow;

/// The box above a list that ticks every row it shows, or clears them where all are ticked
/// (mail_state/selection.rs; All inboxes' in all_inboxes/ticks.rs): checked where all are,
/// mixed where some are. How many are ticked, the status line says ([`TickedCount`]).
#[component]
pub(crate) fn TickAll(#[prop(into)] ticked: Signal<Ticked>, on_click: Callback<()>) -> impl IntoView {
    view! {
        <label class="tick-all" title=t().select_all>
            <input
                type="checkbox"
                data-testid="select-all"
                aria-label=t().select_all
                prop:checked=move || matches!(ticked.get(), Ticked::All(_))
                prop:indeterminate=move || matches!(ticked.get(), Ticked::Some(_))
                on:click=move |_| on_click.run(())
            />
        </label>
    }
}

/// How many messages are ticked, in the status line (as Thunderbird's says), which a screen
/// reader hears as it changes; nothing while none is.
#[component]
pub(crate) fn TickedCount(#[prop(into)] count: Signal<usize>) -> impl IntoView {
    view! {
        <span class="ticked" data-testid="ticked-count" aria-live="polite">
            {move || (count.get() > 0).then(|| (t().ticked_count)(count.get()))}
        </span>
    }
}

/// The list with its search and actions.
#[component]
pub(super) fn MessageList(cursor: crate::keyboard::Cursor) -> impl IntoView {
    let state = expect_context::<MailState>();
    let (folders, list, search) =
        (expect_context::<FolderStore>(), expect_context::<ListStore>(), expect_context::<SearchStore>());
    let threads = expect_context::<Conversations>();
    let scroll = Scroll::default();
    let uids = list.uids;
    let query = RwSignal::new(String::new());
    let field = RwSignal::new("text".to_string());

    // How many rows the list has: the folder's messages, or the search hits, or the conversations.
    let conversations = threads.on;
    let conversation_list = threads.list;
    let count = move || {
        search.hits.with(|s| s.as_ref().map(|v| v.len() as u32)).unwrap_or_else(|| {
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
        let range = scroll.visible(count());
        list.order.track();
        search.found.track();
        if !range.is_empty() {
            fetcher.ensure_rows(range);
        }
    });

    // The search runs as an action: the form is busy (aria-busy) until its results are shown.
    let searcher = state.search_action();
    let searching = searcher.pending();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        searcher.dispatch_local(Query {
            field: field.get_untracked(),
            text: query.get_untracked(),
            filter: search.filter.get_untracked(),
        });
    };
    // Which messages to show (all, unread, flagged): a search of its own, with the words typed.
    let choose_filter = Callback::new(move |filter| {
        searcher.dispatch_local(Query { field: field.get_untracked(), text: query.get_untracked(), filter });
    });
    // Flag, move and delete run as an action on the ticked messages (else the open one): the
    // toolbar is busy (aria-busy) until the server has the change or it waits offline.
    let changer = state.change_action();
    let changing = changer.pending();
    let reader = expect_context::<ReaderStore>();
    let change = move |change: MessageChange| {
        changer.dispatch_local((list.targets(reader), change));
    };
    let poller = state.clone();
    let archiver = state.clone();
    let junker = state.clone();
    let junk_state = state.clone();
    let junk_here = Memo::new(move |_| junk_state.in_role(SpecialUse::Junk));
    // In the Archive folder (RFC 6154 `\Archive`, or found by its name) Archive has nothing to do.
    let archive_state = state.clone();
    let in_archive = move || archive_state.in_role(SpecialUse::Archive);
    // In Sent and Drafts every sender is oneself: the rows name the recipients instead.
    let recipients = list.by_recipient;
    let move_target = RwSignal::new(String::new());
    // Moves (or `copy`: copies) what the toolbar acts on to the folder chosen in Move to…; a
    // copy into the open folder itself would only make doubles.
    let file = move |copy: bool| {
        let to = move_target.get_untracked();
        if to.is_empty() {
            return;
        }
        // The option's value is the wire name of a listed folder.
        let to = MailboxName::from_wire(to);
        if !copy {
            change(MessageChange::Move { to });
        } else if folders.open.with_untracked(|o| o.as_ref() != Some(&to)) {
            change(MessageChange::Copy { to });
        }
    };
    let folders_for_move = folders.all;

    let rows_state = state.clone();
    let sort_state = state.clone();
    let (ticker, all_ticker) = (state.clone(), state.clone());
    // What the list says when it shows no rows: no folder open, a search without hits, or a
    // folder with no messages (once nothing is loading: the status line is empty then).
    let (folder_open, status) = (folders.open, state.status);
    let empty_state = move || {
        if folder_open.with(Option::is_none) && search.hits.with(Option::is_none) {
            return Some(view! {
                <EmptyState kind="no-folder" picture=Icon::Folder title=t().no_folder_open hint=t().no_folder_open_hint />
            }
            .into_any());
        }
        if count() > 0 {
            return None;
        }
        if search.hits.with(Option::is_some) {
            let hint = if search.filter.get() == Filter::All {
                t().no_search_results_hint
            } else {
                t().no_filter_results_hint
            };
            return Some(view! {
                <EmptyState kind="no-results" picture=Icon::Search title=t().no_search_results hint=hint />
            }
            .into_any());
        }
        status.with(String::is_empty).then(|| {
            view! { <EmptyState kind="empty-folder" picture=Icon::Inbox title=t().folder_empty hint=t().folder_empty_hint /> }
                .into_any()
        })
    };
    let actions_open = RwSignal::new(false);
    // Rows are dragged onto folders with a mouse, not a finger (mail_view/drag.rs).
    let draggable = super::drag::rows_draggable();
    let dragger = state.clone();
    let drag_from =
        Callback::new(move |(ev, uid): (web_sys::DragEvent, u32)| super::drag::start(&ev, &dragger, &[uid]));
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
                <SearchField query=query label=t().search_placeholder placeholder=t().search hint=t().search_hint />
                <FilterSelect value=search.filter choose=choose_filter place="in-search" />
                <button type="submit" class="icon-button" data-testid="search-button" title=t().search aria-label=t().search>
                    {icon(Icon::Search)}
                </button>
                <button type="button" class="icon-button" data-testid="refresh" title=t().refresh aria-label=t().refresh on:click=move |_| poller.poll()>
                    {icon(Icon::Refresh)}
                </button>
                <ActionsToggle open=actions_open />
            </form>
            <div class="toolbar" id="message-actions" class:open=move || actions_open.get() aria-busy=move || changing.get().to_string()>
                <TickAll ticked=Memo::new(move |_| ticker.ticked()) on_click=Callback::new(move |()| all_ticker.tick_all()) />
                <crate::mail_state::SortControl sort=list.sort choose=Callback::new(move |order| sort_state.set_sort(order)) recipients=list.by_recipient />
                <crate::conversation_view::ConversationSwitch />
                <FilterSelect value=search.filter choose=choose_filter place="in-toolbar" />
                <span class="tool-group">
                    <button class="icon-button" title=t().mark_read aria-label=t().mark_read on:click=move |_| change(MessageChange::Flag { flag: Flag::Seen, on: true })>{icon(Icon::Read)}</button>
                    <button class="icon-button" title=t().mark_unread aria-label=t().mark_unread data-testid="mark-unread" on:click=move |_| change(MessageChange::Flag { flag: Flag::Seen, on: false })>{icon(Icon::Unread)}</button>
                    <button class="icon-button" title=t().flag_title aria-label=t().flag_title data-testid="flag" on:click=move |_| change(MessageChange::Flag { flag: Flag::Flagged, on: true })>{icon(Icon::Flag)}</button>
                    <super::tag_menu::FolderTagMenu />
                    <button class="icon-button" title=t().archive_title aria-label=t().archive_title data-testid="archive" disabled=in_archive on:click=move |_| match archiver.archive_folder() {
                        // An open conversation goes whole, unless messages are ticked.
                        _ if archiver.conversation_targeted() => archiver.archive_conversation(),
                        // In the Archive folder itself there is nothing to do.
                        Some(to) if folders.open.with_untracked(|o| o.as_ref() != Some(&to)) => change(MessageChange::Move { to }),
                        Some(_) => {}
                        // Made first.
                        None => archiver.archive(list.targets(reader)),
                    }>{icon(Icon::Archive)}</button>
                    // Junk, or in the Junk folder: not junk, back to INBOX.
                    <button class="icon-button" data-testid="junk"
                        title=move || if junk_here.get() { t().not_junk_title } else { t().junk_title }
                        aria-label=move || if junk_here.get() { t().not_junk_title } else { t().junk_title }
                        on:click=move |_| if junker.conversation_targeted() { junker.junk_conversation() } else { junker.junk(list.targets(reader)) }
                    >{move || icon(if junk_here.get() { Icon::Inbox } else { Icon::Junk })}</button>
                    <button class="icon-button danger" title=t().delete_title aria-label=t().delete_title data-testid="delete" on:click=move |_| change(MessageChange::Delete)>{icon(Icon::Delete)}</button>
                </span>
                <span class="tool-group">
                <select data-testid="move-target" aria-label=t().move_to on:change=move |ev| move_target.set(event_target_value(&ev))>
                    <option value="">{t().move_to}</option>
                    <For each=move || folders_for_move.get() key=|f| f.mailbox.clone() let:f>
                        <option value=f.mailbox.as_wire().to_owned()>{folder_name(&f, &f.name).to_owned()}</option>
                    </For>
                </select>
                // With Ctrl or Alt held (a Mac's Option key) it copies, as a drag does
                // (drag.rs): on a desktop the toolbar has no room for a button of its own; a touch
                // screen, with no Ctrl to hold, shows Copy beside it (main.css).
                <button class="icon-button" data-testid="move" title=t().move_title aria-label=t().move_
                    on:click=move |ev| file(super::drag::copies(&ev))>{icon(Icon::Move)}</button>
                <button class="icon-button copy" data-testid="copy" title=t().copy_title aria-label=t().copy_title
                    on:click=move |_| file(true)>{icon(Icon::Copy)}</button>
                </span>
            </div>
            <super::found_elsewhere::FoundElsewhere />
            <VirtualGrid scroll=scroll label=t().messages count=Signal::derive(count) row=move |index: u32| {
                let s = rows_state.clone();
                let row = move || {
                    match s.search.found.with(|found| found.as_ref().and_then(|v| v.get(index as usize).copied())) {
                        Some(uid) => s.row_by_uid(uid),
                        None => {
                            let uid = s.list.order.with(|o| o.get(index as usize).copied())?;
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
                    {move || if conversations.get() && search.hits.with(Option::is_none) {
                        view! { <crate::conversation_view::ConversationRow index=index cursor=cursor draggable=draggable /> }.into_any()
                    } else { match row() {
                        None => view! { <div class="row loading" role="row" aria-rowindex=index + 1 tabindex=tab_stop><span role="gridcell">"…"</span></div> }.into_any(),
                        Some(r) => {
                            if cursor.get_untracked() == Some(index) {
                                crate::keyboard::keep_focus(index);
                            }
                            let uid = r.uid;
                            let o = open.clone();
                            let sel = select.clone();
                            let checked = selected_state.list.selected.with(|s| s.contains(&uid));
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
                                    on_toggle=Callback::new(move |range| sel.tick_row(index as usize, range))
                                    on_focus=Callback::new(move |_| cursor.set(Some(index)))
                                    on_drag=draggable.then(|| Callback::new(move |ev| drag_from.run((ev, uid))))
                                    recipients=recipients.get()
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
