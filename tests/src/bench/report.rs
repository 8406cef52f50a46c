//! The results file: one section per measurement, each a table with its baseline beside it,
//! the verdicts against the targets, and notes on method. Written as Markdown and JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

/// How a measurement compares with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Met, with at least a quarter of the target to spare.
    MetWithRoom,
    /// Met, but close to the line.
    Met,
    /// Missed.
    Missed,
    /// Could not be measured in this run.
    NotMeasured,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::MetWithRoom => "met with room",
            Status::Met => "met",
            Status::Missed => "MISSED",
            Status::NotMeasured => "not measured",
        }
    }

    /// For "at most `target`": met with room below 75 % of it.
    pub fn at_most(value: f64, target: f64) -> Status {
        if !value.is_finite() {
            Status::NotMeasured
        } else if value <= 0.75 * target {
            Status::MetWithRoom
        } else if value <= target {
            Status::Met
        } else {
            Status::Missed
        }
    }

    /// For "at least `target`": met with room above 125 % of it.
    pub fn at_least(value: f64, target: f64) -> Status {
        if !value.is_finite() {
            Status::NotMeasured
        } else if value >= 1.25 * target {
            Status::MetWithRoom
        } else if value >= target {
            Status::Met
        } else {
            Status::Missed
        }
    }
}

/// One target from the issue and how this run did.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The target as the issue states it.
    pub target: String,
    /// The measured value, as text.
    pub measured: String,
    /// Met or not.
    pub status: Status,
    /// By how much, and why.
    pub detail: String,
}

/// One section of the results.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// What was measured and how, in a sentence or two.
    pub method: String,
    /// The column headings.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
    /// Verdicts against targets.
    pub verdicts: Vec<Verdict>,
    /// Caveats.
    pub notes: Vec<String>,
    /// The machine-readable figures.
    pub data: Value,
}

impl Section {
    /// A section with a title and a method sentence.
    pub fn new(title: &str, method: impl Into<String>) -> Self {
        Section { title: title.into(), method: method.into(), data: json!({}), ..Section::default() }
    }

    /// A section saying why it could not run.
    pub fn failed(title: &str, why: &str) -> Self {
        let mut s = Section::new(title, "");
        s.notes.push(format!("This part did not run: {why}"));
        s.data = json!({ "error": why });
        s
    }

    /// Sets the column headings.
    pub fn header(&mut self, columns: &[&str]) {
        self.header = columns.iter().map(|c| c.to_string()).collect();
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Adds a verdict.
    pub fn verdict(&mut self, target: &str, measured: String, status: Status, detail: String) {
        self.verdicts.push(Verdict { target: target.into(), measured, status, detail });
    }

    fn markdown(&self, out: &mut String) {
        let _ = writeln!(out, "## {}\n", self.title);
        if !self.method.is_empty() {
            let _ = writeln!(out, "{}\n", self.method);
        }
        if !self.header.is_empty() {
            let _ = writeln!(out, "| {} |", self.header.join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(self.header.len()));
            for row in &self.rows {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            }
            out.push('\n');
        }
        if !self.verdicts.is_empty() {
            out.push_str("| Target | Measured | Verdict | Why / by how much |\n|---|---|---|---|\n");
            for v in &self.verdicts {
                let _ = writeln!(
                    out,
                    "| {} | {} | **{}** | {} |",
                    v.target,
                    v.measured,
                    v.status.label(),
                    v.detail
                );
            }
            out.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
    }

    fn json(&self) -> Value {
        json!({
            "title": self.title,
            "method": self.method,
            "table": { "header": self.header, "rows": self.rows },
            "verdicts": self.verdicts.iter().map(|v| json!({
                "target": v.target, "measured": v.measured, "status": v.status.label(), "detail": v.detail,
            })).collect::<Vec<_>>(),
            "notes": self.notes,
            "data": self.data,
        })
    }
}

/// Writes `results.md` and `results.json` into `dir`.
pub fn write(dir: &Path, preamble: &str, meta: Value, sections: &[Section]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut md = String::from("# Posthorn benchmark results\n\n");
    md.push_str(preamble);
    md.push('\n');
    let verdicts: Vec<&Verdict> = sections.iter().flat_map(|s| &s.verdicts).collect();
    if !verdicts.is_empty() {
        md.push_str("## Targets at a glance\n\n| Target | Measured | Verdict |\n|---|---|---|\n");
        for v in verdicts {
            let _ = writeln!(md, "| {} | {} | **{}** |", v.target, v.measured, v.status.label());
        }
        md.push('\n');
    }
    for section in sections {
        section.markdown(&mut md);
    }
    std::fs::write(dir.join("results.md"), md)?;
    let json = json!({ "meta": meta, "sections": sections.iter().map(Section::json).collect::<Vec<_>>() });
    std::fs::write(dir.join("results.json"), serde_json::to_string_pretty(&json).unwrap_or_default())
}
