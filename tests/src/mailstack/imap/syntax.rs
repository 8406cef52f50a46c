//! Just enough IMAP response syntax (RFC 3501 section 9) to check a mailbox from the outside.
//!
//! This is deliberately separate from posthorn-proto: the harness must not trust the code it tests.
//! It frames responses (lines plus the literals they announce), splits status responses from data,
//! and tokenizes data into [`Value`]s. It is lenient where Dovecot's output is unambiguous and strict
//! where a mistake would hide a bug (a truncated literal is an error, never a short message).

use std::fmt;
use std::io::{self, Read};

/// Longest response line accepted; a longer one means the server (or the framing) went wrong.
pub(crate) const MAX_LINE: usize = 1 << 20;
/// Largest literal accepted: far above any test message, small enough to stop a runaway allocation.
pub(crate) const MAX_LITERAL: u64 = 64 << 20;

/// One IMAP data item (RFC 3501 section 4): an atom, a string (quoted or literal) or a list.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// An atom, number, flag (`\Seen`) or section name (`BODY[]`), or `NIL`.
    Atom(Vec<u8>),
    /// A quoted string or a literal, unescaped.
    String(Vec<u8>),
    /// A parenthesized list.
    List(Vec<Value>),
}

impl Value {
    /// The atom's text if this is an atom that is valid UTF-8.
    pub fn as_atom(&self) -> Option<&str> {
        match self {
            Value::Atom(bytes) => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }

    /// The bytes of an atom or a string (mailbox names arrive as either).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Atom(bytes) | Value::String(bytes) => Some(bytes),
            Value::List(_) => None,
        }
    }

    /// Whether this is the atom `NIL`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Atom(bytes) if bytes.eq_ignore_ascii_case(b"NIL"))
    }
}

impl fmt::Debug for Value {
    // Lossy on purpose: this is for error messages, and raw bytes in them are unreadable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Atom(bytes) => write!(f, "{}", String::from_utf8_lossy(bytes)),
            Value::String(bytes) if bytes.len() > 80 => write!(f, "{{{} bytes}}", bytes.len()),
            Value::String(bytes) => write!(f, "{:?}", String::from_utf8_lossy(bytes)),
            Value::List(items) => f.debug_list().entries(items).finish(),
        }
    }
}

/// The status of a status response (RFC 3501 section 7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `OK`
    Ok,
    /// `NO`
    No,
    /// `BAD`
    Bad,
    /// `PREAUTH`
    Preauth,
    /// `BYE`
    Bye,
}

impl Status {
    fn parse(word: &[u8]) -> Option<Status> {
        Some(match word.to_ascii_uppercase().as_slice() {
            b"OK" => Status::Ok,
            b"NO" => Status::No,
            b"BAD" => Status::Bad,
            b"PREAUTH" => Status::Preauth,
            b"BYE" => Status::Bye,
            _ => return None,
        })
    }
}

/// One framed server response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// A status response, tagged (`tag` is `Some`) or untagged.
    Status {
        /// The command tag, `None` for `*`.
        tag: Option<String>,
        /// OK, NO, BAD, PREAUTH or BYE.
        status: Status,
        /// The response code between brackets, without them (`APPENDUID 17 4`).
        code: Option<String>,
        /// The human-readable text.
        text: String,
    },
    /// A command continuation request (`+ ...`).
    Continuation(String),
    /// Untagged data (`* 3 EXISTS`, `* LIST ...`, `* 1 FETCH (...)`), tokenized.
    Data(Vec<Value>),
}

/// Reads one response from `input`: a line, plus every literal it announces and the line after it.
///
/// `input` should be buffered; this reads byte by byte up to each line end.
pub(crate) fn read_response(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut response = Vec::new();
    let mut first = true;
    loop {
        let line_start = response.len();
        read_line(input, &mut response)?;
        let line = &response[line_start..];
        // Status responses and continuations carry free text, which may end in anything; only
        // data responses carry literals, so "{5}" at the end of a status text is not one.
        if first && !may_carry_literals(line) {
            return Ok(response);
        }
        first = false;
        match literal_length(line) {
            Some(length) if length > MAX_LITERAL => {
                return Err(invalid(format!("server announced a literal of {length} bytes")));
            }
            Some(length) => {
                // `take` grows the buffer as bytes arrive instead of trusting the announced size.
                let before = response.len();
                input.take(length).read_to_end(&mut response)?;
                if (response.len() - before) as u64 != length {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "connection closed inside a literal",
                    ));
                }
            }
            None => return Ok(response),
        }
    }
}

fn read_line(input: &mut impl Read, out: &mut Vec<u8>) -> io::Result<()> {
    let start = out.len();
    let mut byte = [0u8; 1];
    loop {
        if input.read(&mut byte)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "server closed the connection"));
        }
        out.push(byte[0]);
        if byte[0] == b'\n' {
            return Ok(());
        }
        if out.len() - start > MAX_LINE {
            return Err(invalid(format!("response line longer than {MAX_LINE} bytes")));
        }
    }
}

fn may_carry_literals(line: &[u8]) -> bool {
    let mut words = line.splitn(3, |&b| b == b' ');
    let tag = words.next().unwrap_or_default();
    if tag == b"+" || tag.starts_with(b"+\r") {
        return false;
    }
    let second = words.next().unwrap_or_default();
    let second = second.strip_suffix(b"\r\n").unwrap_or(second);
    Status::parse(second).is_none()
}

/// The length of the literal announced at the end of `line` (`{12}`, `{12+}` or `~{12}`).
fn literal_length(line: &[u8]) -> Option<u64> {
    let line = line.strip_suffix(b"\r\n").or_else(|| line.strip_suffix(b"\n"))?;
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let digits = &inner[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Splits a framed response into a [`Response`].
pub(crate) fn parse_response(raw: &[u8]) -> io::Result<Response> {
    let line = raw.strip_suffix(b"\r\n").or_else(|| raw.strip_suffix(b"\n")).unwrap_or(raw);
    let (tag, rest) = split_word(line);
    if tag == b"+" {
        return Ok(Response::Continuation(String::from_utf8_lossy(rest).into_owned()));
    }
    if tag.is_empty() {
        return Err(invalid(format!("response without a tag: {}", excerpt(raw))));
    }
    let (word, after) = split_word(rest);
    if let Some(status) = Status::parse(word) {
        let (code, text) = split_code(after);
        return Ok(Response::Status {
            tag: (tag != b"*").then(|| String::from_utf8_lossy(tag).into_owned()),
            status,
            code,
            text: String::from_utf8_lossy(text).into_owned(),
        });
    }
    if tag != b"*" {
        return Err(invalid(format!("tagged response without a status: {}", excerpt(raw))));
    }
    let mut tokenizer = Tokenizer { input: rest, pos: 0 };
    let values = tokenizer.values_until_end().map_err(|why| invalid(format!("{why}: {}", excerpt(raw))))?;
    Ok(Response::Data(values))
}

fn split_word(input: &[u8]) -> (&[u8], &[u8]) {
    match input.iter().position(|&b| b == b' ') {
        Some(space) => (&input[..space], &input[space + 1..]),
        None => (input, &[]),
    }
}

fn split_code(text: &[u8]) -> (Option<String>, &[u8]) {
    let Some(inner) = text.strip_prefix(b"[") else {
        return (None, text);
    };
    match inner.iter().position(|&b| b == b']') {
        Some(close) => {
            let rest = &inner[close + 1..];
            let rest = rest.strip_prefix(b" ").unwrap_or(rest);
            (Some(String::from_utf8_lossy(&inner[..close]).into_owned()), rest)
        }
        None => (None, text),
    }
}

/// A short, printable piece of a response for error messages.
pub(crate) fn excerpt(raw: &[u8]) -> String {
    let cut = &raw[..raw.len().min(200)];
    let mut text = String::from_utf8_lossy(cut).trim_end().to_owned();
    if raw.len() > cut.len() {
        text.push_str(" ...");
    }
    text
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

struct Tokenizer<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Tokenizer<'_> {
    fn values_until_end(&mut self) -> Result<Vec<Value>, String> {
        let mut values = Vec::new();
        loop {
            self.skip_spaces();
            if self.pos >= self.input.len() {
                return Ok(values);
            }
            values.push(self.value(0)?);
        }
    }

    fn skip_spaces(&mut self) {
        while self.input.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        // Dovecot nests a handful of levels (BODYSTRUCTURE); a deep nest is garbage, not data.
        if depth > 64 {
            return Err("lists nested too deeply".into());
        }
        match self.input.get(self.pos) {
            None => Err("response ended where a value was expected".into()),
            Some(b'(') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_spaces();
                    match self.input.get(self.pos) {
                        None => return Err("unclosed list".into()),
                        Some(b')') => {
                            self.pos += 1;
                            return Ok(Value::List(items));
                        }
                        Some(_) => items.push(self.value(depth + 1)?),
                    }
                }
            }
            Some(b'"') => self.quoted(),
            Some(b'{') => self.literal(),
            Some(b'~') if self.input.get(self.pos + 1) == Some(&b'{') => {
                self.pos += 1;
                self.literal()
            }
            Some(b')') => Err("unexpected ')'".into()),
            Some(_) => self.atom(),
        }
    }

    fn quoted(&mut self) -> Result<Value, String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.input.get(self.pos) {
                None | Some(b'\r') | Some(b'\n') => return Err("unterminated quoted string".into()),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Value::String(out));
                }
                Some(b'\\') => {
                    let escaped = self.input.get(self.pos + 1).ok_or("unterminated quoted string")?;
                    out.push(*escaped);
                    self.pos += 2;
                }
                Some(&byte) => {
                    out.push(byte);
                    self.pos += 1;
                }
            }
        }
    }

    fn literal(&mut self) -> Result<Value, String> {
        let rest = &self.input[self.pos..];
        let close = rest.iter().position(|&b| b == b'}').ok_or("unterminated literal length")?;
        let digits = &rest[1..close];
        let digits = digits.strip_suffix(b"+").unwrap_or(digits);
        let length: usize = std::str::from_utf8(digits)
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or("literal length is not a number")?;
        let after = &rest[close + 1..];
        let data_start = if after.starts_with(b"\r\n") {
            close + 3
        } else if after.starts_with(b"\n") {
            close + 2
        } else {
            return Err("literal length not followed by a line end".into());
        };
        let data = rest.get(data_start..data_start + length).ok_or("literal shorter than announced")?;
        self.pos += data_start + length;
        Ok(Value::String(data.to_vec()))
    }

    fn atom(&mut self) -> Result<Value, String> {
        let start = self.pos;
        let mut in_section = false;
        while let Some(&byte) = self.input.get(self.pos) {
            match byte {
                // `BODY[HEADER.FIELDS (SUBJECT)]` is one item: spaces and parens inside brackets belong to it.
                b'[' => in_section = true,
                b']' => in_section = false,
                b' ' | b'(' | b')' if !in_section => break,
                b'\r' | b'\n' => break,
                _ => {}
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(format!("unexpected byte {:?}", self.input[start] as char));
        }
        Ok(Value::Atom(self.input[start..self.pos].to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(bytes: &[u8]) -> Vec<u8> {
        read_response(&mut io::Cursor::new(bytes.to_vec())).expect("frames")
    }

    #[test]
    fn frames_a_fetch_with_a_literal_containing_crlf_and_parens() {
        let wire = b"* 1 FETCH (UID 7 BODY[] {10}\r\na)\r\n{3}\r\nb FLAGS (\\Seen))\r\n* 2 EXISTS\r\n";
        let first = framed(wire);
        assert_eq!(first.len(), wire.len() - b"* 2 EXISTS\r\n".len());
        let Response::Data(values) = parse_response(&first).expect("parses") else { panic!("not data") };
        assert_eq!(values[0], Value::Atom(b"1".to_vec()));
        let Value::List(items) = &values[2] else { panic!("no list") };
        assert_eq!(items[3], Value::String(b"a)\r\n{3}\r\nb".to_vec()));
        assert_eq!(items[5], Value::List(vec![Value::Atom(b"\\Seen".to_vec())]));
    }

    #[test]
    fn status_text_ending_in_braces_is_not_a_literal() {
        let wire = b"a1 NO [TRYCREATE] no such mailbox {5}\r\nnext";
        assert_eq!(framed(wire), b"a1 NO [TRYCREATE] no such mailbox {5}\r\n");
        let parsed = parse_response(&framed(wire)).expect("parses");
        assert_eq!(
            parsed,
            Response::Status {
                tag: Some("a1".into()),
                status: Status::No,
                code: Some("TRYCREATE".into()),
                text: "no such mailbox {5}".into()
            }
        );
    }

    #[test]
    fn truncated_literal_is_an_error() {
        let err = read_response(&mut io::Cursor::new(b"* 1 FETCH (BODY[] {10}\r\nabc".to_vec()));
        assert_eq!(err.expect_err("truncated").kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn huge_announced_literal_is_refused_before_reading() {
        let err = read_response(&mut io::Cursor::new(b"* 1 FETCH (BODY[] {99999999999}\r\n".to_vec()));
        assert_eq!(err.expect_err("too big").kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn list_with_quoted_delimiter_and_section_atom() {
        let raw = framed(b"* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent \\\"x\\\"\"\r\n");
        let Response::Data(values) = parse_response(&raw).expect("parses") else { panic!("not data") };
        assert_eq!(values[2], Value::String(b"/".to_vec()));
        assert_eq!(values[3], Value::String(b"Sent \"x\"".to_vec()));
        let raw = framed(b"* 3 FETCH (BODY[HEADER.FIELDS (SUBJECT)] NIL)\r\n");
        let Response::Data(values) = parse_response(&raw).expect("parses") else { panic!("not data") };
        let Value::List(items) = &values[2] else { panic!("no list") };
        assert_eq!(items[0].as_atom(), Some("BODY[HEADER.FIELDS (SUBJECT)]"));
        assert!(items[1].is_nil());
    }

    #[test]
    fn garbage_never_panics() {
        for input in [&b"*"[..], b"* (", b"* )", b"* \"abc", b"* {x}\r\n", b"* {5}\r\nab", b"+", b"\r\n"] {
            let _ = parse_response(input);
        }
    }
}
