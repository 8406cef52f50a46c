//! Remembering a password on this device (opt-in).
//!
//! The password is encrypted with AES-GCM (256-bit key, fresh 96-bit IV) under a WebCrypto key
//! generated with `extractable = false`. The key object itself, the IV and the ciphertext are kept
//! in the local store's `secrets` (IndexedDB stores a `CryptoKey` by structured clone and keeps it
//! non-extractable), so the raw key bytes never reach script, storage exports or backups; only
//! this browser profile can use the key, by asking the browser to decrypt. What that protects
//! against and what it does not is written in the README ("Passwords").

use js_sys::{Array, Object, Reflect, Uint8Array};
use posthorn_proto::secret::Secret;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, SubtleCrypto};

use crate::store;

/// Why a password could not be remembered or read back, in words for a person.
#[derive(Debug, Clone, PartialEq)]
pub struct RememberError(pub String);

impl std::fmt::Display for RememberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn crypto_failed(what: &str, e: JsValue) -> RememberError {
    let detail = e.as_string().or_else(|| Reflect::get(&e, &"message".into()).ok()?.as_string());
    RememberError(format!(
        "The browser could not {what} (Web Crypto: {}); the password is asked once per session instead.",
        detail.unwrap_or_else(|| "unknown error".into())
    ))
}

impl From<store::StoreError> for RememberError {
    fn from(e: store::StoreError) -> Self {
        RememberError(e.0)
    }
}

fn subtle() -> Result<SubtleCrypto, RememberError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| RememberError("This browser has no Web Crypto.".into()))?;
    Ok(crypto.subtle())
}

fn gcm(iv: &Uint8Array) -> AesGcmParams {
    AesGcmParams::new("AES-GCM", iv)
}

fn get(record: &JsValue, field: &str) -> Option<JsValue> {
    Reflect::get(record, &field.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Encrypts `password` under a new non-extractable key and stores key, IV and ciphertext for
/// `email`, replacing what was remembered before.
pub async fn remember(email: &str, password: &Secret) -> Result<(), RememberError> {
    let subtle = subtle()?;
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let generated = subtle
        .generate_key_with_object(&AesKeyGenParams::new("AES-GCM", 256), false, &usages)
        .map_err(|e| crypto_failed("create a key", e))?;
    let key: CryptoKey =
        JsFuture::from(generated).await.map_err(|e| crypto_failed("create a key", e))?.unchecked_into();
    let mut iv = [0u8; 12];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| RememberError("This browser has no Web Crypto.".into()))?
        .get_random_values_with_u8_array(&mut iv)
        .map_err(|e| crypto_failed("draw random numbers", e))?;
    let iv = Uint8Array::from(&iv[..]);
    let encrypted = subtle
        .encrypt_with_object_and_u8_array(&gcm(&iv), &key, password.expose().as_bytes())
        .map_err(|e| crypto_failed("encrypt", e))?;
    let data = JsFuture::from(encrypted).await.map_err(|e| crypto_failed("encrypt", e))?;
    let record = Object::new();
    for (field, value) in [("key", JsValue::from(key)), ("iv", iv.into()), ("data", data)] {
        Reflect::set(&record, &field.into(), &value).map_err(|e| crypto_failed("build the record", e))?;
    }
    store::put_secret(email, &record).await?;
    Ok(())
}

/// The remembered password of `email`, decrypted; `None` if none is remembered.
pub async fn recall(email: &str) -> Result<Option<Secret>, RememberError> {
    let Some(record) = store::secret(email).await? else { return Ok(None) };
    let (Some(key), Some(iv), Some(data)) = (get(&record, "key"), get(&record, "iv"), get(&record, "data"))
    else {
        return Err(RememberError("The remembered password is damaged; enter it again.".into()));
    };
    let key: CryptoKey = key.unchecked_into();
    let iv: Uint8Array = iv.unchecked_into();
    let data = Uint8Array::new(&data);
    let decrypted = subtle()?
        .decrypt_with_object_and_js_u8_array(&gcm(&iv), &key, &data)
        .map_err(|e| crypto_failed("decrypt the remembered password", e))?;
    let plain =
        JsFuture::from(decrypted).await.map_err(|e| crypto_failed("decrypt the remembered password", e))?;
    let text = String::from_utf8(Uint8Array::new(&plain).to_vec())
        .map_err(|_| RememberError("The remembered password is damaged; enter it again.".into()))?;
    Ok(Some(Secret::new(text)))
}

/// Stops remembering the password of `email`.
pub async fn forget(email: &str) -> Result<(), RememberError> {
    Ok(store::delete_secret(email).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_remembered_password_round_trips_and_its_key_cannot_be_exported() {
        let email = "remember-test@example.org";
        remember(email, &Secret::new("pässwörd 🔑")).await.unwrap();
        assert_eq!(recall(email).await.unwrap().map(|s| s.expose().to_owned()), Some("pässwörd 🔑".into()));

        // What is on disk: a CryptoKey that stayed non-extractable through structured clone, and
        // ciphertext that is not the password.
        let record = store::secret(email).await.unwrap().expect("a stored record");
        let key: CryptoKey = get(&record, "key").expect("a key").dyn_into().expect("a CryptoKey");
        assert!(!key.extractable());
        let exported = subtle().unwrap().export_key("raw", &key).unwrap();
        assert!(JsFuture::from(exported).await.is_err(), "a non-extractable key was exported");
        let data = Uint8Array::new(&get(&record, "data").expect("ciphertext")).to_vec();
        assert!(!data.windows(4).any(|w| w == b"p\xc3\xa4s"), "the password is stored in plain text");

        // Remembering again replaces key and ciphertext.
        remember(email, &Secret::new("second")).await.unwrap();
        assert_eq!(recall(email).await.unwrap().map(|s| s.expose().to_owned()), Some("second".into()));
        forget(email).await.unwrap();
        assert_eq!(recall(email).await.unwrap(), None);
    }
}
