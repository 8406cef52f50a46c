//! Reading real-world messages: charsets, alternatives, attachments, nested messages, garbage.

use super::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const LATIN1: &[u8] = b"From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@example.de>\r\n\
To: alice@posthorn.test\r\n\
Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\r\n\
Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n\
Message-ID: <abc@example.de>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=ISO-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Sch=F6ne Gr=FC=DFe, =E4=F6=FC=DF.\r\n";

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn reads_iso_8859_1_headers_and_body() {
    let m = read(LATIN1).expect("parses");
    assert_eq!(m.subject, "Grüße aus Köln");
    assert_eq!(m.from[0].name.as_deref(), Some("Jürgen Müller"));
    assert_eq!(m.from[0].address, "juergen@example.de");
    assert!(m.text.contains("Schöne Grüße, äöüß."), "{:?}", m.text);
    assert_eq!(m.message_id.as_deref(), Some("abc@example.de"));
    assert!(m.html.is_none());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn windows_1252_and_base64_utf8() {
    let raw = b"Subject: =?windows-1252?Q?=80_price?=\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\r\nw4TDlsOcIOKCrA==\r\n";
    let m = read(raw).unwrap();
    assert_eq!(m.subject, "€ price");
    assert_eq!(m.text.trim(), "ÄÖÜ €");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn alternative_prefers_html_and_keeps_text_and_cid_images_inline() {
    let raw = b"Subject: News\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=R\r\n\r\n\
--R\r\nContent-Type: multipart/alternative; boundary=A\r\n\r\n\
--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain version\r\n\
--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML <img src=\"cid:logo@x\"> <img src=\"https://tracker.example/p.gif\"></p>\r\n\
--A--\r\n\
--R\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
--R--\r\n";
    let m = read(raw).unwrap();
    let html = m.html.as_deref().expect("html part");
    assert!(html.contains("<p>HTML"));
    assert!(m.text.contains("Plain version"));
    assert!(has_remote_content(html));
    let doc = safe_html_document(html, &m.attachments, false);
    assert!(doc.contains("data:image/png;base64,iVBORw0KGgo="), "{doc}");
    assert!(!doc.contains("cid:logo@x"));
    assert!(doc.starts_with("<meta http-equiv=\"Content-Security-Policy\""));
    assert!(doc.contains("img-src data:;"), "remote images blocked: {doc}");
    let allowed = safe_html_document(html, &m.attachments, true);
    assert!(allowed.contains("img-src data: http: https:;"), "{allowed}");
    assert!(allowed.contains("style-src 'unsafe-inline'; font-src data:\""), "only images: {allowed}");
    assert!(allowed.contains("script-src 'none'"), "script never allowed");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn attachments_and_nested_messages() {
    let raw = b"Subject: Fwd: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n\
--M\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n\
--M\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment; filename=report.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n\
--M\r\nContent-Type: message/rfc822\r\n\r\nSubject: Original\r\nFrom: bob@example.org\r\n\r\nInner body\r\n\
--M--\r\n";
    let m = read(raw).unwrap();
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(m.attachments[0].name, "report.pdf");
    assert_eq!(m.attachments[0].mime_type, "application/pdf");
    assert_eq!(m.attachments[0].content, b"%PDF-1.4");
    let nested: Vec<_> = m
        .parts
        .iter()
        .filter_map(|p| match p {
            BodyPart::Message(inner) => Some(inner),
            _ => None,
        })
        .collect();
    assert_eq!(nested.len(), 1);
    assert_eq!(nested[0].subject, "Original");
    assert!(nested[0].text.contains("Inner body"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn threading_headers() {
    let raw = b"Subject: Re: x\r\nMessage-ID: <c@x>\r\nIn-Reply-To: <b@x>\r\nReferences: <a@x> <b@x>\r\n\r\nbody\r\n";
    let m = read(raw).unwrap();
    assert_eq!(m.references, vec!["a@x", "b@x"]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_broken_multipart_around_a_nested_message_does_not_panic() {
    // Found by the message_read fuzz target: mail-parser hits a debug assertion here.
    let raw = include_bytes!("../../../fuzz/seeds/message_read/mail-parser-debug-assert-nested-rfc822");
    let _ = read(raw);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn uuencoded_attachments_and_latin1_headers() {
    // `printf 'Cat' | uuencode cat.txt`, in a part as Eudora sent them.
    let raw = b"From: J\xfcrgen <j@example.org>\r\nSubject: Fr\xf6sche\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
--b\r\nContent-Type: text/plain; name=cat.txt\r\nContent-Transfer-Encoding: x-uuencode\r\n\
Content-Disposition: attachment; filename=cat.txt\r\n\r\nbegin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n--b--\r\n";
    let m = read(raw).unwrap();
    assert_eq!(m.subject, "Frösche");
    assert_eq!(m.from[0].name.as_deref(), Some("Jürgen"));
    assert_eq!(m.attachments[0].content, b"Cat");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn garbage_never_panics() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for len in 0..400usize {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b"From: =?\r\n:;<>@\"Content-Type: multipart/mixed; boundary=x--x\x00\xff"
                    [(state % 60) as usize]
            })
            .collect();
        let _ = read(&bytes);
    }
}
