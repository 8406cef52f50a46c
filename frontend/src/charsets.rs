//! The browser's charset decoders (the WHATWG Encoding standard's `TextDecoder`) for the charsets
//! the engine does not carry: Chinese, Japanese and Korean mail (see
//! `posthorn_proto::message::charset`, which says why).

use web_sys::TextDecoder;

/// Decodes `bytes` in the charset `label`; `None` if the browser does not know the label (or
/// maps it to WHATWG's "replacement", as with ISO-2022-KR).
fn decode(label: &str, bytes: &[u8]) -> Option<String> {
    TextDecoder::new_with_label(label).ok()?.decode_with_u8_array(bytes).ok()
}

/// Gives the engine the browser's decoders; called once at start.
pub fn install() {
    posthorn_proto::message::charset::set_external_decoder(decode);
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn japanese_mail_reads_with_the_browsers_decoders() {
        install();
        // "会議" and "お疲れ様です。" in ISO-2022-JP (ESC $ B … ESC ( B), as Japanese mailers send them.
        let subject = "=?ISO-2022-JP?B?GyRCMnE1RBsoQg==?=";
        let mut raw = format!(
            "From: a@example.jp\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
        )
        .into_bytes();
        raw.extend_from_slice(b"\x1b$B$*Hh$lMM$G$9!#\x1b(B\r\n");
        let message = posthorn_proto::message::read(&raw).expect("a message");
        assert_eq!(message.subject, "会議");
        assert_eq!(message.text, "お疲れ様です。\r\n");
        assert_eq!(decode("shift_jis", b"\x82\xb1\x82\xf1"), Some("こん".into()));
        assert_eq!(decode("no-such-charset", b"x"), None);
    }
}
