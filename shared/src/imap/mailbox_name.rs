//! Mailbox names (RFC 3501 section 5.1.3, RFC 6855 section 3).
//!
//! IMAP4rev1 predates UTF-8 mailbox names: "Entwürfe" travels as `Entw&APw-rfe`; after
//! `ENABLE UTF8=ACCEPT` (RFC 6855) it travels as UTF-8. A [`MailboxName`] is always the wire
//! form: the name a server lists is sent back byte for byte, and text a person typed is encoded
//! exactly once, by [`MailboxName::encode`]. Decoding is for display only ([`decode`]), so a
//! displayed name never finds its way back into a command.

use base64::Engine;
use base64::alphabet::Alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// The modified BASE64 of RFC 3501 section 5.1.3: `,` instead of `/`, no padding.
fn engine() -> GeneralPurpose {
    // The alphabet is a constant with 64 distinct characters, so this cannot fail.
    #[allow(clippy::expect_used)]
    let alphabet = Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
        .expect("valid alphabet");
    GeneralPurpose::new(
        &alphabet,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone),
    )
}

/// A mailbox name as it travels on the wire.
///
/// Built from what the server sent ([`MailboxName::from_wire`]) or from text a person typed
/// ([`MailboxName::encode`]); there is deliberately no conversion from a plain string, so a
/// display name cannot be mistaken for a wire name or encoded twice. Serialised as the wire
/// string.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct MailboxName(String);

impl MailboxName {
    /// `INBOX`, the one name every server has (RFC 3501 section 5.1).
    pub fn inbox() -> Self {
        Self("INBOX".to_owned())
    }

    /// A name exactly as the server sent it (LIST, LSUB, STATUS, NAMESPACE), or as stored from
    /// an earlier session; it goes back unchanged.
    pub fn from_wire(wire: impl Into<String>) -> Self {
        Self(wire.into())
    }

    /// A name a person typed, encoded once: modified UTF-7 (RFC 3501 section 5.1.3), or
    /// unchanged UTF-8 where UTF8=ACCEPT is enabled (RFC 6855 section 3).
    pub fn encode(display: &str, utf8: bool) -> Self {
        if utf8 { Self(display.to_owned()) } else { Self(encode(display)) }
    }

    /// A child of this mailbox: `leaf` (typed text, encoded once) after the hierarchy
    /// delimiter (RFC 3501 section 5.1.1); the parent's wire form is kept as it is.
    pub fn child(&self, leaf: &str, delimiter: char, utf8: bool) -> Self {
        let leaf = Self::encode(leaf, utf8);
        Self(format!("{}{delimiter}{}", self.0, leaf.0))
    }

    /// The wire form.
    pub fn as_wire(&self) -> &str {
        &self.0
    }

    /// Whether this is the inbox (`INBOX` in any case, RFC 3501 section 5.1).
    pub fn is_inbox(&self) -> bool {
        self.0.eq_ignore_ascii_case("INBOX")
    }

    /// The name for display: decoded from modified UTF-7, or as it is where UTF8=ACCEPT is
    /// enabled (the server then sends UTF-8, RFC 6855 section 3).
    pub fn display(&self, utf8: bool) -> String {
        if utf8 { self.0.clone() } else { decode(self.0.as_bytes()) }
    }
}

/// Encodes a Unicode mailbox name for the wire.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&engine().encode(bytes));
        out.push('-');
        pending.clear();
    };
    for ch in name.chars() {
        if (' '..='~').contains(&ch) {
            flush(&mut pending, &mut out);
            if ch == '&' {
                out.push_str("&-");
            } else {
                out.push(ch);
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(ch.encode_utf16(&mut units));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// Decodes a name from the wire. Anything that is not valid modified UTF-7 (servers with
/// UTF8=ACCEPT, broken names) is kept as it was, lossily as UTF-8, so a name is never lost.
pub fn decode(wire: &[u8]) -> String {
    let text = String::from_utf8_lossy(wire);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(dash) = after.find('-') else {
            out.push_str(&rest[amp..]);
            return out;
        };
        let encoded = &after[..dash];
        if encoded.is_empty() {
            out.push('&');
        } else {
            match decode_run(encoded) {
                Some(decoded) => out.push_str(&decoded),
                None => out.push_str(&rest[amp..amp + 1 + dash + 1]),
            }
        }
        rest = &after[dash + 1..];
    }
    out.push_str(rest);
    out
}

fn decode_run(encoded: &str) -> Option<String> {
    let bytes = engine().decode(encoded).ok()?;
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
    String::from_utf16(&units).ok()
}

/// Why a name typed for a folder cannot be one level of a mailbox name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafProblem {
    /// Nothing but white space.
    Empty,
    /// It holds this character: the hierarchy delimiter (it would make two levels, RFC 3501
    /// section 5.1.1), a LIST wildcard `*` or `%` (section 6.3.8: the folder could not be listed
    /// by itself), or a control character.
    Holds(char),
}

/// Checks one level of a folder name as a person typed it, before it is encoded
/// ([`MailboxName::encode`], [`MailboxName::child`]); `delimiter` is the server's hierarchy
/// delimiter from LIST.
pub fn check_leaf(leaf: &str, delimiter: Option<char>) -> Result<(), LeafProblem> {
    if leaf.trim().is_empty() {
        return Err(LeafProblem::Empty);
    }
    match leaf.chars().find(|&c| Some(c) == delimiter || c == '*' || c == '%' || c.is_control()) {
        Some(c) => Err(LeafProblem::Holds(c)),
        None => Ok(()),
    }
}

/// A mailbox's parent (its wire name up to the last delimiter) and its last level, as on the
/// wire; no parent for a top-level name or a flat namespace.
pub fn split_leaf(name: &MailboxName, delimiter: Option<char>) -> (Option<MailboxName>, &str) {
    match delimiter.and_then(|d| name.as_wire().rsplit_once(d)) {
        Some((parent, leaf)) => (Some(MailboxName::from_wire(parent)), leaf),
        None => (None, name.as_wire()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_3501_examples_round_trip() {
        // RFC 3501 section 5.1.3's example, and a German one.
        assert_eq!(encode("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assert_eq!(decode(b"~peter/mail/&U,BTFw-/&ZeVnLIqe-"), "~peter/mail/台北/日本語");
        assert_eq!(encode("Entwürfe"), "Entw&APw-rfe");
        assert_eq!(decode(b"Entw&APw-rfe"), "Entwürfe");
        assert_eq!(encode("A&B"), "A&-B");
        assert_eq!(decode(b"A&-B"), "A&B");
    }

    #[test]
    fn astral_characters_and_runs_round_trip() {
        // Outside the BMP a character is a UTF-16 surrogate pair inside one base64 run.
        for name in ["📁 Ordner", "Ä&Ö", "a&-b", "日本語/下書き", "~&", "Grüße, Äpfel & Öl"] {
            assert_eq!(decode(encode(name).as_bytes()), name, "{name}");
            assert!(encode(name).is_ascii());
        }
    }

    #[test]
    fn names_are_encoded_once() {
        let typed = MailboxName::encode("Entwürfe", false);
        assert_eq!(typed.as_wire(), "Entw&APw-rfe");
        assert_eq!(typed.display(false), "Entwürfe");
        let listed = MailboxName::from_wire("INBOX.Entw&APw-rfe");
        assert_eq!(listed.child("Grün", '.', false).as_wire(), "INBOX.Entw&APw-rfe.Gr&APw-n");
        assert_eq!(MailboxName::encode("Entwürfe", true).as_wire(), "Entwürfe");
        assert_eq!(MailboxName::from_wire("Tom&Jerry-x").display(true), "Tom&Jerry-x");
        assert_eq!(serde_json::to_string(&listed).unwrap(), "\"INBOX.Entw&APw-rfe\"");
    }

    #[test]
    fn broken_names_survive() {
        assert_eq!(decode(b"a&!!-b"), "a&!!-b");
        assert_eq!(decode(b"a&open"), "a&open");
    }

    #[test]
    fn typed_levels_are_checked_before_encoding() {
        assert_eq!(check_leaf("Reisen – Köln", Some('/')), Ok(()));
        assert_eq!(check_leaf("  ", Some('/')), Err(LeafProblem::Empty));
        assert_eq!(check_leaf("a/b", Some('/')), Err(LeafProblem::Holds('/')));
        assert_eq!(check_leaf("a.b", Some('/')), Ok(()));
        assert_eq!(check_leaf("a.b", Some('.')), Err(LeafProblem::Holds('.')));
        assert_eq!(check_leaf("100%", None), Err(LeafProblem::Holds('%')));
        assert_eq!(check_leaf("tab\there", None), Err(LeafProblem::Holds('\t')));
    }

    #[test]
    fn a_name_splits_into_parent_and_leaf_on_the_wire() {
        let name = MailboxName::from_wire("INBOX.Entw&APw-rfe.Gr&APw-n");
        let (parent, leaf) = split_leaf(&name, Some('.'));
        assert_eq!(parent, Some(MailboxName::from_wire("INBOX.Entw&APw-rfe")));
        assert_eq!(leaf, "Gr&APw-n");
        assert_eq!(split_leaf(&MailboxName::from_wire("Work"), Some('/')), (None, "Work"));
        assert_eq!(split_leaf(&MailboxName::from_wire("a.b"), None), (None, "a.b"));
    }
}
