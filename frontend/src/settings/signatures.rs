//! Each account's signature, edited in the settings menu and kept with the account's settings
//! (`AccountSettings::signature`); the composer puts it into new messages, replies and forwards
//! (composer.rs, `posthorn_proto::compose::add_signature`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::normalise_signature;

use crate::account::Accounts;
use crate::i18n::t;

/// One field per account and per other address it sends from (settings/identities.rs; empty:
/// the account's), stored when it loses focus with a change.
#[component]
pub fn Signatures() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let problem = RwSignal::new(None::<String>);
    let store = move |email: String, identity: Option<String>, typed: String| {
        let Some(mut account) = accounts.get(&email) else { return };
        let signature = normalise_signature(&typed);
        let kept = match &identity {
            None => Some(&mut account.signature),
            Some(address) => account
                .identities
                .iter_mut()
                .find(|i| i.address.same_mailbox(address))
                .map(|i| &mut i.signature),
        };
        let Some(kept) = kept.filter(|kept| **kept != signature) else { return };
        *kept = signature;
        spawn_local(async move {
            problem.set(accounts.update(account).await.err().map(|e| (t().signature_not_saved)(&e)));
        });
    };
    let fields = move || {
        accounts
            .list
            .get()
            .into_iter()
            .flat_map(|account| {
                let own = (None, account.email.clone(), account.signature.clone());
                let others =
                    account.identities.iter().map(|i| (Some(i.address.address.clone()), i.address.address.clone(), i.signature.clone()));
                let email = account.email.clone();
                std::iter::once(own).chain(others.collect::<Vec<_>>()).map(move |(identity, shown, signature)| {
                    let (email, marked) = (email.clone(), identity.clone().unwrap_or_default());
                    view! {
                        <label>
                            {(t().signature_for)(&shown)}
                            <textarea name="signature" data-testid="signature" data-account=email.clone() data-identity=marked
                                rows="3" spellcheck="false" aria-describedby="signature-hint"
                                prop:value=signature
                                on:change=move |ev| store(email.clone(), identity.clone(), event_target_value(&ev))></textarea>
                        </label>
                    }
                })
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
