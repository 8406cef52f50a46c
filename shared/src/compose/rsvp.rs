//! Answering an invitation (iMIP, RFC 6047; iTIP `REPLY`, RFC 5546 section 3.2.3): a message to
//! the organizer whose `text/calendar; method=REPLY` part names the event (UID, SEQUENCE,
//! RECURRENCE-ID), the organizer, and the one attendee answering with a `PARTSTAT`, beside a
//! sentence for people.

use super::identity::sender;
use super::reply::one_line;
use super::{Address, Draft, MessageDate};
use crate::message::ReadableMessage;
use crate::message::calendar::{Answer, Invitation, Person};

/// A TEXT value with its escapes (RFC 5545 section 3.3.11), on one line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, quoted where it holds `:`, `;` or `,` (RFC 5545 section 3.2); a double
/// quote cannot be written in one and is left out.
fn param(value: &str) -> String {
    let value: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if value.contains([':', ';', ',']) { format!("\"{value}\"") } else { value }
}

/// Content lines folded at 75 octets, never inside a character (RFC 5545 section 3.1).
fn fold(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

fn named(person: &Person) -> String {
    match &person.name {
        Some(name) => format!(";CN={}", param(name)),
        None => String::new(),
    }
}

/// `date` as a UTC DATE-TIME (`20261205T090000Z`) for DTSTAMP.
fn stamp(date: MessageDate) -> String {
    let days = date.unix_seconds.div_euclid(86_400);
    let seconds = date.unix_seconds.rem_euclid(86_400);
    let (y, m, d) = super::date::civil_from_days(days);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// The answer to `invitation` (carried by `message`) from the one of `mine` it invites (else
/// the one `message` was written to): to its organizer, "Accepted: " and its title. `None` where
/// it names no organizer to answer.
pub fn rsvp(
    message: &ReadableMessage,
    invitation: &Invitation,
    answer: Answer,
    mine: &[Address],
    date: MessageDate,
    message_id: String,
) -> Option<Draft> {
    let organizer = invitation.organizer.clone().filter(|o| o.address.contains('@'))?;
    // The attendee among the account's addresses, and that address.
    let invited = invitation
        .attendees
        .iter()
        .find_map(|p| mine.iter().find(|m| m.same_mailbox(&p.address)).map(|m| (p, m)));
    let me = invited.map_or_else(|| sender(message, mine), |(_, m)| m.clone());
    let attendee = Person {
        address: me.address.clone(),
        name: invited
            .and_then(|(p, _)| p.name.clone())
            .or_else(|| Some(me.name.clone()).filter(|n| !n.is_empty())),
        answer: Some(answer),
    };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "PRODID:-//Posthorn//Posthorn//EN".to_owned(),
        "VERSION:2.0".to_owned(),
        "METHOD:REPLY".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape(&invitation.uid)),
    ];
    if invitation.sequence > 0 {
        lines.push(format!("SEQUENCE:{}", invitation.sequence));
    }
    if let Some(recurrence) = &invitation.recurrence_id {
        lines.push(format!("RECURRENCE-ID{recurrence}"));
    }
    lines.push(format!("DTSTAMP:{}", stamp(date)));
    lines.push(format!("ORGANIZER{}:mailto:{}", named(&organizer), organizer.address));
    lines.push(format!(
        "ATTENDEE;PARTSTAT={}{}:mailto:{}",
        answer.partstat(),
        named(&attendee),
        attendee.address
    ));
    lines.push(format!("SUMMARY:{}", escape(&invitation.summary)));
    lines.extend(["END:VEVENT".to_owned(), "END:VCALENDAR".to_owned()]);

    let mut draft = Draft::new(me.clone(), date, message_id);
    draft.to = vec![Address::new(organizer.name.clone().unwrap_or_default(), organizer.address.clone())];
    let (verb, word) = match answer {
        Answer::Accepted => ("Accepted", "accepted"),
        Answer::Tentative => ("Tentatively accepted", "tentatively accepted"),
        Answer::Declined => ("Declined", "declined"),
    };
    let title = one_line(&invitation.summary);
    draft.subject = format!("{verb}: {title}");
    draft.body = format!("{} has {word} the invitation \"{title}\".\n", me.display());
    if let Some(parent) = &message.message_id {
        draft.in_reply_to = Some(parent.clone());
        draft.references = vec![parent.clone()];
    }
    draft.calendar_reply = Some(fold(&lines));
    Some(draft)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::build;
    use crate::message::calendar::parse;
    use crate::message::read;

    const DATE: MessageDate = MessageDate { unix_seconds: 1_796_461_200, offset_minutes: 60 };

    const INVITE: &[u8] = b"From: Bob <bob@example.com>\r\nTo: alice@example.org\r\nSubject: Invitation: Budget\r\n\
Message-ID: <inv-1@example.com>\r\nContent-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n\r\n\
BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:ev-1@example.com\r\nSEQUENCE:3\r\n\
RECURRENCE-ID;TZID=Europe/Berlin:20261210T100000\r\nDTSTART:20261210T090000Z\r\n\
ORGANIZER;CN=Bob:mailto:bob@example.com\r\nATTENDEE;CN=Sales Desk;PARTSTAT=NEEDS-ACTION:mailto:sales@example.org\r\n\
SUMMARY:Budget\\, Q1\\n(draft)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn an_answer_names_the_event_the_organizer_and_the_attendee() {
        let message = read(INVITE).unwrap();
        assert!(crate::message::may_carry_invitation(&message));
        let invitation = crate::message::read_invitation(INVITE).expect("the invitation");
        let mine = [Address::new("Alice", "alice@example.org"), Address::new("Sales", "sales@example.org")];
        let draft =
            rsvp(&message, &invitation, Answer::Accepted, &mine, DATE, "r@example.org".into()).unwrap();
        assert_eq!(draft.from.address, "sales@example.org", "the attendee invited");
        assert_eq!(draft.to, [Address::new("Bob", "bob@example.com")]);
        assert_eq!(draft.subject, "Accepted: Budget, Q1 (draft)", "on one line");
        let reply = draft.calendar_reply.clone().unwrap();
        assert!(reply.contains("METHOD:REPLY\r\n"), "{reply}");
        assert!(
            reply.contains(
                "UID:ev-1@example.com\r\nSEQUENCE:3\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261210T100000\r\n"
            ),
            "{reply}"
        );
        assert!(reply.contains("DTSTAMP:20261205T090000Z\r\n"), "{reply}");
        assert!(
            reply.contains("ATTENDEE;PARTSTAT=ACCEPTED;CN=Sales Desk:mailto:sales@example.org\r\n"),
            "{reply}"
        );
        assert!(reply.contains("SUMMARY:Budget\\, Q1\\n(draft)\r\n"), "{reply}");
        assert!(reply.lines().all(|l| l.len() <= 75), "folded");
        // Read back, the same event.
        let again = parse(&reply).unwrap();
        assert_eq!((again.uid.as_str(), again.sequence), ("ev-1@example.com", 3));
        let built = String::from_utf8(build(&draft).unwrap().data).unwrap();
        assert!(built.contains("multipart/alternative"), "{built}");
        assert!(
            built.contains("Content-Type: text/calendar; method=REPLY; charset=\"utf-8\"")
                || built.contains("Content-Type: text/calendar; method=\"REPLY\""),
            "{built}"
        );
    }

    #[test]
    fn an_invitation_beside_text_is_found_and_a_plain_message_is_not_parsed_again() {
        let alternative = b"From: bob@example.com\r\nSubject: Invitation\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\nInvited.\r\n\
--a\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n\
UID:u-2\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--a--\r\n";
        assert!(crate::message::may_carry_invitation(&read(alternative).unwrap()));
        assert_eq!(crate::message::read_invitation(alternative).unwrap().summary, "Lunch");
        let plain = b"From: bob@example.com\r\nSubject: Hi\r\n\r\nBEGIN:VCALENDAR in the text\r\n";
        assert!(!crate::message::may_carry_invitation(&read(plain).unwrap()));
    }

    #[test]
    fn long_lines_fold_and_names_are_quoted() {
        let folded = fold(&[format!("SUMMARY:{}", "ä".repeat(60))]);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "ä".repeat(60)));
        assert_eq!(param("Doe, Jane"), "\"Doe, Jane\"");
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
