//! Invitations: the iCalendar object (RFC 5545) a message carries as `text/calendar`, read as
//! iMIP (RFC 6047) and iTIP (RFC 5546) mean it: a `REQUEST` invites, a `CANCEL` calls the event
//! off. Only what a person decides on is read: the event's title, time, place, organizer and
//! attendees, and the identity (UID, SEQUENCE) a reply must name.
//!
//! Times stay as the object writes them ([`When`]): a UTC time, a wall-clock time in a named zone
//! (`TZID`, converted for the reader by the driver, which has the zone database), a floating time,
//! or a whole day.

/// What an iTIP message asks (RFC 5546 section 1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// An invitation, or an update to one.
    Request,
    /// The event is called off.
    Cancel,
    /// An attendee's answer.
    Reply,
    /// Anything else (`PUBLISH`, `COUNTER`, none).
    Other(String),
}

/// A time as written (RFC 5545 section 3.3.4 `DATE`, 3.3.5 `DATE-TIME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A UTC time (`…Z`), as a Unix time.
    Utc(i64),
    /// A wall-clock time: in the zone `TZID` names, or floating (the reader's own) without one.
    /// `seconds` counts from 1970-01-01T00:00 of that wall clock, as if it were UTC.
    Local {
        /// The wall-clock time as if it were UTC.
        seconds: i64,
        /// The zone (`Europe/Berlin`, or a name such as Outlook's `W. Europe Standard Time`).
        zone: Option<String>,
    },
    /// A whole day: midnight of it, as if UTC.
    Day(i64),
}

/// Whether a person comes (RFC 5545 section 3.2.12 `PARTSTAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `ACCEPTED`
    Accepted,
    /// `TENTATIVE`
    Tentative,
    /// `DECLINED`
    Declined,
}

impl Answer {
    /// The answer a `PARTSTAT` value names, in any case.
    pub fn from_partstat(value: &str) -> Option<Answer> {
        [Answer::Accepted, Answer::Tentative, Answer::Declined]
            .into_iter()
            .find(|a| a.partstat().eq_ignore_ascii_case(value.trim()))
    }

    /// The `PARTSTAT` value.
    pub fn partstat(self) -> &'static str {
        match self {
            Answer::Accepted => "ACCEPTED",
            Answer::Tentative => "TENTATIVE",
            Answer::Declined => "DECLINED",
        }
    }
}

/// A person named by `ORGANIZER` or `ATTENDEE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The address, without `mailto:`.
    pub address: String,
    /// `CN`, where given.
    pub name: Option<String>,
    /// An attendee's answer (`PARTSTAT`); `None` where none is given yet (`NEEDS-ACTION`) or it
    /// is another (`DELEGATED`).
    pub answer: Option<Answer>,
}

/// The event of an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// What it asks.
    pub method: Method,
    /// The event's `UID`.
    pub uid: String,
    /// Its `SEQUENCE` (0 where absent).
    pub sequence: u32,
    /// Its `RECURRENCE-ID` line after the name (parameters and value, e.g.
    /// `;TZID=Europe/Berlin:20261210T100000`), where the object is about one occurrence.
    pub recurrence_id: Option<String>,
    /// `SUMMARY`.
    pub summary: String,
    /// `LOCATION`.
    pub location: Option<String>,
    /// `DTSTART`.
    pub start: Option<When>,
    /// `DTEND`.
    pub end: Option<When>,
    /// It repeats (`RRULE`).
    pub repeats: bool,
    /// `ORGANIZER`.
    pub organizer: Option<Person>,
    /// `ATTENDEE`s.
    pub attendees: Vec<Person>,
}

/// One content line (RFC 5545 section 3.1): its name, parameters and value.
struct Line<'a> {
    name: String,
    params: Vec<(String, String)>,
    value: &'a str,
}

impl Line<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn content_line(line: &str) -> Option<Line<'_>> {
    // The name and parameters end at the first colon outside double quotes.
    let mut quoted = false;
    let colon = line.char_indices().find(|&(_, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ':' && !quoted
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in head.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&head[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&head[start..]);
    let name = parts.first()?.trim().to_ascii_uppercase();
    let params = parts[1..]
        .iter()
        .filter_map(|p| p.split_once('='))
        .map(|(n, v)| (n.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_owned()))
        .collect();
    Some(Line { name, params, value })
}

/// A TEXT value without its escapes (RFC 5545 section 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn person(line: &Line<'_>) -> Person {
    let value = line.value.trim();
    let address = value.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:")).map_or(value, |_| &value[7..]);
    Person {
        address: address.trim().to_owned(),
        name: line.param("CN").map(str::to_owned).filter(|n| !n.is_empty()),
        answer: line.param("PARTSTAT").and_then(Answer::from_partstat),
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (`month` 1 to 12).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Howard Hinnant's algorithm: years start in March, so the leap day is the year's last.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn when(line: &Line<'_>) -> Option<When> {
    let value = line.value.trim();
    let number = |range: std::ops::Range<usize>| value.get(range)?.parse::<i64>().ok();
    let day = days_from_civil(number(0..4)?, number(4..6)?, number(6..8)?) * 86_400;
    if value.len() == 8 {
        return Some(When::Day(day));
    }
    if value.as_bytes().get(8) != Some(&b'T') {
        return None;
    }
    let seconds = day + number(9..11)? * 3600 + number(11..13)? * 60 + number(13..15)?;
    if value.ends_with('Z') {
        Some(When::Utc(seconds))
    } else {
        Some(When::Local { seconds, zone: line.param("TZID").map(str::to_owned) })
    }
}

/// Reads the first `VEVENT` of an iCalendar object (lines unfolded, RFC 5545 section 3.1).
pub fn parse(object: &str) -> Option<Invitation> {
    let unfolded = object.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
    let mut method = Method::Other(String::new());
    let mut event: Option<Invitation> = None;
    // The components open around the current line; only the event's own properties count (not
    // an alarm's or a time zone's).
    let mut open: Vec<String> = Vec::new();
    for raw in unfolded.lines() {
        let Some(line) = content_line(raw.trim_end_matches('\r')) else { continue };
        match line.name.as_str() {
            "BEGIN" => {
                let component = line.value.trim().to_ascii_uppercase();
                if component == "VEVENT"
                    && event.is_none()
                    && open.last().map(String::as_str) == Some("VCALENDAR")
                {
                    event = Some(Invitation {
                        method: method.clone(),
                        uid: String::new(),
                        sequence: 0,
                        recurrence_id: None,
                        summary: String::new(),
                        location: None,
                        start: None,
                        end: None,
                        repeats: false,
                        organizer: None,
                        attendees: Vec::new(),
                    });
                }
                open.push(component);
                continue;
            }
            "END" => {
                if open.pop().as_deref() == Some("VEVENT")
                    && event.as_ref().is_some_and(|e| !e.uid.is_empty())
                {
                    break;
                }
                continue;
            }
            _ => {}
        }
        match open.last().map(String::as_str) {
            Some("VCALENDAR") if line.name == "METHOD" => {
                method = match line.value.trim().to_ascii_uppercase().as_str() {
                    "REQUEST" => Method::Request,
                    "CANCEL" => Method::Cancel,
                    "REPLY" => Method::Reply,
                    other => Method::Other(other.to_owned()),
                };
            }
            Some("VEVENT") if open.len() == 2 => {
                let Some(e) = event.as_mut() else { continue };
                match line.name.as_str() {
                    "UID" => e.uid = line.value.trim().to_owned(),
                    "SEQUENCE" => e.sequence = line.value.trim().parse().unwrap_or(0),
                    "RECURRENCE-ID" => {
                        e.recurrence_id = raw.trim_end_matches('\r').get(13..).map(str::to_owned)
                    }
                    "SUMMARY" => e.summary = text(line.value),
                    "LOCATION" => e.location = Some(text(line.value)).filter(|l| !l.trim().is_empty()),
                    "DTSTART" => e.start = when(&line),
                    "DTEND" => e.end = when(&line),
                    "RRULE" => e.repeats = true,
                    "ORGANIZER" => e.organizer = Some(person(&line)),
                    "ATTENDEE" => e.attendees.push(person(&line)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let mut event = event.filter(|e| !e.uid.is_empty())?;
    event.method = method;
    Some(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As Google Calendar writes an invitation: a VTIMEZONE before the event, an alarm inside it,
    /// folded lines, escaped text, quoted parameters.
    const GOOGLE: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
CALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\n\
DTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261210T100000\r\nDTEND;TZID=Europe/Berlin:20261210T110000\r\n\
DTSTAMP:20261205T090000Z\r\nORGANIZER;CN=Bob Example:mailto:bob@example.com\r\nUID:7kukuqrfedlm2f9t@google.com\r\n\
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=\"Alice; Team\";X-NUM-GUESTS=0:\r\n mailto:alice@example.org\r\n\
SEQUENCE:2\r\nSTATUS:CONFIRMED\r\nSUMMARY:Budget review\\, Q1\r\nLOCATION:Room 4\\; 2nd floor\r\n\
DESCRIPTION:First line\\nsecond line\r\nBEGIN:VALARM\r\nACTION:EMAIL\r\nSUMMARY:Alarm notification\r\n\
TRIGGER:-P0DT0H30M0S\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn a_google_invitation_reads_whole() {
        let event = parse(GOOGLE).expect("an event");
        assert_eq!(event.method, Method::Request);
        assert_eq!(event.uid, "7kukuqrfedlm2f9t@google.com");
        assert_eq!(event.sequence, 2);
        assert_eq!(event.summary, "Budget review, Q1", "not the alarm's summary");
        assert_eq!(event.location.as_deref(), Some("Room 4; 2nd floor"));
        let start = days_from_civil(2026, 12, 10) * 86_400 + 10 * 3600;
        assert_eq!(event.start, Some(When::Local { seconds: start, zone: Some("Europe/Berlin".into()) }));
        assert_eq!(
            event.organizer,
            Some(Person {
                address: "bob@example.com".into(),
                name: Some("Bob Example".into()),
                answer: None
            })
        );
        assert_eq!(
            event.attendees,
            [Person { address: "alice@example.org".into(), name: Some("Alice; Team".into()), answer: None }],
            "NEEDS-ACTION is no answer yet"
        );
        assert!(!event.repeats);
    }

    #[test]
    fn times_days_and_cancellations() {
        let cancel = "BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:x1\nDTSTART:20261210T090000Z\n\
DTEND;VALUE=DATE:20261211\nRRULE:FREQ=WEEKLY\nEND:VEVENT\nEND:VCALENDAR\n";
        let event = parse(cancel).expect("an event");
        assert_eq!(event.method, Method::Cancel);
        assert_eq!(event.start, Some(When::Utc(1_796_893_200)));
        assert_eq!(event.end, Some(When::Day(days_from_civil(2026, 12, 11) * 86_400)));
        assert!(event.repeats);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        // An answer as it reaches the organizer (RFC 5546 section 3.2.3): who, and what.
        let reply = "BEGIN:VCALENDAR\nMETHOD:REPLY\nBEGIN:VEVENT\nUID:x1\n\
ATTENDEE;PARTSTAT=tentative;CN=Eva:mailto:eva@example.org\nATTENDEE;PARTSTAT=DELEGATED:mailto:tom@example.org\n\
END:VEVENT\nEND:VCALENDAR\n";
        let event = parse(reply).expect("an event");
        assert_eq!(event.method, Method::Reply);
        let answers: Vec<_> = event.attendees.iter().map(|p| (p.address.as_str(), p.answer)).collect();
        assert_eq!(answers, [("eva@example.org", Some(Answer::Tentative)), ("tom@example.org", None)]);
        assert_eq!(
            parse("BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:t\nEND:VTODO\nEND:VCALENDAR\n"),
            None,
            "no event"
        );
        assert_eq!(parse("not a calendar"), None);
    }
}
