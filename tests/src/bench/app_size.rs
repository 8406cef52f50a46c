//! The app: what a first visit downloads (raw, gzip, brotli) and how long a cold headless Chromium
//! takes from navigation to the app's first screen.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use super::Env;
use super::report::{Section, Status};
use super::stats::{self, Summary};
use crate::app::{RunningBridge, dist_dir};
use crate::browser::Browser;

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

fn sizes(dist: &Path) -> Result<Vec<(String, usize, usize, usize)>, String> {
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
        out.push((name, data.len(), gzip(&data), brotli(&data)));
    }
    Ok(out)
}

/// Script injected before any page script: records when the app's first screen appears.
const OBSERVE: &str = r#"
window.__firstScreen = null;
new MutationObserver((_, obs) => {
  if (document.querySelector('[data-testid=account-setup], [data-testid=unlock], .topbar')) {
    window.__firstScreen = performance.now();
    obs.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"#;

fn cold_load(url: &str) -> Result<(f64, f64, Value), String> {
    let mut browser = Browser::start().map_err(|e| e.to_string())?;
    browser
        .cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OBSERVE }))
        .map_err(|e| e.to_string())?;
    // Baseline: a static file from the same server in the same fresh browser.
    browser.goto(&format!("{url}/icon.svg")).map_err(|e| e.to_string())?;
    let static_ms = browser
        .execute("const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd || n.responseEnd;", vec![])
        .map_err(|e| e.to_string())?
        .as_f64()
        .unwrap_or(f64::NAN);
    browser.goto(url).map_err(|e| e.to_string())?;
    let first = browser
        .wait_until("the first screen", "return window.__firstScreen;", vec![], Duration::from_secs(30))
        .map_err(|e| e.to_string())?
        .as_f64()
        .unwrap_or(f64::NAN);
    let timing = browser
        .execute(
            "const n = performance.getEntriesByType('navigation')[0]; \
             const w = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm')); \
             return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, \
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
            "Every file in {} (Trunk's release build), raw and compressed here with gzip -9 and brotli -q 11 (what a \
             server or CDN would send). Cold load: a fresh headless Chromium (new profile, empty cache) opens the app \
             from posthorn-bridge on loopback; the time from navigation start to the first screen (the account set-up \
             form, as no account exists) is taken in the page by a MutationObserver. Baseline: the same fresh browser \
             loading a static file from the same server. {runs} runs, median (min–max).",
            dist.display()
        ),
    );
    section.header(&["File", "raw KB", "gzip KB", "brotli KB"]);
    let files = match sizes(&dist) {
        Ok(f) => f,
        Err(e) => return Section::failed(&section.title, &e),
    };
    let kb = |b: usize| format!("{:.1}", b as f64 / 1e3);
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for (name, r, g, b) in &files {
        section.row(vec![name.clone(), kb(*r), kb(*g), kb(*b)]);
        raw += r;
        gz += g;
        br += b;
    }
    section.row(vec!["**first load, all files**".into(), kb(raw), kb(gz), kb(br)]);
    // What the page itself needs before it can show anything (the rest is icons, the manifest and
    // the service worker, which a first visit also downloads).
    let critical = |name: &str| {
        name == "index.html"
            || name.ends_with(".js") && name != "sw.js"
            || name.ends_with(".wasm")
            || name.ends_with(".css")
    };
    let (cr, cg, cb) =
        files.iter().filter(|f| critical(&f.0)).fold((0, 0, 0), |a, f| (a.0 + f.1, a.1 + f.2, a.2 + f.3));
    section.row(vec!["of which index.html, JS, wasm, CSS".into(), kb(cr), kb(cg), kb(cb)]);
    let status = Status::at_most(gz as f64 / 1e3, 400.0);
    let detail = if status == Status::Missed {
        let wasm_gz: usize = files.iter().filter(|f| f.0.ends_with(".wasm")).map(|f| f.2).sum();
        format!(
            "{:.0} KB over ({:.0} % of the budget); the wasm file alone is {:.0} KB gzip. Brotli, which the bridge \
             serves when dist/ holds .br files, would make the whole {:.0} KB",
            gz as f64 / 1e3 - 400.0,
            gz as f64 / 4e3,
            wasm_gz as f64 / 1e3,
            br as f64 / 1e3
        )
    } else {
        format!(
            "{:.0} % of the 400 KB budget; brotli would make it {:.0} KB",
            gz as f64 / 4e3,
            br as f64 / 1e3
        )
    };
    section.verdict(
        "Whole app < 400 KB gzip for the first load",
        format!("{:.0} KB", gz as f64 / 1e3),
        status,
        detail,
    );
    let served = RunningBridge::start(|_| {});
    let url = served.url.clone();
    let loads = tokio::task::spawn_blocking(move || (0..runs).map(|_| cold_load(&url)).collect::<Vec<_>>())
        .await
        .unwrap_or_default();
    drop(served);
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
        "Cold load to the first screen: {} ms; a static file from the same server in the same fresh browser: {} ms. \
         The issue's \"first inbox rows\" needs a configured account and a mailbox, which a cold profile does not \
         have; the first screen of a cold profile is the account set-up form.",
        stats::show(first, 0),
        stats::show(baseline, 0)
    ));
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
        "files": files.iter().map(|(n, r, g, b)| json!({ "file": n, "raw": r, "gzip": g, "brotli": b })).collect::<Vec<_>>(),
        "total": { "raw": raw, "gzip": gz, "brotli": br },
        "critical_path": { "raw": cr, "gzip": cg, "brotli": cb },
        "cold_load_first_screen_ms": stats::json(first),
        "static_file_baseline_ms": stats::json(baseline),
        "navigation_timing": timings,
    });
    section
}
