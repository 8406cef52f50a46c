//! `posthorn-bench`: runs the benchmark suite and writes bench-results/results.md and
//! results.json. Usually started by `bash .ci/posthorn bench [--quick] [--only PARTS]`.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use posthorn_tests::bench::{self, Env, Scale, report};
use serde_json::json;

const USAGE: &str =
    "usage: posthorn-bench [--quick] [--only relay,latency,idle,imap,parse,app,threads,inboxes] [--out DIR]

  --quick   a one-minute smoke run: every part, small sizes, few runs
  --only    run only these parts (comma-separated)
  --out     where results go (default: bench-results/ at the workspace root)

Needs: the release bridge (cargo build --release -p posthorn-bridge, or POSTHORN_BRIDGE_BIN),
websockify, Dovecot and Postfix (as root), Chromium and chromedriver, and the built app in dist/.";

const PARTS: [&str; 8] = ["relay", "latency", "idle", "imap", "parse", "app", "threads", "inboxes"];

fn main() -> ExitCode {
    let mut scale = Scale::Full;
    let mut only: Vec<String> = PARTS.iter().map(|p| p.to_string()).collect();
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .join("bench-results");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => scale = Scale::Quick,
            "--only" => {
                only = args.next().unwrap_or_default().split(',').map(str::to_owned).collect();
                if let Some(bad) = only.iter().find(|p| !PARTS.contains(&p.as_str())) {
                    eprintln!("unknown part `{bad}`\n{USAGE}");
                    return ExitCode::from(2);
                }
            }
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("posthorn-bench: no tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(scale, only, out))
}

async fn run(scale: Scale, only: Vec<String>, out: PathBuf) -> ExitCode {
    let began = Instant::now();
    let load_before = load_average();
    let binary = bench::bridge_binary();
    if !binary.exists() {
        eprintln!(
            "posthorn-bench: no bridge binary at {} (cargo build --release -p posthorn-bridge, or set POSTHORN_BRIDGE_BIN)",
            binary.display()
        );
        return ExitCode::FAILURE;
    }
    let mut env = match Env::new(scale, out.clone(), binary.clone()).await {
        Ok(env) => env,
        Err(e) => {
            eprintln!("posthorn-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut sections = Vec::new();
    let mut timings = serde_json::Map::new();
    for part in PARTS.iter().filter(|p| only.iter().any(|o| o == *p)) {
        let started = Instant::now();
        eprintln!("==> {part}");
        let section = match *part {
            "relay" => bench::throughput::run(&mut env).await,
            "latency" => bench::latency::run(&mut env).await,
            "idle" => bench::idle::run(&mut env).await,
            "imap" => bench::imap_sync::run(&mut env).await,
            "parse" => bench::parse::run(&mut env).await,
            "threads" => bench::threading::run(&mut env).await,
            "inboxes" => bench::all_inboxes::run(&mut env).await,
            _ => bench::app_size::run(&mut env).await,
        };
        let secs = started.elapsed().as_secs_f64();
        eprintln!("    {part} took {secs:.0} s");
        timings.insert(part.to_string(), json!(secs));
        sections.push(section);
    }
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let mode = match scale {
        Scale::Quick => "--quick (smoke run: small sizes, few runs; not for conclusions)",
        Scale::Full => "full",
    };
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let load_after = load_average();
    let preamble = format!(
        "Run: {mode}, {:.0} s in all. Machine: {cores} cores, {cpu}; load average {load_before} before and \
         {load_after} after the run (anything else running on the machine shows in the spread). Command: \
         `{command}`.\n\n\
         Every figure sits beside its baseline from the same run; medians over several runs with (min–max). \
         All traffic is on loopback; the load generator, the peers and the relay share the same cores.\n",
        began.elapsed().as_secs_f64()
    );
    let meta = json!({
        "mode": mode, "seconds": began.elapsed().as_secs_f64(), "part_seconds": timings, "cores": cores,
        "cpu": cpu, "bridge_binary": binary, "command": command,
        "load_average_before": load_before, "load_average_after": load_after,
    });
    if let Err(e) = report::write(&out, &preamble, meta, &sections) {
        eprintln!("posthorn-bench: writing {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!(
        "results: {} and results.json ({:.0} s)",
        out.join("results.md").display(),
        began.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// The 1-minute load average.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}
