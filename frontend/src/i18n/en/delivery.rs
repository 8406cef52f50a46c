//! The English texts of [`DeliveryText`] (`i18n/text/delivery.rs`).

use crate::i18n::text::DeliveryText;

pub(super) const TEXT: DeliveryText = DeliveryText {
    sent_plain: "Sent",
    sent_filed_in: |folder| format!("Sent and filed in {folder}"),
    sent_not_filed: |e| format!("Sent, but not filed in Sent: {e}"),
    sent_to_rest: |delivery| format!("Sent to the rest too. {delivery}"),
    sent_some_deferred: |filed, later, wait| {
        format!(
            "{filed} to those who were accepted. For {later} the server asked to try again later; \
             Posthorn does so in {wait}, for them alone."
        )
    },
    accepted_for: |who| format!("accepted for {who}"),
    refused_for: |who| format!("refused for {who}"),
    later_for: |who| format!("to be tried again later for {who}"),
    outgoing_server_said: |parts| format!("The outgoing server: {parts}."),
    creating_sent: "Creating the Sent folder …",
    sent_folder_not_created: |e| format!("Sent, but the Sent folder could not be created: {e}"),
    created_copy_not_made: |folder, e| {
        format!("Created the folder {folder}, but the copy could not be made again: {e}")
    },
    created_filing: |folder| format!("Created the folder {folder}. Filing the copy …"),
    filed_in_created: |folder| format!("Sent and filed in {folder} (the folder was created for it)."),
    created_not_filed: |folder, e| format!("Created the folder {folder}, but the copy was not filed: {e}"),
    create_sent_button: "Create a Sent folder and file the copy there",
    filing_again: "Filing the copy in Sent …",
    filed_again: |folder| format!("Sent and filed in {folder}."),
    still_not_filed: |e| format!("Sent, but still not filed in Sent: {e}"),
    file_again_button: "File the copy in Sent",
    no_sent_to_check: "This account reads mail with POP3 and has no Sent folder on a server to look in.",
};
