//! Server input never panics the ManageSieve client, and no script panics the Sieve reader
//! (ARCHITECTURE.md, *Peer input never panics*): random bytes and mutations of a real Dovecot
//! conversation and of scripts, fed in random pieces, from a deterministic xorshift generator so
//! a failure is reproducible. They run in every `cargo test`, on wasm too.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::managesieve::{Config, Request, SieveClient};
use posthorn_proto::sasl::Credentials;
use posthorn_proto::security::TlsMode;

#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::XorShift;

/// What Dovecot's Pigeonhole said in tests/tests/engine_managesieve.rs, after TLS.
const CONVERSATION: &[u8] = b"\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SIEVE\" \"fileinto vacation\"\r\n\
\"SASL\" \"PLAIN LOGIN\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\nOK \"Logged in.\"\r\n\
\"posthorn\" ACTIVE\r\n\"other\"\r\nOK \"Listscripts completed.\"\r\n{21}\r\nrequire \"fileinto\";\r\n\r\n\
OK \"Getscript completed.\"\r\nNO (QUOTA/MAXSIZE) \"Too big\"\r\nOK (WARNINGS) \"line 1: x\"\r\nBYE \"bye\"\r\n";

const SCRIPT: &str = "require [\"fileinto\", \"imap4flags\", \"vacation\", \"date\", \"relational\"];\r\n\
# rule:[Out of office]\r\nif allof (false, currentdate :value \"ge\" \"date\" \"2026-12-01\") {\r\n\
  vacation :days 7 :subject \"Away\" :addresses [\"a@b.c\"] text:\r\nGone.\r\n..\r\n.\r\n;\r\n}\r\n\
# rule:[Lists]\r\nif anyof (header :contains [\"to\", \"cc\"] \"x\", not header :is \"list-id\" \"y\") {\r\n\
  addflag \"\\\\Seen\";\r\n  fileinto :copy \"Listen\";\r\n  redirect :copy \"a@b.c\";\r\n  stop;\r\n}\r\n/* end */\r\n";

/// Feeds `bytes` in random pieces to a signed-in-to-be client with requests queued, until it
/// fails or wants what only a driver has.
fn feed(bytes: &[u8], rng: &mut XorShift) {
    let mut config = Config::new(TlsMode::Implicit, Credentials::password("eva", "ahd635d"));
    config.max_line = 512;
    config.max_literal = 2048;
    let mut client = SieveClient::new(config);
    for request in [
        Request::ListScripts,
        Request::GetScript("posthorn".into()),
        Request::PutScript { name: "posthorn".into(), script: "keep;".into() },
        Request::CheckScript("keep;".into()),
        Request::SetActive(String::new()),
        Request::DeleteScript("other".into()),
        Request::Logout,
    ] {
        let _ = client.enqueue(request);
    }
    let mut at = 0;
    loop {
        match client.next() {
            Ok(_) | Err(Interrupt::Io(Io::Output(_))) => continue,
            Err(Interrupt::Io(Io::NeedMoreInput)) if at < bytes.len() => {
                let n = 1 + rng.below(64);
                let end = (at + n).min(bytes.len());
                client.enqueue_input(&bytes[at..end]);
                at = end;
            }
            Err(Interrupt::Io(Io::StartTls)) => client.tls_established(),
            Err(_) => return,
        }
    }
}

fn mutate(original: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes[at] = rng.next() as u8,
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, b"{}\"()\r\n \\+0123456789"[rng.below(20)]),
            _ => {
                let end = (at + rng.below(40)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
        }
        if bytes.is_empty() {
            bytes.push(b'x');
        }
    }
    bytes
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn server_bytes_never_panic_the_client() {
    let mut rng = XorShift(0x5eed_51e7e);
    feed(CONVERSATION, &mut rng);
    for _ in 0..2000 {
        let mutated = mutate(CONVERSATION, &mut rng);
        feed(&mutated, &mut rng);
    }
    for _ in 0..500 {
        let random: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
        feed(&random, &mut rng);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn no_script_panics_the_reader() {
    let mut rng = XorShift(0xf11_7e25);
    assert!(posthorn_proto::sieve::read(SCRIPT).is_ok(), "{:?}", posthorn_proto::sieve::read(SCRIPT));
    for _ in 0..3000 {
        let mutated = mutate(SCRIPT.as_bytes(), &mut rng);
        let _ = posthorn_proto::sieve::read(&String::from_utf8_lossy(&mutated));
    }
}
