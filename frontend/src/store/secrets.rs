//! The `secrets` store: remembered passwords, encrypted, each with its non-extractable WebCrypto
//! key.

use idb::TransactionMode;
use wasm_bindgen::JsValue;

use super::{SECRETS, StoreError, db, get, put};

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
