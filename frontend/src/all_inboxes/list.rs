//! The unified list: a search over every account's cached rows (and a choice of all, unread or
//! flagged ones), the actions, and every account's
//! INBOX rows in one virtualised list, each row marked with its account. An action on rows goes to each row's own account
//! ([`MailState::set_flag`], [`MailState::move_to`], [`MailState::delete`]), which does it on that
//! account's server (or queues it there while offline).

use std::collections::HashMap;

use leptos::prelude::*;
use posthorn_proto::imap::search_query;
use posthorn_proto::imap::{Flag, MailboxName};

use super::keys::targets;
use super::merge::merge;
use super::unified_row::UnifiedRow;
use super::{Inbox, Member};
use crate::grid::{Scroll, VirtualGrid};
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{Filter, MailState, Row};
use crate::mail_view::FilterSelect;

/// Where the unified list's order is kept: a list-order record of a name no account can have
/// (account ids are email addresses, with an `@`), with the unified list as its one entry.
const ORDER_OWNER: &str = ".all_inboxes";
const ORDER_LIST: &str = "all";

/// A POP3 inbox's local ids and rows ([`crate::pop3_view::Pop3State::rows`]).
type Pop3Rows = (Vec<u32>, HashMap<u32, Row>);

/// The list with its actions.
#[component]
pub fn UnifiedList(
    members: Vec<Member>,
    open_account: RwSignal<Option<usize>>,
    composers: Vec<crate::composer::Composer>,
) -> impl IntoView {
    // Kept across visits, under a record of its own (frontend/src/kept_order.rs).
    let sort = crate::kept_order::signal(ORDER_OWNER.into(), ORDER_LIST.into());
    // Local search over every account's cached rows (sender and subject), as typed, of the
    // messages chosen beside it (all, unread, flagged).
    let query = RwSignal::new(String::new());
    let filter = RwSignal::new(Filter::All);
    let scroll = Scroll::default();
    let merging = members.clone();
    // Only an account whose open folder is INBOX counts: while one starts, its state may still
    // hold another folder's rows.
    let merged = Memo::new(move |_| {
        let sort = sort.get();
        // A POP3 inbox's rows are made from its kept messages; an IMAP inbox's are read in place.
        let pop3: Vec<Option<Pop3Rows>> = merging
            .iter()
            .map(|m| match &m.inbox {
                Inbox::Pop3(state) => Some(state.rows()),
                Inbox::Imap(_) => None,
            })
            .collect();
        let imap: Vec<_> = merging
            .iter()
            .map(|m| {
                m.imap().map(|state| {
                    let inbox = state.folders.open.with(|f| f.as_ref().is_some_and(MailboxName::is_inbox));
                    (inbox, state.list.uids.read(), state.list.rows.read())
                })
            })
            .collect();
        let empty = Default::default();
        let parts: Vec<(&[u32], &HashMap<u32, Row>)> = pop3
            .iter()
            .zip(&imap)
            .map(|(pop3, imap)| match (pop3, imap) {
                (Some((ids, rows)), _) => (&ids[..], rows),
                (None, Some((true, uids, rows))) => (&uids[..], &**rows),
                _ => (&[][..], &empty),
            })
            .collect();
        let merged = merge(sort, &parts);
        // The operators of a folder's search (`from:`, `after:`, `is:unread` …) as well, decided
        // on the device; while one is half typed (`after:2026-1`) the text is words.
        let searched = query.with(|q| {
            search_query::parse(q.trim())
                .unwrap_or_else(|_| search_query::Query { criteria: Vec::new(), words: q.trim().to_owned() })
        });
        let needle = searched.words.to_lowercase();
        let filter = filter.get();
        if searched.is_empty() && filter == Filter::All {
            return merged;
        }
        let has = |text: &str| text.to_lowercase().contains(&needle);
        let holds = |r: &Row| searched.criteria.iter().all(|c| c.holds(&r.facts(None)) == Some(true));
        merged
            .into_iter()
            .filter(|e| {
                parts
                    .get(e.account)
                    .and_then(|(_, rows)| rows.get(&e.uid))
                    .is_some_and(|r| filter.passes(r) && (has(&r.from) || has(&r.subject)) && holds(r))
            })
            .collect()
    });
    let count = move || merged.with(|m| m.len() as u32);
    // Rows not cached yet are fetched by their accounts: the first `end` of the unified list
    // are among the first `end` of each account's own list.
    let fetching = members.clone();
    Effect::new(move |_| {
        let end = scroll.visible(count()).end;
        for state in fetching.iter().filter_map(Member::imap) {
            state.list.order.track();
            if end > 0 && state.folders.open.with(|f| f.as_ref().is_some_and(MailboxName::is_inbox)) {
                state.ensure_rows(0..end);
            }
        }
    });

    let acting = StoredValue::new(members.clone());
    let each = move |act: fn(&MailState, Vec<u32>)| {
        acting.with_value(|members| {
            for (state, uids) in targets(members, open_account.get_untracked()) {
                act(&state, uids);
            }
        })
    };
    // The Tag menu acts as the keys do (keys.rs `targets`), one choice over every account.
    let tag_targets =
        Callback::new(move |()| acting.with_value(|m| targets(m, open_account.get_untracked())));
    let tag_track = Callback::new(move |()| {
        open_account.track();
        acting.with_value(|members| {
            for state in members.iter().filter_map(Member::imap) {
                state.list.selected.track();
                state.reader.message.track();
            }
        })
    });
    let move_target = RwSignal::new(String::new());
    let moving = members.clone();
    let on_move = move |_| {
        // The option's value is the account's index, a colon, and a listed folder's wire name.
        let value = move_target.get_untracked();
        let Some((index, wire)) = value.split_once(':') else { return };
        let Some(member) = index.parse::<usize>().ok().and_then(|i| moving.get(i)) else { return };
        for (state, uids) in targets(&moving, open_account.get_untracked()) {
            if state.account.email == member.email() {
                state.move_to(uids, MailboxName::from_wire(wire));
            }
        }
    };
    let move_groups = members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i, m, m.imap()?)))
        .map(|(i, m, state)| {
            let folders = state.folders;
            view! {
                <optgroup label=m.name.clone()>
                    <For each=move || folders.all.get() key=|f| f.mailbox.clone() let:f>
                        <option value=format!("{i}:{}", f.mailbox.as_wire())>
                            {crate::mail_view::folder_name(&f, &f.name).to_owned()}
                        </option>
                    </For>
                </optgroup>
            }
        })
        .collect_view();
    let rows_members = members.clone();
    let (help, cursor) = (NodeRef::new(), RwSignal::new(None));
    let actions_open = RwSignal::new(false);
    let ticks = super::ticks::Ticks::new(members.clone(), merged);
    provide_context(ticks.clone());
    super::keys::install(members.clone(), composers, merged, open_account, help, cursor, ticks.clone());
    let all_ticks = ticks.clone();

    view! {
        <section class="message-list">
            <crate::keyboard::ShortcutsDialog node=help cursor=cursor />
            <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
                <crate::mail_view::SearchField query=query label=t().search_on_device placeholder=t().search_inboxes />
                <FilterSelect value=filter choose=Callback::new(move |f| filter.set(f)) place="in-search" />
                <crate::mail_view::ActionsToggle open=actions_open />
            </form>
            // The same tools as a folder's list (mail_view/message_list.rs): icons with names.
            <div class="toolbar" id="message-actions" class:open=move || actions_open.get()>
                <crate::mail_view::TickAll ticked=Memo::new(move |_| ticks.ticked()) on_click=Callback::new(move |()| all_ticks.tick_all()) />
                <crate::mail_state::SortControl sort=sort choose=Callback::new(move |order| crate::kept_order::choose(sort, ORDER_OWNER.into(), ORDER_LIST.into(), order)) />
                <FilterSelect value=filter choose=Callback::new(move |f| filter.set(f)) place="in-toolbar" />
                <span class="tool-group">
                    <button class="icon-button" title=t().mark_read aria-label=t().mark_read on:click=move |_| each(|s, u| s.set_flag(u, Flag::Seen, true))>{icon(Icon::Read)}</button>
                    <button class="icon-button" title=t().mark_unread aria-label=t().mark_unread data-testid="mark-unread" on:click=move |_| each(|s, u| s.set_flag(u, Flag::Seen, false))>{icon(Icon::Unread)}</button>
                    <button class="icon-button" title=t().flag_title aria-label=t().flag_title data-testid="flag" on:click=move |_| each(|s, u| s.set_flag(u, Flag::Flagged, true))>{icon(Icon::Flag)}</button>
                    <button class="icon-button" title=t().archive_title aria-label=t().archive_title data-testid="archive" on:click=move |_| each(|s, u| s.archive(u))>{icon(Icon::Archive)}</button>
                    <button class="icon-button" title=t().junk_title aria-label=t().junk_title data-testid="junk" on:click=move |_| each(|s, u| s.junk(u))>{icon(Icon::Junk)}</button>
                    <button class="icon-button danger" title=t().delete_title aria-label=t().delete_title data-testid="delete" on:click=move |_| each(|s, u| s.delete(u))>{icon(Icon::Delete)}</button>
                </span>
                <crate::mail_view::TagMenu targets=tag_targets track=tag_track />
                <span class="tool-group">
                    <select data-testid="move-target" aria-label=t().move_to on:change=move |ev| move_target.set(event_target_value(&ev))>
                        <option value="">{t().move_to}</option>
                        {move_groups}
                    </select>
                    <button class="icon-button" data-testid="move" title=t().move_ aria-label=t().move_ on:click=on_move>{icon(Icon::Move)}</button>
                </span>
            </div>
            <VirtualGrid scroll=scroll label=t().all_inboxes count=Signal::derive(count) row=move |index: u32| {
                let members = rows_members.clone();
                let entry = move || merged.with(|m| m.get(index as usize).copied());
                move || {
                    let shown = entry().and_then(|e| {
                        let m = members.get(e.account)?;
                        Some((m.clone(), e, m.row(e.uid)?))
                    });
                    match shown {
                        None => view! { <div class="row loading" role="row" aria-rowindex=index + 1><span role="gridcell">"…"</span></div> }.into_any(),
                        Some((m, e, row)) => view! { <UnifiedRow member=m entry=e row=row index=index members=members.clone() open_account=open_account /> }.into_any(),
                    }
                }
            } />
        </section>
    }
}
