//! Test support for the IMAP client: `C:`/`S:` scripts, a driver loop, and replay of the
//! server's bytes split at every point. A scripted server, by necessity: these are the engine's
//! unit tests; the real Dovecot runs in `tests/tests/engine_imap.rs`.
#![allow(dead_code)]

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{Config, Error, Event, ImapClient};
use posthorn_proto::transcript::{self, Line};

/// A conversation: what the server says (in phases separated by the TLS upgrade), what the
/// client must send, and the transcript as `C:`/`S:` text.
pub struct Script {
    pub phases: Vec<Vec<u8>>,
    pub client: Vec<u8>,
    pub transcript: String,
}

/// Parses a script. `S: text` is a server line, `C: text` a client line (both get CRLF),
/// `* TLS` marks the STARTTLS upgrade, blank lines and `#` comments are skipped.
pub fn script(text: &str) -> Script {
    let mut phases = vec![Vec::new()];
    let mut client = Vec::new();
    let mut lines = Vec::new();
    for raw in text.lines() {
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "* TLS" {
            phases.push(Vec::new());
            continue;
        }
        let (direction, rest) = line.split_at(2);
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        match direction {
            "S:" => {
                let phase = phases.last_mut().expect("one phase at least");
                phase.extend_from_slice(rest.as_bytes());
                phase.extend_from_slice(b"\r\n");
                lines.push(Line::server(rest));
            }
            "C:" => {
                client.extend_from_slice(rest.as_bytes());
                client.extend_from_slice(b"\r\n");
                lines.push(Line::client(rest));
            }
            other => panic!("bad script line {other:?}"),
        }
    }
    Script { phases, client, transcript: transcript::render(&lines) }
}

/// Everything observable from one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub events: Vec<Event>,
    pub output: Vec<u8>,
    pub transcript: Vec<Line>,
    pub error: Option<Error>,
    pub tls_upgrades: usize,
}

impl Outcome {
    pub fn rendered(&self) -> String {
        transcript::render(&self.transcript)
    }

    pub fn output_text(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

/// What the test does when an event arrives (enqueue another command, end IDLE, …).
pub type OnEvent = fn(&mut ImapClient, &Event);

pub fn nothing(_: &mut ImapClient, _: &Event) {}

/// Runs a client against the server bytes, fed in the given chunks per phase.
pub fn drive(client: &mut ImapClient, phases: &[Vec<Vec<u8>>], on_event: OnEvent) -> Outcome {
    let mut outcome = Outcome {
        events: Vec::new(),
        output: Vec::new(),
        transcript: Vec::new(),
        error: None,
        tls_upgrades: 0,
    };
    let mut phase = 0;
    let mut chunk = 0;
    // A hard bound so a client that loops forever fails the test instead of hanging it.
    for _ in 0..1_000_000 {
        match client.next() {
            Ok(event) => {
                on_event(client, &event);
                outcome.events.push(event);
            }
            Err(Interrupt::Io(Io::Output(bytes))) => outcome.output.extend(bytes),
            Err(Interrupt::Io(Io::NeedMoreInput)) => match phases.get(phase).and_then(|p| p.get(chunk)) {
                Some(bytes) => {
                    client.enqueue_input(bytes);
                    chunk += 1;
                }
                None => break,
            },
            Err(Interrupt::Io(Io::StartTls)) => {
                let rest: Vec<u8> =
                    phases.get(phase).map(|p| p[chunk.min(p.len())..].concat()).unwrap_or_default();
                if !rest.is_empty() {
                    // The server kept talking in the clear after its go-ahead: hand it over,
                    // as a real socket would.
                    client.enqueue_input(&rest);
                    chunk = phases[phase].len();
                    continue;
                }
                phase += 1;
                chunk = 0;
                outcome.tls_upgrades += 1;
                client.tls_established();
            }
            Err(Interrupt::Error(error)) => {
                outcome.error = Some(error);
                break;
            }
        }
    }
    outcome.transcript = client.drain_transcript();
    outcome
}

/// The phases as single chunks.
pub fn whole(phases: &[Vec<u8>]) -> Vec<Vec<Vec<u8>>> {
    phases.iter().map(|p| vec![p.clone()]).collect()
}

/// The phases with the whole stream cut at `at`.
pub fn split_at(phases: &[Vec<u8>], at: usize) -> Vec<Vec<Vec<u8>>> {
    let mut offset = 0;
    phases
        .iter()
        .map(|p| {
            let start = offset;
            offset += p.len();
            if at > start && at < offset {
                vec![p[..at - start].to_vec(), p[at - start..].to_vec()]
            } else {
                vec![p.clone()]
            }
        })
        .collect()
}

/// The phases one byte at a time.
pub fn bytewise(phases: &[Vec<u8>]) -> Vec<Vec<Vec<u8>>> {
    phases.iter().map(|p| p.iter().map(|b| vec![*b]).collect()).collect()
}

/// Runs the script whole, checks the client's bytes and the transcript, then replays it split
/// at every point and byte by byte and checks that nothing observable changes.
pub fn run(config: &Config, setup: fn(&mut ImapClient), script_text: &str, on_event: OnEvent) -> Outcome {
    let script = script(script_text);
    let outcome = run_unchecked(config, setup, &script, on_event);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client), "client bytes");
    assert_eq!(outcome.rendered(), script.transcript, "transcript");
    outcome
}

/// Like [`run`] but without comparing the transcript to the script (for scripts whose
/// transcript differs: long literals summarised, secrets redacted).
pub fn run_unchecked(
    config: &Config,
    setup: fn(&mut ImapClient),
    script: &Script,
    on_event: OnEvent,
) -> Outcome {
    let fresh = || {
        let mut client = ImapClient::new(config.clone());
        setup(&mut client);
        client
    };
    let reference = drive(&mut fresh(), &whole(&script.phases), on_event);
    let total: usize = script.phases.iter().map(Vec::len).sum();
    for at in 1..total {
        let split = drive(&mut fresh(), &split_at(&script.phases, at), on_event);
        assert_eq!(split, reference, "split at byte {at}");
    }
    let bytes = drive(&mut fresh(), &bytewise(&script.phases), on_event);
    assert_eq!(bytes, reference, "byte by byte");
    reference
}

/// The `Done` results in order.
pub fn results(outcome: &Outcome) -> Vec<Result<posthorn_proto::imap::Data, Error>> {
    outcome
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Done { result, .. } => Some(result.clone()),
            _ => None,
        })
        .collect()
}

/// Feeds each of `lines`, cut at every byte, as the answer to the last command `setup` enqueues:
/// `before` is the transcript up to and with that command, whose tag is `a002`. Only that nothing
/// panics and every outcome is data or an error with words a person can read.
pub fn every_cut_reads_or_fails(config: &Config, setup: fn(&mut ImapClient), before: &str, lines: &[&str]) {
    for line in lines {
        for cut in 0..=line.len() {
            let script = script(&format!("{before}\nS: {}\nS: a002 OK done", &line[..cut]));
            let mut client = ImapClient::new(config.clone());
            setup(&mut client);
            for result in results(&drive(&mut client, &whole(&script.phases), nothing)) {
                if let Err(e) = result {
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }
}
