//! Just enough of the HTML tokenizer (WHATWG HTML, section 13.2.5) to take a message's markup apart
//! the way a browser does: text, start and end tags with their attributes, comments and the raw
//! text of elements such as `<style>`. The sanitiser rebuilds every tag it keeps from these tokens,
//! so what the browser finally parses is what this tokenizer saw, whatever tricks the input plays.

/// One attribute: its lower-cased name and its value exactly as written (character references
/// not yet decoded; see [`decode_references`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name, ASCII lower-cased, as the browser's tokenizer lower-cases it.
    pub name: String,
    /// The raw value between the quotes (or the unquoted run); empty for a bare attribute.
    pub raw_value: &'a str,
}

/// A token of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text between tags, as written (it never contains `<` that starts markup).
    Text(&'a str),
    /// `<name attr=value …>`; a later duplicate attribute is dropped, as the browser drops it.
    StartTag { name: String, attributes: Vec<Attribute<'a>> },
    /// `</name …>`.
    EndTag { name: String },
    /// A `<` that starts no markup: the browser shows it as text.
    LessThan,
    /// A comment, doctype, CDATA section or processing instruction: nothing that is shown.
    Comment,
}

/// The tokenizer over one document.
pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Self { src, pos: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// Skips to just past the first `needle` at or after the current position, or to the end.
    fn skip_past(&mut self, needle: &str) {
        match self.rest().find(needle) {
            Some(at) => self.pos += at + needle.len(),
            None => self.pos = self.src.len(),
        }
    }

    /// The raw text of an element such as `<style>` or `<textarea>` up to its end tag (which is
    /// consumed too): the browser's RAWTEXT and RCDATA states end only at `</name` followed by
    /// white space, `/` or `>`. Without an end tag the text runs to the end of the input.
    pub fn raw_text_until_end_tag(&mut self, name: &str) -> &'a str {
        let start = self.pos;
        let bytes = self.bytes();
        let mut at = start;
        while let Some(offset) = self.src[at..].find("</") {
            let tag = at + offset + 2;
            let end = tag + name.len();
            if end <= bytes.len()
                && bytes[tag..end].eq_ignore_ascii_case(name.as_bytes())
                && bytes.get(end).is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                let text = &self.src[start..at + offset];
                self.pos = at + offset;
                // Consume the end tag itself like any other.
                let _ = self.next_token();
                return text;
            }
            at = tag;
        }
        self.pos = self.src.len();
        &self.src[start..]
    }

    /// Everything that is left, as text (after `<plaintext>`).
    pub fn remainder(&mut self) -> &'a str {
        let rest = self.rest();
        self.pos = self.src.len();
        rest
    }

    /// The next token, or `None` at the end of the input.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        let bytes = self.bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        if bytes[self.pos] != b'<' {
            let start = self.pos;
            let len = self.rest().find('<').unwrap_or(self.rest().len());
            self.pos += len;
            return Some(Token::Text(&self.src[start..self.pos]));
        }
        let next = bytes.get(self.pos + 1).copied();
        match next {
            Some(b'!') => {
                self.pos += 2;
                if self.rest().starts_with("--") {
                    self.pos += 2;
                    // `<!-->` and `<!--->` are whole (empty) comments.
                    if self.rest().starts_with('>') {
                        self.pos += 1;
                    } else if self.rest().starts_with("->") {
                        self.pos += 2;
                    } else {
                        self.skip_comment_body();
                    }
                } else {
                    self.skip_past(">");
                }
                Some(Token::Comment)
            }
            Some(b'?') => {
                self.skip_past(">");
                Some(Token::Comment)
            }
            Some(b'/') => match bytes.get(self.pos + 2) {
                Some(b) if b.is_ascii_alphabetic() => {
                    self.pos += 2;
                    self.tag().map(|(name, _)| Token::EndTag { name })
                }
                // `</>` is dropped; `</` before anything else opens a bogus comment.
                Some(b'>') => {
                    self.pos += 3;
                    Some(Token::Comment)
                }
                Some(_) => {
                    self.skip_past(">");
                    Some(Token::Comment)
                }
                None => {
                    self.pos = bytes.len();
                    Some(Token::LessThan)
                }
            },
            Some(b) if b.is_ascii_alphabetic() => {
                self.pos += 1;
                // A tag cut off by the end of the input is dropped, as the browser drops it.
                self.tag().map(|(name, attributes)| Token::StartTag { name, attributes })
            }
            _ => {
                self.pos += 1;
                Some(Token::LessThan)
            }
        }
    }

    /// A comment's body up to `-->` or `--!>` (or the end), in one pass over it.
    fn skip_comment_body(&mut self) {
        let bytes = self.bytes();
        let mut at = self.pos;
        while let Some(offset) = self.src[at..].find("--") {
            let dashes = at + offset;
            match bytes.get(dashes + 2) {
                Some(b'>') => {
                    self.pos = dashes + 3;
                    return;
                }
                Some(b'!') if bytes.get(dashes + 3) == Some(&b'>') => {
                    self.pos = dashes + 4;
                    return;
                }
                _ => at = dashes + 1,
            }
        }
        self.pos = bytes.len();
    }

    /// A tag's name and attributes, from just after `<` or `</` to just past `>`; `None` if the
    /// input ends first.
    fn tag(&mut self) -> Option<(String, Vec<Attribute<'a>>)> {
        let bytes = self.bytes();
        let start = self.pos;
        while self.pos < bytes.len() && !is_space(bytes[self.pos]) && !matches!(bytes[self.pos], b'/' | b'>')
        {
            self.pos += 1;
        }
        let name = self.src[start..self.pos].to_ascii_lowercase().replace('\0', "\u{fffd}");
        let mut attributes: Vec<Attribute<'a>> = Vec::new();
        // The names seen, for the browser's first-wins rule without a quadratic scan.
        let mut seen = std::collections::BTreeSet::new();
        loop {
            while self.pos < bytes.len() && (is_space(bytes[self.pos]) || bytes[self.pos] == b'/') {
                self.pos += 1;
            }
            match bytes.get(self.pos) {
                None => return None,
                Some(b'>') => {
                    self.pos += 1;
                    return Some((name, attributes));
                }
                Some(_) => {}
            }
            // The attribute name: a leading `=` belongs to it, as in the browser.
            let name_start = self.pos;
            self.pos += 1;
            while self.pos < bytes.len()
                && !is_space(bytes[self.pos])
                && !matches!(bytes[self.pos], b'/' | b'>' | b'=')
            {
                self.pos += 1;
            }
            let attr_name = self.src[name_start..self.pos].to_ascii_lowercase();
            while self.pos < bytes.len() && is_space(bytes[self.pos]) {
                self.pos += 1;
            }
            let mut raw_value = "";
            if bytes.get(self.pos) == Some(&b'=') {
                self.pos += 1;
                while self.pos < bytes.len() && is_space(bytes[self.pos]) {
                    self.pos += 1;
                }
                match bytes.get(self.pos) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        self.pos += 1;
                        let value_start = self.pos;
                        let len = self.rest().find(quote as char)?;
                        raw_value = &self.src[value_start..value_start + len];
                        self.pos = value_start + len + 1;
                    }
                    _ => {
                        let value_start = self.pos;
                        while self.pos < bytes.len() && !is_space(bytes[self.pos]) && bytes[self.pos] != b'>'
                        {
                            self.pos += 1;
                        }
                        raw_value = &self.src[value_start..self.pos];
                    }
                }
            }
            if seen.insert(attr_name.clone()) {
                attributes.push(Attribute { name: attr_name, raw_value });
            }
        }
    }
}

/// Decodes the character references in an attribute value the way the browser does for the ones
/// that matter to a URL or a style: numeric references (with or without `;`) and the named
/// references that spell URL and CSS punctuation. An unknown named reference is left as written;
/// as the sanitiser re-escapes every value it writes, the browser then reads it literally too.
pub fn decode_references(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    replace_references(raw, &mut out, decode_one);
    out
}

/// Appends `text` to `out` with every reference `decode_one` reads replaced by its character.
/// `decode_one` gets the text from an `&` on and returns the character and how many bytes it
/// used; an `&` it cannot read stays as written. Shared with the HTML-to-text conversion
/// (`message/html_text/references.rs`), which reads references by its own table.
pub(crate) fn replace_references(
    text: &str,
    out: &mut String,
    decode_one: impl Fn(&str) -> Option<(char, usize)>,
) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match decode_one(rest) {
            Some((ch, used)) => {
                out.push(ch);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Named references that matter for URLs and CSS (HTML's table has 2,231; the rest are letters and
/// symbols that cannot change what a URL or a style means).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("colon", ':'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("sol", '/'),
    ("bsol", '\\'),
    ("period", '.'),
    ("lpar", '('),
    ("rpar", ')'),
    ("commat", '@'),
    ("excl", '!'),
    ("num", '#'),
    ("percnt", '%'),
    ("quest", '?'),
    ("equals", '='),
    ("lowbar", '_'),
    ("grave", '`'),
    ("plus", '+'),
    ("comma", ','),
    ("semi", ';'),
    ("dollar", '$'),
    ("ast", '*'),
    ("lsqb", '['),
    ("rsqb", ']'),
    ("lcub", '{'),
    ("rcub", '}'),
    ("verbar", '|'),
    ("Hat", '^'),
];

/// One reference at the start of `s` (which starts with `&`): the character and the bytes used.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let (hex, digits_start) = match bytes.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let digits = bytes[digits_start..]
            .iter()
            .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &s[digits_start..digits_start + digits];
        let value =
            u32::from_str_radix(&text[..text.len().min(8)], if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let ch = match value {
            0 => '\u{fffd}',
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        let mut used = digits_start + digits;
        if bytes.get(used) == Some(&b';') {
            used += 1;
        }
        return Some((ch, used));
    }
    let name_len = bytes[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    let name = &s[1..1 + name_len];
    if bytes.get(1 + name_len) != Some(&b';') {
        return None;
    }
    NAMED.iter().find(|(n, _)| *n == name).map(|&(_, ch)| (ch, name_len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn tokens(src: &str) -> Vec<Token<'_>> {
        let mut t = Tokenizer::new(src);
        std::iter::from_fn(|| t.next_token()).collect()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn attributes_as_the_browser_reads_them() {
        let t = tokens("<IMG/SRC=x onerror = 'a' src=\"second\" =eq>");
        let Token::StartTag { name, attributes } = &t[0] else { panic!("{t:?}") };
        assert_eq!(name, "img");
        let names: Vec<_> = attributes.iter().map(|a| (a.name.as_str(), a.raw_value)).collect();
        assert_eq!(names, [("src", "x"), ("onerror", "a"), ("=eq", "")]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn comments_bogus_comments_and_stray_less_than() {
        assert_eq!(tokens("a<!-- <b> --!>c"), [Token::Text("a"), Token::Comment, Token::Text("c")]);
        assert_eq!(tokens("<!-->x"), [Token::Comment, Token::Text("x")]);
        assert_eq!(tokens("<!-- a -- b --->c"), [Token::Comment, Token::Text("c")]);
        assert_eq!(tokens("<!-- open"), [Token::Comment]);
        assert_eq!(
            tokens("<?xml x?>1 < 2</ 3>"),
            [Token::Comment, Token::Text("1 "), Token::LessThan, Token::Text(" 2"), Token::Comment]
        );
        // An unterminated tag at the end is dropped.
        assert_eq!(tokens("ok<img src='x"), [Token::Text("ok")]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn raw_text_ends_only_at_its_own_end_tag() {
        let mut t = Tokenizer::new("a</styles></style >b");
        assert_eq!(t.raw_text_until_end_tag("style"), "a</styles>");
        assert_eq!(t.next_token(), Some(Token::Text("b")));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn references_in_values() {
        assert_eq!(decode_references("jav&#x61;script&colon;x"), "javascript:x");
        assert_eq!(decode_references("&#106avascript&Tab;"), "javascript\t");
        assert_eq!(decode_references("a&b=1&copy=2&eacute;"), "a&b=1&copy=2&eacute;");
        assert_eq!(decode_references("&#0;&#xD800;&#99999999999;"), "\u{fffd}\u{fffd}\u{fffd}");
    }
}
