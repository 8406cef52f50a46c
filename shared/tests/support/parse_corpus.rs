//! The parsing corpus: five messages shaped like today's mail (built in code), and the real-world
//! messages of `../corpus/real/` (compiled in, so that wasm needs no files). The same bytes are
//! parsed natively by the benchmark suite (`posthorn-bench`, which includes this file) and in wasm
//! by `wasm_parse_bench.rs`, so the two throughputs are comparable. Only std and base64.

fn b64_wrapped(bytes: &[u8]) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    text.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned() + "\r\n").collect()
}

/// The corpus: a short reply, a plain-text mail, an HTML newsletter, a mail with a 120 KB PDF
/// and a forwarded message.
pub fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let headers = |subject: &str, ctype: &str| {
        format!(
            "Received: from mx.example.org (mx.example.org [192.0.2.7]) by mail.posthorn.test; Tue, 3 Jun 2025 09:12:44 +0000\r\n\
             From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.org>\r\nTo: Alice <alice@posthorn.test>, bob@posthorn.test\r\n\
             Subject: {subject}\r\nDate: Tue, 3 Jun 2025 11:12:44 +0200\r\nMessage-ID: <a1b2c3@example.org>\r\n\
             References: <x1@example.org> <x2@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: {ctype}\r\n"
        )
    };
    let para = "Dear Alice, please find the quarterly figures below. Let me know if anything looks off before Friday's call. ";
    let mut plain = headers("Quarterly figures", "text/plain; charset=utf-8");
    plain.push_str("Content-Transfer-Encoding: 8bit\r\n\r\n");
    for _ in 0..20 {
        plain.push_str(para);
        plain.push_str("\r\n");
    }
    let mut html_body = String::from("<html><body><table>");
    for i in 0..200 {
        html_body.push_str(&format!("<tr><td style=\"padding:4px\">Item {i}</td><td><a href=\"https://example.org/p/{i}\">link</a></td></tr>"));
    }
    html_body.push_str("</table><img src=\"https://tracker.example.net/p.gif\"></body></html>");
    let mut newsletter =
        headers("=?UTF-8?B?TmV3c2xldHRlciDinIgg?=", "multipart/alternative; boundary=\"alt\"");
    newsletter.push_str(&format!(
        "\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n\
         --alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}--alt--\r\n",
        para.repeat(10).replace("Friday", "Fr=C3=BCh").as_str(),
        b64_wrapped(html_body.as_bytes())
    ));
    let attachment: Vec<u8> = (0..120_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let mut with_pdf = headers("Contract draft", "multipart/mixed; boundary=\"mix\"");
    with_pdf.push_str(&format!(
        "\r\n--mix\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
         Gr=FC=DFe, anbei der Vertrag.\r\n--mix\r\nContent-Type: application/pdf; name=\"draft.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"draft.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}--mix--\r\n",
        b64_wrapped(&attachment)
    ));
    let mut forwarded = headers("Fwd: Quarterly figures", "multipart/mixed; boundary=\"fwd\"");
    forwarded.push_str(&format!(
        "\r\n--fwd\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n--fwd\r\nContent-Type: message/rfc822\r\n\r\n{plain}\r\n--fwd--\r\n"
    ));
    let mut short = headers("Re: lunch?", "text/plain; charset=us-ascii");
    short.push_str("\r\nYes, 12:30 works.\r\n\r\n> Lunch tomorrow?\r\n");
    vec![
        ("short reply", short.into_bytes()),
        ("plain text", plain.into_bytes()),
        ("HTML newsletter (multipart/alternative, base64)", newsletter.into_bytes()),
        ("120 KB PDF attachment (base64)", with_pdf.into_bytes()),
        ("forwarded message/rfc822", forwarded.into_bytes()),
    ]
    .into_iter()
    .chain(real().into_iter().map(|(name, raw)| (name, raw.to_vec())))
    .collect()
}

/// The messages of `../corpus/real/` (see its README), as (file name, bytes).
pub fn real() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("legacy-000.eml", include_bytes!("../corpus/real/legacy-000.eml")),
        ("legacy-001.eml", include_bytes!("../corpus/real/legacy-001.eml")),
        ("legacy-002.eml", include_bytes!("../corpus/real/legacy-002.eml")),
        ("legacy-003.eml", include_bytes!("../corpus/real/legacy-003.eml")),
        ("legacy-004.eml", include_bytes!("../corpus/real/legacy-004.eml")),
        ("legacy-005.eml", include_bytes!("../corpus/real/legacy-005.eml")),
        ("legacy-006.eml", include_bytes!("../corpus/real/legacy-006.eml")),
        ("legacy-007.eml", include_bytes!("../corpus/real/legacy-007.eml")),
        ("legacy-008.eml", include_bytes!("../corpus/real/legacy-008.eml")),
        ("legacy-009.eml", include_bytes!("../corpus/real/legacy-009.eml")),
        ("legacy-010.eml", include_bytes!("../corpus/real/legacy-010.eml")),
        ("legacy-011.eml", include_bytes!("../corpus/real/legacy-011.eml")),
        ("legacy-012.eml", include_bytes!("../corpus/real/legacy-012.eml")),
        ("legacy-013.eml", include_bytes!("../corpus/real/legacy-013.eml")),
        ("legacy-014.eml", include_bytes!("../corpus/real/legacy-014.eml")),
        ("legacy-015.eml", include_bytes!("../corpus/real/legacy-015.eml")),
        ("legacy-016.eml", include_bytes!("../corpus/real/legacy-016.eml")),
        ("legacy-017.eml", include_bytes!("../corpus/real/legacy-017.eml")),
        ("legacy-018.eml", include_bytes!("../corpus/real/legacy-018.eml")),
        ("legacy-019.eml", include_bytes!("../corpus/real/legacy-019.eml")),
        ("legacy-020.eml", include_bytes!("../corpus/real/legacy-020.eml")),
        ("legacy-021.eml", include_bytes!("../corpus/real/legacy-021.eml")),
        ("legacy-022.eml", include_bytes!("../corpus/real/legacy-022.eml")),
        ("legacy-023.eml", include_bytes!("../corpus/real/legacy-023.eml")),
        ("legacy-024.eml", include_bytes!("../corpus/real/legacy-024.eml")),
        ("legacy-025.eml", include_bytes!("../corpus/real/legacy-025.eml")),
        ("legacy-026.eml", include_bytes!("../corpus/real/legacy-026.eml")),
        ("legacy-027.eml", include_bytes!("../corpus/real/legacy-027.eml")),
        ("legacy-028.eml", include_bytes!("../corpus/real/legacy-028.eml")),
        ("legacy-029.eml", include_bytes!("../corpus/real/legacy-029.eml")),
        ("legacy-030.eml", include_bytes!("../corpus/real/legacy-030.eml")),
        ("legacy-031.eml", include_bytes!("../corpus/real/legacy-031.eml")),
        ("legacy-032.eml", include_bytes!("../corpus/real/legacy-032.eml")),
        ("legacy-033.eml", include_bytes!("../corpus/real/legacy-033.eml")),
        ("legacy-034.eml", include_bytes!("../corpus/real/legacy-034.eml")),
        ("legacy-035.eml", include_bytes!("../corpus/real/legacy-035.eml")),
        ("legacy-036.eml", include_bytes!("../corpus/real/legacy-036.eml")),
        ("legacy-037.eml", include_bytes!("../corpus/real/legacy-037.eml")),
        ("legacy-038.eml", include_bytes!("../corpus/real/legacy-038.eml")),
        ("legacy-039.eml", include_bytes!("../corpus/real/legacy-039.eml")),
        ("legacy-040.eml", include_bytes!("../corpus/real/legacy-040.eml")),
        ("legacy-041.eml", include_bytes!("../corpus/real/legacy-041.eml")),
        ("legacy-042.eml", include_bytes!("../corpus/real/legacy-042.eml")),
        ("legacy-043.eml", include_bytes!("../corpus/real/legacy-043.eml")),
        ("legacy-044.eml", include_bytes!("../corpus/real/legacy-044.eml")),
        ("legacy-045.eml", include_bytes!("../corpus/real/legacy-045.eml")),
        ("legacy-046.eml", include_bytes!("../corpus/real/legacy-046.eml")),
        ("legacy-047.eml", include_bytes!("../corpus/real/legacy-047.eml")),
        ("legacy-048.eml", include_bytes!("../corpus/real/legacy-048.eml")),
        ("legacy-049.eml", include_bytes!("../corpus/real/legacy-049.eml")),
        ("legacy-050.eml", include_bytes!("../corpus/real/legacy-050.eml")),
        ("legacy-051.eml", include_bytes!("../corpus/real/legacy-051.eml")),
        ("legacy-052.eml", include_bytes!("../corpus/real/legacy-052.eml")),
        ("legacy-053.eml", include_bytes!("../corpus/real/legacy-053.eml")),
        ("thirdparty-000.eml", include_bytes!("../corpus/real/thirdparty-000.eml")),
        ("thirdparty-001.eml", include_bytes!("../corpus/real/thirdparty-001.eml")),
        ("thirdparty-002.eml", include_bytes!("../corpus/real/thirdparty-002.eml")),
        ("thirdparty-003.eml", include_bytes!("../corpus/real/thirdparty-003.eml")),
        ("thirdparty-004.eml", include_bytes!("../corpus/real/thirdparty-004.eml")),
        ("thirdparty-005.eml", include_bytes!("../corpus/real/thirdparty-005.eml")),
        ("thirdparty-006.eml", include_bytes!("../corpus/real/thirdparty-006.eml")),
        ("thirdparty-007.eml", include_bytes!("../corpus/real/thirdparty-007.eml")),
        ("thirdparty-008.eml", include_bytes!("../corpus/real/thirdparty-008.eml")),
        ("thirdparty-009.eml", include_bytes!("../corpus/real/thirdparty-009.eml")),
        ("thirdparty-010.eml", include_bytes!("../corpus/real/thirdparty-010.eml")),
        ("thirdparty-011.eml", include_bytes!("../corpus/real/thirdparty-011.eml")),
        ("thirdparty-012.eml", include_bytes!("../corpus/real/thirdparty-012.eml")),
        ("thirdparty-013.eml", include_bytes!("../corpus/real/thirdparty-013.eml")),
        ("thirdparty-014.eml", include_bytes!("../corpus/real/thirdparty-014.eml")),
        ("thirdparty-015.eml", include_bytes!("../corpus/real/thirdparty-015.eml")),
        ("thirdparty-016.eml", include_bytes!("../corpus/real/thirdparty-016.eml")),
        ("thirdparty-017.eml", include_bytes!("../corpus/real/thirdparty-017.eml")),
        ("thirdparty-018.eml", include_bytes!("../corpus/real/thirdparty-018.eml")),
        ("thirdparty-019.eml", include_bytes!("../corpus/real/thirdparty-019.eml")),
    ]
}
