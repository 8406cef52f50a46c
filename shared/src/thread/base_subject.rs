//! The base subject of RFC 5256 section 2.1: what is left of a subject once the reply and forward
//! markers and list tags are taken off, so that "Re: [list] Fwd: Hello (fwd)" and "Hello" sort and
//! thread together.

/// A subject reduced to its base, and whether anything marked it as a reply or forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseSubject {
    /// The base subject, lower-cased and with runs of white space folded to one space
    /// (RFC 5256 uses the i;unicode-casemap comparator, which ignores case).
    pub text: String,
    /// True when a `Re:`, `Fw:`, `Fwd:`, `(fwd)` or `[fwd: …]` was removed: RFC 5256 section 3
    /// (step 6) calls such a message a reply or forward.
    pub is_reply_or_forward: bool,
}

/// Extracts the base subject (RFC 5256 section 2.1) from a decoded subject.
pub fn base_subject(subject: &str) -> BaseSubject {
    // Step 1: the subject is already decoded to UTF-8; fold white space and case.
    let mut text = fold(subject);
    let mut marked = false;
    loop {
        // Step 2: trailing "(fwd)" and white space.
        loop {
            let trimmed = text.trim_end();
            if let Some(rest) = trimmed.strip_suffix("(fwd)") {
                marked = true;
                text.truncate(rest.len());
            } else {
                text.truncate(trimmed.len());
                break;
            }
        }
        // Steps 3 to 5: leaders (`[blob] re:`) and lone blobs, until nothing changes.
        loop {
            let before = text.len();
            if let Some(rest) = strip_leader(&text) {
                marked = true;
                text = rest.to_owned();
            }
            if let Some(rest) = strip_blob(&text)
                && !rest.is_empty()
            {
                text = rest.to_owned();
            }
            let trimmed = text.trim_start();
            if trimmed.len() != text.len() {
                text = trimmed.to_owned();
            }
            if text.len() == before {
                break;
            }
        }
        // Step 6: a "[fwd: …]" wrapper, then back to step 2.
        match text.strip_prefix("[fwd:").and_then(|t| t.strip_suffix(']')) {
            Some(inner) => {
                marked = true;
                text = inner.trim().to_owned();
            }
            None => break,
        }
    }
    BaseSubject { text, is_reply_or_forward: marked }
}

/// Lower-cases and folds every run of white space to one space.
fn fold(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len());
    let mut space = false;
    for c in subject.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `subj-blob = "[" *BLOBCHAR "]" *WSP`: returns what follows it.
fn strip_blob(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('[')?;
    let end = rest.find([']', '['])?;
    if rest.as_bytes()[end] != b']' {
        return None;
    }
    Some(rest[end + 1..].trim_start())
}

/// `subj-leader = (*subj-blob subj-refwd) / WSP` with
/// `subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"`: returns what follows one leader.
fn strip_leader(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(after) = strip_blob(rest) {
        rest = after;
    }
    let after = ["re", "fwd", "fw"].iter().find_map(|word| rest.strip_prefix(word))?;
    let mut after = after.trim_start();
    if let Some(blob_end) = strip_blob(after) {
        after = blob_end;
    }
    after.strip_prefix(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str) -> (String, bool) {
        let b = base_subject(s);
        (b.text, b.is_reply_or_forward)
    }

    #[test]
    fn removes_reply_and_forward_markers_and_tags() {
        assert_eq!(base("Hello"), ("hello".into(), false));
        assert_eq!(base("Re: Hello"), ("hello".into(), true));
        assert_eq!(base("RE:  re:Hello"), ("hello".into(), true));
        assert_eq!(base("Fwd: Hello (fwd)"), ("hello".into(), true));
        assert_eq!(base("Re[2]: Hello"), ("hello".into(), true));
        assert_eq!(base("[posthorn-dev] Re: Hello"), ("hello".into(), true));
        assert_eq!(base("Re: [posthorn-dev] Hello"), ("hello".into(), true));
        assert_eq!(base("[Fwd: Re: Hello]"), ("hello".into(), true));
        assert_eq!(base("Hello\t  World"), ("hello world".into(), false));
    }

    #[test]
    fn keeps_what_only_looks_like_a_marker() {
        // A blob that is the whole subject stays (step 4 needs a non-empty rest).
        assert_eq!(base("[announce]"), ("[announce]".into(), false));
        // "Rebase" starts with "re" but has no colon after it.
        assert_eq!(base("Rebase: done"), ("rebase: done".into(), false));
        assert_eq!(base("Re"), ("re".into(), false));
        assert_eq!(base(""), ("".into(), false));
        assert_eq!(base("[unclosed Re: x"), ("[unclosed re: x".into(), false));
    }
}
