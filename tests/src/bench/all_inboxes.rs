//! "All inboxes" from the cache: three accounts of 10,000 cached INBOX messages each, from
//! mounting the view to its first rows in the page, in the real app's components in headless
//! Chromium (frontend/src/all_inboxes/bench.rs, built with the app's wasm-release profile), beside
//! one account's own mail view of 10,000 cached messages in the same runs (the baseline: what
//! opening one inbox costs today).

use std::time::Duration;

use super::Env;
use super::engine_test;
use super::report::{Section, Status};
use super::stats::{self, Summary};

/// The target: the first rows of three inboxes from the cache.
const TARGET_MS: f64 = 300.0;

/// Runs the part.
pub async fn run(env: &mut Env) -> Section {
    let mut section = Section::new(
        "8. All inboxes from the cache",
        "frontend/src/all_inboxes/bench.rs, run as a wasm-bindgen-test in headless Chromium with the app's \
         wasm-release profile: three IMAP accounts with 10,000 messages each cached in IndexedDB and no \
         password (nothing connects); the time from mounting the view with fresh states to 20 rows in the \
         page, by performance.now(), polled every millisecond; 9 runs, median (min–max). The baseline, \
         interleaved in the same runs: one account's own mail view of 10,000 cached messages.",
    );
    section.header(&["View", "first 20 rows from the cache, ms"]);
    let limit = Duration::from_secs(env.scale.pick(600, 900));
    let log = env.log("all-inboxes-bench.log");
    let args = [
        "-p",
        "posthorn-app",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "--include-ignored",
        "--nocapture",
        "all_inboxes_bench",
    ];
    let text = tokio::task::spawn_blocking(move || engine_test::cargo_test(&args, limit, &log))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            section.notes.push(format!("not measured: {e}"));
            String::new()
        }
    };
    let all = Summary::of(&engine_test::figures(&text, "ALL_INBOXES_BENCH", "all_ms"));
    let one = Summary::of(&engine_test::figures(&text, "ALL_INBOXES_BENCH", "one_ms"));
    section.row(vec!["All inboxes, 3 × 10,000 messages".into(), stats::show(all, 1)]);
    section.row(vec!["one account's inbox, 10,000 messages (baseline)".into(), stats::show(one, 1)]);
    let target = "All inboxes over 3 × 10,000 cached messages: first rows under 300 ms";
    match all {
        Some(all) => section.verdict(
            target,
            format!("{:.0} ms", all.median),
            Status::at_most(all.median, TARGET_MS),
            format!("{:.0} % of the budget", all.median / TARGET_MS * 100.0),
        ),
        None => {
            section.verdict(target, "—".into(), Status::NotMeasured, "the run failed; see the notes".into())
        }
    }
    section
}
