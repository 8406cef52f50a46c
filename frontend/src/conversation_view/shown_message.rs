//! One message of the open conversation.

use leptos::prelude::*;
use posthorn_proto::imap::MailboxName;

use crate::i18n::t;
use crate::mail_state::{MailState, MemberAction, Shown};
use crate::mail_view::folder_name;
use crate::reader::MessageBody;

/// One message of the open conversation: its line (sender, folder, date) and its actions, and
/// the whole message below while expanded.
#[component]
pub(super) fn ShownMessage(shown: Shown) -> impl IntoView {
    let state = expect_context::<MailState>();
    let (row, message, expanded) = (shown.row, shown.message, shown.expanded);
    let first = row.get_untracked();
    let wire = shown.folder.clone().or_else(|| state.folders.open.get_untracked()).unwrap_or_default();
    let label = folder_label(&state, shown.folder.as_ref());
    let targets = state.folders.all;
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
                    <span class="folder-label" data-testid="conversation-folder">{label}</span>
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
