//! What the client reports to its caller.

use crate::imap::capability::Capabilities;
use crate::imap::command::Flag;
use crate::imap::error::Error;
use crate::imap::fetch::FetchedMessage;
use crate::imap::list::ListResult;
use crate::imap::mailbox::Mailbox;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::sequence_set::SequenceSet;
use crate::imap::status::MailboxStatus;
use crate::imap::tag::{CommandId, Tag};

/// Something the caller should know.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The greeting was read, capabilities are known and TLS is up as the account requires:
    /// commands flow from now on (RFC 3501 section 7.1.1, 7.1.4).
    Ready {
        /// The server pre-authenticated the session (PREAUTH): no LOGIN needed.
        authenticated: bool,
        /// The capabilities.
        capabilities: Capabilities,
        /// The greeting's text.
        greeting: String,
    },
    /// A command completed (tagged OK, NO or BAD, RFC 3501 section 7.1).
    Done {
        /// The handle `enqueue` returned.
        id: CommandId,
        /// The tag it was sent with (the last one, for commands sent as several); `None` if
        /// the client refused it before sending (wrong state, missing capability, bad value).
        tag: Option<Tag>,
        /// The collected data, or why it failed.
        result: Result<Data, Error>,
    },
    /// The selected mailbox changed without being asked (RFC 3501 section 7: any response may
    /// come at any time). The model in [`ImapClient::mailbox`](crate::imap::ImapClient::mailbox)
    /// is already updated.
    Mailbox(MailboxUpdate),
    /// IDLE is active: the server sent its `+` (RFC 2177 section 3). It comes again after each
    /// renewal (DONE and a new IDLE, [`Timeouts::idle_renewal`](crate::time::Timeouts)).
    IdleStarted {
        /// The IDLE command's handle.
        id: CommandId,
    },
    /// An `[ALERT]` the user must see (RFC 3501 section 7.1).
    Alert(String),
}

/// A change to the selected mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MailboxUpdate {
    /// `* n EXISTS`: the mailbox now has this many messages (new mail if it grew).
    Exists(u32),
    /// `* n EXPUNGE`: message `seq` is gone; its UID if the client knew it.
    Expunged {
        /// The sequence number it had.
        seq: u32,
        /// Its UID, if known.
        uid: Option<u32>,
    },
    /// `* VANISHED`: these UIDs are gone (RFC 7162 section 3.2.10). `earlier` is true for
    /// messages expunged before this session (QRESYNC resynchronisation).
    Vanished {
        /// The UIDs.
        uids: SequenceSet,
        /// `(EARLIER)`.
        earlier: bool,
    },
    /// A `* VANISHED` response that could not be read: some UIDs went away, which ones is
    /// unknown; the caller must diff its UIDs against the server's (UID SEARCH ALL).
    VanishedUnreadable,
    /// A FETCH not asked for by a command: flags (and modseq) changed.
    FlagsChanged {
        /// Sequence number.
        seq: u32,
        /// UID, if known.
        uid: Option<u32>,
        /// The new flags.
        flags: Vec<Flag>,
        /// The new mod-sequence (CONDSTORE).
        modseq: Option<u64>,
    },
}

/// What a completed command collected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Data {
    /// Nothing beyond OK.
    None,
    /// CAPABILITY.
    Capabilities(Capabilities),
    /// LOGIN or AUTHENTICATE succeeded; the capabilities after authentication.
    Authenticated(Capabilities),
    /// NAMESPACE (RFC 2342 section 5).
    Namespaces(Namespaces),
    /// LIST or LSUB.
    List(ListResult),
    /// STATUS.
    Status(MailboxStatus),
    /// GETQUOTAROOT: the mailbox's quota roots in the order the server named them, each with
    /// the resources its QUOTA response gave (RFC 9208 section 4.3.2).
    Quota(Vec<crate::imap::QuotaRoot>),
    /// SELECT or EXAMINE: the mailbox as selected (boxed: it is by far the largest result).
    Selected(Box<SelectResult>),
    /// FETCH: the messages in the order the server sent them.
    Fetched(Vec<FetchedMessage>),
    /// UID SEARCH.
    Searched(SearchResult),
    /// UID SORT: the UIDs in the order asked for.
    Sorted(Vec<u32>),
    /// UID THREAD: the conversations, in the server's order (RFC 5256 section 4).
    Threaded(Vec<crate::imap::ServerThread>),
    /// UID STORE: the new flags the server reported, and with UNCHANGEDSINCE the UIDs it
    /// refused to change (MODIFIED, RFC 7162 section 3.1.3).
    Stored {
        /// Messages with their new flags.
        messages: Vec<FetchedMessage>,
        /// UIDs not changed because they were modified meanwhile.
        modified: Option<SequenceSet>,
    },
    /// UID COPY or MOVE, with COPYUID if the server has UIDPLUS (RFC 4315 section 3).
    Copied {
        /// Where the copies went.
        copy_uid: Option<CopyUid>,
        /// For MOVE done as COPY + STORE + EXPUNGE: whether the originals were expunged (false
        /// when the server lacks UIDPLUS; they stay flagged \Deleted).
        expunged: bool,
    },
    /// APPEND, with APPENDUID if the server has UIDPLUS (RFC 4315 section 3).
    Appended(Option<AppendUid>),
    /// ENABLE: what the server enabled (RFC 5161 section 3.2).
    Enabled(Vec<String>),
    /// ID: the server's field and value pairs, empty for `* ID NIL` (RFC 2971 section 3.2).
    Id(Vec<(String, Option<String>)>),
}

/// The result of SELECT or EXAMINE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectResult {
    /// The mailbox model right after selection.
    pub mailbox: Mailbox,
    /// UIDs reported as VANISHED (EARLIER) during a QRESYNC select (RFC 7162 section 3.2.5.1).
    pub vanished: Vec<SequenceSet>,
    /// A VANISHED response came that could not be read (iCloud sends such): `vanished` may
    /// miss expunges, so the caller must diff the UIDs (UID SEARCH ALL) against its cache.
    pub vanished_unreadable: bool,
    /// Messages reported as changed during a QRESYNC select.
    pub changed: Vec<FetchedMessage>,
}

/// The result of UID SEARCH.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResult {
    /// The matching UIDs.
    pub uids: Vec<u32>,
    /// The highest mod-sequence of the matches (RFC 7162 section 3.1.5).
    pub highest_modseq: Option<u64>,
}

/// APPENDUID (RFC 4315 section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendUid {
    /// UIDVALIDITY of the target.
    pub uidvalidity: u32,
    /// The new message's UID.
    pub uid: u32,
}

/// COPYUID (RFC 4315 section 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyUid {
    /// UIDVALIDITY of the target.
    pub uidvalidity: u32,
    /// Source UIDs, in order.
    pub source: Vec<u32>,
    /// Target UIDs, in the same order.
    pub destination: Vec<u32>,
}

/// One namespace (RFC 2342 section 5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// The prefix as the server sent it, e.g. `INBOX.` or `""`.
    pub prefix: MailboxName,
    /// The hierarchy delimiter.
    pub delimiter: Option<char>,
}

/// NAMESPACE's three lists (RFC 2342 section 5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namespaces {
    /// The user's own mailboxes.
    pub personal: Vec<Namespace>,
    /// Other users' mailboxes.
    pub other: Vec<Namespace>,
    /// Shared mailboxes.
    pub shared: Vec<Namespace>,
}
