//! The German texts of [`DeliveryText`] (`i18n/text/delivery.rs`).

use crate::i18n::text::DeliveryText;

pub(super) const TEXT: DeliveryText = DeliveryText {
    sent_plain: "Gesendet",
    sent_filed_in: |folder| format!("Gesendet und in {folder} abgelegt"),
    sent_not_filed: |e| format!("Gesendet, aber nicht in „Gesendet“ abgelegt: {e}"),
    sent_to_rest: |delivery| format!("Auch an die übrigen gesendet. {delivery}"),
    sent_some_deferred: |filed, later, wait| {
        format!(
            "{filed} an die angenommenen Empfänger. Für {later} bat der Server, es später noch einmal zu \
             versuchen; Posthorn tut das in {wait}, nur für sie."
        )
    },
    accepted_for: |who| format!("angenommen für {who}"),
    refused_for: |who| format!("abgelehnt für {who}"),
    later_for: |who| format!("später erneut zu versuchen für {who}"),
    outgoing_server_said: |parts| format!("Der Postausgangsserver: {parts}."),
    creating_sent: "Der Ordner „Gesendet“ wird angelegt …",
    sent_folder_not_created: |e| {
        format!("Gesendet, aber der Ordner „Gesendet“ konnte nicht angelegt werden: {e}")
    },
    created_copy_not_made: |folder, e| {
        format!(
            "Der Ordner {folder} wurde angelegt, aber die Kopie konnte nicht noch einmal erstellt werden: {e}"
        )
    },
    created_filing: |folder| format!("Der Ordner {folder} wurde angelegt. Die Kopie wird abgelegt …"),
    filed_in_created: |folder| {
        format!("Gesendet und in {folder} abgelegt (der Ordner wurde dafür angelegt).")
    },
    created_not_filed: |folder, e| {
        format!("Der Ordner {folder} wurde angelegt, aber die Kopie wurde nicht abgelegt: {e}")
    },
    create_sent_button: "Ordner „Gesendet“ anlegen und die Kopie dort ablegen",
    filing_again: "Die Kopie wird in „Gesendet“ abgelegt …",
    filed_again: |folder| format!("Gesendet und in {folder} abgelegt."),
    still_not_filed: |e| format!("Gesendet, aber noch immer nicht in „Gesendet“ abgelegt: {e}"),
    file_again_button: "Kopie in „Gesendet“ ablegen",
    no_sent_to_check: "Dieses Konto liest E-Mails mit POP3 und hat keinen Ordner „Gesendet“ auf einem Server, in dem sich nachsehen ließe.",
};
