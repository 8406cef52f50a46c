//! The foundation's smoke test: the real bridge serves the real built app, headless Chromium opens it,
//! it mounts its first screen without a console error, and the server's HTTP behaviour is right.

use std::time::Duration;

use posthorn_tests::app::{RunningBridge, dist_dir};
use posthorn_tests::browser::Browser;

fn http_get(url: &str) -> (u16, String, Vec<u8>) {
    let resp = match ureq::get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    };
    let status = resp.status();
    let content_type = resp.header("content-type").unwrap_or_default().to_string();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut resp.into_reader(), &mut body).expect("read body");
    (status, content_type, body)
}

#[test]
fn the_app_mounts_its_first_screen_without_console_errors() {
    let bridge = RunningBridge::start(|_| {});
    let mut browser = Browser::start().expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    let setup = browser.wait_for("[data-testid=account-setup]", Duration::from_secs(20)).expect("app mounts");
    let text = browser.text(&setup).expect("read text");
    assert!(text.contains("Add a mail account"), "first screen says: {text}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn unknown_paths_get_a_404_and_wasm_is_served_as_application_wasm() {
    let bridge = RunningBridge::start(|_| {});
    let (status, _, _) = http_get(&format!("{}/no/such/page.html", bridge.url));
    assert_eq!(status, 404);

    let wasm = std::fs::read_dir(dist_dir())
        .expect("dist/ exists (run `trunk build --release`)")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".wasm"))
        .expect("a .wasm in dist/");
    let (status, content_type, body) = http_get(&format!("{}/{wasm}", bridge.url));
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/wasm");
    assert_eq!(&body[..4], b"\0asm", "the body is a wasm module");

    // Precompressed at build time: a browser that accepts gzip gets the small file.
    let resp =
        ureq::get(&format!("{}/{wasm}", bridge.url)).set("Accept-Encoding", "gzip").call().expect("GET wasm");
    assert_eq!(resp.header("content-encoding"), Some("gzip"));
    assert_eq!(resp.header("content-type"), Some("application/wasm"));

    let (status, content_type, body) = http_get(&format!("{}/", bridge.url));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "index is {content_type}");
    assert!(String::from_utf8_lossy(&body).contains(".wasm"), "index.html loads the wasm module");
}
