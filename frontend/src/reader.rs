//! The reader pane: headers, every shown part in order (HTML in a sandboxed iframe, text, inline
//! messages), attachments, all headers, the MIME structure and the raw source.

use leptos::prelude::*;
use posthorn_proto::message::ReadableMessage;

use crate::i18n::t;
use crate::mail_state::{MailState, ReaderStore};

mod attachments;
mod body_parts;
mod html_body;
mod invitation_card;
mod message_body;
mod plain_text;
pub mod print;
mod receipt_bar;
mod structure;
pub mod trusted_senders;

pub use attachments::Attachments;
pub use html_body::HtmlBody;
pub use invitation_card::InvitationCard;
pub use message_body::{MESSAGE_BODY, MessageBody};
pub use receipt_bar::ReceiptBar;
pub use structure::Structure;

/// The subject as shown, a placeholder in the person's language where there is none.
pub fn subject_shown(message: &ReadableMessage) -> String {
    if message.subject.trim().is_empty() { t().no_subject.to_owned() } else { message.subject.clone() }
}

/// The sender as shown, a placeholder in the person's language where there is none.
pub fn sender_shown(message: &ReadableMessage) -> String {
    if message.from.is_empty() { t().no_sender.to_owned() } else { message.sender_or_placeholder() }
}

/// The reader for the open message.
#[component]
pub fn Reader() -> impl IntoView {
    let state = expect_context::<MailState>();
    let open = expect_context::<ReaderStore>().message;
    view! {
        // Focusable from script: opening a message moves focus here (keyboard.rs).
        <article class="reader" data-testid="reader" tabindex="-1" aria-label=t().message>
            {move || match open.get() {
                None => view! { <crate::empty_state::NoMessageOpen /> }.into_any(),
                Some((uid, message, raw)) => {
                    // INTERNALDATE stands in where the message has no Date (the list's row has it).
                    // Read untracked: the reader is drawn anew for another message, not for a
                    // change to the rows or the folders (a flag, new mail).
                    let rows = state.list.rows;
                    let received = rows.with_untracked(|r| r.get(&uid).and_then(|row| row.timestamp));
                    let tags = Signal::derive(move || {
                        rows.with(|r| r.get(&uid).map_or((0, Vec::new()), |row| (row.tags, row.keywords.clone())))
                    });
                    // In the Drafts folder: a draft, to write on again (composer.rs `reopen`).
                    let in_drafts = untrack(|| state.in_role(posthorn_proto::imap::SpecialUse::Drafts));
                    let draft = in_drafts.then(|| {
                        let stored = StoredValue::new(message.clone());
                        // Where it is stored, for a draft without a Message-ID (composer.rs `reopen`).
                        let copy = state.open_uidvalidity().map(|v| (v, uid));
                        use_context::<crate::composer::Composer>().map(|composer| view! {
                            <div class="draft-bar" role="note" data-testid="draft-bar">
                                <span>{t().draft_here}</span>
                                <button class="primary" data-testid="edit-draft" on:click=move |_| stored.with_value(|m| composer.reopen(m, copy))>
                                    {t().edit_draft}
                                </button>
                            </div>
                        })
                    });
                    // Not in Drafts: ReceiptBar asks nothing there.
                    let receipt = view! { <ReceiptBar state=state.clone() uid=uid message=message.clone() /> };
                    let invitation = view! { <InvitationCard message=message.clone() raw=raw.clone()
                        answered=Signal::derive(move || rows.with(|r| r.get(&uid).is_some_and(|row| row.answered))) /> };
                    view! {
                        {draft}
                        {receipt}
                        {invitation}
                        <MessageBody uid=uid message=message raw=raw received=received tags=tags />
                    }
                    .into_any()
                }
            }}
        </article>
    }
}
