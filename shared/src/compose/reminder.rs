//! The attachment reminder, as Thunderbird has it: a message whose own text speaks of an
//! attachment ("attached", "im Anhang", "report.pdf") but has none is held back once before it
//! goes, in case the file was forgotten. Only the writer's text counts: not the quote of a reply
//! (lines from `>` on, RFC 3676 section 4.5), not the signature (from the `-- ` line on, section
//! 4.3), not the text of a message forwarded inline.
//!
//! ```
//! use posthorn_proto::compose::mentions_attachment;
//!
//! assert!(mentions_attachment("Please find the report attached.\n"));
//! assert!(mentions_attachment("Die Rechnung liegt im Anhang.\n"));
//! assert!(!mentions_attachment("Thanks!\n\n> See the attachment.\n"));
//! ```

use super::SEPARATOR;
use super::wording::starts_original;

/// Beginnings of words that speak of an attachment, in English and German (after Thunderbird's
/// lists): "attach" finds "attached" and "attachments".
const BEGINNINGS: [&str; 6] = ["attach", "enclosed", "angehängt", "beigefügt", "beiliegend", "angefügt"];

/// Whole words that do: "Anhang" but not "Anhänger", "Anlage" but not "Anlagenbau".
const WORDS: [&str; 8] =
    ["anhang", "anhangs", "anhänge", "anhängen", "anbei", "anlage", "anlagen", "mitgeschickt"];

/// File name endings of documents, which a text names as it attaches them.
const ENDINGS: [&str; 8] = [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".odt", ".zip"];

/// Where the writer's own text ends: at the signature's separator line, or where the original
/// starts (a reply's attribution, a message forwarded inline: `super::wording`).
fn own_text(body: &str) -> impl Iterator<Item = &str> {
    let lines: Vec<&str> = body.lines().collect();
    let end = (0..lines.len())
        .find(|&i| lines[i] == SEPARATOR || starts_original(lines[i], lines.get(i + 1).copied()))
        .unwrap_or(lines.len());
    lines.into_iter().take(end).filter(|line| !line.trim_start().starts_with('>'))
}

/// Whether `word` (lower case) speaks of an attachment.
fn is_mention(word: &str) -> bool {
    BEGINNINGS.iter().any(|b| word.starts_with(b))
        || WORDS.contains(&word)
        || ENDINGS.iter().any(|e| word.len() > e.len() && word.ends_with(e))
}

/// Whether the writer's text of `body` speaks of an attachment.
pub fn mentions_attachment(body: &str) -> bool {
    own_text(body).any(|line| {
        line.to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '_'))
            .map(|word| word.trim_end_matches('.'))
            .any(is_mention)
    })
}

#[cfg(test)]
mod tests {
    use super::mentions_attachment;

    #[test]
    fn the_writers_words_count_in_english_and_german() {
        for text in [
            "I attach the minutes.",
            "Attached: the plan",
            "See the ATTACHMENT below",
            "The invoice is enclosed.",
            "Anbei die Rechnung.",
            "Die Unterlagen sind beigefügt",
            "Im Anhang findest du alles.",
            "Die Anhänge sind groß",
            "Siehe Anlage",
            "Here is budget-2027.xlsx for you",
            "Bericht.PDF folgt",
        ] {
            assert!(mentions_attachment(text), "{text}");
        }
    }

    #[test]
    fn quotes_signatures_forwards_and_near_misses_do_not() {
        for text in [
            "Thanks, that works.\n\n> I attach the minutes.\n",
            "See you!\n\n-- \nAttached to the office\n",
            "FYI\n\n---------- Forwarded message ----------\nSubject: report attached\n",
            "Zur Info\n\n---------- Weitergeleitete Nachricht ----------\nBetreff: Anlage\n",
            // The attribution names the original's author, not what the writer says.
            "Danke!\n\nAm 1.12.2026 um 10:00 schrieb anlage@posthorn.test:\n> ok\n",
            "The attack was stopped.",
            "Ein Anhänger des Vereins",
            "Der Anlagenbau wächst",
            "Read the .pdf spec",
            "",
        ] {
            assert!(!mentions_attachment(text), "{text:?}");
        }
    }
}
