//! The folder pane of "All inboxes": the entry itself, then one entry per account that opens that
//! account's own mail view with its folders.

use leptos::prelude::*;

use super::{AllInboxes, AllInboxesEntry, Member};
use crate::account::Accounts;
use crate::i18n::t;

/// The pane.
#[component]
pub fn Sidebar(members: Vec<Member>) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let all = expect_context::<AllInboxes>();
    view! {
        <nav class="folders" data-testid="folders" aria-label=t().folders>
            <AllInboxesEntry active=true />
            <div class="folders-heading">{t().accounts_heading}</div>
            {members
                .into_iter()
                .map(|m| {
                    let email = m.email();
                    // POP3 keeps no \Seen flag (RFC 1939): no count for its inbox.
                    let folders = m.imap().map(|state| state.folders.all);
                    let unread = move || {
                        folders?.with(|f| f.iter().find(|f| f.mailbox.is_inbox()).and_then(|f| f.unread))
                    };
                    view! {
                        <div class="folder-item">
                            <span class="twisty"></span>
                            <button
                                class="folder"
                                data-testid="account-entry"
                                data-account=email.clone()
                                title=(t().open_account)(&email)
                                on:click=move |_| {
                                    all.shown.set(false);
                                    accounts.current.set(Some(email.clone()));
                                }
                            >
                                <span class="icon account-swatch" style:color=m.colour aria-hidden="true">"●"</span>
                                <span class="name">{m.name.clone()}</span>
                                {move || unread().filter(|n| *n > 0).map(|n| view! { <span class="unread">{n}</span> })}
                            </button>
                        </div>
                    }
                })
                .collect_view()}
        </nav>
    }
}
