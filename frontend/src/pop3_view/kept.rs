//! The kept messages of a POP3 account as the store holds them, and what the deletion policy
//! decides for each.

use super::*;

/// The kept messages of a POP3 account, as stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Pop3Index {
    /// The local id the next downloaded message gets.
    pub(super) next_id: u32,
    /// Every kept message.
    pub(super) messages: Vec<Kept>,
}

/// One kept message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Kept {
    /// The server's unique id (UIDL, RFC 1939 section 7).
    pub(super) uidl: String,
    /// The local id: the body's key in the store, and the list order (higher is newer).
    pub(super) id: u32,
    pub(super) size: u64,
    pub(super) from: String,
    pub(super) subject: String,
    pub(super) date: String,
    /// The Date header as a Unix time, if it parsed (absent in messages kept before).
    #[serde(default)]
    pub(super) timestamp: Option<i64>,
    /// When it was downloaded, in milliseconds since 1970 (for "delete after N days").
    pub(super) downloaded_at: f64,
    /// Whether the server still had it at the last sync.
    pub(super) on_server: bool,
    /// The first words of its text, for the list (absent in messages kept before, and while
    /// only the headers are listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) preview: Option<String>,
    /// Its priority (normal in messages kept before).
    #[serde(default)]
    pub(super) priority: posthorn_proto::message::priority::Priority,
}

/// Whether a kept message is due for deletion from the server under the account's setting.
pub(super) fn due_for_deletion(policy: Pop3Delete, kept: &Kept, now_ms: f64) -> bool {
    kept.on_server
        && match policy {
            Pop3Delete::Never => false,
            Pop3Delete::AfterDownload => true,
            Pop3Delete::AfterDays(days) => now_ms - kept.downloaded_at >= f64::from(days) * DAY_MS,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn kept(downloaded_at: f64, on_server: bool) -> Kept {
        Kept {
            uidl: "u1".into(),
            id: 0,
            size: 1,
            from: String::new(),
            subject: String::new(),
            date: String::new(),
            timestamp: None,
            downloaded_at,
            on_server,
            preview: None,
            priority: Default::default(),
        }
    }

    #[wasm_bindgen_test]
    fn deletion_follows_the_setting_and_only_touches_what_the_server_has() {
        let now = 100.0 * DAY_MS;
        let fresh = kept(now - 1000.0, true);
        let old = kept(now - 8.0 * DAY_MS, true);
        assert!(!due_for_deletion(Pop3Delete::Never, &old, now));
        assert!(due_for_deletion(Pop3Delete::AfterDownload, &fresh, now));
        assert!(!due_for_deletion(Pop3Delete::AfterDays(7), &fresh, now));
        assert!(due_for_deletion(Pop3Delete::AfterDays(7), &old, now));
        assert!(!due_for_deletion(Pop3Delete::AfterDownload, &kept(now, false), now));
    }

    #[wasm_bindgen_test]
    async fn the_index_and_bodies_survive_in_the_store() {
        let email = "pop3-view-test@example.org";
        let index = Pop3Index { next_id: 1, messages: vec![kept(1.0, false)] };
        store::put_json(Key::Pop3(email), &index).await.unwrap();
        store::put_body(email, FOLDER, 0, 0, b"Subject: kept\r\n\r\nhi\r\n").await.unwrap();
        assert_eq!(store::get_json::<Pop3Index>(Key::Pop3(email)).await.unwrap(), Some(index));
        assert!(is_stored(email, 0).await);
        assert!(!is_stored(email, 1).await);
        store::forget_account(email).await.unwrap();
    }
}
