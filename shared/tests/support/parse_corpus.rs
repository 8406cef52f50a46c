//! A corpus shaped like real mail, built in code so that it needs no files: the same bytes are
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
}
