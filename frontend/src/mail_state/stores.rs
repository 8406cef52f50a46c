//! The mail view's stores: small groups of signals, each about one thing, that the view provides
//! by context (`mail_view.rs`) so a component reads the one it shows. The operations that change
//! them are [`super::MailState`]'s methods, which own the connection; a store holds no logic.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use posthorn_proto::imap::{MailboxName, QuotaResource};
use posthorn_proto::message::ReadableMessage;
use posthorn_proto::sort::SortOrder;

use super::{Folder, Row, order, search};

/// The account's folders and which one is open.
#[derive(Clone, Copy)]
pub struct FolderStore {
    /// Folders, sorted for display.
    pub all: RwSignal<Vec<Folder>>,
    /// The open folder's wire name.
    pub open: RwSignal<Option<MailboxName>>,
    /// The account's storage quota, its fullest limit (RFC 9208), where the server tells one.
    pub quota: RwSignal<Option<QuotaResource>>,
}

/// The open folder's messages: its UIDs in server order (oldest first), rows fetched lazily by
/// UID, the list's order (`mail_state/order.rs`) and the ticked rows.
#[derive(Clone, Copy)]
pub struct ListStore {
    /// The open folder's UIDs in server order (oldest first): the list shows them newest first.
    pub uids: RwSignal<Vec<u32>>,
    /// Loaded rows by UID.
    pub rows: RwSignal<HashMap<u32, Row>>,
    /// How the list is ordered (kept per folder).
    pub sort: RwSignal<SortOrder>,
    /// The server's UID SORT result for an order, while not every row is cached.
    pub(super) server_order: RwSignal<Option<(SortOrder, Vec<u32>)>>,
    /// The open folder's UIDs in the list's order, first shown first.
    pub order: Memo<Vec<u32>>,
    /// The UIDs whose rows were asked for (mail_state/requested.rs).
    pub(super) requested: StoredValue<HashSet<u32>>,
    /// The generation whose folder's list is on screen (mail_state/requested.rs).
    pub(super) shown: StoredValue<u64>,
    /// The open folder's UIDVALIDITY and HIGHESTMODSEQ, once known.
    pub(super) uidvalidity: StoredValue<Option<u32>>,
    pub(super) highest_modseq: StoredValue<Option<u64>>,
    /// The selected messages (UIDs).
    pub selected: RwSignal<HashSet<u32>>,
    /// Whether the open folder's rows name the recipients in the sender's place (Sent and
    /// Drafts), so that ordering by sender orders by them.
    pub by_recipient: Memo<bool>,
    /// The first message of the row last ticked or cleared, where a range with Shift starts
    /// (mail_state/selection.rs).
    pub(super) anchor: StoredValue<Option<u32>>,
    /// The UIDs of the last new mail in the open folder (announce.rs tells the person).
    pub arrived: RwSignal<Vec<u32>>,
}

impl ListStore {
    pub(super) fn new(by_recipient: Memo<bool>) -> Self {
        let uids = RwSignal::new(Vec::new());
        let rows = RwSignal::new(HashMap::new());
        let sort = RwSignal::new(SortOrder::default());
        let server_order = RwSignal::new(None);
        let order = Memo::new(move |_| {
            let (sort, by_recipient) = (sort.get(), by_recipient.get());
            uids.with(|u| {
                rows.with(|r| server_order.with(|s| order::arrange(sort, by_recipient, u, r, s.as_ref())))
            })
        });
        Self {
            uids,
            rows,
            sort,
            server_order,
            by_recipient,
            order,
            requested: StoredValue::new(HashSet::new()),
            shown: StoredValue::new(0),
            uidvalidity: StoredValue::new(None),
            highest_modseq: StoredValue::new(None),
            selected: RwSignal::new(HashSet::new()),
            anchor: StoredValue::new(None),
            arrived: RwSignal::new(Vec::new()),
        }
    }
}

impl ListStore {
    /// What an action on messages applies to: the ticked ones, else the one open in `reader`.
    pub fn targets(&self, reader: ReaderStore) -> Vec<u32> {
        let ticked: Vec<u32> = self.selected.get_untracked().into_iter().collect();
        if ticked.is_empty() {
            reader.message.with_untracked(|m| m.as_ref().map(|(uid, _, _)| *uid).into_iter().collect())
        } else {
            ticked
        }
    }

    /// What dragging a row moves, where it stands for `uids` (a message, or a conversation's
    /// messages in the open folder): the ticked messages where the row is ticked, else its own
    /// (mail_view/drag.rs).
    pub fn dragged(&self, uids: Vec<u32>) -> Vec<u32> {
        let ticked = self.selected.get_untracked();
        if uids.iter().all(|u| ticked.contains(u)) { ticked.into_iter().collect() } else { uids }
    }
}

/// The open message: its UID, what it says and its raw source.
#[derive(Clone, Copy)]
pub struct ReaderStore {
    /// The open message.
    pub message: RwSignal<Option<(u32, ReadableMessage, Vec<u8>)>>,
}

/// The active search (mail_state/search.rs).
#[derive(Clone, Copy)]
pub struct SearchStore {
    /// Search results (UIDs, newest first) when a search is active.
    pub hits: RwSignal<Option<Vec<u32>>>,
    /// The search results as the list shows them: in the list's order.
    pub found: Memo<Option<Vec<u32>>>,
    /// Which messages the list shows (all, unread, flagged), as last searched.
    pub filter: RwSignal<search::Filter>,
    /// The other folders with hits for the active search's words, and how many, in the folder
    /// list's order (mail_state/search.rs `search_elsewhere`).
    pub elsewhere: RwSignal<Vec<(MailboxName, usize)>>,
    /// The active search: to run again in another folder, and whether it has words besides its
    /// filter (new mail joins the hits of a filter alone where it passes, mail_state/search.rs).
    pub last: StoredValue<Option<search::Query>>,
}

impl SearchStore {
    pub(super) fn new(list: ListStore) -> Self {
        let hits = RwSignal::new(None);
        let order = list.order;
        let found = Memo::new(move |_| {
            hits.with(|s: &Option<Vec<u32>>| s.as_ref().map(|h| order.with(|o| search::in_list_order(h, o))))
        });
        Self {
            hits,
            found,
            filter: RwSignal::new(search::Filter::All),
            elsewhere: RwSignal::new(Vec::new()),
            last: StoredValue::new(None),
        }
    }
}

/// Flag, move and delete done while the network was away, waiting to be replayed
/// (mail_state/offline_queue.rs).
#[derive(Clone, Copy)]
pub struct QueueStore {
    /// How many wait.
    pub waiting: RwSignal<usize>,
    /// The last move (to another folder, to Trash, to Archive) that can be taken back: where the
    /// messages went, as the server numbered them there (COPYUID, RFC 4315 section 3).
    pub undo: RwSignal<Option<super::Undo>>,
}
