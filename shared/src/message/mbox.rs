//! A mailbox file (mbox, RFC 4155): messages one after another, each behind a separator line
//! `From sender date`, as Thunderbird keeps a local folder, mutt and Evolution a spool, and
//! Google Takeout an export. Read to add its messages to a folder (`message::import` then makes
//! each ready for APPEND).
//!
//! A separator is a line that begins `From ` at the start of the file or after an empty line, and
//! is followed by a header field (RFC 5322 section 2.2): a body line that begins `From ` is
//! written `>From ` by the programs that make these files, and one that is not still fails the
//! second test. Each message loses one `>` of its `>From ` lines (the mboxrd reading, which is
//! also right for the plain `>From ` of mboxo), and the empty line that ends it before the next
//! separator (RFC 4155 section 2).
//!
//! What the program that wrote the file knew of each message comes back as IMAP flags (RFC 3501
//! section 2.3.2): Thunderbird's `X-Mozilla-Status` (hexadecimal bits: 1 read, 2 replied, 4
//! starred, 8 deleted but not yet compacted away, 0x1000 forwarded), else mutt's and Evolution's
//! `Status` (`R` read) and `X-Status` (`A` answered, `F` flagged, `T` draft), else Google's
//! `X-Gmail-Labels` (`Unread`, `Starred`). A message Thunderbird marked deleted is left out.

use crate::imap::Flag;

/// One message of an mbox file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The message as it was before it was put into the file (no separator, `>From ` undone).
    pub raw: Vec<u8>,
    /// Its flags, or `None` where the file says nothing of them.
    pub flags: Option<Vec<Flag>>,
}

/// Whether `raw` is an mbox file: it begins with a separator line.
pub fn is_mbox(raw: &[u8]) -> bool {
    let first = line_at(raw, 0);
    first.starts_with(b"From ") && is_header_field(line_at(raw, first.len()))
}

/// The messages of `raw` in the order they are in, without those Thunderbird marked deleted.
pub fn split(raw: &[u8]) -> Vec<Entry> {
    let mut starts = Vec::new();
    let mut at = 0;
    let mut after_empty = true;
    while at < raw.len() {
        let line = line_at(raw, at);
        if after_empty && line.starts_with(b"From ") && is_header_field(line_at(raw, at + line.len())) {
            starts.push((at, at + line.len()));
        }
        after_empty = trimmed(line).is_empty();
        at += line.len();
    }
    let ends = starts.iter().skip(1).map(|(separator, _)| *separator).chain([raw.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|((_, body), end)| without_last_empty_line(&raw[*body..end]))
        .map(|message| {
            let raw = unquoted(message);
            let flags = flags(&raw);
            (raw, flags)
        })
        .filter(|(_, flags)| *flags != Some(None))
        .map(|(raw, flags)| Entry { raw, flags: flags.flatten() })
        .collect()
}

/// The line of `raw` at `at`, with its line end.
fn line_at(raw: &[u8], at: usize) -> &[u8] {
    let rest = &raw[at.min(raw.len())..];
    rest.iter().position(|&b| b == b'\n').map_or(rest, |i| &rest[..=i])
}

fn trimmed(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether `line` is a header field (what follows a separator line).
fn is_header_field(line: &[u8]) -> bool {
    super::import::field_name(line).is_some()
}

/// `message` without the empty line that closed it in the file: of the two line ends it ends
/// with, the second.
fn without_last_empty_line(message: &[u8]) -> &[u8] {
    for (ending, empty_line) in [(&b"\r\n\r\n"[..], 2), (b"\n\n", 1)] {
        if message.ends_with(ending) {
            return &message[..message.len() - empty_line];
        }
    }
    message
}

/// `message` with one `>` taken from each line that is `>`s then `From `.
fn unquoted(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    let mut at = 0;
    while at < message.len() {
        let line = line_at(message, at);
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
        at += line.len();
    }
    out
}

/// The flags the message's status fields give: `None` where it has none, `Some(None)` where
/// Thunderbird marked it deleted.
fn flags(message: &[u8]) -> Option<Option<Vec<Flag>>> {
    let header = mail_parser::MessageParser::new().parse_headers(message);
    let field = |name: &'static str| header.as_ref()?.header_raw(name);
    if let Some(bits) = field("x-mozilla-status").and_then(|v| u32::from_str_radix(v.trim(), 16).ok()) {
        if bits & 0x0008 != 0 {
            return Some(None);
        }
        let set = [(0x0001, Flag::Seen), (0x0002, Flag::Answered), (0x0004, Flag::Flagged)];
        let mut flags: Vec<Flag> =
            set.into_iter().filter(|(bit, _)| bits & bit != 0).map(|(_, f)| f).collect();
        if bits & 0x1000 != 0 {
            flags.push(Flag::Keyword("$Forwarded".into()));
        }
        return Some(Some(flags));
    }
    let (status, x_status) = (field("status"), field("x-status"));
    if status.is_some() || x_status.is_some() {
        let mut flags = Vec::new();
        if status.is_some_and(|s| s.contains('R')) {
            flags.push(Flag::Seen);
        }
        let x = x_status.unwrap_or_default();
        for (letter, flag) in [('A', Flag::Answered), ('F', Flag::Flagged), ('T', Flag::Draft)] {
            if x.contains(letter) {
                flags.push(flag);
            }
        }
        return Some(Some(flags));
    }
    let labels = field("x-gmail-labels")?;
    let has = |label: &str| labels.split(',').any(|l| l.trim().eq_ignore_ascii_case(label));
    let mut flags = Vec::new();
    if !has("Unread") {
        flags.push(Flag::Seen);
    }
    if has("Starred") {
        flags.push(Flag::Flagged);
    }
    Some(Some(flags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thunderbird_folder_splits_into_its_messages_with_their_flags() {
        let file = b"From - Sat Dec 05 09:00:00 2026\n\
            X-Mozilla-Status: 0005\nFrom: a@example.org\nSubject: One\n\n\
            Hello.\n>From the start, a quoted line.\n>>From two quotes.\n\n\
            From - Sat Dec 05 10:00:00 2026\n\
            X-Mozilla-Status: 0009\nFrom: b@example.org\nSubject: Deleted\n\nGone.\n\n\
            From - Sat Dec 05 11:00:00 2026\n\
            X-Mozilla-Status: 1000\nFrom: c@example.org\nSubject: Three\n\n\
            From here on, not a separator: no empty line before it.\n\n\
            From the body, after an empty line, but no header field follows.\n";
        assert!(is_mbox(file));
        let entries = split(file);
        assert_eq!(entries.len(), 2, "{entries:?}");
        assert_eq!(
            entries[0].raw,
            b"X-Mozilla-Status: 0005\nFrom: a@example.org\nSubject: One\n\n\
              Hello.\nFrom the start, a quoted line.\n>From two quotes.\n"
        );
        assert_eq!(entries[0].flags, Some(vec![Flag::Seen, Flag::Flagged]));
        assert!(entries[1].raw.ends_with(b"no header field follows.\n"), "{:?}", entries[1]);
        assert_eq!(entries[1].flags, Some(vec![Flag::Keyword("$Forwarded".into())]));
    }

    #[test]
    fn mutt_and_gmail_status_fields_and_none() {
        let file = b"From a@example.org Sat Dec  5 09:00:00 2026\r\n\
            Status: RO\r\nX-Status: AF\r\nSubject: Read\r\n\r\nText.\r\n\r\n\
            From b@example.org Sat Dec  5 10:00:00 2026\r\n\
            Status: O\r\nSubject: Old, unread\r\n\r\nText.\r\n\r\n\
            From 1234@xxx Sat Dec 05 11:00:00 +0000 2026\r\n\
            X-Gmail-Labels: Inbox,Unread,Starred\r\nSubject: Takeout\r\n\r\nText.\r\n\r\n\
            From x@example.org Sat Dec  5 12:00:00 2026\r\n\
            Subject: Nothing said\r\n\r\nText.\r\n";
        let entries = split(file);
        let flags: Vec<_> = entries.iter().map(|e| e.flags.clone()).collect();
        assert_eq!(
            flags,
            [
                Some(vec![Flag::Seen, Flag::Answered, Flag::Flagged]),
                Some(vec![]),
                Some(vec![Flag::Flagged]),
                None
            ]
        );
        assert_eq!(entries[0].raw, b"Status: RO\r\nX-Status: AF\r\nSubject: Read\r\n\r\nText.\r\n");
    }

    /// Every cut of a file (as a download broken off would leave it) reads without a panic, into
    /// no more messages than it has separators, each without a separator line of its own.
    #[test]
    fn every_cut_of_a_file_reads() {
        let file: &[u8] = b"From - Sat Dec 05 09:00:00 2026\r\nX-Mozilla-Status: 0001\r\n\
            Subject: One\r\n\r\n>From a quote.\r\n\r\nFrom x@example.org Sat Dec  5 2026\r\n\
            Status: R\r\nSubject: Two\r\n\r\nText.\r\n\r\n";
        for end in 0..=file.len() {
            let cut = &file[..end];
            let entries = split(cut);
            assert!(entries.len() <= 2, "{end}: {entries:?}");
            assert!(!is_mbox(cut) || !entries.is_empty(), "{end}: an mbox has a message");
            for entry in &entries {
                assert!(!entry.raw.starts_with(b"From "), "{end}: {entry:?}");
            }
        }
    }

    #[test]
    fn a_message_file_is_no_mbox() {
        assert!(!is_mbox(b"From: a@example.org\nSubject: Hi\n\nText.\n"));
        assert!(!is_mbox(b"From here to there, a note.\n"));
        assert!(!is_mbox(b""));
    }
}
