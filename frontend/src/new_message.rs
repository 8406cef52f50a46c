//! "New message": the first control of the mail view, at the top of the folder column (a
//! floating round button on a phone, see frontend/style/main.css).

use leptos::prelude::*;

use crate::composer::Composer;
use crate::i18n::t;
use crate::icons::{Icon, icon};

/// Opens the composer on an empty message. Needs the mail view's [`Composer`] context.
#[component]
pub fn NewMessageButton() -> impl IntoView {
    let composer = expect_context::<Composer>();
    view! {
        <button class="new-message primary" data-testid="new-message" on:click=move |_| composer.new_message()>
            {icon(Icon::NewMessage)}
            <span class="label">{t().new_message}</span>
        </button>
    }
}
