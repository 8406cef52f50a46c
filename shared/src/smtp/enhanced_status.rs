//! Enhanced mail system status codes (RFC 3463, carried in replies per RFC 2034).

use std::fmt;

/// `class "." subject "." detail` (RFC 3463 section 2), e.g. `5.1.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnhancedStatusCode {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    pub class: u8,
    /// The subject: 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network and routing,
    /// 5 mail delivery protocol, 6 message content, 7 security or policy.
    pub subject: u16,
    /// The detail within the subject.
    pub detail: u16,
}

impl EnhancedStatusCode {
    /// A code from its parts.
    pub fn new(class: u8, subject: u16, detail: u16) -> Self {
        Self { class, subject, detail }
    }

    /// Parses a code at the start of `text`, followed by a space or the end; returns it and the
    /// rest of the text after the separating space.
    pub fn parse_prefix(text: &str) -> Option<(EnhancedStatusCode, &str)> {
        let (token, rest) = match text.find(' ') {
            Some(i) => (&text[..i], &text[i + 1..]),
            None => (text, ""),
        };
        let mut parts = token.split('.');
        let class = parts.next()?;
        let subject = parts.next()?;
        let detail = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        let class: u8 = match class {
            "2" => 2,
            "4" => 4,
            "5" => 5,
            _ => return None,
        };
        // RFC 3463: subject and detail are 1 to 3 digits.
        let number = |s: &str| -> Option<u16> {
            (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())?
        };
        Some((EnhancedStatusCode { class, subject: number(subject)?, detail: number(detail)? }, rest))
    }
}

impl fmt::Display for EnhancedStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
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
    fn parses_and_prints() {
        let (code, rest) = EnhancedStatusCode::parse_prefix("5.7.8 Error: authentication failed").unwrap();
        assert_eq!(code, EnhancedStatusCode::new(5, 7, 8));
        assert_eq!(rest, "Error: authentication failed");
        assert_eq!(code.to_string(), "5.7.8");
        assert_eq!(EnhancedStatusCode::parse_prefix("2.0.0").unwrap().1, "");
        for bad in ["", "ok", "3.1.1 x", "5.1", "5.1.1.1", "5.1000.1", "5..1", "5.a.1"] {
            assert_eq!(EnhancedStatusCode::parse_prefix(bad), None, "{bad}");
        }
    }
}
