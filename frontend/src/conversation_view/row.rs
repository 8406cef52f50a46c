//! A conversation's row in the message grid.

use leptos::prelude::*;

use crate::grid::SelectCell;
use crate::i18n::t;
use crate::icons::Icon;
use crate::keyboard::Cursor;
use crate::mail_state::{Conversation, MailState, Row};
use crate::message_row::mark;

/// The row at `index` of the grid in conversation view: one conversation (ARIA row `index + 1`
/// of the grid's `aria-rowcount`, which counts conversations). `draggable`: dragged onto a
/// folder, it moves as "Move all to…" moves it, the open folder's messages (mail_view/drag.rs).
#[component]
pub fn ConversationRow(index: u32, cursor: Cursor, draggable: bool) -> impl IntoView {
    let state = expect_context::<MailState>();
    let list = state.threads.list;
    let tab_stop = move || if cursor.get().unwrap_or(0) == index { "0" } else { "-1" };
    move || {
        let conversation: Option<Conversation> = list.with(|l| l.get(index as usize).cloned());
        let rows: Vec<Row> =
            conversation.iter().flat_map(|c| c.members.iter().filter_map(|m| state.member_row(m))).collect();
        let Some(conversation) = conversation.filter(|_| !rows.is_empty()) else {
            return view! {
                <div class="row loading" role="row" aria-rowindex=index + 1 tabindex=tab_stop>
                    <span role="gridcell">"…"</span>
                </div>
            }
            .into_any();
        };
        if cursor.get_untracked() == Some(index) {
            crate::keyboard::keep_focus(index);
        }
        let s = summary(&rows);
        let here: Vec<u32> = conversation.here().collect();
        let first_uid = here.first().copied().unwrap_or(0);
        let checked =
            state.list.selected.with(|sel| !here.is_empty() && here.iter().all(|u| sel.contains(u)));
        let count = conversation.members.len();
        let (opener, keyed, selector, dragger) = (state.clone(), state.clone(), state.clone(), state.clone());
        let (c1, c2) = (conversation.clone(), conversation);
        let dragged = here.clone();
        view! {
            <div
                class="row conversation"
                class:unread=s.unread
                class:flagged=s.flagged
                data-uid=first_uid
                data-count=count
                data-testid="message-row"
                role="row"
                aria-rowindex=index + 1
                aria-selected=checked.to_string()
                tabindex=tab_stop
                on:focus=move |_| cursor.set(Some(index))
                on:click=move |_| opener.open_conversation(&c1)
                draggable=draggable.then_some("true")
                on:dragstart=move |ev| crate::mail_view::drag::start(&ev, &dragger, &dragged)
                on:keydown=move |ev| {
                    // The row's own Enter: the window's shortcut would open a single message.
                    // (Leptos handles events at the document: the target tells where it was.)
                    let on_row = ev
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .is_some_and(|e| e.get_attribute("data-testid").as_deref() == Some("message-row"));
                    if ev.key() == "Enter" && !ev.ctrl_key() && on_row {
                        ev.prevent_default();
                        ev.stop_propagation();
                        keyed.open_conversation(&c2);
                    }
                }
            >
                <SelectCell checked=checked label=t().select_conversation on_toggle=Callback::new(move |range| selector.tick_row(index as usize, range)) />
                <span class="from" role="gridcell" class:placeholder=s.participants.is_empty()>
                    {if s.participants.is_empty() { t().no_sender.to_owned() } else { s.participants.clone() }}
                </span>
                <span class="marks" role="gridcell">
                    {s.flagged.then(|| mark(Icon::Flag, t().flagged))}
                    {s.answered.then(|| mark(Icon::Reply, t().answered))}
                    {s.attachment.then(|| mark(Icon::Attachment, t().has_attachment))}
                </span>
                <span class="date" role="gridcell" title=s.latest.map(crate::format::full_date).unwrap_or_default()>
                    {s.latest.map(|t| crate::format::list_date(t, js_sys::Date::now())).unwrap_or_default()}
                </span>
                <span class="line2" role="none">
                    <span class="tags" role="gridcell">{crate::message_row::tags(s.tags, &s.keywords)}</span>
                    <span class="subject" role="gridcell" dir="auto" class:placeholder=s.subject.is_empty()>
                        {if s.subject.is_empty() { t().no_subject.to_owned() } else { s.subject.clone() }}
                    </span>
                    {(count > 1).then(|| view! {
                        <span class="count" role="gridcell" data-testid="conversation-count">
                            {(t().conversation_count)(count)}
                        </span>
                    })}
                </span>
            </div>
        }
        .into_any()
    }
}

/// What a conversation's row shows, from its messages' rows.
struct Summary {
    participants: String,
    subject: String,
    latest: Option<i64>,
    unread: bool,
    flagged: bool,
    answered: bool,
    attachment: bool,
    /// Every tag any of its messages has.
    tags: u8,
    /// Every keyword named in another client any of its messages has, once.
    keywords: Vec<String>,
}

fn summary(rows: &[Row]) -> Summary {
    let mut names: Vec<&str> = Vec::new();
    for r in rows {
        if !r.from.is_empty() && !names.contains(&r.from.as_str()) {
            names.push(&r.from);
        }
    }
    let mut participants = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        participants.push_str(", …");
    }
    Summary {
        participants,
        subject: rows.iter().map(|r| r.subject.trim()).find(|s| !s.is_empty()).unwrap_or_default().to_owned(),
        latest: rows.iter().filter_map(|r| r.timestamp).max(),
        unread: rows.iter().any(|r| !r.seen),
        flagged: rows.iter().any(|r| r.flagged),
        answered: rows.iter().any(|r| r.answered),
        attachment: rows.iter().any(|r| r.attachment),
        tags: rows.iter().fold(0, |set, r| set | r.tags),
        keywords: rows.iter().flat_map(|r| &r.keywords).fold(Vec::new(), |mut all, k| {
            if !all.contains(k) {
                all.push(k.clone());
            }
            all
        }),
    }
}
