//! A fuzz runner for a stable toolchain without libFuzzer: replays the seeds (`fuzz/seeds/<target>/`)
//! and any corpus `cargo fuzz` left (`fuzz/corpus/<target>/`), then mutates them at random for a
//! fixed time. No coverage feedback, so it finds less than `cargo fuzz run`, but it runs anywhere
//! and in CI.
//!
//! ```text
//! cargo run --release --example fuzz-stable -- [--seconds N] [--seed S] [TARGET...]
//! ```
//!
//! A panic is a finding: the input is written to `fuzz/artifacts/<target>/crash-<hash>` (replay it
//! with `cargo run --release --example fuzz-stable -- --replay FILE TARGET`) and the run fails. The
//! seed is printed so a run can be repeated.
#![forbid(unsafe_code)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use posthorn_fuzz::{TARGETS, Target};

/// An input slower than this is reported: peer input must not stall the client either.
const SLOW: Duration = Duration::from_secs(2);
/// Mutated inputs grow at most to this size.
const MAX_INPUT: usize = 64 * 1024;

/// Bytes and words that mean something to the parsers: framing, literals, numbers at the limits.
const TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\n",
    b"\r",
    b"\0",
    b" ",
    b"{",
    b"}",
    b"{0}\r\n",
    b"{4294967295}\r\n",
    b"{18446744073709551616}\r\n",
    b"{5+}\r\n",
    b"~{3}\r\n",
    b"(",
    b")",
    b"[",
    b"]",
    b"\"",
    b"\\",
    b"*",
    b"+ ",
    b"* ",
    b"a001 ",
    b"OK ",
    b"NO ",
    b"BAD ",
    b"BYE ",
    b"NIL",
    b"FETCH ",
    b"BODY[] ",
    b"EXISTS",
    b"EXPUNGE",
    b"VANISHED (EARLIER) ",
    b"1:*",
    b"4294967295",
    b"0",
    b"-1",
    b"99999999999999999999",
    b"+OK ",
    b"-ERR ",
    b".\r\n",
    b"..",
    b"250-",
    b"250 ",
    b"354 ",
    b"334 ",
    b"220 ",
    b"421 ",
    b"5.7.1 ",
    b"=?utf-8?b?",
    b"?=",
    b"=?",
    b"--",
    b"boundary=\"b\"",
    b"Content-Type: multipart/mixed; boundary=b\r\n",
    b"Content-Transfer-Encoding: base64\r\n",
    b"=\r\n",
    b"=C3=",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80",
    b"<",
    b">",
    b"@",
    b"r=",
    b"s=",
    b"i=",
    b"v=",
    b",",
];

/// Marsaglia's xorshift64*: deterministic from the printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(input: &mut Vec<u8>, pool: &[Vec<u8>], rng: &mut Rng) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(10) {
            0 if len > 0 => input[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => input[at.min(len - 1)] = rng.next() as u8,
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                input.drain(at.min(len - 1)..end);
            }
            4 if len > 0 => {
                // Repeat a piece: long lines, many list entries, nested parentheses.
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = input[start..end].to_vec();
                for _ in 0..1 + rng.below(32) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            5 => input.truncate(at),
            6 if !pool.is_empty() => {
                // Splice: the head of this input, the tail of another.
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                input.truncate(at);
                input.extend_from_slice(&other[from..]);
            }
            7 => {
                let digits = rng.next().to_string();
                input.splice(at..at, digits.bytes());
            }
            _ => {
                let bytes: Vec<u8> = (0..1 + rng.below(8)).map(|_| rng.next() as u8).collect();
                input.splice(at..at, bytes);
            }
        }
        input.truncate(MAX_INPUT);
    }
}

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_inputs(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> =
        entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Runs one input; on a panic saves it and returns the artifact's path.
fn run_one(name: &str, target: Target, input: &[u8]) -> Result<Duration, PathBuf> {
    let start = Instant::now();
    if catch_unwind(AssertUnwindSafe(|| target(input))).is_ok() {
        return Ok(start.elapsed());
    }
    let mut hasher = DefaultHasher::new();
    input.hash(&mut hasher);
    let dir = fuzz_dir().join("artifacts").join(name);
    let path = dir.join(format!("crash-{:016x}", hasher.finish()));
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(&path, input);
    Err(path)
}

struct Args {
    seconds: f64,
    seed: u64,
    replay: Option<PathBuf>,
    targets: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let now =
        SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    let mut args = Args { seconds: 60.0, seed: now | 1, replay: None, targets: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                args.seconds = it.next().and_then(|v| v.parse().ok()).ok_or("--seconds needs a number")?
            }
            "--seed" => args.seed = it.next().and_then(|v| v.parse().ok()).ok_or("--seed needs a number")?,
            "--replay" => args.replay = Some(it.next().ok_or("--replay needs a file")?.into()),
            "-h" | "--help" => return Err(String::new()),
            name if TARGETS.iter().any(|(n, _)| *n == name) => args.targets.push(name.to_owned()),
            other => return Err(format!("unknown argument or target: {other}")),
        }
    }
    if args.targets.is_empty() {
        args.targets = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    }
    args.seed |= 1;
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
            eprintln!("{message}\nusage: fuzz-stable [--seconds N] [--seed S] [--replay FILE] [TARGET...]");
            eprintln!("targets: {}", names.join(" "));
            return ExitCode::from(2);
        }
    };
    let targets: Vec<(&str, Target)> =
        TARGETS.iter().copied().filter(|(n, _)| args.targets.iter().any(|t| t == n)).collect();

    if let Some(file) = &args.replay {
        let input = match std::fs::read(file) {
            Ok(input) => input,
            Err(e) => {
                eprintln!("reading {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        };
        for (name, target) in &targets {
            // Let the panic message and backtrace through: this is for debugging a finding.
            target(&input);
            println!("{name}: {} passes", file.display());
        }
        return ExitCode::SUCCESS;
    }

    // Findings are reported once, with the artifact; the default hook would print every panic.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));

    println!("fuzz-stable: seed {}, {} s over {} targets", args.seed, args.seconds, targets.len());
    let per_target = Duration::from_secs_f64(args.seconds / targets.len() as f64);
    let mut failed = false;
    for (name, target) in targets {
        let mut rng =
            Rng(args.seed ^ name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b.into())));
        let mut pool = read_inputs(&fuzz_dir().join("seeds").join(name));
        pool.extend(read_inputs(&fuzz_dir().join("corpus").join(name)));
        pool.push(Vec::new());
        let seeds = pool.len();
        let mut runs = 0u64;
        let mut slowest = Duration::ZERO;
        let mut finding = None;
        // Every seed as it is first: a regression corpus.
        for input in pool.clone() {
            runs += 1;
            match run_one(name, target, &input) {
                Ok(took) => slowest = slowest.max(took),
                Err(path) => {
                    finding = Some(path);
                    break;
                }
            }
        }
        let deadline = Instant::now() + per_target;
        while finding.is_none() && Instant::now() < deadline {
            let mut input = pool[rng.below(pool.len())].clone();
            mutate(&mut input, &pool, &mut rng);
            runs += 1;
            match run_one(name, target, &input) {
                Ok(took) => {
                    slowest = slowest.max(took);
                    if took > SLOW {
                        eprintln!("{name}: an input of {} bytes took {took:?}", input.len());
                        failed = true;
                    }
                }
                Err(path) => finding = Some(path),
            }
            // Keep some mutants so that mutations stack up over the run.
            if rng.below(16) == 0 && pool.len() < 4096 {
                pool.push(input);
            }
        }
        match finding {
            Some(path) => {
                failed = true;
                println!("{name}: FINDING after {runs} runs, input saved to {}", path.display());
            }
            None => println!("{name}: {runs} runs ({seeds} seeds), no panic; slowest input {slowest:?}"),
        }
    }
    std::panic::set_hook(default_hook);
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
