//! Server input never panics the IMAP client (ARCHITECTURE.md, *Peer input never panics*): random
//! bytes and mutated real conversations, from a deterministic xorshift generator so a failure is
//! reproducible. A cargo-fuzz target can reuse `feed`; these run in every `cargo test`, on wasm
//! too.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{Command, Config, FetchItems, ImapClient, Limits, MailboxName, SequenceSet};
use posthorn_proto::security::TlsMode;

#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::XorShift;

fn client() -> ImapClient {
    let mut config = Config::new(TlsMode::Implicit);
    config.limits = Limits { max_line: 2048, max_literal: 4096, max_response: 16384, max_messages: 1000 };
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

/// Feeds `input` in chunks chosen by `rng` and runs the client until it wants more than there
/// is, fails, or a generous step budget runs out (which would be a livelock: a failure).
fn feed(input: &[u8], rng: &mut XorShift) -> (usize, Option<posthorn_proto::imap::Error>) {
    let mut client = client();
    let mut offset = 0;
    let mut events = 0;
    for _ in 0..100_000 {
        match client.next() {
            Ok(_) => events += 1,
            Err(Interrupt::Io(Io::Output(_))) => {}
            Err(Interrupt::Io(Io::StartTls)) => client.tls_established(),
            Err(Interrupt::Io(Io::NeedMoreInput)) => {
                if offset >= input.len() {
                    let _ = client.drain_transcript();
                    return (events, None);
                }
                let take = 1 + rng.below(64).min(input.len() - offset - 1);
                client.enqueue_input(&input[offset..offset + take]);
                offset += take;
            }
            Err(Interrupt::Error(error)) => {
                // Every error renders a message for a person.
                assert!(!error.to_string().is_empty());
                return (events, Some(error));
            }
        }
    }
    panic!("the client did not settle on {input:?}");
}

const CONVERSATION: &[u8] = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE LITERAL+ UIDPLUS MOVE] ready\r\n\
a001 OK [CAPABILITY IMAP4rev1 IDLE UIDPLUS CONDSTORE] logged in\r\n\
* 3 EXISTS\r\n* FLAGS (\\Seen \\Deleted)\r\n* OK [UIDVALIDITY 7] x\r\n* OK [UIDNEXT 9] x\r\n\
* OK [PERMANENTFLAGS (\\Seen \\*)] x\r\na002 OK [READ-WRITE] done\r\n\
* 1 FETCH (UID 4 FLAGS (\\Seen) RFC822.SIZE 10 INTERNALDATE \"10-Dec-2001 02:23:25 -0700\" \
ENVELOPE (\"date\" \"=?utf-8?q?a?=\" ((\"A\" NIL \"a\" \"b\")) NIL NIL NIL NIL NIL NIL NIL) \
BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1) BODY[1] {5}\r\nhello)\r\n\
* 2 EXPUNGE\r\n* VANISHED 1:3\r\na003 OK done\r\n+ idling\r\n* 4 EXISTS\r\n";

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..500 {
        let len = rng.below(600);
        let input: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        feed(&input, &mut rng);
        // Random bytes after a valid greeting reach the response parser, not only the greeting.
        let mut prefixed = b"* OK [CAPABILITY IMAP4rev1] hi\r\na001 OK go\r\n".to_vec();
        prefixed.extend(&input);
        feed(&prefixed, &mut rng);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mutated_conversations_never_panic() {
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    // The conversation itself works: Ready, three Done, EXPUNGE, VANISHED, IdleStarted, EXISTS.
    assert_eq!(feed(CONVERSATION, &mut rng), (8, None));
    const SPECIALS: &[u8] = b"{}()[]*+\\\"\r\n 0123456789:,";
    for _ in 0..1500 {
        let mut input = CONVERSATION.to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(input.len());
            match rng.below(5) {
                0 => input[at] = rng.next() as u8,
                1 => input[at] = SPECIALS[rng.below(SPECIALS.len())],
                2 => {
                    input.remove(at);
                }
                3 => input.insert(at, SPECIALS[rng.below(SPECIALS.len())]),
                _ => input.truncate(at),
            }
            if input.is_empty() {
                break;
            }
        }
        feed(&input, &mut rng);
    }
}

/// Literal announcements of every size around the limits, never allocated ahead.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn literal_announcements_around_the_limits() {
    let mut rng = XorShift(7);
    for length in [0u64, 1, 4095, 4096, 4097, 16384, 1 << 31, u32::MAX as u64, 1 << 40] {
        let mut input = b"* OK [CAPABILITY IMAP4rev1] hi\r\n* 1 FETCH (BODY[] {".to_vec();
        input.extend(length.to_string().as_bytes());
        input.extend(b"}\r\nabc)\r\n");
        feed(&input, &mut rng);
    }
}
