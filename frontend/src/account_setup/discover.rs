//! Asking the bridge's discovery endpoint (`/discover`) which servers an address uses.

use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::t;
use crate::session::bridge_http_url;

/// One suggestion from `/discover` (the bridge's `Finding`, the fields the app uses).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Finding {
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) security: String,
    #[serde(default)]
    pub(super) ok: bool,
}

/// The servers the bridge suggests, per protocol.
#[derive(Debug, Clone, Deserialize, Default)]
pub(super) struct Suggested {
    pub(super) imap: Option<Finding>,
    pub(super) pop3: Option<Finding>,
    pub(super) submission: Option<Finding>,
}

/// The answer of `/discover` (the part the app uses).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Report {
    #[serde(default)]
    pub(super) suggested: Suggested,
}

/// The bridge's suggestions for an address, or what went wrong, in words for a person.
pub(super) async fn discover(email: &str) -> Result<Report, String> {
    let window = web_sys::window().ok_or("no window")?;
    let url = format!("{}/discover?email={}", bridge_http_url(), js_sys::encode_uri_component(email));
    // The header tells the bridge the request comes from the app, not from a link into it.
    let headers = web_sys::Headers::new().map_err(|_| "no Headers")?;
    headers.set(posthorn_proto::wire::APP_REQUEST_HEADER, "1").map_err(|_| "no Headers")?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    let response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| t().discovery_unreachable.to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err((t().discovery_status)(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| "reading the discovery answer failed")?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| (t().discovery_not_understood)(&e.to_string()))
}
