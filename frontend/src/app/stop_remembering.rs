//! Forgetting the remembered passwords on this device.

use leptos::prelude::*;

use crate::account::Accounts;
use crate::i18n::t;

/// "Forget password" for the current account, while its password is remembered on this device.
#[component]
pub(super) fn StopRemembering() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let current = move || accounts.current.get().filter(|e| accounts.remembered.with(|r| r.contains(e)));
    move || {
        current().map(|email| {
            view! {
                <button data-testid="stop-remembering" title=t().forget_password_title
                    on:click=move |_| {
                        let email = email.clone();
                        leptos::task::spawn_local(async move {
                            if let Err(e) = accounts.set_remembered(&email, false).await {
                                leptos::logging::warn!("{e}");
                            }
                        });
                    }>
                    {t().forget_password}
                </button>
            }
        })
    }
}
