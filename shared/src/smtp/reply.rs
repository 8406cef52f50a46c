//! SMTP replies (RFC 5321 section 4.2) and their bounded, incremental parser.

use std::fmt;

use thiserror::Error;

use super::EnhancedStatusCode;
use crate::line::{LineBuffer, LineError};

/// A complete reply: a three-digit code and one text per line (RFC 5321 section 4.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The reply code, 200..=599 (RFC 5321 section 4.2: first digit 2-5, second 0-5).
    pub code: u16,
    /// The text of every line after the code and its separator, decoded lossily as UTF-8 (RFC 6531
    /// section 3.7.4 lets an SMTPUTF8 server send UTF-8 here).
    pub lines: Vec<String>,
}

impl Reply {
    /// A reply with one line (for tests and for building replies).
    pub fn new(code: u16, text: impl Into<String>) -> Self {
        Self { code, lines: vec![text.into()] }
    }

    /// 2yz: positive completion (RFC 5321 section 4.2.1).
    pub fn is_positive(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// 3yz: positive intermediate (the server waits for more, e.g. 354 or 334).
    pub fn is_intermediate(&self) -> bool {
        (300..400).contains(&self.code)
    }

    /// 4yz: transient negative completion: trying again later may work.
    pub fn is_transient(&self) -> bool {
        (400..500).contains(&self.code)
    }

    /// 5yz: permanent negative completion: repeating the same command will not work.
    pub fn is_permanent(&self) -> bool {
        (500..600).contains(&self.code)
    }

    /// The enhanced status code at the start of the first line (RFC 2034 section 4, RFC 3463),
    /// if it is there and its class agrees with the reply code.
    pub fn enhanced(&self) -> Option<EnhancedStatusCode> {
        let (status, _) = EnhancedStatusCode::parse_prefix(self.lines.first()?)?;
        (u16::from(status.class) == self.code / 100).then_some(status)
    }

    /// The text of all lines joined with spaces, without the enhanced status code: what a person
    /// reads as the server's message.
    pub fn text(&self) -> String {
        let has_enhanced = self.enhanced().is_some();
        let mut parts = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            let text = match EnhancedStatusCode::parse_prefix(line) {
                Some((_, rest)) if has_enhanced => rest,
                _ => line.as_str(),
            };
            if !text.is_empty() {
                parts.push(text);
            }
        }
        parts.join(" ")
    }

    /// The reply as a server sends it, CRLF-terminated lines (used by the round-trip tests and
    /// the scripted peers).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let last = self.lines.len().saturating_sub(1);
        if self.lines.is_empty() {
            out.extend_from_slice(format!("{}\r\n", self.code).as_bytes());
        }
        for (i, line) in self.lines.iter().enumerate() {
            let sep = if i == last { ' ' } else { '-' };
            out.extend_from_slice(format!("{}{sep}{line}\r\n", self.code).as_bytes());
        }
        out
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        let text = self.lines.join(" ");
        if !text.is_empty() {
            write!(f, " {text}")?;
        }
        Ok(())
    }
}

/// Why the server's bytes are not a reply.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ReplyError {
    /// A line exceeded the limit.
    #[error(transparent)]
    Line(#[from] LineError),
    /// A line does not start with a valid reply code and separator.
    #[error("the server sent a line that is not an SMTP reply: {0:?}")]
    Malformed(String),
    /// The lines of one multi-line reply carry different codes (RFC 5321 section 4.2.1 requires
    /// the same code on every line).
    #[error("the server changed the reply code inside a multi-line reply ({first} then {then})")]
    InconsistentCode {
        /// The code of the first line.
        first: u16,
        /// The differing code.
        then: u16,
    },
    /// More continuation lines than the limit.
    #[error("the server sent a reply of more than {0} lines")]
    TooManyLines(usize),
}

/// Frames bytes into [`Reply`]s, keeping each line's raw text for the transcript.
#[derive(Debug, Clone)]
pub struct ReplyParser {
    lines: LineBuffer,
    max_lines: usize,
    code: Option<u16>,
    texts: Vec<String>,
    raw: Vec<String>,
}

impl ReplyParser {
    /// RFC 5321 section 4.5.3.1.5 allows 512 octets per reply line; real servers exceed it
    /// (long EHLO keyword lists, verbose rejections), so the default is more lenient.
    pub const DEFAULT_MAX_LINE: usize = 4096;
    /// Enough for any EHLO reply seen in practice, small enough to stop a flood.
    pub const DEFAULT_MAX_LINES: usize = 128;

    /// A parser with the default limits.
    pub fn new() -> Self {
        Self::with_limits(Self::DEFAULT_MAX_LINE, Self::DEFAULT_MAX_LINES)
    }

    /// A parser with explicit limits.
    pub fn with_limits(max_line: usize, max_lines: usize) -> Self {
        Self {
            lines: LineBuffer::new(max_line),
            max_lines: max_lines.max(1),
            code: None,
            texts: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.lines.push(bytes);
    }

    /// Received bytes not yet part of a returned reply (partial lines included).
    pub fn buffered(&self) -> usize {
        // Lines of a reply still in progress count too (plus their code and ending, at least 5
        // bytes each): they were received and are not part of a reply yet.
        self.lines.buffered() + self.texts.iter().map(|text| text.len() + 5).sum::<usize>()
    }

    /// The raw lines of the replies returned since the last call, printable, for the transcript.
    pub fn take_raw_lines(&mut self) -> Vec<String> {
        std::mem::take(&mut self.raw)
    }

    /// The next complete reply, `Ok(None)` if more bytes are needed. After an error the parser's
    /// state is unspecified: the session cannot go on.
    pub fn next_reply(&mut self) -> Result<Option<Reply>, ReplyError> {
        while let Some(line) = self.lines.next_line()? {
            let (code, last, text) = parse_line(&line)?;
            if let Some(first) = self.code
                && first != code
            {
                return Err(ReplyError::InconsistentCode { first, then: code });
            }
            self.code = Some(code);
            self.raw.push(crate::transcript::printable(&line));
            self.texts.push(text);
            if last {
                self.code = None;
                return Ok(Some(Reply { code, lines: std::mem::take(&mut self.texts) }));
            }
            if self.texts.len() >= self.max_lines {
                return Err(ReplyError::TooManyLines(self.max_lines));
            }
        }
        Ok(None)
    }
}

impl Default for ReplyParser {
    fn default() -> Self {
        Self::new()
    }
}

/// `Reply-code [ ( "-" / SP ) textstring ]` (RFC 5321 section 4.2). Returns the code, whether this
/// is the last line, and the text.
fn parse_line(line: &[u8]) -> Result<(u16, bool, String), ReplyError> {
    let malformed = || ReplyError::Malformed(crate::transcript::printable(line));
    let [a, b, c, rest @ ..] = line else { return Err(malformed()) };
    if !(b'2'..=b'5').contains(a) || !(b'0'..=b'5').contains(b) || !c.is_ascii_digit() {
        return Err(malformed());
    }
    let code = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
    let (last, text) = match rest {
        [] => (true, &[][..]),
        [b' ', text @ ..] => (true, text),
        [b'-', text @ ..] => (false, text),
        _ => return Err(malformed()),
    };
    Ok((code, last, String::from_utf8_lossy(text).into_owned()))
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parses_multi_line_replies() {
        let mut parser = ReplyParser::new();
        parser.push(b"250-mail.example\r\n250-SIZE 1000\r\n250 8BITMIME\r\n220 x\r\n");
        let reply = parser.next_reply().unwrap().unwrap();
        assert_eq!(reply.code, 250);
        assert_eq!(reply.lines, ["mail.example", "SIZE 1000", "8BITMIME"]);
        assert_eq!(parser.take_raw_lines(), ["250-mail.example", "250-SIZE 1000", "250 8BITMIME"]);
        assert_eq!(parser.next_reply().unwrap().unwrap(), Reply::new(220, "x"));
        assert_eq!(parser.next_reply().unwrap(), None);
    }

    #[test]
    fn accepts_a_bare_code() {
        let mut parser = ReplyParser::new();
        parser.push(b"250\r\n");
        assert_eq!(parser.next_reply().unwrap().unwrap(), Reply { code: 250, lines: vec![String::new()] });
    }

    #[test]
    fn refuses_garbage_and_mixed_codes() {
        for bad in [&b"hello\r\n"[..], b"2500 x\r\n", b"600 x\r\n", b"260 x\r\n", b"25\r\n", b"250_x\r\n"] {
            let mut parser = ReplyParser::new();
            parser.push(bad);
            assert!(matches!(parser.next_reply(), Err(ReplyError::Malformed(_))), "{bad:?}");
        }
        let mut parser = ReplyParser::new();
        parser.push(b"250-a\r\n550 b\r\n");
        assert_eq!(parser.next_reply(), Err(ReplyError::InconsistentCode { first: 250, then: 550 }));
    }

    #[test]
    fn limits_the_number_of_lines() {
        let mut parser = ReplyParser::with_limits(100, 3);
        parser.push(b"250-a\r\n250-b\r\n250-c\r\n250-d\r\n");
        assert_eq!(parser.next_reply(), Err(ReplyError::TooManyLines(3)));
    }

    #[test]
    fn enhanced_code_and_text() {
        let reply = Reply { code: 550, lines: vec!["5.1.1 <x@y>: Recipient address rejected".into()] };
        assert_eq!(reply.enhanced().unwrap().to_string(), "5.1.1");
        assert_eq!(reply.text(), "<x@y>: Recipient address rejected");
        // A class that disagrees with the code is not an enhanced code.
        assert_eq!(Reply::new(250, "5.1.1 odd").enhanced(), None);
    }
}
