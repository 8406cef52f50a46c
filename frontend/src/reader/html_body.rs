//! An HTML body: the sanitised message in a sandboxed frame (no script, opaque origin), behind the
//! message's own Content-Security-Policy and the app's, and the bar that asks before remote images
//! load. Consent loads images and nothing else (`shared/src/message.rs`, `html_document`); it is
//! given for one message, or for every message from one sender, kept on this device
//! (trusted_senders.rs).

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::message::{Attachment, html_document, prepare_html};

use super::trusted_senders::{trust, trusted_senders};

/// One HTML part. `sender` is the From address, for the per-sender choice. `allow_remote`:
/// whether its remote images load, shared with the message's other HTML parts and its printout.
#[component]
pub fn HtmlBody(
    html: String,
    attachments: Vec<Attachment>,
    sender: Option<String>,
    allow_remote: RwSignal<bool>,
) -> impl IntoView {
    let prepared = StoredValue::new(prepare_html(&html, &attachments));
    let (remote_images, removed) = prepared.with_value(|p| (p.remote_images, p.removed_remote));
    let sender = sender.map(|s| s.to_lowercase()).filter(|s| !s.is_empty());
    // Whether the sender is trusted is known before the frame is made: a frame whose document is
    // replaced while it is still loading may keep the first one (seen in Chromium), and a trusted
    // sender's message would then stay without its images.
    let decided = RwSignal::new(true);
    if remote_images > 0
        && let Some(sender) = sender.clone()
    {
        decided.set(false);
        spawn_local(async move {
            if trusted_senders().await.contains(&sender) {
                allow_remote.try_set(true);
            }
            decided.try_set(true);
        });
    }
    let always_from = sender.filter(|_| remote_images > 0);
    let always_button = move || {
        always_from.clone().map(|sender| {
            let label = (crate::i18n::t().always_load_from)(&sender);
            let on_click = move |_| {
                let sender = sender.clone();
                allow_remote.set(true);
                spawn_local(async move {
                    if let Err(e) = trust(sender).await {
                        web_sys::console::warn_1(&e.0.into());
                    }
                });
            };
            view! { <button data-testid="always-load-remote" on:click=on_click>{label}</button> }
        })
    };
    let message = match (remote_images, removed) {
        (0, _) => crate::i18n::t().remote_removed.to_string(),
        (n, 0) => (crate::i18n::t().remote_blocked)(n),
        (n, m) => (crate::i18n::t().remote_blocked_and_removed)(n, m),
    };
    view! {
        {move || (decided.get() && prepared.with_value(|p| p.has_remote()) && !allow_remote.get()).then(|| view! {
            <div class="remote-bar" role="status" data-testid="remote-content-bar">
                <span>{message.clone()}</span>
                {(remote_images > 0).then(|| view! {
                    <button data-testid="load-remote" on:click=move |_| allow_remote.set(true)>
                        {crate::i18n::t().load_remote}
                    </button>
                })}
                {always_button()}
            </div>
        })}
        // No allow-scripts and no allow-same-origin: the message cannot run code or reach the app;
        // popups only so that links can open in a new tab.
        {move || decided.get().then(|| view! {
            <iframe
                class="html-body"
                data-testid="html-body"
                title=crate::i18n::t().message
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                referrerpolicy="no-referrer"
                srcdoc=move || prepared.with_value(|p| html_document(p, allow_remote.get()))
            ></iframe>
        })}
    }
}
