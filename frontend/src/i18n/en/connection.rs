//! The English texts of [`ConnectionText`] (`i18n/text/connection.rs`).

use crate::i18n::text::ConnectionText;

pub(super) const TEXT: ConnectionText = ConnectionText {
    conn_bridge_unreachable: |role, server| {
        format!("The bridge could not be reached to connect to the {role} server {server}.")
    },
    conn_pin_changed: |role, server| {
        format!(
            "Warning: the certificate of the {role} server {server} has changed since you trusted it, so Posthorn did not connect."
        )
    },
    conn_pinning_disabled: |role, server| {
        format!(
            "You trusted the certificate of the {role} server {server}, but this bridge does not allow trusted certificates."
        )
    },
    conn_tls_failed: |role, server| format!("The TLS handshake with the {role} server {server} failed."),
    conn_failed: |role, server| format!("Connecting to the {role} server {server} failed."),
    conn_starttls_failed: |role, server| {
        format!("Switching the connection to the {role} server {server} to TLS (STARTTLS) failed.")
    },
    conn_silent: |role, server| format!("The {role} server {server} stopped answering."),
    conn_broke: |role, server| format!("The connection to the {role} server {server} broke."),
    bridge_unreachable_at: |url| {
        format!(
            "The bridge at {url} could not be reached or refused the connection. Check that it is running and that this page's origin is allowed."
        )
    },
    closed_code: |code| format!("The connection closed (code {code})."),
    closed_reason: |reason, code| format!("The connection closed: {reason} (code {code})."),
    bridge_broke_protocol: |what| format!("The bridge broke the wire protocol: {what}"),
};
