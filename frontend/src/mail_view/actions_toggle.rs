//! The phone's Actions button, which unfolds a list's toolbar.

use leptos::prelude::*;

use crate::i18n::t;

/// The button behind which a list's actions (the toolbar `#message-actions`) fold away on a
/// phone (see the stylesheet); a folder's list and "All inboxes" have one each.
#[component]
pub(crate) fn ActionsToggle(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="actions-toggle"
            data-testid="actions-toggle"
            aria-controls="message-actions"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {t().message_actions}
        </button>
    }
}
