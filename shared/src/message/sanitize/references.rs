//! Character references (`&amp;`, `&#106;`, `&colon;`) in attribute values, decoded as the browser
//! decodes them, and the replacing loop the HTML-to-text conversion shares.

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

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn references_in_values() {
        assert_eq!(decode_references("jav&#x61;script&colon;x"), "javascript:x");
        assert_eq!(decode_references("&#106avascript&Tab;"), "javascript\t");
        assert_eq!(decode_references("a&b=1&copy=2&eacute;"), "a&b=1&copy=2&eacute;");
        assert_eq!(decode_references("&#0;&#xD800;&#99999999999;"), "\u{fffd}\u{fffd}\u{fffd}");
    }
}
