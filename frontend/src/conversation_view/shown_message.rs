//! One message of the open conversation.

use leptos::prelude::*;
use posthorn_proto::imap::MailboxName;

use super::conversation_reader::subject_of;
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{MailState, MemberAction, Shown};
use crate::mail_view::folder_name;
use crate::reader::{InvitationCard, MessageBody, ReceiptBar};

/// One message of the open conversation: its line (sender, folder, date) with its flag, and the
/// whole message below while expanded, whose More menu deletes or moves it.
#[component]
pub(super) fn ShownMessage(shown: Shown) -> impl IntoView {
    let state = expect_context::<MailState>();
    let (row, message, expanded, unavailable) = (shown.row, shown.message, shown.expanded, shown.unavailable);
    let first = row.get_untracked();
    let wire = shown.folder.clone().or_else(|| state.folders.open.get_untracked()).unwrap_or_default();
    let label = folder_label(&state, shown.folder.as_ref());
    let threads = state.threads;
    let here = wire.clone();
    let (flagger, flagged) = (state.clone(), shown.clone());
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
                    <span class="folder-label" data-testid="conversation-folder">{label}</span>
                    " "
                    <span class="date" title=first.timestamp.map(crate::format::full_date)>
                        {first.timestamp.map(crate::format::medium_date).unwrap_or(first.date.clone())}
                    </span>
                </button>
                // The flag stays on the line, open or not, and shows whether it is set; deleting and
                // moving one message are in its More menu once it is open.
                <span class="conversation-actions">
                    <button
                        class="icon-button quiet member-flag"
                        data-testid="member-flag"
                        title=move || if row.with(|r| r.flagged) { t().unflag } else { t().flag }
                        aria-label=t().flag
                        aria-pressed=move || row.with(|r| r.flagged).to_string()
                        on:click=move |_| {
                            let on = !row.with_untracked(|r| r.flagged);
                            flagger.act_on_member(&flagged, MemberAction::Flag(on));
                        }
                    >
                        {icon(Icon::Flag)}
                    </button>
                </span>
            </div>
            {move || expanded.get().then(|| match message.get() {
                Some((m, raw)) => {
                    // Read once: a flag on another message must not draw this one again.
                    let subject = untrack(|| threads.open.with(|o| subject_of(o.iter().flatten()))).unwrap_or_default();
                    let own = view! { <MemberActions shown=shown.clone() here=here.clone() /> }.into_any();
                    // An invitation among the conversation's messages is answered from here too,
                    // and a read receipt asked by one of the open folder's (the members from
                    // other folders are Sent's and Drafts', which never ask).
                    let answered = Signal::derive(move || row.with(|r| r.answered));
                    let receipt = shown.folder.is_none().then(|| view! {
                        <ReceiptBar state=state.clone() uid=first.uid message=m.clone() />
                    });
                    view! {
                        {receipt}
                        <InvitationCard message=m.clone() raw=raw.clone() answered=answered />
                        <MessageBody uid=first.uid message=m raw=raw received=first.timestamp conversation=Some(subject) own_actions=own />
                    }
                    .into_any()
                }
                None => match unavailable.get() {
                    Some(why) => view! { <p class="unavailable" data-testid="member-unavailable">{why}</p> }.into_any(),
                    None => view! { <p class="loading">{t().loading_message}</p> }.into_any(),
                },
            })}
        </li>
    }
}

/// What acts on one open message of the conversation besides its flag, in its More menu: delete it,
/// move it to another folder than `here`, where it lives.
#[component]
fn MemberActions(shown: Shown, here: MailboxName) -> impl IntoView {
    let state = expect_context::<MailState>();
    let targets = state.folders.all;
    let (deleter, mover, moved) = (state.clone(), state, shown.clone());
    view! {
        <button class="danger" data-testid="member-delete" on:click=move |_| deleter.act_on_member(&shown, MemberAction::Delete)>
            {t().delete}
        </button>
        <select data-testid="member-move" aria-label=t().move_to on:change=move |ev| {
            let to = event_target_value(&ev);
            if !to.is_empty() {
                // The option's value is the wire name of a listed folder.
                mover.act_on_member(&moved, MemberAction::Move(MailboxName::from_wire(to)));
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
    }
}

/// The name a message's folder is shown by (`None`: the open folder).
fn folder_label(state: &MailState, folder: Option<&MailboxName>) -> String {
    let wire = folder.cloned().or_else(|| state.folders.open.get_untracked()).unwrap_or_default();
    state.folders.all.with_untracked(|folders| {
        folders
            .iter()
            .find(|f| f.mailbox == wire)
            .map(|f| folder_name(f, &f.name).to_owned())
            .unwrap_or_else(|| wire.as_wire().to_owned())
    })
}
