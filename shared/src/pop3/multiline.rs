//! Multi-line responses: lines up to a lone `.`, with byte-stuffing undone (RFC 1939 section 3).

/// Collects the lines of a multi-line response, bounded.
#[derive(Debug, Clone)]
pub struct DotReader {
    data: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl DotReader {
    /// A reader that keeps at most `limit` octets of content.
    pub fn new(limit: usize) -> Self {
        Self { data: Vec::new(), limit, overflowed: false }
    }

    /// Takes one line (without CRLF). Returns true at the terminating `.`.
    pub fn push_line(&mut self, line: &[u8]) -> bool {
        if line == b"." {
            return true;
        }
        // "If any line begins with the termination octet, the line is byte-stuffed by
        // pre-pending the termination octet to that line."
        let line = line.strip_prefix(b".").unwrap_or(line);
        if self.data.len() + line.len() + 2 > self.limit {
            // Keep reading to the terminator so the session stays in step, but keep nothing.
            self.overflowed = true;
            self.data = Vec::new();
        }
        if !self.overflowed {
            self.data.extend_from_slice(line);
            self.data.extend_from_slice(b"\r\n");
        }
        false
    }

    /// Whether the content exceeded the limit (and was dropped).
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The content, lines ending in CRLF.
    pub fn into_data(self) -> Vec<u8> {
        self.data
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
    fn unstuffs_and_stops_at_the_dot() {
        let mut reader = DotReader::new(100);
        for line in [&b"Subject: x"[..], b"", b"..", b"..hidden", b".single"] {
            assert!(!reader.push_line(line));
        }
        assert!(reader.push_line(b"."));
        assert_eq!(reader.into_data(), b"Subject: x\r\n\r\n.\r\n.hidden\r\nsingle\r\n");
    }

    #[test]
    fn drops_content_over_the_limit() {
        let mut reader = DotReader::new(10);
        assert!(!reader.push_line(b"12345678"));
        assert!(!reader.push_line(b"9"));
        assert!(reader.overflowed());
        assert!(!reader.push_line(b"small"));
        assert!(reader.push_line(b"."));
        assert!(reader.into_data().is_empty());
    }
}
