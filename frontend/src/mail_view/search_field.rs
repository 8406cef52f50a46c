//! The search words field and the choice of which messages to show, for a folder's list and
//! All inboxes.

use leptos::prelude::*;

use crate::i18n::t;
use crate::mail_state::Filter;

/// The search words of a list's search form (this one, and "All inboxes"' in
/// all_inboxes/list.rs), as typed; `label` says where the search looks, and `placeholder`, where
/// given, says it in fewer words for the field itself (a phone's is narrow); `hint`, where given,
/// is its tooltip (and a screen reader's description) instead of the label: the operators it
/// takes.
#[component]
pub(crate) fn SearchField(
    query: RwSignal<String>,
    label: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <input
            type="search"
            placeholder=placeholder.unwrap_or(label)
            aria-label=label
            title=hint.unwrap_or(label)
            data-testid="search"
            prop:value=move || query.get()
            on:input=move |ev| query.set(event_target_value(&ev))
        />
    }
}

/// Which messages a list shows: all, unread, flagged or those with one tag ([`Filter`]). `place` is where it stands:
/// "in-search" in the search form, or "in-toolbar" in the list's toolbar, which a phone shows
/// instead (the form has no room there; `frontend/style/main.css`).
#[component]
pub(crate) fn FilterSelect(
    #[prop(into)] value: Signal<Filter>,
    choose: Callback<Filter>,
    place: &'static str,
) -> impl IntoView {
    view! {
        <select class=format!("filter {place}") data-testid=format!("filter-{place}") aria-label=t().show_filter title=t().show_filter
            prop:value=move || value.get().name()
            on:change=move |ev| choose.run(Filter::from_name(&event_target_value(&ev)))>
            <option value="all">{t().filter_all}</option>
            <option value="unread">{t().filter_unread}</option>
            <option value="flagged">{t().filter_flagged}</option>
            <optgroup label=t().tag_menu>
                {(1..=crate::mail_state::tags::TAGS)
                    .map(|n| {
                        let filter = Filter::Tag(n);
                        view! { <option value=filter.name()>{t().tag_names[usize::from(n - 1)]}</option> }
                    })
                    .collect_view()}
            </optgroup>
        </select>
    }
}
