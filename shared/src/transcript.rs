//! The protocol transcript: what was said on a connection, as a person reads it in a telnet session.
//!
//! Clients produce [`Line`]s with secrets already replaced by [`REDACTED`] and long literals or
//! message bodies summarised; drivers stamp them into [`Entry`]s with a connection id and a time.

use serde::{Deserialize, Serialize};

/// What stands in a transcript where a secret was.
pub const REDACTED: &str = "<redacted>";

/// Who sent the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// The client (shown as `C:`).
    Client,
    /// The server (shown as `S:`).
    Server,
    /// The driver or the bridge, about the connection itself (shown as `*`): connected, TLS up, closed.
    Note,
}

impl Direction {
    /// The prefix used in `C:`/`S:` form.
    pub fn prefix(self) -> &'static str {
        match self {
            Direction::Client => "C:",
            Direction::Server => "S:",
            Direction::Note => "*",
        }
    }
}

/// One line of the conversation as a client records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Who sent it.
    pub direction: Direction,
    /// The text without its line ending, secrets redacted.
    pub text: String,
}

impl Line {
    /// A line the client sent.
    pub fn client(text: impl Into<String>) -> Self {
        Self { direction: Direction::Client, text: text.into() }
    }

    /// A line the server sent.
    pub fn server(text: impl Into<String>) -> Self {
        Self { direction: Direction::Server, text: text.into() }
    }

    /// A note about the connection.
    pub fn note(text: impl Into<String>) -> Self {
        Self { direction: Direction::Note, text: text.into() }
    }
}

/// A transcript line stamped by the driver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The driver's id for the connection.
    pub connection: u64,
    /// Milliseconds since the Unix epoch, from the driver's clock.
    pub at_ms: u64,
    /// Who sent it.
    pub direction: Direction,
    /// The redacted text.
    pub text: String,
}

impl Entry {
    /// Stamps a line.
    pub fn stamp(line: Line, connection: u64, at_ms: u64) -> Self {
        Self { connection, at_ms, direction: line.direction, text: line.text }
    }
}

/// Renders lines in `C:`/`S:` form, one per line, as the tests and the log export write them.
pub fn render(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(line.direction.prefix());
        out.push(' ');
        out.push_str(&line.text);
        out.push('\n');
    }
    out
}

/// A short summary for a body or literal that is too long to show: `<1234 bytes>`.
pub fn summary(len: usize) -> String {
    format!("<{len} bytes>")
}

/// Turns received or sent bytes into printable text: lossy UTF-8, line ending removed, control
/// characters other than tab shown as `\xNN`, so a hostile server cannot paint the log pane.
pub fn printable(bytes: &[u8]) -> String {
    let trimmed = bytes.strip_suffix(b"\r\n").or_else(|| bytes.strip_suffix(b"\n")).unwrap_or(bytes);
    let text = String::from_utf8_lossy(trimmed);
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_control() && ch != '\t' {
            out.push_str(&format!("\\x{:02X}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_control_characters_and_strips_crlf() {
        assert_eq!(printable(b"+OK ready\r\n"), "+OK ready");
        assert_eq!(printable(b"a\x1b[31mb\r\n"), "a\\x1B[31mb");
        assert_eq!(printable(b"bare\rcr"), "bare\\x0Dcr");
    }

    #[test]
    fn render_uses_c_s_prefixes() {
        let lines = [Line::server("+OK"), Line::client("USER a"), Line::note("TLS up")];
        assert_eq!(render(&lines), "S: +OK\nC: USER a\n* TLS up\n");
    }
}
