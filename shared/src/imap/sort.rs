//! SORT criteria (RFC 5256 section 3, and DISPLAYFROM/DISPLAYTO of RFC 5957), as the caller
//! names them and as imap-codec encodes them.

use imap_codec::imap_types::extensions::sort::{SortCriterion as WireCriterion, SortKey as WireKey};

/// What UID SORT orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// INTERNALDATE.
    Arrival,
    /// The first Cc address's local part.
    Cc,
    /// The Date header, or INTERNALDATE where it is missing or unreadable (section 2.2).
    Date,
    /// The first From address's local part.
    From,
    /// RFC822.SIZE.
    Size,
    /// The base subject (section 2.1).
    Subject,
    /// The first To address's local part.
    To,
    /// The first From address's display name, else its address (RFC 5957; needs SORT=DISPLAY).
    DisplayFrom,
    /// The first To address's display name, else its address (RFC 5957; needs SORT=DISPLAY).
    DisplayTo,
}

impl SortKey {
    /// Whether the key needs the SORT=DISPLAY capability (RFC 5957 section 4).
    pub fn needs_display(self) -> bool {
        matches!(self, SortKey::DisplayFrom | SortKey::DisplayTo)
    }
}

/// One sort criterion: a key, reversed or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortCriterion {
    /// REVERSE: descending.
    pub reverse: bool,
    /// The key.
    pub key: SortKey,
}

impl SortCriterion {
    pub(crate) fn to_wire(self) -> WireCriterion {
        let key = match self.key {
            SortKey::Arrival => WireKey::Arrival,
            SortKey::Cc => WireKey::Cc,
            SortKey::Date => WireKey::Date,
            SortKey::From => WireKey::From,
            SortKey::Size => WireKey::Size,
            SortKey::Subject => WireKey::Subject,
            SortKey::To => WireKey::To,
            SortKey::DisplayFrom => WireKey::DisplayFrom,
            SortKey::DisplayTo => WireKey::DisplayTo,
        };
        WireCriterion { reverse: self.reverse, key }
    }
}
