//! Status responses whose human-readable text is UTF-8. RFC 3501's `text` is ASCII, and so is
//! what imap-codec reads; IMAP4rev2 (RFC 9051 section 9, `text`) allows UTF-8 there, and servers
//! with UTF8=ACCEPT enabled (RFC 6855) send it: Courier answers `CREATE "INBOX.Reisen – Köln"`
//! with `a1 OK "INBOX.Reisen – Köln" created.`. Only the text is read leniently; a data response
//! with such bytes is still refused by the parser.

/// `line` with every byte above 0x7F of a status response's text turned into `?` (the same
/// length, so the text's place is the same in both), or `None` if it is no status response with
/// such bytes: `<tag> OK|NO|BAD ...` or `* OK|NO|BAD|BYE|PREAUTH ...`, one line without literals.
pub(crate) fn ascii_status(line: &[u8]) -> Option<Vec<u8>> {
    if !line.iter().any(|b| *b >= 0x80) || !line.ends_with(b"\r\n") {
        return None;
    }
    let body = &line[..line.len() - 2];
    if body.contains(&b'\r') || body.contains(&b'\n') {
        return None;
    }
    let mut words = body.splitn(3, |b| *b == b' ');
    let tag = words.next()?;
    let kind = words.next()?.to_ascii_uppercase();
    let tagged_kind = matches!(kind.as_slice(), b"OK" | b"NO" | b"BAD");
    let untagged_kind = tagged_kind || matches!(kind.as_slice(), b"BYE" | b"PREAUTH");
    let status =
        if tag == b"*" { untagged_kind } else { tagged_kind && tag.iter().all(u8::is_ascii_graphic) };
    status.then(|| line.iter().map(|b| if *b >= 0x80 { b'?' } else { *b }).collect())
}

/// The text as the server sent it: `parsed` (the text read from the `?` form made by
/// [`ascii_status`]) found at the end of that form, and the same bytes taken from `line`.
pub(crate) fn original_text(line: &[u8], ascii: &[u8], parsed: &str) -> String {
    let end = ascii.len().saturating_sub(2);
    match ascii[..end].ends_with(parsed.as_bytes()) {
        true => String::from_utf8_lossy(&line[end - parsed.len()..end]).into_owned(),
        false => parsed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_status_responses_are_made_ascii() {
        let line = "a78 OK \"INBOX.Reisen – Köln\" created.\r\n".as_bytes();
        let ascii = ascii_status(line).expect("a tagged OK");
        assert_eq!(ascii.len(), line.len());
        assert!(ascii.is_ascii());
        assert!(ascii_status("* BYE Tschüss\r\n".as_bytes()).is_some());
        assert!(ascii_status(b"a1 OK plain ASCII\r\n").is_none());
        assert!(ascii_status("* LIST () \"/\" \"Köln\"\r\n".as_bytes()).is_none(), "data stays strict");
        assert!(ascii_status("* 3 FETCH (FLAGS (Köln))\r\n".as_bytes()).is_none());
        assert!(ascii_status("a1 OK {3}\r\nKöln\r\n".as_bytes()).is_none(), "one line only");
    }

    #[test]
    fn the_text_comes_back_as_sent() {
        let line = "a78 OK \"INBOX.Reisen – Köln\" created.\r\n".as_bytes();
        let ascii = ascii_status(line).unwrap();
        let parsed = "\"INBOX.Reisen ??? K??ln\" created.";
        assert_eq!(original_text(line, &ascii, parsed), "\"INBOX.Reisen – Köln\" created.");
        assert_eq!(original_text(line, &ascii, "not at the end"), "not at the end");
    }
}
