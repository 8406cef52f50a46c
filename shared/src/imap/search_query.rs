//! What a person types into the search box, as SEARCH criteria (RFC 3501 section 6.4.4): words,
//! and the operators Gmail taught people, each a key of its own:
//!
//! | typed | key |
//! |---|---|
//! | `from:bob`, `to:`, `cc:`, `subject:`, `body:` | FROM, TO, CC, SUBJECT, BODY |
//! | `after:2026-11-01` (or `2026/11/01`) | SENTSINCE: the Date header on or after that day |
//! | `before:2026-12-01` | SENTBEFORE: the Date header before that day |
//! | `larger:2M`, `smaller:500K` (bytes, K and M of 1024) | LARGER, SMALLER |
//! | `is:unread`, `is:read`, `is:flagged`, `is:answered` | UNSEEN, SEEN, FLAGGED, ANSWERED |
//!
//! A value with spaces is quoted (`subject:"team meeting"`); `-` before an operator negates it
//! (NOT). Whatever is not an operator stays words, searched as the form's field says. The names
//! are English in every language, as Gmail's are.

use super::command::{Date, SearchKey};

/// One operator's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    From(String),
    To(String),
    Cc(String),
    Subject(String),
    Body(String),
    After(Date),
    Before(Date),
    Larger(u32),
    Smaller(u32),
    Unread,
    Read,
    Flagged,
    Answered,
}

/// An operator as typed: its term, negated or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub negated: bool,
    pub term: Term,
}

/// A parsed search: the operators, and the rest of the words (spaces between them as one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub criteria: Vec<Criterion>,
    pub words: String,
}

/// An operator whose value cannot be read, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// `after:` or `before:` without a date as `2026-12-31`.
    Date(String),
    /// `larger:` or `smaller:` without a size as `500K` or `2M`.
    Size(String),
    /// `is:` with something other than unread, read, flagged or answered.
    State(String),
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Date(v) => write!(f, "“{v}” is no date (write it as 2026-12-31)"),
            QueryError::Size(v) => write!(f, "“{v}” is no size (write it as 500K or 2M)"),
            QueryError::State(v) => write!(f, "“is:{v}” is not known (unread, read, flagged, answered)"),
        }
    }
}

impl Term {
    fn key(&self) -> SearchKey {
        match self {
            Term::From(v) => SearchKey::From(v.clone()),
            Term::To(v) => SearchKey::To(v.clone()),
            Term::Cc(v) => SearchKey::Cc(v.clone()),
            Term::Subject(v) => SearchKey::Subject(v.clone()),
            Term::Body(v) => SearchKey::Body(v.clone()),
            Term::After(d) => SearchKey::SentSince(*d),
            Term::Before(d) => SearchKey::SentBefore(*d),
            Term::Larger(n) => SearchKey::Larger(*n),
            Term::Smaller(n) => SearchKey::Smaller(*n),
            Term::Unread => SearchKey::Unseen,
            Term::Read => SearchKey::Seen,
            Term::Flagged => SearchKey::Flagged,
            Term::Answered => SearchKey::Answered,
        }
    }
}

/// What the device knows of a message, to search it there as the server would (offline).
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub from: &'a str,
    /// To and Cc.
    pub to: &'a str,
    pub subject: &'a str,
    /// The text, where the message is on the device.
    pub body: Option<&'a str>,
    /// The Date header (Unix time).
    pub timestamp: Option<i64>,
    pub size: u32,
    pub seen: bool,
    pub flagged: bool,
    pub answered: bool,
}

/// The Unix time `date` begins at, in UTC.
fn start_of(date: Date) -> Option<i64> {
    let day = chrono::NaiveDate::from_ymd_opt(date.year, date.month, date.day)?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

impl Criterion {
    /// Whether a message with these `facts` meets it, as SEARCH decides (substrings without
    /// regard to case); `None` where that takes the text and it is not on the device.
    pub fn holds(&self, facts: &Facts<'_>) -> Option<bool> {
        let has = |text: &str, value: &str| text.to_lowercase().contains(&value.to_lowercase());
        let at = |date: &Date| facts.timestamp.zip(start_of(*date));
        let yes = match &self.term {
            Term::From(v) => has(facts.from, v),
            Term::To(v) | Term::Cc(v) => has(facts.to, v),
            Term::Subject(v) => has(facts.subject, v),
            Term::Body(v) => has(facts.body?, v),
            Term::After(d) => at(d).is_some_and(|(t, start)| t >= start),
            Term::Before(d) => at(d).is_some_and(|(t, start)| t < start),
            Term::Larger(n) => facts.size > *n,
            Term::Smaller(n) => facts.size < *n,
            Term::Unread => !facts.seen,
            Term::Read => facts.seen,
            Term::Flagged => facts.flagged,
            Term::Answered => facts.answered,
        };
        Some(yes != self.negated)
    }
}

impl Query {
    /// The SEARCH keys: the operators, then the words as `words` makes them a key (the field
    /// the form chose), if there are any.
    pub fn keys(&self, words: impl FnOnce(String) -> SearchKey) -> Vec<SearchKey> {
        let mut keys: Vec<SearchKey> = self
            .criteria
            .iter()
            .map(|c| if c.negated { SearchKey::Not(Box::new(c.term.key())) } else { c.term.key() })
            .collect();
        if !self.words.is_empty() {
            keys.push(words(self.words.clone()));
        }
        keys
    }

    /// Nothing typed but spaces.
    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty() && self.words.is_empty()
    }
}

/// `text` split at spaces outside double quotes; the quotes go.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn date(value: &str) -> Result<Date, QueryError> {
    let wrong = || QueryError::Date(value.to_owned());
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    let [year, month, day] = parts[..] else { return Err(wrong()) };
    let (year, month, day) = (
        year.parse::<i32>().map_err(|_| wrong())?,
        month.parse::<u32>().map_err(|_| wrong())?,
        day.parse::<u32>().map_err(|_| wrong())?,
    );
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    };
    if !(1000..=9999).contains(&year) || day == 0 || day > days {
        return Err(wrong());
    }
    Ok(Date { year, month, day })
}

fn size(value: &str) -> Result<u32, QueryError> {
    let wrong = || QueryError::Size(value.to_owned());
    let lower = value.to_ascii_lowercase();
    let lower = lower.strip_suffix('b').unwrap_or(&lower);
    let (digits, factor) = match lower.char_indices().last() {
        Some((at, 'k')) => (&lower[..at], 1024),
        Some((at, 'm')) => (&lower[..at], 1024 * 1024),
        Some((at, 'g')) => (&lower[..at], 1024 * 1024 * 1024),
        _ => (lower, 1),
    };
    let n: u64 = digits.parse().map_err(|_| wrong())?;
    u32::try_from(n * factor).map_err(|_| wrong())
}

/// Reads what was typed; an operator whose value cannot be read is an error that says how to
/// write it. An operator with an empty value (`from:`) stays a word.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let mut query = Query::default();
    let mut words: Vec<String> = Vec::new();
    for token in tokens(text) {
        let (negated, body) = match token.strip_prefix('-') {
            Some(rest) if rest.contains(':') => (true, rest),
            _ => (false, token.as_str()),
        };
        let Some((name, value)) = body.split_once(':').filter(|(_, v)| !v.is_empty()) else {
            words.push(token);
            continue;
        };
        let value = value.to_owned();
        let term = match name.to_ascii_lowercase().as_str() {
            "from" => Term::From(value),
            "to" => Term::To(value),
            "cc" => Term::Cc(value),
            "subject" => Term::Subject(value),
            "body" => Term::Body(value),
            "after" => Term::After(date(&value)?),
            "before" => Term::Before(date(&value)?),
            "larger" => Term::Larger(size(&value)?),
            "smaller" => Term::Smaller(size(&value)?),
            "is" => match value.to_ascii_lowercase().as_str() {
                "unread" => Term::Unread,
                "read" => Term::Read,
                "flagged" | "starred" => Term::Flagged,
                "answered" | "replied" => Term::Answered,
                _ => return Err(QueryError::State(value)),
            },
            _ => {
                words.push(token);
                continue;
            }
        };
        query.criteria.push(Criterion { negated, term });
    }
    query.words = words.join(" ");
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn operators_become_keys_and_the_rest_stays_words() {
        let query = parse(
            r#"from:bob -is:read subject:"team meeting" budget after:2026-11-01 before:2026/12/01 plan"#,
        )
        .unwrap();
        assert_eq!(query.words, "budget plan");
        assert_eq!(
            query.keys(SearchKey::Text),
            vec![
                SearchKey::From("bob".into()),
                SearchKey::Not(Box::new(SearchKey::Seen)),
                SearchKey::Subject("team meeting".into()),
                SearchKey::SentSince(day(2026, 11, 1)),
                SearchKey::SentBefore(day(2026, 12, 1)),
                SearchKey::Text("budget plan".into()),
            ]
        );
    }

    #[test]
    fn sizes_and_states_are_read() {
        let query = parse("larger:2M smaller:500k is:Flagged is:answered").unwrap();
        assert_eq!(
            query.keys(SearchKey::Text),
            vec![
                SearchKey::Larger(2 * 1024 * 1024),
                SearchKey::Smaller(500 * 1024),
                SearchKey::Flagged,
                SearchKey::Answered
            ]
        );
        assert_eq!(parse("larger:1234").unwrap().criteria[0].term, Term::Larger(1234));
    }

    #[test]
    fn what_is_no_operator_stays_a_word() {
        let query = parse("https://example.com from: -minus re:subject").unwrap();
        assert!(query.criteria.is_empty());
        assert_eq!(query.words, "https://example.com from: -minus re:subject");
        assert!(parse("   ").unwrap().is_empty());
    }

    #[test]
    fn the_device_decides_as_the_server_would() {
        let facts = Facts {
            from: "Bob Baumann <bob@example.org>",
            subject: "Budget 2027",
            timestamp: Some(1_764_936_000), // 2025-12-05 12:00 UTC
            size: 3000,
            ..Facts::default()
        };
        let holds =
            |text: &str| parse(text).unwrap().criteria.iter().map(|c| c.holds(&facts)).collect::<Vec<_>>();
        assert_eq!(holds("from:BAUMANN subject:budget is:unread"), [Some(true); 3]);
        assert_eq!(holds("after:2025-12-05 before:2025-12-06 -is:flagged"), [Some(true); 3]);
        assert_eq!(holds("after:2025-12-06 larger:3000 smaller:2K is:answered"), [Some(false); 4]);
        assert_eq!(holds("body:x"), [None], "the text is not on the device");
        let with_body = Facts { body: Some("See the X in it"), ..facts };
        assert_eq!(parse("body:x").unwrap().criteria[0].holds(&with_body), Some(true));
    }

    #[test]
    fn an_unreadable_value_says_how_to_write_it() {
        assert_eq!(parse("after:yesterday"), Err(QueryError::Date("yesterday".into())));
        assert_eq!(parse("before:2026-02-30"), Err(QueryError::Date("2026-02-30".into())));
        assert_eq!(parse("larger:big"), Err(QueryError::Size("big".into())));
        assert_eq!(parse("larger:9999G"), Err(QueryError::Size("9999G".into())));
        assert_eq!(parse("is:important"), Err(QueryError::State("important".into())));
        assert!(parse("after:2024-02-29").is_ok(), "a leap day");
        assert!(QueryError::Date("x".into()).to_string().contains("2026-12-31"));
    }
}
