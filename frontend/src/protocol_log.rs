//! The protocol log: a bounded ring buffer of every connection's C:/S: lines, already redacted by the
//! engine, that the log pane shows. Bounded so that a long session never slows the app down.

use std::collections::VecDeque;

use leptos::prelude::*;
use posthorn_proto::transcript::{Direction, Line};

/// How many lines the log keeps; older ones are dropped.
pub const CAPACITY: usize = 5_000;

/// Which connection a line belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLabel {
    /// A number unique in this page.
    pub id: u64,
    /// The account's display name (its email address).
    pub account: String,
    /// `IMAP`, `POP3` or `SMTP`.
    pub protocol: &'static str,
}

/// One line in the log pane.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Sequence number, for stable keys in the list.
    pub seq: u64,
    /// Milliseconds since the epoch.
    pub at_ms: f64,
    /// The connection.
    pub label: ConnectionLabel,
    /// Who spoke.
    pub direction: Direction,
    /// The redacted text.
    pub text: String,
}

/// The shared log, provided as a context.
#[derive(Clone, Copy)]
pub struct ProtocolLog {
    entries: RwSignal<VecDeque<LogEntry>>,
    next_seq: StoredValue<u64>,
    next_connection: StoredValue<u64>,
}

impl ProtocolLog {
    /// An empty log.
    pub fn new() -> Self {
        Self {
            entries: RwSignal::new(VecDeque::new()),
            next_seq: StoredValue::new(0),
            next_connection: StoredValue::new(1),
        }
    }

    /// A label for a new connection.
    pub fn new_connection(&self, account: &str, protocol: &'static str) -> ConnectionLabel {
        let id = self.next_connection.get_value();
        self.next_connection.set_value(id + 1);
        ConnectionLabel { id, account: account.to_string(), protocol }
    }

    /// Appends a line, dropping the oldest beyond [`CAPACITY`].
    pub fn push(&self, label: &ConnectionLabel, line: Line) {
        let seq = self.next_seq.get_value();
        self.next_seq.set_value(seq + 1);
        let entry = LogEntry {
            seq,
            at_ms: js_sys::Date::now(),
            label: label.clone(),
            direction: line.direction,
            text: line.text,
        };
        self.entries.update(|entries| {
            if entries.len() >= CAPACITY {
                entries.pop_front();
            }
            entries.push_back(entry);
        });
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> RwSignal<VecDeque<LogEntry>> {
        self.entries
    }

    /// Removes every entry.
    pub fn clear(&self) {
        self.entries.update(|e| e.clear());
    }
}

impl Default for ProtocolLog {
    fn default() -> Self {
        Self::new()
    }
}
