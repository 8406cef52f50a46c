//! The reader of "All inboxes": the open message with its account named above it, and the reply
//! buttons bound to that account's composer, so a reply goes out from that account's identity
//! through its SMTP server.

use leptos::prelude::*;

use super::Member;
use super::with_composer::WithComposer;
use crate::composer::Composer;
use crate::i18n::t;
use crate::reader::{InvitationCard, MessageBody, ReceiptBar};

/// The reader pane.
#[component]
pub fn UnifiedReader(
    members: Vec<Member>,
    composers: Vec<Composer>,
    open_account: RwSignal<Option<usize>>,
) -> impl IntoView {
    let shown = move || {
        let i = open_account.get()?;
        let (member, composer) = (members.get(i)?.clone(), *composers.get(i)?);
        let (uid, message, raw) = member.open().get()?;
        // INTERNALDATE stands in where the message has no Date (the list's row has it). Read
        // untracked, as the folder's reader does (reader.rs): the reader is drawn anew for another
        // message, not for a flag or new mail; the tags follow the row on their own.
        let received = untrack(|| member.row(uid)).and_then(|row| row.timestamp);
        let tagged = member.clone();
        let tags =
            Signal::derive(move || tagged.row(uid).map_or((0, Vec::new()), |row| (row.tags, row.keywords)));
        // What the message asks for, as in the folder's reader (reader.rs), drawn inside the
        // account's composer context; a read receipt only where the account keeps the answer on
        // the server (IMAP).
        let imap = match &member.inbox {
            super::Inbox::Imap(state) => Some(state.clone()),
            super::Inbox::Pop3(_) => None,
        };
        let asking = message.clone();
        let marked = member.clone();
        let answered = Signal::derive(move || marked.row(uid).is_some_and(|row| row.answered));
        Some(view! {
            <WithComposer composer=composer>
                <p class="reader-account" data-testid="reader-account" style:border-left-color=member.colour>
                    <b>{t().account} ": "</b>
                    {member.name.clone()}
                </p>
                {imap.map(|state| view! { <ReceiptBar state=state uid=uid message=asking /> })}
                <InvitationCard message=message.clone() raw=raw.clone() answered=answered />
                <MessageBody uid=uid message=message raw=raw received=received tags=tags />
            </WithComposer>
        })
    };
    view! {
        <article class="reader" data-testid="reader" tabindex="-1" aria-label=t().message>
            {move || shown().map(IntoAny::into_any).unwrap_or_else(|| view! { <crate::empty_state::NoMessageOpen /> }.into_any())}
        </article>
    }
}
