//! Just enough of the HTML tokenizer (WHATWG HTML, section 13.2.5) to take a message's markup apart
//! the way a browser does: text, start and end tags with their attributes, comments and the raw
//! text of elements such as `<style>`. The sanitiser rebuilds every tag it keeps from these tokens,
//! so what the browser finally parses is what this tokenizer saw, whatever tricks the input plays.
//! Character references in attribute values are decoded by `sanitize/references.rs`.

pub use super::references::decode_references;

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
}
