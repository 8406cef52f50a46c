//! The reader over mail written by real clients (`corpus/real/`, see its README): every message
//! reads, and what those clients put in them comes out decoded.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[path = "support/parse_corpus.rs"]
#[allow(dead_code, reason = "only the real-world half of the corpus is read here")]
mod parse_corpus;

use posthorn_proto::message::{ReadableMessage, read};

fn all() -> Vec<(&'static str, ReadableMessage)> {
    parse_corpus::real()
        .into_iter()
        .map(|(name, raw)| (name, read(raw).unwrap_or_else(|| panic!("{name} did not read"))))
        .collect()
}

#[test]
fn every_message_reads() {
    assert_eq!(all().len(), 74);
}

#[test]
fn subjects_are_decoded_whatever_the_client_did() {
    for (name, m) in all() {
        if !m.subject.contains("Fr") || !m.subject.starts_with("Die Hasen") {
            continue;
        }
        // legacy-034 writes its Subject in raw UTF-7 (`Fr+APY-sche`), which no mail client decodes
        // outside an encoded word.
        if name == "legacy-034.eml" {
            assert_eq!(m.subject, "Die Hasen und die Fr+APY-sche");
            continue;
        }
        assert!(m.subject.contains("Frösche"), "{name}: {:?}", m.subject);
    }
    let japanese = all().into_iter().find(|(name, _)| *name == "thirdparty-010.eml").unwrap().1;
    assert_eq!(japanese.subject, "こんにちは");
}

#[test]
fn attachments_come_out_decoded() {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut pngs = 0;
    for (name, m) in all() {
        for a in m.attachments.iter().filter(|a| a.mime_type == "image/png") {
            assert!(a.content.starts_with(PNG), "{name}: {} is not a PNG after decoding", a.name);
            pngs += 1;
        }
    }
    assert!(pngs >= 60, "{pngs} PNG attachments");
}

#[test]
fn bodies_are_decoded_from_every_charset_and_encoding() {
    // The German fable, sent as ISO-8859-1, Windows-1252 and UTF-7, quoted-printable or 8bit, alone
    // or beside HTML: its second sentence has three non-ASCII letters.
    let fables: Vec<_> = all().into_iter().filter(|(_, m)| m.text.contains("Die Hasen klagten")).collect();
    assert!(fables.len() >= 20, "{} messages with the fable's text", fables.len());
    for (name, m) in fables {
        // legacy-033 declares UTF-8 but holds ISO-8859-1: a declared charset is trusted, and the
        // bytes that are not UTF-8 show as U+FFFD, as in Thunderbird and browsers.
        if name == "legacy-033.eml" {
            assert!(m.text.contains("einst \u{fffd}ber"), "{:?}", m.text.get(..200));
            continue;
        }
        // legacy-034's UTF-7 is wrong at the source (Netscape 4.7 wrote `Fr+XKM-he` for
        // "Frösche"): decoded as written, it shows other characters.
        if name == "legacy-034.eml" {
            assert!(m.text.starts_with("Die Hasen und die Fr\u{5ca3}he"), "{:?}", m.text.get(..200));
            continue;
        }
        assert!(m.text.contains("über ihre mißliche Lage"), "{name}: {:?}", m.text.get(..200));
    }
}
