//! Message parsing throughput of the engine's reader (`posthorn_proto::message::read`, the
//! function the app calls to show a message) natively, on five messages shaped like today's mail
//! and 74 written by real clients.

use std::time::{Duration, Instant};

use serde_json::json;

#[path = "../../../shared/tests/support/parse_corpus.rs"]
mod parse_corpus;

pub use parse_corpus::corpus;

use super::Env;
use super::report::{Section, Status};
use super::stats::{self, Summary};

/// Parses the corpus repeatedly for about `secs`; MB/s.
pub fn native_rate(corpus: &[(&str, Vec<u8>)], secs: f64) -> f64 {
    let started = Instant::now();
    let mut bytes = 0u64;
    let mut rounds = 0u64;
    // Bounded by time and by a count, whichever comes first.
    while started.elapsed().as_secs_f64() < secs && rounds < 1_000_000 {
        for (_, raw) in corpus {
            let message = posthorn_proto::message::read(raw);
            std::hint::black_box(&message);
            bytes += raw.len() as u64;
        }
        rounds += 1;
    }
    bytes as f64 / started.elapsed().as_secs_f64() / 1e6
}

/// MB/s of each run of `read` and of mail-parser alone over the same corpus.
struct Rates {
    read: Vec<f64>,
    mail_parser: Vec<f64>,
}

/// Builds and runs `shared/tests/wasm_parse_bench.rs` (see [`super::engine_test`]) and collects the
/// MB/s of each run: `read`'s (`PARSE_BENCH`) and mail-parser's own parse (`MAILPARSER_BENCH`).
fn profile_rates(wasm: bool, limit: Duration, log: &std::path::Path) -> Result<Rates, String> {
    let text = super::engine_test::run(wasm, "wasm_parse_bench", limit, log)?;
    let read = super::engine_test::figures(&text, "PARSE_BENCH", "mb_per_s");
    let mail_parser = super::engine_test::figures(&text, "MAILPARSER_BENCH", "mb_per_s");
    if read.is_empty() {
        return Err("no PARSE_BENCH lines in the run's output".into());
    }
    Ok(Rates { read, mail_parser })
}

/// Runs the parsing part.
pub async fn run(env: &mut Env) -> Section {
    let corpus = corpus();
    let total: usize = corpus.iter().map(|(_, m)| m.len()).sum();
    let runs = 7;
    let secs = 0.5;
    let mut section = Section::new(
        "5. Message parsing throughput",
        format!(
            "`posthorn_proto::message::read` (mail-parser underneath: MIME tree, charsets, quoted-printable and \
             base64 decoding, HTML to text) over a corpus of {} messages, {:.0} KB in all \
             (shared/tests/support/parse_corpus.rs: five shaped like today's mail, the rest written by real \
             clients); each run parses the corpus repeatedly for {secs} s; {runs} runs, median (min–max). The \
             target compares like with like: the same test (shared/tests/wasm_parse_bench.rs) built with the same \
             profile, the app's wasm-release (opt-level \"z\", LTO), natively and for wasm32, where it runs as a \
             wasm-bindgen-test in headless Chromium, timed with performance.now(), without the app's extra \
             wasm-opt pass. The last row is native at full speed (the release profile, opt-level 3, in this \
             benchmark's process): what a native client built for speed would get. The \"mail-parser alone\" rows \
             time mail-parser's own parse of the same corpus in the same run, interleaved with `read` run by run: \
             the floor under `read`, so their ratio is what the display model costs, whatever the machine.",
            corpus.len(),
            total as f64 / 1e3
        ),
    );
    section.header(&["Where", "profile", "MB/s", "relative to native (same profile)"]);
    let limit = Duration::from_secs(env.scale.pick(300, 600));
    let measured = |what: &str, rates: Result<Vec<f64>, String>, notes: &mut Vec<String>| match rates {
        Ok(rates) => Summary::of(&rates),
        Err(e) => {
            notes.push(format!("{what} not measured: {e}"));
            None
        }
    };
    let log = env.log("native-parse-bench.log");
    let native = tokio::task::spawn_blocking(move || profile_rates(false, limit, &log))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    let (native, native_floor) = split(native);
    let native = measured("native (wasm-release)", native, &mut section.notes);
    let native_floor = measured("native mail-parser alone", native_floor, &mut section.notes);
    let log = env.log("wasm-parse-bench.log");
    let wasm = tokio::task::spawn_blocking(move || profile_rates(true, limit, &log))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    let (wasm, wasm_floor) = split(wasm);
    let wasm = measured("wasm", wasm, &mut section.notes);
    let wasm_floor = measured("wasm mail-parser alone", wasm_floor, &mut section.notes);
    let fast: Vec<f64> = tokio::task::spawn_blocking({
        let corpus = corpus.clone();
        move || (0..runs).map(|_| native_rate(&corpus, secs)).collect()
    })
    .await
    .unwrap_or_default();
    let fast = Summary::of(&fast);
    let relative = wasm.zip(native).map(|(w, n)| w.median / n.median);
    section.row(vec![
        "native (x86-64)".into(),
        "wasm-release (opt-level \"z\")".into(),
        stats::show(native, 1),
        "1.00 (baseline)".into(),
    ]);
    section.row(vec![
        "wasm32 in headless Chromium".into(),
        "wasm-release (opt-level \"z\"), as the app ships".into(),
        stats::show(wasm, 1),
        relative.map(|r| format!("{r:.2}")).unwrap_or_else(|| "—".into()),
    ]);
    section.row(vec![
        "native (x86-64)".into(),
        "release (opt-level 3)".into(),
        stats::show(fast, 1),
        wasm.zip(fast)
            .map(|(w, f)| format!("{:.2} (wasm as shipped ÷ this)", w.median / f.median))
            .unwrap_or_else(|| "—".into()),
    ]);
    // The same run's floor: mail-parser's own parse of the same corpus, without the display model
    // (shared/src/message/display.rs and lenient.rs), interleaved with `read` run by run.
    for (where_, floor, with) in
        [("native (x86-64)", native_floor, native), ("wasm32 in headless Chromium", wasm_floor, wasm)]
    {
        section.row(vec![
            format!("{where_}, mail-parser alone"),
            "wasm-release (opt-level \"z\"), the same run".into(),
            stats::show(floor, 1),
            with.zip(floor)
                .map(|(w, f)| {
                    format!("{:.2} (read ÷ mail-parser: what the display model leaves)", w.median / f.median)
                })
                .unwrap_or_else(|| "—".into()),
        ]);
    }
    match relative {
        Some(r) => {
            let status = Status::at_least(r, 0.5);
            let detail = if status == Status::Missed {
                format!(
                    "{:.0} % of native, {:.0} points short: wasm32 has no SIMD here (the crate is built without \
                     +simd128) and every allocation goes through the wasm allocator",
                    r * 100.0,
                    50.0 - r * 100.0
                )
            } else {
                format!("{:.0} % of native (target 50 %)", r * 100.0)
            };
            section.verdict(
                "wasm parsing ≥ half the native throughput",
                format!("{:.0} %", r * 100.0),
                status,
                detail,
            );
        }
        None => section.verdict(
            "wasm parsing ≥ half the native throughput",
            "—".into(),
            Status::NotMeasured,
            "the wasm run failed; see the notes".into(),
        ),
    }
    let per_message: Vec<_> = corpus
        .iter()
        .map(|(name, raw)| {
            let rate = native_rate(&[(name, raw.clone())], env.scale.pick(0.05, 0.2));
            json!({ "message": name, "bytes": raw.len(), "native_mb_s": rate })
        })
        .collect();
    let is_real = |name: &str| name.ends_with(".eml");
    for m in per_message.iter().filter(|m| !is_real(m["message"].as_str().unwrap_or_default())) {
        section.notes.push(format!(
            "{}: {} bytes, {:.1} MB/s natively",
            m["message"].as_str().unwrap_or_default(),
            m["bytes"],
            m["native_mb_s"].as_f64().unwrap_or(f64::NAN)
        ));
    }
    let real: Vec<_> = corpus.iter().filter(|(name, _)| is_real(name)).cloned().collect();
    let real_bytes: usize = real.iter().map(|(_, raw)| raw.len()).sum();
    section.notes.push(format!(
        "{} real-world messages (shared/tests/corpus/real/: Outlook 2000, Eudora 4.2, Netscape 4.7, Pine, Thunderbird \
         and others; ISO-8859-1, UTF-7 and UTF-8, base64, quoted-printable, uuencode and BinHex attachments): {:.0} KB \
         in all, {:.1} MB/s natively as a set. Most are 1–10 KB, where the per-message work (headers, MIME tree) \
         weighs more than the bytes, so their MB/s is lower than the large synthetic messages'.",
        real.len(),
        real_bytes as f64 / 1e3,
        native_rate(&real, env.scale.pick(0.1, 0.4))
    ));
    section.data = json!({
        "native_mb_s": stats::json(native), "wasm_mb_s": stats::json(wasm), "wasm_relative": relative,
        "native_opt3_mb_s": stats::json(fast),
        "native_mail_parser_mb_s": stats::json(native_floor), "wasm_mail_parser_mb_s": stats::json(wasm_floor),
        "wasm_read_per_mail_parser": wasm.zip(wasm_floor).map(|(w, f)| w.median / f.median),
        "corpus": per_message, "run_seconds": secs,
    });
    section
}

/// `read`'s rates and mail-parser's, each with the run's error.
fn split(rates: Result<Rates, String>) -> (Result<Vec<f64>, String>, Result<Vec<f64>, String>) {
    match rates {
        Ok(Rates { read, mail_parser }) if mail_parser.is_empty() => {
            (Ok(read), Err("no MAILPARSER_BENCH lines in the run's output".into()))
        }
        Ok(Rates { read, mail_parser }) => (Ok(read), Ok(mail_parser)),
        Err(e) => (Err(e.clone()), Err(e)),
    }
}
