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
use crate::imap::sequence_set::SequenceSet;
use crate::imap::sign_in;
use crate::imap::status::MailboxStatus;
use crate::imap::tag::{CommandId, Tag, TagGenerator};
use crate::sasl::Authenticator;
use crate::security::TlsMode;
use crate::transcript::{self, Line, REDACTED};

mod prepare;
mod untagged;

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
    Select { vanished: Vec<SequenceSet>, changed: Vec<FetchedMessage> },
    Fetch { set: SequenceSet, uid: bool, messages: Vec<FetchedMessage> },
    Search(SearchResult),
    Store { uids: SequenceSet, messages: Vec<FetchedMessage> },
    Copy { then_move: Option<SequenceSet> },
    Move { copy_uid: Option<CopyUid> },
    MoveStore { uids: SequenceSet, copy_uid: Option<CopyUid> },
    MoveExpunge { copy_uid: Option<CopyUid> },
    Append,
    Enable(Vec<String>),
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
    Fetch,
    Search,
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

    // ----- sending -----------------------------------------------------------------------------

    /// Sends what may be sent now. Returns whether anything happened.
    fn pump(&mut self) -> bool {
        let before = (self.output.len(), self.events.len());
        loop {
            self.flush_sending();
            if self.sending.is_some() || self.fatal.is_some() {
                break;
            }
            if self.idle_running() {
                // A command waiting behind IDLE ends it, whoever enqueued it.
                let wanted = self.idle_done_requested || !self.queue.is_empty();
                if self.idle_started && wanted && !self.idle_done_sent {
                    // RFC 2177 section 3: DONE is a bare line, no tag.
                    self.send_raw(b"DONE\r\n", b"DONE\r\n");
                    self.idle_done_sent = true;
                }
                break;
            }
            let Some(job) = self.queue.front() else { break };
            let internal = !matches!(job.work, Work::User(_));
            let allowed = match self.phase {
                Phase::Ready => true,
                Phase::Setup => internal,
                Phase::Greeting | Phase::AwaitingTls => false,
            };
            if !allowed || self.state == SessionState::Logout {
                if self.state == SessionState::Logout && self.phase == Phase::Ready && !internal {
                    let job = self.queue.pop_front().expect("front exists");
                    self.report(
                        job.id,
                        None,
                        Err(Error::WrongState {
                            command: name_of(&job.work),
                            state: SessionState::Logout.name(),
                            hint: "connect again",
                        }),
                    );
                    continue;
                }
                break;
            }
            let (barrier, kind) = classify(&job.work);
            if self.in_flight.iter().any(|f| f.barrier) {
                break;
            }
            if barrier && !self.in_flight.is_empty() {
                break;
            }
            if kind != DataKind::None
                && kind != DataKind::Status
                && self.in_flight.iter().any(|f| f.kind == kind)
            {
                break;
            }
            let job = self.queue.pop_front().expect("front exists");
            self.start(job, barrier, kind);
        }
        (self.output.len(), self.events.len()) != before
    }

    fn idle_running(&self) -> bool {
        self.in_flight.iter().any(|f| matches!(f.collect, Collect::Idle))
    }

    fn flush_sending(&mut self) {
        while let Some(sending) = &mut self.sending {
            let Some(front) = sending.fragments.front() else {
                self.sending = None;
                break;
            };
            if front.wait_for_continuation && !sending.continued {
                break;
            }
            sending.continued = false;
            let fragment = sending.fragments.pop_front().expect("front exists");
            self.send_raw(&fragment.bytes, &fragment.display);
        }
    }

    /// Queues bytes for the wire and their transcript form.
    fn send_raw(&mut self, bytes: &[u8], display: &[u8]) {
        self.output.extend_from_slice(bytes);
        let lines = take_lines(&mut self.client_partial, display);
        self.transcript.extend(lines.into_iter().map(Line::client));
    }

    fn report(&mut self, id: CommandId, tag: Option<Tag>, result: Result<Data, Error>) {
        self.events.push_back(Event::Done { id, tag, result });
    }

    /// Checks a job against state and capabilities, encodes it and starts sending it.
    fn start(&mut self, job: Job, barrier: bool, kind: DataKind) {
        let Job { id, report, work } = job;
        if let Err(error) = self.check(&work) {
            return self.report(id, None, Err(error));
        }
        // SignIn becomes AUTHENTICATE or LOGIN now that the capabilities are known, and is checked
        // again as what it became.
        let work = match work {
            Work::User(Command::SignIn { credentials, options }) => {
                let (caps, policy) = (&self.capabilities, &self.config.policy);
                match sign_in::resolve(&credentials, &options, caps, policy, self.encrypted) {
                    Ok(command) => Work::User(command),
                    Err(error) => return self.report(id, None, Err(error)),
                }
            }
            work => work,
        };
        let name = name_of(&work);
        if let Err(error) = self.check(&work) {
            self.report(id, None, Err(error));
            return;
        }
        let tag = self.tags.next_tag();
        match self.prepare(&tag, work) {
            Ok((fragments, collect)) => {
                if matches!(collect, Collect::Idle) {
                    self.idle_started = false;
                    self.idle_done_sent = false;
                }
                self.in_flight.push(InFlight { tag: tag.clone(), id, report, name, barrier, kind, collect });
                self.sending = Some(Sending { tag, fragments: fragments.into(), continued: false });
                self.flush_sending();
            }
            Err(error) => self.report(id, None, Err(error)),
        }
    }

    // ----- receiving ---------------------------------------------------------------------------

    fn record_frame(&mut self, frame: &Frame) {
        let mut display = Vec::new();
        for piece in &frame.pieces {
            let bytes = frame.piece(piece);
            match piece {
                Piece::Line(_) => display.extend_from_slice(bytes),
                Piece::Literal(_) => {
                    display.extend(literal_display(bytes, self.config.transcript_literal_limit))
                }
            }
        }
        let mut partial = Vec::new();
        let mut lines = take_lines(&mut partial, &display);
        if !partial.is_empty() {
            lines.push(transcript::printable(&partial));
        }
        self.transcript.extend(lines.into_iter().map(Line::server));
    }

    fn handle_frame(&mut self, frame: Frame) {
        self.record_frame(&frame);
        if self.phase == Phase::Greeting {
            self.handle_greeting(&frame.bytes);
            return;
        }
        if frame.bytes.starts_with(b"+") {
            self.handle_continuation(&frame.bytes);
            return;
        }
        let response = match ResponseCodec::default().decode(&frame.bytes) {
            Ok(([], response)) => response,
            _ => {
                if is_ignorable_untagged(&frame.bytes) {
                    // An extension response this client never asked for (RFC 3501 section
                    // 7: a client must cope with unknown untagged data): skip it, it is framed.
                    return;
                }
                self.fail(Error::Malformed { summary: summarise(&frame.bytes) });
                return;
            }
        };
        match response {
            Response::CommandContinuationRequest(_) => self.handle_continuation(&frame.bytes),
            Response::Data(data) => self.handle_data(data),
            Response::Status(Status::Untagged(body)) => {
                let text = body.text.to_string();
                self.handle_code(body.code.as_ref(), &text, true);
            }
            Response::Status(Status::Bye(bye)) => {
                let text = bye.text.to_string();
                if self.in_flight.iter().any(|f| matches!(f.collect, Collect::Logout)) {
                    // The expected goodbye to LOGOUT (RFC 3501 section 6.1.3).
                    self.state = SessionState::Logout;
                } else {
                    self.state = SessionState::Logout;
                    self.fail(Error::Bye { text, code: bye.code.as_ref().map(code_text) });
                }
            }
            Response::Status(Status::Tagged(tagged)) => {
                let tag = Tag(tagged.tag.inner().to_owned());
                let text = tagged.body.text.to_string();
                let code = tagged.body.code;
                self.handle_code(code.as_ref(), &text, false);
                self.complete(tag, tagged.body.kind, code.as_ref(), text);
            }
        }
    }

    fn handle_greeting(&mut self, bytes: &[u8]) {
        let greeting = match GreetingCodec::default().decode(bytes) {
            Ok(([], greeting)) => greeting,
            _ => {
                self.fail(Error::Malformed { summary: summarise(bytes) });
                return;
            }
        };
        self.greeting = greeting.text.to_string();
        match greeting.kind {
            GreetingKind::Bye => {
                self.state = SessionState::Logout;
                self.fail(Error::Bye {
                    text: self.greeting.clone(),
                    code: greeting.code.as_ref().map(code_text),
                });
                return;
            }
            GreetingKind::PreAuth => self.state = SessionState::Authenticated,
            GreetingKind::Ok => self.state = SessionState::NotAuthenticated,
        }
        let text = self.greeting.clone();
        self.handle_code(greeting.code.as_ref(), &text, true);
        self.phase = Phase::Setup;
        self.advance_setup();
    }

    /// Capabilities, TLS, then ready (RFC 3501 section 6.2.1, RFC 8314 section 3.2).
    fn advance_setup(&mut self) {
        if self.phase != Phase::Setup || !self.in_flight.is_empty() {
            return;
        }
        if self.queue.front().is_some_and(|j| !matches!(j.work, Work::User(_))) {
            return;
        }
        if !self.capabilities_known {
            let id = self.new_id();
            self.queue.push_front(Job { id, report: false, work: Work::Capability { after_auth: false } });
            return;
        }
        if self.config.tls == TlsMode::StartTls && !self.encrypted {
            // No STARTTLS, or a session already authenticated in the clear (PREAUTH): going on
            // would be exactly the downgrade an attacker wants.
            if self.state != SessionState::NotAuthenticated || !self.capabilities.starttls() {
                self.fail(Error::TlsRequired);
                return;
            }
            let id = self.new_id();
            self.queue.push_front(Job { id, report: false, work: Work::StartTls });
            return;
        }
        self.phase = Phase::Ready;
        self.events.push_back(Event::Ready {
            authenticated: self.state != SessionState::NotAuthenticated,
            capabilities: self.capabilities.clone(),
            greeting: self.greeting.clone(),
        });
    }

    /// A `+` line (RFC 3501 section 7.5): for a literal, an AUTHENTICATE challenge, or IDLE.
    fn handle_continuation(&mut self, line: &[u8]) {
        if let Some(sending) = &mut self.sending
            && sending.fragments.front().is_some_and(|f| f.wait_for_continuation)
        {
            sending.continued = true;
            return;
        }
        let Some(index) = self
            .in_flight
            .iter()
            .position(|f| matches!(f.collect, Collect::Authenticate { .. } | Collect::Idle))
        else {
            // Nobody is waiting for it. Ignored rather than fatal: it changes nothing.
            return;
        };
        if matches!(self.in_flight[index].collect, Collect::Idle) {
            if !self.idle_started {
                self.idle_started = true;
                let id = self.in_flight[index].id;
                self.events.push_back(Event::IdleStarted { id });
            }
            return;
        }
        let payload = line.strip_prefix(b"+").unwrap_or(line);
        let payload = payload.strip_prefix(b" ").unwrap_or(payload);
        let payload =
            payload.strip_suffix(b"\r\n").or_else(|| payload.strip_suffix(b"\n")).unwrap_or(payload);
        let Collect::Authenticate { authenticator, pending_ir } = &mut self.in_flight[index].collect else {
            return;
        };
        let response = if let Some(ir) = pending_ir.take() {
            // Without SASL-IR the initial response answers the server's empty first challenge
            // (RFC 4959 section 3, RFC 3501 section 6.2.2).
            Ok(ir)
        } else {
            match STANDARD.decode(payload) {
                Ok(challenge) => authenticator.step(&challenge).map_err(Error::Sasl),
                Err(_) => Err(Error::Malformed { summary: summarise(line) }),
            }
        };
        match response {
            Ok(bytes) => {
                let mut out = STANDARD.encode(bytes).into_bytes();
                out.extend_from_slice(b"\r\n");
                self.send_raw(&out, format!("{REDACTED}\r\n").as_bytes());
            }
            Err(error) => {
                // RFC 3501 section 6.2.2: "*" cancels; the server then answers BAD. The real
                // reason is kept for the Done event.
                self.send_raw(b"*\r\n", b"*\r\n");
                self.in_flight[index].collect = Collect::Nothing;
                self.cancelled_auth = Some(error);
            }
        }
    }

    /// A tagged response: the command with this tag is complete (RFC 3501 section 7.1).
    fn complete(&mut self, tag: Tag, kind: StatusKind, code: Option<&Code<'_>>, text: String) {
        let Some(index) = self.in_flight.iter().position(|f| f.tag == tag) else {
            // A tag we never sent: nothing to complete.
            return;
        };
        let flight = self.in_flight.remove(index);
        if self.sending.as_ref().is_some_and(|s| s.tag == tag) {
            // The server answered before taking the literal (e.g. NO [TOOBIG]): the rest of the
            // command is not sent.
            self.sending = None;
        }
        if matches!(flight.collect, Collect::Idle) {
            self.idle_started = false;
            self.idle_done_requested = false;
            self.idle_done_sent = false;
        }
        let InFlight { id, report, name, collect, .. } = flight;
        let result = if kind == StatusKind::Ok {
            self.succeeded(id, report, collect, code)
        } else {
            self.failed(collect, kind, name, code, text)
        };
        if let Some(result) = result {
            if report {
                self.report(id, Some(tag), result);
            } else if let Err(error) = result {
                // An internal command failing (CAPABILITY, STARTTLS) ends the set-up.
                self.fail(error);
            }
        }
        self.advance_setup();
    }

    fn failed(
        &mut self,
        collect: Collect,
        kind: StatusKind,
        name: &'static str,
        code: Option<&Code<'_>>,
        text: String,
    ) -> Option<Result<Data, Error>> {
        if let Some(error) = self.cancelled_auth.take() {
            return Some(Err(error));
        }
        match collect {
            Collect::Select { .. } => {
                // RFC 3501 section 6.3.1: a failed SELECT leaves no mailbox selected.
                self.mailbox = None;
                self.state = SessionState::Authenticated;
            }
            Collect::StartTls => {
                // The server refused STARTTLS: with TLS required, that is the end.
                self.fail(Error::TlsRequired);
                return None;
            }
            _ => {}
        }
        let command = name.to_owned();
        let code = code.map(code_text);
        Some(Err(if kind == StatusKind::No {
            Error::No { command, text, code }
        } else {
            Error::Bad { command, text, code }
        }))
    }

    /// What a successful command yields; `None` if the command continues as another one.
    fn succeeded(
        &mut self,
        id: CommandId,
        report: bool,
        collect: Collect,
        code: Option<&Code<'_>>,
    ) -> Option<Result<Data, Error>> {
        let data = match collect {
            Collect::Nothing | Collect::Idle => Data::None,
            Collect::Logout => {
                self.state = SessionState::Logout;
                Data::None
            }
            Collect::Close => {
                self.mailbox = None;
                self.state = SessionState::Authenticated;
                Data::None
            }
            Collect::Capability { after_auth: false } => Data::Capabilities(self.capabilities.clone()),
            Collect::Capability { after_auth: true } => Data::Authenticated(self.capabilities.clone()),
            Collect::StartTls => {
                if self.framer.has_buffered() {
                    // RFC 2595 section 3.1 / RFC 3501 section 6.2.1: anything after the
                    // go-ahead was sent before the handshake, so an attacker may have put it
                    // there.
                    self.fail(Error::StartTlsInjection);
                    return None;
                }
                self.phase = Phase::AwaitingTls;
                return None;
            }
            Collect::Login => return self.authenticated(id, report, code),
            Collect::Authenticate { mut authenticator, .. } => {
                if let Err(error) = authenticator.finish(None) {
                    // SCRAM: the server did not prove it knows the password. It may be an
                    // impostor; do not go on with it.
                    self.fail(Error::Sasl(error.clone()));
                    return Some(Err(Error::Sasl(error)));
                }
                return self.authenticated(id, report, code);
            }
            Collect::Namespace(namespaces) => Data::Namespaces(namespaces.unwrap_or_default()),
            Collect::List { result, .. } => Data::List(result),
            Collect::Status { status, .. } => Data::Status(status),
            Collect::Select { vanished, changed } => {
                if let Some(m) = &mut self.mailbox
                    && matches!(code, Some(Code::ReadOnly))
                {
                    m.read_only = true;
                }
                self.state = SessionState::Selected;
                let mailbox = self.mailbox.clone().unwrap_or_default();
                Data::Selected(Box::new(SelectResult { mailbox, vanished, changed }))
            }
            Collect::Fetch { messages, .. } => Data::Fetched(messages),
            Collect::Search(result) => Data::Searched(result),
            Collect::Store { messages, .. } => Data::Stored {
                messages,
                modified: match code {
                    Some(Code::Modified(set)) => Some(SequenceSet::from_wire(set)),
                    _ => None,
                },
            },
            Collect::Copy { then_move: None } => {
                Data::Copied { copy_uid: tagged_copy_uid(code), expunged: false }
            }
            Collect::Copy { then_move: Some(uids) } => {
                // MOVE fallback, step 2 (RFC 6851 section 3.3).
                self.queue.push_front(Job {
                    id,
                    report,
                    work: Work::MoveStore { uids, copy_uid: tagged_copy_uid(code) },
                });
                return None;
            }
            Collect::MoveStore { uids, copy_uid } => {
                if self.capabilities.uidplus() {
                    self.queue.push_front(Job { id, report, work: Work::MoveExpunge { uids, copy_uid } });
                    return None;
                }
                // Plain EXPUNGE would also remove other messages someone flagged \Deleted.
                Data::Copied { copy_uid, expunged: false }
            }
            Collect::MoveExpunge { copy_uid } => Data::Copied { copy_uid, expunged: true },
            Collect::Move { copy_uid } => {
                Data::Copied { copy_uid: copy_uid.or_else(|| tagged_copy_uid(code)), expunged: true }
            }
            Collect::Append => Data::Appended(match code {
                Some(Code::AppendUid { uid_validity, uid }) => {
                    Some(AppendUid { uidvalidity: uid_validity.get(), uid: uid.get() })
                }
                _ => None,
            }),
            Collect::Enable(list) => Data::Enabled(list),
        };
        Some(Ok(data))
    }

    /// After LOGIN or AUTHENTICATE: capabilities may have changed (RFC 3501 section 6.2.2,
    /// 6.2.3); ask again unless the OK carried them.
    fn authenticated(
        &mut self,
        id: CommandId,
        report: bool,
        code: Option<&Code<'_>>,
    ) -> Option<Result<Data, Error>> {
        self.state = SessionState::Authenticated;
        if matches!(code, Some(Code::Capability(_))) {
            return Some(Ok(Data::Authenticated(self.capabilities.clone())));
        }
        self.queue.push_front(Job { id, report, work: Work::Capability { after_auth: true } });
        None
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
}

fn name_of(work: &Work) -> &'static str {
    match work {
        Work::User(command) => command.name(),
        Work::Capability { .. } => "CAPABILITY",
        Work::StartTls => "STARTTLS",
        Work::MoveStore { .. } => "STORE",
        Work::MoveExpunge { .. } => "UID EXPUNGE",
    }
}

/// Whether a job must run alone, and which untagged data it collects.
fn classify(work: &Work) -> (bool, DataKind) {
    match work {
        Work::Capability { after_auth } => (*after_auth, DataKind::Capability),
        Work::StartTls | Work::MoveStore { .. } | Work::MoveExpunge { .. } => (true, DataKind::None),
        Work::User(command) => match command {
            Command::Capability => (false, DataKind::Capability),
            Command::Noop | Command::Create { .. } | Command::Delete { .. } | Command::Rename { .. } => {
                (false, DataKind::None)
            }
            Command::Subscribe { .. }
            | Command::Unsubscribe { .. }
            | Command::Append { .. }
            | Command::Copy { .. } => (false, DataKind::None),
            Command::Namespace => (false, DataKind::Namespace),
            Command::List { .. } => (false, DataKind::List),
            Command::Lsub { .. } => (false, DataKind::Lsub),
            Command::Status { .. } => (false, DataKind::Status),
            Command::Fetch { uid, .. } => (!uid, DataKind::Fetch),
            Command::Store { .. } => (false, DataKind::Fetch),
            Command::Search { .. } => (false, DataKind::Search),
            Command::Enable { .. } => (true, DataKind::Enable),
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

fn wire_name(mailbox: &WireMailbox<'_>) -> Vec<u8> {
    match mailbox {
        WireMailbox::Inbox => b"INBOX".to_vec(),
        WireMailbox::Other(other) => other.as_ref().to_vec(),
    }
}

fn copy_uid(
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

fn tagged_copy_uid(code: Option<&Code<'_>>) -> Option<CopyUid> {
    match code {
        Some(Code::CopyUid { uid_validity, source, destination }) => {
            Some(copy_uid(uid_validity.get(), source, destination))
        }
        _ => None,
    }
}

/// A response code as text, e.g. `AUTHENTICATIONFAILED` or `UIDNEXT 4392`.
fn code_text(code: &Code<'_>) -> String {
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

/// Untagged responses this client does not understand and may skip (RFC 3501 section 7:
/// unknown response types are ignored); the ones it relies on must parse.
fn is_ignorable_untagged(bytes: &[u8]) -> bool {
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
fn summarise(bytes: &[u8]) -> String {
    let shown = &bytes[..bytes.len().min(120)];
    let mut text = transcript::printable(shown);
    if bytes.len() > shown.len() {
        text.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    text
}
