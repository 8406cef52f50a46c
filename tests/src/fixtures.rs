//! Real-world test messages and independent helpers around them: a Postfix delivery that does not
//! use the code under test, and a local HTTP server that counts requests (to prove that a tracking
//! image is never fetched).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;

use crate::mailstack::{Account, MailStack};

/// Japanese as Japanese mailers write it: ISO-2022-JP in 7 bits, the subject split between two
/// encoded words in the middle of the escape-coded text, the sender's name encoded too.
pub fn iso_2022_jp() -> Vec<u8> {
    b"From: =?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?= <yamada@example.jp>\r\n\
To: alice@posthorn.test\r\n\
Subject: =?ISO-2022-JP?B?GyRCMnE1RCRO?=\r\n =?ISO-2022-JP?B?NUQ7dk8/JEskRCQkJEYbKEI=?=\r\n\
Date: Mon, 16 Nov 2026 10:00:00 +0900\r\n\
Message-ID: <iso2022jp@example.jp>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=ISO-2022-JP\r\n\
Content-Transfer-Encoding: 7bit\r\n\
\r\n\
\x1b$B$*Hh$lMM$G$9!#\x1b(B\r\n\
\x1b$BL@F|$N2q5D$O==;~$+$i$G$9!#\x1b(B\r\n"
        .to_vec()
}

/// ISO-2022-JP written into the Subject as it is, without encoded words, as old Japanese mailers
/// did: 7-bit, known by its escape sequences.
pub fn iso_2022_jp_raw_subject() -> Vec<u8> {
    b"From: tanaka@example.jp\r\n\
To: alice@posthorn.test\r\n\
Subject: \x1b$B$*CN$i$;\x1b(B\r\n\
Date: Mon, 16 Nov 2026 11:00:00 +0900\r\n\
Message-ID: <iso2022jp-raw@example.jp>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=ISO-2022-JP\r\n\
\r\n\
\x1b$B$*CN$i$;\x1b(B\r\n"
        .to_vec()
}

/// An ISO-8859-1, quoted-printable message with umlauts in the subject and the body.
pub fn latin1_umlauts() -> Vec<u8> {
    b"From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@example.de>\r\n\
To: alice@posthorn.test\r\n\
Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\r\n\
Date: Mon, 16 Nov 2026 09:00:00 +0100\r\n\
Message-ID: <latin1@example.de>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=ISO-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Sch=F6ne Gr=FC=DFe aus K=F6ln, und bis bald!\r\n"
        .to_vec()
}

/// A multipart/alternative newsletter: plain text and HTML.
pub fn newsletter() -> Vec<u8> {
    b"From: Newsletter <news@example.org>\r\n\
To: alice@posthorn.test\r\n\
Subject: Weekly news\r\n\
Date: Tue, 17 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <news-47@example.org>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"alt\"\r\n\
\r\n\
--alt\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
This week in plain text: three stories.\r\n\
--alt\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><h1>This week</h1><p>Three <b>stories</b>.</p></body></html>\r\n\
--alt--\r\n"
        .to_vec()
}

/// An HTML message with a remote tracking image at `tracker_url` and a script that must not run.
pub fn tracking_html(tracker_url: &str) -> Vec<u8> {
    format!(
        "From: Shop <offers@shop.example>\r\n\
To: alice@posthorn.test\r\n\
Subject: Your special offer\r\n\
Date: Wed, 18 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <offer@shop.example>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><p>Offer inside</p><img src=\"{tracker_url}/pixel.gif?u=alice\" width=1 height=1>\
<script>parent.postMessage('script ran', '*'); document.title = 'pwned';</script></body></html>\r\n"
    )
    .into_bytes()
}

/// Bytes of a small binary attachment (every byte value, twice).
pub fn binary_blob() -> Vec<u8> {
    (0..=255u8).chain(0..=255u8).collect()
}

/// A message with a PDF-ish and a binary attachment.
pub fn with_attachments() -> Vec<u8> {
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    format!(
        "From: Bob <bob@posthorn.test>\r\n\
To: alice@posthorn.test\r\n\
Subject: Quarterly report\r\n\
Date: Thu, 19 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <report@posthorn.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"mix\"\r\n\
\r\n\
--mix\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
The report is attached.\r\n\
--mix\r\n\
Content-Type: application/pdf; name=\"report.pdf\"\r\n\
Content-Disposition: attachment; filename=\"report.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
{}\r\n\
--mix\r\n\
Content-Type: application/octet-stream; name=\"data.bin\"\r\n\
Content-Disposition: attachment; filename=\"data.bin\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
{}\r\n\
--mix--\r\n",
        b64(b"%PDF-1.4 test"),
        b64(&binary_blob())
    )
    .into_bytes()
}

/// An HTML message with an inline `cid:` image.
pub fn cid_image() -> Vec<u8> {
    // A 1x1 PNG.
    let png =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    format!(
        "From: Carol <carol@posthorn.test>\r\n\
To: alice@posthorn.test\r\n\
Subject: Our new logo\r\n\
Date: Fri, 20 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <logo@posthorn.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/related; boundary=\"rel\"\r\n\
\r\n\
--rel\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>Here it is: <img src=\"cid:logo@posthorn.test\" alt=\"logo\"></p>\r\n\
--rel\r\n\
Content-Type: image/png\r\n\
Content-ID: <logo@posthorn.test>\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
{png}\r\n\
--rel--\r\n"
    )
    .into_bytes()
}

/// A message that forwards another as message/rfc822.
pub fn forwarded() -> Vec<u8> {
    b"From: Dave <dave@posthorn.test>\r\n\
To: alice@posthorn.test\r\n\
Subject: Fwd: Meeting notes\r\n\
Date: Sat, 21 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <fwd@posthorn.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"fwd\"\r\n\
\r\n\
--fwd\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
See the notes below.\r\n\
--fwd\r\n\
Content-Type: message/rfc822\r\n\
\r\n\
From: Erin <erin@example.net>\r\n\
Subject: Meeting notes\r\n\
Date: Fri, 20 Nov 2026 15:00:00 +0000\r\n\
\r\n\
Notes: ship it on Monday.\r\n\
--fwd--\r\n"
        .to_vec()
}

/// A local HTTP server that answers every request with a 1x1 GIF and counts the requests.
pub struct RequestCounter {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    count: Arc<AtomicUsize>,
}

impl RequestCounter {
    /// Starts the server on a free loopback port (it runs until the process ends).
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let count = Arc::new(AtomicUsize::new(0));
        let seen = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                seen.fetch_add(1, Ordering::SeqCst);
                let mut stream = stream;
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                    line.clear();
                }
                let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: {}\r\n\r\n",
                    gif.len()
                );
                let _ = stream.write_all(gif);
            }
        });
        Self { url, count }
    }

    /// How many requests arrived.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

fn smtp_reply(stream: &mut impl Read) -> String {
    let mut reply = String::new();
    let mut byte = [0u8; 1];
    loop {
        let mut line = Vec::new();
        while stream.read(&mut byte).map(|n| n == 1).unwrap_or(false) {
            line.push(byte[0]);
            if byte[0] == b'\n' {
                break;
            }
        }
        let text = String::from_utf8_lossy(&line).to_string();
        reply.push_str(&text);
        if line.len() < 4 || line[3] != b'-' {
            return reply;
        }
    }
}

/// Delivers `raw` from `sender` to `recipient` through Postfix's implicit-TLS submission port with a
/// hand-written SMTP exchange, independent of the engine under test. Panics with the server's
/// reply if Postfix refuses.
pub fn deliver(stack: &MailStack, sender: &Account, recipient: &str, raw: &[u8]) {
    let mut s = stack.connect_tls(stack.ports().submissions).expect("connect to submissions");
    let say = |s: &mut crate::mailstack::TlsStream, line: &str, expect: &str| {
        if !line.is_empty() {
            s.write_all(line.as_bytes()).expect("write");
            s.write_all(b"\r\n").expect("write");
        }
        let reply = smtp_reply(s);
        assert!(reply.starts_with(expect), "`{line}` got {reply}");
    };
    say(&mut s, "", "220");
    say(&mut s, "EHLO fixtures.posthorn.test", "250");
    let auth =
        base64::engine::general_purpose::STANDARD.encode(format!("\0{}\0{}", sender.user, sender.password));
    say(&mut s, &format!("AUTH PLAIN {auth}"), "235");
    say(&mut s, &format!("MAIL FROM:<{}>", sender.address), "250");
    say(&mut s, &format!("RCPT TO:<{recipient}>"), "250");
    say(&mut s, "DATA", "354");
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.first() == Some(&b'.') {
            s.write_all(b".").expect("write");
        }
        s.write_all(line).expect("write");
        s.write_all(b"\r\n").expect("write");
    }
    say(&mut s, ".", "250");
    say(&mut s, "QUIT", "221");
}
