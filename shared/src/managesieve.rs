//! ManageSieve client (RFC 5804): the protocol a mail client uses to read and store the Sieve
//! scripts ([`crate::sieve`]) that filter a person's arriving mail on the server, usually on port
//! 4190 with STARTTLS.
//!
//! [`SieveClient`] is sans-IO: it implements [`crate::engine::Client`], as the IMAP, POP3 and
//! SMTP clients do, and runs in the same drivers.

mod client;
mod error;
mod request;
mod response;

pub use client::SieveClient;
pub use error::Error;
pub use request::{Capabilities, Config, Event, Request, RequestId, ScriptEntry};
pub use response::{FrameError, Response, Status, Token, next_line, string};

/// The port RFC 5804 section 1.8 registers for ManageSieve.
pub const PORT: u16 = 4190;
