//! The Sieve lexer (RFC 5228 section 2): identifiers, tags, numbers with their quantifiers, quoted
//! and multi-line strings, and the punctuation between them. Hash comments are kept as tokens, so
//! that a rule's name (`# rule:[…]`, as Roundcube writes it) reaches the parser.

use std::fmt;

/// One lexical unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `if`, `header`, `fileinto` (RFC 5228 section 2.4.1 `identifier`).
    Identifier(String),
    /// `:contains` without the colon (section 2.6.2).
    Tag(String),
    /// A number with its quantifier applied (`1M` is 1048576, section 2.4.1).
    Number(u64),
    /// A quoted or multi-line string, unescaped (section 2.4.2).
    String(String),
    /// `# …` to the end of the line, without the hash.
    Comment(String),
    /// One of `[ ] ( ) { } , ;`.
    Punct(char),
}

/// Why a script could not be read, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based.
    pub line: usize,
    /// What was wrong.
    pub what: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.what)
    }
}

impl std::error::Error for SyntaxError {}

/// The script's tokens, each with its line.
pub fn tokens(text: &str) -> Result<Vec<(usize, Token)>, SyntaxError> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        line += rest[..rest.len() - trimmed.len()].matches('\n').count();
        rest = trimmed;
        let Some(c) = rest.chars().next() else { return Ok(out) };
        let error = |what| SyntaxError { line, what };
        let start = line;
        match c {
            '#' => {
                let end = rest.find('\n').unwrap_or(rest.len());
                out.push((start, Token::Comment(rest[1..end].trim_end_matches('\r').to_owned())));
                rest = &rest[end..];
            }
            '/' if rest.starts_with("/*") => {
                let end = rest[2..].find("*/").ok_or(error("a comment is not closed"))? + 4;
                line += rest[..end].matches('\n').count();
                rest = &rest[end..];
            }
            '[' | ']' | '(' | ')' | '{' | '}' | ',' | ';' => {
                out.push((start, Token::Punct(c)));
                rest = &rest[1..];
            }
            '"' => {
                let (value, used) = quoted(&rest[1..]).ok_or(error("a string is not closed"))?;
                line += rest[..used + 1].matches('\n').count();
                out.push((start, Token::String(value)));
                rest = &rest[used + 1..];
            }
            ':' => {
                let name = identifier(&rest[1..]);
                if name.is_empty() {
                    return Err(error("a tag has no name"));
                }
                out.push((start, Token::Tag(name.to_ascii_lowercase())));
                rest = &rest[1 + name.len()..];
            }
            '0'..='9' => {
                let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let mut value: u64 = rest[..digits].parse().map_err(|_| error("a number is too large"))?;
                rest = &rest[digits..];
                let factor = match rest.chars().next().map(|c| c.to_ascii_uppercase()) {
                    Some('K') => 1 << 10,
                    Some('M') => 1 << 20,
                    Some('G') => 1 << 30,
                    _ => 1,
                };
                if factor > 1 {
                    rest = &rest[1..];
                    value = value.checked_mul(factor).ok_or(error("a number is too large"))?;
                }
                out.push((start, Token::Number(value)));
            }
            _ if c.is_ascii_alphabetic() || c == '_' => {
                let name = identifier(rest);
                let after = &rest[name.len()..];
                if name.eq_ignore_ascii_case("text") && after.starts_with(':') {
                    let (value, used) =
                        multi_line(&after[1..]).ok_or(error("a text: block has no closing dot"))?;
                    line += after[..used + 1].matches('\n').count();
                    out.push((start, Token::String(value)));
                    rest = &after[used + 1..];
                } else {
                    out.push((start, Token::Identifier(name.to_ascii_lowercase())));
                    rest = after;
                }
            }
            _ => return Err(error("a character that Sieve does not allow here")),
        }
    }
}

fn identifier(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// A quoted string's value and the bytes it took (the closing quote included), from just after
/// the opening quote. An undefined escape is the character itself (RFC 5228 section 2.4.2).
fn quoted(text: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, i + 1)),
            '\\' => value.push(chars.next()?.1),
            _ => value.push(c),
        }
    }
    None
}

/// A `text:` block's value and the bytes it took, from just after `text:`: the rest of that line
/// may hold only white space and a comment; the block ends at a line with a lone dot, and a line's
/// leading `..` stands for one dot (RFC 5228 section 2.4.2).
fn multi_line(text: &str) -> Option<(String, usize)> {
    let first = text.find('\n')?;
    let head = text[..first].trim_end_matches('\r').trim_start_matches([' ', '\t']);
    if !(head.is_empty() || head.starts_with('#')) {
        return None;
    }
    let mut value = String::new();
    let mut at = first + 1;
    loop {
        let end = text[at..].find('\n').map(|n| at + n)?;
        let line = text[at..end].trim_end_matches('\r');
        if line == "." {
            return Some((value, end + 1));
        }
        value.push_str(line.strip_prefix('.').filter(|l| l.starts_with('.')).unwrap_or(line));
        value.push_str("\r\n");
        at = end + 1;
    }
}

/// `value` as a quoted string: a backslash and a quote are escaped; line ends go as CRLF.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut previous = '\0';
    for c in value.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' if previous != '\r' => out.push_str("\r\n"),
            _ => out.push(c),
        }
        previous = c;
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_examples_tokenise() {
        let script =
            "require [\"fileinto\"]; # files\r\n/* a\r\nblock */ if size :over 1M {\r\n  discard; }\r\n";
        let tokens: Vec<_> = tokens(script).unwrap();
        assert_eq!(tokens[0], (1, Token::Identifier("require".into())));
        assert_eq!(tokens[5], (1, Token::Comment(" files".into())));
        assert_eq!(tokens[6], (3, Token::Identifier("if".into())));
        assert_eq!(tokens[8], (3, Token::Tag("over".into())));
        assert_eq!(tokens[9], (3, Token::Number(1 << 20)));
        assert_eq!(tokens[11], (4, Token::Identifier("discard".into())));
    }

    #[test]
    fn strings_unescape_and_text_blocks_undo_dot_stuffing() {
        let t = tokens("\"a\\\"b\\\\c\\d\" text: # note\r\n..dot\r\nline\r\n.\r\n;").unwrap();
        assert_eq!(t[0].1, Token::String("a\"b\\cd".into()));
        assert_eq!(t[1].1, Token::String(".dot\r\nline\r\n".into()));
        assert_eq!(t[2], (5, Token::Punct(';')));
    }

    #[test]
    fn what_does_not_end_is_an_error_with_its_line() {
        assert_eq!(tokens("\n\"open").unwrap_err(), SyntaxError { line: 2, what: "a string is not closed" });
        assert_eq!(tokens("text:\r\nno end\r\n").unwrap_err().line, 1);
        assert_eq!(tokens("/* never").unwrap_err().what, "a comment is not closed");
        assert!(tokens("99999999999999999999").is_err());
        assert!(tokens("@").is_err());
    }

    #[test]
    fn quote_round_trips_through_the_lexer() {
        for value in ["plain", "say \"hi\" \\ bye", "two\nlines", "ümlaut"] {
            let t = tokens(&quote(value)).unwrap();
            assert_eq!(t[0].1, Token::String(value.replace('\n', "\r\n")));
        }
    }
}
