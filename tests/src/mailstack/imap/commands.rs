//! The commands the harness checks mailboxes with: LIST, SELECT, APPEND, UID FETCH, UID STORE,
//! CREATE, DELETE and LOGOUT, each read into plain values.

use super::syntax::Value;
use super::{FetchedMessage, ImapClient, ImapError, ListedMailbox, Part};

impl ImapClient {
    /// Lists every mailbox with `LIST "" "*"`.
    pub fn list(&mut self) -> Result<Vec<ListedMailbox>, ImapError> {
        let done = self.command("LIST", &[Part::Text("LIST \"\" \"*\"")])?;
        let mut mailboxes = Vec::new();
        for values in &done.data {
            let Some(keyword) = values.first().and_then(Value::as_atom) else { continue };
            if !keyword.eq_ignore_ascii_case("LIST") {
                continue;
            }
            let malformed = || ImapError::Unexpected {
                command: "LIST".into(),
                detail: format!("malformed LIST: {values:?}"),
            };
            let [_, Value::List(attributes), delimiter, name] = values.as_slice() else {
                return Err(malformed());
            };
            let delimiter = if delimiter.is_nil() {
                None
            } else {
                delimiter.as_bytes().and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.chars().next())
            };
            mailboxes.push(ListedMailbox {
                name: String::from_utf8_lossy(name.as_bytes().ok_or_else(malformed)?).into_owned(),
                delimiter,
                attributes: attributes.iter().filter_map(Value::as_atom).map(str::to_owned).collect(),
            });
        }
        Ok(mailboxes)
    }

    /// Selects `mailbox` read-write and returns its message count (EXISTS).
    pub fn select(&mut self, mailbox: &str) -> Result<u32, ImapError> {
        let done = self.command("SELECT", &[Part::Text("SELECT "), Part::Astring(mailbox.as_bytes())])?;
        let exists = done.data.iter().find_map(|values| match values.as_slice() {
            [count, keyword] if keyword.as_atom().is_some_and(|k| k.eq_ignore_ascii_case("EXISTS")) => {
                count.as_atom().and_then(|n| n.parse().ok())
            }
            _ => None,
        });
        exists.ok_or_else(|| ImapError::Unexpected {
            command: "SELECT".into(),
            detail: "no EXISTS response".into(),
        })
    }

    /// Appends one message and returns its UID from the APPENDUID response code (RFC 4315).
    pub fn append(&mut self, mailbox: &str, message: &[u8]) -> Result<u32, ImapError> {
        let done = self.command(
            "APPEND",
            &[
                Part::Text("APPEND "),
                Part::Astring(mailbox.as_bytes()),
                Part::Text(" "),
                Part::Literal(message),
            ],
        )?;
        let code = done.code.unwrap_or_default();
        let mut words = code.split_ascii_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some(keyword), Some(_validity), Some(uid)) if keyword.eq_ignore_ascii_case("APPENDUID") => {
                uid.parse().map_err(|_| ImapError::Unexpected {
                    command: "APPEND".into(),
                    detail: format!("APPENDUID with a UID that is not a number: {code}"),
                })
            }
            _ => Err(ImapError::Unexpected {
                command: "APPEND".into(),
                detail: format!("tagged OK without APPENDUID: [{code}] {}", done.text),
            }),
        }
    }

    /// Fetches every message of the selected mailbox with `UID FETCH 1:* (UID FLAGS INTERNALDATE
    /// BODY.PEEK[])`.
    ///
    /// PEEK keeps `\Seen` untouched, so checking a mailbox does not change what the app sees.
    pub fn fetch_all(&mut self) -> Result<Vec<FetchedMessage>, ImapError> {
        let done =
            self.command("UID FETCH", &[Part::Text("UID FETCH 1:* (UID FLAGS INTERNALDATE BODY.PEEK[])")])?;
        let mut messages = Vec::new();
        for values in &done.data {
            let [_, keyword, Value::List(items)] = values.as_slice() else { continue };
            if !keyword.as_atom().is_some_and(|k| k.eq_ignore_ascii_case("FETCH")) {
                continue;
            }
            messages.push(parse_fetch(items)?);
        }
        messages.sort_by_key(|message| message.uid);
        Ok(messages)
    }

    /// Replaces the flags of one message (`UID STORE uid FLAGS.SILENT (...)`).
    pub fn store_flags(&mut self, uid: u32, flags: &[&str]) -> Result<(), ImapError> {
        for flag in flags {
            if !is_flag(flag) {
                return Err(ImapError::InvalidArgument(format!("{flag:?} is not an IMAP flag")));
            }
        }
        let command = format!("UID STORE {uid} FLAGS.SILENT ({})", flags.join(" "));
        self.command("UID STORE", &[Part::Text(&command)])?;
        Ok(())
    }

    /// Creates a mailbox.
    pub fn create(&mut self, mailbox: &str) -> Result<(), ImapError> {
        self.command("CREATE", &[Part::Text("CREATE "), Part::Astring(mailbox.as_bytes())])?;
        Ok(())
    }

    /// Deletes a mailbox.
    pub fn delete(&mut self, mailbox: &str) -> Result<(), ImapError> {
        self.command("DELETE", &[Part::Text("DELETE "), Part::Astring(mailbox.as_bytes())])?;
        Ok(())
    }

    /// Says LOGOUT and waits for the server's goodbye.
    pub fn logout(mut self) -> Result<(), ImapError> {
        self.command("LOGOUT", &[Part::Text("LOGOUT")])?;
        Ok(())
    }
}

fn is_flag(flag: &str) -> bool {
    let name = flag.strip_prefix('\\').unwrap_or(flag);
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && !b"(){%*\"\\]".contains(&b))
}

fn parse_fetch(items: &[Value]) -> Result<FetchedMessage, ImapError> {
    let malformed = |detail: String| ImapError::Unexpected { command: "UID FETCH".into(), detail };
    let mut uid = None;
    let mut flags = None;
    let mut raw = None;
    let mut internal_date = None;
    for pair in items.chunks(2) {
        let [key, value] = pair else {
            return Err(malformed(format!("odd number of FETCH items: {items:?}")));
        };
        let key = key.as_atom().unwrap_or_default().to_ascii_uppercase();
        match key.as_str() {
            "UID" => uid = value.as_atom().and_then(|n| n.parse::<u32>().ok()),
            "FLAGS" => {
                if let Value::List(list) = value {
                    flags = Some(list.iter().filter_map(Value::as_atom).map(str::to_owned).collect());
                }
            }
            "INTERNALDATE" => {
                if let Value::String(bytes) = value {
                    internal_date = Some(String::from_utf8_lossy(bytes).into_owned());
                }
            }
            "BODY[]" => {
                if let Value::String(bytes) = value {
                    raw = Some(bytes.clone());
                }
            }
            _ => {}
        }
    }
    match (uid, flags, raw, internal_date) {
        (Some(uid), Some(flags), Some(raw), Some(internal_date)) => {
            Ok(FetchedMessage { uid, flags, raw, internal_date })
        }
        _ => Err(malformed(format!("FETCH lacks UID, FLAGS, INTERNALDATE or BODY[]: {items:?}"))),
    }
}
