//! A menu that folds out of a button: a `<details>` element (HTML, 4.11.1), so a screen reader
//! hears its summary as a button that is expanded or collapsed, and it works without script.
//! Script adds what a menu button is expected to do (WAI-ARIA Authoring Practices, "Disclosure"):
//! Escape closes it and puts focus back on its button, without reaching the mail view's own
//! Escape (keyboard.rs, which would close the open message); a click anywhere outside closes it;
//! and where `closes_on_choice` is set, choosing one of its buttons closes it too. The handlers
//! read the element with `try_get_untracked`: a click can take the menu out of the page (open
//! another message) while the browser is still handing the same click to them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A menu whose button shows `summary` and whose panel holds `children`.
#[component]
pub fn Menu(
    /// The class of the `<details>` element (its look: main.css).
    class: &'static str,
    /// `data-testid` of the `<details>` element.
    testid: &'static str,
    /// What the button shows.
    summary: AnyView,
    /// The button's tooltip, where it may show an icon alone.
    #[prop(optional)]
    title: Option<&'static str>,
    /// The panel's class.
    #[prop(default = "menu-panel")]
    panel: &'static str,
    /// Whether a click on one of the panel's buttons closes the menu.
    #[prop(optional)]
    closes_on_choice: bool,
    children: Children,
) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    on_click_outside(details, |menu| {
        if menu.open() {
            menu.set_open(false);
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(menu) = details.try_get_untracked().flatten() else { return };
        if ev.key() == "Escape" && menu.open() {
            ev.stop_propagation();
            ev.prevent_default();
            menu.set_open(false);
            focus_summary(&menu);
        }
    };
    let on_choice = move |ev: leptos::ev::MouseEvent| {
        let chose = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button").ok().flatten())
            .is_some();
        if let Some(menu) = details.try_get_untracked().flatten().filter(|_| closes_on_choice && chose) {
            menu.set_open(false);
            focus_summary(&menu);
        }
    };
    view! {
        <details class=class data-testid=testid node_ref=details on:keydown=on_keydown>
            <summary title=title>{summary}</summary>
            <div class=panel on:click=on_choice>{children()}</div>
        </details>
    }
}

/// Calls `close` with `node`'s element on every click outside it, for as long as the calling view
/// lives (the top bar's phone menu, app/top_menu.rs, folds the same way). Outside by the click's
/// path as it was when the click happened: a control inside that the click itself took out of
/// the page (a button a question replaces) is still inside.
pub fn on_click_outside<E>(node: NodeRef<E>, close: impl Fn(E::Output) + 'static)
where
    E: leptos::html::ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let handle = window_event_listener(leptos::ev::click, move |ev| {
        let Some(element) = node.try_get_untracked().flatten() else { return };
        if !ev.composed_path().includes(element.unchecked_ref(), 0) {
            close(element);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Puts focus on the menu's button.
fn focus_summary(menu: &web_sys::HtmlDetailsElement) {
    if let Some(summary) =
        menu.query_selector("summary").ok().flatten().and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = summary.focus();
    }
}
