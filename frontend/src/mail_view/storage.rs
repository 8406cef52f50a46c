//! Under the folder actions, where the server has quotas (RFC 9208): how much of the account's
//! storage is used, as a meter and in words, and a warning in plain words when it is nearly or
//! wholly full, before the server refuses new mail or a copy in Sent for it.

use leptos::prelude::*;

use crate::format::size;
use crate::i18n::t;
use crate::mail_state::FolderStore;

/// From this share on, the meter warns and says why.
const NEARLY_FULL: f64 = 0.9;

#[component]
pub(super) fn Storage() -> impl IntoView {
    let folders = expect_context::<FolderStore>();
    move || {
        folders.quota.get().filter(|q| q.limit > 0).map(|q| {
            // STORAGE counts units of 1024 octets (RFC 9208 section 5.1).
            let (used, limit) = (q.usage.saturating_mul(1024), q.limit.saturating_mul(1024));
            let share = q.share();
            let warning = if share >= 1.0 {
                Some(t().storage_full)
            } else if share >= NEARLY_FULL {
                Some(t().storage_nearly_full)
            } else {
                None
            };
            let words = (t().storage_used)(&size(used), &size(limit));
            view! {
                <div class="storage" data-testid="storage">
                    <label for="storage-meter">{t().storage}</label>
                    <meter id="storage-meter" min="0" max=q.limit.to_string() value=q.usage.to_string()
                        low=(q.limit as f64 * 0.75).to_string() high=(q.limit as f64 * NEARLY_FULL).to_string() optimum="0"
                        aria-valuetext=words.clone()></meter>
                    <span class="storage-words" data-testid="storage-words">{words}</span>
                    {warning.map(|w| view! { <p class="storage-warning" role="status" data-testid="storage-warning">{w}</p> })}
                </div>
            }
        })
    }
}
