//! "New message": the first control of the mail view, at the top of the folder column (a
//! floating round button on a phone, see frontend/style/main.css).

use leptos::prelude::*;

use crate::composer::Composer;
use crate::i18n::t;
use crate::icons::{Icon, icon};

/// Opens the composer on an empty message: the mail view's [`Composer`] context, or the one
/// `choose` names when it is pressed ("All inboxes" has one per account).
#[component]
pub fn NewMessageButton(#[prop(optional)] choose: Option<Callback<(), Option<Composer>>>) -> impl IntoView {
    let composer = use_context::<Composer>();
    let open = move |_| {
        if let Some(c) = choose.map_or(composer, |choose| choose.run(())) {
            c.new_message();
        }
    };
    view! {
        <button class="new-message primary" data-testid="new-message" on:click=open>
            {icon(Icon::NewMessage)}
            <span class="label">{t().new_message}</span>
        </button>
    }
}
