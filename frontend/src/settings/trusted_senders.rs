//! The senders whose remote images load without asking (reader/trusted_senders.rs), in the
//! settings menu, each with *Remove*: a choice made once from a message's bar can be taken back.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::t;
use crate::reader::trusted_senders::{changes, trusted_senders, untrust};

/// The list, read again whenever it changes (a sender trusted from a message meanwhile).
#[component]
pub fn TrustedSenders() -> impl IntoView {
    let senders = RwSignal::new(None::<Vec<String>>);
    let changes = changes();
    Effect::new(move |_| {
        changes.track();
        spawn_local(async move {
            let mut list = trusted_senders().await;
            list.sort();
            senders.try_set(Some(list));
        });
    });
    let remove = move |sender: String| {
        spawn_local(async move {
            if let Err(e) = untrust(&sender).await {
                web_sys::console::warn_1(&e.0.into());
            }
        });
    };
    view! {
        <fieldset class="trusted-senders" data-testid="trusted-senders">
            <legend>{t().trusted_senders}</legend>
            {move || match senders.get() {
                None => None,
                Some(list) if list.is_empty() => Some(view! { <p class="hint">{t().trusted_senders_none}</p> }.into_any()),
                Some(list) => Some(view! {
                    <ul>
                        {list.into_iter().map(|sender| {
                            let removed = sender.clone();
                            view! {
                                <li data-testid="trusted-sender">
                                    <span>{sender.clone()}</span>
                                    <button class="quiet" data-testid="untrust-sender"
                                        aria-label=(t().untrust_sender)(&sender)
                                        on:click=move |_| remove(removed.clone())>{t().remove}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()),
            }}
        </fieldset>
    }
}
