//! Each recipient's answer, as the outbox keeps and shows it.

use serde::{Deserialize, Serialize};

use crate::smtp::{RecipientOutcome, explain_reply};

/// One recipient's answer to `RCPT TO` (RFC 5321 section 4.1.1.3), kept with the outbox item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientLine {
    /// The address.
    pub address: String,
    /// Whether the server took it.
    pub accepted: bool,
    /// What the server said, explained when it refused.
    pub text: String,
    /// Refused for now only (a 4yz reply, RFC 5321 section 4.2.1): it may take the message later.
    #[serde(default)]
    pub deferred: bool,
}

impl RecipientLine {
    /// The line for one answer the SMTP client reported.
    pub fn from_outcome(outcome: &RecipientOutcome) -> Self {
        let text = if outcome.accepted() {
            format!("{} {}", outcome.reply.code, outcome.reply.text())
        } else {
            explain_reply(&outcome.reply).to_string()
        };
        Self {
            address: outcome.recipient.to_string(),
            accepted: outcome.accepted(),
            text,
            deferred: !outcome.accepted() && outcome.reply.is_transient(),
        }
    }
}

/// The addresses of the recipients the server refused for now only.
pub fn deferred(lines: &[RecipientLine]) -> Vec<String> {
    lines.iter().filter(|r| r.deferred).map(|r| r.address.clone()).collect()
}

/// The recipient lines after an attempt: this attempt's answers replace the earlier ones for the
/// same addresses (compared without case, as the domain part is, RFC 5321 section 2.4); the
/// others (taken, or refused for good, before) stay.
pub fn merge_lines(earlier: &[RecipientLine], now: Vec<RecipientLine>) -> Vec<RecipientLine> {
    let mut lines: Vec<RecipientLine> = earlier
        .iter()
        .filter(|old| !now.iter().any(|new| new.address.eq_ignore_ascii_case(&old.address)))
        .cloned()
        .collect();
    lines.extend(now);
    lines
}
