//! Mailbox addresses as they appear in `MAIL FROM:<…>` and `RCPT TO:<…>` (RFC 5321 section 4.1.2).

use std::fmt;

use thiserror::Error;

/// RFC 5321 section 4.5.3.1.1.
const MAX_LOCAL_PART: usize = 64;
/// RFC 5321 section 4.5.3.1.2.
const MAX_DOMAIN: usize = 255;
/// RFC 5321 section 4.5.3.1.3: a path is at most 256 octets including the angle brackets.
const MAX_MAILBOX: usize = 254;

/// Why a string cannot be used as an address on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AddressError {
    /// Nothing was given.
    #[error("the address is empty")]
    Empty,
    /// Longer than RFC 5321 allows.
    #[error("the address is longer than {limit} characters")]
    TooLong {
        /// Which limit.
        limit: usize,
    },
    /// A character that would change the command (CR, LF, NUL, other controls, `<`, `>`) or that
    /// an unquoted address cannot contain (spaces).
    #[error("the address contains a character that is not allowed there ({0})")]
    ForbiddenCharacter(String),
    /// No `@`, or nothing before or after it.
    #[error("the address needs the form name@domain")]
    NotAMailbox,
    /// The domain is not a host name or address literal.
    #[error("the domain part of the address is not valid")]
    BadDomain,
}

/// A validated `Mailbox` (RFC 5321 section 4.1.2): `Local-part "@" ( Domain / address-literal )`.
///
/// Construction rejects anything that could become protocol syntax (ARCHITECTURE.md, *User input
/// never becomes protocol syntax*), so a `Mailbox` can be written between `<` and `>` as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox(String);

impl Mailbox {
    /// Validates an address such as `eva@test.de`. Surrounding whitespace and one pair of angle
    /// brackets are removed first, since people paste `<a@b>`.
    pub fn new(address: &str) -> Result<Self, AddressError> {
        let trimmed = address.trim_matches([' ', '\t']);
        let trimmed = trimmed.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(trimmed);
        if trimmed.is_empty() {
            return Err(AddressError::Empty);
        }
        if let Some(c) = trimmed.chars().find(|c| c.is_control() || matches!(c, '<' | '>' | ' ' | '\u{a0}')) {
            return Err(AddressError::ForbiddenCharacter(describe(c)));
        }
        if trimmed.len() > MAX_MAILBOX {
            return Err(AddressError::TooLong { limit: MAX_MAILBOX });
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(AddressError::NotAMailbox)?;
        if local.is_empty() || domain.is_empty() {
            return Err(AddressError::NotAMailbox);
        }
        if local.len() > MAX_LOCAL_PART {
            return Err(AddressError::TooLong { limit: MAX_LOCAL_PART });
        }
        if domain.len() > MAX_DOMAIN {
            return Err(AddressError::TooLong { limit: MAX_DOMAIN });
        }
        validate_local_part(local)?;
        validate_domain(domain)?;
        Ok(Mailbox(trimmed.to_owned()))
    }

    /// The address text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the address needs the SMTPUTF8 extension (RFC 6531 section 3.3).
    pub fn needs_smtputf8(&self) -> bool {
        !self.0.is_ascii()
    }
}

impl fmt::Display for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Mailbox {
    type Err = AddressError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mailbox::new(s)
    }
}

fn describe(c: char) -> String {
    match c {
        '\r' => "carriage return".into(),
        '\n' => "line feed".into(),
        '\0' => "NUL".into(),
        ' ' | '\u{a0}' => "space".into(),
        c if c.is_control() => format!("control character U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

/// `Dot-string / Quoted-string` (RFC 5321 section 4.1.2), leniently: consecutive dots are accepted
/// because real mailboxes have them, but the specials that end an address are not.
fn validate_local_part(local: &str) -> Result<(), AddressError> {
    if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        // qtextSMTP and quoted-pairSMTP: anything printable, with `"` and `\` escaped.
        let inner = &local[1..local.len() - 1];
        let mut escaped = false;
        for c in inner.chars() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => return Err(AddressError::ForbiddenCharacter(describe(c))),
                _ => {}
            }
        }
        return if escaped { Err(AddressError::ForbiddenCharacter("'\\'".into())) } else { Ok(()) };
    }
    if let Some(c) =
        local.chars().find(|c| matches!(c, '(' | ')' | '[' | ']' | ':' | ';' | '@' | '\\' | ',' | '"'))
    {
        return Err(AddressError::ForbiddenCharacter(describe(c)));
    }
    Ok(())
}

/// `Domain / address-literal` (RFC 5321 section 4.1.2, RFC 6531 section 3.3 for U-labels).
fn validate_domain(domain: &str) -> Result<(), AddressError> {
    if let Some(literal) = domain.strip_prefix('[') {
        let inner = literal.strip_suffix(']').ok_or(AddressError::BadDomain)?;
        let ok = !inner.is_empty()
            && inner.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-'));
        return if ok { Ok(()) } else { Err(AddressError::BadDomain) };
    }
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    for label in domain.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(AddressError::BadDomain);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "eva@test.de",
            "<tom@test.de>",
            " a.b+c@sub.example.org ",
            "\"x.y\"@example.com",
            "user@[192.0.2.1]",
            "jörg@bücher.de",
        ] {
            assert!(Mailbox::new(ok).is_ok(), "{ok}");
        }
        // Spaces are refused even inside a quoted local part: rare, and one less way to go wrong.
        assert!(Mailbox::new("\"x y\"@example.com").is_err());
        assert!(Mailbox::new("jörg@bücher.de").unwrap().needs_smtputf8());
        assert!(!Mailbox::new("eva@test.de").unwrap().needs_smtputf8());
    }

    #[test]
    fn refuses_what_would_become_syntax() {
        for bad in [
            "eva@test.de\r\nRCPT TO:<x@y>",
            "eva@test.de\n",
            "eva\0@test.de",
            "a>b@c.d",
            "a<b@c.d",
            "a b@c.d",
            "eva@test.de>",
        ] {
            assert!(matches!(Mailbox::new(bad), Err(AddressError::ForbiddenCharacter(_))), "{bad:?}");
        }
    }

    #[test]
    fn refuses_malformed_and_long_addresses() {
        assert_eq!(Mailbox::new(""), Err(AddressError::Empty));
        assert_eq!(Mailbox::new("<>"), Err(AddressError::Empty));
        assert_eq!(Mailbox::new("no-at-sign"), Err(AddressError::NotAMailbox));
        assert_eq!(Mailbox::new("@test.de"), Err(AddressError::NotAMailbox));
        assert_eq!(Mailbox::new("a@-bad-.de"), Err(AddressError::BadDomain));
        assert_eq!(Mailbox::new("a@b..de"), Err(AddressError::BadDomain));
        let long_local = format!("{}@x.de", "a".repeat(65));
        assert_eq!(Mailbox::new(&long_local), Err(AddressError::TooLong { limit: 64 }));
        let long = format!("a@{}.de", "b".repeat(260));
        assert_eq!(Mailbox::new(&long), Err(AddressError::TooLong { limit: 254 }));
    }
}
