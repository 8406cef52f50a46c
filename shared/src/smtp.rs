//! SMTP submission client (RFC 5321, RFC 6409) with STARTTLS (RFC 3207), AUTH (RFC 4954), SIZE
//! (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), PIPELINING (RFC 2920) and enhanced status
//! codes (RFC 3463).
//!
//! [`SmtpClient`] is sans-IO: it implements [`crate::engine::Client`], so a driver feeds it the
//! server's bytes and writes what it returns. The reply grammar, the DATA encoding and the
//! explanations are usable on their own.

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

pub use address::{AddressError, Mailbox};
pub use client::SmtpClient;
pub use command::{Command, MailParameter};
pub use config::Config;
pub use data::{DataEncoder, decode_data, encode_data};
pub use enhanced_status::EnhancedStatusCode;
pub use envelope::Envelope;
pub use error::SmtpError;
pub use event::{Event, FailedAt, RecipientOutcome, SendFailure, SubmissionId};
pub use explain::{Explanation, explain, explain_reply};
pub use extensions::Extensions;
pub use reply::{Reply, ReplyError, ReplyParser};
