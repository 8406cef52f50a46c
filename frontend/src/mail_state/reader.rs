//! The reader: opening a message shows its body from the store when it was read here before, or
//! fetches it whole (BODY.PEEK[], so the fetch itself does not set \Seen, RFC 3501 section
//! 6.4.5), keeps it, and then marks it read.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Data, FetchItems, Flag, Section, SequenceSet};
use posthorn_proto::message::read;

use super::MailState;
use crate::session::MailError;
use crate::settings::mark_read::MarkRead;
use crate::store;

impl MailState {
    /// Opens a message: from the cache if it was read here before, else fetched whole (without
    /// setting \Seen by the fetch itself), kept, parsed, then marked read.
    pub fn open_message(&self, uid: u32) {
        let state = self.clone();
        spawn_local(async move {
            let Some(folder) = state.folders.open.get_untracked() else { return };
            let generation = state.generation.get_value();
            let email = state.email().to_owned();
            let uidvalidity = state.list.uidvalidity.get_value();
            let cached = match uidvalidity {
                Some(v) => store::body(&email, folder.as_wire(), v, uid).await.ok().flatten(),
                None => None,
            };
            let raw = match cached {
                Some(raw) => raw,
                None => {
                    state.status.set(crate::i18n::t().loading_message.into());
                    let fetch = Command::Fetch {
                        set: SequenceSet::single(uid),
                        uid: true,
                        items: FetchItems::section(Section::Full),
                        changed_since: None,
                        vanished: false,
                    };
                    let Some(result) = state.run_when_selected(fetch, generation).await else { return };
                    let Some(Data::Fetched(messages)) = state.report(result) else { return };
                    let Some(raw) =
                        messages.iter().find_map(|m| m.section(&Section::Full)).map(<[u8]>::to_vec)
                    else {
                        // Moved or deleted here while the fetch was on its way: its row is gone
                        // and there is nothing to say. Else another client took it.
                        if state.list.rows.with_untracked(|r| r.contains_key(&uid)) {
                            state.error.set(Some(MailError::new(crate::i18n::t().message_gone)));
                        }
                        return;
                    };
                    if let Some(v) = uidvalidity
                        && let Err(e) = store::put_body(&email, folder.as_wire(), v, uid, &raw).await
                    {
                        state.error.set(Some(MailError::new(e.0)));
                    }
                    raw
                }
            };
            if !state.still(generation) {
                return;
            }
            let message = read(&raw).unwrap_or_default();
            state.remember_preview(uid, &message);
            state.reader.message.set(Some((uid, message, raw)));
            state.status.set(String::new());
            let still_open = move |s: &MailState| {
                s.reader.message.with_untracked(|m| m.as_ref().is_some_and(|m| m.0 == uid))
            };
            state.mark_read_when_shown(vec![uid], still_open);
        });
    }

    /// Marks the shown messages `uids` read as the person chose (settings/mark_read.rs): at once,
    /// after the delay if `still_shown` then, or not at all. Those already read are left alone.
    pub(super) fn mark_read_when_shown(
        &self,
        uids: Vec<u32>,
        still_shown: impl Fn(&MailState) -> bool + 'static,
    ) {
        let generation = self.generation.get_value();
        let unread = move |s: &MailState| -> Vec<u32> {
            s.list.rows.with_untracked(|r| {
                uids.iter().copied().filter(|u| r.get(u).is_some_and(|r| !r.seen)).collect()
            })
        };
        match crate::settings::mark_read::chosen() {
            MarkRead::Never => {}
            MarkRead::AtOnce => self.set_flag(unread(self), Flag::Seen, true),
            MarkRead::After(seconds) => {
                let state = self.clone();
                spawn_local(async move {
                    crate::net::clock::sleep(std::time::Duration::from_secs(seconds.into())).await;
                    if state.still(generation) && still_shown(&state) {
                        state.set_flag(unread(&state), Flag::Seen, true);
                    }
                });
            }
        }
    }
}
