//! The words a reply and a forward write around the original, in the writer's language: the
//! attribution line above a reply's quote ("On …, Bob wrote:") and the header block of a message
//! forwarded inline. The engine's own are English; an app passes its person's language.
//!
//! Where the writer's own text ends does not depend on these words (any language, and lines other
//! clients wrote): [`starts_original`] knows the forward's dashes and a line ending in `:` that
//! introduces a quote (RFC 3676 section 4.5's `>` lines).

/// The words around a quoted or forwarded original.
#[derive(Debug, Clone, Copy)]
pub struct Wording {
    /// The line above a reply's quote, from the original's date and its author.
    pub attribution: fn(date: &str, author: &str) -> String,
    /// How the original's date is written there and in a forward's header, from its Unix time;
    /// `None` writes the Date header as it came.
    pub date: Option<fn(unix: i64) -> String>,
    /// What stands for a date the original does not have, and for an author it does not name.
    pub unknown_date: &'static str,
    pub someone: &'static str,
    /// The title of a forward's header block, between the dashes.
    pub forwarded: &'static str,
    /// The labels of that block's lines.
    pub from: &'static str,
    pub sent: &'static str,
    pub subject: &'static str,
    pub to: &'static str,
    pub cc: &'static str,
}

impl Wording {
    /// The engine's words: English, the Date header as it came.
    pub const ENGLISH: Wording = Wording {
        attribution: |date, author| format!("On {date}, {author} wrote:"),
        date: None,
        unknown_date: "an unknown date",
        someone: "someone",
        forwarded: "Forwarded message",
        from: "From",
        sent: "Date",
        subject: "Subject",
        to: "To",
        cc: "Cc",
    };
}

/// The dashes around a forward's title, in every language.
pub(super) const FORWARD_RULE: &str = "----------";

/// Whether `line`, followed by `next`, begins the original under the writer's text: a forward's
/// header block, or an attribution line (ending in `:`) above a quote.
pub(super) fn starts_original(line: &str, next: Option<&str>) -> bool {
    let line = line.trim_end();
    (line.starts_with(FORWARD_RULE) && line.len() > 2 * FORWARD_RULE.len())
        || (line.ends_with(':') && next.is_some_and(|n| n.starts_with('>')))
}

#[cfg(test)]
mod tests {
    use super::starts_original;

    #[test]
    fn the_original_starts_at_an_attribution_or_a_forward_in_any_language() {
        assert!(starts_original("On Monday, Bob wrote:", Some("> Hi")));
        assert!(starts_original("Am 05.12.2026 um 10:00 schrieb Bob:", Some(">")));
        assert!(starts_original("---------- Weitergeleitete Nachricht ----------", None));
        // A line of the writer's own that ends in a colon, with no quote under it.
        assert!(!starts_original("The plan:", Some("- lunch")));
        assert!(!starts_original("On Monday, Bob wrote:", None));
        assert!(!starts_original("----------", None), "a rule drawn in the text");
    }
}
