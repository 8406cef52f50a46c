//! THREAD (RFC 5256 section 4): the server groups a mailbox's messages into conversations itself.
//! The app asks for it where its own index (shared/src/thread.rs) does not hold every message of
//! the folder yet.
//!
//! The `* THREAD` response is read here, not by imap-codec: its parser stops at eight levels of
//! nested thread lists, and a long discussion with many side branches nests deeper than that. A
//! response it could not read would end the session. This reader walks the parentheses with a
//! stack of its own, so no nesting depth can exhaust the call stack, and it keeps the tree flat:
//! each thread is its messages depth first, each with its depth.

/// Which algorithm THREAD groups by (RFC 5256 section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadAlgorithm {
    /// REFERENCES: by Message-ID, References and In-Reply-To, then base subject.
    References,
    /// ORDEREDSUBJECT: by base subject only, each thread a flat list in date order.
    OrderedSubject,
}

impl ThreadAlgorithm {
    /// Its name on the wire and in the `THREAD=` capability (RFC 5256 section 4).
    pub fn name(self) -> &'static str {
        match self {
            ThreadAlgorithm::References => "REFERENCES",
            ThreadAlgorithm::OrderedSubject => "ORDEREDSUBJECT",
        }
    }
}

/// One message of a thread the server sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threaded {
    /// Its UID (for UID THREAD) or sequence number.
    pub id: u32,
    /// How deep it sits: 0 for the thread's first level (a thread whose root the server left
    /// out, RFC 5256 section 4's "((3)(5))", has several messages at 0).
    pub depth: u32,
}

/// One conversation as the server threaded it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerThread {
    /// Its messages depth first, in the server's order (each parent before its replies).
    pub members: Vec<Threaded>,
}

impl ServerThread {
    /// Its messages' UIDs (or sequence numbers), depth first.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.members.iter().map(|m| m.id)
    }
}

/// Whether `bytes` is an untagged THREAD response (`* THREAD`, followed by a space or the end
/// of the line).
pub(crate) fn is_untagged_thread(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"* ") else { return false };
    rest.len() >= 6
        && rest[..6].eq_ignore_ascii_case(b"THREAD")
        && matches!(rest.get(6), None | Some(b' ' | b'\r' | b'\n'))
}

/// Reads a whole `* THREAD …` line (RFC 5256 section 4):
///
/// ```abnf
/// thread-data    = "THREAD" [SP 1*thread-list]
/// thread-list    = "(" (thread-members / thread-nested) ")"
/// thread-members = nz-number *(SP nz-number) [SP thread-nested]
/// thread-nested  = 2*thread-list
/// ```
///
/// Each top-level thread-list is one conversation. Within a list the numbers form a chain, each
/// the reply to the one before it; the nested lists that follow are replies to the chain's last
/// message, side by side. `None` when the line does not follow the grammar (a 0, an unbalanced
/// parenthesis, anything but digits, spaces and parentheses). Empty lists, which the grammar does
/// not allow, and a single nested list are taken as they come: the meaning is still clear.
pub fn parse_thread_data(line: &[u8]) -> Option<Vec<ServerThread>> {
    let line = line.strip_suffix(b"\r\n").or_else(|| line.strip_suffix(b"\n")).unwrap_or(line);
    let rest = line.strip_prefix(b"* ")?;
    if rest.len() < 6 || !rest[..6].eq_ignore_ascii_case(b"THREAD") {
        return None;
    }
    let rest = &rest[6..];
    let mut threads = Vec::new();
    // The depth the next number in each open list gets; the last is the innermost list's.
    let mut open: Vec<u32> = Vec::new();
    // Whether the innermost open list has had a nested list: numbers may not follow one.
    let mut nested: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b' ' => i += 1,
            b'(' => {
                match open.last() {
                    None => {
                        threads.push(ServerThread::default());
                        open.push(0);
                    }
                    Some(&depth) => {
                        // Side by side: every nested list starts where the chain stopped.
                        if let Some(n) = nested.last_mut() {
                            *n = true;
                        }
                        open.push(depth);
                    }
                }
                nested.push(false);
                i += 1;
            }
            b')' => {
                open.pop()?;
                nested.pop();
                i += 1;
            }
            b'0'..=b'9' => {
                let start = i;
                while i < rest.len() && rest[i].is_ascii_digit() {
                    i += 1;
                }
                let id: u32 = std::str::from_utf8(&rest[start..i]).ok()?.parse().ok()?;
                let depth = open.last_mut()?;
                if id == 0 || nested.last().copied().unwrap_or(true) {
                    return None;
                }
                threads.last_mut()?.members.push(Threaded { id, depth: *depth });
                *depth += 1;
            }
            _ => return None,
        }
    }
    if !open.is_empty() {
        return None;
    }
    threads.retain(|t| !t.members.is_empty());
    Some(threads)
}
