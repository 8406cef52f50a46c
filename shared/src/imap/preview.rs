//! The `PREVIEW` FETCH item (RFC 8970), taken out of a response before imap-codec reads it.
//!
//! imap-codec 2.0.0-alpha.10 (the version in the workspace Cargo.toml) has no `PREVIEW`
//! message data item: a FETCH response carrying one does not decode, and the whole response
//! would be lost with it. So a FETCH response is scanned here first: its `PREVIEW nstring`
//! item (RFC 8970 section 6, `msg-att-dynamic =/ "PREVIEW" SP nstring`) is cut out and
//! returned, and the rest, now plain RFC 3501, goes to imap-codec as before.
//!
//! The scan knows just enough of RFC 3501 section 4 and 9 to never mistake data for an item
//! name: quoted strings (with `\"` and `\\`), literals `{n}` CRLF followed by n octets
//! (skipped by count, never looked into), parenthesised lists and section brackets. An item
//! name is only recognised at the top level of the FETCH's own list, where every other
//! element is an item name or an item's value.

use crate::imap::encode::OutFragment;

/// A FETCH response with its `PREVIEW` item removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Taken {
    /// The response without ` PREVIEW value` (and the space that separated it).
    pub rest: Vec<u8>,
    /// The preview text, or `None` for `PREVIEW NIL` (RFC 8970 section 3: no preview could be
    /// generated, or with LAZY not yet).
    pub preview: Option<String>,
}

/// Characters kept of a preview: RFC 8970 section 3 says a server's is at most 256; a longer
/// one is cut rather than trusted.
const MAX_CHARS: usize = 256;

/// If `bytes` is an untagged FETCH response (`* n FETCH (`, RFC 3501 section 7.4.2) holding a
/// `PREVIEW` item, the response without it and the preview. `None` otherwise, also for a
/// response that is malformed where the scan looks: imap-codec then judges it as it is.
pub(crate) fn take(bytes: &[u8]) -> Option<Taken> {
    let list = fetch_list_start(bytes)?;
    let mut at = list;
    let mut depth = 1usize;
    let mut bracket = 0usize;
    // Whether the next top-level element is an item name (else it is the previous name's value).
    let mut expect_name = true;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at = skip_quoted(bytes, at)?;
                if depth == 1 && bracket == 0 {
                    expect_name = !expect_name;
                }
                continue;
            }
            b'{' => {
                at = skip_literal(bytes, at)?;
                if depth == 1 && bracket == 0 {
                    expect_name = !expect_name;
                }
                continue;
            }
            // literal8 (RFC 3516 section 4.2): the `~` belongs to the literal that follows.
            b'~' if bytes.get(at + 1) == Some(&b'{') => {}
            b'[' => bracket += 1,
            b']' => bracket = bracket.checked_sub(1)?,
            b'(' if bracket == 0 => depth += 1,
            b')' if bracket == 0 => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
                if depth == 1 {
                    // A parenthesised value (FLAGS, ENVELOPE, BODYSTRUCTURE, MODSEQ) ended.
                    expect_name = true;
                }
            }
            b' ' | b'\r' | b'\n' => {}
            _ if depth == 1 && bracket == 0 => {
                let end = atom_end(bytes, at);
                if expect_name
                    && bytes[at..end].eq_ignore_ascii_case(b"PREVIEW")
                    && bytes.get(end) == Some(&b' ')
                {
                    let (value_end, preview) = value(bytes, end + 1)?;
                    return Some(Taken { rest: cut(bytes, at, value_end), preview });
                }
                // A name is followed by its value; a bare atom value (a number, NIL) by a name.
                // A name's `[section]` and `<origin>` are part of it: `[` is handled above, and
                // the name continues after `]` up to the space.
                expect_name = !expect_name;
                at = end;
                while at < bytes.len() && bytes[at] == b'[' {
                    at = skip_brackets(bytes, at)?;
                    at = atom_end(bytes, at);
                }
                continue;
            }
            // Inside a nested list or a section: atoms there are data, not item names.
            _ => {}
        }
        at += 1;
    }
    None
}

/// Where the FETCH's item list starts (just after its `(`), if `bytes` is `* n FETCH (`.
fn fetch_list_start(bytes: &[u8]) -> Option<usize> {
    let rest = bytes.strip_prefix(b"* ")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let rest = &rest[digits..];
    let keyword = b" FETCH (";
    if rest.len() < keyword.len() || !rest[..keyword.len()].eq_ignore_ascii_case(keyword) {
        return None;
    }
    Some(2 + digits + keyword.len())
}

/// The end of an atom (RFC 3501 section 9, `atom`; `]` and `[` end it here so a section can be
/// skipped as a whole).
fn atom_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len()
        && !matches!(bytes[at], b' ' | b'(' | b')' | b'[' | b']' | b'"' | b'{' | b'\r' | b'\n')
    {
        at += 1;
    }
    at
}

/// Past a `[...]` section, which may hold a parenthesised list of header names.
fn skip_brackets(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    while at < bytes.len() {
        match bytes[at] {
            b']' => return Some(at + 1),
            b'"' => at = skip_quoted(bytes, at)?,
            b'{' => at = skip_literal(bytes, at)?,
            _ => at += 1,
        }
    }
    None
}

/// Past a quoted string starting at `at` (RFC 3501 section 9, `quoted`).
fn skip_quoted(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            b'\r' | b'\n' => return None,
            _ => at += 1,
        }
    }
    None
}

/// Past a parenthesised list starting at `at`, with the lists, quoted strings and literals in it.
fn skip_list(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = at;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at = skip_quoted(bytes, at)?;
                continue;
            }
            b'{' => {
                at = skip_literal(bytes, at)?;
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// A literal announcement `{n}` CRLF at `at`: where its n octets start and how many there are.
fn literal(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let close = at + bytes[at..].iter().position(|&b| b == b'}')?;
    let count: usize = std::str::from_utf8(&bytes[at + 1..close]).ok()?.parse().ok()?;
    let start = close + 1 + bytes[close + 1..].starts_with(b"\r\n").then_some(2)?;
    // `checked_add`: the count is the server's word, up to `usize::MAX`.
    (start.checked_add(count)? <= bytes.len()).then_some((start, count))
}

/// Past a literal starting at `at`.
fn skip_literal(bytes: &[u8], at: usize) -> Option<usize> {
    literal(bytes, at).map(|(start, count)| start + count)
}

/// The `nstring` value at `at` (RFC 3501 section 9): where it ends and its text.
fn value(bytes: &[u8], at: usize) -> Option<(usize, Option<String>)> {
    match bytes.get(at)? {
        b'"' => {
            let end = skip_quoted(bytes, at)?;
            let mut text = Vec::with_capacity(end - at);
            let mut i = at + 1;
            while i < end - 1 {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                text.push(bytes[i]);
                i += 1;
            }
            Some((end, Some(clean(&text))))
        }
        b'{' => {
            let (start, count) = literal(bytes, at)?;
            Some((start + count, Some(clean(&bytes[start..start + count]))))
        }
        // The drafts before RFC 8970 answered `PREVIEW (FUZZY "...")` (its appendix A names them);
        // such a list is taken out too, so the rest of the response still reads, but not trusted.
        b'(' => Some((skip_list(bytes, at)?, None)),
        _ => {
            let end = atom_end(bytes, at);
            bytes[at..end].eq_ignore_ascii_case(b"NIL").then_some((end, None))
        }
    }
}

/// The preview as text: UTF-8 (RFC 8970 section 3), control characters as spaces, white space
/// run together, at most [`MAX_CHARS`].
fn clean(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    match out.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => out[..at].to_owned(),
        None => out,
    }
}

/// `bytes` without `[from, to)` and one space beside it: the one before, or after if the item
/// came first in the list.
fn cut(bytes: &[u8], from: usize, to: usize) -> Vec<u8> {
    let (from, to) = if from > 0 && bytes[from - 1] == b' ' {
        (from - 1, to)
    } else if bytes.get(to) == Some(&b' ') {
        (from, to + 1)
    } else {
        (from, to)
    };
    let mut rest = Vec::with_capacity(bytes.len() - (to - from));
    rest.extend_from_slice(&bytes[..from]);
    rest.extend_from_slice(&bytes[to..]);
    rest
}

/// Adds `PREVIEW` (RFC 8970 section 6, `fetch-att =/ "PREVIEW" [SP "(" preview-mod ...")"]`)
/// to an encoded FETCH command whose item list is parenthesised (shared/src/imap/encode.rs
/// `fetch` makes sure it is): as the list's first item, in the command's first line, which is
/// where the list opens (a tag and a sequence set hold no parenthesis). Plain `PREVIEW`, not
/// `(LAZY)`: with LAZY a server may answer NIL for every message it has not made a preview of
/// yet (section 4), and the list would have to ask again.
pub(crate) fn ask(fragments: &mut [OutFragment]) {
    let Some(first) = fragments.first_mut() else { return };
    for bytes in [&mut first.bytes, &mut first.display] {
        if let Some(open) = bytes.iter().position(|&b| b == b'(') {
            bytes.splice(open + 1..open + 1, b"PREVIEW ".iter().copied());
        }
    }
}

#[cfg(test)]
#[path = "preview_tests.rs"]
mod tests;
