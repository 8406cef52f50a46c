//! Sets of UIDs or message sequence numbers (RFC 3501 section 9, `sequence-set`).

use std::fmt;
use std::num::NonZeroU32;

use imap_codec::imap_types::sequence::{SeqOrUid, Sequence, SequenceSet as WireSet};

/// One element of a [`SequenceSet`]: a number or a range, where `None` as the end means `*`
/// (the largest number in use, RFC 3501 section 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetRange {
    /// First number (at least 1).
    pub start: u32,
    /// Last number, `None` for `*`.
    pub end: Option<u32>,
}

/// A set of UIDs or message sequence numbers, whichever the command uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceSet {
    ranges: Vec<SetRange>,
}

impl SequenceSet {
    /// One number.
    pub fn single(n: u32) -> Self {
        Self { ranges: vec![SetRange { start: n, end: Some(n) }] }
    }

    /// `start:end`, inclusive.
    pub fn range(start: u32, end: u32) -> Self {
        Self { ranges: vec![SetRange { start: start.min(end), end: Some(start.max(end)) }] }
    }

    /// `start:*`.
    pub fn from_start(start: u32) -> Self {
        Self { ranges: vec![SetRange { start, end: None }] }
    }

    /// `1:*`, everything.
    pub fn all() -> Self {
        Self::from_start(1)
    }

    /// The given numbers, compressed into ranges.
    pub fn from_ids(ids: &[u32]) -> Self {
        let mut sorted: Vec<u32> = ids.iter().copied().filter(|&n| n > 0).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut ranges: Vec<SetRange> = Vec::new();
        for n in sorted {
            match ranges.last_mut() {
                Some(SetRange { end: Some(end), .. }) if end.checked_add(1) == Some(n) => *end = n,
                _ => ranges.push(SetRange { start: n, end: Some(n) }),
            }
        }
        Self { ranges }
    }

    /// Parses `1:4,7,9:*`. Returns `None` for anything else: user text never becomes protocol
    /// syntax unchecked (ARCHITECTURE.md, *User input never becomes protocol syntax*).
    pub fn parse(text: &str) -> Option<Self> {
        let mut ranges = Vec::new();
        for part in text.split(',') {
            let number = |s: &str| -> Option<Option<u32>> {
                if s == "*" { Some(None) } else { s.parse::<u32>().ok().filter(|&n| n > 0).map(Some) }
            };
            let (start, end) = match part.split_once(':') {
                Some((a, b)) => (number(a)?, number(b)?),
                None => (number(part)?, number(part)?),
            };
            ranges.push(match (start, end) {
                (Some(a), Some(b)) => SetRange { start: a.min(b), end: Some(a.max(b)) },
                (Some(a), None) | (None, Some(a)) => SetRange { start: a, end: None },
                (None, None) => SetRange { start: 1, end: None }.star_only(),
            });
        }
        if ranges.is_empty() { None } else { Some(Self { ranges }) }
    }

    /// The ranges.
    pub fn ranges(&self) -> &[SetRange] {
        &self.ranges
    }

    /// Whether `n` is in the set; `largest` stands for `*`.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        self.ranges.iter().any(|r| {
            let end = r.end.unwrap_or(largest);
            let (lo, hi) = if r.start <= end { (r.start, end) } else { (end, r.start) };
            (lo..=hi).contains(&n) || (r.end.is_none() && n >= r.start)
        })
    }

    /// Whether no number can be in both sets, whatever `*` stands for. A range with `*` may
    /// reach any number: `100:*` is `40:100` when 40 is the largest (RFC 3501 section 9).
    pub fn is_disjoint(&self, other: &SequenceSet) -> bool {
        let span = |r: &SetRange| match r.end {
            Some(end) => (r.start.min(end), r.start.max(end)),
            None => (1, u32::MAX),
        };
        self.ranges.iter().map(span).all(|(a, b)| other.ranges.iter().map(span).all(|(c, d)| b < c || d < a))
    }

    /// The numbers in the set, with `*` read as `largest`. At most `cap` numbers, so a hostile
    /// `1:4294967295` cannot make the client allocate gigabytes.
    pub fn expand(&self, largest: u32, cap: usize) -> Vec<u32> {
        let mut out = Vec::new();
        for r in &self.ranges {
            let end = r.end.unwrap_or(largest);
            let (lo, hi) = if r.start <= end { (r.start, end) } else { (end, r.start) };
            for n in lo..=hi {
                if out.len() >= cap {
                    return out;
                }
                out.push(n);
            }
        }
        out
    }

    pub(crate) fn to_wire(&self) -> WireSet {
        let nz = |n: u32| SeqOrUid::Value(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        let items: Vec<Sequence> = self
            .ranges
            .iter()
            .map(|r| match r.end {
                Some(end) if end == r.start => Sequence::Single(nz(r.start)),
                Some(end) => Sequence::Range(nz(r.start), nz(end)),
                None if r.start == u32::MAX => Sequence::Single(SeqOrUid::Asterisk),
                None => Sequence::Range(nz(r.start), SeqOrUid::Asterisk),
            })
            .collect();
        // Non-empty by construction: every constructor makes at least one range.
        WireSet::try_from(items).unwrap_or_else(|_| WireSet::from(SeqOrUid::Asterisk))
    }

    pub(crate) fn from_wire(set: &WireSet) -> Self {
        let value = |s: &SeqOrUid| match s {
            SeqOrUid::Value(n) => Some(n.get()),
            SeqOrUid::Asterisk => None,
        };
        let ranges = set
            .0
            .as_ref()
            .iter()
            .map(|seq| match seq {
                Sequence::Single(s) => SetRange { start: value(s).unwrap_or(u32::MAX), end: value(s) },
                Sequence::Range(a, b) => match (value(a), value(b)) {
                    (Some(a), Some(b)) => SetRange { start: a.min(b), end: Some(a.max(b)) },
                    (Some(a), None) | (None, Some(a)) => SetRange { start: a, end: None },
                    (None, None) => SetRange { start: u32::MAX, end: None },
                },
            })
            .collect();
        Self { ranges }
    }
}

impl SetRange {
    /// `*` alone: a range that starts at the largest number.
    fn star_only(self) -> Self {
        Self { start: u32::MAX, end: None }
    }
}

impl fmt::Display for SequenceSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match r.end {
                Some(end) if end == r.start => write!(f, "{}", r.start)?,
                Some(end) => write!(f, "{}:{}", r.start, end)?,
                None if r.start == u32::MAX => f.write_str("*")?,
                None => write!(f, "{}:*", r.start)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_and_prints() {
        assert_eq!(SequenceSet::from_ids(&[5, 1, 2, 3, 9, 10]).to_string(), "1:3,5,9:10");
        assert_eq!(SequenceSet::parse("1:4,7,9:*").unwrap().to_string(), "1:4,7,9:*");
        assert_eq!(SequenceSet::parse("*").unwrap().to_string(), "*");
        assert!(SequenceSet::parse("1 OR 2").is_none());
        assert!(SequenceSet::parse("0").is_none());
        assert!(SequenceSet::parse("").is_none());
    }

    #[test]
    fn expansion_is_capped() {
        assert_eq!(SequenceSet::parse("1:4294967295").unwrap().expand(0, 3), vec![1, 2, 3]);
        assert!(SequenceSet::range(3, 5).contains(4, 10));
        assert!(SequenceSet::from_start(3).contains(40, 10));
    }

    #[test]
    fn disjoint_sets_share_no_number_whatever_star_is() {
        let set = |text: &str| SequenceSet::parse(text).unwrap();
        assert!(set("1:17").is_disjoint(&set("2000")));
        assert!(set("1:3,7").is_disjoint(&set("4:6,8:9")));
        assert!(!set("1:3,7").is_disjoint(&set("5:7")));
        assert!(!set("10:20").is_disjoint(&set("20")));
        assert!(!set("20:10").is_disjoint(&set("15")));
        // 100:* is 40:100 while 40 is the largest UID.
        assert!(!set("100:*").is_disjoint(&set("50")));
        assert!(!set("*").is_disjoint(&set("1")));
    }
}
