//! The installable shell: Chromium considers the app installable; once its service worker
//! controls the page, the app opens again after the bridge is gone; a new deployment offers a
//! reload, and until the person takes it the old version keeps being served whole (old and new
//! never mix). The real bridge serves the real built app (`dist/`) to headless Chromium.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use posthorn_tests::app::{RunningBridge, dist_dir};
use posthorn_tests::browser::Browser;
use serde_json::{Value, json};

const MOUNT: Duration = Duration::from_secs(30);

/// The shell list and version the build wrote into `sw.js`.
fn built_shell(dist: &Path) -> (String, Vec<String>) {
    let sw =
        std::fs::read_to_string(dist.join("sw.js")).expect("dist/sw.js exists (run `trunk build --release`)");
    let line = sw.lines().find(|l| l.starts_with("const BUILD = ")).expect("sw.js has its BUILD line");
    let object = line.trim_start_matches("const BUILD = ").trim_end_matches(';');
    // The hook writes JSON-compatible JavaScript except for the unquoted keys.
    let json = object.replacen("version:", "\"version\":", 1).replacen("shell:", "\"shell\":", 1);
    let build: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("BUILD line {line}: {e}"));
    let version = build["version"].as_str().expect("a version").to_owned();
    let shell = build["shell"]
        .as_array()
        .expect("a shell list")
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    (version, shell)
}

fn files_under(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read dist") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            // Trunk's staging directory while a build runs: not part of the app.
            continue;
        }
        let name = format!("{prefix}/{name}");
        if entry.file_type().expect("file type").is_dir() {
            files_under(&entry.path(), &name, out);
        } else {
            out.push(name);
        }
    }
}

/// A private copy of `dist/`, removed on drop.
struct DistCopy(PathBuf);

impl DistCopy {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "posthorn-pwa-dist-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&dist_dir(), &dir);
        DistCopy(dir)
    }
}

impl Drop for DistCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A bridge serving a private copy of `dist/`: the tests see one build even if `dist/` is rebuilt
/// while they run, and the deployment test can change its copy.
fn serve_copy() -> (DistCopy, RunningBridge) {
    let copy = DistCopy::new();
    let dir = copy.0.clone();
    let bridge = RunningBridge::start(move |c| c.dist = dir);
    (copy, bridge)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read dist (run `trunk build --release`)") {
        let entry = entry.expect("dir entry");
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Runs `script` until it returns `true`, tolerating the errors a page produces while it reloads.
fn poll(browser: &mut Browser, what: &str, script: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let last = match browser.execute(script, vec![]) {
            Ok(Value::Bool(true)) => return,
            Ok(v) => v,
            Err(e) => Value::String(e.0),
        };
        if Instant::now() > deadline {
            let console = browser.console().unwrap_or_default();
            panic!("timed out waiting for {what} (last: {last})\nconsole: {console:#?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Opens the app and waits until the service worker controls the page (its first install claims
/// the page that registered it).
fn open_controlled(browser: &mut Browser, url: &str) {
    browser.goto(&format!("{url}/")).expect("open the app");
    browser.wait_for("[data-testid=account-setup]", MOUNT).expect("the app mounts");
    poll(
        browser,
        "the service worker to control the page",
        "const c = navigator.serviceWorker && navigator.serviceWorker.controller; return !!c && c.state === 'activated';",
        MOUNT,
    );
}

/// The names of the shell caches, and the paths in each.
fn caches(browser: &Browser) -> Value {
    browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const out = {};
               for (const name of await caches.keys()) {
                 const cache = await caches.open(name);
                 out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
               }
               return out;
             })().then(done, (e) => done('error: ' + e));",
            vec![],
        )
        .expect("read the caches")
}

fn http_get(url: &str) -> (u16, String, String, Vec<u8>) {
    let resp = match ureq::get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    };
    let status = resp.status();
    let content_type = resp.header("content-type").unwrap_or_default().to_owned();
    let cache_control = resp.header("cache-control").unwrap_or_default().to_owned();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut resp.into_reader(), &mut body).expect("read body");
    (status, content_type, cache_control, body)
}

#[test]
fn chromium_reports_the_app_installable() {
    let (copy, bridge) = serve_copy();
    let dist = copy.0.clone();
    let (version, shell) = built_shell(&dist);
    assert_ne!(version, "dev", "the post_build hook wrote a version");
    // The precache list is exactly what the build produced, minus the worker itself.
    let mut files = Vec::new();
    files_under(&dist, "", &mut files);
    // Precompressed siblings are the same files in another encoding: the server picks them.
    files.retain(|f| f != "/sw.js" && !f.ends_with(".gz") && !f.ends_with(".br"));
    files.sort();
    assert_eq!(shell, files, "sw.js precaches every built file");

    // The bridge serves the worker and the manifest with their types, always revalidated.
    let (status, content_type, cache_control, _) = http_get(&format!("{}/sw.js", bridge.url));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/javascript"), "sw.js is {content_type}");
    assert_eq!(cache_control, "no-cache");
    let (status, content_type, cache_control, body) =
        http_get(&format!("{}/manifest.webmanifest", bridge.url));
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/manifest+json");
    assert_eq!(cache_control, "no-cache");
    let manifest: Value = serde_json::from_slice(&body).expect("the manifest is JSON");

    // Every icon the manifest names is in dist/ and is what it says.
    let mut maskable = false;
    for icon in manifest["icons"].as_array().expect("icons") {
        let src = icon["src"].as_str().expect("src");
        let (status, content_type, _, body) = http_get(&format!("{}{src}", bridge.url));
        assert_eq!(status, 200, "{src}");
        assert_eq!(Some(content_type.as_str()), icon["type"].as_str(), "{src}");
        if content_type == "image/png" {
            assert_eq!(&body[1..4], b"PNG");
            let width = u32::from_be_bytes(body[16..20].try_into().unwrap());
            let height = u32::from_be_bytes(body[20..24].try_into().unwrap());
            assert_eq!(icon["sizes"].as_str(), Some(format!("{width}x{height}").as_str()), "{src}");
        }
        maskable |= icon["purpose"] == "maskable";
    }
    assert!(maskable, "a maskable icon");

    let mut browser = Browser::start().expect("start headless Chromium");
    open_controlled(&mut browser, &bridge.url);

    let errors = browser.cdp("Page.getInstallabilityErrors", json!({})).expect("installability");
    assert_eq!(errors["installabilityErrors"], json!([]), "Chromium says: {errors}");

    let app_manifest = browser.cdp("Page.getAppManifest", json!({})).expect("app manifest");
    assert_eq!(app_manifest["url"], format!("{}/manifest.webmanifest", bridge.url));
    assert_eq!(app_manifest["errors"], json!([]), "manifest errors: {app_manifest}");
    let data: Value =
        serde_json::from_str(app_manifest["data"].as_str().expect("data")).expect("manifest JSON");
    assert_eq!(data["name"], "Posthorn");
    assert_eq!(data["short_name"], "Posthorn");
    assert_eq!(data["display"], "standalone");
    assert_eq!(data["start_url"], "/");
    assert_eq!(data["scope"], "/");
    assert!(data["theme_color"].is_string() && data["background_color"].is_string());

    // One cache, named after this build, holding exactly the shell.
    let cached = caches(&browser);
    assert_eq!(cached, json!({ format!("posthorn-shell-{version}"): shell }), "caches: {cached}");
    // Bridge endpoints go to the network and are never stored.
    let health = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/healthz').then((r) => r.text()).then(done, (e) => done('error: ' + e));",
            vec![],
        )
        .expect("fetch /healthz");
    assert_eq!(health, "ok\n");
    assert_eq!(caches(&browser), cached, "nothing was added to the cache");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn the_app_opens_from_the_service_worker_when_the_bridge_is_gone() {
    let (_copy, bridge) = serve_copy();
    let url = bridge.url.clone();
    let mut browser = Browser::start().expect("start headless Chromium");
    open_controlled(&mut browser, &url);

    // The most honest offline: nothing listens on the port any more.
    drop(bridge);
    assert!(std::net::TcpStream::connect(url.trim_start_matches("http://")).is_err(), "the bridge is gone");

    let started = Instant::now();
    browser.refresh().expect("reload while offline");
    let setup = browser.wait_for("[data-testid=account-setup]", MOUNT).expect("the app mounts offline");
    assert!(browser.text(&setup).expect("text").contains("Add a mail account"));
    eprintln!("offline reload mounted in {:?}", started.elapsed());
    assert!(
        browser.find("[data-testid=connectivity]").expect("find").is_some(),
        "the indicator is in the top bar"
    );

    // The bridge's own endpoints were never cached: offline they fail instead of answering stale.
    let health = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/healthz').then((r) => done('answered ' + r.status), () => done('failed'));",
            vec![],
        )
        .expect("fetch /healthz");
    assert_eq!(health, "failed");
    // The worker's own update check fails while the bridge is down; nothing else may complain.
    browser
        .assert_no_console_errors(&["/sw.js", "ServiceWorker", "/healthz", "ERR_CONNECTION_REFUSED"])
        .expect("no console errors");
}

#[test]
fn the_connectivity_indicator_follows_the_network() {
    let (_copy, bridge) = serve_copy();
    let mut browser = Browser::start().expect("start headless Chromium");
    browser.goto(&format!("{}/", bridge.url)).expect("open the app");
    let indicator = browser.wait_for("[data-testid=connectivity]", MOUNT).expect("the indicator mounts");
    assert_eq!(browser.text(&indicator).expect("text"), "Online");

    browser.cdp("Network.enable", json!({})).expect("Network.enable");
    let conditions = |offline: bool| json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    browser.cdp("Network.emulateNetworkConditions", conditions(true)).expect("go offline");
    poll(
        &mut browser,
        "the indicator to say Offline",
        "const el = document.querySelector('[data-testid=connectivity]');
         return !!el && el.textContent === 'Offline' && el.classList.contains('offline');",
        Duration::from_secs(10),
    );
    browser.cdp("Network.emulateNetworkConditions", conditions(false)).expect("go online");
    poll(
        &mut browser,
        "the indicator to say Online",
        "const el = document.querySelector('[data-testid=connectivity]'); return !!el && el.textContent === 'Online';",
        Duration::from_secs(10),
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn a_new_deployment_offers_a_reload_and_old_and_new_never_mix() {
    let (copy, bridge) = serve_copy();
    let (old_version, _) = built_shell(&copy.0);
    let mut browser = Browser::start().expect("start headless Chromium");
    open_controlled(&mut browser, &bridge.url);
    assert!(browser.find("[data-testid=update-bar]").expect("find").is_none(), "no update offered yet");

    // "Deploy" a new build: a changed index.html and a worker with a new version, as the build's
    // hook would write it.
    let index = copy.0.join("index.html");
    let html = std::fs::read_to_string(&index).expect("index.html");
    let marked =
        html.replacen("<head>", "<head>\n    <meta name=\"posthorn-deployment\" content=\"2\" />", 1);
    assert_ne!(html, marked);
    std::fs::write(&index, marked).expect("write index.html");
    let new_version = format!("{old_version}-2");
    let sw = std::fs::read_to_string(copy.0.join("sw.js")).expect("sw.js");
    let sw = sw.replacen(&format!("version: \"{old_version}\""), &format!("version: \"{new_version}\""), 1);
    std::fs::write(copy.0.join("sw.js"), sw).expect("write sw.js");
    // A real deployment builds the compressed siblings with the files; this one edited two files
    // by hand, so their stale siblings must go or the bridge would keep serving the old bytes.
    for name in ["index.html", "sw.js"] {
        for ext in ["gz", "br"] {
            let _ = std::fs::remove_file(copy.0.join(format!("{name}.{ext}")));
        }
    }

    // Browsers look for a new worker on navigation and now and then; ask now.
    let updated = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => done('ok'), (e) => done('error: ' + e));",
            vec![],
        )
        .expect("registration.update()");
    assert_eq!(updated, "ok");
    let bar = browser.wait_for("[data-testid=update-bar]", MOUNT).expect("the update bar appears");
    assert!(browser.text(&bar).expect("text").contains("A new version of Posthorn is available"));

    // Until the person chooses, a reload still gets the old version, whole, and the offer again.
    browser.refresh().expect("reload");
    browser.wait_for("[data-testid=account-setup]", MOUNT).expect("the app mounts");
    let marker = "return !!document.querySelector('meta[name=posthorn-deployment]');";
    assert_eq!(browser.execute(marker, vec![]).expect("marker"), false, "the old page is served");
    browser.wait_for("[data-testid=update-bar]", MOUNT).expect("the offer is shown again");
    let both = caches(&browser);
    assert!(both.get(format!("posthorn-shell-{old_version}")).is_some(), "old cache kept: {both}");
    assert!(both.get(format!("posthorn-shell-{new_version}")).is_some(), "new cache ready: {both}");

    let reload = browser.find("[data-testid=update-reload]").expect("find").expect("a Reload button");
    browser.click(&reload).expect("click Reload");
    poll(&mut browser, "the new version to load", marker, MOUNT);
    browser.wait_for("[data-testid=account-setup]", MOUNT).expect("the new version mounts");
    poll(
        &mut browser,
        "the new worker to control the page",
        &format!(
            "const c = navigator.serviceWorker.controller; \
             if (!c || c.state !== 'activated' || document.querySelector('[data-testid=update-bar]')) return false; \
             return caches.keys().then((names) => names.join() === 'posthorn-shell-{new_version}');"
        ),
        MOUNT,
    );
    // Each page fetches the mail view's part in the background once the account form shows
    // (frontend/src/account_setup.rs); a reload that comes while that fetch is under way aborts
    // it, which the split loader logs as a warning (frontend/wasm-split.sh), not an error.
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
