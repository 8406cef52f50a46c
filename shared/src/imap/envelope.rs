//! The ENVELOPE of a message (RFC 3501 section 7.4.2) as plain owned values, with RFC 2047
//! encoded words decoded so the UI can show them.

use imap_codec::imap_types::core::NString;
use imap_codec::imap_types::envelope::{Address as WireAddress, Envelope as WireEnvelope};
use mail_parser::HeaderValue;
use mail_parser::parsers::MessageStream;

/// A mailbox address from an envelope (RFC 3501 section 7.4.2, `address`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// The display name, decoded (`Adam`), if any.
    pub name: Option<String>,
    /// `mailbox@host`; only the local part for addresses without host, empty for group markers.
    pub address: String,
}

/// The parsed envelope of a message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Envelope {
    /// The Date header as sent.
    pub date: Option<String>,
    /// The Date header as seconds since the Unix epoch, if it parses (RFC 5322 section 3.3).
    pub date_unix: Option<i64>,
    /// The subject, RFC 2047 encoded words decoded.
    pub subject: Option<String>,
    /// From.
    pub from: Vec<Address>,
    /// Sender.
    pub sender: Vec<Address>,
    /// Reply-To.
    pub reply_to: Vec<Address>,
    /// To.
    pub to: Vec<Address>,
    /// Cc.
    pub cc: Vec<Address>,
    /// Bcc.
    pub bcc: Vec<Address>,
    /// In-Reply-To as sent.
    pub in_reply_to: Option<String>,
    /// Message-ID as sent.
    pub message_id: Option<String>,
}

impl Envelope {
    pub(crate) fn from_wire(wire: &WireEnvelope<'_>) -> Self {
        let date = nstring_text(&wire.date);
        let date_unix =
            date.as_deref().and_then(mail_parser::DateTime::parse_rfc822).map(|d| d.to_timestamp());
        Self {
            date_unix,
            date,
            subject: wire.subject.0.as_ref().map(|s| header_text(s.as_ref())),
            from: addresses(&wire.from),
            sender: addresses(&wire.sender),
            reply_to: addresses(&wire.reply_to),
            to: addresses(&wire.to),
            cc: addresses(&wire.cc),
            bcc: addresses(&wire.bcc),
            in_reply_to: nstring_text(&wire.in_reply_to),
            message_id: nstring_text(&wire.message_id),
        }
    }
}

/// The bytes of an NString as text: servers pass raw 8-bit header bytes through as they are, so
/// anything that is not UTF-8 is read as Windows-1252 ([`crate::message::unlabelled_text`]).
pub(crate) fn nstring_text(value: &NString<'_>) -> Option<String> {
    value.0.as_ref().map(|s| crate::message::unlabelled_text(s.as_ref()).into_owned())
}

fn addresses(list: &[WireAddress<'_>]) -> Vec<Address> {
    list.iter()
        // Group syntax (RFC 3501 section 7.4.2: NIL host marks group start/end) carries no address.
        .filter(|a| a.host.0.is_some())
        .map(|a| {
            let mailbox = nstring_text(&a.mailbox).unwrap_or_default();
            let host = nstring_text(&a.host).unwrap_or_default();
            let address = if host.is_empty() { mailbox } else { format!("{mailbox}@{host}") };
            let name = a.name.0.as_ref().map(|n| header_text(n.as_ref())).filter(|n| !n.is_empty());
            Address { name, address }
        })
        .collect()
}

/// Header text as a server passes it on (in ENVELOPE, or a BODYSTRUCTURE parameter): RFC 2047
/// encoded words decoded, raw ISO-2022-JP decoded, other raw 8-bit bytes read by
/// [`crate::message::unlabelled_text`]. The
/// bytes of a value with encoded words go to mail-parser as they are, because some clients (Eudora
/// 4) put raw 8-bit bytes inside an encoded word, meant in the charset the word names.
pub(crate) fn header_text(raw: &[u8]) -> String {
    if raw.windows(2).any(|w| w == b"=?") {
        let mut input = crate::message::charset::with_foreign_words(raw).into_owned();
        input.extend_from_slice(b"\r\n");
        if let HeaderValue::Text(text) = MessageStream::new(&input).parse_unstructured() {
            return text.into_owned();
        }
    }
    // Raw ISO-2022-JP, as old Japanese mailers wrote it, is known by its escape sequences.
    crate::message::charset::raw_header_line(raw, None)
        .unwrap_or_else(|| crate::message::unlabelled_text(raw).into_owned())
}

/// Decodes RFC 2047 encoded words (`=?utf-8?q?...?=`) in an unstructured header value.
pub fn decode_words(value: &str) -> String {
    if !value.contains("=?") {
        return value.to_owned();
    }
    let mut input = crate::message::charset::with_foreign_words(value.as_bytes()).into_owned();
    input.extend_from_slice(b"\r\n");
    match MessageStream::new(&input).parse_unstructured() {
        HeaderValue::Text(text) => text.into_owned(),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_encoded_words() {
        assert_eq!(decode_words("=?iso-8859-1?q?Beispiel_f=FCr?= IMAP"), "Beispiel für IMAP");
        assert_eq!(decode_words("=?UTF-8?B?R3LDvMOfZQ==?="), "Grüße");
        assert_eq!(decode_words("plain"), "plain");
    }

    #[test]
    fn encoded_words_keep_raw_8_bit_bytes_in_their_own_charset() {
        assert_eq!(
            header_text(b"=?iso-8859-1?Q?Die_Hasen_und_die_Fr\xf6sche?="),
            "Die Hasen und die Frösche"
        );
        assert_eq!(header_text(b"=?UTF-8?B?R3LDvMOfZQ==?= aus Fr\xc3\xb6sch"), "Grüße aus Frösch");
        assert_eq!(header_text(b"Fr\xf6sche"), "Frösche");
        assert_eq!(header_text(b""), "");
    }

    #[test]
    fn raw_8_bit_bytes_are_read_as_windows_1252_unless_they_are_utf_8() {
        let latin1 = NString(Some(
            imap_codec::imap_types::core::IString::try_from(b"Fr\xf6sche \x80".to_vec()).unwrap(),
        ));
        assert_eq!(nstring_text(&latin1).as_deref(), Some("Frösche €"));
        let utf8 = NString(Some(
            imap_codec::imap_types::core::IString::try_from("Frösche €".as_bytes().to_vec()).unwrap(),
        ));
        assert_eq!(nstring_text(&utf8).as_deref(), Some("Frösche €"));
    }
}
