//! A list's chosen order, kept across visits and reloads: the store's list-order record of an
//! owner (`Key::ListOrder`, frontend/src/store.rs) maps each of its lists to an order's name. An
//! IMAP account keeps one entry per folder (mail_state/order.rs), a POP3 account one for its inbox
//! (pop3_view/state.rs), and "All inboxes" its own record (all_inboxes/list.rs).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::sort::SortOrder;

use crate::store::{self, Key};

/// The order kept for `list` of `owner`, if one was chosen.
pub async fn load(owner: &str, list: &str) -> Option<SortOrder> {
    let kept = store::get_json::<HashMap<String, String>>(Key::ListOrder(owner)).await.ok().flatten()?;
    kept.get(list).and_then(|name| SortOrder::from_name(name))
}

/// Keeps `order` for `list` of `owner`.
pub async fn save(owner: &str, list: &str, order: SortOrder) {
    let mut kept = store::get_json::<HashMap<String, String>>(Key::ListOrder(owner))
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    kept.insert(list.to_owned(), order.name().to_owned());
    let _ = store::put_json(Key::ListOrder(owner), &kept).await;
}

/// An order signal for a list with nothing but its order kept: date first, then the kept choice
/// once the store has answered.
pub fn signal(owner: String, list: String) -> RwSignal<SortOrder> {
    let sort = RwSignal::new(SortOrder::default());
    spawn_local(async move {
        if let Some(order) = load(&owner, &list).await {
            // The view may be gone by now.
            let _ = sort.try_set(order);
        }
    });
    sort
}

/// Sets the order of such a list and keeps it.
pub fn choose(sort: RwSignal<SortOrder>, owner: String, list: String, order: SortOrder) {
    sort.set(order);
    spawn_local(async move { save(&owner, &list, order).await });
}
