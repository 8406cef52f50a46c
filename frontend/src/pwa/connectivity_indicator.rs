//! Whether the browser is online, in the header.

use leptos::prelude::*;

/// "Online" or "Offline", from `navigator.onLine` and the `online`/`offline` events. Offline, the
/// app works from its local copy; the bridge and the mail servers are out of reach.
#[component]
pub fn ConnectivityIndicator() -> impl IntoView {
    let online = RwSignal::new(window().navigator().on_line());
    let up = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let down = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        up.remove();
        down.remove();
    });
    view! {
        <span
            class="connectivity"
            class:offline=move || !online.get()
            data-testid="connectivity"
            role="status"
            title=move || {
                if online.get() {
                    crate::i18n::t().online_title
                } else {
                    crate::i18n::t().offline_title
                }
            }
        >
            {move || if online.get() { crate::i18n::t().online } else { crate::i18n::t().offline }}
        </span>
    }
}
