//! Each account's signature, edited in the settings menu and kept with the account's settings
//! (`AccountSettings::signature`); the composer puts it into new messages, replies and forwards
//! (composer.rs, `posthorn_proto::compose::add_signature`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::normalise_signature;

use crate::account::Accounts;
use crate::i18n::t;

/// One field per account, stored when it loses focus with a change.
#[component]
pub fn Signatures() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let problem = RwSignal::new(None::<String>);
    let store = move |email: String, typed: String| {
        let Some(mut account) = accounts.get(&email) else { return };
        let signature = normalise_signature(&typed);
        if account.signature == signature {
            return;
        }
        account.signature = signature;
        spawn_local(async move {
            problem.set(accounts.update(account).await.err().map(|e| (t().signature_not_saved)(&e)));
        });
    };
    let fields = move || {
        accounts
            .list
            .get()
            .into_iter()
            .map(|account| {
                let email = account.email.clone();
                view! {
                    <label>
                        {(t().signature_for)(&account.email)}
                        <textarea name="signature" data-testid="signature" data-account=account.email.clone()
                            rows="3" spellcheck="false" aria-describedby="signature-hint"
                            prop:value=account.signature.clone()
                            on:change=move |ev| store(email.clone(), event_target_value(&ev))></textarea>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || accounts.list.with(|l| !l.is_empty())>
            <fieldset class="signatures">
                <legend>{t().signatures}</legend>
                {fields}
                <p id="signature-hint" class="hint">{t().signature_hint}</p>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            </fieldset>
        </Show>
    }
}
