//! How one submission ended, as the delivery machine needs to know it.

use super::recipients::{RecipientLine, deferred};
use crate::smtp::{FailedAt, SendFailure};

/// How one attempt to hand a message to the outgoing server ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered the end of data with 250 (RFC 5321 section 4.1.1.4): it took the
    /// message for the recipients it accepted. Some may be refused for good, others for now
    /// (4yz): those are owed the message.
    Accepted {
        /// Every recipient's answer in this attempt.
        recipients: Vec<RecipientLine>,
    },
    /// The server said "not now" (4yz: greylisting, a full queue): nothing was taken.
    Deferred {
        /// The recipients' answers so far.
        recipients: Vec<RecipientLine>,
        /// Only these are to be tried again (the server refused the others for good). Empty:
        /// all of them.
        retry_only: Vec<String>,
    },
    /// Nothing reached the server: the bridge or the network was not there, or the connection
    /// dropped before any recipient was accepted. The message can simply go later.
    Unreachable,
    /// The server refused it for good (a policy, the sign-in, every recipient), or the session
    /// failed in a way trying again will not change.
    Refused {
        /// The recipients' answers so far.
        recipients: Vec<RecipientLine>,
    },
    /// The connection broke after the server accepted a recipient: it may hold the message.
    Broken {
        /// The recipients' answers so far.
        recipients: Vec<RecipientLine>,
    },
}

impl Outcome {
    /// The outcome of a submission the server refused (the SMTP client's `NotSent`). When every
    /// recipient was refused, some for good and the others only for now, those others are still
    /// owed the message and get it when the server takes it; a refusal that is temporary as a
    /// whole ([`SendFailure::is_transient`]) goes to everyone later; any other is for good.
    pub fn not_sent(failure: &SendFailure) -> Self {
        let recipients: Vec<RecipientLine> =
            failure.recipients.iter().map(RecipientLine::from_outcome).collect();
        let later = deferred(&recipients);
        if failure.at == FailedAt::Recipients && !later.is_empty() && later.len() < recipients.len() {
            Self::Deferred { recipients, retry_only: later }
        } else if failure.is_transient() {
            Self::Deferred { recipients, retry_only: Vec::new() }
        } else {
            Self::Refused { recipients }
        }
    }

    /// The outcome of a session whose connection broke before the result was known: the server
    /// holds nothing until it accepted a recipient (RFC 5321 section 4.1.1.3), and may hold the
    /// message from then on.
    pub fn broken(recipients: Vec<RecipientLine>) -> Self {
        if recipients.iter().any(|r| r.accepted) { Self::Broken { recipients } } else { Self::Unreachable }
    }
}
