//! The order of "All inboxes", kept across visits and reloads as each folder's is
//! (`mail_state/order.rs`), under a key of its own: the list-order record of a name no account can
//! have (account ids are email addresses, with an `@`), with the unified list as its one entry.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::sort::SortOrder;
use std::collections::HashMap;

use crate::store::{self, Key};

/// Where the order is kept: `Key::ListOrder` of this name, entry [`ENTRY`].
const OWNER: &str = ".all_inboxes";
const ENTRY: &str = "all";

/// The order signal: date first, then the kept choice once the store has answered.
pub fn kept_sort() -> RwSignal<SortOrder> {
    let sort = RwSignal::new(SortOrder::default());
    spawn_local(async move {
        let kept = store::get_json::<HashMap<String, String>>(Key::ListOrder(OWNER)).await.ok().flatten();
        if let Some(order) = kept.and_then(|k| k.get(ENTRY).and_then(|n| SortOrder::from_name(n))) {
            // The view may be gone by now.
            let _ = sort.try_set(order);
        }
    });
    sort
}

/// Sets the order and keeps it.
pub fn choose(sort: RwSignal<SortOrder>, order: SortOrder) {
    sort.set(order);
    spawn_local(async move {
        let mut kept = store::get_json::<HashMap<String, String>>(Key::ListOrder(OWNER))
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        kept.insert(ENTRY.to_owned(), order.name().to_owned());
        let _ = store::put_json(Key::ListOrder(OWNER), &kept).await;
    });
}
