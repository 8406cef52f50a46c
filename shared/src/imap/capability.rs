//! The server's capabilities (RFC 3501 section 7.2.1), as the client consults them.

use std::collections::BTreeSet;

/// The capability list last announced by the server, upper-cased.
///
/// Kept as strings rather than an enum: servers announce extensions this client has never heard
/// of, and the UI may want to show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    names: BTreeSet<String>,
}

impl Capabilities {
    /// Capabilities from names as the server wrote them.
    pub fn from_names<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self { names: names.into_iter().map(|n| n.as_ref().to_ascii_uppercase()).collect() }
    }

    /// Whether the server announced `name` (case-insensitive), e.g. `"IDLE"` or `"AUTH=PLAIN"`.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(&name.to_ascii_uppercase())
    }

    /// Whether nothing is known yet.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// All names, upper-cased and sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The SASL mechanisms from `AUTH=` entries (RFC 3501 section 6.2.2), upper-cased.
    pub fn auth_mechanisms(&self) -> Vec<String> {
        self.names.iter().filter_map(|n| n.strip_prefix("AUTH=")).map(str::to_owned).collect()
    }

    /// STARTTLS is offered (RFC 3501 section 6.2.1).
    pub fn starttls(&self) -> bool {
        self.has("STARTTLS")
    }

    /// LOGIN is disabled (RFC 3501 section 6.2.3).
    pub fn login_disabled(&self) -> bool {
        self.has("LOGINDISABLED")
    }

    /// An initial response may travel with AUTHENTICATE (SASL-IR, RFC 4959).
    pub fn sasl_ir(&self) -> bool {
        self.has("SASL-IR")
    }

    /// Non-synchronising literals of any size (LITERAL+, RFC 7888).
    pub fn literal_plus(&self) -> bool {
        self.has("LITERAL+")
    }

    /// Non-synchronising literals up to 4096 bytes (LITERAL-, RFC 7888).
    pub fn literal_minus(&self) -> bool {
        self.has("LITERAL-")
    }

    /// MOVE (RFC 6851).
    pub fn move_(&self) -> bool {
        self.has("MOVE")
    }

    /// UIDPLUS: APPENDUID, COPYUID, UID EXPUNGE (RFC 4315).
    pub fn uidplus(&self) -> bool {
        self.has("UIDPLUS")
    }

    /// IDLE (RFC 2177).
    pub fn idle(&self) -> bool {
        self.has("IDLE")
    }

    /// CONDSTORE (RFC 7162 section 3.1); implied by QRESYNC.
    pub fn condstore(&self) -> bool {
        self.has("CONDSTORE") || self.has("QRESYNC")
    }

    /// QRESYNC (RFC 7162 section 3.2).
    pub fn qresync(&self) -> bool {
        self.has("QRESYNC")
    }

    /// ENABLE (RFC 5161).
    pub fn enable(&self) -> bool {
        self.has("ENABLE")
    }

    /// NAMESPACE (RFC 2342).
    pub fn namespace(&self) -> bool {
        self.has("NAMESPACE")
    }

    /// QUOTA (RFC 9208; RFC 2087 named it alike).
    pub fn quota(&self) -> bool {
        self.has("QUOTA")
    }

    /// SPECIAL-USE mailbox attributes (RFC 6154).
    pub fn special_use(&self) -> bool {
        self.has("SPECIAL-USE")
    }

    /// CREATE with a USE list (RFC 6154 section 3).
    pub fn create_special_use(&self) -> bool {
        self.has("CREATE-SPECIAL-USE")
    }

    /// UNSELECT (RFC 3691).
    pub fn unselect(&self) -> bool {
        self.has("UNSELECT")
    }

    /// SORT (RFC 5256 section 3), plain or with SORT=DISPLAY.
    pub fn sort(&self) -> bool {
        self.has("SORT") || self.sort_display()
    }

    /// PREVIEW (RFC 8970): a FETCH item with a short text of each message.
    pub fn preview(&self) -> bool {
        self.has("PREVIEW")
    }

    /// THREAD with this algorithm (RFC 5256 section 4: `THREAD=REFERENCES`).
    pub fn thread(&self, algorithm: crate::imap::ThreadAlgorithm) -> bool {
        self.has(&format!("THREAD={}", algorithm.name()))
    }

    /// SORT=DISPLAY (RFC 5957): DISPLAYFROM and DISPLAYTO.
    pub fn sort_display(&self) -> bool {
        self.has("SORT=DISPLAY")
    }
}
