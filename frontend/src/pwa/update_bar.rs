//! The bar that offers a new version of the app.

use std::sync::atomic::Ordering;

use leptos::prelude::*;
use web_sys::ServiceWorker;

use super::{RELOAD_REQUESTED, register};

/// "A new version of Posthorn is available — Reload", shown while a new worker waits.
#[component]
pub(super) fn UpdateBar() -> impl IntoView {
    let waiting = RwSignal::new_local(None::<ServiceWorker>);
    register(waiting);
    let reload = move |_| {
        if let Some(worker) = waiting.get_untracked() {
            RELOAD_REQUESTED.store(true, Ordering::Relaxed);
            // The worker calls skipWaiting(); the page reloads on `controllerchange`.
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            if worker.post_message(&message).is_err() {
                let _ = window().location().reload();
            }
        }
    };
    view! {
        <Show when=move || waiting.with(Option::is_some)>
            <div class="update-bar" role="status" data-testid="update-bar">
                <span>{crate::i18n::t().new_version}</span>
                <button data-testid="update-reload" on:click=reload>
                    {crate::i18n::t().reload}
                </button>
            </div>
        </Show>
    }
}
