//! Framing of server bytes into whole IMAP responses (RFC 3501 section 2.2, 4.3).
//!
//! A network read is not a response: a response is a line, and if that line ends with a literal
//! announcement `{n}` (or `{n+}`, RFC 7888) it continues with exactly `n` bytes and another line,
//! and so on. The framer finds those boundaries before any parsing, so that literal bytes can
//! never be mistaken for protocol, and it enforces the limits *before* buffering: a line longer
//! than the limit is refused as soon as the limit is crossed, and an announced literal is checked
//! against the limit when its announcement is seen, not when its bytes have piled up.

use std::collections::VecDeque;

use crate::imap::config::Limits;
use crate::imap::error::Error;

/// One piece of a response as it was framed, for the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A line including its CRLF (the last one of a response, or one that announced a literal).
    Line(std::ops::Range<usize>),
    /// The bytes of a literal.
    Literal(std::ops::Range<usize>),
}

/// A complete response: all of its bytes and where its lines and literals are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Frame {
    pub bytes: Vec<u8>,
    pub pieces: Vec<Piece>,
}

impl Frame {
    /// The bytes of one piece.
    pub fn piece(&self, piece: &Piece) -> &[u8] {
        match piece {
            Piece::Line(range) | Piece::Literal(range) => &self.bytes[range.clone()],
        }
    }
}

/// Where the framer is inside the current response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Reading a line; the line started at this offset of the current frame.
    Line { start: usize },
    /// Reading a literal with this many bytes still to come.
    Literal { start: usize, remaining: u32 },
}

/// Splits the byte stream into [`Frame`]s within [`Limits`].
#[derive(Debug, Clone)]
pub(crate) struct Framer {
    limits: Limits,
    unread: VecDeque<u8>,
    current: Frame,
    position: Position,
}

impl Framer {
    /// A framer with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            unread: VecDeque::new(),
            current: Frame::default(),
            position: Position::Line { start: 0 },
        }
    }

    /// Adds bytes read from the transport.
    pub fn enqueue(&mut self, bytes: &[u8]) {
        self.unread.extend(bytes);
    }

    /// Whether any bytes are waiting, framed or not. Used to detect data injected before a TLS
    /// upgrade (RFC 3501 section 6.2.1, RFC 2595 section 3.1).
    pub fn has_buffered(&self) -> bool {
        !self.unread.is_empty() || !self.current.bytes.is_empty()
    }

    /// Forgets everything buffered: after a TLS upgrade nothing from before it may be used.
    pub fn clear(&mut self) {
        self.unread.clear();
        self.current = Frame::default();
        self.position = Position::Line { start: 0 };
    }

    /// The next complete response, `Ok(None)` if more bytes are needed.
    pub fn next(&mut self) -> Result<Option<Frame>, Error> {
        loop {
            match self.position {
                Position::Line { start } => {
                    let Some(newline) = self.unread.iter().position(|&b| b == b'\n') else {
                        // Keep what we have, but refuse a line that has already outgrown the limit
                        // rather than waiting for its end.
                        let pending = self.current.bytes.len() - start + self.unread.len();
                        if pending > self.limits.max_line {
                            return Err(Error::LineTooLong { limit: self.limits.max_line });
                        }
                        return Ok(None);
                    };
                    let line_len = self.current.bytes.len() - start + newline + 1;
                    if line_len > self.limits.max_line {
                        return Err(Error::LineTooLong { limit: self.limits.max_line });
                    }
                    self.current.bytes.extend(self.unread.drain(..=newline));
                    let end = self.current.bytes.len();
                    self.current.pieces.push(Piece::Line(start..end));
                    match literal_announcement(&self.current.bytes[start..end]) {
                        Some(length) => {
                            if length > self.limits.max_literal {
                                return Err(Error::LiteralTooLarge {
                                    announced: u64::from(length),
                                    limit: self.limits.max_literal,
                                });
                            }
                            let total = end as u64 + u64::from(length);
                            if total > self.limits.max_response as u64 {
                                return Err(Error::ResponseTooLarge { limit: self.limits.max_response });
                            }
                            self.position = Position::Literal { start: end, remaining: length };
                        }
                        None => {
                            self.position = Position::Line { start: 0 };
                            return Ok(Some(std::mem::take(&mut self.current)));
                        }
                    }
                }
                Position::Literal { start, remaining } => {
                    // Only what has arrived is copied: the announced length is a promise, not an
                    // allocation size.
                    let take = (remaining as usize).min(self.unread.len());
                    self.current.bytes.extend(self.unread.drain(..take));
                    let remaining = remaining - take as u32;
                    if remaining > 0 {
                        self.position = Position::Literal { start, remaining };
                        return Ok(None);
                    }
                    let end = self.current.bytes.len();
                    self.current.pieces.push(Piece::Literal(start..end));
                    self.position = Position::Line { start: end };
                }
            }
        }
    }
}

/// The length announced at the end of a line, `{n}` or `{n+}` before CRLF (RFC 3501 section 4.3,
/// RFC 7888 section 4), if any. A bare LF is tolerated as line end.
pub(crate) fn literal_announcement(line: &[u8]) -> Option<u32> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let digits = &inner[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || digits.len() > 10 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits { max_line: 64, max_literal: 16, max_response: 1024, max_messages: 10 }
    }

    #[test]
    fn frames_a_line_then_a_literal_response() {
        let mut framer = Framer::new(limits());
        framer.enqueue(b"* OK hi\r\n* 1 FETCH (BODY[] {3}\r\nabc)\r\n");
        let first = framer.next().unwrap().unwrap();
        assert_eq!(first.bytes, b"* OK hi\r\n");
        let second = framer.next().unwrap().unwrap();
        assert_eq!(second.bytes, b"* 1 FETCH (BODY[] {3}\r\nabc)\r\n");
        assert_eq!(second.pieces.len(), 3);
        assert_eq!(framer.next().unwrap(), None);
    }

    #[test]
    fn refuses_an_oversized_literal_at_its_announcement() {
        let mut framer = Framer::new(limits());
        framer.enqueue(b"* 1 FETCH (BODY[] {4294967295}\r\n");
        assert!(matches!(framer.next(), Err(Error::LiteralTooLarge { .. })));
    }

    #[test]
    fn refuses_a_line_without_end_once_it_is_too_long() {
        let mut framer = Framer::new(limits());
        framer.enqueue(&[b'a'; 65]);
        assert!(matches!(framer.next(), Err(Error::LineTooLong { .. })));
    }

    #[test]
    fn literal_announcements() {
        assert_eq!(literal_announcement(b"x {12}\r\n"), Some(12));
        assert_eq!(literal_announcement(b"x {12+}\r\n"), Some(12));
        assert_eq!(literal_announcement(b"x {}\r\n"), None);
        assert_eq!(literal_announcement(b"x {99999999999}\r\n"), None);
        assert_eq!(literal_announcement(b"x 12}\r\n"), None);
    }
}
