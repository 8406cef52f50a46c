//! The DATA body on the wire (RFC 5321 sections 2.3.8, 4.1.1.4 and 4.5.2).

/// Turns message bytes into DATA content, chunk by chunk, without holding a second copy of the
/// message: bare LF and bare CR become CRLF (RFC 5321 section 2.3.8 allows only CRLF line endings),
/// a line starting with `.` gets another `.` (transparency, section 4.5.2), and
/// [`DataEncoder::finish`] writes the `CRLF.CRLF` terminator.
#[derive(Debug, Clone)]
pub struct DataEncoder {
    at_line_start: bool,
    pending_cr: bool,
    written: u64,
}

impl Default for DataEncoder {
    fn default() -> Self {
        Self::new()
    }
}

impl DataEncoder {
    /// An encoder at the start of a message.
    pub fn new() -> Self {
        Self { at_line_start: true, pending_cr: false, written: 0 }
    }

    /// Encodes one chunk, appending to `out`. Chunks may split lines and CRLF pairs anywhere.
    pub fn encode(&mut self, input: &[u8], out: &mut Vec<u8>) {
        let before = out.len();
        out.reserve(input.len() + input.len() / 64 + 2);
        for &b in input {
            if self.pending_cr {
                self.pending_cr = false;
                out.extend_from_slice(b"\r\n");
                self.at_line_start = true;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.at_line_start = true;
                }
                b'.' if self.at_line_start => {
                    out.extend_from_slice(b"..");
                    self.at_line_start = false;
                }
                _ => {
                    out.push(b);
                    self.at_line_start = false;
                }
            }
        }
        self.written += (out.len() - before) as u64;
    }

    /// Ends the body: a final line ending if the message lacks one, then `.` CRLF.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        let before = out.len();
        if self.pending_cr || !self.at_line_start {
            out.extend_from_slice(b"\r\n");
        }
        self.pending_cr = false;
        self.at_line_start = true;
        out.extend_from_slice(b".\r\n");
        self.written += (out.len() - before) as u64;
    }

    /// Bytes written so far, terminator included once finished.
    pub fn written(&self) -> u64 {
        self.written
    }
}

/// Encodes a whole body at once (tests, small messages).
pub fn encode_data(body: &[u8]) -> Vec<u8> {
    let mut encoder = DataEncoder::new();
    let mut out = Vec::with_capacity(body.len() + 8);
    encoder.encode(body, &mut out);
    encoder.finish(&mut out);
    out
}

/// Undoes [`encode_data`]: what a server stores (used by the round-trip tests).
pub fn decode_data(data: &[u8]) -> Option<Vec<u8>> {
    let body = data.strip_suffix(b".\r\n")?;
    let mut out = Vec::with_capacity(body.len());
    for line in body.split_inclusive(|&b| b == b'\n') {
        let line = line.strip_prefix(b".").unwrap_or(line);
        out.extend_from_slice(line);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn normalises_line_endings_and_stuffs_dots() {
        assert_eq!(encode_data(b""), b".\r\n");
        assert_eq!(encode_data(b"a"), b"a\r\n.\r\n");
        assert_eq!(encode_data(b"a\nb\rc\r\n"), b"a\r\nb\r\nc\r\n.\r\n");
        assert_eq!(encode_data(b".\n..x\r\n.y"), b"..\r\n...x\r\n..y\r\n.\r\n");
        assert_eq!(encode_data(b"a\r"), b"a\r\n.\r\n");
        assert_eq!(encode_data(b"a.b\r\n"), b"a.b\r\n.\r\n");
    }

    #[test]
    fn chunking_anywhere_gives_the_same_bytes() {
        let body = b"From: a@b\r\n\r\n.line\r\n\r.\n.\r\r\nend.";
        let whole = encode_data(body);
        for split in 0..=body.len() {
            let mut encoder = DataEncoder::new();
            let mut out = Vec::new();
            encoder.encode(&body[..split], &mut out);
            encoder.encode(&body[split..], &mut out);
            encoder.finish(&mut out);
            assert_eq!(out, whole, "split at {split}");
            assert_eq!(encoder.written(), whole.len() as u64);
        }
    }
}
