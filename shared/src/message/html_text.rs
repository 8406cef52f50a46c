//! The plain-text version of an HTML body, for messages that have no text/plain part: what a reply
//! quotes and what local search reads. The HTML itself is shown by the browser (see
//! [`super::safe_html_document`]), so this only has to keep the words and the line structure.
//!
//! Named character references are HTML 4's set (the 252 in its DTDs, plus XHTML's `&apos;`), which
//! covers what mail generators write; numeric references cover every character. HTML5's full list of
//! 2,231 names would cost about 70 KB of the app's wasm (mail-parser's `html_to_text` links it) for
//! names like `&NotNestedLessLess;` that mail does not use; such a name stays as written.

/// `(name, code point)`, sorted by name (byte order) for binary search.
const ENTITIES: &[(&str, u32)] = &[
    ("AElig", 198),
    ("Aacute", 193),
    ("Acirc", 194),
    ("Agrave", 192),
    ("Alpha", 913),
    ("Aring", 197),
    ("Atilde", 195),
    ("Auml", 196),
    ("Beta", 914),
    ("Ccedil", 199),
    ("Chi", 935),
    ("Dagger", 8225),
    ("Delta", 916),
    ("ETH", 208),
    ("Eacute", 201),
    ("Ecirc", 202),
    ("Egrave", 200),
    ("Epsilon", 917),
    ("Eta", 919),
    ("Euml", 203),
    ("Gamma", 915),
    ("Iacute", 205),
    ("Icirc", 206),
    ("Igrave", 204),
    ("Iota", 921),
    ("Iuml", 207),
    ("Kappa", 922),
    ("Lambda", 923),
    ("Mu", 924),
    ("Ntilde", 209),
    ("Nu", 925),
    ("OElig", 338),
    ("Oacute", 211),
    ("Ocirc", 212),
    ("Ograve", 210),
    ("Omega", 937),
    ("Omicron", 927),
    ("Oslash", 216),
    ("Otilde", 213),
    ("Ouml", 214),
    ("Phi", 934),
    ("Pi", 928),
    ("Prime", 8243),
    ("Psi", 936),
    ("Rho", 929),
    ("Scaron", 352),
    ("Sigma", 931),
    ("THORN", 222),
    ("Tau", 932),
    ("Theta", 920),
    ("Uacute", 218),
    ("Ucirc", 219),
    ("Ugrave", 217),
    ("Upsilon", 933),
    ("Uuml", 220),
    ("Xi", 926),
    ("Yacute", 221),
    ("Yuml", 376),
    ("Zeta", 918),
    ("aacute", 225),
    ("acirc", 226),
    ("acute", 180),
    ("aelig", 230),
    ("agrave", 224),
    ("alefsym", 8501),
    ("alpha", 945),
    ("amp", 38),
    ("and", 8743),
    ("ang", 8736),
    ("apos", 39),
    ("aring", 229),
    ("asymp", 8776),
    ("atilde", 227),
    ("auml", 228),
    ("bdquo", 8222),
    ("beta", 946),
    ("brvbar", 166),
    ("bull", 8226),
    ("cap", 8745),
    ("ccedil", 231),
    ("cedil", 184),
    ("cent", 162),
    ("chi", 967),
    ("circ", 710),
    ("clubs", 9827),
    ("cong", 8773),
    ("copy", 169),
    ("crarr", 8629),
    ("cup", 8746),
    ("curren", 164),
    ("dArr", 8659),
    ("dagger", 8224),
    ("darr", 8595),
    ("deg", 176),
    ("delta", 948),
    ("diams", 9830),
    ("divide", 247),
    ("eacute", 233),
    ("ecirc", 234),
    ("egrave", 232),
    ("empty", 8709),
    ("emsp", 8195),
    ("ensp", 8194),
    ("epsilon", 949),
    ("equiv", 8801),
    ("eta", 951),
    ("eth", 240),
    ("euml", 235),
    ("euro", 8364),
    ("exist", 8707),
    ("fnof", 402),
    ("forall", 8704),
    ("frac12", 189),
    ("frac14", 188),
    ("frac34", 190),
    ("frasl", 8260),
    ("gamma", 947),
    ("ge", 8805),
    ("gt", 62),
    ("hArr", 8660),
    ("harr", 8596),
    ("hearts", 9829),
    ("hellip", 8230),
    ("iacute", 237),
    ("icirc", 238),
    ("iexcl", 161),
    ("igrave", 236),
    ("image", 8465),
    ("infin", 8734),
    ("int", 8747),
    ("iota", 953),
    ("iquest", 191),
    ("isin", 8712),
    ("iuml", 239),
    ("kappa", 954),
    ("lArr", 8656),
    ("lambda", 955),
    ("lang", 9001),
    ("laquo", 171),
    ("larr", 8592),
    ("lceil", 8968),
    ("ldquo", 8220),
    ("le", 8804),
    ("lfloor", 8970),
    ("lowast", 8727),
    ("loz", 9674),
    ("lrm", 8206),
    ("lsaquo", 8249),
    ("lsquo", 8216),
    ("lt", 60),
    ("macr", 175),
    ("mdash", 8212),
    ("micro", 181),
    ("middot", 183),
    ("minus", 8722),
    ("mu", 956),
    ("nabla", 8711),
    ("nbsp", 160),
    ("ndash", 8211),
    ("ne", 8800),
    ("ni", 8715),
    ("not", 172),
    ("notin", 8713),
    ("nsub", 8836),
    ("ntilde", 241),
    ("nu", 957),
    ("oacute", 243),
    ("ocirc", 244),
    ("oelig", 339),
    ("ograve", 242),
    ("oline", 8254),
    ("omega", 969),
    ("omicron", 959),
    ("oplus", 8853),
    ("or", 8744),
    ("ordf", 170),
    ("ordm", 186),
    ("oslash", 248),
    ("otilde", 245),
    ("otimes", 8855),
    ("ouml", 246),
    ("para", 182),
    ("part", 8706),
    ("permil", 8240),
    ("perp", 8869),
    ("phi", 966),
    ("pi", 960),
    ("piv", 982),
    ("plusmn", 177),
    ("pound", 163),
    ("prime", 8242),
    ("prod", 8719),
    ("prop", 8733),
    ("psi", 968),
    ("quot", 34),
    ("rArr", 8658),
    ("radic", 8730),
    ("rang", 9002),
    ("raquo", 187),
    ("rarr", 8594),
    ("rceil", 8969),
    ("rdquo", 8221),
    ("real", 8476),
    ("reg", 174),
    ("rfloor", 8971),
    ("rho", 961),
    ("rlm", 8207),
    ("rsaquo", 8250),
    ("rsquo", 8217),
    ("sbquo", 8218),
    ("scaron", 353),
    ("sdot", 8901),
    ("sect", 167),
    ("shy", 173),
    ("sigma", 963),
    ("sigmaf", 962),
    ("sim", 8764),
    ("spades", 9824),
    ("sub", 8834),
    ("sube", 8838),
    ("sum", 8721),
    ("sup", 8835),
    ("sup1", 185),
    ("sup2", 178),
    ("sup3", 179),
    ("supe", 8839),
    ("szlig", 223),
    ("tau", 964),
    ("there4", 8756),
    ("theta", 952),
    ("thetasym", 977),
    ("thinsp", 8201),
    ("thorn", 254),
    ("tilde", 732),
    ("times", 215),
    ("trade", 8482),
    ("uArr", 8657),
    ("uacute", 250),
    ("uarr", 8593),
    ("ucirc", 251),
    ("ugrave", 249),
    ("uml", 168),
    ("upsih", 978),
    ("upsilon", 965),
    ("uuml", 252),
    ("weierp", 8472),
    ("xi", 958),
    ("yacute", 253),
    ("yen", 165),
    ("yuml", 255),
    ("zeta", 950),
    ("zwj", 8205),
    ("zwnj", 8204),
];

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

/// Appends `word` with its character references (`&amp;`, `&#228;`, `&#xE4;`) decoded; a reference
/// that is not one stays as written.
fn decode_references(word: &str, out: &mut String) {
    let mut rest = word;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest[1..].find(';').and_then(|end| Some((reference(&rest[1..end + 1])?, end + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character a reference's inside (`amp`, `#228`, `#xE4`) stands for. A numeric reference to
/// no character (a surrogate, beyond U+10FFFF, NUL) becomes U+FFFD, as in HTML.
fn reference(name: &str) -> Option<char> {
    let code = match name.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() => u32::from_str_radix(hex, 16).unwrap_or(u32::MAX),
            Some(_) => return None,
            None if !number.is_empty() => number.parse().unwrap_or(u32::MAX),
            None => return None,
        },
        None => {
            let at = ENTITIES.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
            ENTITIES[at].1
        }
    };
    Some(char::from_u32(code).filter(|&c| c != '\0').unwrap_or(char::REPLACEMENT_CHARACTER))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_entity_table_is_sorted_for_binary_search() {
        assert!(ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(ENTITIES.len(), 253);
    }

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
