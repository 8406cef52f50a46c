//! SMTP submission client (RFC 5321, RFC 6409) with STARTTLS (RFC 3207), AUTH (RFC 4954), SIZE
//! (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), PIPELINING (RFC 2920) and enhanced status
//! codes (RFC 3463).
//!
//! [`SmtpClient`] is sans-IO: it implements [`crate::engine::Client`], so a driver feeds it the
//! server's bytes and writes what it returns. The reply grammar, the DATA encoding and the
//! explanations are usable on their own.
//!
//! ```
//! use posthorn_proto::engine::{Client, Interrupt, Io};
//! use posthorn_proto::security::TlsMode;
//! use posthorn_proto::smtp::{Config, Envelope, Event, Request, SmtpClient};
//!
//! let mut client = SmtpClient::new(Config::new(TlsMode::Implicit)).unwrap();
//! // Requests may be queued at once; they run when the session is ready, and each one's events
//! // carry the id it was given, as an IMAP command's do.
//! let envelope = Envelope::parse("adam@xyz.de", ["eva@test.de", "tom@test.de"]).unwrap();
//! let body = b"Subject: hi\r\n\r\nHallo!\r\n".to_vec();
//! let sent = client.enqueue(Request::Send { envelope, body }).unwrap();
//! client.enqueue(Request::Quit).unwrap();
//!
//! // What a server would say; a real driver reads it from the socket.
//! let mut server: &[u8] = b"220 test.de ESMTP\r\n250 test.de\r\n250 ok\r\n250 ok\r\n250 ok\r\n\
//!     354 go\r\n250 queued\r\n221 bye\r\n";
//! let mut written = Vec::new();
//! loop {
//!     match client.next() {
//!         Ok(Event::Closed { .. }) => break,
//!         Ok(Event::Sent { id, .. }) => assert_eq!(id, sent),
//!         Ok(event) => println!("{event:?}"),
//!         Err(Interrupt::Io(Io::Output(bytes))) => written.extend(bytes),
//!         Err(Interrupt::Io(Io::NeedMoreInput)) => {
//!             // A read returns whatever arrived; the client frames it.
//!             let (read, rest) = server.split_at(server.len().min(7));
//!             client.enqueue_input(read);
//!             server = rest;
//!         }
//!         Err(Interrupt::Io(Io::StartTls)) => unreachable!("implicit TLS"),
//!         Err(Interrupt::Error(error)) => panic!("{error}"),
//!     }
//! }
//! assert!(written.starts_with(b"EHLO [127.0.0.1]\r\nMAIL FROM:<adam@xyz.de>\r\n"));
//! assert!(written.ends_with(b"Hallo!\r\n.\r\nQUIT\r\n"));
//! ```

mod address;
mod client;
mod command;
mod config;
mod data;
mod enhanced_status;
mod envelope;
mod error;
mod event;
mod explain;
mod extensions;
mod reply;
mod request;

pub use address::{AddressError, Mailbox};
pub use client::SmtpClient;
pub use command::{Command, MailParameter};
pub use config::Config;
pub use data::{DataEncoder, decode_data, encode_data};
pub use enhanced_status::EnhancedStatusCode;
pub use envelope::Envelope;
pub use error::Error;
pub use event::{Event, FailedAt, RecipientOutcome, SendFailure};
pub use explain::{Explanation, explain, explain_reply};
pub use extensions::Extensions;
pub use reply::{Reply, ReplyError, ReplyParser};
pub use request::{Request, RequestId};
