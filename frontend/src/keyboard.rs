//! The mail view from the keyboard: the shortcuts, where focus goes, and the dialog that lists
//! the shortcuts (`?`).
//!
//! The message list is an ARIA grid with one roving tab stop (WAI-ARIA Authoring Practices,
//! "Grid"): the row under the cursor has `tabindex=0`, the others `-1`, and `j`/`k` or the arrow
//! keys move the cursor and the focus. Opening a message moves focus to the reader; Escape closes
//! it and puts focus back on its row.

use leptos::prelude::*;
use posthorn_proto::compose::ReplyKind;
use posthorn_proto::imap::Flag;
use wasm_bindgen::JsCast;

use crate::composer::Composer;
use crate::i18n::t;
use crate::mail_state::MailState;

/// The list's keyboard cursor: the position (in the list's order) of the row that holds focus.
pub type Cursor = RwSignal<Option<u32>>;

/// Height of a message row in pixels, the one the list lays its rows out on (grid/virtual_rows.rs).
const ROW_HEIGHT: i32 = crate::grid::ROW_HEIGHT_PX as i32;

/// Whether keys typed at `target` are text, not shortcuts.
pub(crate) fn typing_into(target: Option<web_sys::EventTarget>) -> bool {
    target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| {
        match el.tag_name().as_str() {
            // A box of the message list just ticked (a row's, or the one above the list) takes no
            // letters: `e` then files what it ticked, as in Gmail. Elsewhere (settings) it is a form.
            "INPUT" => {
                el.get_attribute("type").as_deref() != Some("checkbox")
                    || el.closest(".message-list").ok().flatten().is_none()
            }
            "TEXTAREA" | "SELECT" => true,
            _ => el.is_content_editable(),
        }
    })
}

/// The move keys of every message list: j and the down arrow focus the next row, k and the up
/// arrow the one before (the first when none is focused yet), within `count` rows; `set` hears
/// the row. Whether `key` was one of them.
pub(crate) fn step_key(key: &str, at: Option<u32>, count: u32, set: impl FnOnce(u32)) -> bool {
    let forward = match key {
        "j" | "ArrowDown" => true,
        "k" | "ArrowUp" => false,
        _ => return false,
    };
    if count > 0 {
        let next = match at {
            None => 0,
            Some(i) if forward => (i + 1).min(count - 1),
            Some(i) => i.saturating_sub(1),
        };
        set(next);
        focus_row(next);
    }
    true
}

/// Scrolls the row at `index` into the list's viewport and focuses it once it is rendered (the
/// list is virtualised: a row far off may not exist until the scroll has been handled).
pub fn focus_row(index: u32) {
    let document = document();
    if let Some(viewport) = document
        .query_selector("[data-testid=message-list]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let top = index as i32 * ROW_HEIGHT;
        let (scroll, height) = (viewport.scroll_top(), viewport.client_height());
        if top < scroll {
            viewport.set_scroll_top(top);
        } else if top + ROW_HEIGHT > scroll + height {
            viewport.set_scroll_top(top + ROW_HEIGHT - height);
        }
    }
    focus_when_rendered(format!("[data-testid=message-list] [aria-rowindex=\"{}\"]", index + 1), 10);
}

thread_local! {
    /// Whether focus was last on a message row (a `focusin` listener keeps it): a row that is
    /// rendered again (its flags or selection changed) replaces the focused element, and the
    /// focus must follow to the new one.
    static ON_ROW: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called when the row at `index` (the cursor's) was rendered again: gives it focus back if the
/// old element had it, and nothing else took it since.
pub fn keep_focus(index: u32) {
    // Checked again on the frame it is given: a key that moved the cursor meanwhile (or a
    // dialog that opened) keeps the focus it gave.
    focus_rendered(format!("[data-testid=message-list] [aria-rowindex=\"{}\"]", index + 1), 3, true);
}

/// Focuses `node` on the next frame, once what was just set to show it is rendered (a form opened,
/// a question asked, a screen mounted). By then the view may be gone again (the unlock screen
/// replaced in the same frame): nothing to focus then.
pub fn focus_next_frame<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    request_animation_frame(move || {
        if let Some(el) = node.try_get_untracked().flatten() {
            let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });
}

/// The toolbar's "Move to…", to choose a folder with the arrow keys (`v`, as in Gmail). On a
/// phone, where the toolbar is folded behind Actions, it is unfolded first.
pub(crate) fn focus_move_target() {
    let folded = document()
        .query_selector("[data-testid=actions-toggle][aria-expanded=false]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|toggle| toggle.offset_parent().is_some());
    if let Some(toggle) = folded {
        toggle.click();
    }
    focus_when_rendered("[data-testid=move-target]".into(), 2);
}

/// Focuses the element matching `selector`, trying again on the next frames while it is not there.
pub fn focus_when_rendered(selector: String, tries: u32) {
    focus_rendered(selector, tries, false);
}

/// [`focus_when_rendered`]; `while_lost`: only as long as the focus is lost (on nothing, or the
/// page's body) and was last on a row, checked on every frame it tries.
fn focus_rendered(selector: String, tries: u32, while_lost: bool) {
    request_animation_frame(move || {
        let lost = document().active_element().is_none_or(|e| e.tag_name() == "BODY");
        if while_lost && !(lost && ON_ROW.with(std::cell::Cell::get)) {
            return;
        }
        match document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            Some(el) => {
                let _ = el.focus();
            }
            None if tries > 0 => focus_rendered(selector, tries - 1, while_lost),
            None => {}
        }
    });
}

/// Installs the mail view's shortcuts on the window for the life of the calling component.
pub fn install(state: &MailState, composer: Composer, cursor: Cursor, help: NodeRef<leptos::html::Dialog>) {
    let focus_handle = window_event_listener(leptos::ev::focusin, move |ev| {
        let row = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.get_attribute("data-testid").as_deref() == Some("message-row"));
        ON_ROW.with(|r| r.set(row));
    });
    on_cleanup(move || focus_handle.remove());
    let state = state.clone();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        // Ctrl + Enter sends; Ctrl + Z takes back the last move as z does, Ctrl + A ticks every
        // row, Ctrl + E edits the open message as a new one (as in Thunderbird).
        if typing_into(ev.target())
            || ev.alt_key()
            || ev.meta_key()
            || (ev.ctrl_key() && !matches!(ev.key().as_str(), "Enter" | "z" | "a" | "e"))
        {
            return;
        }
        // While a dialog is open its own keys apply (Escape closes it).
        if help.get_untracked().is_some_and(|d| d.open())
            || composer.form.with_untracked(Option::is_some) && ev.key() == "Escape" && composer_has_focus()
        {
            return;
        }
        let open = state.reader.message.get_untracked();
        let targets = state.list.targets(state.reader);
        let count = state
            .search
            .hits
            .with_untracked(|s| s.as_ref().map(Vec::len))
            .unwrap_or_else(|| state.list_len()) as u32;
        let uid_at = |index: u32| {
            state
                .search
                .found
                .with_untracked(|s| s.as_ref().and_then(|v| v.get(index as usize).copied()))
                .or_else(|| state.list.order.with_untracked(|o| o.get(index as usize).copied()))
        };
        if step_key(&ev.key(), cursor.get_untracked(), count, |i| cursor.set(Some(i))) {
            ev.prevent_default();
            return;
        }
        let handled = match ev.key().as_str() {
            "Enter" if !ev.ctrl_key() => match cursor.get_untracked().and_then(uid_at) {
                // Enter on a button or link is that control's own.
                Some(uid) if on_row(ev.target()) => {
                    state.open_message(uid);
                    true
                }
                _ => false,
            },
            "a" if ev.ctrl_key() => {
                if !on_row(ev.target()) {
                    return;
                }
                state.tick_every();
                true
            }
            // With no message open, Escape clears the ticks.
            "Escape" if open.is_none() => {
                state.clear_ticks();
                true
            }
            "Escape" => {
                if let Some((uid, _, _)) = open {
                    state.reader.message.set(None);
                    let index = state
                        .search
                        .found
                        .with_untracked(|s| s.as_ref().and_then(|v| v.iter().position(|u| *u == uid)))
                        .or_else(|| state.list_position(uid));
                    if let Some(index) = index {
                        cursor.set(Some(index as u32));
                        focus_row(index as u32);
                    }
                }
                true
            }
            "r" | "a" => match &open {
                Some((_, message, _)) => {
                    let kind = if ev.key() == "a" { ReplyKind::All } else { ReplyKind::Sender };
                    composer.reply(message, kind);
                    true
                }
                None => false,
            },
            // Shift + X: every row from the last one ticked to this one.
            "x" | "X" => match cursor.get_untracked() {
                Some(index) => {
                    state.tick_row(index as usize, ev.key() == "X");
                    true
                }
                None => false,
            },
            "f" => match &open {
                Some((_, message, _)) => {
                    composer.forward(message, None);
                    true
                }
                None => false,
            },
            "c" => {
                composer.new_message();
                true
            }
            // The next unread message below the cursor, opened (Thunderbird's n); the list's rows
            // not loaded yet are passed by.
            "n" => {
                let start = cursor.get_untracked().map_or(0, |i| i + 1);
                let unread = |i: &u32| {
                    uid_at(*i).is_some_and(|uid| {
                        state.list.rows.with_untracked(|r| r.get(&uid).is_some_and(|r| !r.seen))
                    })
                };
                match (start..count).find(unread) {
                    Some(index) => {
                        cursor.set(Some(index));
                        focus_row(index);
                        if let Some(uid) = uid_at(index) {
                            state.open_message(uid);
                        }
                    }
                    None => state.status.set(crate::i18n::t().no_more_unread.into()),
                }
                true
            }
            // The search field, as in Gmail and most web apps.
            "/" => {
                focus_when_rendered("[data-testid=search]".into(), 0);
                true
            }
            // The toolbar's "Move to…", to choose a folder with the arrow keys (as in Gmail).
            "v" => {
                focus_move_target();
                true
            }
            "?" => {
                if let Some(dialog) = help.get_untracked() {
                    let _ = dialog.show_modal();
                }
                true
            }
            "Delete" | "#" => {
                state.delete(targets);
                true
            }
            "e" if ev.ctrl_key() => match &open {
                Some((_, message, _)) => {
                    composer.edit_as_new(message);
                    true
                }
                None => false,
            },
            "e" => {
                if state.conversation_targeted() {
                    state.archive_conversation();
                } else {
                    state.archive(targets);
                }
                true
            }
            "!" => {
                if state.conversation_targeted() {
                    state.junk_conversation();
                } else {
                    state.junk(targets);
                }
                true
            }
            "z" => {
                state.undo_move();
                true
            }
            "m" => {
                state.set_flag(targets, Flag::Seen, true);
                true
            }
            "u" => {
                state.set_flag(targets, Flag::Seen, false);
                true
            }
            "C" => {
                state.mark_all_read();
                true
            }
            "s" => {
                state.set_flag(targets, Flag::Flagged, true);
                true
            }
            // Tags, as in Thunderbird (mail_state/tags.rs).
            "1" | "2" | "3" | "4" | "5" => {
                state.toggle_tag(targets, ev.key().parse().unwrap_or(0));
                true
            }
            "0" => {
                state.clear_tags(targets);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Whether focus is inside the composer (its own keys apply there).
pub(crate) fn composer_has_focus() -> bool {
    document().active_element().is_some_and(|e| e.closest("[data-testid=composer]").ok().flatten().is_some())
}

/// Whether the key went to a message row (or to the page itself, with nothing focused).
pub(crate) fn on_row(target: Option<web_sys::EventTarget>) -> bool {
    match target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
        Some(el) => {
            el.get_attribute("data-testid").as_deref() == Some("message-row") || el.tag_name() == "BODY"
        }
        None => true,
    }
}

/// The dialog listing the shortcuts; `?` opens it, Escape or its button closes it (a modal
/// `<dialog>`: the browser keeps focus inside it and gives it back on close).
#[component]
pub fn ShortcutsDialog(node: NodeRef<leptos::html::Dialog>, cursor: Cursor) -> impl IntoView {
    // Where the browser gives focus back to nothing, it goes back to the list's cursor.
    let on_close = move |_| {
        let lost = document().active_element().is_none_or(|e| e.tag_name() == "BODY");
        if lost && let Some(index) = cursor.get_untracked() {
            focus_row(index);
        }
    };
    view! {
        <dialog class="shortcuts" data-testid="shortcuts" aria-labelledby="shortcuts-title" node_ref=node on:close=on_close>
            <h2 id="shortcuts-title">{t().shortcuts_title}</h2>
            <dl>
                {t().shortcuts.iter().map(|(keys, what)| view! {
                    <div class="shortcut">
                        <dt><kbd>{*keys}</kbd></dt>
                        <dd>{*what}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <form method="dialog">
                <button data-testid="close-shortcuts">{t().close}</button>
            </form>
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Two of the browser's frames: what was queued for the next one has run.
    async fn two_frames() {
        for _ in 0..2 {
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                let _ = web_sys::window().expect("a window").request_animation_frame(&resolve);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
    }

    #[wasm_bindgen_test]
    async fn focus_queued_for_a_view_gone_before_the_frame_does_nothing() {
        // As an unlock screen drawn and replaced within one frame: its field's focus was queued,
        // then its view (and the field's NodeRef) went.
        // A panic in the frame's callback is outside this test's future: a hook notes it.
        static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| PANICKED.store(true, std::sync::atomic::Ordering::SeqCst)));
        let owner = Owner::new();
        let field = owner.with(NodeRef::<leptos::html::Input>::new);
        focus_next_frame(field);
        owner.cleanup();
        two_frames().await;
        std::panic::set_hook(previous);
        assert!(field.try_get_untracked().is_none(), "the view is gone");
        assert!(!PANICKED.load(std::sync::atomic::Ordering::SeqCst), "and the queued focus did not panic");
    }
}
