//! The senders whose messages load remote images without asking, kept on this device (the local
//! store, `Key::TrustedSenders`): added from a message's bar (html_body.rs), listed and taken
//! back in the settings (settings/trusted_senders.rs).

use std::cell::RefCell;

use leptos::prelude::{ArcRwSignal, Update};

use crate::store::{self, Key};

thread_local! {
    /// The trusted senders as last read or written: a choice made a moment ago holds for the next
    /// message opened, whether or not the store has finished writing it.
    static TRUSTED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    /// Counts the changes to the list, for a view that shows it (reference-counted: it belongs to
    /// no view).
    static CHANGES: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// Changes with every change to the list.
pub fn changes() -> ArcRwSignal<u32> {
    CHANGES.with(Clone::clone)
}

fn keep(senders: Vec<String>) {
    TRUSTED.with(|t| *t.borrow_mut() = Some(senders));
    CHANGES.with(|c| c.update(|n| *n += 1));
}

/// The trusted senders, lower case.
pub async fn trusted_senders() -> Vec<String> {
    if let Some(senders) = TRUSTED.with(|t| t.borrow().clone()) {
        return senders;
    }
    let senders =
        store::get_json::<Vec<String>>(Key::TrustedSenders).await.ok().flatten().unwrap_or_default();
    TRUSTED.with(|t| t.borrow_mut().get_or_insert(senders).clone())
}

/// Adds `sender` to the senders whose remote images load without asking.
pub async fn trust(sender: String) -> Result<(), store::StoreError> {
    let mut senders = trusted_senders().await;
    if !senders.contains(&sender) {
        senders.push(sender);
        keep(senders.clone());
        store::put_json(Key::TrustedSenders, &senders).await?;
    }
    Ok(())
}

/// Takes `sender` off the list: its messages ask again.
pub async fn untrust(sender: &str) -> Result<(), store::StoreError> {
    let mut senders = trusted_senders().await;
    senders.retain(|s| s != sender);
    keep(senders.clone());
    store::put_json(Key::TrustedSenders, &senders).await
}
