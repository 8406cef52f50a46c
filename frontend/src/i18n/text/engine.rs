//! Texts of one part of the app, a table of their own in [`super::Text`] (see `i18n.rs`).

/// Engine errors (frontend/src/session/engine_words.rs): the sentence around the server's
/// own words, which travel apart in MailError::server_reply.
pub struct EngineText {
    pub err_refused: fn(&str) -> String,
    pub err_not_understood: fn(&str) -> String,
    pub err_closed: &'static str,
    pub err_unreadable: &'static str,
    pub err_timeout: fn(&str, u64) -> String,
    pub err_aborted: &'static str,
    pub err_no_encryption: &'static str,
    pub err_encryption_refused: &'static str,
    pub err_injection: &'static str,
    pub err_busy: &'static str,
    pub err_no_sign_in: &'static str,
    pub err_other: &'static str,
    pub err_at_server: fn(&str, &str, &str) -> String,
    /// What to do about an IMAP response code (RFC 5530 section 3), if there is something.
    pub err_code_hint: fn(&str) -> Option<&'static str>,
    pub err_password_not_accepted: &'static str,
    pub err_broke_while_sending: &'static str,
    pub err_ended_before_sent: &'static str,
    pub err_broke_for_some: fn(&str) -> String,
    pub err_sent_not_checked: fn(&str) -> String,
    pub err_outbox_not_stored: fn(&str) -> String,
    pub err_no_role_folder: fn(&str) -> String,
    pub err_folder_not_created: fn(&str, &str) -> String,
    pub err_too_large_to_download: fn(&str) -> String,
}
