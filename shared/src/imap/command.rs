//! The commands a caller can enqueue (RFC 3501 section 6 and extensions), as owned values.
//!
//! These are the caller's words; [`super::encode`] turns them into imap-codec commands, which
//! cannot represent invalid syntax.

use crate::imap::list::SpecialUse;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::sequence_set::SequenceSet;
use crate::imap::sort::SortCriterion;
use crate::imap::thread::ThreadAlgorithm;
use crate::sasl::{Authenticator, Credentials, Options};
use crate::secret::Secret;

mod fetch_items;
mod flag;
mod search_key;

pub use fetch_items::{FetchItems, Section, SectionRequest};
pub use flag::{Flag, StoreAction};
pub use search_key::{Date, SearchKey};

/// A command for [`ImapClient::enqueue`](crate::imap::ImapClient::enqueue).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Command {
    /// CAPABILITY (RFC 3501 section 6.1.1).
    Capability,
    /// NOOP (RFC 3501 section 6.1.2): also the polite way to ask for mailbox updates.
    Noop,
    /// LOGOUT (RFC 3501 section 6.1.3).
    Logout,
    /// LOGIN (RFC 3501 section 6.2.3). Refused by the client over an unencrypted connection
    /// unless the account's [`Policy`](crate::sasl::Policy) allows plaintext passwords, and
    /// when the server says LOGINDISABLED.
    Login {
        /// User name.
        username: String,
        /// Password; sent quoted or as a literal, never interpolated, redacted in the transcript.
        password: Secret,
    },
    /// AUTHENTICATE (RFC 3501 section 6.2.2) with SASL-IR (RFC 4959) when offered. Pick the
    /// mechanism with [`Policy::choose`](crate::sasl::Policy::choose) from
    /// [`Capabilities::auth_mechanisms`](crate::imap::Capabilities::auth_mechanisms); the
    /// client checks the account's policy again before sending.
    Authenticate(Box<Authenticator>),
    /// Signs in the best way the server allows, decided when the capabilities are known: the
    /// account's pinned mechanism ([`Policy::require`](crate::sasl::Policy)) or the strongest
    /// offered one (SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN for a password; OAUTHBEARER,
    /// XOAUTH2 for a token) with AUTHENTICATE and SASL-IR where offered (RFC 3501 section 6.2.2,
    /// RFC 4959); LOGIN (section 6.2.3) only when no mechanism fits and the server does not say
    /// LOGINDISABLED. Completes as the chosen command does.
    SignIn {
        /// The password or token.
        credentials: Credentials,
        /// The SCRAM nonce (from the driver's CSPRNG) and the OAUTHBEARER host and port.
        options: Options,
    },
    /// NAMESPACE (RFC 2342).
    Namespace,
    /// LIST (RFC 3501 section 6.3.8); SPECIAL-USE attributes (RFC 6154) are read from the replies.
    List {
        /// Reference name, usually `""`.
        reference: String,
        /// Mailbox name with wildcards, e.g. `"*"`.
        pattern: String,
    },
    /// LSUB (RFC 3501 section 6.3.9).
    Lsub {
        /// Reference name, usually `""`.
        reference: String,
        /// Mailbox name with wildcards.
        pattern: String,
    },
    /// STATUS (RFC 3501 section 6.3.10) for MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN and,
    /// with CONDSTORE, HIGHESTMODSEQ.
    Status {
        /// Mailbox name.
        mailbox: MailboxName,
    },
    /// GETQUOTAROOT (RFC 9208 section 4.3.2): the quota roots of a mailbox and each root's
    /// usage and limits; completes with [`Data::Quota`](crate::imap::Data::Quota).
    GetQuotaRoot {
        /// Mailbox name.
        mailbox: MailboxName,
    },
    /// SELECT (RFC 3501 section 6.3.1), with QRESYNC parameters (RFC 7162 section 3.2.5).
    Select {
        /// Mailbox name.
        mailbox: MailboxName,
        /// What the client remembers, to resynchronise quickly. Needs QRESYNC enabled.
        qresync: Option<Qresync>,
    },
    /// EXAMINE (RFC 3501 section 6.3.2): SELECT read-only.
    Examine {
        /// Mailbox name.
        mailbox: MailboxName,
        /// As for SELECT.
        qresync: Option<Qresync>,
    },
    /// CREATE (RFC 3501 section 6.3.3).
    Create {
        /// Mailbox name.
        mailbox: MailboxName,
    },
    /// CREATE with a special use (RFC 6154 section 5.2, `CREATE name (USE (\\Sent))`), only where
    /// the server offers CREATE-SPECIAL-USE (RFC 6154 section 3); elsewhere a plain CREATE makes
    /// the folder, and it is found by its name.
    CreateSpecialUse {
        /// Mailbox name.
        mailbox: MailboxName,
        /// The role; not [`SpecialUse::Inbox`], which is no attribute.
        role: SpecialUse,
    },
    /// DELETE (RFC 3501 section 6.3.4).
    Delete {
        /// Mailbox name.
        mailbox: MailboxName,
    },
    /// RENAME (RFC 3501 section 6.3.5).
    Rename {
        /// Existing name.
        from: MailboxName,
        /// New name.
        to: MailboxName,
    },
    /// SUBSCRIBE (RFC 3501 section 6.3.6).
    Subscribe {
        /// Mailbox name.
        mailbox: MailboxName,
    },
    /// UNSUBSCRIBE (RFC 3501 section 6.3.7).
    Unsubscribe {
        /// Mailbox name.
        mailbox: MailboxName,
    },
    /// APPEND (RFC 3501 section 6.3.11): the message goes as a literal, after the server's `+`
    /// unless LITERAL+ allows otherwise (RFC 7888). With UIDPLUS the new UID comes back.
    Append {
        /// Target mailbox.
        mailbox: MailboxName,
        /// Flags to set, e.g. `\Seen` or `\Draft`.
        flags: Vec<Flag>,
        /// Internal date to set, if not now.
        internal_date: Option<Timestamp>,
        /// The message (RFC 5322), CRLF line endings.
        message: Vec<u8>,
    },
    /// FETCH or UID FETCH (RFC 3501 section 6.4.5, 6.4.8), with CHANGEDSINCE (RFC 7162
    /// section 3.1.4).
    Fetch {
        /// Which messages.
        set: SequenceSet,
        /// Whether `set` holds UIDs (UID FETCH) or sequence numbers.
        uid: bool,
        /// What to fetch.
        items: FetchItems,
        /// Only messages whose mod-sequence is higher (needs CONDSTORE).
        changed_since: Option<u64>,
        /// Also report expunged UIDs as VANISHED (EARLIER) (needs QRESYNC enabled, UID FETCH and
        /// `changed_since`; RFC 7162 section 3.2.6).
        vanished: bool,
    },
    /// UID SEARCH (RFC 3501 section 6.4.4, 6.4.8); CHARSET UTF-8 when a value is not ASCII.
    Search {
        /// The criteria, joined by AND.
        criteria: Vec<SearchKey>,
    },
    /// UID SORT (RFC 5256 section 3; needs SORT): the UIDs matching `criteria` (joined by AND)
    /// in the order `sort` says. The charset is always UTF-8, which every SORT server supports.
    Sort {
        /// The sort criteria, first the most significant.
        sort: Vec<SortCriterion>,
        /// The search criteria, joined by AND (ALL when empty).
        criteria: Vec<SearchKey>,
    },
    /// UID THREAD (RFC 5256 section 4; needs `THREAD=` the algorithm): the messages matching
    /// `criteria` (joined by AND, ALL when empty) grouped into conversations by the server.
    /// The charset is always UTF-8, which every THREAD server supports.
    Thread {
        /// How the server groups them.
        algorithm: ThreadAlgorithm,
        /// The search criteria.
        criteria: Vec<SearchKey>,
    },
    /// UID STORE (RFC 3501 section 6.4.6), with UNCHANGEDSINCE (RFC 7162 section 3.1.3).
    Store {
        /// UIDs.
        uids: SequenceSet,
        /// Add, remove or replace.
        action: StoreAction,
        /// The flags.
        flags: Vec<Flag>,
        /// Only if unchanged since this mod-sequence (needs CONDSTORE).
        unchanged_since: Option<u64>,
    },
    /// UID COPY (RFC 3501 section 6.4.7); COPYUID with UIDPLUS (RFC 4315).
    Copy {
        /// UIDs.
        uids: SequenceSet,
        /// Target mailbox.
        to: MailboxName,
    },
    /// UID MOVE (RFC 6851), or when the server lacks MOVE: UID COPY, UID STORE +FLAGS.SILENT
    /// (\Deleted), and UID EXPUNGE if UIDPLUS is there (RFC 6851 section 3.3). Without UIDPLUS
    /// the originals stay flagged \Deleted rather than expunging other deleted messages too.
    Move {
        /// UIDs.
        uids: SequenceSet,
        /// Target mailbox.
        to: MailboxName,
    },
    /// EXPUNGE (RFC 3501 section 6.4.3).
    Expunge,
    /// UID EXPUNGE (RFC 4315 section 2.1): only these UIDs.
    UidExpunge {
        /// UIDs.
        uids: SequenceSet,
    },
    /// CLOSE (RFC 3501 section 6.4.2).
    Close,
    /// UNSELECT (RFC 3691).
    Unselect,
    /// IDLE (RFC 2177). It runs until [`ImapClient::idle_done`](crate::imap::ImapClient::idle_done)
    /// or until another command is enqueued (the client then sends DONE first).
    Idle,
    /// ENABLE (RFC 5161), e.g. `CONDSTORE`, `QRESYNC`.
    Enable {
        /// Capability names.
        capabilities: Vec<String>,
    },
    /// ID (RFC 2971): tells the server who the client is and learns who the server is. Some
    /// providers expect it before they serve mail (shared/tests/quirks_yahoo.rs). No parameters
    /// sends `ID NIL`.
    Id {
        /// Field and value pairs, e.g. `("name", "Posthorn")` (RFC 2971 section 3.3).
        parameters: Vec<(String, String)>,
    },
}

impl Command {
    /// The command's name as on the wire, for errors and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Capability => "CAPABILITY",
            Command::Noop => "NOOP",
            Command::Logout => "LOGOUT",
            Command::Login { .. } => "LOGIN",
            Command::Authenticate(_) => "AUTHENTICATE",
            Command::SignIn { .. } => "AUTHENTICATE",
            Command::Namespace => "NAMESPACE",
            Command::List { .. } => "LIST",
            Command::Lsub { .. } => "LSUB",
            Command::Status { .. } => "STATUS",
            Command::GetQuotaRoot { .. } => "GETQUOTAROOT",
            Command::Select { .. } => "SELECT",
            Command::Examine { .. } => "EXAMINE",
            Command::Create { .. } | Command::CreateSpecialUse { .. } => "CREATE",
            Command::Delete { .. } => "DELETE",
            Command::Rename { .. } => "RENAME",
            Command::Subscribe { .. } => "SUBSCRIBE",
            Command::Unsubscribe { .. } => "UNSUBSCRIBE",
            Command::Append { .. } => "APPEND",
            Command::Fetch { .. } => "FETCH",
            Command::Search { .. } => "SEARCH",
            Command::Sort { .. } => "SORT",
            Command::Thread { .. } => "THREAD",
            Command::Store { .. } => "STORE",
            Command::Copy { .. } => "COPY",
            Command::Move { .. } => "MOVE",
            Command::Expunge => "EXPUNGE",
            Command::UidExpunge { .. } => "UID EXPUNGE",
            Command::Close => "CLOSE",
            Command::Unselect => "UNSELECT",
            Command::Idle => "IDLE",
            Command::Enable { .. } => "ENABLE",
            Command::Id { .. } => "ID",
        }
    }
}

/// What SELECT ... (QRESYNC (...)) tells the server the client already knows (RFC 7162
/// section 3.2.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qresync {
    /// The UIDVALIDITY the client's cache belongs to.
    pub uidvalidity: u32,
    /// The HIGHESTMODSEQ the cache is current to.
    pub modseq: u64,
    /// The UIDs the client knows, if it wants to limit the VANISHED report.
    pub known_uids: Option<SequenceSet>,
}

/// A point in time with the sender's UTC offset, as in INTERNALDATE (RFC 3501 section 2.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Seconds since the Unix epoch.
    pub unix: i64,
    /// Offset from UTC in minutes.
    pub offset_minutes: i32,
}
