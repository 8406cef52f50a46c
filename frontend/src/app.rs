//! The application shell: the contexts every component reads, the top bar, and which screen shows.

use leptos::prelude::*;

use crate::account::{Accounts, IncomingProtocol};
use crate::account_setup::AccountSetup;
use crate::i18n::t;
use crate::log_pane::LOG_PANE;
use crate::mail_view::MAIL_VIEW;
use crate::pop3_view::POP3_VIEW;
use crate::protocol_log::ProtocolLog;

mod states;
mod stop_remembering;
mod top_menu;
mod unlock;

pub use states::States;
use stop_remembering::StopRemembering;
use unlock::Unlock;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let log = ProtocolLog::new();
    provide_context(log);
    let accounts = Accounts::load();
    provide_context(accounts);
    // "All inboxes" (all_inboxes.rs): shown instead of one account once two or more can be unified.
    let all_inboxes = crate::all_inboxes::AllInboxes::provide();
    // The Filters dialog (filters.rs): which account's, while it is open.
    provide_context(crate::filters::FiltersOpen::new());
    // What waits in the outboxes goes out on start, on unlock and when the network is back.
    crate::outbox::watch(accounts, log);
    // Ctrl+P prints the shown message rather than the page.
    crate::reader::print::install_shortcut();
    let adding = RwSignal::new(false);
    let no_account = move || accounts.list.with(Vec::is_empty);
    let show_log = RwSignal::new(false);
    // The top bar's menu on a phone: open or folded.
    let menu_open = RwSignal::new(false);
    let (bar, menu_button) = (NodeRef::<leptos::html::Header>::new(), NodeRef::<leptos::html::Button>::new());
    top_menu::fold_on_outside_click(menu_open, bar);
    // Bumped when a password is entered, so the mail view starts with it.
    let unlocked = RwSignal::new(0u32);
    let states = States::new(accounts, log);

    let main = move || {
        if accounts.restoring.get() {
            return view! { <p class="opening">{t().opening}</p> }.into_any();
        }
        unlocked.track();
        if all_inboxes.shown.get() && !adding.get() && crate::all_inboxes::available(accounts) {
            let inboxes = (states, accounts.list.get());
            return crate::lazy::deferred(&crate::all_inboxes::ALL_INBOXES, inboxes).into_any();
        }
        let current = accounts.current.get();
        match current.and_then(|email| accounts.get(&email)) {
            // An IMAP account without this session's password still shows its cached mail, with
            // the password asked for above it.
            Some(account) if !adding.get() => match accounts.password(&account.email) {
                _ if account.incoming_protocol == IncomingProtocol::Imap => {
                    let locked = accounts.password(&account.email).is_none();
                    let email = account.email.clone();
                    view! {
                        {locked.then(|| view! { <Unlock email=email on_unlock=move || unlocked.update(|n| *n += 1) /> })}
                        {crate::lazy::deferred(&MAIL_VIEW, (states, account))}
                    }
                    .into_any()
                }
                Some(_) => crate::lazy::deferred(&POP3_VIEW, (states, account)).into_any(),
                None => view! { <Unlock email=account.email.clone() on_unlock=move || unlocked.update(|n| *n += 1) /> }
                    .into_any(),
            },
            _ => {
                // Adding a further account can be called off; the first one cannot (there is
                // nothing to go back to). Read untracked: saving an account changes the list, and
                // redrawing the form then would drop the callbacks its save is about to call.
                let back = Callback::new(move |_| adding.set(false));
                let cancel = accounts.list.with_untracked(|l| !l.is_empty()).then_some(back);
                view! { <AccountSetup on_done=back on_cancel=cancel /> }.into_any()
            }
        }
    };

    view! {
        <div class="app" class:with-log=move || show_log.get()>
            <header
                class="topbar"
                class:menu-open=move || menu_open.get()
                node_ref=bar
                on:keydown=move |ev| top_menu::escape(ev, menu_open, menu_button)
            >
                <span class="brand">"Posthorn"</span>
                // On a phone the rest of the bar folds behind this button (see the stylesheet).
                <button
                    class="menu-button"
                    data-testid="menu-button"
                    node_ref=menu_button
                    aria-controls="topbar-items"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    {crate::icons::icon(crate::icons::Icon::Menu)}
                    {t().menu}
                </button>
                <div
                    class="topbar-items"
                    id="topbar-items"
                    on:click=move |ev| {
                        if top_menu::chose_command(&ev) {
                            menu_open.set(false);
                        }
                    }
                >
                // Before the first account there is nothing to choose, add or remove: the account
                // setup fills the page.
                <select
                    class="account-switch"
                    hidden=no_account
                    aria-label=t().account
                    on:change=move |ev| {
                        adding.set(false);
                        all_inboxes.shown.set(false);
                        accounts.current.set(Some(event_target_value(&ev)));
                    }
                >
                    <For each=move || accounts.list.get() key=|a| a.email.clone() let:a>
                        <option value=a.email.clone() selected=move || accounts.current.get().as_deref() == Some(a.email.as_str())>
                            {a.email.clone()}
                        </option>
                    </For>
                </select>
                <button class="quiet" hidden=no_account on:click=move |_| adding.set(true)>{t().add_account}</button>
                <span class="spacer"></span>
                <StopRemembering />
                <crate::settings::Settings />
                <crate::account::compatibility::CompatibilityNote />
                <crate::pwa::ConnectivityIndicator />
                <button
                    class="quiet"
                    data-testid="toggle-log"
                    aria-pressed=move || show_log.get().to_string()
                    on:click=move |_| show_log.update(|v| *v = !*v)
                >
                    {crate::icons::icon(crate::icons::Icon::Log)}
                    {t().protocol_log}
                </button>
                </div>
            </header>
            <main class="content">{main}</main>
            <Show when=move || show_log.get()>
                {crate::lazy::deferred(&LOG_PANE, ())}
            </Show>
            <crate::filters::FiltersDialog />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_first_screen_is_account_setup() {
        let document = leptos::prelude::document();
        let host = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&host).unwrap();
        let _handle = leptos::mount::mount_to(host.clone().unchecked_into(), App);
        // The accounts come from IndexedDB: the first screen follows once they are read.
        for _ in 0..100 {
            if host.query_selector("[data-testid=account-setup]").unwrap().is_some() {
                break;
            }
            let wait = js_sys::Promise::new(&mut |resolve, _| {
                let _ = web_sys::window()
                    .unwrap()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
        }
        let setup = host.query_selector("[data-testid=account-setup]").unwrap();
        assert!(setup.is_some(), "account setup not rendered: {}", host.inner_html());
        assert!(host.inner_html().contains("Add a mail account"));
    }
}
