//! Dragging messages from the list onto a folder of the folder pane moves them there, as
//! "Move to…" does; with Ctrl (or Alt, as on a Mac's Option key) held it copies them, as "Copy"
//! does. HTML drag and drop: the row puts its account, folder and UIDs (one for a
//! message, the open folder's messages for a conversation) in the drag's data under [`KIND`]; a
//! folder takes the drop only when they are the open folder's, so a drag from another tab
//! (another account, or the same UIDs of another folder) moves nothing. A folder of the person's
//! own dragged onto another moves into it, as *Rename or move* does.

use leptos::prelude::GetUntracked;
use web_sys::DragEvent;

use crate::mail_state::MailState;

/// The drag data's type for messages of a list.
const KIND: &str = "application/x-posthorn-messages";

/// The drag data's type for a folder of the folder pane (its name as shown).
const FOLDER_KIND: &str = "application/x-posthorn-folder";

/// Whether rows can be dragged: not where the main pointer is a finger (`pointer: coarse`),
/// where a long press scrolls or opens the browser's own menu. Asked once per list.
pub(crate) fn rows_draggable() -> bool {
    !web_sys::window()
        .and_then(|w| w.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Starts a row's drag of `uids` of `state`'s open folder: what it carries, one per line (its
/// account, the folder, the UIDs apart by spaces), and that it is a move.
pub(crate) fn start(ev: &DragEvent, state: &MailState, uids: &[u32]) {
    let (Some(data), Some(folder)) = (ev.data_transfer(), state.folders.open.get_untracked()) else { return };
    if uids.is_empty() {
        return;
    }
    // What the drop will move: where the row is ticked, every ticked row goes with it.
    let moving = state.list.dragged(uids.to_vec()).len();
    let uids: Vec<String> = uids.iter().map(u32::to_string).collect();
    let text = format!("{}\n{}\n{}", state.account.email, folder.as_wire(), uids.join(" "));
    let _ = data.set_data(KIND, &text);
    data.set_effect_allowed("copyMove");
    if moving > uids.len() {
        show_count(&data, moving);
    }
}

/// The drag's picture for several rows: how many messages go, as a badge (the browser's picture
/// would be the one row held). The element is drawn off screen for the browser to copy (HTML
/// drag and drop: `setDragImage` takes a rendered element) and removed right after.
fn show_count(data: &web_sys::DataTransfer, count: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(badge), Some(body)) = (document.create_element("div"), document.body()) else { return };
    badge.set_class_name("drag-count");
    badge.set_text_content(Some(&(crate::i18n::t().conversation_count)(count)));
    if body.append_child(&badge).is_ok() {
        data.set_drag_image(&badge, 12, 12);
        leptos::prelude::request_animation_frame(move || badge.remove());
    }
}

/// Whether a drag carries messages (its data can be read only on the drop), and shows a move,
/// or a copy ([`copies`]), where it does.
pub(crate) fn carries_messages(ev: &DragEvent) -> bool {
    let Some(data) = ev.data_transfer() else { return false };
    let carries = data.types().includes(&KIND.into(), 0);
    if carries {
        data.set_drop_effect(if copies(ev) { "copy" } else { "move" });
    }
    carries
}

/// Whether a drag, or a click on Move (message_list.rs), copies rather than moves: Ctrl held, or
/// Alt (a Mac's Option key).
pub(crate) fn copies(ev: &web_sys::MouseEvent) -> bool {
    ev.ctrl_key() || ev.alt_key()
}

/// The account, folder (its wire name) and UIDs a dropped drag carries.
pub(crate) fn dropped(ev: &DragEvent) -> Option<(String, String, Vec<u32>)> {
    let text = ev.data_transfer()?.get_data(KIND).ok()?;
    parse(&text)
}

fn parse(text: &str) -> Option<(String, String, Vec<u32>)> {
    let mut lines = text.split('\n');
    let (account, folder, uids) = (lines.next()?, lines.next()?, lines.next()?);
    let uids: Vec<u32> = uids.split(' ').map(str::parse).collect::<Result<_, _>>().ok()?;
    (lines.next().is_none() && !uids.is_empty()).then(|| (account.to_owned(), folder.to_owned(), uids))
}

/// Whether a drag carries files from outside the browser (message files to import,
/// mail_state/import.rs), and shows a copy where it does.
pub(crate) fn carries_files(ev: &DragEvent) -> bool {
    let Some(data) = ev.data_transfer() else { return false };
    let carries = data.types().includes(&"Files".into(), 0);
    if carries {
        data.set_drop_effect("copy");
    }
    carries
}

/// The files a dropped drag carries.
pub(crate) fn dropped_files(ev: &DragEvent) -> Vec<web_sys::File> {
    crate::files::list(ev.data_transfer().and_then(|d| d.files()))
}

/// Starts the drag of a folder of the folder pane onto another, to move it there
/// (folder_list.rs keeps which folder it is: a drag from another tab carries none).
pub(crate) fn start_folder(ev: &DragEvent, shown: &str) {
    let Some(data) = ev.data_transfer() else { return };
    let _ = data.set_data(FOLDER_KIND, shown);
    data.set_effect_allowed("move");
}

/// Whether a drag carries a folder, and shows a move where it does.
pub(crate) fn carries_folder(ev: &DragEvent) -> bool {
    let Some(data) = ev.data_transfer() else { return false };
    let carries = data.types().includes(&FOLDER_KIND.into(), 0);
    if carries {
        data.set_drop_effect("move");
    }
    carries
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_what_a_row_put_in_and_nothing_else() {
        assert_eq!(
            parse("alice@example.org\nINBOX/Entw&APw-rfe\n42"),
            Some(("alice@example.org".into(), "INBOX/Entw&APw-rfe".into(), vec![42]))
        );
        assert_eq!(
            parse("alice@example.org\nINBOX\n7 42"),
            Some(("alice@example.org".into(), "INBOX".into(), vec![7, 42]))
        );
        assert_eq!(parse("alice@example.org\nINBOX"), None, "no UID");
        assert_eq!(parse("alice@example.org\nINBOX\n"), None, "no UID");
        assert_eq!(parse("alice@example.org\nINBOX\n7 forty-two"), None, "not a UID");
        assert_eq!(parse("alice@example.org\nINBOX\n42\nmore"), None, "more than a row puts in");
    }
}
