//! The reader pane: the open conversation, else the open message.

use leptos::prelude::*;

use super::ConversationReader;
use crate::mail_state::{Conversations, ReaderStore};
use crate::reader::Reader;

crate::lazy::lazy_part! {
    /// The open conversation's code, fetched when the first conversation is opened.
    in reader: static CONVERSATION_READER: Part<crate::lazy::Make<()>> =
        |()| view! { <ConversationReader /> }.into_any();
}

/// The reader pane: the open conversation, else the open message. Closing the open message
/// (Escape, Back, another folder) closes its conversation too.
#[component]
pub fn ReaderPane() -> impl IntoView {
    let (open, threads) = (expect_context::<ReaderStore>().message, expect_context::<Conversations>());
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
            crate::lazy::deferred(&CONVERSATION_READER, ()).into_any()
        } else {
            view! { <Reader /> }.into_any()
        }
    }
}
