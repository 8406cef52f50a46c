//! Chinese, Japanese and Korean mail: charsets the engine does not carry itself, read with the
//! decoder the app gives it (the browser's TextDecoder; here encoding_rs, which implements the same
//! WHATWG Encoding standard). The messages are built the way the mailers of those languages write
//! them: ISO-2022-JP in 7 bits with the subject split between encoded words in the middle of the
//! text, Shift_JIS in base64, EUC-KR in quoted-printable, GB2312 HTML, a Big5 file name.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use encoding_rs::{BIG5, EUC_KR, Encoding, GBK, ISO_2022_JP, SHIFT_JIS};
use posthorn_proto::imap::decode_words;
use posthorn_proto::message::charset::{is_foreign, set_external_decoder};
use posthorn_proto::message::read;

fn whatwg(label: &str, bytes: &[u8]) -> Option<String> {
    let encoding = Encoding::for_label(label.as_bytes())?;
    Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

fn install() {
    set_external_decoder(whatwg);
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text} fits {}", encoding.name());
    bytes.into_owned()
}

fn b_word(charset: &str, bytes: &[u8]) -> String {
    format!("=?{charset}?B?{}?=", STANDARD.encode(bytes))
}

#[test]
fn iso_2022_jp_split_between_encoded_words_and_a_7bit_body() {
    install();
    let subject = encode(ISO_2022_JP, "会議の議事録について");
    // Split in the middle of the escape-coded text, as some Japanese mailers do.
    let (first, second) = subject.split_at(9);
    let name = encode(ISO_2022_JP, "山田太郎");
    let body = encode(ISO_2022_JP, "お疲れ様です。\r\n明日の会議は十時からです。\r\n");
    let mut raw = format!(
        "From: {} <yamada@example.jp>\r\nTo: tanaka@example.jp\r\nSubject: {}\r\n {}\r\n\
         Date: Mon, 23 Nov 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n",
        b_word("ISO-2022-JP", &name),
        b_word("ISO-2022-JP", first),
        b_word("iso-2022-jp", second),
    )
    .into_bytes();
    raw.extend_from_slice(&body);
    let message = read(&raw).expect("a message");
    assert_eq!(message.subject, "会議の議事録について");
    assert_eq!(message.from[0].name.as_deref(), Some("山田太郎"));
    assert_eq!(message.from[0].address, "yamada@example.jp");
    assert_eq!(message.text, "お疲れ様です。\r\n明日の会議は十時からです。\r\n");
}

#[test]
fn shift_jis_base64_euc_kr_quoted_printable_gb2312_html_and_a_big5_file_name() {
    install();
    let sjis = STANDARD.encode(encode(SHIFT_JIS, "こんにちは、世界。"));
    let korean: String = encode(EUC_KR, "안녕하세요").iter().map(|b| format!("={b:02X}")).collect::<String>();
    let chinese = encode(GBK, "<p>你好，世界</p>");
    let file = encode(BIG5, "報告書.txt");
    let mut raw = format!(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: {}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n\
         --b2\r\nContent-Type: text/plain; charset=\"Shift_JIS\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{sjis}\r\n\
         --b2\r\nContent-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
        b_word("ks_c_5601-1987", &encode(EUC_KR, "회의")),
    )
    .into_bytes();
    raw.extend_from_slice(&chinese);
    raw.extend_from_slice(
        format!(
            "\r\n--b2--\r\n\
             --b1\r\nContent-Type: text/plain; charset=euc-kr\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Disposition: attachment; filename=\"{}\"\r\n\r\n{korean}\r\n--b1--\r\n",
            b_word("big5", &file)
        )
        .as_bytes(),
    );
    let message = read(&raw).expect("a message");
    assert_eq!(message.subject, "회의");
    assert_eq!(message.text.trim_end(), "こんにちは、世界。");
    assert_eq!(message.html.as_deref().map(str::trim_end), Some("<p>你好，世界</p>"));
    let attachment = &message.attachments[0];
    assert_eq!(attachment.name, "報告書.txt");
    // A text attachment is saved as UTF-8, as mail-parser does with the charsets it carries.
    assert_eq!(String::from_utf8_lossy(&attachment.content).trim_end(), "안녕하세요");
}

#[test]
fn list_rows_from_envelope_text_decode_too() {
    install();
    let word = b_word("Shift_JIS", &encode(SHIFT_JIS, "ご案内"));
    assert_eq!(decode_words(&format!("{word} (再送)")), "ご案内 (再送)");
    assert!(is_foreign("ISO-2022-JP") && is_foreign("\"shift_jis\"") && is_foreign("windows-874"));
    assert!(!is_foreign("UTF-8") && !is_foreign("iso-8859-1") && !is_foreign("windows-1252"));
}

/// Broken encoded words (cut short, bad base64 or hex, no end, nested `=?`) never panic and never
/// lose the text around them; a word the decoder does not know stays as written.
#[test]
fn broken_encoded_words_are_left_as_they_are() {
    install();
    let good = b_word("ISO-2022-JP", &encode(ISO_2022_JP, "日本"));
    for broken in [
        "=?ISO-2022-JP?B?GyRC",
        "=?ISO-2022-JP?B?!!!!?=",
        "=?ISO-2022-JP?Q?=ZZ?=",
        "=?ISO-2022-JP?Q?=1?=",
        "=?ISO-2022-JP?X?abc?=",
        "=?ISO-2022-JP??=",
        "=?=?=?",
        "=?",
        "=?x-posthorn-unknown?B?QUJD?=",
    ] {
        let text = format!("vor {broken} {good} nach");
        let decoded = decode_words(&text);
        assert!(decoded.starts_with("vor ") && decoded.ends_with(" nach"), "{broken}: {decoded}");
        assert!(decoded.contains("日本"), "the good word after {broken} still decodes: {decoded}");
    }
    // Every prefix of a message with foreign words reads without panicking.
    let raw = format!("Subject: {good}\r\n =?Shift_JIS?Q?=82=B1?=\r\n\r\nbody\r\n");
    for end in 0..=raw.len() {
        let _ = read(&raw.as_bytes()[..end]);
    }
}

/// Old Japanese mailers wrote ISO-2022-JP into headers as it is, without encoded words, and some
/// wrote raw Shift_JIS in the charset of the body: both read right, and Western mail with raw
/// Latin-1 in its header still reads as Windows-1252.
#[test]
fn raw_japanese_in_headers_reads_in_the_messages_charset() {
    install();
    let mut raw = b"From: a@example.jp\r\nSubject: ".to_vec();
    raw.extend_from_slice(&encode(ISO_2022_JP, "お知らせ"));
    raw.extend_from_slice(b"\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\nbody\r\n");
    assert_eq!(read(&raw).expect("a message").subject, "お知らせ");

    let mut raw = b"From: a@example.jp\r\nSubject: ".to_vec();
    raw.extend_from_slice(&encode(SHIFT_JIS, "ご注文の確認"));
    raw.extend_from_slice(
        b"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain;\r\n charset=\"Shift_JIS\"\r\n\r\n",
    );
    raw.extend_from_slice(&encode(SHIFT_JIS, "ありがとうございます"));
    let message = read(&raw).expect("a message");
    assert_eq!(message.subject, "ご注文の確認");
    assert_eq!(message.text, "ありがとうございます");

    let raw = b"From: a@example.de\r\nSubject: Gr\xfc\xdfe\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nx\r\n";
    assert_eq!(read(raw).expect("a message").subject, "Grüße");
}
