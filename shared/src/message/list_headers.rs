//! A mailing list's header fields (RFC 2369): where to unsubscribe (`List-Unsubscribe`) and where
//! to write to the list (`List-Post`), and the `mailto:` URLs they hold (RFC 6068).

/// A way to unsubscribe that a message names in `List-Unsubscribe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsubscribe {
    /// Write to this address (RFC 6068 `mailto:`), with the subject and body the URL asks for.
    Mail(MailTo),
    /// Open this web page (`https:` or `http:`).
    Web(String),
}

/// A `mailto:` URL taken apart (RFC 6068 section 2): the addresses, and the subject and body
/// where it gives them, percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailTo {
    /// The addresses (`to`): the path, then any `to=` field.
    pub to: Vec<String>,
    /// `subject=`.
    pub subject: Option<String>,
    /// `body=`.
    pub body: Option<String>,
}

/// The value of the first header field `name` (case-insensitive).
fn field<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The angle-bracketed URLs of a list header field (RFC 2369 section 2: whitespace inside them
/// is ignored; comments and anything outside the brackets are passed by).
fn urls(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start + 1..].find('>') else { break };
        let url: String = rest[start + 1..start + 1 + len].chars().filter(|c| !c.is_whitespace()).collect();
        if !url.is_empty() {
            out.push(url);
        }
        rest = &rest[start + 1 + len + 1..];
    }
    out
}

/// The ways to unsubscribe a message names, in its order: only `mailto:` and web URLs (any
/// other scheme, `javascript:` for one, is left out).
pub fn unsubscribe(headers: &[(String, String)]) -> Vec<Unsubscribe> {
    let Some(value) = field(headers, "List-Unsubscribe") else { return Vec::new() };
    urls(value)
        .into_iter()
        .filter_map(|url| {
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("mailto:") {
                mail_to(&url).filter(|m| !m.to.is_empty()).map(Unsubscribe::Mail)
            } else if lower.starts_with("https://") || lower.starts_with("http://") {
                Some(Unsubscribe::Web(url))
            } else {
                None
            }
        })
        .collect()
}

/// The list's posting address (`List-Post`'s `mailto:`), or `None` where the message has none
/// or the list takes no posts (`List-Post: NO`, RFC 2369 section 3.4).
pub fn post_address(headers: &[(String, String)]) -> Option<String> {
    let value = field(headers, "List-Post")?;
    urls(value).iter().find_map(|u| mail_to(u)).and_then(|m| m.to.into_iter().next())
}

/// Takes a `mailto:` URL apart; `None` where it is not one.
pub fn mail_to(url: &str) -> Option<MailTo> {
    let rest = url.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:")).map(|_| &url[7..])?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut out = MailTo::default();
    let add = |list: &mut Vec<String>, text: &str| {
        list.extend(text.split(',').map(str::trim).filter(|a| a.contains('@')).map(str::to_owned));
    };
    add(&mut out.to, &percent_decode(path));
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        match name.to_ascii_lowercase().as_str() {
            "to" => add(&mut out.to, &value),
            "subject" => out.subject = Some(value),
            "body" => out.body = Some(value),
            _ => {}
        }
    }
    Some(out)
}

/// `%XX` octets decoded as UTF-8 (RFC 6068 section 2); a broken escape stays as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        fields.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn unsubscribe_reads_mailto_and_web_urls_in_order() {
        // RFC 2369 section 3.2's examples, and RFC 8058's usual pair.
        let h = headers(&[(
            "list-unsubscribe",
            "<mailto:list-request@host.com?subject=unsubscribe>,\r\n <https://example.com/unsub?id=1%202>",
        )]);
        assert_eq!(
            unsubscribe(&h),
            [
                Unsubscribe::Mail(MailTo {
                    to: vec!["list-request@host.com".into()],
                    subject: Some("unsubscribe".into()),
                    body: None
                }),
                Unsubscribe::Web("https://example.com/unsub?id=1%202".into()),
            ]
        );
        // Comments and whitespace inside the brackets (section 2).
        let h = headers(&[(
            "List-Unsubscribe",
            "(Use this command to get off the list)\r\n <mailto: list-manager@host.com ?body=unsubscribe%20list>",
        )]);
        assert_eq!(
            unsubscribe(&h),
            [Unsubscribe::Mail(MailTo {
                to: vec!["list-manager@host.com".into()],
                subject: None,
                body: Some("unsubscribe list".into())
            })]
        );
    }

    #[test]
    fn unsubscribe_leaves_out_other_schemes_and_broken_urls() {
        let h = headers(&[(
            "List-Unsubscribe",
            "<javascript:alert(1)>, <ftp://x.example/>, <mailto:>, <https://ok.example/u>",
        )]);
        assert_eq!(unsubscribe(&h), [Unsubscribe::Web("https://ok.example/u".into())]);
        assert_eq!(unsubscribe(&headers(&[("List-Unsubscribe", "<https://no-end.example")])), []);
        assert_eq!(unsubscribe(&headers(&[("Subject", "hi")])), []);
    }

    #[test]
    fn post_address_is_the_lists_mailto_unless_it_takes_no_posts() {
        assert_eq!(
            post_address(&headers(&[("List-Post", "<mailto:list@host.com>")])),
            Some("list@host.com".into())
        );
        assert_eq!(
            post_address(&headers(&[("List-Post", "<mailto:moderator@host.com> (Postings are Moderated)")])),
            Some("moderator@host.com".into())
        );
        assert_eq!(post_address(&headers(&[("List-Post", "NO (posting not allowed on this list)")])), None);
        assert_eq!(post_address(&headers(&[])), None);
    }

    #[test]
    fn mailto_decodes_percent_escapes_as_utf8() {
        let m = mail_to("mailto:a@example.org,b@example.org?subject=Gr%C3%BC%C3%9Fe&to=c@example.org&x=%ZZ")
            .unwrap();
        assert_eq!(m.to, ["a@example.org", "b@example.org", "c@example.org"]);
        assert_eq!(m.subject.as_deref(), Some("Grüße"));
        assert_eq!(mail_to("https://example.org"), None);
        assert_eq!(percent_decode("100%"), "100%");
    }
}
