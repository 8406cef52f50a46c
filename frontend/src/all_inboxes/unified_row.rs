//! One row of All inboxes.

use leptos::prelude::*;

use super::Member;
use super::merge::Entry;
use crate::grid::SelectCell;
use crate::i18n::t;

/// One row: its account (colour and name), marks, sender, subject, date and size.
#[component]
pub(super) fn UnifiedRow(
    member: Member,
    entry: Entry,
    row: crate::mail_state::Row,
    index: u32,
    members: Vec<Member>,
    open_account: RwSignal<Option<usize>>,
) -> impl IntoView {
    let uid = row.uid;
    // POP3 rows cannot be ticked: no action applies to them (see all_inboxes.rs).
    let imap = member.imap().cloned();
    // Tracked: a tick made elsewhere (the box above the list, a range, another account's row)
    // shows without drawing the row again.
    let selected = imap.as_ref().map(|state| state.list.selected);
    let checked = Signal::derive(move || selected.is_some_and(|s| s.with(|s| s.contains(&uid))));
    let open = move |_| super::keys::open_entry(&members, open_account, entry);
    view! {
        <div
            class="row"
            class:unread=!row.seen
            class:flagged=row.flagged
            data-uid=uid
            data-account=member.email()
            data-testid="message-row"
            role="row"
            aria-rowindex=index + 1
            aria-selected=move || checked.get().to_string()
            tabindex=if index == 0 { "0" } else { "-1" }
            on:click=open
        >
            {match imap {
                Some(_) => {
                    let ticks = expect_context::<super::ticks::Ticks>();
                    view! {
                        <SelectCell checked=checked label=t().select_message on_toggle=Callback::new(move |range| ticks.tick_row(index as usize, range)) />
                    }
                    .into_any()
                }
                None => view! { <span class="select" role="gridcell"></span> }.into_any(),
            }}
            <span class="account" role="gridcell" data-testid="row-account" title=member.email()
                style:border-left-color=member.colour>
                <span class="account-name">{member.name.clone()}</span>
            </span>
            <span class="marks" role="gridcell">
                {row.flagged.then(|| view! { <span role="img" title=t().flagged aria-label=t().flagged>"★"</span> })}
                {row.answered.then(|| view! { <span role="img" title=t().answered aria-label=t().answered>"↩"</span> })}
                {row.attachment.then(|| view! { <span role="img" title=t().has_attachment aria-label=t().has_attachment>"⊕"</span> })}
                {crate::message_row::tags(row.tags, &row.keywords)}
            </span>
            <span class="from" role="gridcell" class:placeholder=row.from.is_empty()>
                {if row.from.is_empty() { t().no_sender.to_owned() } else { row.from.clone() }}
            </span>
            <span class="subject" role="gridcell" dir="auto" class:placeholder=row.subject.trim().is_empty()>
                {if row.subject.trim().is_empty() { t().no_subject.to_owned() } else { row.subject.clone() }}
            </span>
            <span class="date" role="gridcell" title=row.timestamp.map(crate::format::full_date).unwrap_or_else(|| row.date.clone())>
                {row.timestamp.map_or_else(|| row.date.clone(), |t| crate::format::list_date(t, js_sys::Date::now()))}
            </span>
            <span class="size" role="gridcell">{crate::format::size(u64::from(row.size))}</span>
        </div>
    }
}
