//! Runs one of the engine's ignored benchmark tests (`shared/tests/wasm_*_bench.rs`), or another
//! crate's, with the `wasm-release` profile the app ships with, in headless Chromium for wasm and
//! natively otherwise, and hands back what it printed.

use std::path::Path;
use std::time::{Duration, Instant};

/// Builds and runs `shared/tests/{test}.rs`; the run's output, or why there is none. Bounded by `limit`.
pub fn run(wasm: bool, test: &str, limit: Duration, log: &Path) -> Result<String, String> {
    let mut args = vec!["-p", "posthorn-proto"];
    if wasm {
        args.extend(["--target", "wasm32-unknown-unknown"]);
    }
    args.extend(["--test", test, "--", "--include-ignored", "--nocapture"]);
    cargo_test(&args, limit, log)
}

/// Runs `cargo test --profile wasm-release` with `args` (Chromium's driver from the usual place for
/// wasm); the run's output, or why there is none. Bounded by `limit`.
pub fn cargo_test(args: &[&str], limit: Duration, log: &Path) -> Result<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent");
    let mut cmd = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root).args(["test", "--profile", "wasm-release"]).args(args);
    if std::env::var_os("CHROMEDRIVER").is_none() {
        cmd.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    }
    let out = std::fs::File::create(log).map_err(|e| e.to_string())?;
    cmd.stdout(out.try_clone().map_err(|e| e.to_string())?).stderr(out).stdin(std::process::Stdio::null());
    let mut child = cmd.spawn().map_err(|e| format!("starting cargo test: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the build and run took over {} s", limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = std::fs::read_to_string(log).unwrap_or_default();
    if !status.success() {
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        return Err(format!(
            "the run failed ({status}); last lines: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ));
    }
    Ok(text)
}

/// The numbers after `key=` on every line that starts with `tag`.
pub fn figures(text: &str, tag: &str, key: &str) -> Vec<f64> {
    let key = format!("{key}=");
    text.lines()
        .filter(|l| l.contains(tag))
        .filter_map(|l| {
            l.split(tag).nth(1)?.split_whitespace().find_map(|w| w.strip_prefix(key.as_str())?.parse().ok())
        })
        .collect()
}
