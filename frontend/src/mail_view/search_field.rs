//! The search words field, for a folder's list and All inboxes.

use leptos::prelude::*;

/// The search words of a list's search form (this one, and "All inboxes"' in
/// all_inboxes/list.rs), as typed; `label` says where the search looks, and `placeholder`, where
/// given, says it in fewer words for the field itself (a phone's is narrow).
#[component]
pub(crate) fn SearchField(
    query: RwSignal<String>,
    label: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    view! {
        <input
            type="search"
            placeholder=placeholder.unwrap_or(label)
            aria-label=label
            title=label
            data-testid="search"
            prop:value=move || query.get()
            on:input=move |ev| query.set(event_target_value(&ev))
        />
    }
}
