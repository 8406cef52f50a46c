//! Why a draft cannot become a message.

use thiserror::Error;

use crate::smtp::AddressError;

/// A draft that cannot be built; every message names the field and what to change.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ComposeError {
    /// An address is not usable.
    #[error("The address {address:?} in {field} is not valid: {source}.")]
    InvalidAddress {
        /// "From", "To", "Cc" or "Bcc".
        field: &'static str,
        /// What was entered.
        address: String,
        /// Why.
        source: AddressError,
    },
    /// No To, Cc or Bcc recipient.
    #[error("The message has no recipients: add at least one address in To, Cc or Bcc.")]
    NoRecipients,
    /// A line break or other control character in a one-line field, which would start a new header
    /// (ARCHITECTURE.md, *User input never becomes protocol syntax*).
    #[error("{field} contains a line break or control character; remove it.")]
    ControlCharacter {
        /// Which field.
        field: &'static str,
    },
    /// The Message-ID (or an In-Reply-To/References id) is not `id-left "@" id-right`
    /// (RFC 5322 section 3.6.4).
    #[error("The message id {0:?} is not valid.")]
    InvalidMessageId(String),
    /// mail-builder failed to write (it writes to memory, so this is not expected).
    #[error("The message could not be written: {0}")]
    Write(String),
}
