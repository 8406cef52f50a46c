//! The `headers` store: one message-list row per message, as JSON, under
//! `[account, folder, uidvalidity, uid]`.

use idb::TransactionMode;
use wasm_bindgen::JsValue;

use super::{BODIES, BODY_META, HEADERS, KV, Key, StoreError, db, key4, prefix};

/// The cached rows of a folder (as JSON, one per message) for this UIDVALIDITY.
pub async fn headers(account: &str, folder: &str, uidvalidity: u32) -> Result<Vec<String>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[HEADERS], TransactionMode::ReadOnly)?;
    let range = prefix(&[account.into(), folder.into(), uidvalidity.into()])?;
    let values = tx.object_store(HEADERS)?.get_all(Some(range), None)?.await?;
    Ok(values.into_iter().filter_map(|v| v.as_string()).collect())
}

/// Stores rows (UID and JSON) of a folder in one transaction.
pub async fn put_headers(
    account: &str,
    folder: &str,
    uidvalidity: u32,
    rows: &[(u32, String)],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let db = db().await?;
    let tx = db.transaction(&[HEADERS], TransactionMode::ReadWrite)?;
    let store = tx.object_store(HEADERS)?;
    for (uid, json) in rows {
        // Requests in one transaction run in order; waiting for the commit is enough.
        let _ = store.put(&JsValue::from(json.as_str()), Some(&key4(account, folder, uidvalidity, *uid)))?;
    }
    tx.commit()?.await?;
    Ok(())
}

/// Removes messages (rows and bodies) that left a folder.
pub async fn remove_messages(
    account: &str,
    folder: &str,
    uidvalidity: u32,
    uids: &[u32],
) -> Result<(), StoreError> {
    if uids.is_empty() {
        return Ok(());
    }
    let db = db().await?;
    let tx = db.transaction(&[HEADERS, BODIES, BODY_META], TransactionMode::ReadWrite)?;
    for name in [HEADERS, BODIES, BODY_META] {
        let store = tx.object_store(name)?;
        for uid in uids {
            let _ = store.delete(key4(account, folder, uidvalidity, *uid))?;
        }
    }
    tx.commit()?.await?;
    Ok(())
}

/// Drops everything cached for a folder (all UIDVALIDITYs): its UIDVALIDITY changed.
pub async fn drop_folder(account: &str, folder: &str) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[HEADERS, BODIES, BODY_META, KV], TransactionMode::ReadWrite)?;
    for name in [HEADERS, BODIES, BODY_META] {
        let _ = tx.object_store(name)?.delete(prefix(&[account.into(), folder.into()])?)?;
    }
    let _ = tx.object_store(KV)?.delete(Key::Folder(account, folder).to_js())?;
    tx.commit()?.await?;
    Ok(())
}
