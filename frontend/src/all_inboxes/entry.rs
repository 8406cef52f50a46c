//! The "All inboxes" entry at the top of the folder pane, shown once there are two or more
//! accounts (see [`super::available`]).

use leptos::prelude::*;

use super::AllInboxes;
use crate::account::Accounts;
use crate::i18n::t;

/// The entry; `active` while "All inboxes" is the view shown.
#[component]
pub fn AllInboxesEntry(#[prop(optional)] active: bool) -> impl IntoView {
    let (Some(accounts), Some(all)) = (use_context::<Accounts>(), use_context::<AllInboxes>()) else {
        return ().into_any();
    };
    (move || {
        super::available(accounts).then(|| {
            view! {
                <div class="folder-item all-inboxes-entry">
                    <span class="twisty"></span>
                    <button
                        class="folder"
                        class:active=active
                        data-testid="all-inboxes"
                        aria-current=active.then_some("page")
                        on:click=move |_| all.shown.set(true)
                    >
                        <span class="icon" aria-hidden="true">"⊞"</span>
                        <span class="name">{t().all_inboxes}</span>
                    </button>
                </div>
            }
        })
    })
    .into_any()
}
