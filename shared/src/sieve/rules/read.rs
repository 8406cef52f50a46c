//! Reading a script back into [`Rules`]: what [`super::write`] writes, and the same from another
//! program where it uses nothing else (Roundcube's rules, for one).

use super::{Action, Condition, Field, Filter, Matching, ReadError, Rules, Vacation};
use crate::sieve::parse::{Argument, Command, Test, parse};

fn foreign(what: impl Into<String>) -> ReadError {
    ReadError::Foreign(what.into())
}

/// The one string of a string-list argument.
fn single(argument: Option<&Argument>) -> Option<&str> {
    match argument {
        Some(Argument::Strings(values)) if values.len() == 1 => Some(&values[0]),
        _ => None,
    }
}

/// A guard's parts: whether it is switched on, whether `anyof`, and its tests.
fn unguard(tests: &[Test]) -> Result<(bool, bool, Vec<Test>), ReadError> {
    let [test] = tests else { return Err(foreign("an if with more than one test")) };
    let (enabled, inner) = match (test.name.as_str(), test.tests.as_slice()) {
        ("allof", [off, inner]) if off.name == "false" && off.arguments.is_empty() => (false, inner),
        _ => (true, test),
    };
    match inner.name.as_str() {
        "true" if inner.arguments.is_empty() => Ok((enabled, false, Vec::new())),
        "allof" | "anyof" if inner.arguments.is_empty() => {
            Ok((enabled, inner.name == "anyof", inner.tests.clone()))
        }
        _ => Ok((enabled, false, vec![inner.clone()])),
    }
}

fn condition(test: &Test) -> Result<Condition, ReadError> {
    let (negated, test) = match (test.name.as_str(), test.tests.as_slice()) {
        ("not", [inner]) => (true, inner),
        _ => (false, test),
    };
    let unknown = || foreign(format!("the test \"{}\"", test.name));
    if test.name != "header" || !test.tests.is_empty() {
        return Err(unknown());
    }
    let [Argument::Tag(tag), Argument::Strings(headers), value] = test.arguments.as_slice() else {
        return Err(unknown());
    };
    let matching = match (tag.as_str(), negated) {
        ("contains", false) => Matching::Contains,
        ("contains", true) => Matching::NotContains,
        ("is", false) => Matching::Is,
        ("is", true) => Matching::IsNot,
        _ => return Err(foreign(format!("the match :{tag}"))),
    };
    let field =
        Field::of(headers).ok_or_else(|| foreign(format!("the header fields {}", headers.join(", "))))?;
    let value = single(Some(value)).ok_or_else(unknown)?.to_owned();
    Ok(Condition { field, matching, value })
}

fn action(command: &Command) -> Result<Option<Action>, ReadError> {
    let unknown = || foreign(format!("the action \"{}\"", command.name));
    if command.block.is_some() || !command.tests.is_empty() {
        return Err(unknown());
    }
    let args = command.arguments.as_slice();
    Ok(Some(match (command.name.as_str(), args) {
        ("fileinto", [folder]) => Action::FileInto(single(Some(folder)).ok_or_else(unknown)?.to_owned()),
        ("fileinto", [Argument::Tag(copy), folder]) if copy == "copy" => {
            Action::CopyInto(single(Some(folder)).ok_or_else(unknown)?.to_owned())
        }
        ("redirect", [Argument::Tag(copy), to]) if copy == "copy" => {
            Action::Redirect(single(Some(to)).ok_or_else(unknown)?.to_owned())
        }
        ("addflag", [flag]) => match single(Some(flag)) {
            Some(f) if f.eq_ignore_ascii_case("\\seen") => Action::MarkRead,
            Some(f) if f.eq_ignore_ascii_case("\\flagged") => Action::Flag,
            Some(keyword) if super::is_keyword(keyword) => Action::Keyword(keyword.to_owned()),
            _ => return Err(foreign("a flag other than read, flagged or a keyword")),
        },
        ("discard", []) => Action::Discard,
        ("stop", []) => return Ok(None),
        _ => return Err(unknown()),
    }))
}

fn vacation(enabled: bool, dates: &[Test], block: &[Command]) -> Result<Vacation, ReadError> {
    let [command] = block else { return Err(foreign("a vacation beside other actions")) };
    let mut v = Vacation { enabled, ..Vacation::default() };
    let mut args = command.arguments.iter();
    while let Some(argument) = args.next() {
        match argument {
            Argument::Tag(tag) => match (tag.as_str(), args.next()) {
                ("days", Some(Argument::Number(n))) => v.days = u32::try_from(*n).unwrap_or(u32::MAX),
                ("subject", subject) => {
                    v.subject = single(subject).ok_or_else(|| foreign("a vacation's subject"))?.to_owned()
                }
                ("addresses", Some(Argument::Strings(list))) => v.addresses = list.clone(),
                _ => return Err(foreign(format!("the vacation option :{tag}"))),
            },
            body => v.body = single(Some(body)).ok_or_else(|| foreign("a vacation's text"))?.to_owned(),
        }
    }
    for test in dates {
        let relation = match test.arguments.as_slice() {
            [Argument::Tag(value), relation, part, day]
                if test.name == "currentdate" && value == "value" && single(Some(part)) == Some("date") =>
            {
                (single(Some(relation)), single(Some(day)).map(str::to_owned))
            }
            _ => return Err(foreign(format!("the test \"{}\" before a vacation", test.name))),
        };
        match relation {
            (Some("ge"), day) => v.start = day,
            (Some("le"), day) => v.end = day,
            _ => return Err(foreign("a date comparison other than from and until")),
        }
    }
    Ok(v)
}

/// The rules in `script`, if it holds only what [`write`] writes (the `require` line, comments and
/// spacing may differ).
pub fn read(script: &str) -> Result<Rules, ReadError> {
    let commands = parse(script).map_err(ReadError::Syntax)?;
    let mut rules = Rules::default();
    for command in &commands {
        match (command.name.as_str(), &command.block) {
            ("require", None) => continue,
            ("if", Some(block)) => {
                let (enabled, any, tests) = unguard(&command.tests)?;
                if block.iter().any(|c| c.name == "vacation") {
                    if rules.vacation.is_some() || !rules.filters.is_empty() {
                        return Err(foreign("a vacation after other rules"));
                    }
                    rules.vacation = Some(vacation(enabled, &tests, block)?);
                    continue;
                }
                let name = command
                    .comments
                    .iter()
                    .rev()
                    .find_map(|c| c.trim().strip_prefix("rule:[")?.strip_suffix(']').map(str::to_owned))
                    .unwrap_or_default();
                let conditions = tests.iter().map(condition).collect::<Result<Vec<_>, _>>()?;
                let mut actions = Vec::new();
                let mut stop = false;
                for (i, c) in block.iter().enumerate() {
                    match action(c)? {
                        Some(a) => actions.push(a),
                        None if i + 1 == block.len() => stop = true,
                        None => return Err(foreign("a stop before other actions")),
                    }
                }
                rules.filters.push(Filter { name, enabled, any, conditions, actions, stop });
            }
            (name, _) => return Err(foreign(format!("the command \"{name}\" outside a rule"))),
        }
    }
    Ok(rules)
}
