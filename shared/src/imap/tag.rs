//! Command tags (RFC 3501 section 2.2.1) and the handles the caller gets for its commands.

use std::fmt;

/// A command tag as it appears on the wire, e.g. `a001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub(crate) String);

impl Tag {
    /// The tag's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The caller's handle for an enqueued command, reported back in
/// [`Event::Done`](crate::imap::Event::Done).
///
/// Not the wire tag: tags are given out when a command is sent, so that they run in wire order
/// even when the client sends commands of its own (CAPABILITY after TLS) or splits one command
/// into several (MOVE without the MOVE extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandId(pub u64);

/// Gives out `prefix001`, `prefix002`, … Deterministic on purpose: transcripts stay comparable
/// and the engine draws no randomness of its own.
#[derive(Debug, Clone)]
pub(crate) struct TagGenerator {
    prefix: String,
    counter: u32,
}

impl TagGenerator {
    /// A generator whose tags start with `prefix` (which must be tag characters).
    pub fn new(prefix: &str) -> Self {
        let prefix: String = prefix.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let prefix = if prefix.is_empty() { "a".to_owned() } else { prefix };
        Self { prefix, counter: 0 }
    }

    /// The next tag.
    pub fn next_tag(&mut self) -> Tag {
        self.counter = self.counter.wrapping_add(1);
        Tag(format!("{}{:03}", self.prefix, self.counter))
    }
}
