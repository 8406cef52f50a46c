//! A pre-pass that repairs header sections the way mature parsers read them, before mail-parser
//! sees the message. mail-parser 0.11 skips every line up to the next blank line when a header
//! section is not ended by one, so a message or a part whose headers run straight into the body
//! loses its body (and a part followed by a boundary line loses the next part as well); and a
//! message with no header lines at all has its first line read as a header.
//!
//! The rule is CPython's `email.feedparser` (Lib/email/feedparser.py, `headerRE`): a header
//! section ends at the first line that is neither a header field (RFC 5322 section 2.2: a name of
//! printable ASCII other than `:`, then `:`; section 4.5.2 allows white space before the colon)
//! nor a continuation (section 2.2.3: it starts with white space). Where that line is not blank,
//! a blank line is put before it. Part headers (RFC 2046 section 5.1.1) are checked the same way
//! after every boundary line of every multipart, nested ones included.
//!
//! A multipart inside another that is not closed before the outer one's next boundary line ends
//! there (RFC 2046 section 5.1.2: an outer boundary cannot occur inside an inner part, so the
//! inner one has ended), as Dovecot reads it (its test-message-parser.c
//! `test_message_parser_continuing_mime_boundary`); mail-parser instead reads the outer boundary
//! as text of the inner part. The missing close delimiter is written in.
//!
//! Well-formed mail passes through unchanged and uncopied (`Cow::Borrowed`). Reading every
//! boundary line of every message would cost about a tenth of parsing, so only the message's own
//! header is repaired before parsing ([`repair_header`]); the parts are repaired ([`repair`]) and
//! the message parsed again only when mail-parser's reading shows the trouble
//! ([`needs_part_repair`]).

use std::borrow::Cow;

/// How deep multiparts are followed; deeper ones are left as they are.
const MAX_DEPTH: usize = 16;

/// The message with a blank line after its own header section if it lacks one.
pub(crate) fn repair_header(raw: &[u8]) -> Cow<'_, [u8]> {
    repair_to(raw, 0)
}

/// The message with a blank line put after every header section that lacks one, and inner
/// multiparts closed where their parent's boundary ends them.
pub(crate) fn repair(raw: &[u8]) -> Cow<'_, [u8]> {
    repair_to(raw, MAX_DEPTH)
}

/// Whether a part of what mail-parser read has a header section that ran into its body (a line
/// in it that is neither a field nor a continuation), or content it flagged as broken; or a
/// multipart inside another runs to its parent's end, which is what an inner multipart without
/// its close delimiter does.
pub(crate) fn needs_part_repair(message: &mail_parser::Message<'_>) -> bool {
    let raw = message.raw_message.as_ref();
    let unclosed = message.parts.iter().any(|parent| match &parent.body {
        mail_parser::PartType::Multipart(children) => children.iter().any(|&child| {
            message.parts.get(child as usize).is_some_and(|child| {
                matches!(child.body, mail_parser::PartType::Multipart(_))
                    && child.offset_end >= parent.offset_end
            })
        }),
        _ => false,
    });
    unclosed
        || message.parts.iter().skip(1).any(|part| {
            let (start, end) = (part.offset_header as usize, part.offset_body as usize);
            part.is_encoding_problem
                || (start < end
                    && end <= raw.len()
                    && lines(raw, start, end).any(|(_, line)| {
                        !(line.is_empty() || line[0] == b' ' || line[0] == b'\t' || is_field(line))
                    }))
        })
}

fn repair_to(raw: &[u8], max_depth: usize) -> Cow<'_, [u8]> {
    let mut inserts = Vec::new();
    entity(raw, 0, raw.len(), (0, max_depth), true, &mut inserts);
    if inserts.is_empty() {
        return Cow::Borrowed(raw);
    }
    // Found in order, except that a close delimiter is found after what precedes it.
    crate::stable_sort::sort_by_key(&mut inserts, |(at, _)| *at);
    let mut out = Vec::with_capacity(raw.len() + inserts.iter().map(|(_, text)| text.len()).sum::<usize>());
    let mut copied = 0;
    for (at, text) in inserts {
        out.extend_from_slice(&raw[copied..at]);
        out.extend_from_slice(&text);
        copied = at;
    }
    out.extend_from_slice(&raw[copied..]);
    Cow::Owned(out)
}

/// The lines of `raw[start..end]`, each with its start offset, without its line ending.
fn lines(raw: &[u8], start: usize, end: usize) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= end {
            return None;
        }
        let len = find_byte(&raw[at..end], b'\n').map_or(end - at, |i| i + 1);
        let line = &raw[at..at + len];
        let begin = at;
        at += len;
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        Some((begin, line.strip_suffix(b"\r").unwrap_or(line)))
    })
}

/// A header field line (RFC 5322 section 2.2, with section 4.5.2's white space before the colon).
fn is_field(line: &[u8]) -> bool {
    let name_len = line.iter().take_while(|&&b| (33..=126).contains(&b) && b != b':').count();
    name_len > 0 && line[name_len..].iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b':')
}

/// Reads the entity (a message or a body part) in `raw[start..end]`: records where a blank line
/// is missing after its headers, and recurses into its parts if it is a multipart. `top` is the
/// message itself, whose first line may be an mbox `From ` line (RFC 4155).
/// `depth`: how deep this entity is, and how deep to go.
fn entity(
    raw: &[u8],
    start: usize,
    end: usize,
    depth: (usize, usize),
    top: bool,
    inserts: &mut Vec<(usize, Vec<u8>)>,
) {
    let mut content_type: Option<Vec<u8>> = None;
    let mut in_content_type = false;
    let mut body = end;
    for (n, (at, line)) in lines(raw, start, end).enumerate() {
        if line.is_empty() {
            body = (at + 1 + usize::from(raw.get(at) == Some(&b'\r'))).min(end);
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if n > 0 {
                if in_content_type && let Some(value) = content_type.as_mut() {
                    value.extend_from_slice(line);
                }
                continue;
            }
        } else if is_field(line) || (top && n == 0 && line.starts_with(b"From ")) {
            in_content_type =
                depth.0 < depth.1 && line.len() > 13 && line[..13].eq_ignore_ascii_case(b"content-type:");
            if in_content_type {
                content_type = Some(line[13..].to_vec());
            }
            continue;
        }
        // The first line that is not a header: the body starts here.
        inserts.push((at, line_ending(raw, at, line.len()).to_vec()));
        body = at;
        break;
    }
    if depth.0 >= depth.1 {
        return;
    }
    let Some(value) = content_type else { return };
    let value = String::from_utf8_lossy(&value);
    let mut params = value.split(';');
    let media_type = params.next().unwrap_or_default().trim();
    if !media_type.get(..10).is_some_and(|t| t.eq_ignore_ascii_case("multipart/")) {
        return;
    }
    let Some(boundary) = params.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"').to_owned())
    }) else {
        return;
    };
    if boundary.is_empty() {
        return;
    }
    parts(raw, body, end, boundary.as_bytes(), depth, !top, inserts);
}

/// The first `byte` in `haystack`, eight bytes at a time (the "has a zero byte" test of
/// <https://graphics.stanford.edu/~seander/bithacks.html#ZeroInWord> on the bytes XORed with it).
fn find_byte(haystack: &[u8], byte: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(byte);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word) ^ pattern;
        if word.wrapping_sub(ONES) & !word & HIGHS != 0 {
            return chunk.iter().position(|&b| b == byte).map(|i| offset + i);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&b| b == byte).map(|i| offset + i)
}

/// The line ending of the line at `at`, or of the one before it if it has none.
fn line_ending(raw: &[u8], at: usize, len: usize) -> &'static [u8] {
    if raw.get(at + len) == Some(&b'\r') || (at >= 2 && &raw[at - 2..at] == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    }
}

/// Finds the parts of a multipart body (RFC 2046 section 5.1.1: a delimiter line is `--`, the
/// boundary, optional white space; the close delimiter adds `--`) and reads each one. `nested`:
/// the multipart is a part of another, whose next boundary line starts at `end`.
fn parts(
    raw: &[u8],
    start: usize,
    end: usize,
    boundary: &[u8],
    depth: (usize, usize),
    nested: bool,
    inserts: &mut Vec<(usize, Vec<u8>)>,
) {
    let mut part_start: Option<usize> = None;
    let mut from = start;
    // Only lines that start with `-` can be delimiters: looking for that byte skips base64 bodies
    // (no `-` in their alphabet) eight bytes at a time, where reading line by line would not.
    while let Some(found) = raw.get(from..end).and_then(|range| find_byte(range, b'-')) {
        let at = from + found;
        let line_end = find_byte(&raw[at..end], b'\n').map_or(end, |i| at + i + 1);
        from = line_end;
        if at > start && raw[at - 1] != b'\n' {
            from = at + 1;
            continue;
        }
        let line = raw[at..line_end].trim_ascii_end();
        let Some(rest) = line.strip_prefix(b"--").and_then(|l| l.strip_prefix(boundary)) else { continue };
        let close = rest.starts_with(b"--");
        let rest = if close { &rest[2..] } else { rest };
        if !rest.iter().all(|&b| b == b' ' || b == b'\t') {
            continue;
        }
        if let Some(begin) = part_start.take() {
            entity(raw, begin, at, (depth.0 + 1, depth.1), false, inserts);
        }
        if close {
            return;
        }
        part_start = Some(line_end);
    }
    if let Some(begin) = part_start {
        entity(raw, begin, end, (depth.0 + 1, depth.1), false, inserts);
        if nested && end > begin {
            let mut close = b"--".to_vec();
            close.extend_from_slice(boundary);
            close.extend_from_slice(b"--");
            close.extend_from_slice(line_ending(raw, begin, 0));
            inserts.push((end, close));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn fixed(raw: &str) -> String {
        String::from_utf8(repair(raw.as_bytes()).into_owned()).unwrap()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn well_formed_mail_is_borrowed() {
        let raw = b"From: a@x\r\nSubject: s\r\n  folded\r\nContent-Type: multipart/mixed;\r\n boundary=\"b\"\r\n\r\n\
preamble\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\n";
        assert!(matches!(repair(raw), Cow::Borrowed(_)));
        assert!(matches!(
            repair(b"From sender Mon Jan  1 00:00:00 2001\nFrom: a@x\n\nbody\n"),
            Cow::Borrowed(_)
        ));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_blank_line_goes_where_headers_end_without_one() {
        assert_eq!(
            fixed("From: a@x\r\nSubject: s\r\nThe body.\r\n"),
            "From: a@x\r\nSubject: s\r\n\r\nThe body.\r\n"
        );
        // No header lines at all: the whole message is body.
        assert_eq!(fixed("Hello world\nSecond: line\n"), "\nHello world\nSecond: line\n");
        // A space in a name is not a field name; white space before the colon is.
        assert_eq!(fixed("Subject : s\nNot a header: x\n"), "Subject : s\n\nNot a header: x\n");
        // An inner multipart that the outer boundary ends.
        assert_eq!(
            fixed(
                "Content-Type: multipart/mixed; boundary=1\n\n--1\nContent-Type: multipart/mixed; boundary=2\n\n\
--2\n\n1\n--2\n\n22\n--1\n\n333\n"
            ),
            "Content-Type: multipart/mixed; boundary=1\n\n--1\nContent-Type: multipart/mixed; boundary=2\n\n\
--2\n\n1\n--2\n\n22\n--2--\n--1\n\n333\n"
        );
        // Part headers, in a nested multipart too.
        assert_eq!(
            fixed(
                "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\nOne\n--o\n\
Content-Type: multipart/alternative; boundary=\"i\"\n\n--i\nContent-Type: text/plain\nTwo\n--i--\n--o--\n"
            ),
            "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nOne\n--o\n\
Content-Type: multipart/alternative; boundary=\"i\"\n\n--i\nContent-Type: text/plain\n\nTwo\n--i--\n--o--\n"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn find_byte_finds_the_first() {
        let text = b"abcdefgh-ijklmnop-q";
        for start in 0..text.len() {
            assert_eq!(
                find_byte(&text[start..], b'-'),
                text[start..].iter().position(|&b| b == b'-'),
                "{start}"
            );
        }
        assert_eq!(find_byte(b"\xff\x80\x7f-", b'-'), Some(3));
        assert_eq!(find_byte(b"", b'-'), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn never_panics_on_fragments() {
        for raw in [
            "",
            "\r",
            "\n",
            "a",
            ":",
            " x",
            "Content-Type: multipart/x; boundary=",
            "Content-Type: multipart/x; boundary=b\n\n--b",
        ] {
            let _ = repair(raw.as_bytes());
        }
    }
}
