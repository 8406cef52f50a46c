//! The open conversation: every message oldest first, each labelled with its folder.

use leptos::prelude::*;
use posthorn_proto::imap::MailboxName;

use super::ShownMessage;
use crate::i18n::t;
use crate::mail_state::{MailState, MemberAction, Shown};
use crate::mail_view::folder_name;

#[component]
pub(super) fn ConversationReader() -> impl IntoView {
    let state = expect_context::<MailState>();
    let threads = state.threads;
    let subject = move || {
        threads.open.with(|o| subject_of(o.iter().flatten())).unwrap_or_else(|| t().no_subject.to_owned())
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
    let (targets, open_folder) = (state.folders.all, state.folders.open);
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
                    <ShownMessage shown=item.1 />
                </For>
            </ol>
        </article>
    }
}

/// The conversation's subject: its first message's with one (they are oldest first).
pub(super) fn subject_of<'a>(mut messages: impl Iterator<Item = &'a Shown>) -> Option<String> {
    messages.find_map(|s| s.row.with(|r| (!r.subject.trim().is_empty()).then(|| r.subject.clone())))
}
