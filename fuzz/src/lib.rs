//! The fuzz targets, as plain functions: the libFuzzer entries in `fuzz_targets/` and the stable
//! runner (`src/bin/fuzz-stable.rs`) call the same code.
//!
//! Each target feeds peer bytes to the engine and checks the properties that must hold for any
//! input: no panic, no livelock (a step budget proportional to the input), an error that says
//! something, and where there is an encoder, decode-encode-decode gives the same value.
#![forbid(unsafe_code)]

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{self, Command, FetchItems, ImapClient, MailboxName, SequenceSet};
use posthorn_proto::sasl::{Credentials, Options, Policy};
use posthorn_proto::security::TlsMode;
use posthorn_proto::{message, pop3, smtp};

mod browser_css;

/// A fuzz target: any bytes in, a panic if a property does not hold.
pub type Target = fn(&[u8]);

/// The targets by name, for the stable runner (`fuzz/run.sh` and `fuzz_targets/` list the same).
pub const TARGETS: &[(&str, Target)] = &[
    ("imap_client", imap_client),
    ("pop3_client", pop3_client),
    ("smtp_client", smtp_client),
    ("smtp_reply", smtp_reply),
    ("smtp_data", smtp_data),
    ("message_read", message_read),
    ("html_sanitize", html_sanitize),
];

/// A greeting the IMAP client accepts, so that the input reaches the response parser.
pub const IMAP_GREETING: &[u8] =
    b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=SCRAM-SHA-256 SASL-IR IDLE LITERAL+ \
UIDPLUS MOVE ENABLE CONDSTORE QRESYNC NAMESPACE SPECIAL-USE] ready\r\n";

/// Read sizes a driver might see; cycling through them splits the input at many different points.
const CHUNKS: &[usize] = &[1, 7, 2, 64, 3, 512, 5, 4096];

/// How the input reaches the client.
#[derive(Clone, Copy)]
enum Delivery {
    /// One read with everything.
    Whole,
    /// Reads of varying small sizes.
    Split,
}

/// Runs `client` on `input` until it wants more than there is or fails. Panics (a finding) if it
/// neither settles nor fails within a budget proportional to the input: that is a livelock.
fn drive<C>(mut client: C, input: &[u8], delivery: Delivery)
where
    C: Client,
    C::Error: std::fmt::Display,
{
    let mut offset = 0;
    let mut reads = 0;
    let budget = 10_000 + 64 * input.len();
    for _ in 0..budget {
        match client.next() {
            Ok(_event) => {}
            Err(Interrupt::Io(Io::Output(_))) => {}
            Err(Interrupt::Io(Io::StartTls)) => client.tls_established(),
            Err(Interrupt::Io(Io::NeedMoreInput)) => {
                // The transcript is produced from peer bytes too (and redacts them): exercise it.
                let _ = client.drain_transcript();
                if offset >= input.len() {
                    return;
                }
                let size = match delivery {
                    Delivery::Whole => input.len(),
                    Delivery::Split => CHUNKS[reads % CHUNKS.len()],
                };
                let end = input.len().min(offset + size);
                client.enqueue_input(&input[offset..end]);
                offset = end;
                reads += 1;
            }
            Err(Interrupt::Error(error)) => {
                let _ = client.drain_transcript();
                assert!(!error.to_string().is_empty(), "an error without a message");
                return;
            }
        }
    }
    panic!("the client neither settled nor failed within {budget} steps on {} input bytes", input.len());
}

fn sasl_options() -> Options {
    // RFC 7677's example nonce: SCRAM runs, so the server-first and server-final parsers are reached.
    Options { scram_client_nonce: Some("rOprNGfwEbeRWgbNEkqO".into()), ..Options::default() }
}

fn permissive_policy() -> Policy {
    // Every mechanism may run, so every server-side SASL exchange is reachable.
    Policy { allow_plaintext_password: true, ..Policy::default() }
}

fn imap_session(tls: TlsMode) -> ImapClient {
    let mut config = imap::Config::new(tls);
    // Small limits, so the limit paths are reached with small inputs.
    config.limits =
        imap::Limits { max_line: 2048, max_literal: 8192, max_response: 32768, max_messages: 1000 };
    let mut client = ImapClient::new(config);
    client.enqueue(Command::Login { username: "eva".into(), password: "ahd635d".into() });
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
    client.enqueue(Command::Fetch {
        set: SequenceSet::all(),
        uid: true,
        items: FetchItems::summary(),
        changed_since: None,
        vanished: false,
    });
    client.enqueue(Command::Idle);
    client
}

/// IMAP: a valid greeting, then the input as the server's responses to LOGIN, SELECT, UID FETCH
/// and IDLE.
pub fn imap_client(data: &[u8]) {
    let mut input = IMAP_GREETING.to_vec();
    input.extend_from_slice(data);
    drive(imap_session(TlsMode::Implicit), &input, Delivery::Whole);
    drive(imap_session(TlsMode::Implicit), &input, Delivery::Split);
}

fn pop3_session(tls: TlsMode) -> Option<pop3::Pop3Client> {
    let config = pop3::Config {
        credentials: Some(Credentials::password("tecchannel", "ahd635d")),
        policy: permissive_policy(),
        sasl: sasl_options(),
        max_line: 1024,
        max_message_size: 16 * 1024,
        ..pop3::Config::new(tls)
    };
    let mut client = pop3::Pop3Client::new(config).ok()?;
    client.enqueue(pop3::Request::Stat).ok()?;
    client.enqueue(pop3::Request::List(None)).ok()?;
    client.enqueue(pop3::Request::List(Some(1))).ok()?;
    client.enqueue(pop3::Request::Uidl(None)).ok()?;
    client.enqueue(pop3::Request::Retr(1)).ok()?;
    client.enqueue(pop3::Request::Top { number: 1, lines: 10 }).ok()?;
    client.enqueue(pop3::Request::Dele(1)).ok()?;
    client.enqueue(pop3::Request::Quit).ok()?;
    Some(client)
}

/// POP3: the input is everything the server says, greeting first, over a plain connection (with a
/// readable password allowed) and over a connection that must upgrade with STLS.
pub fn pop3_client(data: &[u8]) {
    for tls in [TlsMode::Plain, TlsMode::StartTls] {
        for delivery in [Delivery::Whole, Delivery::Split] {
            if let Some(client) = pop3_session(tls) {
                drive(client, data, delivery);
            }
        }
    }
}

fn smtp_session(tls: TlsMode) -> Option<smtp::SmtpClient> {
    let config = smtp::Config {
        credentials: Some(Credentials::password("benutzer@zeitform.de", "geheimes_passwort")),
        policy: permissive_policy(),
        sasl: sasl_options(),
        max_line: 1024,
        max_reply_lines: 32,
        chunk_size: 64,
        ..smtp::Config::new(tls)
    };
    let mut client = smtp::SmtpClient::new(config).ok()?;
    let envelope = smtp::Envelope::parse("adam@xyz.de", ["eva@test.de", "tom@test.de"]).ok()?;
    client
        .enqueue(smtp::Request::Send {
            envelope,
            body: b"Subject: Hallo\r\n\r\nHallo Eva, hallo Tom!\r\n.\r\nAdam\r\n".to_vec(),
        })
        .ok()?;
    client.enqueue(smtp::Request::Noop).ok()?;
    client.enqueue(smtp::Request::Quit).ok()?;
    Some(client)
}

/// SMTP: the input is everything the server says, greeting first, for a submission with two
/// recipients, over a plain connection and over one that must upgrade with STARTTLS.
pub fn smtp_client(data: &[u8]) {
    for tls in [TlsMode::Plain, TlsMode::StartTls] {
        for delivery in [Delivery::Whole, Delivery::Split] {
            if let Some(client) = smtp_session(tls) {
                drive(client, data, delivery);
            }
        }
    }
}

/// SMTP replies: parse, then every reply encoded again parses to the same reply, and reading it
/// for a person (text, enhanced code, explanation) works for any reply.
pub fn smtp_reply(data: &[u8]) {
    let mut parser = smtp::ReplyParser::with_limits(1024, 32);
    parser.push(data);
    // Each reply consumes at least one line, so this ends; the bound is a livelock check.
    for _ in 0..=data.len() {
        match parser.next_reply() {
            Ok(Some(reply)) => {
                let _ = parser.take_raw_lines();
                let _ = (reply.to_string(), reply.text(), reply.enhanced(), smtp::explain_reply(&reply));
                let encoded = reply.to_bytes();
                let mut again = smtp::ReplyParser::with_limits(usize::MAX / 2, usize::MAX / 2);
                again.push(&encoded);
                match again.next_reply() {
                    Ok(Some(decoded)) => assert_eq!(decoded, reply, "decode-encode-decode of {encoded:?}"),
                    other => panic!("{encoded:?}, encoded from {reply:?}, does not parse: {other:?}"),
                }
                assert_eq!(again.buffered(), 0, "bytes left after re-parsing {encoded:?}");
            }
            Ok(None) => return,
            Err(error) => {
                assert!(!error.to_string().is_empty());
                return;
            }
        }
    }
    panic!("the reply parser did not settle on {} bytes", data.len());
}

/// DATA transparency: the encoded body has CRLF line endings only, ends with the one terminator
/// and contains no other (no smuggled end of data); decoding and encoding again is stable; and
/// encoding in two chunks split anywhere gives the same bytes.
pub fn smtp_data(data: &[u8]) {
    let encoded = smtp::encode_data(data);
    assert!(encoded.ends_with(b"\r\n.\r\n") || encoded == b".\r\n");
    let body = &encoded[..encoded.len() - 3];
    assert!(!contains(body, b"\r\n.\r\n") && !body.starts_with(b".\r\n"), "a terminator inside the body");
    for (i, &b) in encoded.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(encoded.get(i + 1), Some(&b'\n'), "bare CR at {i}"),
            b'\n' => assert!(i > 0 && encoded[i - 1] == b'\r', "bare LF at {i}"),
            _ => {}
        }
    }
    let decoded = smtp::decode_data(&encoded).expect("encoded data decodes");
    assert_eq!(smtp::encode_data(&decoded), encoded, "encode-decode-encode");

    let split = if data.is_empty() { 0 } else { usize::from(data[0]) % (data.len() + 1) };
    let mut encoder = smtp::DataEncoder::new();
    let mut chunked = Vec::new();
    encoder.encode(&data[..split], &mut chunked);
    encoder.encode(&data[split..], &mut chunked);
    encoder.finish(&mut chunked);
    assert_eq!(chunked, encoded, "split at {split}");
    assert_eq!(encoder.written(), encoded.len() as u64);
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Stands in for the browser's TextDecoder, so that the engine's handling of charsets it does not
/// carry (encoded words joined and rewritten, parts decoded again) is fuzzed too: it knows some
/// labels and not others, and its output is as long as the input or empty.
fn stand_in_decoder(label: &str, bytes: &[u8]) -> Option<String> {
    (!label.len().is_multiple_of(3)).then(|| String::from_utf8_lossy(bytes).into_owned())
}

/// Messages: reading never panics, and preparing the HTML for display neither.
pub fn message_read(data: &[u8]) {
    message::charset::set_external_decoder(stand_in_decoder);
    let Some(readable) = message::read(data) else { return };
    let _ = posthorn_proto::imap::decode_words(&String::from_utf8_lossy(data));
    let _ = readable.from.iter().map(message::Mailbox::display).count();
    // An invitation in it, and any bytes read as an iCalendar object.
    let _ = message::read_invitation(data);
    let _ = message::calendar::parse(&String::from_utf8_lossy(data));
    if let Some(html) = &readable.html {
        let _ = message::has_remote_content(html);
        let _ = message::inline_cid_images(html, &readable.attachments);
        let _ = message::safe_html_document(html, &readable.attachments, false);
        let _ = message::safe_html_document(html, &readable.attachments, true);
    }
}

/// HTML from a message, sanitised: the output, read again by the same tokenizer, has no event
/// handler and no element that loads or runs anything, and sanitising it again changes nothing
/// (so the browser, which parses the output, sees what the sanitiser checked).
pub fn html_sanitize(data: &[u8]) {
    use message::sanitize::tokenizer::{Token, Tokenizer};
    let html = String::from_utf8_lossy(data);
    let once = message::sanitize::sanitize(&html);
    let twice = message::sanitize::sanitize(&once.html);
    assert_eq!(once.html, twice.html, "not stable for {html:?}");
    let mut tokens = Tokenizer::new(&once.html);
    while let Some(token) = tokens.next_token() {
        if let Token::StartTag { name, attributes } = token {
            assert!(
                !["script", "iframe", "object", "embed", "link", "meta", "base", "svg", "math", "frame"]
                    .contains(&name.as_str()),
                "<{name}> kept from {html:?}"
            );
            assert!(attributes.iter().all(|a| !a.name.starts_with("on")), "a handler kept from {html:?}");
            for style in attributes.iter().filter(|a| a.name == "style") {
                let css = message::sanitize::tokenizer::decode_references(style.raw_value);
                browser_css::assert_only_checked_urls(&css, &html);
            }
            if name == "style" {
                let css = tokens.raw_text_until_end_tag("style");
                assert!(!css.contains('<'), "markup inside a kept style from {html:?}");
                browser_css::assert_only_checked_urls(css, &html);
            }
        }
    }
}
