//! How the reader shows a message's text, as Thunderbird's *View → Message Body As* offers it:
//! HTML as sent (sanitised, in its frame), or plain text always (the plain alternative where the
//! message has one, else its HTML as text: no frame, no remote content to load). Kept in this
//! browser for every account; each message can still be switched in its *More* menu.

use leptos::prelude::*;

use crate::i18n::t;

/// Where the choice is kept: `plain`, or nothing for HTML.
const KEY: &str = "posthorn.body_as";

/// Whether the reader starts a message in HTML (the default) rather than plain text.
pub fn html_chosen() -> bool {
    crate::store::local_storage().and_then(|s| s.get_item(KEY).ok().flatten()).as_deref() != Some("plain")
}

fn choose(html: bool) {
    if let Some(s) = crate::store::local_storage() {
        let _ = if html { s.remove_item(KEY) } else { s.set_item(KEY, "plain") };
    }
}

/// The choice in the settings menu.
#[component]
pub fn BodyAsSetting() -> impl IntoView {
    let html = html_chosen();
    view! {
        <label>
            {t().body_as}
            <select name="body_as" data-testid="body-as-setting"
                on:change=move |ev| choose(event_target_value(&ev) != "plain")>
                <option value="html" selected=html>{t().body_as_html}</option>
                <option value="plain" selected=!html>{t().body_as_plain}</option>
            </select>
        </label>
    }
}
