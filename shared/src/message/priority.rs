//! A message's priority as mail clients mark it. No RFC standardises it for Internet mail; the
//! fields in use are `X-Priority` (1 highest to 5 lowest, as Thunderbird and Outlook write it:
//! `1 (Highest)`), and the X.400 ones of RFC 2156 section 5.3, `Importance` (high, normal, low)
//! and `Priority` (urgent, normal, non-urgent). The first of them a message has decides.

use serde::{Deserialize, Serialize};

/// Thunderbird's five levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Priority {
    Highest,
    High,
    #[default]
    Normal,
    Low,
    Lowest,
}

impl Priority {
    /// Every level, highest first.
    pub const ALL: [Priority; 5] =
        [Priority::Highest, Priority::High, Priority::Normal, Priority::Low, Priority::Lowest];

    /// The priority that `fields` (name, value) mark, normal where none does or none can be read.
    pub fn of<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Priority {
        let find = |name: &str| {
            fields
                .clone()
                .into_iter()
                .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
        };
        if let Some(value) = find("X-Priority") {
            // "1", "1 (Highest)", "2 (High)": the digit decides.
            return match value.chars().next() {
                Some('1') => Priority::Highest,
                Some('2') => Priority::High,
                Some('4') => Priority::Low,
                Some('5') => Priority::Lowest,
                _ => Priority::Normal,
            };
        }
        let word =
            |name| find(name).map(|v| v.split([' ', ';', '(']).next().unwrap_or("").to_ascii_lowercase());
        match word("Importance").as_deref() {
            Some("high") => return Priority::High,
            Some("low") => return Priority::Low,
            Some(_) => return Priority::Normal,
            None => {}
        }
        match word("Priority").as_deref() {
            Some("urgent") => Priority::High,
            Some("non-urgent") => Priority::Low,
            _ => Priority::Normal,
        }
    }

    /// The `X-Priority` value a message of this priority is sent with, as Thunderbird writes it;
    /// none for a normal one.
    pub fn x_priority(self) -> Option<&'static str> {
        match self {
            Priority::Highest => Some("1 (Highest)"),
            Priority::High => Some("2 (High)"),
            Priority::Normal => None,
            Priority::Low => Some("4 (Low)"),
            Priority::Lowest => Some("5 (Lowest)"),
        }
    }

    /// Above normal.
    pub fn is_high(self) -> bool {
        matches!(self, Priority::Highest | Priority::High)
    }

    /// Below normal.
    pub fn is_low(self) -> bool {
        matches!(self, Priority::Low | Priority::Lowest)
    }

    /// A name for forms and storage: `highest` … `lowest`.
    pub fn name(self) -> &'static str {
        match self {
            Priority::Highest => "highest",
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
            Priority::Lowest => "lowest",
        }
    }

    /// The level [`Self::name`] names; normal for any other text.
    pub fn from_name(name: &str) -> Priority {
        Priority::ALL.into_iter().find(|p| p.name() == name).unwrap_or_default()
    }
}

impl super::ReadableMessage {
    /// The priority its header fields mark.
    pub fn priority(&self) -> Priority {
        Priority::of(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }
}

/// The fields of a header block (as a HEADER.FIELDS fetch returns it, RFC 3501 section 6.4.5),
/// unfolded (RFC 5322 section 2.2.3): (name, value) in order.
pub fn header_fields(block: &str) -> Vec<(&str, String)> {
    let mut fields: Vec<(&str, String)> = Vec::new();
    for line in block.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)) {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim(), value.trim().to_owned()));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(fields: &[(&str, &str)]) -> Priority {
        Priority::of(fields.iter().copied())
    }

    #[test]
    fn x_priority_decides_first_then_importance_then_priority() {
        assert_eq!(of(&[("X-Priority", "1 (Highest)")]), Priority::Highest);
        assert_eq!(of(&[("x-priority", " 2")]), Priority::High);
        assert_eq!(of(&[("X-Priority", "3 (Normal)"), ("Importance", "high")]), Priority::Normal);
        assert_eq!(of(&[("X-Priority", "5 (Lowest)")]), Priority::Lowest);
        assert_eq!(of(&[("Importance", "High")]), Priority::High);
        assert_eq!(of(&[("Importance", "low"), ("Priority", "urgent")]), Priority::Low);
        assert_eq!(of(&[("Priority", "urgent")]), Priority::High);
        assert_eq!(of(&[("Priority", "non-urgent")]), Priority::Low);
        assert_eq!(of(&[("Subject", "X-Priority: 1")]), Priority::Normal);
        assert_eq!(of(&[("X-Priority", "urgent!")]), Priority::Normal);
    }

    #[test]
    fn what_is_sent_reads_back_as_the_same_level() {
        for level in Priority::ALL {
            let fields = level.x_priority().map(|v| vec![("X-Priority", v)]).unwrap_or_default();
            assert_eq!(Priority::of(fields.iter().copied()), level);
            assert_eq!(Priority::from_name(level.name()), level);
        }
    }

    #[test]
    fn a_header_block_is_unfolded_into_fields() {
        let block = "References: <a@x>\r\n <b@x>\r\nX-Priority: 1 (Highest)\r\n\r\n";
        assert_eq!(
            header_fields(block),
            vec![("References", "<a@x> <b@x>".to_owned()), ("X-Priority", "1 (Highest)".to_owned())]
        );
    }
}
