//! Under the toolbar while a search is on: the other folders that hold messages with the words
//! searched for, and how many (mail_state/search.rs `search_elsewhere`), as Thunderbird's search
//! across folders finds them. A choice opens that folder with the same search.

use leptos::prelude::*;

use super::folder_name;
use crate::i18n::t;
use crate::mail_state::MailState;

#[component]
pub(super) fn FoundElsewhere() -> impl IntoView {
    let state = expect_context::<MailState>();
    let (search, folders) = (state.search, state.folders);
    move || {
        let found = search.elsewhere.get();
        (!found.is_empty()).then(|| {
            let choices = found
                .into_iter()
                .map(|(mailbox, count)| {
                    let name = folders.all.with_untracked(|all| {
                        all.iter()
                            .find(|f| f.mailbox == mailbox)
                            .map_or_else(|| mailbox.as_wire().to_owned(), |f| folder_name(f, &f.name).to_owned())
                    });
                    let label = (t().found_in_folder)(&name, count);
                    let (state, wire) = (state.clone(), mailbox.as_wire().to_owned());
                    view! {
                        <button class="quiet" data-testid="found-elsewhere-folder" data-folder=wire aria-label=label
                            on:click=move |_| state.search_in(mailbox.clone())>
                            {name}
                            <span class="count" aria-hidden="true">{crate::format::count(count)}</span>
                        </button>
                    }
                })
                .collect_view();
            view! {
                <p class="found-elsewhere" role="status" data-testid="found-elsewhere">
                    <span>{t().also_found_in}</span>
                    {choices}
                </p>
            }
        })
    }
}
