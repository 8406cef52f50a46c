//! The transaction state's replies (RFC 1939 section 5): a single-line `+OK` read into STAT,
//! LIST or UIDL figures, and a multi-line block (RFC 1939 section 3) read into listings or a
//! message.

use super::*;

impl Pop3Client {
    pub(super) fn on_command_response(&mut self, id: RequestId, request: Request, response: Response) {
        if !response.is_ok() {
            self.events.push_back(Event::Refused { id, command: request.command().line(), response });
            return;
        }
        if request.multi_line() {
            let limit = match request {
                Request::Retr(_) | Request::Top { .. } => self.config.max_message_size,
                // Listings are bounded too: a maildrop of a million messages is still a few MB.
                _ => 16 * 1024 * 1024,
            };
            self.phase = Phase::Block { id, request, reader: DotReader::new(limit) };
            return;
        }
        let event = match request {
            Request::Stat => match parse_two(&response.text) {
                Some((count, size)) => Event::Stat { id, count, size },
                None => return self.fail(Error::Unexpected(format!("STAT answered {response}"))),
            },
            Request::List(Some(_)) => match parse_two(&response.text) {
                Some((number, size)) => Event::List { id, entries: vec![ListEntry { number, size }] },
                None => return self.fail(Error::Unexpected(format!("LIST answered {response}"))),
            },
            Request::Uidl(Some(_)) => match parse_uid(&response.text) {
                Some(entry) => Event::Uidl { id, entries: vec![entry] },
                None => return self.fail(Error::Unexpected(format!("UIDL answered {response}"))),
            },
            Request::Dele(number) => Event::Deleted { id, number },
            Request::Rset => Event::Reset { id },
            Request::Noop => Event::Noop { id },
            Request::List(None)
            | Request::Uidl(None)
            | Request::Retr(_)
            | Request::Top { .. }
            | Request::Quit => {
                unreachable!("multi-line or QUIT")
            }
        };
        self.events.push_back(event);
    }

    pub(super) fn finish_block(&mut self, id: RequestId, request: Request, reader: DotReader) {
        let overflowed = reader.overflowed();
        let data = reader.into_data();
        let event = match request {
            Request::Retr(number) | Request::Top { number, .. } if overflowed => {
                self.transcript.push(Line::server(format!(
                    "<more than {} bytes, discarded>",
                    self.config.max_message_size
                )));
                self.transcript.push(Line::server("."));
                Event::TooLarge { id, number, limit: self.config.max_message_size }
            }
            Request::Retr(number) | Request::Top { number, .. } => {
                // Message content is summarised, not printed: it is large and it is the user's mail.
                self.transcript.push(Line::server(transcript::summary(data.len())));
                self.transcript.push(Line::server("."));
                if matches!(request, Request::Retr(_)) {
                    Event::Message { id, number, data }
                } else {
                    Event::Top { id, number, data }
                }
            }
            _ if overflowed => {
                return self.fail(Error::Unexpected("a listing larger than 16 MiB".into()));
            }
            Request::List(_) => {
                let text = String::from_utf8_lossy(&data);
                let entries: Option<Vec<ListEntry>> = text
                    .lines()
                    .map(|l| parse_two(l).map(|(number, size)| ListEntry { number, size }))
                    .collect();
                match entries {
                    Some(entries) => Event::List { id, entries },
                    None => return self.fail(Error::Unexpected("a malformed LIST line".into())),
                }
            }
            Request::Uidl(_) => {
                let text = String::from_utf8_lossy(&data);
                match text.lines().map(parse_uid).collect::<Option<Vec<_>>>() {
                    Some(entries) => Event::Uidl { id, entries },
                    None => return self.fail(Error::Unexpected("a malformed UIDL line".into())),
                }
            }
            _ => unreachable!("only multi-line operations have blocks"),
        };
        self.events.push_back(event);
    }
}

/// `n m` at the start of a line (STAT, LIST), tolerating trailing text (RFC 1939 section 5 allows it).
fn parse_two(text: &str) -> Option<(u32, u64)> {
    let mut words = text.split_whitespace();
    let a = words.next()?.parse().ok()?;
    let b = words.next()?.parse().ok()?;
    Some((a, b))
}

fn parse_uid(text: &str) -> Option<UidEntry> {
    let mut words = text.split_whitespace();
    let number = words.next()?.parse().ok()?;
    let uid = words.next()?;
    // RFC 1939 section 7: 1 to 70 characters in 0x21..0x7E.
    (uid.len() <= 70 && uid.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| UidEntry { number, uid: uid.to_owned() })
}
