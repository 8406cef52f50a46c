//! Search criteria (RFC 3501 section 6.4.4) for UID SEARCH, SORT and THREAD.

use crate::imap::sequence_set::SequenceSet;

/// A calendar date for SEARCH (RFC 3501 section 6.4.4, `date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year, e.g. 2001.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

/// A search criterion (RFC 3501 section 6.4.4; MODSEQ from RFC 7162 section 3.1.5).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchKey {
    /// Every message.
    All,
    /// These UIDs.
    Uid(SequenceSet),
    /// `\Seen` set.
    Seen,
    /// `\Seen` not set.
    Unseen,
    /// `\Flagged` set.
    Flagged,
    /// `\Flagged` not set.
    Unflagged,
    /// `\Answered` set.
    Answered,
    /// `\Deleted` set.
    Deleted,
    /// `\Deleted` not set.
    Undeleted,
    /// `\Draft` set.
    Draft,
    /// Keyword set.
    Keyword(String),
    /// From contains.
    From(String),
    /// To contains.
    To(String),
    /// Cc contains.
    Cc(String),
    /// Subject contains.
    Subject(String),
    /// Body contains.
    Body(String),
    /// Header or body contains.
    Text(String),
    /// Header field contains.
    Header(String, String),
    /// Internal date on or after.
    Since(Date),
    /// Internal date before.
    Before(Date),
    /// Internal date on.
    On(Date),
    /// Date header on or after.
    SentSince(Date),
    /// Date header before.
    SentBefore(Date),
    /// Larger than n bytes.
    Larger(u32),
    /// Smaller than n bytes.
    Smaller(u32),
    /// Mod-sequence at least n (CONDSTORE).
    ModSeq(u64),
    /// Negation.
    Not(Box<SearchKey>),
    /// Either.
    Or(Box<SearchKey>, Box<SearchKey>),
    /// All of them.
    And(Vec<SearchKey>),
}

impl SearchKey {
    /// Whether any value in the criterion is not ASCII, which needs CHARSET UTF-8.
    pub(crate) fn needs_utf8(&self) -> bool {
        match self {
            SearchKey::Keyword(s)
            | SearchKey::From(s)
            | SearchKey::To(s)
            | SearchKey::Cc(s)
            | SearchKey::Subject(s)
            | SearchKey::Body(s)
            | SearchKey::Text(s) => !s.is_ascii(),
            SearchKey::Header(a, b) => !a.is_ascii() || !b.is_ascii(),
            SearchKey::Not(k) => k.needs_utf8(),
            SearchKey::Or(a, b) => a.needs_utf8() || b.needs_utf8(),
            SearchKey::And(keys) => keys.iter().any(SearchKey::needs_utf8),
            _ => false,
        }
    }
}
