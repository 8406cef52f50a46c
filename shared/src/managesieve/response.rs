//! ManageSieve's server side of the grammar (RFC 5804 section 4): lines of atoms, quoted strings
//! and literals, with a response code in parentheses; and the cutting of received bytes into such
//! lines within limits (ARCHITECTURE.md, *Framing has limits*).

use std::fmt;

/// One item of a server line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `OK`, `ACTIVE`.
    Atom(String),
    /// A quoted string or a literal, as bytes.
    String(Vec<u8>),
    /// `(QUOTA/MAXSIZE)` or `(SASL "…")`: the code's name and its string, if any.
    Code(String, Option<String>),
}

/// How a command ended (RFC 5804 section 1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `OK`.
    Ok,
    /// `NO`: the command failed.
    No,
    /// `BYE`: the server closes the connection.
    Bye,
}

/// An `OK`, `NO` or `BYE` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Which.
    pub status: Status,
    /// The response code, uppercase (`QUOTA/MAXSCRIPTS`, `NONEXISTENT`, `WARNINGS`), with its
    /// string.
    pub code: Option<(String, Option<String>)>,
    /// The human-readable text, if the server sent one.
    pub text: Option<String>,
}

impl Response {
    /// The line as one, if it is a response.
    pub fn of(tokens: &[Token]) -> Option<Response> {
        let (Token::Atom(first), rest) = tokens.split_first()? else { return None };
        let status = match first.to_ascii_uppercase().as_str() {
            "OK" => Status::Ok,
            "NO" => Status::No,
            "BYE" => Status::Bye,
            _ => return None,
        };
        let (code, rest) = match rest.split_first() {
            Some((Token::Code(name, argument), rest)) => {
                (Some((name.to_ascii_uppercase(), argument.clone())), rest)
            }
            _ => (None, rest),
        };
        let text = match rest {
            [] => None,
            [Token::String(text)] => Some(String::from_utf8_lossy(text).into_owned()),
            _ => return None,
        };
        Some(Response { status, code, text })
    }

    /// The code's name, if there is one.
    pub fn code_name(&self) -> Option<&str> {
        self.code.as_ref().map(|(name, _)| name.as_str())
    }
}

impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.status {
            Status::Ok => "OK",
            Status::No => "NO",
            Status::Bye => "BYE",
        })?;
        if let Some((name, _)) = &self.code {
            write!(f, " ({name})")?;
        }
        if let Some(text) = &self.text {
            write!(f, " {}", crate::transcript::printable(text.as_bytes()))?;
        }
        Ok(())
    }
}

/// Why received bytes are not a ManageSieve line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// A line (without its literals) longer than the limit.
    #[error("a line longer than {0} bytes")]
    LineTooLong(usize),
    /// A literal longer than the limit.
    #[error("a literal of {0} bytes, over the limit")]
    LiteralTooLarge(u64),
    /// Something the grammar does not allow.
    #[error("{0}")]
    Malformed(&'static str),
}

/// One line's tokens and the bytes it took, `None` if more bytes are needed.
pub fn next_line(
    buf: &[u8],
    max_line: usize,
    max_literal: usize,
) -> Result<Option<(Vec<Token>, usize)>, FrameError> {
    let mut tokens = Vec::new();
    let mut at = 0;
    // Bytes of the line outside literals, for the limit.
    let mut line_start = 0;
    let need_more = |at: usize, line_start: usize| {
        if buf.len().saturating_sub(line_start) > max_line && at >= line_start {
            Err(FrameError::LineTooLong(max_line))
        } else {
            Ok(None)
        }
    };
    loop {
        let Some(&byte) = buf.get(at) else { return need_more(at, line_start) };
        match byte {
            b' ' => at += 1,
            b'\r' => match buf.get(at + 1) {
                None => return need_more(at, line_start),
                Some(b'\n') => return Ok(Some((tokens, at + 2))),
                Some(_) => return Err(FrameError::Malformed("a CR without LF")),
            },
            b'"' => match quoted(&buf[at + 1..])? {
                None => return need_more(at, line_start),
                Some((value, used)) => {
                    tokens.push(Token::String(value));
                    at += 1 + used;
                }
            },
            b'{' => {
                let Some(close) = buf[at..].iter().position(|&b| b == b'}') else {
                    return need_more(at, line_start);
                };
                let digits = std::str::from_utf8(&buf[at + 1..at + close]).unwrap_or("");
                let digits = digits.strip_suffix('+').unwrap_or(digits);
                let len: u64 = digits.parse().map_err(|_| FrameError::Malformed("a literal's length"))?;
                if len > max_literal as u64 {
                    return Err(FrameError::LiteralTooLarge(len));
                }
                let body = at + close + 3;
                match buf.get(at + close + 1..body) {
                    None => return Ok(None),
                    Some(b"\r\n") => {}
                    Some(_) => return Err(FrameError::Malformed("a literal's length not followed by CRLF")),
                }
                let end = body + len as usize;
                let Some(value) = buf.get(body..end) else { return Ok(None) };
                tokens.push(Token::String(value.to_vec()));
                at = end;
                line_start = end;
            }
            b'(' => {
                let Some(close) = buf[at..].iter().position(|&b| b == b')') else {
                    return need_more(at, line_start);
                };
                let inner = &buf[at + 1..at + close];
                let (name, argument) = match inner.iter().position(|&b| b == b' ') {
                    Some(space) => (&inner[..space], Some(&inner[space + 1..])),
                    None => (inner, None),
                };
                let argument = match argument {
                    Some([b'"', rest @ ..]) => match quoted(rest)? {
                        Some((value, used)) if used == rest.len() => {
                            Some(String::from_utf8_lossy(&value).into_owned())
                        }
                        _ => return Err(FrameError::Malformed("a response code's string")),
                    },
                    Some(other) => Some(String::from_utf8_lossy(other).into_owned()),
                    None => None,
                };
                if name.is_empty() {
                    return Err(FrameError::Malformed("an empty response code"));
                }
                tokens.push(Token::Code(String::from_utf8_lossy(name).into_owned(), argument));
                at += close + 1;
            }
            _ => {
                let len = buf[at..].iter().position(|b| b" \r\n(){\"".contains(b)).unwrap_or(buf.len() - at);
                if at + len == buf.len() {
                    return need_more(at, line_start);
                }
                if len == 0 {
                    return Err(FrameError::Malformed("a line feed without CR"));
                }
                tokens.push(Token::Atom(String::from_utf8_lossy(&buf[at..at + len]).into_owned()));
                at += len;
            }
        }
    }
}

/// A quoted string's value and the bytes it took (closing quote included), from after the
/// opening quote; `None` if it does not end yet. `\\` and `\"` are its only escapes.
fn quoted(buf: &[u8]) -> Result<Option<(Vec<u8>, usize)>, FrameError> {
    let mut value = Vec::new();
    let mut at = 0;
    while let Some(&b) = buf.get(at) {
        match b {
            b'"' => return Ok(Some((value, at + 1))),
            b'\\' => match buf.get(at + 1) {
                Some(&e @ (b'\\' | b'"')) => {
                    value.push(e);
                    at += 2;
                }
                Some(_) => {
                    return Err(FrameError::Malformed("an escape other than \\\\ or \\\" in a string"));
                }
                None => return Ok(None),
            },
            b'\r' | b'\n' => return Err(FrameError::Malformed("a line end inside a quoted string")),
            _ => {
                value.push(b);
                at += 1;
            }
        }
    }
    Ok(None)
}

/// `value` as a quoted string if it fits one, else as a non-synchronising literal (RFC 5804
/// section 4: `{n+}`), which the server takes without a continuation.
pub fn string(value: &str) -> Vec<u8> {
    if value.len() < 1024 && !value.contains(['\r', '\n', '\0']) {
        let mut out = Vec::with_capacity(value.len() + 2);
        out.push(b'"');
        for b in value.bytes() {
            if b == b'"' || b == b'\\' {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b'"');
        out
    } else {
        let mut out = format!("{{{}+}}\r\n", value.len()).into_bytes();
        out.extend_from_slice(value.as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(bytes: &[u8]) -> Vec<Token> {
        let (tokens, used) = next_line(bytes, 100, 1000).unwrap().unwrap();
        assert_eq!(used, bytes.len());
        tokens
    }

    #[test]
    fn the_rfc_5804_lines_read() {
        // Section 1.7's capability response and section 2.7's LISTSCRIPTS answer.
        assert_eq!(
            line(b"\"SASL\" \"PLAIN SCRAM-SHA-1\"\r\n"),
            vec![Token::String(b"SASL".to_vec()), Token::String(b"PLAIN SCRAM-SHA-1".to_vec())]
        );
        assert_eq!(line(b"\"summer_script\" ACTIVE\r\n")[1], Token::Atom("ACTIVE".into()));
        let no = Response::of(&line(b"NO (QUOTA/MAXSIZE) \"Quota exceeded\"\r\n")).unwrap();
        assert_eq!(no.status, Status::No);
        assert_eq!(no.code_name(), Some("QUOTA/MAXSIZE"));
        assert_eq!(no.text.as_deref(), Some("Quota exceeded"));
        let ok = Response::of(&line(b"OK (SASL \"dj1xYz0=\")\r\n")).unwrap();
        assert_eq!(ok.code, Some(("SASL".into(), Some("dj1xYz0=".into()))));
        let script = line(b"{12}\r\nkeep;\r\nstop;\r\n");
        assert_eq!(script, vec![Token::String(b"keep;\r\nstop;".to_vec())]);
        assert_eq!(line(b"\"a\\\"b\\\\\"\r\n"), vec![Token::String(b"a\"b\\".to_vec())]);
    }

    #[test]
    fn partial_input_waits_and_limits_hold() {
        for cut in [b"OK".as_slice(), b"\"SASL", b"{12}\r\nkeep", b"{12}", b"OK (SASL", b"OK\r"] {
            assert_eq!(next_line(cut, 100, 1000), Ok(None), "{cut:?}");
        }
        assert_eq!(next_line(&[b'x'; 200], 100, 1000), Err(FrameError::LineTooLong(100)));
        assert_eq!(next_line(b"{5000}\r\n", 100, 1000), Err(FrameError::LiteralTooLarge(5000)));
        // A literal may be longer than a line.
        let mut big = b"{500}\r\n".to_vec();
        big.extend([b'a'; 500]);
        big.extend(b"\r\n");
        assert_eq!(line(&big), vec![Token::String(vec![b'a'; 500])]);
        assert!(next_line(b"\"a\nb\"\r\n", 100, 1000).is_err());
        assert!(next_line(b"OK\rX", 100, 1000).is_err());
        assert!(next_line(b"{x}\r\n", 100, 1000).is_err());
    }

    #[test]
    fn strings_go_quoted_or_as_literals() {
        assert_eq!(string("a\"b"), b"\"a\\\"b\"");
        assert_eq!(string("keep;\r\n"), b"{7+}\r\nkeep;\r\n");
    }
}
