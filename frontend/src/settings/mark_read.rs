//! When an opened message is marked read (`\Seen`), as Thunderbird's *Automatically mark messages
//! as read* offers it: at once, after it was shown for a few seconds (a message glanced at in
//! passing stays unread), or never (read marks only by hand: `m`, the toolbar). Kept in this
//! browser for every account; the reader and the conversation view ask it
//! (`MailState::mark_read_when_shown`).

use leptos::prelude::*;

use crate::i18n::t;

/// When an opened message is marked read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRead {
    /// As soon as it shows.
    AtOnce,
    /// After it showed this many seconds, if it still does.
    After(u32),
    /// Never by opening it.
    Never,
}

/// The delay offered, in seconds (Thunderbird's default for its delayed choice).
const DELAY: u32 = 5;

/// Where the choice is kept.
const KEY: &str = "posthorn.mark_read";

impl MarkRead {
    fn name(self) -> String {
        match self {
            MarkRead::AtOnce => "now".into(),
            MarkRead::After(s) => s.to_string(),
            MarkRead::Never => "never".into(),
        }
    }

    fn from_name(name: &str) -> Self {
        match name {
            "never" => MarkRead::Never,
            other => other.parse().ok().filter(|s| *s > 0).map_or(MarkRead::AtOnce, MarkRead::After),
        }
    }
}

/// The choice made in this browser (at once where none was).
pub fn chosen() -> MarkRead {
    crate::store::local_storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map_or(MarkRead::AtOnce, |n| MarkRead::from_name(&n))
}

fn choose(choice: MarkRead) {
    if let Some(s) = crate::store::local_storage() {
        let _ = if choice == MarkRead::AtOnce { s.remove_item(KEY) } else { s.set_item(KEY, &choice.name()) };
    }
}

/// The choice in the settings menu.
#[component]
pub fn MarkReadSetting() -> impl IntoView {
    let now = chosen();
    let choices = [MarkRead::AtOnce, MarkRead::After(DELAY), MarkRead::Never];
    view! {
        <label>
            {t().mark_read_when}
            <select name="mark_read" data-testid="mark-read-setting"
                on:change=move |ev| choose(MarkRead::from_name(&event_target_value(&ev)))>
                {choices.into_iter().map(|c| {
                    let label = match c {
                        MarkRead::AtOnce => t().mark_read_at_once.to_owned(),
                        MarkRead::After(s) => (t().mark_read_after)(s),
                        MarkRead::Never => t().mark_read_never.to_owned(),
                    };
                    view! { <option value=c.name() selected=now == c>{label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::MarkRead;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn choices_are_kept_by_name() {
        for choice in [MarkRead::AtOnce, MarkRead::After(5), MarkRead::Never] {
            assert_eq!(MarkRead::from_name(&choice.name()), choice);
        }
        assert_eq!(MarkRead::from_name("0"), MarkRead::AtOnce);
        assert_eq!(MarkRead::from_name("garbage"), MarkRead::AtOnce);
    }
}
