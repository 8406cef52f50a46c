//! Which of the open folder's rows were asked for and are still to come (`MailState::requested`),
//! kept true to the list on screen, so that a row is asked for again whenever no FETCH is on its
//! way for it.
//!
//! Opening a folder moves the generation on at once, but shows the new folder's list only after
//! reading its cache from the store. In between, the old folder's list is still on screen and
//! still the open folder's as far as the session goes: rows asked for then (a scroll, or the
//! list drawn again) were fetched from the old folder under the new generation, shown, and wiped
//! when the new list came, while their UIDs stayed "asked for". A row of the new folder with one
//! of those UIDs (UIDs are per mailbox, RFC 3501 section 2.3.1.1) was then never fetched and
//! stayed "…". tests/tests/folder_switch.rs holds the store to make that moment long.

use std::collections::HashSet;

use leptos::prelude::*;

use super::{MailState, Row};

impl MailState {
    /// Whether the list on screen is the open folder's: false from the moment another folder is
    /// opened until its list is shown (`show_cached`). Nothing is asked for the
    /// rows of the list in between; showing the new list asks for its own.
    pub(super) fn list_settled(&self) -> bool {
        self.list.shown.get_value() == self.generation.get_value()
    }

    /// The list of the folder opened at `generation` is on screen now.
    pub(super) fn list_shown(&self, generation: u64) {
        self.list.shown.set_value(generation);
    }

    /// A FETCH for `asked` answered with `fetched`: the UIDs it did not bring are no longer on
    /// their way (a message expunged meanwhile is not in the answer, RFC 3501 section 6.4.8),
    /// so the next look at them asks again rather than waiting for ever.
    pub(super) fn answered(&self, asked: &[u32], fetched: &[Row]) {
        let came: HashSet<u32> = fetched.iter().map(|r| r.uid).collect();
        self.list.requested.update_value(|r| {
            for u in asked.iter().filter(|u| !came.contains(u)) {
                r.remove(u);
            }
        });
    }
}
