//! The preview line of a list row: the first words of a message's text, from the body the
//! device keeps (frontend/src/store.rs `body`) or the message just opened.
//!
//! Where the server offers `PREVIEW` (RFC 8970), the row carries the server's text from its
//! FETCH (`Row::preview`, mail_state/rows.rs; the engine reads the item, shared/src/imap/preview.rs)
//! and the list shows that first (mail_view.rs); this is for the rest. Rows with neither show the
//! subject alone.
//!
//! Previews are kept for the page's life in one map keyed by account, folder, UIDVALIDITY and UID
//! (UIDs are per mailbox and UIDVALIDITY, RFC 3501 section 2.3.1.1), outside `MailState`, so
//! that other views that show rows (conversations, all inboxes) can ask for them too.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::message::{ReadableMessage, read};

use super::MailState;
use crate::store;

/// Characters of text a preview keeps: more than a row shows at any width.
const PREVIEW_CHARS: usize = 160;
/// Bodies larger than this are not parsed for a preview: their text is rarely worth the time.
const MAX_BODY: u32 = 256 * 1024;

/// (account, folder's wire name, UIDVALIDITY, UID).
type Key = (String, String, u32, u32);

thread_local! {
    /// `None`: asked for, with no text (not cached, or no text part).
    static PREVIEWS: ArcRwSignal<HashMap<Key, Option<String>>> = ArcRwSignal::new(HashMap::new());
}

fn previews() -> ArcRwSignal<HashMap<Key, Option<String>>> {
    PREVIEWS.with(Clone::clone)
}

/// The first words of a message's own text: quoted lines (`>`, RFC 3676 section 4.5) and the
/// signature (after `-- `, section 4.3) left out, white space run together.
pub fn snippet(message: &ReadableMessage) -> Option<String> {
    let mut out = String::new();
    for line in message.text.lines() {
        if line == "-- " {
            break;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with('>') {
            continue;
        }
        for word in line.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        if out.chars().count() >= PREVIEW_CHARS {
            break;
        }
    }
    if out.is_empty() {
        return None;
    }
    Some(match out.char_indices().nth(PREVIEW_CHARS) {
        Some((at, _)) => format!("{}…", &out[..at]),
        None => out,
    })
}

impl MailState {
    fn preview_key(&self, uid: u32) -> Option<Key> {
        let folder = self.folders.open.get_untracked()?;
        let uidvalidity = self.list.uidvalidity.get_value()?;
        Some((self.email().to_owned(), folder.as_wire().to_owned(), uidvalidity, uid))
    }

    /// The preview of the open folder's message `uid`, if known. The first call for a message
    /// of at most `size` bytes looks for its body on the device; the row updates when it is read.
    pub fn preview(&self, uid: u32, size: u32) -> Option<String> {
        let key = self.preview_key(uid)?;
        let map = previews();
        if let Some(known) = map.with(|p| p.get(&key).cloned()) {
            return known;
        }
        map.update_untracked(|p| {
            p.insert(key.clone(), None);
        });
        if size <= MAX_BODY {
            spawn_local(async move {
                let (account, folder, uidvalidity, uid) = key.clone();
                let Ok(Some(raw)) = store::body(&account, &folder, uidvalidity, uid).await else { return };
                let text = read(&raw).as_ref().and_then(snippet);
                if text.is_some() {
                    previews().update(|p| {
                        p.insert(key, text);
                    });
                }
            });
        }
        None
    }

    /// Keeps the preview of a message just opened, so its row shows it at once.
    pub fn remember_preview(&self, uid: u32, message: &ReadableMessage) {
        let (Some(key), Some(text)) = (self.preview_key(uid), snippet(message)) else { return };
        let map = previews();
        if map.with_untracked(|p| p.get(&key).is_some_and(|t| t.as_ref() == Some(&text))) {
            return;
        }
        map.update(|p| {
            p.insert(key, Some(text));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn a_snippet_leaves_out_quotes_and_the_signature() {
        let message = ReadableMessage {
            text: "Hi Alice,\n\n> what time?\nThe new place,   12:30?\n-- \nBob\n".into(),
            ..ReadableMessage::default()
        };
        assert_eq!(snippet(&message).as_deref(), Some("Hi Alice, The new place, 12:30?"));
        let long = ReadableMessage { text: "ä".repeat(400), ..ReadableMessage::default() };
        let cut = snippet(&long).unwrap();
        assert_eq!(cut.chars().count(), PREVIEW_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(snippet(&ReadableMessage::default()), None);
    }
}
