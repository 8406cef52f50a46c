//! The POP3 inbox from the keyboard, with the keys of a folder's list (`frontend/src/keyboard.rs`):
//! j/k and the arrows move along the list, Enter opens, Escape closes the message and puts focus
//! back on its row, r and a reply, c writes a new message.

use posthorn_proto::compose::ReplyKind;

use super::*;
use crate::composer::Composer;
use crate::keyboard::{focus_row, on_row, step_key, typing_into};

/// Installs the keys on the window for the life of the calling view.
pub(super) fn install(
    state: Pop3State,
    messages: Memo<Vec<Kept>>,
    cursor: RwSignal<u32>,
    composer: Composer,
) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if typing_into(ev.target())
            || ev.alt_key()
            || ev.meta_key()
            || ev.ctrl_key()
            || composer.form.with_untracked(Option::is_some)
        {
            return;
        }
        let count = messages.with_untracked(Vec::len) as u32;
        let open = state.open.get_untracked();
        if step_key(&ev.key(), Some(cursor.get_untracked()), count, |i| cursor.set(i)) {
            ev.prevent_default();
            return;
        }
        let handled = match ev.key().as_str() {
            "Enter" if on_row(ev.target()) => {
                let id = messages.with_untracked(|m| m.get(cursor.get_untracked() as usize).map(|k| k.id));
                if let Some(id) = id {
                    state.open_message(id);
                }
                id.is_some()
            }
            "Escape" => match open {
                Some((id, _, _)) => {
                    state.open.set(None);
                    if let Some(index) = messages.with_untracked(|m| m.iter().position(|k| k.id == id)) {
                        cursor.set(index as u32);
                        focus_row(index as u32);
                    }
                    true
                }
                None => false,
            },
            "r" | "a" => match &open {
                Some((_, message, _)) => {
                    composer.reply(message, if ev.key() == "a" { ReplyKind::All } else { ReplyKind::Sender });
                    true
                }
                None => false,
            },
            "c" => {
                composer.new_message();
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
