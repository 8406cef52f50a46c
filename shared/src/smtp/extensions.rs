//! The service extensions a server announces in its EHLO reply (RFC 5321 section 4.1.1.1).

use super::Reply;

/// What the server supports, from the EHLO reply's `ehlo-line`s. Keywords are case-insensitive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extensions {
    /// The domain the server names on the first line.
    pub domain: String,
    /// `SIZE` (RFC 1870): `Some(0)` when offered without a fixed maximum, `Some(n)` for a limit of
    /// `n` octets, `None` when not offered.
    pub size: Option<u64>,
    /// `8BITMIME` (RFC 6152).
    pub eight_bit_mime: bool,
    /// `SMTPUTF8` (RFC 6531).
    pub smtputf8: bool,
    /// `PIPELINING` (RFC 2920).
    pub pipelining: bool,
    /// `STARTTLS` (RFC 3207).
    pub starttls: bool,
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    pub enhanced_status_codes: bool,
    /// `DSN` (RFC 3461).
    pub dsn: bool,
    /// `CHUNKING` (RFC 3030).
    pub chunking: bool,
    /// `AUTH` mechanisms (RFC 4954 section 3), upper-cased, including the pre-standard `AUTH=`
    /// form some servers still send.
    pub auth: Vec<String>,
    /// Every other keyword with its parameters, keyword upper-cased.
    pub other: Vec<(String, String)>,
}

impl Extensions {
    /// Reads the EHLO reply. Unknown or malformed lines are kept in `other` or skipped: an odd
    /// extension must not stop a submission.
    pub fn from_ehlo(reply: &Reply) -> Self {
        let mut ext = Extensions {
            domain: reply.lines.first().and_then(|l| l.split_whitespace().next()).unwrap_or("").to_owned(),
            ..Extensions::default()
        };
        for line in reply.lines.iter().skip(1) {
            let line = line.trim();
            let (keyword, params) = match line.find([' ', '=']) {
                Some(i) => (&line[..i], line[i + 1..].trim()),
                None => (line, ""),
            };
            let keyword = keyword.to_ascii_uppercase();
            match keyword.as_str() {
                // A SIZE with an unparsable value is treated as "no fixed limit" rather than
                // dropped: the server still accepts the SIZE= parameter.
                "SIZE" => {
                    ext.size =
                        Some(params.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0))
                }
                "8BITMIME" => ext.eight_bit_mime = true,
                "SMTPUTF8" => ext.smtputf8 = true,
                "PIPELINING" => ext.pipelining = true,
                "STARTTLS" => ext.starttls = true,
                "ENHANCEDSTATUSCODES" => ext.enhanced_status_codes = true,
                "DSN" => ext.dsn = true,
                "CHUNKING" => ext.chunking = true,
                "AUTH" => {
                    for mechanism in params.split_whitespace() {
                        let mechanism = mechanism.to_ascii_uppercase();
                        if !ext.auth.contains(&mechanism) {
                            ext.auth.push(mechanism);
                        }
                    }
                }
                "" => {}
                _ => ext.other.push((keyword, params.to_owned())),
            }
        }
        ext
    }

    /// Whether a keyword was announced (for the ones without a field).
    pub fn has(&self, keyword: &str) -> bool {
        let keyword = keyword.to_ascii_uppercase();
        match keyword.as_str() {
            "SIZE" => self.size.is_some(),
            "8BITMIME" => self.eight_bit_mime,
            "SMTPUTF8" => self.smtputf8,
            "PIPELINING" => self.pipelining,
            "STARTTLS" => self.starttls,
            "ENHANCEDSTATUSCODES" => self.enhanced_status_codes,
            "DSN" => self.dsn,
            "CHUNKING" => self.chunking,
            "AUTH" => !self.auth.is_empty(),
            _ => self.other.iter().any(|(k, _)| *k == keyword),
        }
    }
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn reads_the_seed_ehlo_reply() {
        // From the worked SMTP AUTH examples in the reference texts (seeds/001_).
        let reply = Reply {
            code: 250,
            lines: vec![
                "mail.zeitform-services.de".into(),
                "AUTH LOGIN CRAM-MD5 PLAIN".into(),
                "AUTH=LOGIN CRAM-MD5 PLAIN".into(),
                "PIPELINING".into(),
                "8BITMIME".into(),
            ],
        };
        let ext = Extensions::from_ehlo(&reply);
        assert_eq!(ext.domain, "mail.zeitform-services.de");
        assert_eq!(ext.auth, ["LOGIN", "CRAM-MD5", "PLAIN"]);
        assert!(ext.pipelining && ext.eight_bit_mime && !ext.starttls && !ext.smtputf8);
        assert_eq!(ext.size, None);
    }

    #[test]
    fn reads_size_and_unknown_keywords() {
        let reply = Reply {
            code: 250,
            lines: vec!["xyz.de, pleased to meet you".into(), "size 461544960".into(), "XADR".into()],
        };
        let ext = Extensions::from_ehlo(&reply);
        assert_eq!(ext.domain, "xyz.de,");
        assert_eq!(ext.size, Some(461_544_960));
        assert!(ext.has("xadr") && !ext.has("DSN"));
    }
}
