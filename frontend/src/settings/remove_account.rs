//! Removing the current account from this browser, at the end of the settings menu: the account,
//! its remembered password and everything kept for it here go (account.rs `Accounts::remove`,
//! store.rs `forget_account`); its mail on the server is not touched. The app asks first, in its
//! own words rather than the browser's `confirm()`, and says so when the outbox still holds
//! messages that have not been sent, since they would go too.

use leptos::html::Button;
use leptos::prelude::*;

use crate::account::Accounts;
use crate::i18n::t;

#[component]
pub fn RemoveAccount() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let asking = RwSignal::new(false);
    // Focus follows the question: to Cancel (the safe choice) when it opens, back to the button
    // when it is cancelled, so a keyboard or screen reader user stays where the question is.
    let (cancel, button) = (NodeRef::<Button>::new(), NodeRef::<Button>::new());
    let ask = move |open: bool| {
        asking.set(open);
        crate::keyboard::focus_next_frame(if open { cancel } else { button });
    };
    let question = move || {
        let email = accounts.current.get()?;
        let unsent = crate::outbox::unsent(&email);
        let gone = email.clone();
        Some(view! {
            <div class="remove-question" role="alertdialog" aria-labelledby="remove-account-question" data-testid="remove-account-question">
                <p id="remove-account-question"><b>{(t().remove_account_confirm)(&email)}</b></p>
                <p>{t().remove_account_keeps_server}</p>
                {(unsent > 0).then(|| view! {
                    <p class="problem" data-testid="remove-account-unsent">{(t().remove_account_unsent)(unsent)}</p>
                })}
                <div class="buttons">
                    <button class="danger" data-testid="remove-account-confirm" on:click=move |_| {
                        asking.set(false);
                        let _ = accounts.remove(&gone);
                    }>{t().remove}</button>
                    <button data-testid="remove-account-cancel" node_ref=cancel on:click=move |_| ask(false)>{t().cancel}</button>
                </div>
            </div>
        })
    };
    view! {
        <Show when=move || accounts.current.with(Option::is_some)>
            <fieldset class="account-removal">
                <legend>{move || accounts.current.get().unwrap_or_default()}</legend>
                <Show
                    when=move || asking.get()
                    fallback=move || view! {
                        <button class="danger" data-testid="remove-account" node_ref=button on:click=move |_| ask(true)>
                            {t().remove_account}"…"
                        </button>
                    }
                >
                    {question}
                </Show>
            </fieldset>
        </Show>
    }
}
