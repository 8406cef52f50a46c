//! Ticking rows of All inboxes as in one folder's list (frontend/src/mail_state/selection.rs):
//! a row's box or `x`, a range with Shift (from the last row clicked), every row with the box
//! above the list or Ctrl+A, none with Escape. Each tick is kept by its row's own account, whose
//! toolbar actions take it ([`super::keys::targets`]); a POP3 inbox's rows take no actions on
//! several messages and are passed by.

use std::collections::HashMap;

use leptos::prelude::*;

use super::Member;
use super::merge::Entry;
use crate::mail_state::{MailState, Ticked, set_ticks};

/// The unified list's ticks: its accounts, its entries as shown, and the row last clicked.
#[derive(Clone)]
pub(super) struct Ticks {
    members: Vec<Member>,
    merged: Memo<Vec<Entry>>,
    anchor: StoredValue<Option<Entry>>,
}

impl Ticks {
    pub(super) fn new(members: Vec<Member>, merged: Memo<Vec<Entry>>) -> Self {
        Self { members, merged, anchor: StoredValue::new(None) }
    }

    fn state(&self, account: usize) -> Option<&MailState> {
        self.members.get(account).and_then(Member::imap)
    }

    /// The entries at `positions` that can be ticked (an IMAP account's).
    fn tickable(&self, positions: std::ops::Range<usize>) -> Vec<Entry> {
        self.merged.with(|m| {
            m[positions.start.min(m.len())..positions.end.min(m.len())]
                .iter()
                .copied()
                .filter(|e| self.state(e.account).is_some())
                .collect()
        })
    }

    fn is_ticked(&self, entry: Entry) -> bool {
        self.state(entry.account).is_some_and(|s| s.list.selected.with(|sel| sel.contains(&entry.uid)))
    }

    /// How much of the list is ticked (tracked).
    pub(super) fn ticked(&self) -> Ticked {
        let shown = self.tickable(0..usize::MAX);
        Ticked::of(shown.iter().filter(|e| self.is_ticked(**e)).count(), shown.len())
    }

    /// Ticks `entries` (`on`) or clears them, account by account.
    fn set(&self, entries: &[Entry], on: bool) {
        let mut by_account: HashMap<usize, Vec<u32>> = HashMap::new();
        for e in entries {
            by_account.entry(e.account).or_default().push(e.uid);
        }
        for (account, uids) in by_account {
            if let Some(state) = self.state(account) {
                set_ticks(state.list.selected, uids, on);
            }
        }
    }

    /// The box above the list: every row ticked, or, where all are, none.
    pub(super) fn tick_all(&self) {
        if matches!(untrack(|| self.ticked()), Ticked::All(_)) {
            self.clear();
        } else {
            self.tick_every();
        }
    }

    /// Ticks every row (Ctrl+A).
    pub(super) fn tick_every(&self) {
        self.set(&untrack(|| self.tickable(0..usize::MAX)), true);
        self.anchor.set_value(None);
    }

    /// Clears every tick of every account.
    pub(super) fn clear(&self) {
        for state in self.members.iter().filter_map(Member::imap) {
            state.clear_ticks();
        }
        self.anchor.set_value(None);
    }

    /// A click on the box of the row at `index` (or `x`); with `range`, every row from the last
    /// one clicked to this one becomes as this one does.
    pub(super) fn tick_row(&self, index: usize, range: bool) {
        let Some(here) = untrack(|| self.tickable(index..index + 1)).first().copied() else { return };
        let on = !untrack(|| self.is_ticked(here));
        let from = range
            .then(|| self.anchor.get_value())
            .flatten()
            .and_then(|a| self.merged.with_untracked(|m| m.iter().position(|e| *e == a)));
        let entries = match from {
            Some(from) => untrack(|| self.tickable(from.min(index)..from.max(index) + 1)),
            None => vec![here],
        };
        self.set(&entries, on);
        self.anchor.set_value(Some(here));
    }
}
