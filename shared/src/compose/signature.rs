//! Signatures: the writer's block of lines under the line `-- ` (dash, dash, space), the
//! separator of RFC 3676 section 4.3, which readers use to tell the signature from the text and
//! which replies leave out of the quote.
//!
//! ```
//! use posthorn_proto::compose::{add_signature, split_signature};
//!
//! let body = add_signature("", "Adam Riese\nxyz.de");
//! assert_eq!(body, "\n\n-- \nAdam Riese\nxyz.de\n");
//! assert_eq!(split_signature(&body), ("\n\n", Some("-- \nAdam Riese\nxyz.de\n")));
//! ```

/// The separator line, without its line break: the trailing space is part of it.
pub const SEPARATOR: &str = "-- ";

/// The signature as it is kept: `\n` line breaks, no separator of its own (one typed as the
/// first line is dropped, so the message does not get two), no blank lines around it. Empty
/// when there is no signature.
pub fn normalise_signature(signature: &str) -> String {
    let text = signature.replace("\r\n", "\n");
    let text = text.trim_matches('\n');
    let text = match text.split_once('\n') {
        Some((first, rest)) if first.trim_end() == "--" => rest.trim_start_matches('\n'),
        None if text.trim_end() == "--" => "",
        _ => text,
    };
    if text.trim().is_empty() { String::new() } else { text.trim_end().to_owned() }
}

/// `body` (a new message's, a reply's or a forward's, as `compose` starts them: room to write at
/// the top, then any quote or forwarded text) with `signature` under the room to write and above
/// the rest, as the writer's text ends before the quote. Unchanged when the signature is empty.
pub fn add_signature(body: &str, signature: &str) -> String {
    let signature = normalise_signature(signature);
    if signature.is_empty() {
        return body.to_owned();
    }
    let rest = body.trim_start_matches('\n');
    let mut out = format!("\n\n{SEPARATOR}\n{signature}\n");
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

/// `body` with the signature `old` (as [`add_signature`] put it in) changed for `new`, as when the
/// writer chooses another From with another signature. Where `old` is not there as it was put in
/// (the writer changed it or took it out) nothing changes; where there was none, `new` goes at the
/// end of the writer's own text, before a quote or a forwarded message ([`add_signature`]'s place).
pub fn swap_signature(body: &str, old: &str, new: &str) -> String {
    let (old, new) = (normalise_signature(old), normalise_signature(new));
    if old == new {
        return body.to_owned();
    }
    let block = |signature: &str| format!("\n\n{SEPARATOR}\n{signature}\n");
    if !old.is_empty() {
        let Some(at) = body.find(&block(&old)) else { return body.to_owned() };
        let replacement = if new.is_empty() { "\n".to_owned() } else { block(&new) };
        return format!("{}{replacement}{}", &body[..at], &body[at + block(&old).len()..]);
    }
    if new.is_empty() {
        return body.to_owned();
    }
    // The writer's own text ends where the reply's attribution or the forward's header begins
    // (shared/src/compose/reply.rs writes both after a blank line).
    let end = body
        .match_indices("\n\n")
        .map(|(i, _)| i)
        .find(|&i| {
            let mut lines = body[i + 2..].lines();
            super::wording::starts_original(lines.next().unwrap_or_default(), lines.next())
        })
        .unwrap_or(body.trim_end_matches('\n').len());
    let (written, rest) = body.split_at(end);
    let rest = rest.trim_start_matches('\n');
    let mut out = format!("{}{}", written.trim_end_matches('\n'), block(&new));
    if written.trim().is_empty() {
        out = block(&new);
    }
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

/// `text` split before its signature: the text, and the signature from its separator line on
/// (the last such line; `None` when there is none). Only the exact separator counts: a line of
/// `--` alone is as often a rule drawn in the text, and a reply would drop the text after it.
pub fn split_signature(text: &str) -> (&str, Option<&str>) {
    let mut start = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == SEPARATOR {
            found = Some(start);
        }
        start += line.len();
    }
    match found {
        Some(at) => (&text[..at], Some(&text[at..])),
        None => (text, None),
    }
}

/// `text` without its signature and the blank lines before it: what a reply quotes.
pub fn without_signature(text: &str) -> &str {
    match split_signature(text) {
        (before, Some(_)) => before.trim_end_matches(['\n', '\r']),
        (all, None) => all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_from_swaps_the_signature_it_put_in() {
        let reply = add_signature("\n\nOn Monday, Bob wrote:\n> Hi\n", "Alice");
        let swapped = swap_signature(&reply, "Alice", "Alice\nSales");
        assert_eq!(swapped, "\n\n-- \nAlice\nSales\n\nOn Monday, Bob wrote:\n> Hi\n");
        assert_eq!(swap_signature(&swapped, "Alice\nSales", "Alice"), reply, "and back");
        // Taken out: no signature, the rest as it was.
        assert_eq!(swap_signature(&reply, "Alice", ""), "\n\nOn Monday, Bob wrote:\n> Hi\n");
        // None before: after the writer's text, before the quote.
        let written = "Thanks!\n\nOn Monday, Bob wrote:\n> Hi\n";
        assert_eq!(
            swap_signature(written, "", "Sales"),
            "Thanks!\n\n-- \nSales\n\nOn Monday, Bob wrote:\n> Hi\n"
        );
        assert_eq!(swap_signature("", "", "Sales"), add_signature("", "Sales"));
        // Changed by the writer: left alone.
        let edited = "Hi\n\n-- \nAlice (on leave)\n";
        assert_eq!(swap_signature(edited, "Alice", "Sales"), edited);
    }

    #[test]
    fn a_new_message_gets_room_then_the_signature() {
        assert_eq!(add_signature("", "Eva"), "\n\n-- \nEva\n");
    }

    #[test]
    fn a_reply_gets_the_signature_above_the_quote() {
        let reply = "\n\nOn Monday, Adam wrote:\n> Hallo\n";
        assert_eq!(add_signature(reply, "Eva\r\n"), "\n\n-- \nEva\n\nOn Monday, Adam wrote:\n> Hallo\n");
    }

    #[test]
    fn no_signature_leaves_the_body_alone() {
        assert_eq!(add_signature("\n\n> quoted\n", " \n\n"), "\n\n> quoted\n");
        assert_eq!(add_signature("", "--"), "");
    }

    #[test]
    fn a_typed_separator_is_not_doubled() {
        assert_eq!(normalise_signature("-- \nEva\nBerlin\n\n"), "Eva\nBerlin");
        assert_eq!(normalise_signature("--\r\n\r\nEva"), "Eva");
        // A line of two dashes further down is the signature's own.
        assert_eq!(normalise_signature("Eva\n--\nBerlin"), "Eva\n--\nBerlin");
    }

    #[test]
    fn the_last_separator_starts_the_signature() {
        let text = "Text\n-- \nnot yet\nmore\n-- \r\nEva\r\n";
        assert_eq!(split_signature(text), ("Text\n-- \nnot yet\nmore\n", Some("-- \r\nEva\r\n")));
        assert_eq!(split_signature("-- dashes in a sentence\n"), ("-- dashes in a sentence\n", None));
        assert_eq!(split_signature("Text\n--\nEva"), ("Text\n--\nEva", None));
    }

    #[test]
    fn a_quote_leaves_the_signature_out() {
        assert_eq!(without_signature("Hallo Eva,\nja.\n\n-- \nAdam\n"), "Hallo Eva,\nja.");
        assert_eq!(without_signature("No signature\n"), "No signature\n");
    }
}
