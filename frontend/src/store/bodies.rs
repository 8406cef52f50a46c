//! The `bodies` and `body_meta` stores: raw messages fetched so far, and beside each its size and
//! when it was last read, so that the least recently read are evicted over a byte budget without
//! reading them.

use idb::TransactionMode;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::{BODIES, BODY_META, StoreError, db, get, key4, prefix, put};

/// Bodies are kept up to this many bytes (or a quarter of the browser's quota, if less).
pub const BODY_BUDGET: f64 = 256.0 * 1024.0 * 1024.0;

/// A cached raw message, marking it as just read.
pub async fn body(
    account: &str,
    folder: &str,
    uidvalidity: u32,
    uid: u32,
) -> Result<Option<Vec<u8>>, StoreError> {
    let key = key4(account, folder, uidvalidity, uid);
    let Some(value) = get(BODIES, &key).await? else { return Ok(None) };
    let bytes = value.dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()).ok();
    if let Some(bytes) = &bytes {
        let _ = put(BODY_META, &key, &meta(bytes.len())).await;
    }
    Ok(bytes)
}

fn meta(size: usize) -> JsValue {
    let meta = Array::new();
    meta.push(&js_sys::Date::now().into());
    meta.push(&(size as f64).into());
    meta.into()
}

/// Keeps a raw message, then evicts the least recently read bodies over the budget.
pub async fn put_body(
    account: &str,
    folder: &str,
    uidvalidity: u32,
    uid: u32,
    raw: &[u8],
) -> Result<(), StoreError> {
    let key = key4(account, folder, uidvalidity, uid);
    let db = db().await?;
    let tx = db.transaction(&[BODIES, BODY_META], TransactionMode::ReadWrite)?;
    let _ = tx.object_store(BODIES)?.put(&js_sys::Uint8Array::from(raw).into(), Some(&key))?;
    let _ = tx.object_store(BODY_META)?.put(&meta(raw.len()), Some(&key))?;
    tx.commit()?.await?;
    evict_bodies(body_budget().await).await
}

/// The byte budget for bodies: [`BODY_BUDGET`], or a quarter of the quota if that is smaller.
pub async fn body_budget() -> f64 {
    let quota = async {
        let storage = web_sys::window()?.navigator().storage();
        let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?).await.ok()?;
        js_sys::Reflect::get(&estimate, &"quota".into()).ok()?.as_f64()
    };
    match quota.await {
        Some(q) if q > 0.0 => (q / 4.0).min(BODY_BUDGET),
        _ => BODY_BUDGET,
    }
}

/// Folder name under which POP3 messages are kept: they may exist nowhere else (the account can
/// delete them from the server after download), so they are never evicted.
pub const POP3_FOLDER: &str = "POP3";

/// Deletes the least recently read bodies until the rest fit in `budget` bytes. Drafts and the
/// outbox are in `kv`, POP3 messages under [`POP3_FOLDER`]; neither is ever touched.
pub async fn evict_bodies(budget: f64) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[BODIES, BODY_META], TransactionMode::ReadWrite)?;
    let metas = tx.object_store(BODY_META)?;
    let keys = metas.get_all_keys(None, None)?.await?;
    let values = metas.get_all(None, None)?.await?;
    let mut entries: Vec<(f64, f64, JsValue)> = keys
        .into_iter()
        .zip(values)
        .filter(|(k, _)| {
            k.clone().unchecked_into::<Array>().get(1).as_string().as_deref() != Some(POP3_FOLDER)
        })
        .map(|(k, v)| {
            let v: Array = v.unchecked_into();
            (v.get(0).as_f64().unwrap_or(0.0), v.get(1).as_f64().unwrap_or(0.0), k)
        })
        .collect();
    // Newest first: keep while within budget.
    posthorn_proto::stable_sort::sort_by(&mut entries, |a, b| b.0.total_cmp(&a.0));
    let mut total = 0.0;
    let bodies = tx.object_store(BODIES)?;
    for (_, size, key) in entries {
        total += size;
        if total > budget {
            let _ = bodies.delete(key.clone())?;
            let _ = metas.delete(key)?;
        }
    }
    tx.commit()?.await?;
    Ok(())
}

/// Every cached body of a folder (UID and bytes), for local search.
pub async fn bodies(
    account: &str,
    folder: &str,
    uidvalidity: u32,
) -> Result<Vec<(u32, Vec<u8>)>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[BODIES], TransactionMode::ReadOnly)?;
    let store = tx.object_store(BODIES)?;
    let range = prefix(&[account.into(), folder.into(), uidvalidity.into()])?;
    let keys = store.get_all_keys(Some(range.clone()), None)?.await?;
    let values = store.get_all(Some(range), None)?.await?;
    Ok(keys
        .into_iter()
        .zip(values)
        .filter_map(|(k, v)| {
            let uid = k.unchecked_into::<Array>().get(3).as_f64()? as u32;
            Some((uid, v.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec()))
        })
        .collect())
}
