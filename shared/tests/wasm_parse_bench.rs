//! Parsing throughput of `message::read` where it runs for real: in wasm, in headless Chromium.
//! The benchmark suite (`posthorn-bench`, part `parse`) runs this with `--include-ignored
//! --nocapture` and reads the `PARSE_BENCH` lines; it sets the figure beside the native one
//! measured on the same corpus. Each run also times mail-parser's own parse of the same corpus
//! (`MAILPARSER_BENCH` lines), the floor under `read`: the ratio of the two is what the display
//! model (`shared/src/message/display.rs`, the lenient repairs, HTML to text) costs on top, measured
//! in the same process so that a slower machine or browser does not move it. Ignored in ordinary
//! test runs: it measures, it checks nothing.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/parse_corpus.rs"]
mod parse_corpus;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::Instant;

#[cfg(not(target_arch = "wasm32"))]
use std::time::Instant;

const RUNS: usize = 7;
const SECONDS_PER_RUN: f64 = 0.5;

fn report(line: &str) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[ignore = "a benchmark, run by posthorn-bench"]
fn parse_throughput() {
    let corpus = parse_corpus::corpus();
    // Warm-up: the first parse compiles nothing in wasm (it is compiled ahead of time) but fills
    // the allocator's free lists, as a page that has shown a message before would have.
    for (_, raw) in &corpus {
        assert!(posthorn_proto::message::read(raw).is_some());
    }
    // The two are interleaved run by run, so drift (thermal, other load) touches both alike.
    for _ in 0..RUNS {
        let (bytes, secs) = timed(&corpus, |raw| {
            std::hint::black_box(posthorn_proto::message::read(std::hint::black_box(raw)));
        });
        report(&format!(
            "PARSE_BENCH mb_per_s={:.3} bytes={bytes} seconds={secs:.4}",
            bytes as f64 / secs / 1e6
        ));
        let (bytes, secs) = timed(&corpus, |raw| {
            std::hint::black_box(mail_parser::MessageParser::default().parse(std::hint::black_box(raw)));
        });
        report(&format!(
            "MAILPARSER_BENCH mb_per_s={:.3} bytes={bytes} seconds={secs:.4}",
            bytes as f64 / secs / 1e6
        ));
    }
}

/// Runs `parse` over the corpus repeatedly for about [`SECONDS_PER_RUN`]: bytes and seconds.
fn timed(corpus: &[(&str, Vec<u8>)], parse: impl Fn(&[u8])) -> (u64, f64) {
    let started = Instant::now();
    let mut bytes = 0u64;
    let mut rounds = 0u32;
    while started.elapsed().as_secs_f64() < SECONDS_PER_RUN && rounds < 1_000_000 {
        for (_, raw) in corpus {
            parse(raw);
            bytes += raw.len() as u64;
        }
        rounds += 1;
    }
    (bytes, started.elapsed().as_secs_f64())
}
