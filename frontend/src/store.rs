//! The local store: everything the app keeps in the browser, in one IndexedDB database.
//!
//! Object stores (database `posthorn`, version 1):
//! - `kv`: small records as JSON under a string key (folder lists, a folder's sync state, the
//!   outbox, drafts, the POP3 index). See [`Key`] for the keys.
//! - `headers`: one message-list row per message, keyed `[account, folder, uidvalidity, uid]`
//!   (`store/headers.rs`).
//! - `bodies` and `body_meta`: raw messages fetched so far under the same key, and beside each its
//!   size and when it was last read, so old bodies can be evicted without reading them
//!   (`store/bodies.rs`).
//! - `queue`: actions done offline (flag, move, delete), replayed in order of their auto-increment
//!   key (`store/queue.rs`).
//! - `secrets`: remembered passwords, encrypted, with their non-extractable WebCrypto key
//!   (`store/secrets.rs`).
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
use wasm_bindgen::JsValue;

mod bodies;
mod headers;
mod queue;
mod secrets;

pub use bodies::{POP3_FOLDER, bodies, body, put_body};
pub use headers::{drop_folder, headers, put_headers, remove_messages};
pub use queue::{dequeue, enqueue, queued};
pub use secrets::{delete_secret, put_secret, secret};

const NAME: &str = "posthorn";
const VERSION: u32 = 1;
const KV: &str = "kv";
const HEADERS: &str = "headers";
const BODIES: &str = "bodies";
const BODY_META: &str = "body_meta";
const QUEUE: &str = "queue";
const SECRETS: &str = "secrets";
const ALL: [&str; 6] = [KV, HEADERS, BODIES, BODY_META, QUEUE, SECRETS];

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
    /// The addresses an account wrote to, most recent first (composer/address_book.rs).
    Addresses(&'a str),
    /// The addresses the person told an account's suggestions to forget, lower-cased.
    Forgotten(&'a str),
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
            Key::Addresses(a) => vec![a, "addresses"],
            Key::Forgotten(a) => vec![a, "forgotten_addresses"],
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

/// The browser's localStorage, for the few small settings read before IndexedDB answers (the
/// language, the theme, the account list's first read) or kept per device; `None` where the
/// browser refuses storage (some private windows).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
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
mod tests;
