//! The top bar's menu on a phone, where the bar's items fold behind one button (main.css): like
//! the app's other menus (menu.rs), Escape folds it with focus back on its button, and so does a
//! click outside the bar; a command chosen from it folds it too.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Folds the menu (`open`) on a click outside `bar`.
pub fn fold_on_outside_click(open: RwSignal<bool>, bar: NodeRef<leptos::html::Header>) {
    crate::menu::on_click_outside(bar, move |_| {
        if open.try_get_untracked() == Some(true) {
            open.set(false);
        }
    });
}

/// Escape in the bar folds an open menu and puts focus on `button`. A menu inside it (Settings)
/// takes its own Escape first (menu.rs stops it there).
pub fn escape(ev: leptos::ev::KeyboardEvent, open: RwSignal<bool>, button: NodeRef<leptos::html::Button>) {
    if ev.key() == "Escape" && open.try_get_untracked() == Some(true) {
        ev.stop_propagation();
        open.set(false);
        if let Some(button) = button.try_get_untracked().flatten() {
            let _ = button.focus();
        }
    }
}

/// Whether a click on the bar's items chose a command: on a button of the bar itself (or its icon
/// or text), not on one inside a menu's panel (Settings' Remove account asks its question there,
/// which must stay in view). Read from the path as it was when the click happened: the button
/// may be gone by now (replaced by that question).
pub fn chose_command(ev: &leptos::ev::MouseEvent) -> bool {
    let mut button = false;
    for target in ev.composed_path().iter() {
        let Ok(element) = target.dyn_into::<web_sys::Element>() else { continue };
        match element.tag_name().as_str() {
            "BUTTON" => button = true,
            "DETAILS" => return false,
            _ if element.id() == "topbar-items" => break,
            _ => {}
        }
    }
    button
}
