//! Where the bridge is: the configured URL (kept in local storage) or the page's own origin, as
//! the WebSocket URL the driver connects to and the HTTP URL discovery asks.

/// Where the bridge URL setting is kept.
pub const BRIDGE_URL_KEY: &str = "posthorn.bridge_url";

/// The configured bridge URL (empty: the page's own origin).
pub fn configured_bridge_url() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(BRIDGE_URL_KEY).ok().flatten())
        .unwrap_or_default()
}

/// Sets the bridge URL; an empty value means the page's own origin.
pub fn set_bridge_url(url: &str) -> Result<(), String> {
    let url = url.trim().trim_end_matches('/');
    if !url.is_empty() && !["http://", "https://", "ws://", "wss://"].iter().any(|p| url.starts_with(p)) {
        return Err("The bridge URL must start with https:// (or http:// on your own machine).".into());
    }
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or("This browser does not allow the app to store settings.")?;
    let result = if url.is_empty() {
        storage.remove_item(BRIDGE_URL_KEY)
    } else {
        storage.set_item(BRIDGE_URL_KEY, url)
    };
    result.map_err(|_| "The browser refused to store the setting.".to_string())
}

/// The bridge's WebSocket URL: the page's own origin unless a bridge URL is configured.
pub fn bridge_ws_url() -> String {
    let configured = Some(configured_bridge_url()).filter(|u| !u.trim().is_empty());
    let base = configured.unwrap_or_else(|| {
        let location = web_sys::window().expect("a window").location();
        location.origin().unwrap_or_default()
    });
    let base = base.trim_end_matches('/');
    let ws = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_string()
    };
    format!("{ws}/ws")
}

/// The bridge's HTTP base URL (for discovery).
pub fn bridge_http_url() -> String {
    let ws = bridge_ws_url();
    let base = ws.trim_end_matches("/ws");
    if let Some(rest) = base.strip_prefix("wss://") {
        format!("https://{rest}")
    } else if let Some(rest) = base.strip_prefix("ws://") {
        format!("http://{rest}")
    } else {
        base.to_string()
    }
}
