//! Posthorn's protocol engine: sans-IO clients for SMTP, POP3 and IMAP, SASL, the bridge's wire
//! messages, the protocol transcript, and the outbox's delivery machine.
//!
//! Nothing in this crate opens a socket, reads a clock or draws a random number: bytes, time and
//! randomness come in from the driver (a tokio driver on the host, a WebSocket driver in the browser),
//! so the very same state machines run in both places and in the tests.
#![forbid(unsafe_code)]

pub mod compose;
pub mod engine;
pub mod imap;
pub mod line;
pub mod managesieve;
pub mod message;
pub mod outbox;
pub mod pop3;
pub mod sasl;
pub mod secret;
pub mod security;
pub mod sieve;
pub mod smtp;
pub mod sort;
pub mod stable_sort;
pub mod thread;
pub mod time;
pub mod transcript;
pub mod wire;
