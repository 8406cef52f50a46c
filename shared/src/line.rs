//! A bounded CRLF line framer shared by the line-oriented protocols (SMTP replies, POP3 responses,
//! IMAP response lines).
//!
//! A network read is not a message (ARCHITECTURE.md, *Framing has limits*): bytes are appended as
//! they arrive and whole lines are taken out. The framer only ever holds bytes the peer actually
//! sent; it never reserves space for a length the peer announces. A line longer than the limit is
//! an error, so a hostile peer cannot make the client buffer without end while it waits for a line
//! ending that never comes.

use thiserror::Error;

/// Why no line could be taken.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LineError {
    /// The peer sent more than `limit` bytes without a line ending.
    #[error("the server sent a line longer than {limit} bytes")]
    TooLong {
        /// The configured maximum line length, line ending included.
        limit: usize,
    },
}

/// Accumulates received bytes and hands out complete lines.
///
/// Lines end in CRLF (RFC 5321 section 2.3.8, RFC 1939 section 3, RFC 3501 section 2.2). A bare LF is
/// accepted as a line ending too, because real servers occasionally send one and refusing them helps
/// nobody; the returned line never contains its ending. A bare CR inside a line is kept, so callers
/// (and the transcript) can see it.
#[derive(Debug, Clone)]
pub struct LineBuffer {
    buf: Vec<u8>,
    /// Start of the unconsumed bytes in `buf`; consumed bytes are dropped lazily to keep taking a line
    /// O(line length) instead of O(buffer length).
    start: usize,
    /// How far past `start` has already been searched for LF, so feeding one byte at a time does not
    /// rescan the whole partial line on every call.
    scanned: usize,
    max_line: usize,
}

impl LineBuffer {
    /// A framer that refuses lines longer than `max_line` bytes (line ending included).
    pub fn new(max_line: usize) -> Self {
        Self { buf: Vec::new(), start: 0, scanned: 0, max_line: max_line.max(2) }
    }

    /// The configured maximum line length.
    pub fn max_line(&self) -> usize {
        self.max_line
    }

    /// Appends bytes read from the transport.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start >= self.buf.len() / 2 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// How many received bytes have not been taken yet.
    ///
    /// After a STARTTLS go-ahead this must be zero: anything else was injected before the TLS
    /// handshake (RFC 3207 section 4.2, RFC 2595 section 3.1).
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// Whether no received byte is waiting.
    pub fn is_empty(&self) -> bool {
        self.buffered() == 0
    }

    /// Takes the next complete line without its line ending, `Ok(None)` if no complete line has
    /// arrived yet.
    pub fn next_line(&mut self) -> Result<Option<Vec<u8>>, LineError> {
        let pending = &self.buf[self.start..];
        let search_from = self.scanned.min(pending.len());
        match pending[search_from..].iter().position(|&b| b == b'\n') {
            Some(offset) => {
                let lf = search_from + offset;
                if lf + 1 > self.max_line {
                    return Err(LineError::TooLong { limit: self.max_line });
                }
                let end = if lf > 0 && pending[lf - 1] == b'\r' { lf - 1 } else { lf };
                let line = pending[..end].to_vec();
                self.start += lf + 1;
                self.scanned = 0;
                Ok(Some(line))
            }
            None => {
                if pending.len() >= self.max_line {
                    return Err(LineError::TooLong { limit: self.max_line });
                }
                self.scanned = pending.len();
                Ok(None)
            }
        }
    }

    /// Takes exactly `n` raw bytes (an IMAP literal body), `None` until that many have arrived.
    ///
    /// The caller bounds `n` before calling: the framer holds only what has arrived and copies out
    /// only once all of it is there, but it does not know what size is sensible for a literal.
    pub fn take_bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        if self.buffered() < n {
            return None;
        }
        let out = self.buf[self.start..self.start + n].to_vec();
        self.start += n;
        self.scanned = 0;
        Some(out)
    }

    /// Drops everything buffered, e.g. when the session is abandoned.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.start = 0;
        self.scanned = 0;
    }
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn splits_on_crlf_and_bare_lf() {
        let mut lines = LineBuffer::new(100);
        lines.push(b"one\r\ntwo\nthr");
        assert_eq!(lines.next_line().unwrap().unwrap(), b"one");
        assert_eq!(lines.next_line().unwrap().unwrap(), b"two");
        assert_eq!(lines.next_line().unwrap(), None);
        lines.push(b"ee\r");
        assert_eq!(lines.next_line().unwrap(), None);
        lines.push(b"\n");
        assert_eq!(lines.next_line().unwrap().unwrap(), b"three");
        assert!(lines.is_empty());
    }

    #[test]
    fn refuses_long_lines_with_and_without_ending() {
        let mut lines = LineBuffer::new(8);
        lines.push(b"123456789");
        assert_eq!(lines.next_line(), Err(LineError::TooLong { limit: 8 }));
        let mut lines = LineBuffer::new(8);
        lines.push(b"1234567\r\n");
        assert_eq!(lines.next_line(), Err(LineError::TooLong { limit: 8 }));
        let mut lines = LineBuffer::new(8);
        lines.push(b"123456\r\n");
        assert_eq!(lines.next_line().unwrap().unwrap(), b"123456");
    }

    #[test]
    fn byte_at_a_time_gives_the_same_lines() {
        let input = b"a\r\nbb\r\n\r\nccc\n";
        let mut lines = LineBuffer::new(16);
        let mut got = Vec::new();
        for &b in input {
            lines.push(&[b]);
            while let Some(line) = lines.next_line().unwrap() {
                got.push(line);
            }
        }
        assert_eq!(got, vec![b"a".to_vec(), b"bb".to_vec(), b"".to_vec(), b"ccc".to_vec()]);
    }

    #[test]
    fn take_bytes_waits_for_all_of_them() {
        let mut lines = LineBuffer::new(16);
        lines.push(b"abc");
        assert_eq!(lines.take_bytes(5), None);
        lines.push(b"de\r\n");
        assert_eq!(lines.take_bytes(5).unwrap(), b"abcde");
        assert_eq!(lines.next_line().unwrap().unwrap(), b"");
    }
}
