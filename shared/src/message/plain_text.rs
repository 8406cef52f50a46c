//! A plain-text body as mail clients show it: quoted lines as nested blocks (one per `>` level,
//! as Thunderbird draws them with a bar each), and the web addresses, `mailto:` URLs and email
//! addresses written in it as links.

use std::ops::Range;

use super::flowed::quote_depth;

/// A run of lines at one quote level, or a quote one level deeper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// Lines of this level, quote marks taken off.
    Lines(Vec<&'a str>),
    /// Lines quoted once more than this level.
    Quote(Vec<Block<'a>>),
}

/// `text` as blocks: lines of the same quote depth together (`> ` and `> > ` read as
/// [`quote_depth`] reads them), deeper ones nested inside.
pub fn quote_blocks(text: &str) -> Vec<Block<'_>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<(usize, &str)> =
        text.split('\n').map(|line| quote_depth(line.strip_suffix('\r').unwrap_or(line))).collect();
    nest(&lines, 0)
}

fn nest<'a>(lines: &[(usize, &'a str)], level: usize) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let deeper = lines[i].0 > level;
        while i < lines.len() && (lines[i].0 > level) == deeper {
            i += 1;
        }
        out.push(if deeper {
            Block::Quote(nest(&lines[start..i], level + 1))
        } else {
            Block::Lines(lines[start..i].iter().map(|&(_, line)| line).collect())
        });
    }
    out
}

/// Where a link in plain text goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A web page: the URL to open (`http:`, `https:`, or `http://` put before a `www.` address,
    /// as Thunderbird does).
    Web(String),
    /// Mail to write: a `mailto:` URL (RFC 6068) as written, or one made for a bare address.
    Mail(String),
}

/// The links in `text`, in order, by byte range: `http://` and `https://` URLs, `www.` addresses,
/// `mailto:` URLs and email addresses. A URL ends at white space, `<`, `>` or `"`, and leaves
/// out punctuation that ends the sentence around it (`.`, `,`, `)` without its `(`, …). No other
/// scheme is ever a link (`javascript:` for one).
pub fn links(text: &str) -> Vec<(Range<usize>, Link)> {
    let mut out: Vec<(Range<usize>, Link)> = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while at < text.len() {
        let rest = &lower[at..];
        let starts_word =
            text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && !"@./-_".contains(c));
        let scheme = ["https://", "http://", "mailto:", "www."].into_iter().find(|s| rest.starts_with(s));
        if let (true, Some(scheme)) = (starts_word, scheme) {
            let end = at + url_length(&text[at..]);
            let host_start = at + scheme.len();
            if end > host_start && text[host_start..end].starts_with(|c: char| c.is_alphanumeric()) {
                let url = &text[at..end];
                let link = match scheme {
                    "mailto:" if url.contains('@') => Some(Link::Mail(url.to_owned())),
                    "mailto:" => None,
                    "www." if text[host_start..end].contains('.') => Some(Link::Web(format!("http://{url}"))),
                    "www." => None,
                    _ => Some(Link::Web(url.to_owned())),
                };
                if let Some(link) = link {
                    out.push((at..end, link));
                    at = end;
                    continue;
                }
            }
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    // Bare addresses, outside the URLs found.
    let mut found = Vec::new();
    for (i, _) in text.match_indices('@') {
        if out.iter().any(|(range, _)| range.contains(&i))
            || found.iter().any(|r: &Range<usize>| r.contains(&i))
        {
            continue;
        }
        if let Some(range) = address_around(text, i) {
            found.push(range);
        }
    }
    out.extend(found.into_iter().map(|range| {
        let link = Link::Mail(format!("mailto:{}", &text[range.clone()]));
        (range, link)
    }));
    out.sort_by_key(|(range, _)| range.start);
    out
}

/// The length of the URL at the start of `text`: up to white space or a character that does not
/// belong in one written in text, less what ends the sentence.
fn url_length(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || c.is_control() || "<>\"`{}|\\^".contains(c))
        .unwrap_or(text.len());
    let mut url = &text[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*']);
        let unbalanced = |open: char, close: char| {
            trimmed.ends_with(close) && trimmed.matches(open).count() < trimmed.matches(close).count()
        };
        let trimmed = if unbalanced('(', ')') || unbalanced('[', ']') {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url.len();
        }
        url = trimmed;
    }
}

/// The email address around the `@` at `at`: a local part of letters, digits and `.+-_%'`, a
/// domain of at least two labels; `None` where either is missing.
fn address_around(text: &str, at: usize) -> Option<Range<usize>> {
    let local_char = |c: char| c.is_alphanumeric() || ".+-_%'".contains(c);
    let start = text[..at].char_indices().rev().take_while(|&(_, c)| local_char(c)).last().map(|(i, _)| i)?;
    let start = start + text[start..at].len() - text[start..at].trim_start_matches(['.', '\'']).len();
    let domain_len = text[at + 1..]
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(text.len() - at - 1);
    let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
    let labels: Vec<&str> = domain.split('.').collect();
    let valid = labels.len() >= 2 && labels.iter().all(|l| !l.is_empty()) && start < at;
    valid.then(|| start..at + 1 + domain.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Link)> {
        links(text).into_iter().map(|(range, link)| (&text[range], link)).collect()
    }

    #[test]
    fn quotes_nest_by_depth() {
        let text = "Hi,\n> first\n> > second\n>> still second\n> back\nanswer\n";
        assert_eq!(
            quote_blocks(text),
            vec![
                Block::Lines(vec!["Hi,"]),
                Block::Quote(vec![
                    Block::Lines(vec!["first"]),
                    Block::Quote(vec![Block::Lines(vec!["second", "still second"])]),
                    Block::Lines(vec!["back"]),
                ]),
                Block::Lines(vec!["answer"]),
            ]
        );
        assert_eq!(quote_blocks(">\n> a"), vec![Block::Quote(vec![Block::Lines(vec!["", "a"])])]);
    }

    #[test]
    fn web_addresses_end_where_the_sentence_goes_on() {
        assert_eq!(
            found(
                "See https://example.com/a?b=1&c=2. Or (http://example.org/wiki/Foo_(bar)), or www.example.net!"
            ),
            vec![
                ("https://example.com/a?b=1&c=2", Link::Web("https://example.com/a?b=1&c=2".into())),
                ("http://example.org/wiki/Foo_(bar)", Link::Web("http://example.org/wiki/Foo_(bar)".into())),
                ("www.example.net", Link::Web("http://www.example.net".into())),
            ]
        );
        assert_eq!(
            found("<https://example.com/x>"),
            vec![("https://example.com/x", Link::Web("https://example.com/x".into()))]
        );
        assert_eq!(
            found("HTTPS://EXAMPLE.COM"),
            vec![("HTTPS://EXAMPLE.COM", Link::Web("HTTPS://EXAMPLE.COM".into()))]
        );
    }

    #[test]
    fn other_schemes_and_half_addresses_are_no_links() {
        assert!(found("javascript:alert(1) data:text/html,x file:///etc/passwd").is_empty());
        assert!(found("https:// and http:/// and www. and mailto: alone").is_empty());
        assert!(found("xhttps://example.com").is_empty());
        assert!(found("user@localhost, @example.com, bob@ and a@b.").is_empty());
    }

    #[test]
    fn mail_addresses_and_mailto_urls_are_found() {
        assert_eq!(
            found(
                "Write to <bob.smith+list@example.co.uk>. Or mailto:list@example.org?subject=Hi, or café@exämple.de"
            ),
            vec![
                ("bob.smith+list@example.co.uk", Link::Mail("mailto:bob.smith+list@example.co.uk".into())),
                (
                    "mailto:list@example.org?subject=Hi",
                    Link::Mail("mailto:list@example.org?subject=Hi".into())
                ),
                ("café@exämple.de", Link::Mail("mailto:café@exämple.de".into())),
            ]
        );
        // An address inside a URL is part of the URL.
        assert_eq!(found("https://example.com/~bob@host.example").len(), 1);
    }
}
