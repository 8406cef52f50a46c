//! STATUS results (RFC 3501 section 7.2.4).

use crate::imap::mailbox_name::MailboxName;

/// What STATUS reports about a mailbox that is not selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailboxStatus {
    /// The mailbox, as the command named it.
    pub mailbox: MailboxName,
    /// MESSAGES
    pub messages: Option<u32>,
    /// RECENT
    pub recent: Option<u32>,
    /// UIDNEXT
    pub uidnext: Option<u32>,
    /// UIDVALIDITY
    pub uidvalidity: Option<u32>,
    /// UNSEEN: the number of messages without \Seen.
    pub unseen: Option<u32>,
    /// HIGHESTMODSEQ (RFC 7162 section 3.1.6)
    pub highestmodseq: Option<u64>,
}
