//! Texts of one part of the app, a table of their own in [`super::Text`] (see `i18n.rs`).

/// Connections (net/driver.rs, net/socket.rs): (role, server), the role as in role_incoming.
pub struct ConnectionText {
    pub conn_bridge_unreachable: fn(&str, &str) -> String,
    pub conn_pin_changed: fn(&str, &str) -> String,
    pub conn_pinning_disabled: fn(&str, &str) -> String,
    pub conn_tls_failed: fn(&str, &str) -> String,
    pub conn_failed: fn(&str, &str) -> String,
    pub conn_starttls_failed: fn(&str, &str) -> String,
    pub conn_silent: fn(&str, &str) -> String,
    pub conn_broke: fn(&str, &str) -> String,
    pub bridge_unreachable_at: fn(&str) -> String,
    pub closed_code: fn(u16) -> String,
    pub closed_reason: fn(&str, u16) -> String,
    pub bridge_broke_protocol: fn(&str) -> String,
}
