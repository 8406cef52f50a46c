//! `format=flowed` (RFC 3676): plain text whose paragraphs are sent as lines of at most 78
//! characters, a space before a line break marking a soft break that the reader joins, so the text
//! flows to the width of the reader's window instead of breaking where the sender's did.
//!
//! [`unflow`] reads it: each paragraph becomes one line, quoted paragraphs keep their depth as a
//! `>` per level and a space. [`flow`] writes it from what a person typed: long lines broken at
//! spaces with a soft break, quoted lines (`> `, `>> ` or `> > `) broken under the same marks.

/// The width lines are broken at when writing (RFC 3676 section 4.2: "SHOULD be 72 or fewer").
const WIDTH: usize = 72;

/// The signature separator (RFC 3676 section 4.3): it ends in a space, yet is never flowed.
const SIGNATURE_SEPARATOR: &str = "-- ";

/// The quote depth of a line of flowed text (the `>` at its start, section 4.5) and the rest of it.
fn marks(line: &str) -> (usize, &str) {
    let depth = line.bytes().take_while(|&b| b == b'>').count();
    (depth, &line[depth..])
}

/// The quote depth of a line as people quote in plain text, flowed or not: `>` at its start, a
/// space allowed between them (`> > ` is two levels, as mail clients write nested quotes in fixed
/// text), and the rest after the space that follows the last one.
pub fn quote_depth(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut rest = line;
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            depth += 1;
            rest = after;
        } else if depth > 0 && rest.starts_with(" >") {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    if depth > 0 {
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    }
    (depth, rest)
}

/// The quote marks a paragraph of `depth` is written with: `>>` and a space, or nothing.
fn prefix(depth: usize) -> String {
    if depth == 0 { String::new() } else { ">".repeat(depth) + " " }
}

/// Flowed text (`delsp`: the `DelSp=yes` parameter, section 4.2, where the space before a soft
/// break is not part of the text) as paragraphs: soft-broken lines of one quote depth joined into
/// one, space-stuffing undone (section 4.4), each quoted paragraph under `>` marks and a space.
/// A soft break before a line of another depth counts as a hard one (section 4.5).
pub fn unflow(text: &str, delsp: bool) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    // The paragraph being joined: its depth and text so far.
    let mut open: Option<(usize, String)> = None;
    for line in text.trim_end_matches('\n').split('\n') {
        let (depth, rest) = marks(line);
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let soft = rest.ends_with(' ') && rest != SIGNATURE_SEPARATOR;
        let piece = if soft && delsp { &rest[..rest.len() - 1] } else { rest };
        match &mut open {
            Some((d, paragraph)) if *d == depth => paragraph.push_str(piece),
            _ => {
                if let Some((d, paragraph)) = open.take() {
                    end(&mut out, d, &paragraph);
                }
                open = Some((depth, piece.to_owned()));
            }
        }
        if !soft && let Some((d, paragraph)) = open.take() {
            end(&mut out, d, &paragraph);
        }
    }
    if let Some((d, paragraph)) = open {
        end(&mut out, d, &paragraph);
    }
    out.pop();
    out
}

/// Writes one paragraph and its line break; a paragraph that ended soft at a change of depth or
/// at the end loses its trailing space, which no one sees.
fn end(out: &mut String, depth: usize, paragraph: &str) {
    let paragraph =
        if paragraph == SIGNATURE_SEPARATOR { paragraph } else { paragraph.trim_end_matches(' ') };
    if depth > 0 && paragraph.is_empty() {
        out.push_str(&">".repeat(depth));
    } else {
        out.push_str(&prefix(depth));
        out.push_str(paragraph);
    }
    out.push('\n');
}

/// Typed text as `format=flowed` (RFC 3676 section 4.1), lines separated by `\n`: every line
/// whose text is longer than [`WIDTH`] is broken after a space, that space ending the line as a
/// soft break; spaces the writer left at a line's end are dropped (else the line would flow into
/// the next); a line starting with a space, `>` or `From ` is space-stuffed; quoted lines keep
/// their depth on every piece, written as `>` marks and a space. The signature separator stays as
/// it is. A word longer than a line stays whole.
pub fn flow(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.split('\n') {
        if line == SIGNATURE_SEPARATOR {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let (depth, rest) = quote_depth(line);
        let rest = rest.trim_end_matches(' ');
        if depth > 0 && rest.is_empty() {
            out.push_str(&">".repeat(depth));
            out.push('\n');
            continue;
        }
        let width = WIDTH.saturating_sub(depth + 1).max(20);
        for piece in pieces(rest, width) {
            out.push_str(&prefix(depth));
            let stuff = depth == 0 && (piece.starts_with([' ', '>']) || piece.starts_with("From "));
            if stuff {
                out.push(' ');
            }
            out.push_str(piece);
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// `text` cut into pieces of at most `width` characters where it can be, each cut after the last
/// space of a run of spaces (so every piece but the last ends in a space, and none starts with
/// one it did not start with); a piece without such a place within `width` runs to the next.
fn pieces(text: &str, width: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.chars().count() > width {
        // Byte offsets just after a space that a non-space follows: the places to cut.
        let mut cut = None;
        let mut chars = rest.char_indices().peekable();
        let mut count = 0;
        while let Some((at, c)) = chars.next() {
            count += 1;
            let next = chars.peek().map(|&(_, n)| n);
            if c == ' ' && next.is_some_and(|n| n != ' ') {
                let after = at + 1;
                if count <= width || cut.is_none() {
                    cut = Some(after);
                }
                if count > width {
                    break;
                }
            }
        }
        match cut {
            Some(after) if after < rest.len() => {
                pieces.push(&rest[..after]);
                rest = &rest[after..];
            }
            _ => break,
        }
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_are_joined_and_hard_ones_kept() {
        // RFC 3676 section 4.1's own shape: soft breaks inside a paragraph, a hard break after it.
        let sent =
            "Das ist ein langer \r\nAbsatz, der weiter \r\ngeht.\r\nNeue Zeile.\r\n\r\nAbsatz zwei.\r\n";
        assert_eq!(
            unflow(sent, false),
            "Das ist ein langer Absatz, der weiter geht.\nNeue Zeile.\n\nAbsatz zwei."
        );
    }

    #[test]
    fn delsp_takes_the_space_before_a_soft_break_away() {
        // Section 4.2: with DelSp=yes the space is only the mark (Japanese text has no spaces).
        assert_eq!(unflow("日本語の \r\n文章です。\r\n", true), "日本語の文章です。");
        assert_eq!(unflow("one \r\ntwo\r\n", true), "onetwo");
        assert_eq!(unflow("one \r\ntwo\r\n", false), "one two");
    }

    #[test]
    fn quotes_keep_their_depth_and_a_change_of_depth_ends_a_paragraph() {
        let sent = "> Erste Ebene, \r\n> weiter.\r\n>> Zweite \r\n>> Ebene.\r\n>\r\nAntwort \r\nhier.\r\n";
        assert_eq!(unflow(sent, false), "> Erste Ebene, weiter.\n>> Zweite Ebene.\n>\nAntwort hier.");
        // A soft break before another depth is a hard one (section 4.5).
        assert_eq!(unflow("> a \r\nb\r\n", false), "> a\nb");
    }

    #[test]
    fn space_stuffing_is_undone_and_the_signature_separator_stays() {
        assert_eq!(
            unflow(" From here\r\n  indented\r\n >not a quote\r\n", false),
            "From here\n indented\n>not a quote"
        );
        assert_eq!(unflow("Text\r\n-- \r\nBob\r\n", false), "Text\n-- \nBob");
    }

    #[test]
    fn a_long_paragraph_is_written_in_lines_of_at_most_72_and_reads_back_whole() {
        let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
                         incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud \
                         exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.";
        let sent = flow(paragraph);
        let lines: Vec<&str> = sent.split('\n').collect();
        assert!(lines.len() >= 3, "{sent}");
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with(' ') && line.chars().count() <= 72, "{line:?}");
        }
        assert!(!lines.last().unwrap().ends_with(' '));
        assert_eq!(unflow(&sent, false), paragraph);
    }

    #[test]
    fn quoted_lines_are_broken_under_their_marks() {
        let typed = format!(
            "> {}\n>\n> > {}\nMy answer.",
            "word ".repeat(30).trim_end(),
            "deep ".repeat(20).trim_end()
        );
        let sent = flow(&typed);
        for line in sent.split('\n') {
            assert!(line.chars().count() <= 72, "{line:?}");
        }
        assert!(sent.contains("\n>\n>> deep "), "{sent}");
        assert_eq!(
            unflow(&sent, false),
            format!(
                "> {}\n>\n>> {}\nMy answer.",
                "word ".repeat(30).trim_end(),
                "deep ".repeat(20).trim_end()
            )
        );
    }

    #[test]
    fn trailing_spaces_typed_are_dropped_and_stuffing_is_added() {
        assert_eq!(
            flow("Hello   \nFrom here\n indented\n-- \nBob"),
            "Hello\n From here\n  indented\n-- \nBob"
        );
        // A piece after a cut is stuffed as well where it starts with `From `.
        let long = format!("{} From the start", "x".repeat(70));
        assert_eq!(flow(&long), format!("{} \n From the start", "x".repeat(70)));
    }

    #[test]
    fn a_word_longer_than_a_line_stays_whole() {
        let url = format!("https://example.com/{}", "a".repeat(100));
        let sent = flow(&format!("See {url} now"));
        assert_eq!(sent, format!("See \n{url} \nnow"));
        assert_eq!(unflow(&sent, false), format!("See {url} now"));
    }

    #[test]
    fn quote_depth_reads_nested_marks_with_and_without_spaces() {
        assert_eq!(quote_depth("> > text"), (2, "text"));
        assert_eq!(quote_depth(">> text"), (2, "text"));
        assert_eq!(quote_depth(">text"), (1, "text"));
        assert_eq!(quote_depth("no > quote"), (0, "no > quote"));
        assert_eq!(quote_depth(">"), (1, ""));
    }
}
