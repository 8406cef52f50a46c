//! Ticking rows for an action on several messages, as in Thunderbird and Gmail: one row (its box,
//! or `x`), every row from the last ticked one to this one (Shift with a click on the box, or
//! `Shift+X`), or every row the list shows (the box above the list, or Ctrl+A). A row stands for
//! a message, a search hit, or a conversation's messages in the open folder
//! ([`super::Conversation::here`]); what is ticked is always UIDs of the open folder.

use std::collections::HashSet;
use std::ops::Range;

use leptos::prelude::*;

use super::MailState;

/// How much of what the list shows is ticked, for the box above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ticked {
    /// Nothing.
    None,
    /// Some rows: this many messages.
    Some(usize),
    /// Every row (and at least one).
    All(usize),
}

/// Ticks `uids` (`on`) in an account's `selected`, or clears them.
pub(crate) fn set_ticks(selected: RwSignal<HashSet<u32>>, uids: Vec<u32>, on: bool) {
    selected.update(|sel| {
        if on {
            sel.extend(uids);
        } else {
            for uid in &uids {
                sel.remove(uid);
            }
        }
    });
}

impl Ticked {
    /// `ticked` of the `shown` rows' messages.
    pub fn of(ticked: usize, shown: usize) -> Self {
        match ticked {
            0 => Ticked::None,
            n if n == shown => Ticked::All(n),
            n => Ticked::Some(n),
        }
    }
}

impl MailState {
    /// The open folder's UIDs of the rows at list positions `positions` (0 first, as shown: the
    /// search hits, the conversations or the messages). Tracked, for views.
    pub fn uids_at(&self, positions: Range<usize>) -> Vec<u32> {
        let slice = |v: &[u32]| v[positions.start.min(v.len())..positions.end.min(v.len())].to_vec();
        if let Some(hits) = self.search.found.with(|f| f.as_ref().map(|v| slice(v))) {
            return hits;
        }
        if self.threads.on.get() {
            return self.threads.list.with(|l| {
                l[positions.start.min(l.len())..positions.end.min(l.len())]
                    .iter()
                    .flat_map(|c| c.here().collect::<Vec<_>>())
                    .collect()
            });
        }
        self.list.order.with(|o| slice(o))
    }

    /// How much of what the list shows is ticked (tracked).
    pub fn ticked(&self) -> Ticked {
        let shown = self.uids_at(0..usize::MAX);
        let ticked = self.list.selected.with(|sel| shown.iter().filter(|u| sel.contains(u)).count());
        Ticked::of(ticked, shown.len())
    }

    /// The box above the list: ticks every row the list shows, or, where all are ticked,
    /// clears them.
    pub fn tick_all(&self) {
        if matches!(untrack(|| self.ticked()), Ticked::All(_)) {
            self.clear_ticks();
        } else {
            self.tick_every();
        }
    }

    /// Ticks every row the list shows (Ctrl+A).
    pub fn tick_every(&self) {
        let shown = untrack(|| self.uids_at(0..usize::MAX));
        set_ticks(self.list.selected, shown, true);
        self.list.anchor.set_value(None);
    }

    /// Clears every tick.
    pub fn clear_ticks(&self) {
        self.list.selected.set(HashSet::new());
        self.list.anchor.set_value(None);
    }

    /// A click on the box of the row at list position `index` (or `x`): ticks it, or clears
    /// it where it is ticked. With `range` (Shift held), every row from the last one clicked to
    /// this one becomes as this one does.
    pub fn tick_row(&self, index: usize, range: bool) {
        let here = untrack(|| self.uids_at(index..index + 1));
        if here.is_empty() {
            return;
        }
        let on = !self.list.selected.with_untracked(|sel| here.iter().all(|u| sel.contains(u)));
        let from =
            if range { self.list.anchor.get_value().and_then(|uid| self.position_of(uid)) } else { None };
        let uids = match from {
            Some(from) => untrack(|| self.uids_at(from.min(index)..from.max(index) + 1)),
            None => here.clone(),
        };
        set_ticks(self.list.selected, uids, on);
        self.list.anchor.set_value(here.first().copied());
    }

    /// Where the row of the open folder's message `uid` stands in the list as shown.
    fn position_of(&self, uid: u32) -> Option<usize> {
        match self.search.found.with_untracked(|f| f.as_ref().map(|v| v.iter().position(|u| *u == uid))) {
            Some(hit) => hit,
            None => self.list_position(uid),
        }
    }
}
