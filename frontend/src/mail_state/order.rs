//! The open folder's list order: the person's choice per folder (kept in the local store), and
//! the order itself — the server's UID SORT (RFC 5256) while the folder's headers are not all
//! cached here, the local index once they are (or where the server has no SORT).
//!
//! The comparison is [`posthorn_proto::sort`]'s, so the list orders the same way on every
//! path; this module only decides where the order comes from and keeps it current.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Data, SearchKey};
use posthorn_proto::sort::{SortOrder, Sortable, sort_uids};

use serde::{Deserialize, Serialize};

use super::{BATCH, MailState, Row};
use crate::store::{self, Key};

/// A folder's last UID SORT result, kept in the store. Date, sender, subject and size never change
/// for a message, so the order stays right while messages only go away; a new message needs a
/// new SORT. Keeping it spares a 100,000-message folder a SORT of every UID at each visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct KeptOrder {
    /// The folder's UIDVALIDITY the UIDs belong to (RFC 3501 section 2.3.1.1).
    uidvalidity: u32,
    /// The order's name ([`SortOrder::name`]).
    sort: String,
    /// The UIDs in that order.
    uids: Vec<u32>,
}

/// Whether `order` (a SORT result of `sort`, unread first aside, whose keys can change) still
/// holds every one of `uids`.
fn still_covers(sort: SortOrder, order: &[u32], uids: &[u32]) -> bool {
    if sort == SortOrder::Unread {
        return false;
    }
    let listed: HashSet<u32> = order.iter().copied().collect();
    uids.iter().all(|u| listed.contains(u))
}

/// The list order of `uids` from what is known: the server's order where there is one for this
/// sort (UIDs it did not list, i.e. arrived since, first, highest first), else the local index;
/// rows not cached yet go after the cached ones, highest UID first. `by_recipient`: the sender's
/// place is the recipients' (a Sent or Drafts folder, `ListStore::by_recipient`).
pub(crate) fn arrange(
    sort: SortOrder,
    by_recipient: bool,
    uids: &[u32],
    rows: &HashMap<u32, Row>,
    server: Option<&(SortOrder, Vec<u32>)>,
) -> Vec<u32> {
    let complete = uids.iter().all(|u| rows.contains_key(u));
    if let Some((_, listed)) = server.filter(|(order, _)| *order == sort && !complete) {
        let present: HashSet<u32> = uids.iter().copied().collect();
        let in_server: HashSet<u32> = listed.iter().copied().collect();
        let mut order: Vec<u32> = uids.iter().rev().copied().filter(|u| !in_server.contains(u)).collect();
        order.extend(listed.iter().copied().filter(|u| present.contains(u)));
        return order;
    }
    let known: Vec<Sortable<'_>> = uids
        .iter()
        .filter_map(|u| rows.get(u))
        .map(|r| Sortable {
            uid: r.uid,
            date: r.timestamp,
            sender: match (&r.to, by_recipient) {
                (Some(to), true) => to,
                _ => &r.from,
            },
            subject: &r.subject,
            size: r.size,
            seen: r.seen,
        })
        .collect();
    let mut order = sort_uids(sort, &known);
    if !complete {
        order.extend(uids.iter().rev().copied().filter(|u| !rows.contains_key(u)));
    }
    order
}

/// The name a kept SORT result goes by: by sender and by recipient differ.
fn kept_name(sort: SortOrder, by_recipient: bool) -> &'static str {
    if sort == SortOrder::Sender && by_recipient { "recipient" } else { sort.name() }
}

impl MailState {
    /// Orders the list by `sort` and keeps the choice for the open folder.
    pub fn set_sort(&self, sort: SortOrder) {
        if self.list.sort.get_untracked() == sort {
            return;
        }
        self.list.sort.set(sort);
        let state = self.clone();
        spawn_local(async move {
            if let Some(folder) = state.folders.open.get_untracked() {
                crate::kept_order::save(state.email(), folder.as_wire(), sort).await;
            }
            state.refresh_order().await;
        });
    }

    /// The order kept for `folder` (date, newest first, if none was chosen).
    pub(super) async fn kept_sort(&self, folder: &str) -> SortOrder {
        crate::kept_order::load(self.email(), folder).await.unwrap_or_default()
    }

    /// Brings the order from the server (UID SORT) when the folder's headers are not all cached
    /// and the server has SORT; without SORT, fetches the missing headers so that the local index
    /// can order the whole folder. Nothing to do when every row is cached: the local index orders
    /// it (see [`arrange`]).
    pub(super) async fn refresh_order(&self) {
        let sort = self.list.sort.get_untracked();
        let generation = self.generation.get_value();
        let missing: Vec<u32> = self.list.uids.with_untracked(|uids| {
            self.list.rows.with_untracked(|r| uids.iter().copied().filter(|u| !r.contains_key(u)).collect())
        });
        if missing.is_empty() {
            return;
        }
        let capabilities = self
            .peek_session(|s| (s.client().capabilities().sort(), s.client().capabilities().sort_display()))
            .await;
        let Some((has_sort, display)) = capabilities else { return };
        if !has_sort {
            self.fetch_missing(missing);
            return;
        }
        // No message added since the last SORT (here, or kept from an earlier visit): it holds.
        let uids = self.list.uids.get_untracked();
        if self.list.server_order.with_untracked(|s| {
            s.as_ref().is_some_and(|(o, order)| *o == sort && still_covers(sort, order, &uids))
        }) {
            return;
        }
        let (Some(folder), Some(uidvalidity)) =
            (self.folders.open.get_untracked(), self.list.uidvalidity.get_value())
        else {
            return;
        };
        let key = Key::ServerOrder(self.email(), folder.as_wire());
        if let Ok(Some(kept)) = store::get_json::<KeptOrder>(key).await
            && kept.uidvalidity == uidvalidity
            && kept.sort == kept_name(sort, self.list.by_recipient.get_untracked())
            && still_covers(sort, &kept.uids, &uids)
        {
            if self.still(generation) && self.list.sort.get_untracked() == sort {
                self.list.server_order.set(Some((sort, kept.uids)));
            }
            return;
        }
        let by_recipient = self.list.by_recipient.get_untracked();
        let criteria = sort.reverse_criteria(display, by_recipient);
        // Unread first has no sort key: the unread, then the read, each by date.
        let searches = match sort {
            SortOrder::Unread => vec![vec![SearchKey::Unseen], vec![SearchKey::Seen]],
            _ => vec![vec![]],
        };
        let mut order = Vec::new();
        for search in searches {
            // UIDs are per mailbox (RFC 3501 section 2.3.1.1): the SORT runs only once this folder
            // is the selected one, never in the one selected before it or in Sent or Drafts
            // while they are indexed on the same connection (mail_state/threads.rs).
            let command = Command::Sort { sort: criteria.clone(), criteria: search };
            match self.run_when_selected(command, generation).await {
                // Asked in reverse (see `SortOrder::reverse_criteria`): read backwards.
                Some(Ok(Data::Sorted(uids))) => order.extend(uids.into_iter().rev()),
                // The local index orders what it has; the rest follows as it loads.
                _ => return,
            }
        }
        if sort != SortOrder::Unread {
            let kept = KeptOrder {
                uidvalidity,
                sort: kept_name(sort, by_recipient).to_owned(),
                uids: order.clone(),
            };
            let _ = store::put_json(Key::ServerOrder(self.email(), folder.as_wire()), &kept).await;
        }
        if self.still(generation) && self.list.sort.get_untracked() == sort {
            self.list.server_order.set(Some((sort, order)));
        }
    }

    /// Loads the rows of these UIDs in the background, in batches, so that the local index holds
    /// the whole folder (the headers only: ENVELOPE, flags, size, structure; never bodies).
    pub(super) fn fetch_missing(&self, mut missing: Vec<u32>) {
        missing.retain(|u| self.list.requested.with_value(|r| !r.contains(u)));
        if missing.is_empty() {
            return;
        }
        self.list.requested.update_value(|r| r.extend(missing.iter().copied()));
        missing.sort_unstable();
        let state = self.clone();
        let generation = self.generation.get_value();
        spawn_local(async move {
            for batch in missing.chunks(BATCH * 5) {
                if !state.still(generation) {
                    return;
                }
                state.fetch_rows(batch.to_vec(), generation).await;
            }
        });
    }
}

/// A list's order control: a labelled choice of `sort`, each choice handed to `choose` (which
/// keeps it: per folder for a folder's list, `MailState::set_sort`; on its own for "All inboxes",
/// frontend/src/kept_order.rs).
/// `recipients`: the list names the recipients in the sender's place (Sent, Drafts), so the
/// sender's order is the recipients'.
#[component]
pub fn SortControl(
    sort: RwSignal<SortOrder>,
    choose: Callback<SortOrder>,
    #[prop(optional, into)] recipients: Signal<bool>,
) -> impl IntoView {
    let label = move |order: SortOrder| match order {
        SortOrder::Date => crate::i18n::t().sort_date,
        SortOrder::Sender if recipients.get() => crate::i18n::t().sort_recipient,
        SortOrder::Sender => crate::i18n::t().sort_sender,
        SortOrder::Subject => crate::i18n::t().subject,
        SortOrder::Size => crate::i18n::t().sort_size,
        SortOrder::Unread => crate::i18n::t().sort_unread,
    };
    view! {
        <label class="sort">
            <span class="sort-label">{crate::i18n::t().sort_by}</span>
            <select
                data-testid="sort"
                name="sort"
                on:change=move |ev| {
                    if let Some(order) = SortOrder::from_name(&event_target_value(&ev)) {
                        choose.run(order);
                    }
                }
            >
                {SortOrder::ALL
                    .into_iter()
                    .map(|order| {
                        view! {
                            <option value=order.name() selected=move || sort.get() == order>
                                {move || label(order)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn row(uid: u32, timestamp: i64, from: &str) -> Row {
        Row {
            uid,
            from: from.into(),
            subject: String::new(),
            date: String::new(),
            timestamp: Some(timestamp),
            size: 1,
            seen: true,
            flagged: false,
            answered: false,
            attachment: false,
            message_id: String::new(),
            in_reply_to: String::new(),
            references: String::new(),
            preview: None,
            ..Default::default()
        }
    }

    #[wasm_bindgen_test]
    fn a_kept_sort_holds_until_a_message_is_added() {
        let order = [3, 1, 2];
        assert!(still_covers(SortOrder::Date, &order, &[1, 2, 3]));
        assert!(still_covers(SortOrder::Sender, &order, &[1, 3]), "a message went away");
        assert!(!still_covers(SortOrder::Date, &order, &[1, 2, 3, 4]), "a message arrived");
        assert!(!still_covers(SortOrder::Unread, &order, &[1, 2, 3]), "flags change: sort again");
    }

    #[wasm_bindgen_test]
    fn the_server_order_while_rows_are_missing_then_the_local_index() {
        let uids = [1, 2, 3, 4];
        let mut rows: HashMap<u32, Row> =
            [row(1, 400, "d"), row(2, 100, "c"), row(3, 300, "b")].into_iter().map(|r| (r.uid, r)).collect();
        // UID 4 arrived after the server's SORT (and 9 was expunged since): first.
        let server = (SortOrder::Date, vec![1, 9, 3, 2]);
        assert_eq!(arrange(SortOrder::Date, false, &uids, &rows, Some(&server)), vec![4, 1, 3, 2]);
        // Another sort's server order is not used: the cached rows by sender, then the rest.
        assert_eq!(arrange(SortOrder::Sender, false, &uids, &rows, Some(&server)), vec![3, 2, 1, 4]);
        // Every row cached: the local index, Date header newest first, whatever the UIDs.
        rows.insert(4, row(4, 200, "a"));
        assert_eq!(arrange(SortOrder::Date, false, &uids, &rows, Some(&server)), vec![1, 3, 4, 2]);
        assert_eq!(arrange(SortOrder::Sender, false, &uids, &rows, None), vec![4, 3, 2, 1]);
    }
}
