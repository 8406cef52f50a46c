//! The app: what a first visit downloads (raw, gzip, brotli) and how long a cold headless Chromium
//! takes from navigation to the app's first screen.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use super::Env;
use super::report::{Section, Status};
use super::stats::{self, Summary};
use super::wasm_crates::DESCRIPTORS;
use crate::app::{RunningBridge, dist_dir};
use crate::browser::Browser;
use crate::mailstack::MailStack;

fn gzip(data: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(data);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

fn brotli(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &data[..], &mut out, &params);
    out.len()
}

/// `(file, raw, gzip as served, gzip -9, brotli -q 11)` bytes per file of `dist`.
type Sizes = Vec<(String, usize, usize, usize, usize)>;

fn sizes(dist: &Path) -> Result<Sizes, String> {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| {
            format!(
                "{}: {e} (build the app: bash .ci/posthorn app, or trunk build --release)",
                dist.display()
            )
        })?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        // Pre-compressed siblings are another encoding of a file already counted.
        .filter(|e| {
            !e.file_name().to_string_lossy().ends_with(".gz")
                && !e.file_name().to_string_lossy().ends_with(".br")
        })
        .collect();
    files.sort_by_key(|e| e.file_name());
    let mut out = Vec::new();
    for file in files {
        let data = std::fs::read(file.path()).map_err(|e| e.to_string())?;
        let name = file.file_name().to_string_lossy().into_owned();
        // What the bridge sends is the pre-compressed sibling Trunk's hook wrote (zopfli where it is
        // installed); a file without one is counted at gzip -9.
        let served = std::fs::metadata(file.path().with_file_name(format!("{name}.gz")))
            .map(|m| m.len() as usize)
            .unwrap_or_else(|_| gzip(&data));
        out.push((name, data.len(), served, gzip(&data), brotli(&data)));
    }
    Ok(out)
}

/// Script injected before any page script: records (in `performance.now()` milliseconds from
/// navigation start) when the app's first screen appears, when "Test and save" is clicked and
/// when the first message row of the inbox appears.
const OBSERVE: &str = r#"
window.__firstScreen = null;
window.__saveClicked = null;
window.__firstRow = null;
document.addEventListener('click', e => {
  if (window.__saveClicked === null && e.target.closest && e.target.closest('[data-testid=test-and-save]')) {
    window.__saveClicked = performance.now();
  }
}, true);
new MutationObserver((_, obs) => {
  if (window.__firstScreen === null &&
      document.querySelector('[data-testid=account-setup], [data-testid=unlock], .mail-view')) {
    window.__firstScreen = performance.now();
  }
  if (window.__firstRow === null && document.querySelector('[data-testid=message-row]')) {
    window.__firstRow = performance.now();
    obs.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"#;

/// Messages in the inbox of the cold-load-to-rows runs.
const INBOX_MESSAGES: u32 = 200;

/// One cold load from navigation to the inbox's first rows, in milliseconds from navigation start.
struct RowsLoad {
    /// The account set-up form is on screen (the app shell is ready).
    shell: f64,
    /// "Test and save" was clicked (after the form was filled in by script).
    clicked: f64,
    /// The first message row is on screen.
    rows: f64,
    /// The files fetched until then, named as in dist/ (with `index.html`).
    files: Vec<String>,
}

/// A fresh browser opens the app, the account is set up through the UI the way
/// tests/tests/reading.rs does it (the form filled in by hand, "Test and save"), and the first
/// inbox rows are awaited.
fn cold_load_to_rows(url: &str, stack: &MailStack) -> Result<RowsLoad, String> {
    let wait = Duration::from_secs(30);
    let e = |e: crate::browser::BrowserError| e.to_string();
    let mut browser = Browser::start().map_err(e)?;
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OBSERVE })).map_err(e)?;
    browser.goto(&format!("{url}/")).map_err(e)?;
    let shell = browser
        .wait_until("the first screen", "return window.__firstScreen;", vec![], wait)
        .map_err(e)?
        .as_f64()
        .unwrap_or(f64::NAN);
    let (account, ports) = (stack.alice(), stack.ports());
    let fill = |browser: &mut Browser, name: &str, value: &str| -> Result<(), String> {
        let el = browser.wait_for(&format!("[name={name}]"), wait).map_err(e)?;
        browser.fill(&el, value).map_err(e)
    };
    fill(&mut browser, "email", &account.address)?;
    fill(&mut browser, "password", &account.password)?;
    let by_hand = browser.wait_for(".account-setup .buttons button[type=button]", wait).map_err(e)?;
    browser.click(&by_hand).map_err(e)?;
    browser
        .execute(
            "const s = document.querySelector('[name=protocol]'); s.value = 'imap'; \
             s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .map_err(e)?;
    fill(&mut browser, "incoming-host", stack.host())?;
    fill(&mut browser, "incoming-port", &ports.imaps.to_string())?;
    fill(&mut browser, "incoming-username", &account.user)?;
    fill(&mut browser, "outgoing-host", stack.host())?;
    fill(&mut browser, "outgoing-port", &ports.submissions.to_string())?;
    fill(&mut browser, "outgoing-username", &account.user)?;
    let save = browser.wait_for("[data-testid=test-and-save]", wait).map_err(e)?;
    browser.click(&save).map_err(e)?;
    let rows = browser
        .wait_until("the first inbox rows", "return window.__firstRow;", vec![], wait)
        .map_err(e)?
        .as_f64()
        .unwrap_or(f64::NAN);
    let clicked =
        browser.execute("return window.__saveClicked;", vec![]).map_err(e)?.as_f64().unwrap_or(f64::NAN);
    let files = fetched_until(&mut browser, "window.__firstRow")?;
    Ok(RowsLoad { shell, clicked, rows, files })
}

/// Starts Dovecot and Postfix, fills alice's inbox and runs `runs` cold loads to the first rows
/// (after one warm-up load that lets Dovecot build its index and cache, as a server that has had
/// the mail for a while would have).
fn rows_runs(runs: usize) -> Result<Vec<Result<RowsLoad, String>>, String> {
    let stack = MailStack::start().map_err(|e| format!("the mail stack did not start: {e}"))?;
    stack
        .seed_maildir(stack.alice(), "INBOX", INBOX_MESSAGES, |i| {
            (super::imap_sync::message(i), super::imap_sync::flags(i))
        })
        .map_err(|e| format!("seeding the inbox: {e}"))?;
    let p = stack.ports();
    let served = RunningBridge::for_local_mail(
        &[p.imap, p.imaps, p.pop3, p.pop3s, p.submission, p.submissions],
        Some(stack.ca_pem_path()),
    );
    cold_load_to_rows(&served.url, &stack).map_err(|e| format!("warm-up load: {e}"))?;
    Ok((0..runs).map(|_| cold_load_to_rows(&served.url, &stack)).collect())
}

/// A slow mobile link for Chromium's network emulation: 1.6 Mbit/s down, 750 kbit/s up, 150 ms
/// round trip (Lighthouse's "slow 4G" / DevTools' "Fast 3G" figures).
const SLOW_LINK: (f64, f64, f64) = (1.6e6 / 8.0, 750e3 / 8.0, 150.0);

/// The files a fresh browser fetched until the app's first screen was on screen: the page itself
/// (`index.html`) and each resource named as it is in dist/.
fn first_screen_files(url: &str) -> Result<Vec<String>, String> {
    let e = |e: crate::browser::BrowserError| e.to_string();
    let mut browser = Browser::start().map_err(e)?;
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OBSERVE })).map_err(e)?;
    browser.goto(&format!("{url}/")).map_err(e)?;
    browser
        .wait_until("the first screen", "return window.__firstScreen;", vec![], Duration::from_secs(60))
        .map_err(e)?;
    fetched_until(&mut browser, "window.__firstScreen")
}

/// The page (`index.html`) and each resource fetched until the moment `when` (a script expression
/// in `performance.now()` milliseconds), named as in dist/.
fn fetched_until(browser: &mut Browser, when: &str) -> Result<Vec<String>, String> {
    let names = browser
        .execute(
            &format!(
                "return performance.getEntriesByType('resource') \
                   .filter(r => r.startTime <= {when}) \
                   .map(r => new URL(r.name).pathname.replace(/^\\//, ''));"
            ),
            vec![],
        )
        .map_err(|e| e.to_string())?;
    let mut files = vec!["index.html".to_string()];
    files.extend(names.as_array().into_iter().flatten().filter_map(|n| n.as_str()).map(str::to_string));
    files.sort();
    files.dedup();
    Ok(files)
}

fn cold_load(url: &str, slow: bool) -> Result<(f64, f64, Value), String> {
    let mut browser = Browser::start().map_err(|e| e.to_string())?;
    browser
        .cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OBSERVE }))
        .map_err(|e| e.to_string())?;
    if slow {
        let (down, up, latency) = SLOW_LINK;
        browser.cdp("Network.enable", json!({})).map_err(|e| e.to_string())?;
        browser
            .cdp(
                "Network.emulateNetworkConditions",
                json!({ "offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up }),
            )
            .map_err(|e| e.to_string())?;
    }
    // Baseline: a static file from the same server in the same fresh browser.
    browser.goto(&format!("{url}/icon.svg")).map_err(|e| e.to_string())?;
    let static_ms = browser
        .execute("const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd || n.responseEnd;", vec![])
        .map_err(|e| e.to_string())?
        .as_f64()
        .unwrap_or(f64::NAN);
    browser.goto(url).map_err(|e| e.to_string())?;
    let first = browser
        .wait_until("the first screen", "return window.__firstScreen;", vec![], Duration::from_secs(120))
        .map_err(|e| e.to_string())?
        .as_f64()
        .unwrap_or(f64::NAN);
    let timing = browser
        .execute(
            "const n = performance.getEntriesByType('navigation')[0]; \
             const w = performance.getEntriesByType('resource').find(r => r.name.endsWith('_bg.wasm')); \
             const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint'); \
             return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, paint: paint ? paint.startTime : null, \
                      wasmResponseEnd: w ? w.responseEnd : null, transferred: performance.getEntriesByType('resource').reduce((a, r) => a + (r.transferSize || 0), n.transferSize || 0) };",
            vec![],
        )
        .map_err(|e| e.to_string())?;
    Ok((first, static_ms, timing))
}

/// Runs the app part.
pub async fn run(env: &mut Env) -> Section {
    let dist = dist_dir();
    let runs = env.scale.pick(1, 3);
    let mut section = Section::new(
        "6. The app: download size and cold load",
        format!(
            "Every file in {} (Trunk's release build): raw; gzip as served (the .gz file Trunk's post-build hook \
             wrote next to it, with zopfli, which posthorn-bridge sends to browsers that accept gzip); and, \
             computed here, gzip -9 (the baseline: what a server compressing on the fly sends) and brotli -q 11. Cold load: a fresh headless Chromium (new profile, empty cache) opens the app \
             from posthorn-bridge on loopback; the time from navigation start to the first screen (the account set-up \
             form, as no account exists) and, with an account set up through the UI against the harness's Dovecot, \
             to the first inbox rows, is taken in the page by a MutationObserver. Baseline: the same fresh browser \
             loading a static file from the same server. {runs} runs, median (min–max).",
            dist.display()
        ),
    );
    section.header(&["File", "raw KB", "gzip KB (served)", "gzip -9 KB", "brotli KB"]);
    let files = match sizes(&dist) {
        Ok(f) => f,
        Err(e) => return Section::failed(&section.title, &e),
    };
    let kb = |b: usize| format!("{:.1}", b as f64 / 1e3);
    let (mut raw, mut gz, mut gz9, mut br) = (0, 0, 0, 0);
    for (name, r, g, g9, b) in &files {
        section.row(vec![name.clone(), kb(*r), kb(*g), kb(*g9), kb(*b)]);
        raw += r;
        gz += g;
        gz9 += g9;
        br += b;
    }
    section.row(vec!["**first load, all files**".into(), kb(raw), kb(gz), kb(gz9), kb(br)]);
    section.notes.push(
        "What was cut, and what was tried and not kept (each measured on the wasm at the time): HTML-to-text \
         without HTML5's 2,231-entity table (HTML 4's 253 names and numeric references instead: 36 KB raw), no f64 \
         formatting (16 KB raw), ASCII-only capitalisation instead of Unicode's case tables (16 KB raw), one stable \
         sort for every caller (shared/src/stable_sort.rs: 29 KB raw, 5 KB brotli), CJK charsets through the \
         browser's TextDecoder instead of tables in the module (about 100 KB gzip), Leptos's type-erased views \
         (--cfg erase_components, .cargo/config.toml: 50 KB raw), and zopfli for the served .gz (about 5 % under \
         gzip -9). opt-level \"s\" instead of \"z\" makes the wasm 26 % larger with brotli; other wasm-opt \
         settings (-Os, -O3, --converge, -Oz twice, --gufa) change it by under 0.3 %. Splitting: the parts declared with lazy_part! (frontend/src/lazy.rs) go into modules of their \
         own, fetched when first shown; Trunk 0.21 has no step between cargo and wasm-bindgen, so its post-build \
         hook frontend/wasm-split.sh runs wasm-split-cli (the tool behind Leptos 0.8's #[lazy]), wasm-bindgen and \
         wasm-opt again on cargo's module (Trunk 0.22 needs a newer rustc than 1.95). Before the split, a build \
         without the composer, reader, account set-up, settings, protocol log and POP3 view was still 86 % of the \
         module's size (commit 641ddcf): what the first screen itself needs is most of it. panic=\"immediate-abort\", which would drop the panic messages, needs a \
         nightly -Zbuild-std."
            .into(),
    );
    let mut by_crate = Value::Null;
    match super::wasm_crates::breakdown(&super::wasm_crates::module_path()) {
        Ok(b) => {
            // Shares of what ships: wasm-bindgen's descriptors are gone from the module it writes.
            let descriptors: usize = b.crates.iter().filter(|(c, _)| c == DESCRIPTORS).map(|(_, n)| n).sum();
            let shipped = (b.code - descriptors).max(1);
            let share = |n: usize| 100.0 * n as f64 / shipped as f64;
            let top: Vec<String> = b
                .crates
                .iter()
                .filter(|(c, _)| c != DESCRIPTORS)
                .take(20)
                .map(|(c, n)| format!("{c} {:.1} %", share(*n)))
                .collect();
            section.notes.push(format!(
                "Where the wasm's code goes by crate, measured now on the module cargo builds before wasm-bindgen and wasm-opt ({}: {:.0} KB of function bodies, {:.0} KB of data segments; tests/src/bench/wasm_crates.rs; the {:.0} KB of wasm-bindgen descriptors left out, as they do not ship): {}.",
                super::wasm_crates::module_path().display(),
                b.code as f64 / 1e3,
                b.data as f64 / 1e3,
                descriptors as f64 / 1e3,
                top.join(", ")
            ));
            by_crate = json!({
                    "code_bytes": b.code, "data_bytes": b.data,
                    "crates": b.crates.iter().map(|(c, n)| json!({ "crate": c, "bytes": n })).collect::<Vec<_>>(),
            });
        }
        Err(e) => section.notes.push(format!("Where the wasm's code goes by crate: not measured ({e}).")),
    }
    let served = RunningBridge::start(|_| {});
    // What the first screen needs: the page and every file it fetched until the screen was there
    // (the parts of the app loaded later, frontend/src/lazy.rs, are not among them), read from the
    // browser's resource timing in one more cold load.
    let url = served.url.clone();
    let fetched = tokio::task::spawn_blocking(move || first_screen_files(&url))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    let first_screen: Vec<String> = match fetched {
        Ok(names) => names,
        Err(e) => {
            section.notes.push(format!("Error (the first screen's files): {e}"));
            Vec::new()
        }
    };
    let critical = |name: &str| first_screen.iter().any(|f| f == name);
    let (cr, cg, cg9, cb) = files
        .iter()
        .filter(|f| critical(&f.0))
        .fold((0, 0, 0, 0), |a, f| (a.0 + f.1, a.1 + f.2, a.2 + f.3, a.3 + f.4));
    section.row(vec![
        format!("of which the first screen's ({} files)", first_screen.len()),
        kb(cr),
        kb(cg),
        kb(cg9),
        kb(cb),
    ]);
    // The targets are brotli's, which the bridge serves where the browser accepts it: the whole
    // first load under 400 KB, and what the first screen needs under 250 KB.
    let wasm = |main_only: bool| -> (usize, usize) {
        files
            .iter()
            .filter(|f| f.0.ends_with(".wasm") && (!main_only || f.0.ends_with("_bg.wasm")))
            .fold((0, 0), |a, f| (a.0 + f.2, a.1 + f.4))
    };
    for (what, measured, budget, main_only, why) in [
        (
            "Whole app < 400 KB brotli for the first load",
            br,
            400.0,
            false,
            "every feature's code is in it; splitting moves code between files, it does not remove any (see the \
             notes on where the bytes go)",
        ),
        (
            "First screen's files < 250 KB brotli",
            cb,
            250.0,
            true,
            "the main module holds the shell, the account setup and the unlock screen: Leptos's renderer and \
             reactive system, the local store, and the app's texts in two languages; the mail view with the IMAP \
             engine, the POP3 view and All inboxes, the reader, the composer, the sending, the filters and the \
             protocol log are parts (frontend/src/lazy.rs), fetched later",
        ),
    ] {
        let kb = measured as f64 / 1e3;
        let status = Status::at_most(kb, budget);
        let (wasm_gz, wasm_br) = wasm(main_only);
        let which = if main_only { "the main module" } else { "the wasm modules together" };
        let detail = if status == Status::Missed {
            format!(
                "{:.0} KB over ({:.0} % of the budget); {which} alone is {:.0} KB brotli ({:.0} KB gzip as \
                 served over http://), so it would have to lose {:.0} % of itself. Why: {why}",
                kb - budget,
                100.0 * kb / budget,
                wasm_br as f64 / 1e3,
                wasm_gz as f64 / 1e3,
                100.0 * (kb - budget) / (wasm_br as f64 / 1e3),
            )
        } else {
            format!("{:.0} % of the {budget:.0} KB budget", 100.0 * kb / budget)
        };
        section.verdict(what, format!("{kb:.0} KB"), status, detail);
    }
    let url = served.url.clone();
    let loads =
        tokio::task::spawn_blocking(move || (0..runs).map(|_| cold_load(&url, false)).collect::<Vec<_>>())
            .await
            .unwrap_or_default();
    let url = served.url.clone();
    let slow_loads =
        tokio::task::spawn_blocking(move || (0..runs).map(|_| cold_load(&url, true)).collect::<Vec<_>>())
            .await
            .unwrap_or_default();
    drop(served);
    let (mut slow_firsts, mut slow_statics, mut slow_paints) = (Vec::new(), Vec::new(), Vec::new());
    for load in slow_loads {
        match load {
            Ok((first, baseline, timing)) => {
                slow_firsts.push(first);
                slow_statics.push(baseline);
                slow_paints.extend(timing["paint"].as_f64());
            }
            Err(e) => section.notes.push(format!("Error (cold load, slow link): {e}")),
        }
    }
    let (slow_first, slow_baseline) = (Summary::of(&slow_firsts), Summary::of(&slow_statics));
    section.notes.push(format!(
        "Cold load to the first screen over an emulated slow link (Chromium's network emulation: {:.1} Mbit/s down, {:.0} kbit/s up, {:.0} ms round trip): {} ms; the first paint (Chromium's first-contentful-paint: the loading screen of index.html and frontend/assets/boot.js, where the build has one) {} ms; the static file over the same link: {} ms. Chromium asks for brotli only over HTTPS, so on this http:// loopback origin it gets the .gz files; POSTHORN_DIST measures another build of the app (e.g. the one before a change) the same way.",
        SLOW_LINK.0 * 8.0 / 1e6,
        SLOW_LINK.1 * 8.0 / 1e3,
        SLOW_LINK.2,
        stats::show(slow_first, 0),
        stats::show(Summary::of(&slow_paints), 0),
        stats::show(slow_baseline, 0)
    ));
    let rows_loads =
        tokio::task::spawn_blocking(move || rows_runs(runs)).await.unwrap_or_else(|e| Err(e.to_string()));
    let (mut firsts, mut statics, mut timings) = (Vec::new(), Vec::new(), Vec::new());
    for load in loads {
        match load {
            Ok((first, baseline, timing)) => {
                firsts.push(first);
                statics.push(baseline);
                timings.push(timing);
            }
            Err(e) => section.notes.push(format!("Error (cold load): {e}")),
        }
    }
    let (first, baseline) = (Summary::of(&firsts), Summary::of(&statics));
    section.notes.push(format!(
        "Cold load to the first screen (no account yet: the set-up form): {} ms; a static file from the same \
         server in the same fresh browser: {} ms.",
        stats::show(first, 0),
        stats::show(baseline, 0)
    ));
    let (mut shells, mut syncs, mut totals, mut walls) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut until_rows: Option<Vec<String>> = None;
    let mut rows_files = Value::Null;
    match rows_loads {
        Ok(loads) => {
            for load in loads {
                match load {
                    Ok(l) => {
                        until_rows.get_or_insert(l.files);
                        shells.push(l.shell);
                        syncs.push(l.rows - l.clicked);
                        totals.push(l.shell + (l.rows - l.clicked));
                        walls.push(l.rows);
                    }
                    Err(e) => section.notes.push(format!("Error (cold load to rows): {e}")),
                }
            }
        }
        Err(e) => section.notes.push(format!("Error (cold load to rows): {e}")),
    }
    let (shell, sync, total, wall) =
        (Summary::of(&shells), Summary::of(&syncs), Summary::of(&totals), Summary::of(&walls));
    section.notes.push(format!(
        "Cold load to the first inbox rows, against the real bridge (in-process, serving this dist/) and the real \
         Dovecot of the test harness (IMAPS, {INBOX_MESSAGES} messages in the inbox): a fresh Chromium profile \
         navigates to the app, and the account is set up through the UI as tests/tests/reading.rs does it (form \
         filled in by WebDriver, \"Test and save\"). Shell ready (navigation start to the set-up form): {} ms; \
         sign-in and sync (\"Test and save\" to the first message row on screen: the IMAP and SMTP checks, \
         folder list, newest headers): {} ms; both together, i.e. navigation to first rows without the time a \
         person spends typing: {} ms (navigation to first rows including WebDriver's typing: {} ms). {runs} runs \
         after one warm-up load that builds Dovecot's index, median (min–max). No target in the issue.",
        stats::show(shell, 0),
        stats::show(sync, 0),
        stats::show(total, 0),
        stats::show(wall, 0),
    ));
    if let Some(names) = &until_rows {
        let fetched = files.iter().filter(|f| names.contains(&f.0));
        let (count, brotli) = fetched.fold((0, 0), |a, f| (a.0 + 1, a.1 + f.4));
        section.notes.push(format!(
            "What that fresh browser fetched until the first inbox rows (resource timing, first run): {count} files, \
             {} KB brotli: the first screen's files and what followed them until the rows (with the app split, \
             frontend/src/lazy.rs, the mail view's part and the chunks it shares, fetched in the background while \
             the form was filled in). A later visit takes them from the service worker's cache.",
            kb(brotli)
        ));
        rows_files = json!({ "files": count, "brotli": brotli });
    }
    let precompressed = std::fs::read_dir(&dist)
        .map(|d| d.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().ends_with(".br")))
        .unwrap_or(false);
    section.notes.push(if precompressed {
        "dist/ holds pre-compressed .br siblings, which posthorn-bridge serves to browsers that accept brotli.".into()
    } else {
        "posthorn-bridge serves pre-compressed .br/.gz siblings when dist/ has them; this build has none, so a first \
         visit through the bridge today moves the raw size."
            .into()
    });
    section.data = json!({
        "files": files
            .iter()
            .map(|(n, r, g, g9, b)| json!({ "file": n, "raw": r, "gzip": g, "gzip_9": g9, "brotli": b }))
            .collect::<Vec<_>>(),
        "total": { "raw": raw, "gzip": gz, "gzip_9": gz9, "brotli": br },
        "critical_path": { "raw": cr, "gzip": cg, "gzip_9": cg9, "brotli": cb },
        "cold_load_first_screen_ms": stats::json(first),
        "cold_load_to_rows": {
            "inbox_messages": INBOX_MESSAGES,
            "shell_ready_ms": stats::json(shell),
            "test_and_save_to_first_row_ms": stats::json(sync),
            "navigation_to_first_row_without_typing_ms": stats::json(total),
            "navigation_to_first_row_with_webdriver_typing_ms": stats::json(wall),
            "fetched_until_first_row": rows_files,
        },
        "static_file_baseline_ms": stats::json(baseline),
        "wasm_code_by_crate": by_crate,
        "slow_link": { "down_bit_s": SLOW_LINK.0 * 8.0, "up_bit_s": SLOW_LINK.1 * 8.0, "rtt_ms": SLOW_LINK.2,
            "cold_load_first_screen_ms": stats::json(slow_first), "static_file_ms": stats::json(slow_baseline) },
        "navigation_timing": timings,
    });
    section
}
