//! The list's switch between conversations and single messages.

use leptos::prelude::*;

use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{Conversations, MailState};

/// The list's switch between conversations and single messages (kept per folder).
#[component]
pub fn ConversationSwitch() -> impl IntoView {
    let state = expect_context::<MailState>();
    let on = expect_context::<Conversations>().on;
    view! {
        <label class="conversations-switch" title=t().conversations>
            <input
                type="checkbox"
                name="conversations"
                data-testid="conversations"
                prop:checked=move || on.get()
                on:change=move |ev| state.choose_conversations(event_target_checked(&ev))
            />
            // Where the list is narrow the icon stands for the name (main.css), which stays the
            // box's accessible name and the tooltip.
            {icon(Icon::Conversations)}
            <span class="label">{t().conversations}</span>
        </label>
    }
}
