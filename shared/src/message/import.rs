//! A message file to add to a folder: an `.eml` as mail programs save one (a message in the
//! Internet Message Format, RFC 5322, media type `message/rfc822`, RFC 2046 section 5.2.1).
//! Checked to be a message, its line ends made CRLF as APPEND carries a message (RFC 3501
//! section 6.3.11, RFC 5322 section 2.1), a leading mbox `From ` separator line dropped, and its
//! Date kept for the internal date (RFC 3501 section 2.3.3), so that the folder sorts it by when
//! it was sent rather than when it was added.

use crate::imap::Timestamp;

/// A message ready for APPEND.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Importable {
    /// The message, every line ending in CRLF.
    pub message: Vec<u8>,
    /// Its Date, where it has a real one.
    pub date: Option<Timestamp>,
}

/// Why a file is not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportProblem {
    /// The file holds nothing.
    Empty,
    /// The file does not start with a message's header fields (RFC 5322 section 2.2).
    NotAMessage,
    /// The file holds a NUL byte, which a message in a literal may not (RFC 3501 section 4.3).
    NulByte,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ImportProblem::Empty => "the file is empty",
            ImportProblem::NotAMessage => "the file is not a message",
            ImportProblem::NulByte => "the file holds a NUL byte",
        })
    }
}

/// The header fields that show a file is a message: one of them must be in its header section.
const MESSAGE_FIELDS: [&str; 7] = ["from", "date", "subject", "message-id", "to", "received", "return-path"];

/// Reads `raw` as a message file for APPEND.
pub fn import(raw: &[u8]) -> Result<Importable, ImportProblem> {
    let raw = without_mbox_separator(raw);
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportProblem::Empty);
    }
    if raw.contains(&0) {
        return Err(ImportProblem::NulByte);
    }
    if !starts_with_header_fields(raw) {
        return Err(ImportProblem::NotAMessage);
    }
    let message = crlf(raw);
    let date = mail_parser::MessageParser::new()
        .parse_headers(&message)
        .and_then(|m| m.date().filter(|d| d.is_valid()).cloned())
        .map(|d| {
            let minutes = i32::from(d.tz_hour) * 60 + i32::from(d.tz_minute);
            Timestamp {
                unix: d.to_timestamp(),
                offset_minutes: if d.tz_before_gmt { -minutes } else { minutes },
            }
        });
    Ok(Importable { message, date })
}

/// `raw` without a first line `From sender date` (an mbox separator, which some programs leave
/// at the top of a message they save; it has no colon after its first word).
fn without_mbox_separator(raw: &[u8]) -> &[u8] {
    if raw.starts_with(b"From ") {
        let end = raw.iter().position(|&b| b == b'\n').map_or(raw.len(), |i| i + 1);
        &raw[end..]
    } else {
        raw
    }
}

/// Whether the header section (up to the first empty line) is made of header fields (a name of
/// printable characters but the colon, then a colon, RFC 5322 section 2.2) and their folded
/// continuation lines, with at least one field every message has.
fn starts_with_header_fields(raw: &[u8]) -> bool {
    let mut known = false;
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return known;
        }
        if i > 0 && matches!(line[0], b' ' | b'\t') {
            continue;
        }
        let Some(name) = field_name(line) else { return false };
        known |= MESSAGE_FIELDS.iter().any(|f| name.eq_ignore_ascii_case(f.as_bytes()));
    }
    known
}

/// The name of the header field `line` begins: printable characters but the colon, then a colon
/// (RFC 5322 section 2.2).
pub(crate) fn field_name(line: &[u8]) -> Option<&[u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    (!name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b))).then_some(name)
}

/// `raw` with every bare LF (and bare CR) made CRLF.
fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    let mut bytes = raw.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                if bytes.peek() == Some(&b'\n') {
                    bytes.next();
                }
            }
            b'\n' => out.extend_from_slice(b"\r\n"),
            _ => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVED: &[u8] = b"From: Ada <ada@example.org>\nTo: bob@example.org\nSubject: Notes\n\
        Date: Mon, 23 Nov 2026 10:00:00 +0100\nMessage-ID: <notes@example.org>\n\nLine one.\nLine two.\n";

    #[test]
    fn a_saved_message_gets_crlf_and_its_date_with_the_senders_offset() {
        let imported = import(SAVED).unwrap();
        assert!(imported.message.starts_with(b"From: Ada <ada@example.org>\r\nTo:"));
        assert!(imported.message.ends_with(b"\r\n\r\nLine one.\r\nLine two.\r\n"));
        assert!(!imported.message.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
        // 2026-11-23 09:00:00 UTC.
        assert_eq!(imported.date, Some(Timestamp { unix: 1_795_424_400, offset_minutes: 60 }));
    }

    #[test]
    fn crlf_and_folded_fields_stay_as_they_are() {
        let raw = b"Subject: a long\r\n subject\r\nFrom: a@example.org\r\n\r\nBody\r\n";
        assert_eq!(import(raw).unwrap().message, raw.to_vec());
        let west = b"Date: Tue, 1 Dec 2026 08:30:00 -0500\r\n\r\n";
        assert_eq!(import(west).unwrap().date.map(|d| d.offset_minutes), Some(-300));
    }

    #[test]
    fn an_mbox_separator_line_is_dropped() {
        let raw = [b"From ada@example.org Mon Nov 23 10:00:00 2026\n".as_slice(), SAVED].concat();
        assert_eq!(import(&raw).unwrap().message, import(SAVED).unwrap().message);
    }

    #[test]
    fn a_message_without_a_real_date_is_added_without_one() {
        let raw = b"From: a@example.org\r\nDate: someday\r\n\r\nHi\r\n";
        assert_eq!(import(raw).unwrap().date, None);
    }

    #[test]
    fn files_that_are_not_messages_are_named_as_such() {
        assert_eq!(import(b""), Err(ImportProblem::Empty));
        assert_eq!(import(b" \r\n\n"), Err(ImportProblem::Empty));
        assert_eq!(import(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Err(ImportProblem::NotAMessage));
        assert_eq!(import(b"Hello Bob,\n\nsee you.\n"), Err(ImportProblem::NotAMessage));
        assert_eq!(import(b"name,email\nAda,ada@example.org\n"), Err(ImportProblem::NotAMessage));
        // Header-like, but no field a message has.
        assert_eq!(import(b"key: value\nother: thing\n"), Err(ImportProblem::NotAMessage));
        assert_eq!(import(b"From: a@example.org\r\n\r\n\0"), Err(ImportProblem::NulByte));
    }
}
