//! Filters and an out-of-office reply as a person sets them up, and the Sieve script that holds
//! them: written with [`write`], read back with [`read`]. The script uses RFC 5228's `header`,
//! `fileinto` and `discard`, `:copy` (RFC 3894), `addflag` (imap4flags, RFC 5232), `vacation`
//! (RFC 5230) and `currentdate` with `:value` (RFC 5260, RFC 5231). Each filter is one `if` with
//! a `# rule:[name]` comment, as Roundcube writes its rules; a switched-off one keeps its
//! conditions behind `allof (false, …)`.

use std::fmt;

use super::lexer::{SyntaxError, quote};

mod read;
pub use read::read;

/// Everything the script holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// The out-of-office reply, once one was set up (switched on or off).
    pub vacation: Option<Vacation>,
    /// The filters, tried in order on each arriving message.
    pub filters: Vec<Filter>,
}

/// An automatic reply to mail that arrives while the person is away (RFC 5230).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vacation {
    /// Whether it is sent at all.
    pub enabled: bool,
    /// The reply's subject; empty lets the server write "Auto: " and the original subject.
    pub subject: String,
    /// The reply's text.
    pub body: String,
    /// A sender gets at most one reply in this many days (RFC 5230 section 4.1).
    pub days: u32,
    /// The first day it answers, `YYYY-MM-DD` (the server's date), if limited.
    pub start: Option<String>,
    /// The last day it answers, if limited.
    pub end: Option<String>,
    /// The person's other addresses, so that mail to them is answered too (section 4.5).
    pub addresses: Vec<String>,
}

impl Default for Vacation {
    /// Not set up yet: off, a week between replies to one sender (RFC 5230 section 4.1's
    /// suggested default).
    fn default() -> Self {
        Vacation {
            enabled: false,
            subject: String::new(),
            body: String::new(),
            days: 7,
            start: None,
            end: None,
            addresses: Vec::new(),
        }
    }
}

/// One filter: when its conditions hold, its actions are taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// What the person called it.
    pub name: String,
    /// Whether it is tried at all.
    pub enabled: bool,
    /// Whether one condition is enough (`anyof`) rather than all of them (`allof`).
    pub any: bool,
    /// At least one.
    pub conditions: Vec<Condition>,
    /// At least one, in the order [`write`] puts them.
    pub actions: Vec<Action>,
    /// Whether later filters are skipped for a message this one took (`stop`).
    pub stop: bool,
}

/// A header field compared with a value, ignoring case (`i;ascii-casemap`, RFC 5228 section 2.7.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Which field.
    pub field: Field,
    /// How it is compared.
    pub matching: Matching,
    /// What with.
    pub value: String,
}

/// The header fields a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `From`.
    From,
    /// `To`.
    To,
    /// `Cc`.
    Cc,
    /// `To` or `Cc`.
    ToOrCc,
    /// `Subject`.
    Subject,
    /// `List-Id` (RFC 2919), which names a mailing list.
    ListId,
}

impl Field {
    /// Every field, in the order a form offers them.
    pub const ALL: [Field; 6] =
        [Field::From, Field::To, Field::Cc, Field::ToOrCc, Field::Subject, Field::ListId];

    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::From => &["from"],
            Field::To => &["to"],
            Field::Cc => &["cc"],
            Field::ToOrCc => &["to", "cc"],
            Field::Subject => &["subject"],
            Field::ListId => &["list-id"],
        }
    }

    fn of(headers: &[String]) -> Option<Field> {
        let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        Field::ALL.into_iter().find(|f| f.headers().iter().copied().eq(lower.iter().map(String::as_str)))
    }
}

/// How a field is compared with the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// `:contains`.
    Contains,
    /// `not … :contains`.
    NotContains,
    /// `:is`.
    Is,
    /// `not … :is`.
    IsNot,
}

impl Matching {
    /// Every way, in the order a form offers them.
    pub const ALL: [Matching; 4] = [Matching::Contains, Matching::NotContains, Matching::Is, Matching::IsNot];
}

/// What a filter does with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Files it in this folder instead of the inbox (`fileinto`).
    FileInto(String),
    /// Files a copy in this folder; it still arrives in the inbox (`fileinto :copy`).
    CopyInto(String),
    /// Marks it read (`addflag "\\Seen"`).
    MarkRead,
    /// Flags it (`addflag "\\Flagged"`).
    Flag,
    /// Sets an IMAP keyword on it (`addflag "$label1"`), as a tag (RFC 3501 section 2.3.2).
    Keyword(String),
    /// Forwards a copy to this address and keeps it (`redirect :copy`).
    Redirect(String),
    /// Deletes it on arrival (`discard`).
    Discard,
}

impl Action {
    /// The place [`write`] gives it: flags first, since they apply to the filing after them
    /// (RFC 5232 section 3), then filing and forwarding, then discarding.
    fn rank(&self) -> u8 {
        match self {
            Action::MarkRead | Action::Flag | Action::Keyword(_) => 0,
            Action::FileInto(_) | Action::CopyInto(_) | Action::Redirect(_) => 1,
            Action::Discard => 2,
        }
    }
}

/// A filter for messages like one, with nothing to do yet: those of its mailing list (the
/// identifier between the `List-Id`'s angle brackets, RFC 2919 section 3) or else those from its
/// sender (`from`, an address). `None` where the message names neither.
pub fn like(list_id: Option<&str>, from: Option<&str>, name: String) -> Option<Filter> {
    let list = list_id
        .and_then(|v| Some(v[v.rfind('<')? + 1..].split('>').next()?.trim().to_owned()))
        .filter(|id| !id.is_empty() && !id.contains(char::is_control));
    let condition = match (list, from.map(str::trim).filter(|a| a.contains('@'))) {
        (Some(id), _) => Condition { field: Field::ListId, matching: Matching::Contains, value: id },
        (None, Some(address)) => {
            Condition { field: Field::From, matching: Matching::Contains, value: address.to_owned() }
        }
        (None, None) => return None,
    };
    Some(Filter {
        name,
        enabled: true,
        any: false,
        conditions: vec![condition],
        actions: Vec::new(),
        stop: false,
    })
}

/// Why rules cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// A filter without a condition; its name.
    NoCondition(String),
    /// A filter without an action; its name.
    NoAction(String),
    /// A condition's value, a folder or the reply's text is empty.
    Empty(&'static str),
    /// A value holds a control character a one-line field cannot.
    ControlCharacter(&'static str),
    /// Not a `YYYY-MM-DD` date, or the end before the start.
    BadDate(String),
    /// Not an address a message can be forwarded to.
    BadAddress(String),
    /// The days between replies are outside 1 to 365.
    BadDays(u32),
    /// Not an IMAP keyword (an atom without `\\`, RFC 3501 section 9 `flag-keyword`).
    BadKeyword(String),
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::NoCondition(name) => write!(f, "The filter \"{name}\" has no condition."),
            RuleError::NoAction(name) => write!(f, "The filter \"{name}\" does nothing: give it an action."),
            RuleError::Empty(what) => write!(f, "The {what} is empty."),
            RuleError::ControlCharacter(what) => {
                write!(f, "The {what} holds a character that cannot be used.")
            }
            RuleError::BadDate(date) => {
                write!(f, "\"{date}\" is not a date, or the last day is before the first.")
            }
            RuleError::BadAddress(address) => write!(f, "\"{address}\" is not an email address."),
            RuleError::BadDays(days) => write!(f, "{days} days between replies: choose 1 to 365."),
            RuleError::BadKeyword(keyword) => write!(f, "\"{keyword}\" cannot be a tag."),
        }
    }
}

impl std::error::Error for RuleError {}

/// Why a script is not one [`read`] can show as filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// It is not valid Sieve.
    Syntax(SyntaxError),
    /// It is Sieve, but uses something the filters here cannot express; what.
    Foreign(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Syntax(e) => write!(f, "{e}"),
            ReadError::Foreign(what) => write!(f, "{what}"),
        }
    }
}

const HEADER_COMMENT: &str = "# Filters and the out-of-office reply, as Posthorn writes them.";

/// The extensions `rules` needs, sorted, for the script's `require`.
pub fn extensions(rules: &Rules) -> Vec<&'static str> {
    let mut needed = Vec::new();
    if let Some(vacation) = &rules.vacation {
        needed.push("vacation");
        if vacation.start.is_some() || vacation.end.is_some() {
            needed.extend(["date", "relational"]);
        }
    }
    for action in rules.filters.iter().flat_map(|f| &f.actions) {
        match action {
            Action::FileInto(_) => needed.push("fileinto"),
            Action::CopyInto(_) => needed.extend(["fileinto", "copy"]),
            Action::Redirect(_) => needed.push("copy"),
            Action::MarkRead | Action::Flag | Action::Keyword(_) => needed.push("imap4flags"),
            Action::Discard => {}
        }
    }
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// Whether `keyword` is an IMAP `flag-keyword`: ATOM-CHARs, none of `(){ %*"\\]` nor a control
/// character (RFC 3501 section 9).
pub(crate) fn is_keyword(keyword: &str) -> bool {
    !keyword.is_empty() && keyword.bytes().all(|b| b.is_ascii_graphic() && !b"(){%*\"\\]".contains(&b))
}

fn one_line(value: &str, what: &'static str) -> Result<(), RuleError> {
    if value.trim().is_empty() {
        return Err(RuleError::Empty(what));
    }
    if value.chars().any(char::is_control) {
        return Err(RuleError::ControlCharacter(what));
    }
    Ok(())
}

fn date(value: &Option<String>) -> Result<(), RuleError> {
    let Some(value) = value else { return Ok(()) };
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10);
    let (month, day) = if ok { (&value[5..7], &value[8..10]) } else { ("", "") };
    if ok && ("01"..="12").contains(&month) && ("01"..="31").contains(&day) {
        Ok(())
    } else {
        Err(RuleError::BadDate(value.clone()))
    }
}

fn address(value: &str) -> Result<(), RuleError> {
    let bad = || RuleError::BadAddress(value.to_owned());
    let (local, domain) = value.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty() || !domain.contains('.') || value.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(bad());
    }
    Ok(())
}

fn check(rules: &Rules) -> Result<(), RuleError> {
    if let Some(v) = &rules.vacation {
        if v.body.trim().is_empty() {
            return Err(RuleError::Empty("reply's text"));
        }
        if v.subject.chars().any(char::is_control) {
            return Err(RuleError::ControlCharacter("reply's subject"));
        }
        if !(1..=365).contains(&v.days) {
            return Err(RuleError::BadDays(v.days));
        }
        date(&v.start)?;
        date(&v.end)?;
        if let (Some(start), Some(end)) = (&v.start, &v.end)
            && end < start
        {
            return Err(RuleError::BadDate(end.clone()));
        }
        v.addresses.iter().try_for_each(|a| address(a))?;
    }
    for filter in &rules.filters {
        if filter.conditions.is_empty() {
            return Err(RuleError::NoCondition(filter.name.clone()));
        }
        if filter.actions.is_empty() {
            return Err(RuleError::NoAction(filter.name.clone()));
        }
        if filter.name.chars().any(char::is_control) {
            return Err(RuleError::ControlCharacter("filter's name"));
        }
        for condition in &filter.conditions {
            one_line(&condition.value, "condition's value")?;
        }
        for action in &filter.actions {
            match action {
                Action::FileInto(folder) | Action::CopyInto(folder) => one_line(folder, "folder")?,
                Action::Redirect(to) => address(to)?,
                Action::Keyword(keyword) if !is_keyword(keyword) => {
                    return Err(RuleError::BadKeyword(keyword.clone()));
                }
                Action::MarkRead | Action::Flag | Action::Keyword(_) | Action::Discard => {}
            }
        }
    }
    Ok(())
}

/// The tests as one: `true` for none, the test itself for one, else `allof`/`anyof`; behind
/// `allof (false, …)` when switched off.
fn guard(tests: Vec<String>, any: bool, enabled: bool) -> String {
    let inner = match tests.len() {
        0 => "true".to_owned(),
        1 => tests.into_iter().next().unwrap_or_default(),
        _ => format!("{} ({})", if any { "anyof" } else { "allof" }, tests.join(", ")),
    };
    if enabled { inner } else { format!("allof (false, {inner})") }
}

fn list(values: &[&str]) -> String {
    match values {
        [one] => quote(one),
        _ => format!("[{}]", values.iter().map(|v| quote(v)).collect::<Vec<_>>().join(", ")),
    }
}

/// The Sieve script for `rules`, with CRLF line ends.
pub fn write(rules: &Rules) -> Result<String, RuleError> {
    check(rules)?;
    let mut out = format!("{HEADER_COMMENT}\r\n");
    let needed = extensions(rules);
    if !needed.is_empty() {
        out.push_str(&format!("require {};\r\n", list(&needed)));
    }
    if let Some(v) = &rules.vacation {
        let mut dates = Vec::new();
        for (relation, day) in [("ge", &v.start), ("le", &v.end)] {
            if let Some(day) = day {
                dates.push(format!("currentdate :value {} \"date\" {}", quote(relation), quote(day)));
            }
        }
        out.push_str(&format!("\r\n# rule:[Out of office]\r\nif {} {{\r\n", guard(dates, false, v.enabled)));
        out.push_str(&format!("  vacation :days {}", v.days));
        if !v.subject.trim().is_empty() {
            out.push_str(&format!(" :subject {}", quote(v.subject.trim())));
        }
        if !v.addresses.is_empty() {
            let addresses: Vec<&str> = v.addresses.iter().map(String::as_str).collect();
            out.push_str(&format!(
                " :addresses [{}]",
                addresses.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", ")
            ));
        }
        out.push_str(&format!(" {};\r\n}}\r\n", quote(&v.body)));
    }
    for filter in &rules.filters {
        let tests = filter
            .conditions
            .iter()
            .map(|c| {
                let tag = match c.matching {
                    Matching::Contains | Matching::NotContains => ":contains",
                    Matching::Is | Matching::IsNot => ":is",
                };
                let test = format!("header {tag} {} {}", list(c.field.headers()), quote(c.value.trim()));
                if matches!(c.matching, Matching::NotContains | Matching::IsNot) {
                    format!("not {test}")
                } else {
                    test
                }
            })
            .collect();
        out.push_str(&format!(
            "\r\n# rule:[{}]\r\nif {} {{\r\n",
            filter.name.replace(']', ")"),
            guard(tests, filter.any, filter.enabled)
        ));
        let mut actions: Vec<&Action> = filter.actions.iter().collect();
        actions.sort_by_key(|a| a.rank());
        for action in actions {
            let line = match action {
                Action::FileInto(folder) => format!("fileinto {}", quote(folder)),
                Action::CopyInto(folder) => format!("fileinto :copy {}", quote(folder)),
                Action::MarkRead => "addflag \"\\\\Seen\"".to_owned(),
                Action::Flag => "addflag \"\\\\Flagged\"".to_owned(),
                Action::Keyword(keyword) => format!("addflag {}", quote(keyword)),
                Action::Redirect(to) => format!("redirect :copy {}", quote(to)),
                Action::Discard => "discard".to_owned(),
            };
            out.push_str(&format!("  {line};\r\n"));
        }
        if filter.stop {
            out.push_str("  stop;\r\n");
        }
        out.push_str("}\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
