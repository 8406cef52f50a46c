//! Writing messages (RFC 5322, MIME RFC 2045-2049): a [`Draft`] becomes the bytes to submit and the
//! SMTP [`Envelope`](crate::smtp::Envelope) to submit them with; replies and forwards start from a
//! [`ReadableMessage`](crate::message::ReadableMessage).
//!
//! The bytes are mail-builder's, with everything that would read the clock or draw randomness
//! supplied by the caller instead: the Date (a Unix time and the local offset), the Message-ID (a
//! random token) and the MIME boundaries (derived from the Message-ID's token). mail-builder's own
//! defaults call `SystemTime::now()`, which panics on `wasm32-unknown-unknown`.
//!
//! ```
//! use posthorn_proto::compose::{Address, Draft, MessageDate, build, message_id};
//!
//! let mut draft = Draft::new(
//!     Address::new("Adam", "adam@xyz.de"),
//!     MessageDate { unix_seconds: 1_700_000_000, offset_minutes: 60 },
//!     message_id(&[7; 16], "adam@xyz.de"),
//! );
//! draft.to.push(Address::bare("eva@test.de"));
//! draft.bcc.push(Address::bare("tom@test.de"));
//! draft.subject = "Grüße".into();
//! draft.body = "Hallo!\n".into();
//! let built = build(&draft).unwrap();
//! assert_eq!(built.envelope.to.len(), 2);
//! assert!(!String::from_utf8_lossy(&built.data).contains("tom@test.de"));
//! ```

mod build;
mod date;
mod draft;
mod error;
mod identity;
mod receipt;
mod reminder;
mod reopen;
mod reply;
mod rsvp;
mod signature;
mod wording;

pub use build::{BuiltMessage, build, build_for_drafts, message_id};
pub use date::MessageDate;
pub use draft::{Address, Attachment, Draft};
pub use error::ComposeError;
pub use identity::identity_for;
pub use receipt::{Disposition, MDN_SENT, ReceiptRequest, receipt, receipt_requested};
pub use reminder::mentions_attachment;
pub use reopen::{edit_as_new, reopen};
pub use reply::{
    ReplyKind, forward_as_attachment, forward_inline, forward_subject, one_line, reply, reply_subject,
};
pub use rsvp::rsvp;
pub use signature::{
    SEPARATOR, add_signature, normalise_signature, split_signature, swap_signature, without_signature,
};
pub use wording::Wording;
