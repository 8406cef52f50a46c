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

/// An untagged STATUS response (RFC 3501 section 7.2.4) with its `UIDNEXT 0` and
/// `UIDVALIDITY 0` items taken out, or `None` where there are none (or `bytes` is no STATUS).
///
/// Both are `nz-number` (section 9), so imap-codec refuses a response carrying a 0, and with it
/// the counts beside it. Dovecot 2.3 answers `UIDVALIDITY 0` for a folder another session
/// created a moment before, while its index is not written yet (seen on loopback, from
/// `tests/tests/junk.rs`); a 0 says "not known yet", which is what a missing item says too.
pub(crate) fn without_zero_ids(bytes: &[u8]) -> Option<Vec<u8>> {
    let rest = bytes.strip_prefix(b"* ")?;
    if rest.len() < 7 || !rest[..7].eq_ignore_ascii_case(b"STATUS ") {
        return None;
    }
    // The item list is the last parenthesised group: its values are numbers, so a `(` after
    // it cannot occur, while the mailbox name before it may hold one.
    let open = bytes.iter().rposition(|b| *b == b'(')?;
    let close = open + bytes[open..].iter().position(|b| *b == b')')?;
    let words: Vec<&[u8]> = bytes[open + 1..close].split(|b| *b == b' ').filter(|w| !w.is_empty()).collect();
    let mut kept: Vec<&[u8]> = Vec::with_capacity(words.len());
    let mut dropped = false;
    for pair in words.chunks(2) {
        let zero_id = matches!(pair, [name, b"0"]
            if name.eq_ignore_ascii_case(b"UIDNEXT") || name.eq_ignore_ascii_case(b"UIDVALIDITY"));
        if zero_id {
            dropped = true;
        } else {
            kept.extend_from_slice(pair);
        }
    }
    if !dropped {
        return None;
    }
    let mut out = bytes[..=open].to_vec();
    out.extend_from_slice(&kept.join(&b' '));
    out.extend_from_slice(&bytes[close..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::without_zero_ids;

    #[test]
    fn zero_ids_are_taken_out_and_the_rest_kept() {
        let line =
            b"* STATUS Junk (MESSAGES 0 RECENT 0 UIDNEXT 1 UIDVALIDITY 0 UNSEEN 0 HIGHESTMODSEQ 1)\r\n";
        assert_eq!(
            without_zero_ids(line).as_deref(),
            Some(&b"* STATUS Junk (MESSAGES 0 RECENT 0 UIDNEXT 1 UNSEEN 0 HIGHESTMODSEQ 1)\r\n"[..])
        );
        let both = b"* status \"a (b)\" (uidnext 0 uidvalidity 0)\r\n";
        assert_eq!(without_zero_ids(both).as_deref(), Some(&b"* status \"a (b)\" ()\r\n"[..]));
    }

    #[test]
    fn other_responses_and_valid_ids_are_left_alone() {
        assert_eq!(without_zero_ids(b"* STATUS INBOX (UIDNEXT 10 UIDVALIDITY 7 MESSAGES 0)\r\n"), None);
        assert_eq!(without_zero_ids(b"* OK [UIDVALIDITY 0] odd\r\n"), None);
        assert_eq!(without_zero_ids(b"* 3 FETCH (UID 0)\r\n"), None);
    }
}
