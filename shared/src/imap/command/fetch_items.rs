//! What a FETCH asks for (RFC 3501 section 6.4.5): the items and the body sections.

/// What to fetch for each message (RFC 3501 section 6.4.5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchItems {
    /// UID (implied by UID FETCH; ask for it with sequence numbers to learn UIDs)
    pub uid: bool,
    /// FLAGS
    pub flags: bool,
    /// ENVELOPE
    pub envelope: bool,
    /// INTERNALDATE
    pub internal_date: bool,
    /// RFC822.SIZE
    pub size: bool,
    /// BODYSTRUCTURE
    pub body_structure: bool,
    /// MODSEQ (RFC 7162 section 3.1.4.1)
    pub modseq: bool,
    /// RFC822.HEADER (the whole header, marks the message seen on some servers; prefer
    /// `sections` with [`Section::Header`] and `peek`).
    pub rfc822_header: bool,
    /// `BODY[section]<partial>` or `BODY.PEEK[...]`.
    pub sections: Vec<SectionRequest>,
    /// PREVIEW (RFC 8970 section 4), asked for where the server announced the `PREVIEW`
    /// capability and left out elsewhere, so that one set of items serves every server.
    pub preview: bool,
}

impl FetchItems {
    /// What a message list needs: FLAGS, ENVELOPE, INTERNALDATE, RFC822.SIZE, BODYSTRUCTURE.
    pub fn summary() -> Self {
        Self {
            flags: true,
            envelope: true,
            internal_date: true,
            size: true,
            body_structure: true,
            ..Self::default()
        }
    }

    /// Just the flags (to resynchronise).
    pub fn flags() -> Self {
        Self { flags: true, ..Self::default() }
    }

    /// One section without setting \Seen, e.g. `FetchItems::section(Section::Full)` for the whole message.
    pub fn section(section: Section) -> Self {
        Self { sections: vec![SectionRequest { section, partial: None, peek: true }], ..Self::default() }
    }
}

/// `BODY[section]<origin.length>` (RFC 3501 section 6.4.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRequest {
    /// Which part.
    pub section: Section,
    /// `<origin.length>`: only these bytes.
    pub partial: Option<(u32, u32)>,
    /// BODY.PEEK: do not set \Seen.
    pub peek: bool,
}

/// A body section specifier (RFC 3501 section 6.4.5, `section-spec`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Section {
    /// `[]`: the whole message.
    Full,
    /// `[HEADER]` or `[1.2.HEADER]` for an attached message.
    Header(Vec<u32>),
    /// `[HEADER.FIELDS (…)]`
    HeaderFields(Vec<u32>, Vec<String>),
    /// `[TEXT]` or `[1.2.TEXT]`
    Text(Vec<u32>),
    /// `[1.2]`: a MIME part, still in its transfer encoding.
    Part(Vec<u32>),
    /// `[1.2.MIME]`: the part's MIME header.
    Mime(Vec<u32>),
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = |p: &[u32]| p.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
        let prefixed = |p: &[u32], what: &str| {
            if p.is_empty() { what.to_owned() } else { format!("{}.{what}", path(p)) }
        };
        match self {
            Section::Full => Ok(()),
            Section::Header(p) => f.write_str(&prefixed(p, "HEADER")),
            Section::HeaderFields(p, fields) => {
                write!(f, "{} ({})", prefixed(p, "HEADER.FIELDS"), fields.join(" "))
            }
            Section::Text(p) => f.write_str(&prefixed(p, "TEXT")),
            Section::Part(p) => f.write_str(&path(p)),
            Section::Mime(p) => f.write_str(&prefixed(p, "MIME")),
        }
    }
}
