//! The IMAP4rev1 client state machine (RFC 3501 section 3, 5.5, 7).
//!
//! Bytes in ([`Client::enqueue_input`]), events and bytes out ([`Client::next`]). The caller
//! enqueues typed [`Command`]s at any time; the client tags them, sends them when the session
//! allows, pipelines what can be pipelined (RFC 3501 section 5.5), and reports each one's
//! completion with the data it collected. Untagged responses update the selected [`Mailbox`]
//! whenever they come.

use std::collections::{BTreeSet, VecDeque};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use imap_codec::decode::Decoder;
use imap_codec::imap_types::command::CommandBody;
use imap_codec::imap_types::core::Vec1;
use imap_codec::imap_types::flag::FlagPerm;
use imap_codec::imap_types::mailbox::Mailbox as WireMailbox;
use imap_codec::imap_types::response::{
    Capability as WireCapability, Code, Data as WireData, GreetingKind, Response, Status, StatusKind,
};
use imap_codec::imap_types::status::StatusDataItem;
use imap_codec::{GreetingCodec, ResponseCodec};

use crate::engine::{Client, Interrupt, Io};
use crate::imap::capability::Capabilities;
use crate::imap::command::{Command, Flag, StoreAction};
use crate::imap::config::Config;
use crate::imap::encode::{Context, OutFragment, literal_display, take_lines};
use crate::imap::error::Error;
use crate::imap::event::{
    AppendUid, CopyUid, Data, Event, MailboxUpdate, Namespace, Namespaces, SearchResult, SelectResult,
};
use crate::imap::fetch::FetchedMessage;
use crate::imap::framer::{Frame, Framer, Piece};
use crate::imap::list::{ListResult, ListedMailbox, attribute_role, name_role};
use crate::imap::mailbox::Mailbox;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::preview;
use crate::imap::sequence_set::SequenceSet;
use crate::imap::sign_in;
use crate::imap::status;
use crate::imap::status::MailboxStatus;
use crate::imap::status_text;
use crate::imap::tag::{CommandId, Tag, TagGenerator};
use crate::imap::thread::{ServerThread, ThreadAlgorithm, is_untagged_thread, parse_thread_data};
use crate::sasl::Authenticator;
use crate::security::TlsMode;
use crate::time::{Moment, SilenceWatch};
use crate::transcript::{self, Line, REDACTED};

mod complete;
mod helpers;
mod prepare;
mod receive;
mod send;
mod timer;
mod untagged;

use helpers::{
    classify, code_text, copy_uid, is_ignorable_untagged, is_untagged_vanished, name_of, summarise,
    tagged_copy_uid, wire_name,
};

/// The session state (RFC 3501 section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Before LOGIN/AUTHENTICATE (section 3.1).
    NotAuthenticated,
    /// Logged in, no mailbox selected (section 3.2).
    Authenticated,
    /// A mailbox is selected (section 3.3).
    Selected,
    /// LOGOUT was sent or the server said BYE (section 3.4).
    Logout,
}

impl SessionState {
    fn name(self) -> &'static str {
        match self {
            SessionState::NotAuthenticated => "not logged in",
            SessionState::Authenticated => "no mailbox selected",
            SessionState::Selected => "a mailbox is selected",
            SessionState::Logout => "logged out",
        }
    }
}

/// Where the connection set-up is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for the greeting (RFC 3501 section 7.1).
    Greeting,
    /// Asking capabilities and doing STARTTLS before the caller's commands may flow.
    Setup,
    /// The STARTTLS go-ahead came; the driver must upgrade and nothing may be sent or read.
    AwaitingTls,
    /// Commands flow.
    Ready,
}

/// Work waiting to be sent.
#[derive(Debug)]
enum Work {
    User(Command),
    /// CAPABILITY asked by the client itself; `after_auth` reports it as the login result.
    Capability {
        after_auth: bool,
    },
    StartTls,
    /// Step 2 of MOVE without MOVE: mark the copied originals \Deleted.
    MoveStore {
        uids: SequenceSet,
        copy_uid: Option<CopyUid>,
    },
    /// Step 3: expunge exactly those (UIDPLUS).
    MoveExpunge {
        uids: SequenceSet,
        copy_uid: Option<CopyUid>,
    },
}

#[derive(Debug)]
struct Job {
    id: CommandId,
    /// Whether the caller hears about it (internal CAPABILITY and STARTTLS are silent).
    report: bool,
    work: Work,
}

/// What an in-flight command is collecting.
#[derive(Debug)]
enum Collect {
    Nothing,
    Logout,
    Capability { after_auth: bool },
    StartTls,
    Login,
    Authenticate { authenticator: Box<Authenticator>, pending_ir: Option<Vec<u8>> },
    Namespace(Option<Namespaces>),
    List { result: ListResult, lsub: bool },
    Status { status: MailboxStatus },
    Quota(Vec<crate::imap::QuotaRoot>),
    Select { vanished: Vec<SequenceSet>, vanished_unreadable: bool, changed: Vec<FetchedMessage> },
    Fetch { set: SequenceSet, uid: bool, messages: Vec<FetchedMessage> },
    Search(SearchResult),
    Sort(Vec<u32>),
    Thread(Result<Vec<ServerThread>, String>),
    Store { uids: SequenceSet, messages: Vec<FetchedMessage> },
    Copy { then_move: Option<SequenceSet> },
    Move { copy_uid: Option<CopyUid> },
    MoveStore { uids: SequenceSet, copy_uid: Option<CopyUid> },
    MoveExpunge { copy_uid: Option<CopyUid> },
    Append,
    Enable(Vec<String>),
    Id(Vec<(String, Option<String>)>),
    Idle,
    Close,
}

/// Which untagged data a command collects; two commands collecting the same kind are never in
/// flight together, so every response has exactly one owner (RFC 3501 section 5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DataKind {
    None,
    Capability,
    Namespace,
    List,
    Lsub,
    Status,
    Quota,
    Fetch,
    Search,
    Sort,
    Thread,
    Enable,
}

#[derive(Debug)]
struct InFlight {
    tag: Tag,
    id: CommandId,
    report: bool,
    name: &'static str,
    barrier: bool,
    kind: DataKind,
    collect: Collect,
}

#[derive(Debug)]
struct Sending {
    tag: Tag,
    fragments: VecDeque<OutFragment>,
    /// The server's `+` arrived for the literal at the front.
    continued: bool,
}

/// A sans-IO IMAP4rev1 client; see the [module documentation](crate::imap).
#[derive(Debug)]
pub struct ImapClient {
    config: Config,
    framer: Framer,
    tags: TagGenerator,
    next_id: u64,
    phase: Phase,
    state: SessionState,
    encrypted: bool,
    capabilities: Capabilities,
    capabilities_known: bool,
    enabled: BTreeSet<String>,
    queue: VecDeque<Job>,
    in_flight: Vec<InFlight>,
    sending: Option<Sending>,
    output: Vec<u8>,
    events: VecDeque<Event>,
    transcript: Vec<Line>,
    mailbox: Option<Mailbox>,
    greeting: String,
    fatal: Option<Error>,
    idle_started: bool,
    idle_done_requested: bool,
    idle_done_sent: bool,
    /// Why the client cancelled an AUTHENTICATE, reported instead of the server's BAD.
    cancelled_auth: Option<Error>,
    /// The client's transcript line in progress (a literal waits for the rest of its line).
    client_partial: Vec<u8>,
    /// The time as the driver last told it, and since when the server has been silent.
    watch: SilenceWatch,
    /// When the running IDLE was confirmed with `+` (for its renewal, RFC 2177 section 3).
    idle_since: Option<Moment>,
    /// The running IDLE is being ended only to be started again.
    idle_renewing: bool,
}

impl ImapClient {
    /// A client for a fresh connection; the first thing it expects is the server's greeting.
    pub fn new(config: Config) -> Self {
        Self {
            framer: Framer::new(config.limits),
            tags: TagGenerator::new(&config.tag_prefix),
            encrypted: config.tls.encrypted_from_start(),
            config,
            next_id: 0,
            phase: Phase::Greeting,
            state: SessionState::NotAuthenticated,
            capabilities: Capabilities::default(),
            capabilities_known: false,
            enabled: BTreeSet::new(),
            queue: VecDeque::new(),
            in_flight: Vec::new(),
            sending: None,
            output: Vec::new(),
            events: VecDeque::new(),
            transcript: Vec::new(),
            mailbox: None,
            greeting: String::new(),
            fatal: None,
            idle_started: false,
            idle_done_requested: false,
            idle_done_sent: false,
            cancelled_auth: None,
            client_partial: Vec::new(),
            watch: SilenceWatch::default(),
            idle_since: None,
            idle_renewing: false,
        }
    }

    /// Queues a command. It is sent as soon as the session allows (after the set-up, after the
    /// commands it must not overlap with); its completion comes as [`Event::Done`] with the
    /// returned id. Enqueuing during IDLE ends the IDLE first.
    pub fn enqueue(&mut self, command: Command) -> CommandId {
        let id = self.new_id();
        if self.in_flight.iter().any(|f| matches!(f.collect, Collect::Idle)) {
            self.idle_done_requested = true;
        }
        self.queue.push_back(Job { id, report: true, work: Work::User(command) });
        id
    }

    /// Ends a running IDLE with DONE (RFC 2177 section 3). Harmless if none is running.
    pub fn idle_done(&mut self) {
        if self.in_flight.iter().any(|f| matches!(f.collect, Collect::Idle)) {
            self.idle_done_requested = true;
        }
    }

    /// The capabilities as last announced.
    pub fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    /// The selected mailbox, if any.
    pub fn mailbox(&self) -> Option<&Mailbox> {
        self.mailbox.as_ref()
    }

    /// The session state.
    pub fn state(&self) -> SessionState {
        self.state
    }

    /// Whether the connection is under TLS (implicit or after STARTTLS).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Extensions turned on with ENABLE (RFC 5161), upper-case.
    pub fn enabled(&self) -> impl Iterator<Item = &str> {
        self.enabled.iter().map(String::as_str)
    }

    /// Whether UTF8=ACCEPT is enabled (RFC 6855 section 3): mailbox names are UTF-8 on the wire
    /// from then on, in both directions. Pass it to [`MailboxName::encode`] for a typed name.
    pub fn utf8_enabled(&self) -> bool {
        self.enabled.contains("UTF8=ACCEPT")
    }

    fn new_id(&mut self) -> CommandId {
        self.next_id += 1;
        CommandId(self.next_id)
    }

    fn fail(&mut self, error: Error) {
        if self.fatal.is_none() {
            self.fatal = Some(error);
        }
    }

    fn context(&self) -> Context<'_> {
        Context {
            capabilities: &self.capabilities,
            transcript_literal_limit: self.config.transcript_literal_limit,
            utf8: self.utf8_enabled(),
        }
    }
}

impl Client for ImapClient {
    type Event = Event;
    type Error = Error;

    fn enqueue_input(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.phase == Phase::AwaitingTls {
            // Bytes between the STARTTLS go-ahead and the handshake were sent in the clear.
            self.fail(Error::StartTlsInjection);
            return;
        }
        self.watch.activity();
        self.framer.enqueue(bytes);
    }

    fn next(&mut self) -> Result<Event, Interrupt<Error>> {
        loop {
            if let Some(error) = &self.fatal {
                return Err(Interrupt::Error(error.clone()));
            }
            if let Some(event) = self.events.pop_front() {
                return Ok(event);
            }
            if !self.output.is_empty() {
                self.watch.activity();
                return Err(Interrupt::Io(Io::Output(std::mem::take(&mut self.output))));
            }
            if self.phase == Phase::AwaitingTls {
                return Err(Interrupt::Io(Io::StartTls));
            }
            if self.pump() {
                continue;
            }
            match self.framer.next() {
                Ok(Some(frame)) => self.handle_frame(frame),
                Ok(None) => return Err(Interrupt::Io(Io::NeedMoreInput)),
                Err(error) => self.fail(error),
            }
        }
    }

    fn tls_established(&mut self) {
        if self.phase != Phase::AwaitingTls {
            return;
        }
        self.encrypted = true;
        self.framer.clear();
        // RFC 3501 section 6.2.1: capabilities from before TLS must be forgotten.
        self.capabilities = Capabilities::default();
        self.capabilities_known = false;
        self.phase = Phase::Setup;
        self.advance_setup();
    }

    fn drain_transcript(&mut self) -> Vec<Line> {
        std::mem::take(&mut self.transcript)
    }

    fn handle_timeout(&mut self, now: Moment) {
        self.tick(now);
    }

    fn next_deadline(&self) -> Option<Moment> {
        self.deadline()
    }
}
