//! The selected mailbox as the client knows it (RFC 3501 section 5.2, 7.3, 7.4; RFC 7162).
//!
//! Untagged EXISTS, EXPUNGE, FETCH and VANISHED responses may arrive at any time (RFC 3501
//! section 7), so the model is updated on every response, not only for the command that asked.

use std::collections::BTreeMap;

use crate::imap::command::Flag;
use crate::imap::mailbox_name::MailboxName;

/// What the client knows about one message of the selected mailbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageState {
    /// Its flags, if fetched.
    pub flags: Option<Vec<Flag>>,
    /// Its mod-sequence, if known (RFC 7162).
    pub modseq: Option<u64>,
}

/// The selected mailbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mailbox {
    /// The name, as SELECT or EXAMINE gave it.
    pub name: MailboxName,
    /// Selected with EXAMINE or reported READ-ONLY (RFC 3501 section 6.3.2, 7.1).
    pub read_only: bool,
    /// UIDVALIDITY (RFC 3501 section 2.3.1.1): if it changed, every cached UID is void.
    pub uidvalidity: Option<u32>,
    /// UIDNEXT
    pub uidnext: Option<u32>,
    /// EXISTS: the number of messages.
    pub exists: u32,
    /// RECENT
    pub recent: u32,
    /// UNSEEN from SELECT: sequence number of the first unseen message.
    pub first_unseen: Option<u32>,
    /// HIGHESTMODSEQ (RFC 7162 section 3.1.2.1)
    pub highestmodseq: Option<u64>,
    /// The flags defined in the mailbox (FLAGS response).
    pub flags: Vec<Flag>,
    /// PERMANENTFLAGS; `\*` means new keywords may be created.
    pub permanent_flags: Vec<String>,
    /// UID of each message by sequence number (index 0 is message 1); `None` while unknown.
    /// Grows only as FETCH responses name messages, never to what EXISTS merely announces.
    seq_to_uid: Vec<Option<u32>>,
    /// How many messages the model tracks at most ([`Limits::max_messages`](crate::imap::Limits)).
    max_messages: usize,
    /// What the client knows about each message, by UID.
    messages: BTreeMap<u32, MessageState>,
}

impl Mailbox {
    pub(crate) fn new(name: MailboxName, read_only: bool, max_messages: usize) -> Self {
        Self { name, read_only, max_messages, ..Self::default() }
    }

    /// Whether the mailbox keeps `keyword` on its messages: PERMANENTFLAGS names it, or `\*`
    /// (any new keyword, RFC 3501 section 7.1). Where it would not, a client does not ask: some
    /// servers refuse the STORE.
    pub fn keeps_keyword(&self, keyword: &str) -> bool {
        self.permanent_flags.iter().any(|f| f == "\\*" || f.eq_ignore_ascii_case(keyword))
    }

    /// The UID of a sequence number, if known.
    pub fn uid_of(&self, seq: u32) -> Option<u32> {
        let index = usize::try_from(seq).ok()?.checked_sub(1)?;
        self.seq_to_uid.get(index).copied().flatten()
    }

    /// The sequence number of a UID, if known.
    pub fn seq_of(&self, uid: u32) -> Option<u32> {
        self.seq_to_uid.iter().position(|u| *u == Some(uid)).map(|i| i as u32 + 1)
    }

    /// Whether the UID of every message is known, so expunges can always be mapped.
    pub fn uids_complete(&self) -> bool {
        self.seq_to_uid.len() == self.exists as usize && self.seq_to_uid.iter().all(Option::is_some)
    }

    /// The known state of a message.
    pub fn message(&self, uid: u32) -> Option<&MessageState> {
        self.messages.get(&uid)
    }

    /// All UIDs known, ascending.
    pub fn uids(&self) -> impl Iterator<Item = u32> + '_ {
        self.messages.keys().copied()
    }

    /// `* n EXISTS` (RFC 3501 section 7.3.1).
    pub(crate) fn set_exists(&mut self, exists: u32) {
        self.exists = exists;
        // Nothing is allocated for an announcement (ARCHITECTURE.md, *Framing has limits*); only a
        // shrink is applied.
        self.seq_to_uid.truncate(exists as usize);
    }

    /// `* n EXPUNGE` (RFC 3501 section 7.4.1): message n goes, later ones move down by one.
    /// Returns the UID if it was known.
    pub(crate) fn expunge_seq(&mut self, seq: u32) -> Option<u32> {
        let index = (seq as usize).checked_sub(1)?;
        if index >= self.seq_to_uid.len() {
            self.exists = self.exists.saturating_sub(1);
            return None;
        }
        let uid = self.seq_to_uid.remove(index);
        self.exists = self.exists.saturating_sub(1);
        if let Some(uid) = uid {
            self.messages.remove(&uid);
        }
        uid
    }

    /// `* VANISHED uids` (RFC 7162 section 3.2.10): like EXPUNGE for each known UID. With
    /// EARLIER the messages were gone before this session knew them: nothing is renumbered.
    /// Returns the UIDs that were removed from the model.
    pub(crate) fn vanish(&mut self, uids: &crate::imap::SequenceSet, earlier: bool) -> Vec<u32> {
        let largest = self.uidnext.unwrap_or(u32::MAX).saturating_sub(1).max(1);
        let mut removed = Vec::new();
        if !earlier {
            let mut index = 0;
            while index < self.seq_to_uid.len() {
                match self.seq_to_uid[index] {
                    Some(uid) if uids.contains(uid, largest) => {
                        self.seq_to_uid.remove(index);
                        self.exists = self.exists.saturating_sub(1);
                        removed.push(uid);
                    }
                    _ => index += 1,
                }
            }
        }
        let gone: Vec<u32> = self.messages.keys().copied().filter(|&u| uids.contains(u, largest)).collect();
        for uid in gone {
            self.messages.remove(&uid);
            if !removed.contains(&uid) {
                removed.push(uid);
            }
        }
        removed.sort_unstable();
        removed
    }

    /// An untagged FETCH: learn the UID of `seq` and the flags/modseq. Returns the UID.
    pub(crate) fn fetched(
        &mut self,
        seq: u32,
        uid: Option<u32>,
        flags: Option<&Vec<Flag>>,
        modseq: Option<u64>,
    ) -> Option<u32> {
        let index = (seq as usize).checked_sub(1)?;
        if index >= self.seq_to_uid.len() && index < self.max_messages {
            self.seq_to_uid.resize(index + 1, None);
            // The server knows more messages than it told us; EXISTS will follow.
            self.exists = self.exists.max(seq);
        }
        let uid = match uid {
            Some(uid) => {
                if let Some(slot) = self.seq_to_uid.get_mut(index) {
                    *slot = Some(uid);
                }
                Some(uid)
            }
            None => self.seq_to_uid.get(index).copied().flatten(),
        }?;
        let state = self.messages.entry(uid).or_default();
        if let Some(flags) = flags {
            state.flags = Some(flags.clone());
        }
        if let Some(modseq) = modseq {
            state.modseq = Some(modseq);
            if self.highestmodseq.is_some_and(|h| modseq > h) {
                self.highestmodseq = Some(modseq);
            }
        }
        Some(uid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keywords_are_kept_where_permanentflags_allow_them() {
        let mut mailbox = Mailbox::new(MailboxName::inbox(), false, 100);
        mailbox.permanent_flags = vec!["\\Seen".into(), "\\*".into()];
        assert!(mailbox.keeps_keyword("$Junk"));
        mailbox.permanent_flags = vec!["$junk".into()];
        assert!(mailbox.keeps_keyword("$Junk"));
        mailbox.permanent_flags = vec!["\\Seen".into(), "\\Flagged".into()];
        assert!(!mailbox.keeps_keyword("$Junk"));
        mailbox.permanent_flags = Vec::new();
        assert!(!mailbox.keeps_keyword("$Junk"));
    }

    #[test]
    fn expunge_renumbers() {
        let mut mailbox = Mailbox::new(MailboxName::inbox(), false, 100);
        mailbox.set_exists(4);
        for (seq, uid) in [(1, 10), (2, 20), (3, 30), (4, 40)] {
            mailbox.fetched(seq, Some(uid), None, None);
        }
        // RFC 3501 section 7.4.1's example: expunging 3, 3, 3 with 4 messages... here 2 then 2.
        assert_eq!(mailbox.expunge_seq(2), Some(20));
        assert_eq!(mailbox.expunge_seq(2), Some(30));
        assert_eq!(mailbox.uid_of(2), Some(40));
        assert_eq!(mailbox.exists, 2);
    }
}
