//! The German texts of [`ConnectionText`] (`i18n/text/connection.rs`).

use crate::i18n::text::ConnectionText;

pub(super) const TEXT: ConnectionText = ConnectionText {
    conn_bridge_unreachable: |role, server| {
        format!("Die Brücke war nicht erreichbar, um den {role}server {server} zu verbinden.")
    },
    conn_pin_changed: |role, server| {
        format!(
            "Achtung: Das Zertifikat des {role}servers {server} hat sich geändert, seit Sie ihm vertraut haben; Posthorn hat sich deshalb nicht verbunden."
        )
    },
    conn_pinning_disabled: |role, server| {
        format!(
            "Sie vertrauen dem Zertifikat des {role}servers {server}, aber diese Brücke lässt vertraute Zertifikate nicht zu."
        )
    },
    conn_tls_failed: |role, server| {
        format!("Der TLS-Verbindungsaufbau mit dem {role}server {server} ist fehlgeschlagen.")
    },
    conn_failed: |role, server| format!("Die Verbindung zum {role}server {server} ist fehlgeschlagen."),
    conn_starttls_failed: |role, server| {
        format!(
            "Die Umstellung der Verbindung zum {role}server {server} auf TLS (STARTTLS) ist fehlgeschlagen."
        )
    },
    conn_silent: |role, server| format!("Der {role}server {server} antwortet nicht mehr."),
    conn_broke: |role, server| format!("Die Verbindung zum {role}server {server} ist abgebrochen."),
    bridge_unreachable_at: |url| {
        format!(
            "Die Brücke unter {url} war nicht erreichbar oder hat die Verbindung abgelehnt. Prüfen Sie, ob sie läuft und diese Website zulässt."
        )
    },
    closed_code: |code| format!("Die Verbindung wurde geschlossen (Code {code})."),
    closed_reason: |reason, code| format!("Die Verbindung wurde geschlossen: {reason} (Code {code})."),
    bridge_broke_protocol: |what| format!("Die Brücke hat das Protokoll verletzt: {what}"),
};
