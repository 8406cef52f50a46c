//! Message flags (RFC 3501 section 2.3.2) and how STORE changes them.

/// A message flag (RFC 3501 section 2.3.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// `\Seen`
    Seen,
    /// `\Answered`
    Answered,
    /// `\Flagged`
    Flagged,
    /// `\Deleted`
    Deleted,
    /// `\Draft`
    Draft,
    /// `\Recent` (only ever reported by the server).
    Recent,
    /// A keyword such as `$Forwarded` or `$Junk` (RFC 5788), or another `\` flag.
    Keyword(String),
}

impl Flag {
    /// The flag as written on the wire.
    pub fn as_wire(&self) -> String {
        match self {
            Flag::Seen => "\\Seen".into(),
            Flag::Answered => "\\Answered".into(),
            Flag::Flagged => "\\Flagged".into(),
            Flag::Deleted => "\\Deleted".into(),
            Flag::Draft => "\\Draft".into(),
            Flag::Recent => "\\Recent".into(),
            Flag::Keyword(k) => k.clone(),
        }
    }

    /// Reads a flag as written on the wire (case-insensitive for system flags).
    pub fn from_wire(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "\\seen" => Flag::Seen,
            "\\answered" => Flag::Answered,
            "\\flagged" => Flag::Flagged,
            "\\deleted" => Flag::Deleted,
            "\\draft" => Flag::Draft,
            "\\recent" => Flag::Recent,
            _ => Flag::Keyword(text.to_owned()),
        }
    }
}

/// How STORE changes flags (RFC 3501 section 6.4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreAction {
    /// `+FLAGS`
    Add,
    /// `-FLAGS`
    Remove,
    /// `FLAGS`
    Replace,
}
