//! Print: the shown message alone, as the engine lays it out for paper
//! (`shared/src/message/print_document.rs`), in a frame of its own whose `print()` is called
//! instead of the app page's. The reader's HTML frame has a fixed height and scrolls inside, so
//! the browser's printout of the page would cut a long message.
//!
//! The frame is sandboxed without `allow-scripts`, so nothing in the message runs (and its
//! document forbids script as the reader's does). `allow-same-origin` lets the app call the
//! frame's `print()`; `allow-modals`, without which a sandboxed document's `print()` does nothing
//! (HTML, 8.8.1 "Printing"). Ctrl+P (Cmd+P) prints the shown message, as in Thunderbird, instead
//! of the app's page.

use posthorn_proto::message::ReadableMessage;
use posthorn_proto::message::print_document::{Field, PrintChoices, PrintWords, print_document};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::i18n::t;

/// The frame's `data-testid`; there is at most one.
const FRAME: &str = "print-frame";

/// The printout's words: the reader's own.
struct Words {
    /// When the server got the message, the date where it has none (as the reader shows it).
    received: Option<i64>,
}

impl PrintWords for Words {
    fn field(&self, field: Field) -> String {
        let label = match field {
            Field::From => t().from_label,
            Field::To => t().to_label,
            Field::Cc => t().cc_label,
            Field::Date => t().date_label,
            Field::Attachments => t().attachments,
        };
        label.trim_end().to_owned()
    }
    fn subject(&self, message: &ReadableMessage) -> String {
        super::subject_shown(message)
    }
    fn sender(&self, message: &ReadableMessage) -> String {
        super::sender_shown(message)
    }
    fn date(&self, message: &ReadableMessage) -> String {
        // Only the outer message has an arrival time; an inline one has its Date or nothing.
        let received = self.received.filter(|_| message.timestamp.is_none());
        super::body_parts::date_line(message, received)
    }
    fn size(&self, bytes: usize) -> String {
        crate::format::size(bytes as u64)
    }
}

/// Prints `message` as the reader shows it (`choices`): a new frame replaces the last one, and
/// goes once its printing is over.
pub fn print(message: &ReadableMessage, choices: PrintChoices, received: Option<i64>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    remove_frame(&document);
    let html = print_document(message, &Words { received }, choices, crate::i18n::locale().tag());
    let Some(frame) =
        document.create_element("iframe").ok().and_then(|e| e.dyn_into::<web_sys::HtmlIFrameElement>().ok())
    else {
        return;
    };
    let _ = frame.set_attribute("data-testid", FRAME);
    let _ = frame.set_attribute("sandbox", "allow-same-origin allow-modals");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    frame.set_class_name("print-frame");
    let _ = frame.set_attribute("srcdoc", &html);
    let loaded = frame.clone();
    let on_load = Closure::once_into_js(move || {
        // A turn later, so that the frame's images are decoded and its layout is done.
        leptos::task::spawn_local(async move {
            crate::net::clock::sleep(std::time::Duration::from_millis(0)).await;
            let Some(window) = loaded.content_window() else { return };
            let gone = loaded.clone();
            let after = Closure::once_into_js(move || gone.remove());
            let _ = window.add_event_listener_with_callback("afterprint", after.unchecked_ref());
            if window.print().is_err() {
                loaded.remove();
            }
        });
    });
    let _ = frame.add_event_listener_with_callback("load", on_load.unchecked_ref());
    if let Some(body) = document.body() {
        let _ = body.append_child(&frame);
    }
}

fn remove_frame(document: &web_sys::Document) {
    if let Ok(Some(old)) = document.query_selector(&format!("[data-testid={FRAME}]")) {
        old.remove();
    }
}

/// Ctrl+P (Cmd+P) while a message is shown prints that message: the one that holds the focus,
/// else the last one shown (a conversation's newest). Elsewhere, and while writing, the browser
/// prints the page as usual.
pub fn install_shortcut() {
    let handle = leptos::prelude::window_event_listener(leptos::ev::keydown, |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || !ev.key().eq_ignore_ascii_case("p") {
            return;
        }
        if crate::keyboard::composer_has_focus() {
            return;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        // The nearest ancestor of the focus that holds a Print button: in a conversation, the
        // focused message's own; from the list, the page's.
        let mut at = document.active_element();
        while let Some(element) = at {
            let buttons = element.query_selector_all("[data-testid=print-message]").ok();
            let last = buttons.and_then(|all| all.item(all.length().checked_sub(1)?));
            if let Some(print) = last.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                ev.prevent_default();
                print.click();
                return;
            }
            at = element.parent_element();
        }
    });
    // For the life of the page.
    std::mem::forget(handle);
}
