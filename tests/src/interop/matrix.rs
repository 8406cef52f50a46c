//! The interop matrix: server × step, each cell ok, failed (with the reason) or n/a (with why).

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The step did what it should.
    Ok,
    /// It did not; why.
    Failed(String),
    /// The step does not apply to this server; why.
    NotApplicable(String),
}

/// The results so far, in the order servers and steps were first seen.
#[derive(Debug, Default)]
pub struct Matrix {
    servers: Vec<String>,
    steps: Vec<String>,
    cells: Vec<(String, String, Outcome)>,
    timings: Vec<(String, Duration)>,
}

impl Matrix {
    /// Records a cell.
    pub fn record(&mut self, server: &str, step: &str, outcome: Outcome) {
        if !self.servers.iter().any(|s| s == server) {
            self.servers.push(server.to_owned());
        }
        if !self.steps.iter().any(|s| s == step) {
            self.steps.push(step.to_owned());
        }
        println!("interop: {server} / {step}: {outcome:?}");
        self.cells.push((server.to_owned(), step.to_owned(), outcome));
    }

    /// Runs `step` and records its result; a panic inside (an `expect` in a shared helper) counts
    /// as a failure with the panic's message. Returns whether it passed.
    pub fn run(&mut self, server: &str, step: &str, work: impl FnOnce() -> Result<(), String>) -> bool {
        let outcome = match catch_unwind(AssertUnwindSafe(work)) {
            Ok(Ok(())) => Outcome::Ok,
            Ok(Err(reason)) => Outcome::Failed(reason),
            Err(panic) => Outcome::Failed(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "panicked".into()),
            ),
        };
        let ok = outcome == Outcome::Ok;
        self.record(server, step, outcome);
        ok
    }

    /// Marks `steps` not applicable to `server`.
    pub fn not_applicable(&mut self, server: &str, steps: &[&str], why: &str) {
        for step in steps {
            self.record(server, step, Outcome::NotApplicable(why.to_owned()));
        }
    }

    /// Notes how long a server's part of the suite took.
    pub fn timed(&mut self, server: &str, began: Instant) {
        self.timings.push((server.to_owned(), began.elapsed()));
    }

    /// The cells that failed, as `server / step: reason`.
    pub fn failures(&self) -> Vec<String> {
        self.cells
            .iter()
            .filter_map(|(server, step, o)| match o {
                Outcome::Failed(reason) => Some(format!("{server} / {step}: {reason}")),
                _ => None,
            })
            .collect()
    }

    /// The table (steps down, servers across) and, below it, every reason.
    pub fn render(&self) -> String {
        let width = self.steps.iter().map(|s| s.chars().count()).max().unwrap_or(4) + 2;
        let col = self.servers.iter().map(|s| s.chars().count()).max().unwrap_or(6).max(8) + 2;
        let mut out = format!("{:width$}", "step");
        for server in &self.servers {
            let _ = write!(out, "{server:col$}");
        }
        out.push('\n');
        let mut notes = Vec::new();
        for step in &self.steps {
            let _ = write!(out, "{step:width$}");
            for server in &self.servers {
                let cell = self.cells.iter().rev().find(|(s, t, _)| s == server && t == step);
                let text = match cell.map(|(_, _, o)| o) {
                    None => "-".to_owned(),
                    Some(Outcome::Ok) => "ok".to_owned(),
                    Some(Outcome::Failed(reason)) => {
                        let text = format!("{server} / {step}: FAILED: {}", first_line(reason));
                        format!("FAILED [{}]", note(&mut notes, text))
                    }
                    // One note per server and reason, however many steps share it.
                    Some(Outcome::NotApplicable(why)) => {
                        format!("n/a [{}]", note(&mut notes, format!("{server}: n/a: {why}")))
                    }
                };
                let _ = write!(out, "{text:col$}");
            }
            out.push('\n');
        }
        out.push('\n');
        for (i, text) in notes.iter().enumerate() {
            let _ = writeln!(out, "[{}] {text}", i + 1);
        }
        if !self.timings.is_empty() {
            out.push('\n');
            for (server, took) in &self.timings {
                let _ = writeln!(out, "{server}: {:.0} s", took.as_secs_f64());
            }
        }
        out
    }
}

/// The number of `text` among the notes, adding it if new.
fn note(notes: &mut Vec<String>, text: String) -> usize {
    match notes.iter().position(|n| *n == text) {
        Some(i) => i + 1,
        None => {
            notes.push(text);
            notes.len()
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 300 {
        line.chars().take(300).collect::<String>() + "…"
    } else {
        line.to_owned()
    }
}
