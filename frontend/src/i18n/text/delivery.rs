//! Texts of one part of the app, a table of their own in [`super::Text`] (see `i18n.rs`).

/// After sending (outbox.rs).
pub struct DeliveryText {
    pub sent_plain: &'static str,
    pub sent_filed_in: fn(&str) -> String,
    pub sent_not_filed: fn(&str) -> String,
    pub sent_to_rest: fn(&str) -> String,
    pub sent_some_deferred: fn(&str, &str, &str) -> String,
    pub accepted_for: fn(&str) -> String,
    pub refused_for: fn(&str) -> String,
    pub later_for: fn(&str) -> String,
    pub outgoing_server_said: fn(&str) -> String,
    pub creating_sent: &'static str,
    pub sent_folder_not_created: fn(&str) -> String,
    pub created_copy_not_made: fn(&str, &str) -> String,
    pub created_filing: fn(&str) -> String,
    pub filed_in_created: fn(&str) -> String,
    pub created_not_filed: fn(&str, &str) -> String,
    pub create_sent_button: &'static str,
    pub filing_again: &'static str,
    pub filed_again: fn(&str) -> String,
    pub still_not_filed: fn(&str) -> String,
    pub file_again_button: &'static str,
    /// Why an uncertain message of a POP3 account cannot be looked for in a Sent folder.
    pub no_sent_to_check: &'static str,
}
