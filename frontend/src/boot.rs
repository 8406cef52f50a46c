//! The loading screen: index.html shows it from the first paint while the WebAssembly arrives
//! (frontend/assets/boot.js draws the progress, and says why if the app cannot start). Whatever
//! the app mounts first, the app itself or the "open in another tab" notice (single_tab.rs),
//! takes its place.

/// The screen's element id in index.html.
const BOOT_ID: &str = "boot";

/// Removes the loading screen; call just before mounting the first view. Does nothing when it is
/// already gone (a second mount) or missing (the wasm tests' own page).
pub fn done() {
    if let Some(screen) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(BOOT_ID))
    {
        screen.remove();
    }
}
