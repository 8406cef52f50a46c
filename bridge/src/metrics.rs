//! Counters for `/metrics`, in the Prometheus text exposition format.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The bridge's counters. Cheap to update from every session.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Mail connections (WebSocket sessions) open right now.
    pub sessions_open: AtomicU64,
    /// Mail connections ever accepted for relaying.
    pub sessions_total: AtomicU64,
    /// Upstream connections (TCP to a mail server) open right now.
    pub upstream_open: AtomicU64,
    /// HTTP connections open right now (before any WebSocket upgrade).
    pub http_open: AtomicU64,
    /// Bytes relayed from browsers to mail servers.
    pub bytes_to_upstream: AtomicU64,
    /// Bytes relayed from mail servers to browsers.
    pub bytes_to_client: AtomicU64,
    /// Account discoveries run.
    pub discoveries_total: AtomicU64,
    refusals: Mutex<BTreeMap<String, u64>>,
    errors: Mutex<BTreeMap<String, u64>>,
}

impl Metrics {
    /// Counts a refused request, by reason (`port`, `loopback`, `origin`, `limit_total`, …).
    pub fn refused(&self, reason: &str) {
        *self.refusals.lock().unwrap_or_else(|e| e.into_inner()).entry(sanitise(reason)).or_default() += 1;
    }

    /// Counts a failure, by kind (`dns`, `tls_unknown_issuer`, `upstream_reset`, …).
    pub fn error(&self, kind: &str) {
        *self.errors.lock().unwrap_or_else(|e| e.into_inner()).entry(sanitise(kind)).or_default() += 1;
    }

    /// Adds to a counter.
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// Reads a counter.
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// A snapshot of the refusal counts by reason.
    pub fn refusals(&self) -> BTreeMap<String, u64> {
        self.refusals.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A snapshot of the error counts by kind.
    pub fn errors(&self) -> BTreeMap<String, u64> {
        self.errors.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The text for `/metrics`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut gauge = |name: &str, kind: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
        };
        let g = Self::get;
        gauge(
            "posthorn_connections_open",
            "gauge",
            "Mail connections (WebSocket sessions) open now.",
            g(&self.sessions_open),
        );
        gauge(
            "posthorn_connections_total",
            "counter",
            "Mail connections accepted since start.",
            g(&self.sessions_total),
        );
        gauge(
            "posthorn_upstream_open",
            "gauge",
            "TCP connections to mail servers open now.",
            g(&self.upstream_open),
        );
        gauge("posthorn_http_connections_open", "gauge", "HTTP connections open now.", g(&self.http_open));
        gauge(
            "posthorn_bytes_to_upstream_total",
            "counter",
            "Bytes relayed from browsers to mail servers.",
            g(&self.bytes_to_upstream),
        );
        gauge(
            "posthorn_bytes_to_client_total",
            "counter",
            "Bytes relayed from mail servers to browsers.",
            g(&self.bytes_to_client),
        );
        gauge(
            "posthorn_discoveries_total",
            "counter",
            "Account discoveries run.",
            g(&self.discoveries_total),
        );
        let mut labelled = |name: &str, help: &str, label: &str, values: BTreeMap<String, u64>| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            for (key, value) in values {
                let _ = writeln!(out, "{name}{{{label}=\"{key}\"}} {value}");
            }
        };
        labelled("posthorn_refusals_total", "Requests refused, by reason.", "reason", self.refusals());
        labelled("posthorn_errors_total", "Failures, by kind.", "kind", self.errors());
        out
    }
}

/// Label values come from a fixed vocabulary, but keep them safe for the text format regardless.
fn sanitise(label: &str) -> String {
    label.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::default();
        Metrics::add(&m.sessions_total, 3);
        m.refused("loopback");
        m.refused("loopback");
        m.error("tls_expired");
        m.refused("we\"ird\n");
        let text = m.render();
        assert!(text.contains("posthorn_connections_total 3\n"));
        assert!(text.contains("posthorn_refusals_total{reason=\"loopback\"} 2\n"));
        assert!(text.contains("posthorn_errors_total{kind=\"tls_expired\"} 1\n"));
        assert!(text.contains("reason=\"we_ird_\""));
    }
}
