//! Unlocking the remembered password of an account.

use leptos::prelude::*;
use posthorn_proto::secret::Secret;

use crate::account::Accounts;
use crate::i18n::t;

/// Asks for an account's password once per browser session; on request it is also remembered on
/// this device, encrypted (see `account::remembered`).
#[component]
pub(super) fn Unlock(email: String, on_unlock: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let password = RwSignal::new(String::new());
    // A password the server refused was perhaps remembered: the new one is then remembered too,
    // unless the box is cleared.
    let remember = RwSignal::new(accounts.remembered.with_untracked(|r| r.contains(&email)));
    let who = email.clone();
    let rejected_for = email.clone();
    let rejected = move || accounts.rejected.with(|r| r.get(&rejected_for).cloned());
    // The one thing to do here is type the password: the field has the focus from the start.
    let field = NodeRef::<leptos::html::Input>::new();
    crate::keyboard::focus_next_frame(field);
    view! {
        <section class="unlock" data-testid="unlock">
            <h1>{t().password_for} {email.clone()}</h1>
            {move || match rejected() {
                Some(why) => view! {
                    <p class="error" data-testid="password-rejected">
                        {why} {t().enter_current_password}
                    </p>
                }.into_any(),
                None => view! {
                    <p>{t().password_once_per_session}</p>
                }.into_any(),
            }}
            <form on:submit=move |ev| {
                ev.prevent_default();
                let (secret, keep) = (Secret::new(password.get_untracked()), remember.get_untracked());
                password.set(String::new());
                accounts.set_password(&who, secret);
                // Ticked: remember this one (replacing a stale copy). Cleared while a copy is
                // remembered: forget it, rather than keep one the person chose not to keep.
                let was_remembered = accounts.remembered.with_untracked(|r| r.contains(&who));
                if keep || was_remembered {
                    let who = who.clone();
                    leptos::task::spawn_local(async move {
                        if let Err(e) = accounts.set_remembered(&who, keep).await {
                            leptos::logging::warn!("{e}");
                        }
                    });
                }
                on_unlock();
            }>
                // Whose password it is, for the browser's password manager (not shown).
                <input type="text" name="username" autocomplete="username" hidden=true prop:value=email.clone() />
                <label>
                    {t().password}
                    <input type="password" name="password" autocomplete="current-password" node_ref=field
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                <label class="checkbox">
                    <input type="checkbox" name="remember" prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev)) />
                    {t().remember_password}
                </label>
                <button type="submit" class="primary">{t().open}</button>
            </form>
        </section>
    }
}
