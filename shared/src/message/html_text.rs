//! The plain-text version of an HTML body, for messages that have no text/plain part: what a reply
//! quotes and what local search reads. The HTML itself is shown by the browser (see
//! [`super::safe_html_document`]), so this only has to keep the words and the line structure.
//! Character references are decoded by `html_text/references.rs`.

mod references;

use references::decode_references;

/// Elements whose content is not text to read.
const HIDDEN: &[&str] = &["head", "script", "style", "template", "title"];

/// Elements that start and end a line of text (the block-level elements mail uses).
const BLOCKS: &[&str] = &[
    "address",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tr",
    "ul",
];

/// Converts an HTML document or fragment to plain text: tags dropped, the content of [`HIDDEN`]
/// elements and comments dropped, runs of white space collapsed to one space, a line break for `<br>`
/// and around [`BLOCKS`], character references decoded. Never panics on malformed input.
pub fn html_to_text(html: &str) -> String {
    let mut text = Text::default();
    let mut hidden: Option<&str> = None;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        if hidden.is_none() {
            text.push_words(&rest[..at]);
        }
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(end) = rest.find('>') else {
            // An unclosed `<` is text (HTML reads "a < b" that way).
            if hidden.is_none() {
                text.push_words(rest);
            }
            return text.finish();
        };
        let (closing, name) = tag_name(&rest[1..end]);
        rest = &rest[end + 1..];
        match hidden {
            Some(open) => {
                if closing && name.eq_ignore_ascii_case(open) {
                    hidden = None;
                }
            }
            None => {
                if let Some(element) = HIDDEN.iter().find(|h| h.eq_ignore_ascii_case(name)) {
                    hidden = (!closing).then_some(*element);
                } else if name.eq_ignore_ascii_case("br") {
                    text.line_break();
                } else if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
                    text.end_line();
                }
            }
        }
    }
    if hidden.is_none() {
        text.push_words(rest);
    }
    text.finish()
}

/// `(is a closing tag, element name)` of a tag's inside (`/p`, `br/`, `a href="…"`).
fn tag_name(inside: &str) -> (bool, &str) {
    let inside = inside.trim_start();
    let (closing, inside) = match inside.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inside),
    };
    let end = inside.find(|c: char| c.is_ascii_whitespace() || c == '/').unwrap_or(inside.len());
    (closing, &inside[..end])
}

/// The text being built: white space is collapsed as it comes in.
#[derive(Default)]
struct Text {
    out: String,
    /// White space was seen since the last word.
    space: bool,
}

impl Text {
    fn push_words(&mut self, run: &str) {
        for (i, word) in run.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push(' ');
            }
            self.space = false;
            decode_references(word, &mut self.out);
        }
    }

    fn line_break(&mut self) {
        self.out.push('\n');
        self.space = false;
    }

    fn end_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        let kept = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(kept);
        self.out
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn keeps_words_and_lines() {
        let cases = [
            ("<html>hello<br/>world<br/></html>", "hello\nworld"),
            ("<p>one</p><p>two</p>", "one\ntwo"),
            ("<div>a</div><div>b <b>bold</b>  and\n\t<i>more</i></div>", "a\nb bold and more"),
            ("   < p >  hello < / p > < p > world < / p >   !!! < br > ", "hello\nworld\n!!!"),
            (" <p>please unsubscribe <a href=\"#\">here</a>.</p> ", "please unsubscribe here."),
            ("<ul><li>first</li><li>second</li></ul>", "first\nsecond"),
            ("a<br><br>b", "a\n\nb"),
        ];
        for (html, text) in cases {
            assert_eq!(html_to_text(html), text, "{html:?}");
        }
    }

    #[test]
    fn drops_what_is_not_text() {
        let html = concat!(
            "<head><title>ignore head</title><style>p { color: red }</style></head>",
            "<!--[if mso]><style>body { font-family: Arial }</style><![endif]-->",
            "<body>this is <!-- <> < < ignore > -> here -->the actual",
            "<script>alert('x</p>')</script> text<template><p>hidden</p></template></body>",
        );
        assert_eq!(html_to_text(html), "this is the actual text");
    }

    #[test]
    fn decodes_character_references() {
        let cases = [
            ("&lt;body&gt; &amp; &quot;q&quot; don&apos;t", "<body> & \"q\" don't"),
            ("&auml;&Ouml;&szlig;&euro;&nbsp;&hearts;&rarr;", "äÖß€\u{a0}♥→"),
            ("&#32;x&#x20;&#X41;&#228;", " x Aä"),
            ("&#xFFFFFFF;&#0;&#xD800;", "\u{fffd}\u{fffd}\u{fffd}"),
            ("&hmmm &unknown; &#; &#x; a&b", "&hmmm &unknown; &#; &#x; a&b"),
            ("&CounterClockwiseContourIntegral;", "&CounterClockwiseContourIntegral;"),
        ];
        for (html, text) in cases {
            assert_eq!(html_to_text(html), text, "{html:?}");
        }
    }

    #[test]
    fn malformed_html_never_panics() {
        for html in ["<", "<<", "a < b", "<p", "&", "&#", "<!--", "<!-- x", "</", "<script>x", "ä<ü>ö&ä;"]
        {
            let _ = html_to_text(html);
        }
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("<script>x"), "");
    }
}
