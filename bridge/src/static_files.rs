//! Serving the built app (`dist/`), and the headers every response carries: caching that fits
//! Trunk's hashed file names, and a Content-Security-Policy strict enough that an injected script
//! or a message's HTML cannot reach the relay on its own.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

/// The static file service for `dist`: correct MIME types (`application/wasm` for `.wasm`),
/// pre-compressed `.br`/`.gz` siblings when present, `index.html` for directories, 404 otherwise.
pub fn service(dist: &Path) -> ServeDir {
    ServeDir::new(dist).precompressed_br().precompressed_gzip().append_index_html_on_directories(true)
}

/// Adds security and caching headers to every response.
pub async fn headers(State(dist): State<Arc<PathBuf>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_owned);
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
        // A 304 to a reload has no Content-Type, but the browser takes its CSP for the cached page:
        // without the hashes the page's inline loader is blocked and the app never starts.
        || (response.status() == axum::http::StatusCode::NOT_MODIFIED
            && (path.ends_with('/') || path.ends_with(".html")));
    let script_hashes = if is_html { inline_script_hashes(&dist.join("index.html")) } else { String::new() };
    let status = response.status();
    let h = response.headers_mut();
    h.insert("content-security-policy", csp(host.as_deref(), &script_hashes));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED {
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(&path)));
        }
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The Content-Security-Policy. `'wasm-unsafe-eval'` lets the app compile its WebAssembly without
/// allowing `eval`; connections only go back to this origin (explicit ws/wss forms for older
/// browsers).
///
/// The message view is a sandboxed `srcdoc` frame, which inherits this policy on top of the
/// message's own (`shared/src/message.rs`, `html_document`): so `frame-src 'none'` (a srcdoc frame
/// is no fetch, but no frame may navigate anywhere, this origin included), and images from
/// `http:` and `https:`, which the message's policy allows only once the reader consents. The app
/// itself shows no remote image; its markup comes from its own code, never from a message.
pub fn csp(host: Option<&str>, script_hashes: &str) -> HeaderValue {
    let ws = match host
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
    {
        Some(host) => format!(" ws://{host} wss://{host}"),
        None => String::new(),
    };
    let value = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{script_hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: http: https:; font-src 'self'; connect-src 'self'{ws}; manifest-src 'self'; \
         worker-src 'self'; frame-src 'none'; child-src 'none'; object-src 'none'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

/// Cache policy by path: the HTML and the service worker must always be revalidated (they name
/// the current hashed assets); files with a content hash in their name never change.
pub fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    match name {
        "/healthz" | "healthz" | "metrics" | "discover" | "ws" => "no-store",
        "" | "index.html" | "sw.js" | "service-worker.js" | "manifest.json" | "manifest.webmanifest" => {
            "no-cache"
        }
        _ if has_content_hash(name) => "public, max-age=31536000, immutable",
        _ => "no-cache",
    }
}

/// Trunk names assets `name-<16 hex digits>.ext` (and `name-<hash>_bg.wasm`), and the wasm
/// initializer (index.html's `data-initializer`) `<hash>-name.js`.
fn has_content_hash(name: &str) -> bool {
    let is_hash = |hash: &str| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| is_hash(hash))
        || stem.split_once('-').is_some_and(|(hash, _)| is_hash(hash))
}

static HASH_CACHE: Mutex<Option<(PathBuf, SystemTime, String)>> = Mutex::new(None);

/// ` 'sha256-…'` for each inline `<script>` in the built `index.html` (Trunk writes one that
/// loads the wasm module), so the policy allows exactly those scripts and no others. Cached until
/// the file changes.
pub fn inline_script_hashes(index: &Path) -> String {
    let Ok(modified) = std::fs::metadata(index).and_then(|m| m.modified()) else {
        return String::new();
    };
    let mut cache = HASH_CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((path, time, hashes)) = cache.as_ref()
        && path == index
        && *time == modified
    {
        return hashes.clone();
    }
    let html = std::fs::read_to_string(index).unwrap_or_default();
    let hashes = hash_inline_scripts(&html);
    *cache = Some((index.to_owned(), modified, hashes.clone()));
    hashes
}

fn hash_inline_scripts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(body_len) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + body_len];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            out.push_str(&format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &after[body_start + body_len..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_policy_by_name() {
        assert_eq!(cache_control("/"), "no-cache");
        assert_eq!(cache_control("/index.html"), "no-cache");
        assert_eq!(cache_control("/sw.js"), "no-cache");
        assert_eq!(cache_control("/posthorn-app-1a2b3c4d5e6f7a8b.js"), "public, max-age=31536000, immutable");
        assert_eq!(
            cache_control("/posthorn-app-1a2b3c4d5e6f7a8b_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("/style-0123456789abcdef.css"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/b042ad6502f25e19-boot.js"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/boot.js"), "no-cache");
        assert_eq!(cache_control("/favicon.ico"), "no-cache");
        assert_eq!(cache_control("/my-app.js"), "no-cache");
    }

    #[test]
    fn inline_scripts_are_hashed() {
        let html = "<script type=\"module\">import init from '/a.js';init();</script><script src=\"/b.js\"></script>";
        let hashes = hash_inline_scripts(html);
        assert_eq!(hashes.matches("'sha256-").count(), 1);
        let csp = csp(Some("127.0.0.1:8080"), &hashes);
        let csp = csp.to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(csp.contains("connect-src 'self' ws://127.0.0.1:8080 wss://127.0.0.1:8080;"));
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
        assert!(csp.contains("base-uri 'none'"));
        assert!(csp.contains("frame-src 'none'; child-src 'none'"), "no frame may navigate to this origin");
        assert!(csp.contains("img-src 'self' data: blob: http: https:;"), "consented remote images: {csp}");
    }
}
