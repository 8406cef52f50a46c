//! The addresses each account sends from besides its own (`AccountSettings::identities`): an
//! alias or a role address that reaches the same mailbox. Added and removed in the settings menu;
//! the composer offers them in From and answers from the one a message was written to
//! (composer.rs, `posthorn_proto::compose::identity_for`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::Address;

use crate::account::{AccountSettings, Accounts, Identity};
use crate::i18n::t;

/// Why `typed` cannot be added to `account`, in plain words; `None` where it can.
fn refusal(account: &AccountSettings, typed: &Address) -> Option<String> {
    if let Err(e) = posthorn_proto::smtp::Mailbox::new(&typed.address) {
        return Some(format!("{}: {e}", typed.address));
    }
    if typed.name.chars().any(char::is_control) {
        return Some(t().address_name_controls.into());
    }
    account
        .addresses()
        .iter()
        .any(|a| a.same_mailbox(&typed.address))
        .then(|| (t().address_known)(&typed.address))
}

/// Per account: its other addresses, each with *Remove*, and a field to add one ("Name
/// <address>" or the address alone).
#[component]
pub fn Identities() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let problem = RwSignal::new(None::<String>);
    let store = move |account: AccountSettings| {
        spawn_local(async move {
            problem.set(accounts.update(account).await.err().map(|e| (t().address_not_saved)(&e)));
        });
    };
    let remove = move |email: String, address: String| {
        let Some(mut account) = accounts.get(&email) else { return };
        account.identities.retain(|i| !i.address.same_mailbox(&address));
        store(account);
    };
    let add = move |email: String, field: NodeRef<leptos::html::Input>| {
        let (Some(mut account), Some(input)) = (accounts.get(&email), field.get_untracked()) else { return };
        let typed = Address::parse(&input.value());
        if let Some(why) = refusal(&account, &typed) {
            problem.set(Some(why));
            return;
        }
        input.set_value("");
        account.identities.push(Identity { address: typed, signature: String::new() });
        store(account);
    };
    let per_account = move || {
        accounts
            .list
            .get()
            .into_iter()
            .map(|account| {
                let email = account.email.clone();
                let field = NodeRef::<leptos::html::Input>::new();
                let listed = !account.identities.is_empty();
                let others = account.identities.iter().map(|i| &i.address).map(|a| {
                    let (account, address) = (email.clone(), a.address.clone());
                    view! {
                        <li data-testid="identity" data-account=email.clone()>
                            <span>{a.display()}</span>
                            <button class="quiet" data-testid="remove-identity"
                                aria-label=(t().remove_address)(&a.address)
                                on:click=move |_| remove(account.clone(), address.clone())>{t().remove}</button>
                        </li>
                    }
                }).collect_view();
                let adding = email.clone();
                view! {
                    <form class="identities-of" on:submit=move |ev| { ev.prevent_default(); add(adding.clone(), field); }>
                        <label>
                            {(t().other_addresses_of)(&account.email)}
                            <input type="text" name="identity" data-testid="new-identity" data-account=email.clone()
                                node_ref=field autocomplete="off" spellcheck="false" placeholder=t().identity_placeholder
                                aria-describedby="identities-hint" />
                        </label>
                        <button type="submit" data-testid="add-identity">{t().add_address}</button>
                        {listed.then(|| view! { <ul>{others}</ul> })}
                    </form>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || accounts.list.with(|l| !l.is_empty())>
            <fieldset class="identities" data-testid="identities">
                <legend>{t().sending_addresses}</legend>
                {per_account}
                <p id="identities-hint" class="hint">{t().identities_hint}</p>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="identity-problem">{p}</p> })}
            </fieldset>
        </Show>
    }
}
