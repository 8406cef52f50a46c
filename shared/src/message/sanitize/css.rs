//! Style sheets and `style` attributes in a message: every `url(…)` is found and sorted (embedded
//! `data:`, remote `http(s):`, or anything else, which is dropped), `@import` goes, and CSS that
//! hides its syntax behind escapes outside strings is dropped whole (CSS Syntax Level 3, section 4).

/// A cleaned style: the CSS to keep and what it refers to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CleanCss {
    /// The CSS as it is to be written.
    pub css: String,
    /// `url(http…)` references kept: images that load only with consent.
    pub remote: usize,
    /// Remote references removed (`@import`, fonts).
    pub removed: usize,
}

/// Functions that take URLs without `url(`, or run code in some engine: a style using one is
/// dropped whole rather than understood.
pub const REFUSED_FUNCTIONS: &[&str] = &["image-set", "-webkit-image-set", "src", "expression", "image"];

/// Cleans `css`, or `None` when it is dropped whole (an escape outside a string, an unterminated
/// `url(`, a refused function).
pub fn clean(css: &str) -> Option<CleanCss> {
    let mut out = CleanCss { css: String::with_capacity(css.len()), ..CleanCss::default() };
    let chars: Vec<char> = css.chars().collect();
    let mut i = 0;
    // Inside `@font-face { … }` (its brace depth): fonts never come from the network.
    let mut font_face: Option<usize> = None;
    let mut depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i = (i + 2).min(chars.len());
                // A comment separates tokens: `ur/**/l(` is not `url(`.
                out.css.push(' ');
            }
            '"' | '\'' => {
                let end = string_end(&chars, i);
                out.css.extend(&chars[i..end]);
                i = end;
            }
            '\\' => return None,
            // A CDO token (`<!--`) on its own, as the browser reads it: its dashes do not start an
            // ident, so `<!--url(` is a `url(` (reachable through `&lt;` in a `style` attribute).
            '<' if chars.get(i + 1..i + 4) == Some(&['!', '-', '-'][..]) => {
                out.css.push_str("<!--");
                i += 4;
            }
            '{' | '}' => {
                if c == '{' {
                    depth += 1;
                } else {
                    depth = depth.saturating_sub(1);
                    if font_face.is_some_and(|d| depth < d) {
                        font_face = None;
                    }
                }
                if c == '{' && font_face == Some(usize::MAX) {
                    font_face = Some(depth);
                }
                out.css.push(c);
                i += 1;
            }
            '@' => {
                let ident: String = chars[i + 1..].iter().take_while(|c| is_ident_char(**c)).collect();
                if ident.eq_ignore_ascii_case("import") {
                    // To the end of the rule, strings included.
                    while i < chars.len() && chars[i] != ';' {
                        i = if matches!(chars[i], '"' | '\'') { string_end(&chars, i) } else { i + 1 };
                    }
                    i += 1;
                    out.removed += 1;
                    // As for a comment: what stood on either side must not join into one token
                    // (`ur@import;l(` into an unchecked `url(`).
                    out.css.push(' ');
                } else {
                    if ident.eq_ignore_ascii_case("font-face") {
                        font_face = Some(usize::MAX);
                    }
                    out.css.push('@');
                    out.css.push_str(&ident);
                    i += 1 + ident.chars().count();
                }
            }
            c if is_ident_char(c) => {
                let start = i;
                while i < chars.len() && is_ident_char(chars[i]) {
                    i += 1;
                }
                let ident: String = chars[start..i].iter().collect();
                if chars.get(i) != Some(&'(') {
                    out.css.push_str(&ident);
                    continue;
                }
                let lower = ident.to_ascii_lowercase();
                if REFUSED_FUNCTIONS.contains(&lower.as_str()) {
                    return None;
                }
                if lower != "url" {
                    out.css.push_str(&ident);
                    continue;
                }
                let (url, end) = url_argument(&chars, i + 1)?;
                i = end;
                match classify(&url) {
                    UrlKind::Embedded => push_url(&mut out.css, &url),
                    UrlKind::Remote(_) if font_face.is_some() => {
                        out.removed += 1;
                        out.css.push_str("none");
                    }
                    UrlKind::Remote(url) => {
                        out.remote += 1;
                        push_url(&mut out.css, &url);
                    }
                    UrlKind::Other => out.css.push_str("none"),
                }
            }
            c => {
                out.css.push(c);
                i += 1;
            }
        }
    }
    Some(out)
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

/// The index just past the string that starts at `start` (a quote): at the matching quote, or at
/// a newline or the end, where CSS ends a bad string. A newline is LF, CR, CR LF or form feed
/// (CSS Syntax 3, 3.3: the browser turns each into LF before it tokenizes). An escape is read as
/// [`escape`] reads it: `\\0` and a newline after it are one escape, and the string goes on.
fn string_end(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1 + escape(&chars[i + 1..]).1,
            '\n' | '\r' | '\x0c' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The URL of `url(` starting at `start` (just past the parenthesis), with CSS escapes decoded,
/// and the index past `)`; `None` if there is no `)`.
fn url_argument(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut i = start;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let quote = chars.get(i).copied().filter(|c| matches!(c, '"' | '\''));
    if quote.is_some() {
        i += 1;
    }
    let mut url = String::new();
    loop {
        let c = *chars.get(i)?;
        match (c, quote) {
            ('\\', _) => {
                let (ch, used) = escape(&chars[i + 1..]);
                url.push(ch);
                i += 1 + used;
            }
            (c, Some(q)) if c == q => {
                i += 1;
                break;
            }
            (')', None) => break,
            (c, None) if c.is_whitespace() => break,
            (c, _) => {
                url.push(c);
                i += 1;
            }
        }
    }
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    (chars.get(i) == Some(&')')).then_some((url, i + 1))
}

/// The length of a CSS newline at the start of `chars` (CR LF is one), or 0.
fn newline(chars: &[char]) -> usize {
    match chars {
        ['\r', '\n', ..] => 2,
        ['\n' | '\r' | '\x0c', ..] => 1,
        _ => 0,
    }
}

/// A CSS escape after its backslash (CSS Syntax 3, 4.3.7): up to six hex digits and one white
/// space (space, tab or a newline), or one character (a newline, CR LF included).
fn escape(chars: &[char]) -> (char, usize) {
    let hex = chars.iter().take(6).take_while(|c| c.is_ascii_hexdigit()).count();
    if hex == 0 {
        return match newline(chars) {
            0 => chars.first().map_or(('\u{fffd}', 0), |&c| (c, 1)),
            n => ('\n', n),
        };
    }
    let digits: String = chars[..hex].iter().collect();
    let ch = u32::from_str_radix(&digits, 16)
        .ok()
        .filter(|&v| v != 0)
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}');
    let space = match chars.get(hex) {
        Some(' ' | '\t') => 1,
        _ => newline(&chars[hex..]),
    };
    (ch, hex + space)
}

/// What a URL in a message refers to.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlKind {
    /// `data:`: carried in the message itself.
    Embedded,
    /// `http:`, `https:` or scheme-relative `//host` (as `https:`): loads only with consent.
    Remote(String),
    /// Anything else: relative (a message has no base to resolve it against), `javascript:`,
    /// `file:` and the like. It goes nowhere.
    Other,
}

/// Sorts a URL the way the browser's URL parser will read it: ASCII tab and newlines anywhere and
/// C0 controls and spaces at either end do not count (WHATWG URL, basic URL parser).
pub fn classify(url: &str) -> UrlKind {
    let url: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    // For http(s) the URL parser reads `\` as `/`; `http:x` without the two slashes would be
    // resolved against the app's own address, so it is no remote URL here.
    let authority = |rest: &str| {
        let b = rest.as_bytes();
        (b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\'))
            .then(|| rest[2..].to_owned())
    };
    if let Some(rest) = authority(url) {
        return UrlKind::Remote(format!("https://{rest}"));
    }
    let scheme_end = url.find(':').filter(|&end| {
        let scheme = &url.as_bytes()[..end];
        scheme.first().is_some_and(u8::is_ascii_alphabetic)
            && scheme.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    let Some(end) = scheme_end else { return UrlKind::Other };
    match url[..end].to_ascii_lowercase().as_str() {
        "data" => UrlKind::Embedded,
        scheme @ ("http" | "https") => match authority(&url[end + 1..]) {
            Some(rest) => UrlKind::Remote(format!("{scheme}://{rest}")),
            None => UrlKind::Other,
        },
        _ => UrlKind::Other,
    }
}

/// Writes `url("…")` with the characters that could end the string, the declaration or the
/// `<style>` element escaped.
fn push_url(out: &mut String, url: &str) {
    out.push_str("url(\"");
    for c in url.chars() {
        match c {
            '"' | '\\' | '\n' | '\r' | '\x0c' | '<' | '>' => {
                out.push_str(&format!("\\{:x} ", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push_str("\")");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn urls_are_sorted_and_rewritten() {
        let c = clean(
            "a{background:URL( 'http://t.example/a.png' )} b{background:url(x.png)} \
c{background-image:url(data:image/png;base64,AA==)} d{background:url(//t.example/p)}",
        )
        .unwrap();
        assert_eq!(c.remote, 2);
        assert!(c.css.contains("url(\"http://t.example/a.png\")"), "{}", c.css);
        assert!(c.css.contains("b{background:none}"), "{}", c.css);
        assert!(c.css.contains("url(\"data:image/png;base64,AA==\")"), "{}", c.css);
        assert!(c.css.contains("url(\"https://t.example/p\")"), "{}", c.css);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn imports_go_and_escapes_outside_strings_drop_everything() {
        let c = clean("@import url(http://t.example/a.css); @IMPORT 'x;y'; p{color:red}").unwrap();
        assert_eq!((c.removed, c.remote), (2, 0));
        assert_eq!(c.css.trim(), "p{color:red}");
        assert_eq!(clean("p{background:u\\72l(http://t.example/)}"), None);
        assert_eq!(clean("p{background:-webkit-image-set('http://t.example/' 1x)}"), None);
        assert_eq!(clean("p{background:url(http://t.example/"), None);
        // Escapes inside strings are fine, and escapes inside url() are decoded first.
        assert!(clean("q::before{content:\"\\201C\"}").is_some());
        let c = clean("p{background:url('\\2f\\2f t.example/x')}").unwrap();
        assert_eq!(c.remote, 1, "{}", c.css);
        // A comment splits tokens instead of joining them.
        assert_eq!(clean("p{background:ur/**/l(http://t.example/)}").unwrap().remote, 0);
        // A string ends at a form feed or CR as at LF, so the `url(` after it is a URL.
        for newline in ["\x0c", "\r", "\n"] {
            let c = clean(&format!("p{{content:\"a{newline}url(/discover)\"}}")).unwrap();
            assert!(c.css.contains("none"), "{newline:?}: {}", c.css);
        }
        // An escaped CR LF continues the string, and so does a newline closing a hex escape:
        // what follows is still inside it.
        for escaped in ["\\\r\n", "\\00\r\n", "\\a\x0c", "\\41 "] {
            let c = clean(&format!("p{{content:\"a{escaped}url(/x)\"}}")).unwrap();
            assert!(c.css.contains("url(/x)"), "{escaped:?}: {}", c.css);
        }
        // After a CDO token, `url(` is a URL; the dashes are not part of an ident `--url`.
        let c = clean("--a:<!--url(/discover);--b:<!--url(http://t.example/i)").unwrap();
        assert_eq!(c.css, "--a:<!--none;--b:<!--url(\"http://t.example/i\")");
        assert_eq!(c.remote, 1);
        // Fonts never load from the network; images after the font-face rule still count.
        let c = clean(
            "@font-face{font-family:x;src:url(http://t.example/f.woff)}p{background:url(http://t.example/i)}",
        )
        .unwrap();
        assert_eq!((c.removed, c.remote), (1, 1), "{}", c.css);
        assert!(c.css.contains("src:none}"), "{}", c.css);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn written_urls_cannot_break_out() {
        let c = clean("p{background:url('http://t.example/\\3c/style\\3e\\22)')}").unwrap();
        assert!(!c.css.contains('<') && !c.css.contains("\")'"), "{}", c.css);
        assert_eq!(classify(" java\tscript:alert(1)"), UrlKind::Other);
        assert_eq!(classify("\u{1}HTTP://x/"), UrlKind::Remote("http://x/".into()));
        assert_eq!(classify("https:\\\\x/a"), UrlKind::Remote("https://x/a".into()));
        assert_eq!(classify("http:/discover"), UrlKind::Other, "resolved against the app");
        assert_eq!(classify("/discover?email=a@b"), UrlKind::Other);
        assert_eq!(classify("mailto:a@b"), UrlKind::Other);
    }
}
