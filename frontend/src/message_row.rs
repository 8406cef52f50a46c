//! One row of a message list, in two lines: the sender and the date; the subject and a preview
//! of the text. Unread rows are bold; flagged, answered and attachment marks are icons with
//! names. The row is a WAI-ARIA grid row (its cells are `gridcell`s) and knows nothing of the
//! list around it: whoever shows it passes the row, its place and what to do on a click, so any
//! list (a folder, search results, a conversation) can show the same rows.

use leptos::prelude::*;

use crate::grid::SelectCell;
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::Row;

/// A mark beside the date: an icon named for screen readers and for the pointer (`title`).
/// A priority's place in [`posthorn_proto::message::priority::Priority::ALL`] (and in the texts
/// that name the levels).
pub(crate) fn priority_index(priority: posthorn_proto::message::priority::Priority) -> usize {
    posthorn_proto::message::priority::Priority::ALL.iter().position(|p| *p == priority).unwrap_or(2)
}

/// The mark of a priority other than normal: an exclamation mark for a high one, an arrow down
/// for a low one, as Thunderbird's priority column shows them.
fn priority_mark(priority: posthorn_proto::message::priority::Priority) -> Option<impl IntoView + use<>> {
    let (kind, class) = if priority.is_high() {
        (Icon::HighPriority, "mark priority-high")
    } else if priority.is_low() {
        (Icon::LowPriority, "mark priority-low")
    } else {
        return None;
    };
    let name = t().priority_marks[priority_index(priority)];
    Some(
        view! { <span class=class role="img" title=name aria-label=name data-testid="priority-mark">{icon(kind)}</span> },
    )
}

pub(crate) fn mark(kind: Icon, name: &'static str) -> impl IntoView {
    view! { <span class="mark" role="img" title=name aria-label=name>{icon(kind)}</span> }
}

/// One message in a list.
/// A mark for each of `set`'s tags, with its name (mail_state/tags.rs), then one for each of
/// `keywords` (tags named in another client).
pub fn tags(set: u8, keywords: &[String]) -> impl IntoView + use<> {
    let five = crate::mail_state::tags::listed(set)
        .map(|n| {
            let name = t().tag_names[usize::from(n - 1)];
            view! { <span class=format!("tag tag-{n}") data-testid="tag">{name}</span> }
        })
        .collect_view();
    let named = keywords
        .iter()
        .map(|k| view! { <span class="tag tag-named" data-testid="tag" data-keyword=k.clone()>{k.clone()}</span> })
        .collect_view();
    (five, named)
}

#[component]
pub fn MessageRow(
    /// The message.
    row: Row,
    /// Its place in the list, 0 first (`aria-rowindex` counts from 1).
    index: u32,
    /// Ticked for actions on several messages.
    checked: bool,
    /// The first words of its text, where known. A signal, so that a preview arriving later
    /// changes only its own text and the row (and the focus in it) stays.
    #[prop(into)]
    preview: Signal<Option<String>>,
    /// `tabindex`: "0" for the one row of the grid in the tab order, else "-1".
    #[prop(into)]
    tab_stop: Signal<&'static str>,
    /// The row was clicked: open the message.
    on_open: Callback<u32>,
    /// The box was ticked or cleared; true with Shift held (a range of rows).
    on_toggle: Callback<bool>,
    /// The row got the focus.
    on_focus: Callback<u32>,
    /// Whether the row can be ticked (a POP3 inbox has no actions on several messages).
    #[prop(default = true)]
    selectable: bool,
    /// For a POP3 message: whether the server still has it (`data-on-server`).
    #[prop(optional)]
    on_server: Option<bool>,
    /// Whether to name the recipients in the sender's place ("To: Bob, Carol"), as the Sent and
    /// Drafts folders' lists do, where every sender is oneself.
    #[prop(optional)]
    recipients: bool,
    /// Where rows can be dragged onto a folder: starts the row's drag (mail_view/drag.rs).
    #[prop(optional_no_strip)]
    on_drag: Option<Callback<web_sys::DragEvent>>,
) -> impl IntoView {
    let uid = row.uid;
    // The sender, or the recipients; rows cached before the recipients were kept show the
    // sender still.
    let (name, no_name) = match (recipients, row.to.as_deref()) {
        (true, Some("")) => (t().no_recipient.to_owned(), true),
        (true, Some(to)) => (format!("{}: {to}", t().to), false),
        _ if row.from.is_empty() => (t().no_sender.to_owned(), true),
        _ => (row.from.clone(), false),
    };
    let no_subject = row.subject.trim().is_empty();
    let date_title = row.timestamp.map(crate::format::full_date).unwrap_or_else(|| row.date.clone());
    let date =
        row.timestamp.map_or_else(|| row.date.clone(), |t| crate::format::list_date(t, js_sys::Date::now()));
    // POP3 has no arrival time to stand in for a missing Date (RFC 1939): say so, not a blank.
    let no_date = date.trim().is_empty();
    view! {
        <div
            class="row"
            class:unread=!row.seen
            class:flagged=row.flagged
            data-uid=uid
            data-on-server=on_server.map(|on| on.to_string())
            data-testid="message-row"
            role="row"
            aria-rowindex=index + 1
            aria-selected=checked.to_string()
            tabindex=move || tab_stop.get()
            on:focus=move |_| on_focus.run(uid)
            on:click=move |_| on_open.run(uid)
            draggable=on_drag.map(|_| "true")
            on:dragstart=move |ev| {
                if let Some(drag) = on_drag {
                    drag.run(ev);
                }
            }
        >
            {if selectable {
                view! { <SelectCell checked=checked label=t().select_message on_toggle=on_toggle /> }.into_any()
            } else {
                view! { <span class="select" role="gridcell"></span> }.into_any()
            }}
            <span class="from" role="gridcell" class:placeholder=no_name>
                {name}
            </span>
            <span class="marks" role="gridcell">
                {row.flagged.then(|| mark(Icon::Flag, t().flagged))}
                {priority_mark(row.priority)}
                {row.answered.then(|| mark(Icon::Reply, t().answered))}
                {row.forwarded.then(|| mark(Icon::Forward, t().forwarded))}
                {row.attachment.then(|| mark(Icon::Attachment, t().has_attachment))}
            </span>
            <span class="date" role="gridcell" class:placeholder=no_date title=date_title>
                {if no_date { t().no_date.to_owned() } else { date }}
            </span>
            <span class="line2" role="none">
                <span class="tags" role="gridcell">{tags(row.tags, &row.keywords)}</span>
                <span class="subject" role="gridcell" dir="auto" class:placeholder=no_subject>
                    {if no_subject { t().no_subject.to_owned() } else { row.subject.clone() }}
                </span>
                {move || preview.get().map(|p| view! { <span class="preview" role="gridcell" dir="auto">{p}</span> })}
            </span>
        </div>
    }
}
