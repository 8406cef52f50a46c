//! The conversation view's parts: the list's switch, a conversation's row in the message grid,
//! and the reader for a conversation (every message oldest first, each labelled with its folder;
//! read ones as one line that a click, Enter or Space opens). The state is
//! `mail_state/conversations.rs`.

use leptos::prelude::*;
use posthorn_proto::imap::MailboxName;

use crate::grid::SelectCell;
use crate::i18n::t;
use crate::icons::Icon;
use crate::keyboard::Cursor;
use crate::mail_state::{Conversation, MailState, MemberAction, Row, Shown};
use crate::mail_view::folder_name;
use crate::message_row::mark;
use crate::reader::{MessageBody, Reader};

/// The list's switch between conversations and single messages (kept per folder).
#[component]
pub fn ConversationSwitch(state: MailState) -> impl IntoView {
    let on = state.threads.on;
    view! {
        <label class="conversations-switch">
            <input
                type="checkbox"
                name="conversations"
                data-testid="conversations"
                prop:checked=move || on.get()
                on:change=move |ev| state.choose_conversations(event_target_checked(&ev))
            />
            {t().conversations}
        </label>
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
    }
}

/// The row at `index` of the grid in conversation view: one conversation (ARIA row `index + 1`
/// of the grid's `aria-rowcount`, which counts conversations).
#[component]
pub fn ConversationRow(state: MailState, index: u32, cursor: Cursor) -> impl IntoView {
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
        let checked = state.selected.with(|sel| !here.is_empty() && here.iter().all(|u| sel.contains(u)));
        let count = conversation.members.len();
        let (opener, keyed, selector) = (state.clone(), state.clone(), state.clone());
        let (c1, c2) = (conversation.clone(), conversation);
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
                <SelectCell checked=checked label=t().select_conversation on_toggle=Callback::new(move |_| selector.selected.update(|sel| {
                    if checked {
                        sel.retain(|u| !here.contains(u));
                    } else {
                        sel.extend(here.iter().copied());
                    }
                })) />
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

/// The reader pane: the open conversation, else the open message. Closing the open message
/// (Escape, Back, another folder) closes its conversation too.
#[component]
pub fn ReaderPane(state: MailState) -> impl IntoView {
    let (open, threads) = (state.open, state.threads);
    Effect::new(move |before: Option<bool>| {
        let now = open.with(Option::is_some);
        if before == Some(true) && !now {
            threads.open.set(None);
        }
        now
    });
    let conversation = Memo::new(move |_| threads.open.with(Option::is_some));
    move || {
        if conversation.get() {
            view! { <ConversationReader state=state.clone() /> }.into_any()
        } else {
            view! { <Reader state=state.clone() /> }.into_any()
        }
    }
}

/// The name a message's folder is shown by (`None`: the open folder).
fn folder_label(state: &MailState, folder: Option<&MailboxName>) -> String {
    let wire = folder.cloned().or_else(|| state.folder.get_untracked()).unwrap_or_default();
    state.folders.with_untracked(|folders| {
        folders
            .iter()
            .find(|f| f.mailbox == wire)
            .map(|f| folder_name(f, &f.name).to_owned())
            .unwrap_or_else(|| wire.as_wire().to_owned())
    })
}

#[component]
fn ConversationReader(state: MailState) -> impl IntoView {
    let threads = state.threads;
    let subject = move || {
        threads
            .open
            .with(|o| {
                o.iter()
                    .flatten()
                    .find_map(|s| s.row.with(|r| (!r.subject.trim().is_empty()).then(|| r.subject.clone())))
            })
            .unwrap_or_else(|| t().no_subject.to_owned())
    };
    let count = move || threads.open.with(|o| o.as_ref().map_or(0, Vec::len));
    let items = move || {
        threads
            .open
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|s| ((s.folder.clone(), s.row.get_untracked().uid), s))
    };
    let (flag_all, delete_all, move_all) = (state.clone(), state.clone(), state.clone());
    let (targets, open_folder) = (state.folders, state.folder);
    view! {
        // Focusable from script like the single-message reader (keyboard.rs).
        <article class="reader conversation" data-testid="reader" tabindex="-1" aria-label=t().conversation>
            <header class="conversation-header">
                <h2 data-testid="conversation-subject" dir="auto">{subject}</h2>
                <p class="conversation-size">{move || (t().conversation_count)(count())}</p>
                <div class="reader-actions">
                    <button data-testid="conversation-flag" on:click=move |_| flag_all.act_on_conversation(MemberAction::Flag(true))>
                        {t().flag_conversation}
                    </button>
                    <button data-testid="conversation-delete" on:click=move |_| delete_all.act_on_conversation(MemberAction::Delete)>
                        {t().delete_conversation}
                    </button>
                    // The open folder's messages go; Sent's and Drafts' stay (act_on_conversation).
                    <select data-testid="conversation-move" aria-label=t().move_conversation on:change=move |ev| {
                        let to = event_target_value(&ev);
                        if !to.is_empty() {
                            // The option's value is the wire name of a listed folder.
                            move_all.act_on_conversation(MemberAction::Move(MailboxName::from_wire(to)));
                        }
                    }>
                        <option value="">{t().move_conversation}</option>
                        {move || targets.with(|folders| {
                            let here = open_folder.get();
                            folders
                                .iter()
                                .filter(|f| f.selectable && Some(&f.mailbox) != here.as_ref())
                                .map(|f| view! { <option value=f.mailbox.as_wire().to_owned()>{folder_name(f, &f.name).to_owned()}</option> })
                                .collect_view()
                        })}
                    </select>
                </div>
            </header>
            <ol class="conversation-messages" data-testid="conversation">
                <For each=items key=|(key, _)| key.clone() let:item>
                    <ShownMessage state=state.clone() shown=item.1 />
                </For>
            </ol>
        </article>
    }
}

/// One message of the open conversation: its line (sender, folder, date) and its actions, and
/// the whole message below while expanded.
#[component]
fn ShownMessage(state: MailState, shown: Shown) -> impl IntoView {
    let (row, message, expanded) = (shown.row, shown.message, shown.expanded);
    let first = row.get_untracked();
    let wire = shown.folder.clone().or_else(|| state.folder.get_untracked()).unwrap_or_default();
    let label = folder_label(&state, shown.folder.as_ref());
    let targets = state.folders;
    let here = wire.clone();
    let (flagger, deleter, mover) = (state.clone(), state.clone(), state.clone());
    let (s1, s2, s3) = (shown.clone(), shown.clone(), shown);
    view! {
        <li class="conversation-message" data-testid="conversation-message" data-folder=wire.as_wire().to_owned() data-uid=first.uid>
            <div class="conversation-line">
                <button
                    class="conversation-toggle"
                    data-testid="conversation-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)
                    on:keydown=move |ev| {
                        // Enter and Space open and close it here, whatever else listens for
                        // keys on the page (keyboard.rs); the button's own click then does not come.
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            ev.stop_propagation();
                            expanded.update(|e| *e = !*e);
                        }
                    }
                >
                    <span class="from">{if first.from.is_empty() { t().no_sender.to_owned() } else { first.from.clone() }}</span>
                    " "
                    <span class="folder" data-testid="conversation-folder">{label}</span>
                    " "
                    <span class="date">{first.timestamp.map(crate::format::full_date).unwrap_or(first.date.clone())}</span>
                </button>
                <span class="conversation-actions">
                    <button data-testid="member-flag" on:click=move |_| {
                        let on = !row.with_untracked(|r| r.flagged);
                        flagger.act_on_member(&s1, MemberAction::Flag(on));
                    }>
                        {move || if row.with(|r| r.flagged) { t().unflag } else { t().flag }}
                    </button>
                    <button data-testid="member-delete" on:click=move |_| deleter.act_on_member(&s2, MemberAction::Delete)>
                        {t().delete}
                    </button>
                    <select data-testid="member-move" aria-label=t().move_to on:change=move |ev| {
                        let to = event_target_value(&ev);
                        if !to.is_empty() {
                            // The option's value is the wire name of a listed folder.
                            mover.act_on_member(&s3, MemberAction::Move(MailboxName::from_wire(to)));
                        }
                    }>
                        <option value="">{t().move_to}</option>
                        {move || targets.with(|folders| {
                            folders
                                .iter()
                                .filter(|f| f.selectable && f.mailbox != here)
                                .map(|f| view! { <option value=f.mailbox.as_wire().to_owned()>{folder_name(f, &f.name).to_owned()}</option> })
                                .collect_view()
                        })}
                    </select>
                </span>
            </div>
            {move || expanded.get().then(|| match message.get() {
                Some((m, raw)) => view! { <MessageBody uid=first.uid message=m raw=raw received=first.timestamp /> }.into_any(),
                None => view! { <p class="loading">{t().loading_message}</p> }.into_any(),
            })}
        </li>
    }
}
