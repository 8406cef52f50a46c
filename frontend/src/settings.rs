//! The settings menu: what every account shares (the language, see `i18n.rs`; the colour theme;
//! whether new mail is notified, see `announce.rs`), each account's signature
//! (`settings/signatures.rs`) and removing the current account (`settings/remove_account.rs`).
//!
//! The theme is `data-theme` on `<html>`: `light` or `dark` force one palette, absent follows
//! the system (`prefers-color-scheme`); frontend/style/main.css holds the palettes.

use leptos::prelude::*;

pub mod body_as;
mod identities;
pub mod mark_read;
mod remove_account;
mod signatures;
mod trusted_senders;

use body_as::BodyAsSetting;
use identities::Identities;
use mark_read::MarkReadSetting;
use remove_account::RemoveAccount;
use signatures::Signatures;
use trusted_senders::TrustedSenders;

use crate::i18n::{self, Locale, t};
use crate::menu::Menu;

/// How the app is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Self {
        match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// Where the chosen theme is kept.
const THEME_KEY: &str = "posthorn.theme";

/// The theme chosen before (`System` if none was).
pub fn stored_theme() -> Theme {
    crate::store::local_storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .map_or(Theme::System, |n| Theme::from_name(&n))
}

/// Colours the page with `theme`; called before the app mounts, so it does not flash the
/// other palette first.
pub fn apply_theme(theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.name()),
    };
}

/// The settings menu in the top bar: language, theme, Undo send, when a message is marked read,
/// notifications, signatures, the
/// senders whose remote images load, removing the current account.
#[component]
pub fn Settings() -> impl IntoView {
    let theme = RwSignal::new(stored_theme());
    let language = i18n::chosen().map_or("", Locale::tag);
    view! {
        <Menu
            class="settings-menu"
            testid="settings"
            panel="settings-panel"
            summary=view! { {crate::icons::icon(crate::icons::Icon::Settings)}{t().settings} }.into_any()
        >
                <label>
                    {t().language}
                    <select name="language" data-testid="language" on:change=move |ev| {
                        i18n::choose(Locale::from_tag(&event_target_value(&ev)));
                    }>
                        <option value="" selected=language.is_empty()>{t().language_browser}</option>
                        // Each language is named in itself, so that it can be found in any.
                        <option value="en" lang="en" selected=language == "en">"English"</option>
                        <option value="de" lang="de" selected=language == "de">"Deutsch"</option>
                    </select>
                </label>
                <label>
                    {t().theme}
                    <select name="theme" data-testid="theme" on:change=move |ev| {
                        let chosen = Theme::from_name(&event_target_value(&ev));
                        theme.set(chosen);
                        apply_theme(chosen);
                        if let Some(s) = crate::store::local_storage() {
                            let _ = s.set_item(THEME_KEY, chosen.name());
                        }
                    }>
                        <option value="system" selected=move || theme.get() == Theme::System>{t().theme_system}</option>
                        <option value="light" selected=move || theme.get() == Theme::Light>{t().theme_light}</option>
                        <option value="dark" selected=move || theme.get() == Theme::Dark>{t().theme_dark}</option>
                    </select>
                </label>
                // How long a sent message can still be taken back (outbox.rs).
                <label>
                    {t().undo_send}
                    <select name="undo_send" data-testid="undo-send-setting" on:change=move |ev| {
                        crate::outbox::choose_undo_seconds(event_target_value(&ev).parse().unwrap_or(0));
                    }>
                        {crate::outbox::UNDO_CHOICES
                            .into_iter()
                            .map(|n| {
                                let label = if n == 0 { t().undo_send_off.to_owned() } else { (t().undo_send_seconds)(n) };
                                view! { <option value=n.to_string() selected=crate::outbox::undo_seconds() == n>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <MarkReadSetting />
                <BodyAsSetting />
                // New-mail notifications while the tab is hidden (announce.rs).
                <label class="checkbox">
                    <input type="checkbox" name="notify" data-testid="notify"
                        prop:checked=crate::announce::notify_chosen()
                        on:change=move |ev| crate::announce::choose_notify(event_target_checked(&ev)) />
                    {t().notify_new_mail}
                </label>
                <crate::filters::FiltersButton />
                <Signatures />
                <Identities />
                <TrustedSenders />
                <RemoveAccount />
        </Menu>
    }
}
