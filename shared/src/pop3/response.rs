//! POP3 server lines: status responses (RFC 1939 section 3), extended response codes (RFC 2449
//! section 8) and SASL continuations (RFC 5034 section 4).

use thiserror::Error;

/// `+OK` or `-ERR` (RFC 1939 section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `+OK`: positive.
    Ok,
    /// `-ERR`: negative.
    Err,
}

/// A status response: the indicator, an optional extended response code, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Positive or negative.
    pub status: Status,
    /// The RFC 2449 section 8 response code without brackets (`IN-USE`, `AUTH`, `SYS/TEMP`,
    /// `LOGIN-DELAY`, ...), if the text starts with one.
    pub code: Option<String>,
    /// The text after the indicator (and after the code), lossily decoded.
    pub text: String,
}

impl Response {
    /// Whether the response is `+OK`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}

impl std::fmt::Display for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_ok() { "+OK" } else { "-ERR" })?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if !self.text.is_empty() {
            write!(f, " {}", self.text)?;
        }
        Ok(())
    }
}

/// One line from the server outside a multi-line block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerLine {
    /// `+OK ...` or `-ERR ...`.
    Status(Response),
    /// `+ <base64>` during AUTH (RFC 5034 section 4); the payload, possibly empty.
    Continuation(String),
}

/// A line that is neither a status nor a continuation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the server sent a line that is not a POP3 response: {0:?}")]
pub struct MalformedLine(pub String);

/// Parses a server line (without its CRLF).
pub fn parse_line(line: &[u8]) -> Result<ServerLine, MalformedLine> {
    let text = String::from_utf8_lossy(line);
    // The indicators are ASCII, so byte offsets into `line` are offsets into `text` too.
    let (status, rest) = if line.len() >= 3 && line[..3].eq_ignore_ascii_case(b"+OK") {
        (Status::Ok, &text[3..])
    } else if line.len() >= 4 && line[..4].eq_ignore_ascii_case(b"-ERR") {
        (Status::Err, &text[4..])
    } else if let Some(payload) = text.strip_prefix('+') {
        // "+" alone or "+ payload" (RFC 5034 section 4).
        return match payload.strip_prefix(' ') {
            Some(payload) => Ok(ServerLine::Continuation(payload.trim().to_owned())),
            None if payload.is_empty() => Ok(ServerLine::Continuation(String::new())),
            None => Err(MalformedLine(crate::transcript::printable(line))),
        };
    } else {
        return Err(MalformedLine(crate::transcript::printable(line)));
    };
    // The indicator ends at a space or the end of the line ("+OKAY" is not "+OK").
    let rest = match rest.strip_prefix(' ') {
        Some(rest) => rest,
        None if rest.is_empty() => rest,
        None => return Err(MalformedLine(crate::transcript::printable(line))),
    };
    let (code, text) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((code, text)) if !code.is_empty() && !code.contains(' ') => {
            (Some(code.to_ascii_uppercase()), text.trim_start())
        }
        _ => (None, rest),
    };
    Ok(ServerLine::Status(Response { status, code, text: text.to_owned() }))
}

/// The APOP timestamp in a greeting (RFC 1939 section 7: a `msg-id` such as
/// `<1896.697170952@dbc.mtview.ca.us>`), if there is one.
pub fn apop_timestamp(greeting: &str) -> Option<String> {
    let start = greeting.find('<')?;
    let end = start + greeting[start..].find('>')?;
    let stamp = &greeting[start..=end];
    // Only printable ASCII without spaces, with an @: anything else is not an RFC 822 msg-id.
    let ok = stamp.len() > 2 && stamp.contains('@') && stamp.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| stamp.to_owned())
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parses_status_lines() {
        assert_eq!(
            parse_line(b"+OK 2 messages (320 octets)").unwrap(),
            ServerLine::Status(Response {
                status: Status::Ok,
                code: None,
                text: "2 messages (320 octets)".into()
            })
        );
        assert_eq!(
            parse_line(b"+OK").unwrap(),
            ServerLine::Status(Response { status: Status::Ok, code: None, text: String::new() })
        );
        assert_eq!(
            parse_line(b"-ERR [IN-USE] mailbox locked").unwrap(),
            ServerLine::Status(Response {
                status: Status::Err,
                code: Some("IN-USE".into()),
                text: "mailbox locked".into()
            })
        );
        assert_eq!(parse_line(b"+ PDQwMz4=").unwrap(), ServerLine::Continuation("PDQwMz4=".into()));
        assert_eq!(parse_line(b"+").unwrap(), ServerLine::Continuation(String::new()));
        assert_eq!(parse_line(b"+ ").unwrap(), ServerLine::Continuation(String::new()));
        for bad in [&b""[..], b"OK", b"+OKAY", b"-ERROR", b"+x", b"* OK"] {
            assert!(parse_line(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn finds_the_apop_timestamp() {
        assert_eq!(
            apop_timestamp("POP3 server ready <1896.697170952@dbc.mtview.ca.us>").as_deref(),
            Some("<1896.697170952@dbc.mtview.ca.us>")
        );
        assert_eq!(apop_timestamp("POP3 server ready"), None);
        assert_eq!(apop_timestamp("<no at sign>"), None);
    }
}
