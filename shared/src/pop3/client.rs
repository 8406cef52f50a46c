//! The POP3 client state machine (RFC 1939, RFC 2449, RFC 2595, RFC 5034).

use std::collections::VecDeque;

use super::{
    AuthMethod, Capabilities, Command, Config, DotReader, Error, Event, ListEntry, Response, ServerLine,
    SessionState, UidEntry, parse_line, response::apop_timestamp,
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

/// A transaction-state operation the caller queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Stat,
    List(Option<u32>),
    Uidl(Option<u32>),
    Retr(u32),
    Top(u32, u32),
    Dele(u32),
    Rset,
    Noop,
    Quit,
}

impl Op {
    fn command(self) -> Command {
        match self {
            Op::Stat => Command::Stat,
            Op::List(n) => Command::List(n),
            Op::Uidl(n) => Command::Uidl(n),
            Op::Retr(n) => Command::Retr(n),
            Op::Top(n, lines) => Command::Top(n, lines),
            Op::Dele(n) => Command::Dele(n),
            Op::Rset => Command::Rset,
            Op::Noop => Command::Noop,
            Op::Quit => Command::Quit,
        }
    }

    /// Whether a `+OK` to this command is followed by a multi-line block.
    fn multi_line(self) -> bool {
        matches!(self, Op::List(None) | Op::Uidl(None) | Op::Retr(_) | Op::Top(..))
    }
}

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
    Command(Op),
    Block { op: Op, reader: DotReader },
    Quit,
    Closed,
}

/// A sans-IO POP3 client.
///
/// After [`Pop3Client::new`] it reads the greeting and, on its own, asks for CAPA, upgrades with
/// STLS when the account requires it (and asks CAPA again), and signs in when the configuration has
/// credentials, choosing SCRAM-SHA-256 > CRAM-MD5 > APOP > PLAIN > LOGIN > USER/PASS among what the
/// server offers (a readable password only with TLS or the user's explicit permission). The caller
/// queues operations ([`Pop3Client::retr`] and friends), which run in order in the TRANSACTION
/// state and are refused in a state where RFC 1939 does not allow them.
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
    ops: VecDeque<Op>,
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

    /// Queues `STAT` ([`Event::Stat`]).
    pub fn stat(&mut self) -> Result<(), Error> {
        self.queue(Op::Stat)
    }

    /// Queues `LIST` or `LIST n` ([`Event::List`]).
    pub fn list(&mut self, number: Option<u32>) -> Result<(), Error> {
        number.map(check_number).transpose()?;
        self.queue(Op::List(number))
    }

    /// Queues `UIDL` or `UIDL n` ([`Event::Uidl`]).
    pub fn uidl(&mut self, number: Option<u32>) -> Result<(), Error> {
        number.map(check_number).transpose()?;
        self.queue(Op::Uidl(number))
    }

    /// Queues `RETR n` ([`Event::Message`]).
    pub fn retr(&mut self, number: u32) -> Result<(), Error> {
        self.queue(Op::Retr(check_number(number)?))
    }

    /// Queues `TOP n lines` ([`Event::Top`]).
    pub fn top(&mut self, number: u32, lines: u32) -> Result<(), Error> {
        self.queue(Op::Top(check_number(number)?, lines))
    }

    /// Queues `DELE n` ([`Event::Deleted`]).
    pub fn dele(&mut self, number: u32) -> Result<(), Error> {
        self.queue(Op::Dele(check_number(number)?))
    }

    /// Queues `RSET` ([`Event::Reset`]).
    pub fn rset(&mut self) -> Result<(), Error> {
        self.queue(Op::Rset)
    }

    /// Queues `NOOP` ([`Event::Noop`]).
    pub fn noop(&mut self) -> Result<(), Error> {
        self.queue(Op::Noop)
    }

    /// Queues `QUIT` ([`Event::Closed`]); allowed in AUTHORIZATION and TRANSACTION.
    pub fn quit(&mut self) -> Result<(), Error> {
        self.queue(Op::Quit)
    }

    fn queue(&mut self, op: Op) -> Result<(), Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if matches!(self.phase, Phase::Closed | Phase::Quit) || self.ops.contains(&Op::Quit) {
            return Err(Error::WrongState { command: op.command().keyword(), state: SessionState::Update });
        }
        // Transaction commands may be queued during AUTHORIZATION only if the client is going to
        // sign in; otherwise the state can never allow them (RFC 1939 section 4).
        let will_authenticate = self.config.credentials.is_some();
        let allowed = match (self.state, op) {
            (SessionState::Update, _) => false,
            (SessionState::Authorization, Op::Quit) => true,
            (SessionState::Authorization, _) => will_authenticate,
            (SessionState::Transaction, _) => true,
        };
        if !allowed {
            return Err(Error::WrongState { command: op.command().keyword(), state: self.state });
        }
        self.ops.push_back(op);
        Ok(())
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

    fn start(&mut self, op: Op) {
        // Re-checked here: sign-in may have failed after the operation was queued (then the
        // session has ended anyway) or the caller queued QUIT in AUTHORIZATION.
        if op != Op::Quit && self.state != SessionState::Transaction {
            return self.fail(Error::WrongState { command: op.command().keyword(), state: self.state });
        }
        let command = op.command();
        self.send_command(command);
        if op == Op::Quit {
            if self.state == SessionState::Transaction {
                self.state = SessionState::Update;
            }
            self.phase = Phase::Quit;
        } else {
            self.phase = Phase::Command(op);
        }
    }
}

fn check_number(number: u32) -> Result<u32, Error> {
    // RFC 1939 section 4: message numbers start at 1.
    if number == 0 { Err(Error::InvalidArgument("message number (0)")) } else { Ok(number) }
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
            if let Some(event) = self.events.pop_front() {
                return Ok(event);
            }
            if !self.outbox.is_empty() {
                self.watch.activity();
                return Err(Interrupt::Io(Io::Output(std::mem::take(&mut self.outbox))));
            }
            if let Some(error) = &self.failed {
                return Err(Interrupt::Error(error.clone()));
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
                && let Some(op) = self.ops.pop_front()
            {
                self.start(op);
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
