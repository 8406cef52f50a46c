//! The local store: everything the app keeps in the browser, in one IndexedDB database.
//!
//! Object stores (database `posthorn`, version 1):
//! - `kv`: small records as JSON under a string key (folder lists, a folder's sync state, the
//!   outbox, drafts, the POP3 index). See [`Key`] for the keys.
//! - `headers`: one message-list row per message, keyed `[account, folder, uidvalidity, uid]`.
//! - `bodies` and `body_meta`: raw messages fetched so far under the same key, and beside each its
//!   size and when it was last read, so old bodies can be evicted without reading them.
//! - `queue`: actions done offline (flag, move, delete), replayed in order of their auto-increment key.
//! - `secrets`: remembered passwords, encrypted, with their non-extractable WebCrypto key.
//!
//! Keys are arrays so that one folder, or one account, is a key range (IndexedDB orders numbers
//! before strings before arrays, so `[a, f, []]` is above every `[a, f, n, …]`).
//!
//! Drafts and the outbox live in `kv` and are never evicted; only `bodies` are.

use std::cell::RefCell;
use std::rc::Rc;

use idb::{Database, DatabaseEvent, Factory, KeyRange, ObjectStoreParams, Query, TransactionMode};
use js_sys::Array;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

const NAME: &str = "posthorn";
const VERSION: u32 = 1;
const KV: &str = "kv";
const HEADERS: &str = "headers";
const BODIES: &str = "bodies";
const BODY_META: &str = "body_meta";
const QUEUE: &str = "queue";
const SECRETS: &str = "secrets";
const ALL: [&str; 6] = [KV, HEADERS, BODIES, BODY_META, QUEUE, SECRETS];

/// Bodies are kept up to this many bytes (or a quarter of the browser's quota, if less).
pub const BODY_BUDGET: f64 = 256.0 * 1024.0 * 1024.0;

/// What went wrong with the local store, in words for a person.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        let detail = format!("{e:?}");
        if detail.contains("QuotaExceeded") {
            StoreError(
                "The browser refused to store more mail (its storage for this site is full). \
                 Mail still works online; free space in the browser or remove old messages."
                    .into(),
            )
        } else {
            StoreError(format!(
                "The browser's local storage (IndexedDB) failed; mail works online but is not kept \
                 offline. ({e})"
            ))
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError(format!("A stored record could not be read back ({e})."))
    }
}

/// Store keys in `kv`.
pub enum Key<'a> {
    /// The account settings (never a password), for every account.
    Accounts,
    /// The folder list of an account.
    Folders(&'a str),
    /// The sync state of a folder: UIDVALIDITY, HIGHESTMODSEQ and its UIDs.
    Folder(&'a str, &'a str),
    /// The outbox of an account.
    Outbox(&'a str),
    /// The drafts of an account.
    Drafts(&'a str),
    /// The POP3 index of an account (UIDL, size, when downloaded).
    Pop3(&'a str),
    /// The list order chosen per folder of an account: wire name to order name.
    ListOrder(&'a str),
    /// A folder's last UID SORT result (account, folder), reused while no message was added.
    ServerOrder(&'a str, &'a str),
    /// Whether the list shows conversations, per folder of an account: wire name to choice.
    Conversations(&'a str),
    /// The senders whose messages may load remote images without asking, lower-cased.
    TrustedSenders,
}

impl Key<'_> {
    fn to_js(&self) -> JsValue {
        let parts: Vec<&str> = match self {
            // Not under any account's prefix: account ids are email addresses, with an `@`.
            Key::Accounts => vec![".accounts"],
            Key::Folders(a) => vec![a, "folders"],
            Key::Folder(a, f) => vec![a, "folder", f],
            Key::Outbox(a) => vec![a, "outbox"],
            Key::Drafts(a) => vec![a, "drafts"],
            Key::Pop3(a) => vec![a, "pop3"],
            Key::ListOrder(a) => vec![a, "list_order"],
            Key::ServerOrder(a, f) => vec![a, "server_order", f],
            Key::Conversations(a) => vec![a, "conversations"],
            Key::TrustedSenders => vec![".trusted_senders"],
        };
        parts.into_iter().map(JsValue::from).collect::<Array>().into()
    }
}

thread_local! {
    static DB: RefCell<Option<Rc<Database>>> = const { RefCell::new(None) };
}

/// The database, opened (and created or upgraded) on first use.
async fn db() -> Result<Rc<Database>, StoreError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let factory = Factory::new()?;
    let mut request = factory.open(NAME, Some(VERSION))?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        let existing = db.store_names();
        for name in ALL {
            if existing.iter().any(|e| e == name) {
                continue;
            }
            let mut params = ObjectStoreParams::new();
            if name == QUEUE {
                params.auto_increment(true);
            }
            let _ = db.create_object_store(name, params);
        }
    });
    let db = Rc::new(request.await?);
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn key4(account: &str, folder: &str, uidvalidity: u32, uid: u32) -> JsValue {
    let key = Array::new();
    key.push(&account.into());
    key.push(&folder.into());
    key.push(&uidvalidity.into());
    key.push(&uid.into());
    key.into()
}

/// All keys that start with these parts.
fn prefix(parts: &[JsValue]) -> Result<Query, StoreError> {
    let lower: Array = parts.iter().collect();
    let upper: Array = parts.iter().collect();
    upper.push(&Array::new());
    Ok(KeyRange::bound(&lower.into(), &upper.into(), Some(false), Some(true))?.into())
}

async fn put(store: &str, key: &JsValue, value: &JsValue) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    tx.object_store(store)?.put(value, Some(key))?.await?;
    tx.commit()?.await?;
    Ok(())
}

async fn get(store: &str, key: &JsValue) -> Result<Option<JsValue>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let value = tx.object_store(store)?.get(key.clone())?.await?;
    Ok(value.filter(|v| !v.is_undefined()))
}

/// Reads a JSON record.
pub async fn get_json<T: DeserializeOwned>(key: Key<'_>) -> Result<Option<T>, StoreError> {
    match get(KV, &key.to_js()).await? {
        Some(v) => Ok(Some(serde_json::from_str(&v.as_string().unwrap_or_default())?)),
        None => Ok(None),
    }
}

/// Writes a JSON record; it is on disk when this returns.
pub async fn put_json<T: Serialize>(key: Key<'_>, value: &T) -> Result<(), StoreError> {
    let json = serde_json::to_string(value)?;
    put(KV, &key.to_js(), &JsValue::from(json)).await
}

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

/// Deletes everything stored for an account.
pub async fn forget_account(account: &str) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&ALL, TransactionMode::ReadWrite)?;
    for name in [KV, HEADERS, BODIES, BODY_META] {
        let _ = tx.object_store(name)?.delete(prefix(&[account.into()])?)?;
    }
    let _ = tx.object_store(SECRETS)?.delete(JsValue::from(account))?;
    let queue = tx.object_store(QUEUE)?;
    let keys = queue.get_all_keys(None, None)?.await?;
    let values = queue.get_all(None, None)?.await?;
    for (key, value) in keys.into_iter().zip(values) {
        let ours = value
            .as_string()
            .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
            .is_some_and(|v| v.get("account").and_then(|a| a.as_str()) == Some(account));
        if ours {
            let _ = queue.delete(key)?;
        }
    }
    tx.commit()?.await?;
    Ok(())
}

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

/// Stores a JS value (a remembered password record with its CryptoKey) for an account.
pub async fn put_secret(account: &str, value: &JsValue) -> Result<(), StoreError> {
    put(SECRETS, &JsValue::from(account), value).await
}

/// The secret record of an account.
pub async fn secret(account: &str) -> Result<Option<JsValue>, StoreError> {
    get(SECRETS, &JsValue::from(account)).await
}

/// Forgets an account's remembered password.
pub async fn delete_secret(account: &str) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[SECRETS], TransactionMode::ReadWrite)?;
    tx.object_store(SECRETS)?.delete(JsValue::from(account))?.await?;
    tx.commit()?.await?;
    Ok(())
}

/// Asks the browser to keep this site's data under storage pressure (best effort).
pub fn ask_persistence() {
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn headers_are_kept_per_uidvalidity_and_dropped_with_the_folder() {
        let a = "store-test-1@example.org";
        put_headers(a, "INBOX", 7, &[(1, "one".into()), (2, "two".into())]).await.unwrap();
        put_headers(a, "INBOX", 8, &[(1, "other".into())]).await.unwrap();
        put_headers(a, "INBOX.Sub", 7, &[(1, "sub".into())]).await.unwrap();
        assert_eq!(headers(a, "INBOX", 7).await.unwrap(), vec!["one", "two"]);
        remove_messages(a, "INBOX", 7, &[1]).await.unwrap();
        assert_eq!(headers(a, "INBOX", 7).await.unwrap(), vec!["two"]);
        drop_folder(a, "INBOX").await.unwrap();
        assert!(headers(a, "INBOX", 7).await.unwrap().is_empty());
        assert!(headers(a, "INBOX", 8).await.unwrap().is_empty());
        // A folder whose name extends another's is a different key prefix.
        assert_eq!(headers(a, "INBOX.Sub", 7).await.unwrap(), vec!["sub"]);
        forget_account(a).await.unwrap();
        assert!(headers(a, "INBOX.Sub", 7).await.unwrap().is_empty());
    }

    #[wasm_bindgen_test]
    async fn bodies_over_the_budget_are_evicted_oldest_read_first() {
        let a = "store-test-2@example.org";
        for uid in 1..=3 {
            put_body(a, "INBOX", 1, uid, &vec![b'x'; 1000]).await.unwrap();
        }
        // Reading 1 makes it the most recent; a budget for two keeps 1 and 3.
        assert!(body(a, "INBOX", 1, 1).await.unwrap().is_some());
        evict_bodies(2000.0).await.unwrap();
        let kept: Vec<u32> = bodies(a, "INBOX", 1).await.unwrap().into_iter().map(|(u, _)| u).collect();
        assert_eq!(kept, vec![1, 3]);
        // POP3 messages may exist nowhere else: never evicted.
        put_body(a, POP3_FOLDER, 0, 1, &vec![b'y'; 5000]).await.unwrap();
        evict_bodies(0.0).await.unwrap();
        assert!(bodies(a, "INBOX", 1).await.unwrap().is_empty());
        assert_eq!(bodies(a, POP3_FOLDER, 0).await.unwrap().len(), 1);
        forget_account(a).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn the_queue_replays_in_order_and_records_survive() {
        #[derive(Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Act {
            account: String,
            n: u32,
        }
        let a = "store-test-3@example.org";
        for n in 0..3 {
            enqueue(&Act { account: a.into(), n }).await.unwrap();
        }
        let q: Vec<(f64, Act)> = queued().await.unwrap();
        let ours: Vec<u32> = q.iter().filter(|(_, x)| x.account == a).map(|(_, x)| x.n).collect();
        assert_eq!(ours, vec![0, 1, 2]);
        dequeue(q.iter().find(|(_, x)| x.account == a).unwrap().0).await.unwrap();
        put_json(Key::Outbox(a), &vec![1, 2, 3]).await.unwrap();
        assert_eq!(get_json::<Vec<u32>>(Key::Outbox(a)).await.unwrap(), Some(vec![1, 2, 3]));
        forget_account(a).await.unwrap();
        let left: Vec<(f64, Act)> = queued().await.unwrap();
        assert!(left.iter().all(|(_, x)| x.account != a));
        assert_eq!(get_json::<Vec<u32>>(Key::Outbox(a)).await.unwrap(), None);
    }
}
