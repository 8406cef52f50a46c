//! Conversations: threading 100,000 headers with RFC 5256's REFERENCES algorithm
//! (`posthorn_proto::thread`), in wasm in headless Chromium where the app threads its local index,
//! beside sorting the same headers by date (what the flat list costs) in the same run.

use std::time::Duration;

use super::Env;
use super::engine_test;
use super::report::{Section, Status};
use super::stats::{self, Summary};

/// The target for threading the whole index in the browser.
const TARGET_MS: f64 = 1000.0;

/// Runs the threading part.
pub async fn run(env: &mut Env) -> Section {
    let mut section = Section::new(
        "7. Threading the local index",
        "`posthorn_proto::thread::threads` over 100,000 headers shaped like a mailbox's \
         (shared/tests/wasm_thread_bench.rs: conversations of 1 to 12 messages, References as clients send \
         them, a fifth of the replies with In-Reply-To only, a twentieth joined by subject alone), built with \
         the app's wasm-release profile and run as a wasm-bindgen-test in headless Chromium, timed with \
         performance.now(); 5 runs, median (min–max). The baseline, in the same runs: sorting the same \
         headers by date, which is all the flat list does. The native row is the same test and profile on \
         this machine's CPU.",
    );
    section.header(&[
        "Where",
        "threading 100,000 headers, ms",
        "sorting them by date, ms (baseline)",
        "ratio",
    ]);
    let limit = Duration::from_secs(env.scale.pick(300, 600));
    let mut wasm_median = None;
    for (wasm, label, log) in [
        (true, "wasm32 in headless Chromium", "wasm-thread-bench.log"),
        (false, "native (x86-64)", "native-thread-bench.log"),
    ] {
        let log = env.log(log);
        let text =
            tokio::task::spawn_blocking(move || engine_test::run(wasm, "wasm_thread_bench", limit, &log))
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                section.notes.push(format!("{label} not measured: {e}"));
                continue;
            }
        };
        let thread = Summary::of(&engine_test::figures(&text, "THREAD_BENCH", "thread_ms"));
        let sort = Summary::of(&engine_test::figures(&text, "THREAD_BENCH", "sort_ms"));
        if wasm {
            wasm_median = thread.map(|t| t.median);
        }
        section.row(vec![
            label.into(),
            stats::show(thread, 1),
            stats::show(sort, 1),
            thread
                .zip(sort)
                .map(|(t, s)| format!("{:.0}×", t.median / s.median))
                .unwrap_or_else(|| "—".into()),
        ]);
        if let Some(conversations) = engine_test::figures(&text, "THREAD_BENCH", "conversations").first() {
            section.notes.push(format!("{label}: {conversations:.0} conversations found."));
        }
    }
    match wasm_median {
        Some(ms) => section.verdict(
            "threading 100,000 headers in wasm under 1 s",
            format!("{ms:.0} ms"),
            Status::at_most(ms, TARGET_MS),
            format!("{:.0} % of the 1 s budget", ms / TARGET_MS * 100.0),
        ),
        None => section.verdict(
            "threading 100,000 headers in wasm under 1 s",
            "—".into(),
            Status::NotMeasured,
            "the wasm run failed; see the notes".into(),
        ),
    }
    section
}
