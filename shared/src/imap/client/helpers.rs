//! Small pure functions of the client: how a job is named and classified for pipelining, and how
//! wire values are turned into the typed ones and into text for errors.

use super::*;

pub(super) fn name_of(work: &Work) -> &'static str {
    match work {
        Work::User(command) => command.name(),
        Work::Capability { .. } => "CAPABILITY",
        Work::StartTls => "STARTTLS",
        Work::MoveStore { .. } => "STORE",
        Work::MoveExpunge { .. } => "UID EXPUNGE",
    }
}

/// Whether a job must run alone, and which untagged data it collects.
pub(super) fn classify(work: &Work) -> (bool, DataKind) {
    match work {
        Work::Capability { after_auth } => (*after_auth, DataKind::Capability),
        Work::StartTls | Work::MoveStore { .. } | Work::MoveExpunge { .. } => (true, DataKind::None),
        Work::User(command) => match command {
            Command::Capability => (false, DataKind::Capability),
            Command::Noop
            | Command::Create { .. }
            | Command::CreateSpecialUse { .. }
            | Command::Delete { .. }
            | Command::Rename { .. } => (false, DataKind::None),
            Command::Subscribe { .. }
            | Command::Unsubscribe { .. }
            | Command::Append { .. }
            | Command::Copy { .. } => (false, DataKind::None),
            Command::Namespace => (false, DataKind::Namespace),
            Command::List { .. } => (false, DataKind::List),
            Command::Lsub { .. } => (false, DataKind::Lsub),
            Command::Status { .. } => (false, DataKind::Status),
            Command::GetQuotaRoot { .. } => (false, DataKind::Quota),
            Command::Fetch { uid, .. } => (!uid, DataKind::Fetch),
            Command::Store { .. } => (false, DataKind::Fetch),
            Command::Search { .. } => (false, DataKind::Search),
            Command::Sort { .. } => (false, DataKind::Sort),
            Command::Thread { .. } => (false, DataKind::Thread),
            Command::Enable { .. } => (true, DataKind::Enable),
            // Alone on the wire: a `* ID` answer names no command.
            Command::Id { .. } => (true, DataKind::None),
            Command::Logout
            | Command::Login { .. }
            | Command::Authenticate(_)
            | Command::SignIn { .. }
            | Command::Select { .. }
            | Command::Examine { .. }
            | Command::Move { .. }
            | Command::Expunge
            | Command::UidExpunge { .. }
            | Command::Close
            | Command::Unselect
            | Command::Idle => (true, DataKind::None),
        },
    }
}

pub(super) fn wire_name(mailbox: &WireMailbox<'_>) -> Vec<u8> {
    match mailbox {
        WireMailbox::Inbox => b"INBOX".to_vec(),
        WireMailbox::Other(other) => other.as_ref().to_vec(),
    }
}

pub(super) fn copy_uid(
    uidvalidity: u32,
    source: &imap_codec::imap_types::extensions::uidplus::UidSet,
    destination: &imap_codec::imap_types::extensions::uidplus::UidSet,
) -> CopyUid {
    use imap_codec::imap_types::extensions::uidplus::UidElement;
    let expand = |set: &imap_codec::imap_types::extensions::uidplus::UidSet| {
        let mut out = Vec::new();
        for element in set.0.as_ref() {
            match element {
                UidElement::Single(n) => out.push(n.get()),
                UidElement::Range(a, b) => {
                    let (lo, hi) = (a.get().min(b.get()), a.get().max(b.get()));
                    // Bounded: a COPYUID can only name messages that were copied.
                    out.extend((lo..=hi).take(1_000_000));
                }
            }
        }
        out
    };
    CopyUid { uidvalidity, source: expand(source), destination: expand(destination) }
}

pub(super) fn tagged_copy_uid(code: Option<&Code<'_>>) -> Option<CopyUid> {
    match code {
        Some(Code::CopyUid { uid_validity, source, destination }) => {
            Some(copy_uid(uid_validity.get(), source, destination))
        }
        _ => None,
    }
}

/// A response code as text, e.g. `AUTHENTICATIONFAILED` or `UIDNEXT 4392`.
pub(super) fn code_text(code: &Code<'_>) -> String {
    match code {
        Code::Alert => "ALERT".into(),
        Code::BadCharset { .. } => "BADCHARSET".into(),
        Code::Capability(_) => "CAPABILITY".into(),
        Code::Parse => "PARSE".into(),
        Code::PermanentFlags(_) => "PERMANENTFLAGS".into(),
        Code::ReadOnly => "READ-ONLY".into(),
        Code::ReadWrite => "READ-WRITE".into(),
        Code::TryCreate => "TRYCREATE".into(),
        Code::UidNext(n) => format!("UIDNEXT {n}"),
        Code::UidValidity(n) => format!("UIDVALIDITY {n}"),
        Code::Unseen(n) => format!("UNSEEN {n}"),
        Code::OverQuota => "OVERQUOTA".into(),
        Code::TooBig => "TOOBIG".into(),
        Code::UidNotSticky => "UIDNOTSTICKY".into(),
        Code::Other(other) => transcript::printable(other.inner()),
        other => transcript::printable(format!("{other:?}").as_bytes()).to_ascii_uppercase(),
    }
}

/// Whether `bytes` is an untagged `VANISHED` response (RFC 7162 section 3.2.10), readable or not.
pub(super) fn is_untagged_vanished(bytes: &[u8]) -> bool {
    bytes.strip_prefix(b"* ").is_some_and(|rest| {
        rest.len() >= 8
            && rest[..8].eq_ignore_ascii_case(b"VANISHED")
            && rest.get(8).is_none_or(|b| *b == b' ')
    })
}

/// Untagged responses this client does not understand and may skip (RFC 3501 section 7:
/// unknown response types are ignored); the ones it relies on must parse.
pub(super) fn is_ignorable_untagged(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"* ") else { return false };
    let rest = match rest.iter().position(|b| *b == b' ') {
        Some(space) if rest[..space].iter().all(u8::is_ascii_digit) && space > 0 => &rest[space + 1..],
        _ => rest,
    };
    let keyword: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .map(u8::to_ascii_uppercase)
        .collect();
    !matches!(
        keyword.as_slice(),
        b"OK"
            | b"NO"
            | b"BAD"
            | b"BYE"
            | b"PREAUTH"
            | b"CAPABILITY"
            | b"LIST"
            | b"LSUB"
            | b"STATUS"
            | b"SEARCH"
            | b"FLAGS"
            | b"EXISTS"
            | b"RECENT"
            | b"EXPUNGE"
            | b"FETCH"
            | b"VANISHED"
            | b"NAMESPACE"
            | b"ENABLED"
    ) && !keyword.is_empty()
}

/// The start of offending bytes, printable, for an error message.
pub(super) fn summarise(bytes: &[u8]) -> String {
    let shown = &bytes[..bytes.len().min(120)];
    let mut text = transcript::printable(shown);
    if bytes.len() > shown.len() {
        text.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    text
}
