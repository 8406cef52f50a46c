//! Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3).
//!
//! IMAP4rev1 predates UTF-8 mailbox names: "Entwürfe" travels as `Entw&APw-rfe`. The client keeps
//! names as Unicode and converts at the wire.

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
    fn broken_names_survive() {
        assert_eq!(decode(b"a&!!-b"), "a&!!-b");
        assert_eq!(decode(b"a&open"), "a&open");
    }
}
