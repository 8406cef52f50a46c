//! The reader pane: the open conversation, else the open message.

use leptos::prelude::*;

use super::ConversationReader;
use crate::mail_state::MailState;
use crate::reader::Reader;

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
