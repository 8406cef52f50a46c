//! The IMAP4rev1 client (RFC 3501) with the extensions real clients rely on: STARTTLS, SASL-IR
//! (RFC 4959), LITERAL+ (RFC 7888), NAMESPACE (RFC 2342), SPECIAL-USE (RFC 6154), UIDPLUS
//! (RFC 4315), MOVE (RFC 6851), IDLE (RFC 2177), ENABLE (RFC 5161), CONDSTORE and QRESYNC
//! (RFC 7162).
//!
//! imap-codec does the grammar: it encodes commands into fragments (so a synchronising literal
//! waits for the server's `+`) and decodes greetings and responses. This module is the client:
//! framing with limits, tags, pipelining, the session and mailbox state, typed results, the
//! transcript with secrets redacted.
//!
//! ```
//! use posthorn_proto::engine::{Client, Interrupt, Io};
//! use posthorn_proto::imap::{Command, Config, Event, ImapClient};
//! use posthorn_proto::security::TlsMode;
//!
//! let mut client = ImapClient::new(Config::new(TlsMode::Implicit));
//! let login = client.enqueue(Command::Login { username: "eva".into(), password: "ahd635d".into() });
//! client.enqueue_input(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n");
//! assert!(matches!(client.next(), Ok(Event::Ready { .. })));
//! assert_eq!(client.next(), Err(Interrupt::Io(Io::Output(b"a001 LOGIN eva ahd635d\r\n".to_vec()))));
//! client.enqueue_input(b"a001 OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n");
//! assert!(matches!(client.next(), Ok(Event::Done { id, result: Ok(_), .. }) if id == login));
//! ```

mod body_structure;
mod capability;
mod client;
mod command;
mod config;
mod encode;
mod envelope;
mod error;
mod event;
mod fetch;
mod framer;
mod list;
mod mailbox;
pub mod mailbox_name;
mod preview;
mod quota;
pub mod search_query;
mod sequence_set;
mod sign_in;
mod sort;
mod status;
mod status_text;
pub mod sync;
mod tag;
mod thread;

pub use body_structure::BodyPart;
pub use capability::Capabilities;
pub use client::{ImapClient, SessionState};
pub use command::{
    Command, Date, FetchItems, Flag, Qresync, SearchKey, Section, SectionRequest, StoreAction, Timestamp,
};
pub use config::{Config, Limits};
pub use envelope::{Address, Envelope, decode_words};
pub use error::Error;
pub use event::{
    AppendUid, CopyUid, Data, Event, MailboxUpdate, Namespace, Namespaces, SearchResult, SelectResult,
};
pub use fetch::{BodySection, FetchedMessage};
pub use list::{ListResult, ListedMailbox, SpecialUse};
pub use mailbox::{Mailbox, MessageState};
pub use mailbox_name::{LeafProblem, MailboxName, check_leaf, split_leaf};
pub use quota::{QuotaResource, QuotaRoot, fullest_storage};
pub use sequence_set::{SequenceSet, SetRange};
pub use sort::{SortCriterion, SortKey};
pub use status::MailboxStatus;
pub use tag::{CommandId, Tag};
pub use thread::{ServerThread, ThreadAlgorithm, Threaded, parse_thread_data};
