//! The `queue` store: actions done offline (flag, move, delete), replayed in the order of their
//! auto-increment key.

use idb::TransactionMode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::{QUEUE, StoreError, db};

/// Appends an action to the offline queue.
pub async fn enqueue<T: Serialize>(action: &T) -> Result<(), StoreError> {
    let json = serde_json::to_string(action)?;
    let db = db().await?;
    let tx = db.transaction(&[QUEUE], TransactionMode::ReadWrite)?;
    tx.object_store(QUEUE)?.add(&JsValue::from(json), None)?.await?;
    tx.commit()?.await?;
    Ok(())
}

/// The queued actions, oldest first, with the key to remove each once done.
pub async fn queued<T: DeserializeOwned>() -> Result<Vec<(f64, T)>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[QUEUE], TransactionMode::ReadOnly)?;
    let store = tx.object_store(QUEUE)?;
    let keys = store.get_all_keys(None, None)?.await?;
    let values = store.get_all(None, None)?.await?;
    Ok(keys
        .into_iter()
        .zip(values)
        .filter_map(|(k, v)| Some((k.as_f64()?, serde_json::from_str(&v.as_string()?).ok()?)))
        .collect())
}

/// Removes a queued action that was done (or can never be done).
pub async fn dequeue(key: f64) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[QUEUE], TransactionMode::ReadWrite)?;
    tx.object_store(QUEUE)?.delete(JsValue::from(key))?.await?;
    tx.commit()?.await?;
    Ok(())
}
