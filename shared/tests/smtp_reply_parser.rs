//! Round-trip, property and robustness tests for the SMTP reply parser, the DATA encoding and the
//! client as a whole. The "random" inputs come from a seeded xorshift generator, so every run (on
//! every target) checks the same cases and a failure names its seed.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "smtp_pop3_support/replay.rs"]
mod replay;

use posthorn_proto::{
    engine::{Client, Interrupt, Io},
    sasl::Credentials,
    security::TlsMode,
    smtp::{
        Config, DataEncoder, Envelope, Reply, ReplyError, ReplyParser, Request, SmtpClient, decode_data,
        encode_data,
    },
};
use replay::XorShift;

/// A random valid reply: a code RFC 5321 allows, 1 to 6 lines of text without CR or LF.
fn random_reply(rng: &mut XorShift) -> Reply {
    let code = (2 + rng.below(4) as u16) * 100 + rng.below(6) as u16 * 10 + rng.below(10) as u16;
    let lines = (0..1 + rng.below(6))
        .map(|_| {
            (0..rng.below(40))
                .map(|_| {
                    let c = (0x20 + rng.below(0x5f)) as u8 as char;
                    if rng.below(20) == 0 { 'ü' } else { c }
                })
                .collect::<String>()
        })
        .collect();
    Reply { code, lines }
}

#[test]
fn replies_round_trip_through_any_split() {
    let mut rng = XorShift(0x5eed_0001);
    for case in 0..500 {
        let replies: Vec<Reply> = (0..1 + rng.below(4)).map(|_| random_reply(&mut rng)).collect();
        let bytes: Vec<u8> = replies.iter().flat_map(Reply::to_bytes).collect();
        // Deliver in random pieces.
        let mut parser = ReplyParser::new();
        let mut parsed = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let len = 1 + rng.below(16);
            let end = (at + len).min(bytes.len());
            parser.push(&bytes[at..end]);
            at = end;
            while let Some(reply) = parser.next_reply().unwrap() {
                parsed.push(reply);
            }
        }
        assert_eq!(parsed, replies, "case {case}");
        assert_eq!(parser.buffered(), 0);
    }
}

#[test]
fn reply_lines_keep_their_text_for_the_transcript() {
    let mut parser = ReplyParser::new();
    parser.push(b"250-first\r\n250-\x1b[31mred\r\n250 last\r\n");
    let reply = parser.next_reply().unwrap().unwrap();
    assert_eq!(reply.lines.len(), 3);
    // Terminal escapes from a hostile server are shown, not executed, in the log pane.
    assert_eq!(parser.take_raw_lines(), ["250-first", "250-\\x1B[31mred", "250 last"]);
}

#[test]
fn random_bytes_never_panic_the_reply_parser() {
    let mut rng = XorShift(0x5eed_0002);
    for _ in 0..3000 {
        let len = rng.below(300);
        let bytes = rng.bytes(len);
        let mut parser = ReplyParser::with_limits(64, 4);
        for chunk in bytes.chunks(1 + rng.below(20)) {
            parser.push(chunk);
            loop {
                match parser.next_reply() {
                    Ok(Some(reply)) => assert!((200..600).contains(&reply.code)),
                    Ok(None) => break,
                    Err(_) => break,
                }
            }
        }
    }
}

#[test]
fn overlong_and_endless_replies_are_refused_without_buffering_them() {
    let mut parser = ReplyParser::with_limits(512, 8);
    // A line that never ends.
    for _ in 0..100 {
        parser.push(&[b'a'; 10]);
        if parser.next_reply().is_err() {
            break;
        }
    }
    assert!(matches!(parser.next_reply(), Err(ReplyError::Line(_))));
    // A reply that never ends.
    let mut parser = ReplyParser::with_limits(512, 8);
    for _ in 0..9 {
        parser.push(b"250-more\r\n");
    }
    assert_eq!(parser.next_reply(), Err(ReplyError::TooManyLines(8)));
}

#[test]
fn data_encoding_round_trips_random_bodies() {
    let mut rng = XorShift(0x5eed_0003);
    for case in 0..500 {
        let len = rng.below(200);
        let body: Vec<u8> = (0..len).map(|_| b".\r\nab."[rng.below(6)]).collect();
        // What a server stores: the body with every line ending made CRLF and a final CRLF.
        let mut normalised = Vec::new();
        let mut i = 0;
        while i < body.len() {
            match body[i] {
                b'\r' if body.get(i + 1) == Some(&b'\n') => {
                    normalised.extend_from_slice(b"\r\n");
                    i += 1;
                }
                b'\r' | b'\n' => normalised.extend_from_slice(b"\r\n"),
                b => normalised.push(b),
            }
            i += 1;
        }
        if !normalised.is_empty() && !normalised.ends_with(b"\r\n") {
            normalised.extend_from_slice(b"\r\n");
        }
        let encoded = encode_data(&body);
        // No bare CR or LF, and the only CRLF.CRLF is the terminator.
        for (j, &b) in encoded.iter().enumerate() {
            if b == b'\n' {
                assert_eq!(encoded[j - 1], b'\r', "case {case}: bare LF");
            }
            if b == b'\r' {
                assert_eq!(encoded.get(j + 1), Some(&b'\n'), "case {case}: bare CR");
            }
        }
        let with_start = [b"\r\n".as_slice(), &encoded].concat();
        assert_eq!(
            with_start.windows(5).filter(|w| w == b"\r\n.\r\n").count(),
            1,
            "case {case}: {body:?} -> {encoded:?}"
        );
        assert_eq!(decode_data(&encoded).unwrap(), normalised, "case {case}");
        // Chunked encoding gives the same bytes.
        let mut encoder = DataEncoder::new();
        let mut chunked = Vec::new();
        for chunk in body.chunks(1 + rng.below(7)) {
            encoder.encode(chunk, &mut chunked);
        }
        encoder.finish(&mut chunked);
        assert_eq!(chunked, encoded, "case {case}");
    }
}

/// Runs a client against random server bytes; it may fail, it must not panic or loop.
fn drive_with_noise(mut client: SmtpClient, noise: &[u8], rng: &mut XorShift) {
    let mut input = noise.chunks(1 + rng.below(32));
    for _ in 0..10_000 {
        match client.next() {
            Ok(_) | Err(Interrupt::Io(Io::Output(_))) => {}
            Err(Interrupt::Io(Io::StartTls)) => client.tls_established(),
            Err(Interrupt::Io(Io::NeedMoreInput)) => match input.next() {
                Some(chunk) => client.enqueue_input(chunk),
                None => return,
            },
            Err(Interrupt::Error(_)) => return,
        }
    }
    panic!("the client did not settle");
}

#[test]
fn random_server_bytes_never_panic_the_client() {
    let mut rng = XorShift(0x5eed_0004);
    let prefixes: [&[u8]; 4] = [
        b"",
        b"220 mx ESMTP\r\n",
        b"220 mx ESMTP\r\n250-mx\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN CRAM-MD5\r\n",
        b"220 mx ESMTP\r\n250-mx\r\n250 AUTH LOGIN CRAM-MD5\r\n334 ",
    ];
    for case in 0..2000 {
        let prefix = prefixes[case % prefixes.len()];
        let len = rng.below(200);
        let noise = [prefix, &rng.bytes(len)].concat();
        let tls = [TlsMode::Implicit, TlsMode::StartTls, TlsMode::Plain][rng.below(3)];
        let config = Config { credentials: Some(Credentials::password("u", "p")), ..Config::new(tls) };
        let mut client = SmtpClient::new(config).unwrap();
        client
            .enqueue(Request::Send {
                envelope: Envelope::parse("a@b.example", ["c@d.example"]).unwrap(),
                body: b"body".to_vec(),
            })
            .unwrap();
        client.enqueue(Request::Quit).unwrap();
        drive_with_noise(client, &noise, &mut rng);
    }
}
