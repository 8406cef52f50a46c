//! What the SMTP client reports.

use super::{
    Extensions, Mailbox, Reply, RequestId,
    explain::{Explanation, explain_reply},
};
use crate::sasl::Mechanism;

/// One recipient's answer to `RCPT TO` (RFC 5321 section 4.1.1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientOutcome {
    /// The recipient.
    pub recipient: Mailbox,
    /// The server's reply.
    pub reply: Reply,
}

impl RecipientOutcome {
    /// Whether the server accepted the recipient (250 or 251).
    pub fn accepted(&self) -> bool {
        self.reply.is_positive()
    }
}

/// Where a submission failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailedAt {
    /// Before sending anything: the message exceeds the server's announced SIZE (RFC 1870).
    TooLarge,
    /// Before sending anything: the message has 8-bit content and the server lacks 8BITMIME.
    EightBitUnsupported,
    /// Before sending anything: an address is not ASCII and the server lacks SMTPUTF8.
    Utf8Unsupported,
    /// `MAIL FROM` was refused.
    Mail,
    /// Every `RCPT TO` was refused.
    Recipients,
    /// `DATA` was refused.
    Data,
    /// The server refused the message after receiving it.
    EndOfData,
}

/// Why a submission was not sent; the session goes on (the client has sent RSET).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// Where it failed.
    pub at: FailedAt,
    /// The reply that refused it, if a server reply did.
    pub reply: Option<Reply>,
    /// Each recipient's answer so far.
    pub recipients: Vec<RecipientOutcome>,
}

impl SendFailure {
    /// What a person reads.
    pub fn explanation(&self) -> Option<Explanation> {
        self.reply.as_ref().map(explain_reply)
    }

    /// Whether the same submission may simply be tried again later: the server refused it with a
    /// 4yz reply, "the error condition is temporary" (RFC 5321 section 4.2.1), as greylisting, a
    /// full queue or a server shutting down do. For refused recipients that needs every refusal to
    /// be 4yz. The checks made before anything was sent (size, 8BITMIME, SMTPUTF8) are permanent.
    pub fn is_transient(&self) -> bool {
        match self.at {
            FailedAt::TooLarge | FailedAt::EightBitUnsupported | FailedAt::Utf8Unsupported => false,
            FailedAt::Recipients => {
                !self.recipients.is_empty() && self.recipients.iter().all(|r| r.reply.is_transient())
            }
            FailedAt::Mail | FailedAt::Data | FailedAt::EndOfData => {
                self.reply.as_ref().is_some_and(Reply::is_transient)
            }
        }
    }
}

/// What the SMTP client reports through [`crate::engine::Client::next`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The server's 220 greeting (RFC 5321 section 4.3.1).
    Greeting(Reply),
    /// EHLO (or HELO) succeeded on the connection as it will stay: after STARTTLS when the
    /// account uses it. `extensions` is empty after a HELO fallback.
    Ready {
        /// What the server announced.
        extensions: Extensions,
        /// Whether the connection is encrypted.
        encrypted: bool,
    },
    /// AUTH succeeded (RFC 4954 section 4: 235).
    Authenticated {
        /// The mechanism used.
        mechanism: Mechanism,
    },
    /// A recipient's answer, as soon as it arrives.
    RecipientResult {
        /// The submission.
        id: RequestId,
        /// The answer.
        outcome: RecipientOutcome,
    },
    /// The server took responsibility for the message (250 after the final dot). Rejected
    /// recipients, if some were accepted, are in `recipients`: a partial success.
    Sent {
        /// The submission.
        id: RequestId,
        /// The end-of-data reply (it often carries the queue id).
        reply: Reply,
        /// Every recipient's answer.
        recipients: Vec<RecipientOutcome>,
    },
    /// The message was not sent; the session goes on.
    NotSent {
        /// The submission.
        id: RequestId,
        /// Why.
        failure: SendFailure,
    },
    /// The reply to NOOP.
    Noop {
        /// The request.
        id: RequestId,
        /// The reply.
        reply: Reply,
    },
    /// The reply to RSET.
    Reset {
        /// The request.
        id: RequestId,
        /// The reply.
        reply: Reply,
    },
    /// The reply to QUIT; the session is over and the driver closes the connection.
    Closed {
        /// The request.
        id: RequestId,
        /// The reply.
        reply: Reply,
    },
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn failure(at: FailedAt, reply: Option<u16>, recipients: &[u16]) -> SendFailure {
        SendFailure {
            at,
            reply: reply.map(|code| Reply::new(code, "text")),
            recipients: recipients
                .iter()
                .map(|&code| RecipientOutcome {
                    recipient: Mailbox::new("bob@example.org").unwrap(),
                    reply: Reply::new(code, "text"),
                })
                .collect(),
        }
    }

    #[test]
    fn only_4yz_refusals_are_worth_trying_again() {
        assert!(failure(FailedAt::Mail, Some(451), &[]).is_transient());
        assert!(failure(FailedAt::EndOfData, Some(452), &[250]).is_transient());
        assert!(failure(FailedAt::Data, Some(421), &[250]).is_transient());
        assert!(!failure(FailedAt::Mail, Some(550), &[]).is_transient());
        assert!(!failure(FailedAt::EndOfData, Some(554), &[250]).is_transient());
        assert!(!failure(FailedAt::Mail, None, &[]).is_transient());
        // Greylisting refuses recipients with 450/451; one permanent refusal makes the whole
        // submission permanent, as the same recipients would be sent again.
        assert!(failure(FailedAt::Recipients, None, &[451, 450]).is_transient());
        assert!(!failure(FailedAt::Recipients, None, &[451, 550]).is_transient());
        assert!(!failure(FailedAt::Recipients, None, &[]).is_transient());
        assert!(!failure(FailedAt::TooLarge, Some(452), &[]).is_transient());
    }
}
