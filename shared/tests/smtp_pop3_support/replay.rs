//! Replays a scripted server against a sans-IO client, with the server's bytes split in every
//! way, and checks that the outcome never depends on how the network happened to cut them.
//!
//! The scripts are scripted fake peers (ARCHITECTURE.md, *Real servers in tests*): the dialogues
//! come from the reference texts and the RFCs, and the faults (injected bytes after STARTTLS, a
//! stripped STARTTLS offer) are ones a real server will not produce on request.

#![allow(dead_code)]

use std::{collections::VecDeque, fmt::Debug};

use posthorn_proto::{
    engine::{Client, Interrupt, Io},
    transcript::{self, Line},
};

/// Marker written into the client's byte stream where it asked for the TLS upgrade.
pub const STARTTLS_MARK: &[u8] = b"<<TLS>>";

/// What a whole replay produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Everything the client wrote, with [`STARTTLS_MARK`] where it upgraded.
    pub client_bytes: Vec<u8>,
    /// Every event, as `Debug` text.
    pub events: Vec<String>,
    /// The transcript in `C:`/`S:` form.
    pub transcript: String,
    /// The final error, as `Debug` text, or `None` if the client simply wanted more input.
    pub error: Option<String>,
}

impl Outcome {
    /// The client's bytes as text, for readable assertion failures.
    pub fn client_text(&self) -> String {
        String::from_utf8_lossy(&self.client_bytes).into_owned()
    }
}

/// Runs `client` against server bytes delivered as `chunks` per TLS segment: segment 0 before
/// the first STARTTLS, segment 1 after it, and so on.
pub fn run<C>(mut client: C, segments: &[Vec<Vec<u8>>]) -> Outcome
where
    C: Client,
    C::Event: Debug,
    C::Error: Debug,
{
    let mut segment = 0;
    let mut chunks: VecDeque<Vec<u8>> = segments.first().cloned().unwrap_or_default().into();
    let mut outcome =
        Outcome { client_bytes: Vec::new(), events: Vec::new(), transcript: String::new(), error: None };
    let mut lines: Vec<Line> = Vec::new();
    // A bound so a client that loops without progress fails the test instead of hanging it.
    for _ in 0..1_000_000 {
        let step = client.next();
        lines.extend(client.drain_transcript());
        match step {
            Ok(event) => outcome.events.push(format!("{event:?}")),
            Err(Interrupt::Io(Io::Output(bytes))) => outcome.client_bytes.extend_from_slice(&bytes),
            Err(Interrupt::Io(Io::NeedMoreInput)) => match chunks.pop_front() {
                Some(chunk) => client.enqueue_input(&chunk),
                None => break,
            },
            Err(Interrupt::Io(Io::StartTls)) => {
                assert!(chunks.is_empty(), "the script has server bytes left before the TLS upgrade");
                outcome.client_bytes.extend_from_slice(STARTTLS_MARK);
                segment += 1;
                chunks = segments.get(segment).cloned().unwrap_or_default().into();
                client.tls_established();
            }
            Err(Interrupt::Error(error)) => {
                outcome.error = Some(format!("{error:?}"));
                break;
            }
        }
    }
    lines.extend(client.drain_transcript());
    outcome.transcript = transcript::render(&lines);
    outcome
}

/// Each segment delivered in one piece.
pub fn whole(segments: &[Vec<u8>]) -> Vec<Vec<Vec<u8>>> {
    segments.iter().map(|s| vec![s.clone()]).collect()
}

/// Each segment delivered one byte at a time.
pub fn bytewise(segments: &[Vec<u8>]) -> Vec<Vec<Vec<u8>>> {
    segments.iter().map(|s| s.iter().map(|&b| vec![b]).collect()).collect()
}

/// Replays with the server's bytes whole, split at every possible point (one split per run),
/// and one byte at a time; asserts every run gives the same outcome and returns it.
pub fn replay_everywhere<C>(make: impl Fn() -> C, segments: &[Vec<u8>]) -> Outcome
where
    C: Client,
    C::Event: Debug,
    C::Error: Debug,
{
    let reference = run(make(), &whole(segments));
    for (s, segment) in segments.iter().enumerate() {
        for at in 1..segment.len() {
            let mut split = whole(segments);
            split[s] = vec![segment[..at].to_vec(), segment[at..].to_vec()];
            let outcome = run(make(), &split);
            assert_eq!(outcome, reference, "segment {s} split at byte {at}");
        }
    }
    assert_eq!(run(make(), &bytewise(segments)), reference, "one byte at a time");
    reference
}

/// Replays whole and one byte at a time only (for scripts whose client work is costly, like
/// SCRAM's key derivation).
pub fn replay_whole_and_bytewise<C>(make: impl Fn() -> C, segments: &[Vec<u8>]) -> Outcome
where
    C: Client,
    C::Event: Debug,
    C::Error: Debug,
{
    let reference = run(make(), &whole(segments));
    assert_eq!(run(make(), &bytewise(segments)), reference, "one byte at a time");
    reference
}

/// A dialogue in `C:`/`S:` form, split into what the server sends (per TLS segment, at lines
/// `-- TLS --`) and what the client must send.
pub struct Dialogue {
    /// Server bytes, one entry per TLS segment.
    pub server: Vec<Vec<u8>>,
    /// The client bytes expected, with [`STARTTLS_MARK`] at the upgrade.
    pub client: Vec<u8>,
}

/// Parses a dialogue: lines starting `S: ` and `C: ` (the rest of the line, plus CRLF, is the
/// bytes), and `-- TLS --` where the upgrade happens. Other lines are ignored.
pub fn dialogue(text: &str) -> Dialogue {
    let mut server = vec![Vec::new()];
    let mut client = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(s) = line.strip_prefix("S: ").or_else(|| line.strip_prefix("S:").filter(|r| r.is_empty()))
        {
            server.last_mut().unwrap().extend_from_slice(s.as_bytes());
            server.last_mut().unwrap().extend_from_slice(b"\r\n");
        } else if let Some(c) =
            line.strip_prefix("C: ").or_else(|| line.strip_prefix("C:").filter(|r| r.is_empty()))
        {
            client.extend_from_slice(c.as_bytes());
            client.extend_from_slice(b"\r\n");
        } else if line == "-- TLS --" {
            server.push(Vec::new());
            client.extend_from_slice(STARTTLS_MARK);
        }
    }
    Dialogue { server, client }
}

/// A deterministic xorshift64* generator, so "random" tests are reproducible on every target.
pub struct XorShift(pub u64);

impl XorShift {
    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `len` bytes, biased toward the characters protocol grammars care about.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        const INTERESTING: &[u8] = b"0123456789 -+.\r\n\r\nOKERR[]<>@=,";
        (0..len)
            .map(|_| {
                if self.below(3) == 0 {
                    (self.next_u64() & 0xff) as u8
                } else {
                    INTERESTING[self.below(INTERESTING.len())]
                }
            })
            .collect()
    }
}
