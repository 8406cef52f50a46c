//! Every text a person reads, in English and German.
//!
//! One table per language ([`en::TEXT`], [`de::TEXT`]), both of type [`Text`]: a field missing in
//! one language does not compile, and the wasm carries plain string constants and a few small
//! functions (a message catalogue crate would cost more than the texts themselves). Texts with
//! values in them are functions of those values, so each language orders its own words.
//! A part of the app with many texts of its own (engine errors, connections, delivery, the
//! Servers note) has a table of its own inside `Text` (`i18n/text/`, with each language's in
//! `i18n/en/` and `i18n/de/`), read as `t().engine.err_refused`.
//!
//! The language is chosen once per page load: the one picked in the settings (kept in
//! localStorage), else the first of `navigator.languages` that Posthorn speaks, else English.
//! Changing it in the settings stores the choice and reloads the page, so no view needs to
//! follow a signal for its words.

mod de;
mod en;
mod text;

use std::cell::Cell;

pub use text::Text;

/// A language Posthorn speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    De,
}

impl Locale {
    /// The BCP 47 tag, for `lang` and for `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The locale of a BCP 47 tag by its primary language subtag (`de-AT` is German).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else if primary.eq_ignore_ascii_case("de") {
            Some(Locale::De)
        } else {
            None
        }
    }
}

/// Where the choice made in the settings is kept; absent: follow the browser.
const STORAGE_KEY: &str = "posthorn.locale";

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
}

/// The language chosen in the settings, if one was.
pub fn chosen() -> Option<Locale> {
    Locale::from_tag(&crate::store::local_storage()?.get_item(STORAGE_KEY).ok()??)
}

/// The first of the browser's languages (`navigator.languages`, in the person's order) that
/// Posthorn speaks.
fn from_browser() -> Option<Locale> {
    let navigator = web_sys::window()?.navigator();
    navigator.languages().iter().filter_map(|l| l.as_string()).find_map(|l| Locale::from_tag(&l))
}

/// Chooses the language for this page load and writes it into `<html lang>`; called before the
/// app mounts.
pub fn init() {
    let locale = chosen().or_else(from_browser).unwrap_or(Locale::En);
    CURRENT.with(|c| c.set(locale));
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// The language of this page load.
pub fn locale() -> Locale {
    CURRENT.with(Cell::get)
}

/// Keeps `choice` (`None`: follow the browser) and reloads the page in that language.
pub fn choose(choice: Option<Locale>) {
    if let Some(s) = crate::store::local_storage() {
        let _ = match choice {
            Some(l) => s.set_item(STORAGE_KEY, l.tag()),
            None => s.remove_item(STORAGE_KEY),
        };
    }
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// The texts in the language of this page load.
pub fn t() -> &'static Text {
    match locale() {
        Locale::En => &en::TEXT,
        Locale::De => &de::TEXT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn tags() {
        assert_eq!(Locale::from_tag("de-AT"), Some(Locale::De));
        assert_eq!(Locale::from_tag("DE"), Some(Locale::De));
        assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr-FR"), None);
        assert_eq!(Locale::from_tag(""), None);
    }
}
