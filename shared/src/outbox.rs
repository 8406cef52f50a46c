//! The outbox's delivery machine: the rules that decide, for each message a person sent, when it
//! goes to the outgoing server, to whom, and what its state is afterwards, so that nothing
//! written is lost and nothing is sent twice.
//!
//! It is pure, like the protocol clients: no storage, no network, no clock. The driver (the app's
//! outbox, frontend/src/outbox.rs) keeps the items on disk, opens the SMTP and IMAP sessions,
//! reads the clock and arms the timers; it asks this machine what to do next and tells it what
//! happened.
//!
//! An item ([`Delivery`]) is `Waiting`, `Sending`, `Uncertain`, `Sent` or `Failed` ([`State`]).
//! It is `Sending` on disk before the connection opens, so that a page that dies mid-send finds it
//! again as `Uncertain`, never as unsent; an uncertain item goes again only after the Sent folder
//! was searched for its Message-ID and the copy was not there ([`Step::CheckSent`]). When the
//! server takes the message for some recipients and asks to try the others later (4yz, RFC 5321
//! section 4.2.1), only those others are owed it ([`Delivery::owed_to`]). The [`Scheduler`] runs
//! the passes over the queue and backs off when the server keeps saying "not now".

mod delivery;
mod outcome;
mod recipients;
mod schedule;

pub use delivery::{Delivery, Settled, State, Step};
pub use outcome::Outcome;
pub use recipients::{RecipientLine, deferred, merge_lines};
pub use schedule::{DEFERRED_FIRST, DEFERRED_MAX, Pass, RETRY_AFTER, Scheduler};
