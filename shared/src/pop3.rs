//! POP3 client (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and SASL AUTH (RFC 5034).
//!
//! [`Pop3Client`] is sans-IO: it implements [`crate::engine::Client`]. The response grammar, the
//! multi-line reader and the capability parser are usable on their own.

mod capabilities;
mod client;
mod command;
mod config;
mod error;
mod event;
mod multiline;
mod request;
mod response;
mod state;

pub use capabilities::Capabilities;
pub use client::Pop3Client;
pub use command::Command;
pub use config::Config;
pub use error::Error;
pub use event::{AuthMethod, Event, ListEntry, UidEntry};
pub use multiline::DotReader;
pub use request::{Request, RequestId};
pub use response::{MalformedLine, Response, ServerLine, Status, apop_timestamp, parse_line};
pub use state::SessionState;

/// A sentence for a person about a negative response, using the RFC 2449 section 8 and RFC 3206
/// response codes when the server sends them, and keeping the server's text.
pub fn explain_response(response: &Response) -> String {
    let what = match response.code.as_deref() {
        Some("AUTH") => "The user name or password is wrong. Check them in the account settings.",
        Some("IN-USE") => {
            "Another program is using this mailbox right now. Close other mail programs or wait a minute, then try again."
        }
        Some("LOGIN-DELAY") => "The server allows signing in only every few minutes. Wait, then try again.",
        Some("SYS/TEMP") => "The server has a temporary problem. Try again in a few minutes.",
        Some("SYS/PERM") => "The server has a lasting problem with this mailbox. Contact the mail provider.",
        _ if response.is_ok() => "The server accepted the command.",
        _ => "The server refused the command.",
    };
    format!("{what} (server: {response})")
}
