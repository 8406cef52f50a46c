//! The POP3 client state machine (RFC 1939, RFC 2449, RFC 2595, RFC 5034).

use std::collections::VecDeque;

use super::{
    AuthMethod, Capabilities, Command, Config, DotReader, Error, Event, ListEntry, Request, RequestId,
    Response, ServerLine, SessionState, UidEntry, parse_line, response::apop_timestamp,
};
use crate::{
    engine::{Client, Interrupt, Io},
    line::LineBuffer,
    sasl::{Authenticator, Credentials, Mechanism, apop_digest},
    secret::Secret,
    security::TlsMode,
    time::{Moment, SilenceWatch},
    transcript::{self, Line, REDACTED},
};

mod auth;
mod receive;
mod responses;
mod timer;

#[derive(Debug)]
enum Phase {
    Greeting,
    Capa,
    CapaLines(Vec<String>),
    Stls,
    TlsHandshake,
    User(Secret),
    Pass,
    Apop,
    Auth { authenticator: Box<Authenticator>, pending_ir: Option<String> },
    Idle,
    Command(RequestId, Request),
    Block { id: RequestId, request: Request, reader: DotReader },
    Quit(RequestId),
    Closed,
}

/// A sans-IO POP3 client.
///
/// After [`Pop3Client::new`] it reads the greeting and, on its own, asks for CAPA, upgrades with
/// STLS when the account requires it (and asks CAPA again), and signs in when the configuration has
/// credentials, choosing SCRAM-SHA-256 > CRAM-MD5 > APOP > PLAIN > LOGIN > USER/PASS among what the
/// server offers (a readable password only with TLS or the user's explicit permission). The caller
/// queues [`Request`]s with [`Pop3Client::enqueue`], which run in order in the TRANSACTION state
/// (refused in a state where RFC 1939 does not allow them); each is answered by an [`Event`]
/// carrying its [`RequestId`].
#[derive(Debug)]
pub struct Pop3Client {
    config: Config,
    lines: LineBuffer,
    phase: Phase,
    state: SessionState,
    encrypted: bool,
    timestamp: Option<String>,
    capabilities: Capabilities,
    outbox: Vec<u8>,
    events: VecDeque<Event>,
    transcript: Vec<Line>,
    ops: VecDeque<(RequestId, Request)>,
    next_id: u64,
    failed: Option<Error>,
    /// The time as the driver last told it, and since when the server has been silent.
    watch: SilenceWatch,
}

impl Pop3Client {
    /// A client for a connection the driver has just opened (and, for [`TlsMode::Implicit`],
    /// already wrapped in TLS). Fails if the credentials cannot be sent at all.
    pub fn new(config: Config) -> Result<Self, Error> {
        if let Some(credentials) = &config.credentials {
            // User input never becomes protocol syntax: a CR or LF here would end the command
            // line and start another.
            if credentials.username().chars().any(|c| c.is_control()) {
                return Err(Error::InvalidArgument("user name"));
            }
            if credentials
                .password_secret()
                .is_some_and(|p| p.expose().chars().any(|c| matches!(c, '\r' | '\n' | '\0')))
            {
                return Err(Error::InvalidArgument("password"));
            }
        }
        Ok(Self {
            lines: LineBuffer::new(config.max_line),
            phase: Phase::Greeting,
            state: SessionState::Authorization,
            encrypted: config.tls.encrypted_from_start(),
            timestamp: None,
            capabilities: Capabilities::default(),
            outbox: Vec::new(),
            events: VecDeque::new(),
            transcript: Vec::new(),
            ops: VecDeque::new(),
            next_id: 0,
            failed: None,
            watch: SilenceWatch::default(),
            config,
        })
    }

    /// The session state (RFC 1939 section 3).
    pub fn state(&self) -> SessionState {
        self.state
    }

    /// What the last CAPA said.
    pub fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    /// Whether the connection is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Whether the session is signed in and has nothing queued or in flight.
    pub fn is_idle(&self) -> bool {
        matches!(self.phase, Phase::Idle) && self.state == SessionState::Transaction && self.ops.is_empty()
    }

    /// Queues `request`; its answer comes as an [`Event`] with the returned id. Fails at once if
    /// the session has ended or is ending, if the state can never allow the request, or if its
    /// message number is 0.
    pub fn enqueue(&mut self, request: Request) -> Result<RequestId, Error> {
        let request = request.checked()?;
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let keyword = request.command().keyword();
        let quitting = self.ops.iter().any(|(_, r)| *r == Request::Quit);
        if matches!(self.phase, Phase::Closed | Phase::Quit(_)) || quitting {
            return Err(Error::WrongState { command: keyword, state: SessionState::Update });
        }
        // Transaction requests may be queued during AUTHORIZATION only if the client is going to
        // sign in; otherwise the state can never allow them (RFC 1939 section 4).
        let will_authenticate = self.config.credentials.is_some();
        let allowed = match (self.state, request) {
            (SessionState::Update, _) => false,
            (SessionState::Authorization, Request::Quit) => true,
            (SessionState::Authorization, _) => will_authenticate,
            (SessionState::Transaction, _) => true,
        };
        if !allowed {
            return Err(Error::WrongState { command: keyword, state: self.state });
        }
        let id = RequestId(self.next_id);
        self.next_id += 1;
        self.ops.push_back((id, request));
        Ok(id)
    }

    fn send_command(&mut self, command: Command) {
        self.transcript.push(Line::client(command.transcript()));
        self.outbox.extend_from_slice(&command.to_bytes());
    }

    fn fail(&mut self, error: Error) {
        if self.failed.is_none() {
            self.failed = Some(error);
        }
        self.lines.clear();
    }

    fn start(&mut self, id: RequestId, request: Request) {
        // Re-checked here: sign-in may have failed after the request was queued (then the
        // session has ended anyway) or the caller queued QUIT in AUTHORIZATION.
        if request != Request::Quit && self.state != SessionState::Transaction {
            return self.fail(Error::WrongState { command: request.command().keyword(), state: self.state });
        }
        self.send_command(request.command());
        if request == Request::Quit {
            if self.state == SessionState::Transaction {
                self.state = SessionState::Update;
            }
            self.phase = Phase::Quit(id);
        } else {
            self.phase = Phase::Command(id, request);
        }
    }
}

impl Client for Pop3Client {
    type Event = Event;
    type Error = Error;

    fn enqueue_input(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.watch.activity();
            self.lines.push(bytes);
        }
    }

    fn next(&mut self) -> Result<Event, Interrupt<Error>> {
        loop {
            if let Some(ready) =
                crate::engine::pending(&mut self.events, &mut self.outbox, &self.failed, &mut self.watch)
            {
                return ready;
            }
            match self.phase {
                Phase::Closed => return Err(Interrupt::Error(Error::Closed)),
                Phase::TlsHandshake => {
                    if !self.lines.is_empty() {
                        self.fail(Error::PlaintextAfterStls(self.lines.buffered()));
                        continue;
                    }
                    return Err(Interrupt::Io(Io::StartTls));
                }
                _ => {}
            }
            // A queued operation starts before more input is read: its response may already be
            // buffered behind the previous one.
            if matches!(self.phase, Phase::Idle)
                && let Some((id, request)) = self.ops.pop_front()
            {
                self.start(id, request);
                continue;
            }
            match self.lines.next_line() {
                Err(error) => {
                    self.fail(error.into());
                    continue;
                }
                Ok(Some(line)) => {
                    self.on_line(line);
                    continue;
                }
                Ok(None) => {}
            }
            return Err(Interrupt::Io(Io::NeedMoreInput));
        }
    }

    fn tls_established(&mut self) {
        if !matches!(self.phase, Phase::TlsHandshake) || self.failed.is_some() {
            return;
        }
        if !self.lines.is_empty() {
            return self.fail(Error::PlaintextAfterStls(self.lines.buffered()));
        }
        self.encrypted = true;
        // RFC 2595 section 4: capabilities learnt before TLS are discarded and asked again.
        self.capabilities = Capabilities::default();
        // The driver notes the upgrade in the transcript (connection events are its business).
        self.send_capa();
    }

    fn drain_transcript(&mut self) -> Vec<Line> {
        std::mem::take(&mut self.transcript)
    }

    fn handle_timeout(&mut self, now: Moment) {
        self.tick(now);
    }

    fn next_deadline(&self) -> Option<Moment> {
        self.watch.deadline(self.waiting_for().is_some(), self.config.timeouts.reply)
    }
}
