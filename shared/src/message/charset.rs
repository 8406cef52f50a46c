//! Charsets the engine does not carry: those of Chinese, Japanese and Korean mail (Shift_JIS,
//! ISO-2022-JP, EUC-JP, GBK/GB18030, Big5, EUC-KR) and a few single-byte ones mail-parser only
//! knows with its `full_encoding` tables (Windows-874, IBM866, x-mac-cyrillic). Those tables would
//! add about 100 KB gzip to the app, while every browser carries them already (the WHATWG Encoding
//! standard's `TextDecoder`), so the app hands the engine a decoder at start
//! ([`set_external_decoder`]). Without one, such text reads as mail-parser leaves it: UTF-8 with
//! replacement characters.
//!
//! Two places need it. Encoded words (RFC 2047) in those charsets are decoded and written back as
//! UTF-8 encoded words before mail-parser reads the message ([`with_foreign_words`]), so subjects,
//! display names and attachment names come out right; and a text part in such a charset is
//! decoded again from its transfer-decoded bytes ([`foreign_body`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Encoding, MessagePart, MimeHeaders};

/// Decodes `bytes` in the charset named `label` (a MIME charset name, as written in the
/// message); `None` if it does not know the label.
pub type ExternalDecoder = fn(label: &str, bytes: &[u8]) -> Option<String>;

static EXTERNAL: OnceLock<ExternalDecoder> = OnceLock::new();

/// Gives the engine a decoder for the charsets it does not carry. The first one given stays.
pub fn set_external_decoder(decoder: ExternalDecoder) {
    let _ = EXTERNAL.set(decoder);
}

/// Labels (lower case, `-` as `_`, as mail-parser normalises them) that mail-parser maps to a
/// decoder it only has with `full_encoding`; without it, those decoders read the bytes as UTF-8.
const LOSSY_WITHOUT_TABLES: &[&str] = &[
    // Shift_JIS, EUC-JP, ISO-2022-JP
    "csshiftjis",
    "ms932",
    "ms_kanji",
    "shift_jis",
    "sjis",
    "windows_31j",
    "x_sjis",
    "cseucpkdfmtjapanese",
    "euc_jp",
    "extended_unix_code_packed_format_for_japanese",
    "x_euc_jp",
    "csiso2022jp",
    "iso_2022_jp",
    // Big5, GBK, GB18030
    "big5",
    "big5_hkscs",
    "cn_big5",
    "csbig5",
    "x_x_big5",
    "chinese",
    "cp936",
    "csgb18030",
    "csgb2312",
    "csgbk",
    "csiso58gb231280",
    "gb18030",
    "gb2312",
    "gb_2312",
    "gb_2312_80",
    "gbk",
    "iso_ir_58",
    "ms936",
    "windows_936",
    "x_gbk",
    // EUC-KR
    "cseuckr",
    "csksc56011987",
    "euc_kr",
    "iso_ir_149",
    "korean",
    "ks_c_5601_1987",
    "ks_c_5601_1989",
    "ksc5601",
    "ksc_5601",
    "windows_949",
    // Single-byte ones that live with the multi-byte decoders in mail-parser.
    "cswindows874",
    "dos_874",
    "windows_874",
    "866",
    "cp866",
    "csibm866",
    "ibm866",
    "x_mac_cyrillic",
    "x_mac_ukrainian",
];

/// Whether text in `label` needs the external decoder: mail-parser would read it as UTF-8.
pub fn is_foreign(label: &str) -> bool {
    let label = label.trim().trim_matches('"');
    let normal: String = label.chars().map(|c| if c == '-' { '_' } else { c.to_ascii_lowercase() }).collect();
    if matches!(normal.as_str(), "utf_8" | "utf8" | "us_ascii" | "") {
        return false;
    }
    LOSSY_WITHOUT_TABLES.contains(&normal.as_str()) || charset_decoder(label.as_bytes()).is_none()
}

/// A raw header line (no encoded words) in a charset the engine does not carry, decoded; `None`
/// when it is not one. Old Japanese mailers wrote ISO-2022-JP into headers as it is, which is
/// 7-bit and recognisable by its escape sequences (`ESC $ B`, `ESC $ @`); others wrote raw 8-bit
/// text in the charset the message's body is in (`message_charset`), as Thunderbird assumes too.
pub(crate) fn raw_header_line(line: &[u8], message_charset: Option<&str>) -> Option<String> {
    if line.windows(2).any(|w| w == b"\x1b$") {
        return external("iso-2022-jp", line);
    }
    let eight_bit = !line.is_ascii() && std::str::from_utf8(line).is_err();
    match message_charset {
        Some(label) if eight_bit && is_foreign(label) => external(label, line),
        _ => None,
    }
}

/// Decodes with the external decoder, if there is one and it knows the label.
fn external(label: &str, bytes: &[u8]) -> Option<String> {
    EXTERNAL.get()?(label.trim().trim_matches('"'), bytes)
}

/// One encoded word found in the input.
struct Word<'a> {
    /// Where it ends in the input.
    end: usize,
    /// The charset, without an RFC 2231 language suffix.
    charset: &'a str,
    /// The decoded bytes.
    bytes: Vec<u8>,
}

/// Reads the encoded word (`=?charset?B|Q?text?=`, RFC 2047 section 2) starting at `start`.
fn word_at(input: &[u8], start: usize) -> Option<Word<'_>> {
    let rest = input.get(start..)?.strip_prefix(b"=?")?;
    let charset_len = rest.iter().take(76).position(|&b| b == b'?')?;
    let charset = std::str::from_utf8(&rest[..charset_len]).ok()?;
    let charset = charset.split('*').next().unwrap_or(charset);
    let rest = &rest[charset_len + 1..];
    let (&encoding, rest) = rest.split_first()?;
    let rest = rest.strip_prefix(b"?")?;
    let text_len = rest.windows(2).take(1000).position(|w| w == b"?=")?;
    let text = &rest[..text_len];
    if text.iter().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let bytes = match encoding.to_ascii_uppercase() {
        b'B' => base64_decode(text)?,
        b'Q' => q_decode(text)?,
        _ => return None,
    };
    let end = start + 2 + charset_len + 1 + 2 + text_len + 2;
    Some(Word { end, charset, bytes })
}

/// The "Q" encoding (RFC 2047 section 4.2): `_` is a space, `=XX` a byte.
fn q_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = std::str::from_utf8(text.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

/// The input with every run of encoded words in a foreign charset (see [`is_foreign`]) decoded
/// and written back as one UTF-8 encoded word. Adjacent words in the same charset are decoded
/// together: Japanese mailers split ISO-2022-JP text between words in the middle of a character
/// or escape sequence, which RFC 2047 forbids but readers must cope with. Unchanged (borrowed)
/// when there is no decoder or nothing foreign; a word the decoder does not know stays as it is.
///
/// Run over the whole message, not only its header sections: an encoded word cannot occur in a
/// base64 or quoted-printable body (`?` is not base64, and quoted-printable writes `=` as `=3D`),
/// so only a 7- or 8-bit text that spells one out literally would be touched.
pub fn with_foreign_words(input: &[u8]) -> Cow<'_, [u8]> {
    if EXTERNAL.get().is_none() {
        return Cow::Borrowed(input);
    }
    let mut out: Vec<u8> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = input[at..].windows(2).position(|w| w == b"=?") {
        let start = at + found;
        let Some(first) = word_at(input, start).filter(|w| is_foreign(w.charset)) else {
            at = start + 2;
            continue;
        };
        let charset = first.charset;
        let mut bytes = first.bytes;
        let mut end = first.end;
        // Whitespace (folding included) between two encoded words is not text (section 6.2).
        loop {
            let gap = input[end..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            match word_at(input, end + gap) {
                Some(next) if gap > 0 && next.charset.eq_ignore_ascii_case(charset) => {
                    bytes.extend_from_slice(&next.bytes);
                    end = next.end;
                }
                _ => break,
            }
        }
        if let Some(text) = external(charset, &bytes) {
            out.extend_from_slice(&input[copied..start]);
            out.extend_from_slice(b"=?utf-8?b?");
            out.extend_from_slice(STANDARD.encode(text.as_bytes()).as_bytes());
            out.extend_from_slice(b"?=");
            copied = end;
        }
        at = end;
    }
    if copied == 0 {
        return Cow::Borrowed(input);
    }
    out.extend_from_slice(&input[copied..]);
    Cow::Owned(out)
}

/// The text of a part whose charset is foreign, decoded from its raw bytes; `None` when the
/// charset is not foreign, there is no decoder, or it does not know the charset.
pub(crate) fn foreign_body(message: &mail_parser::Message<'_>, part: &MessagePart<'_>) -> Option<String> {
    let content_type = part.content_type()?;
    let label = content_type.attribute("charset")?;
    if !content_type.ctype().eq_ignore_ascii_case("text") || !is_foreign(label) {
        return None;
    }
    EXTERNAL.get()?;
    let raw = message.raw_message.get(part.offset_body as usize..part.offset_end as usize)?;
    let bytes = match part.encoding {
        Encoding::Base64 => Cow::Owned(base64_decode(raw)?),
        Encoding::QuotedPrintable => Cow::Owned(quoted_printable_decode(raw)?),
        Encoding::None => Cow::Borrowed(raw),
    };
    external(label, &bytes)
}
