//! UID SEARCH (RFC 3501 section 6.4.4), UID SORT and UID THREAD (RFC 5256), and their search keys.

use imap_codec::imap_types::command::CommandBody;
use imap_codec::imap_types::core::{Charset, Vec1};
use imap_codec::imap_types::datetime::NaiveDate;
use imap_codec::imap_types::extensions::thread::ThreadingAlgorithm as WireThreadingAlgorithm;
use imap_codec::imap_types::search::SearchKey as WireKey;

use crate::imap::command::{Date, SearchKey};
use crate::imap::error::Error;
use crate::imap::sort::SortCriterion;
use crate::imap::thread::ThreadAlgorithm;

use super::Context;

impl Context<'_> {
    pub fn search(&self, criteria: &[SearchKey]) -> Result<CommandBody<'static>, Error> {
        // After ENABLE UTF8=ACCEPT the client must not name a charset (RFC 6855 section 3).
        let utf8 = !self.utf8 && criteria.iter().any(SearchKey::needs_utf8);
        let keys: Vec<WireKey<'static>> =
            criteria.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
        let keys = Vec1::try_from(keys).unwrap_or_else(|_| Vec1::from(WireKey::All));
        let charset = if utf8 {
            Some(
                Charset::try_from("UTF-8")
                    .map_err(|e| Error::InvalidArgument { what: "charset", reason: e.to_string() })?,
            )
        } else {
            None
        };
        Ok(CommandBody::Search { charset, criteria: keys, uid: true })
    }

    /// UID SORT (RFC 5256 section 3). Its charset is not optional; UTF-8 is one every SORT
    /// server must support (section 3), and after ENABLE UTF8=ACCEPT still the one to name.
    pub fn sort(
        &self,
        sort: &[SortCriterion],
        criteria: &[SearchKey],
    ) -> Result<CommandBody<'static>, Error> {
        let sort_criteria =
            Vec1::try_from(sort.iter().map(|c| c.to_wire()).collect::<Vec<_>>()).map_err(|_| {
                Error::InvalidArgument { what: "sort criteria", reason: "there must be one".into() }
            })?;
        let keys: Vec<WireKey<'static>> =
            criteria.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
        let search_criteria = Vec1::try_from(keys).unwrap_or_else(|_| Vec1::from(WireKey::All));
        let charset = Charset::try_from("UTF-8")
            .map_err(|e| Error::InvalidArgument { what: "charset", reason: e.to_string() })?;
        Ok(CommandBody::Sort { sort_criteria, charset, search_criteria, uid: true })
    }

    /// UID THREAD (RFC 5256 section 4), with UTF-8 as UID SORT has it.
    pub fn thread(
        &self,
        algorithm: ThreadAlgorithm,
        criteria: &[SearchKey],
    ) -> Result<CommandBody<'static>, Error> {
        let keys: Vec<WireKey<'static>> =
            criteria.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
        let search_criteria = Vec1::try_from(keys).unwrap_or_else(|_| Vec1::from(WireKey::All));
        let charset = Charset::try_from("UTF-8")
            .map_err(|e| Error::InvalidArgument { what: "charset", reason: e.to_string() })?;
        let algorithm = match algorithm {
            ThreadAlgorithm::References => WireThreadingAlgorithm::References,
            ThreadAlgorithm::OrderedSubject => WireThreadingAlgorithm::OrderedSubject,
        };
        Ok(CommandBody::Thread { algorithm, charset, search_criteria, uid: true })
    }

    fn search_key(&self, key: &SearchKey) -> Result<WireKey<'static>, Error> {
        let s = |v: &str| self.astring(v, "a search value");
        Ok(match key {
            SearchKey::All => WireKey::All,
            SearchKey::Uid(set) => WireKey::Uid(set.to_wire()),
            SearchKey::Seen => WireKey::Seen,
            SearchKey::Unseen => WireKey::Unseen,
            SearchKey::Flagged => WireKey::Flagged,
            SearchKey::Unflagged => WireKey::Unflagged,
            SearchKey::Answered => WireKey::Answered,
            SearchKey::Deleted => WireKey::Deleted,
            SearchKey::Undeleted => WireKey::Undeleted,
            SearchKey::Draft => WireKey::Draft,
            SearchKey::Keyword(k) => WireKey::Keyword(
                imap_codec::imap_types::core::Atom::try_from(k.clone())
                    .map_err(|e| Error::InvalidArgument { what: "a keyword", reason: e.to_string() })?,
            ),
            SearchKey::From(v) => WireKey::From(s(v)?),
            SearchKey::To(v) => WireKey::To(s(v)?),
            SearchKey::Cc(v) => WireKey::Cc(s(v)?),
            SearchKey::Subject(v) => WireKey::Subject(s(v)?),
            SearchKey::Body(v) => WireKey::Body(s(v)?),
            SearchKey::Text(v) => WireKey::Text(s(v)?),
            SearchKey::Header(name, value) => WireKey::Header(s(name)?, s(value)?),
            SearchKey::Since(d) => WireKey::Since(wire_date(d)?),
            SearchKey::Before(d) => WireKey::Before(wire_date(d)?),
            SearchKey::On(d) => WireKey::On(wire_date(d)?),
            SearchKey::SentSince(d) => WireKey::SentSince(wire_date(d)?),
            SearchKey::SentBefore(d) => WireKey::SentBefore(wire_date(d)?),
            SearchKey::Larger(n) => WireKey::Larger(*n),
            SearchKey::Smaller(n) => WireKey::Smaller(*n),
            SearchKey::ModSeq(m) => WireKey::ModSequence { entry: None, modseq: *m },
            SearchKey::Not(k) => WireKey::Not(Box::new(self.search_key(k)?)),
            SearchKey::Or(a, b) => WireKey::Or(Box::new(self.search_key(a)?), Box::new(self.search_key(b)?)),
            SearchKey::And(keys) => {
                let keys: Vec<WireKey<'static>> =
                    keys.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
                match Vec1::try_from(keys) {
                    Ok(keys) => WireKey::And(keys),
                    Err(_) => WireKey::All,
                }
            }
        })
    }
}

fn wire_date(date: &Date) -> Result<NaiveDate, Error> {
    let invalid = || Error::InvalidArgument {
        what: "a date",
        reason: format!("{}-{}-{} is not a date", date.year, date.month, date.day),
    };
    let naive = chrono::NaiveDate::from_ymd_opt(date.year, date.month, date.day).ok_or_else(invalid)?;
    NaiveDate::try_from(naive).map_err(|_| invalid())
}
