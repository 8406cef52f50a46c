//! The bench's messages: plausible list mail, with the Maildir flags each one is seeded with.

/// A plausible list message: the headers real mail carries (trace, DKIM, threading), a
/// sometimes-encoded subject and a text body of 0.5–2.5 KB.
pub(crate) fn message(i: u32) -> Vec<u8> {
    let names =
        ["Ada Lovelace", "Grace Hopper", "Jörg Müller", "Zoë Chen", "Ole Johan Dahl", "Barbara Liskov"];
    let from = names[i as usize % names.len()];
    let from_header = if from.is_ascii() {
        format!("\"{from}\" <user{}@example.org>", i % 97)
    } else {
        format!("=?UTF-8?B?{}?= <user{}@example.org>", b64(from.as_bytes()), i % 97)
    };
    let subject = if i.is_multiple_of(7) {
        format!("=?UTF-8?Q?R=C3=BCckfrage_zum_Angebot_{i}?=")
    } else {
        format!("Re: [list] Quarterly report, thread {} (part {i})", i / 5)
    };
    let day = 1 + i % 28;
    let mut m = format!(
        "Return-Path: <user{u}@example.org>\r\n\
         Received: from mail.example.org (mail.example.org [192.0.2.{r}])\r\n\tby mx.posthorn.test with ESMTPS id {i:08x}\r\n\tfor <alice@posthorn.test>; Mon, {day} Jun 2025 10:{mm:02}:00 +0000\r\n\
         DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\r\n\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaXMgYXMgbG9uZyBhcyBvbmUgd291bGQgYmU=\r\n\
         From: {from_header}\r\n\
         To: Alice <alice@posthorn.test>\r\n\
         Cc: list@lists.example.org\r\n\
         Subject: {subject}\r\n\
         Date: Mon, {day} Jun 2025 10:{mm:02}:00 +0000\r\n\
         Message-ID: <{i}.bench@example.org>\r\n\
         In-Reply-To: <{p}.bench@example.org>\r\n\
         References: <{p}.bench@example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n",
        u = i % 97,
        r = i % 250 + 1,
        mm = i % 60,
        p = i.saturating_sub(1),
    );
    let lines = 8 + (i % 30);
    for l in 0..lines {
        m.push_str(&format!(
            "Line {l} of message {i}: the figures for the quarter are in the attached sheet.\r\n"
        ));
    }
    m.into_bytes()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Maildir flags for the bench's messages: most read, each tenth also flagged, some unread.
pub(crate) fn flags(i: u32) -> &'static str {
    match i % 10 {
        0 => "FS",
        1..=6 => "S",
        _ => "",
    }
}
