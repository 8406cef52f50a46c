//! The POP3 client state machine (RFC 1939, RFC 2449, RFC 2595, RFC 5034).

use std::collections::VecDeque;

use super::{
    AuthMethod, Capabilities, Command, Config, DotReader, Event, ListEntry, Pop3Error, Response, ServerLine,
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

mod timer;

/// RFC 5034 section 4: an AUTH command line is at most 255 octets; a longer initial response is
/// sent after an empty challenge instead.
const MAX_AUTH_COMMAND: usize = 255;

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
    failed: Option<Pop3Error>,
    /// The time as the driver last told it, and since when the server has been silent.
    watch: SilenceWatch,
}

impl Pop3Client {
    /// A client for a connection the driver has just opened (and, for [`TlsMode::Implicit`],
    /// already wrapped in TLS). Fails if the credentials cannot be sent at all.
    pub fn new(config: Config) -> Result<Self, Pop3Error> {
        if let Some(credentials) = &config.credentials {
            // User input never becomes protocol syntax: a CR or LF here would end the command
            // line and start another.
            if credentials.username().chars().any(|c| c.is_control()) {
                return Err(Pop3Error::InvalidArgument("user name"));
            }
            if credentials
                .password_secret()
                .is_some_and(|p| p.expose().chars().any(|c| matches!(c, '\r' | '\n' | '\0')))
            {
                return Err(Pop3Error::InvalidArgument("password"));
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
    pub fn stat(&mut self) -> Result<(), Pop3Error> {
        self.queue(Op::Stat)
    }

    /// Queues `LIST` or `LIST n` ([`Event::List`]).
    pub fn list(&mut self, number: Option<u32>) -> Result<(), Pop3Error> {
        number.map(check_number).transpose()?;
        self.queue(Op::List(number))
    }

    /// Queues `UIDL` or `UIDL n` ([`Event::Uidl`]).
    pub fn uidl(&mut self, number: Option<u32>) -> Result<(), Pop3Error> {
        number.map(check_number).transpose()?;
        self.queue(Op::Uidl(number))
    }

    /// Queues `RETR n` ([`Event::Message`]).
    pub fn retr(&mut self, number: u32) -> Result<(), Pop3Error> {
        self.queue(Op::Retr(check_number(number)?))
    }

    /// Queues `TOP n lines` ([`Event::Top`]).
    pub fn top(&mut self, number: u32, lines: u32) -> Result<(), Pop3Error> {
        self.queue(Op::Top(check_number(number)?, lines))
    }

    /// Queues `DELE n` ([`Event::Deleted`]).
    pub fn dele(&mut self, number: u32) -> Result<(), Pop3Error> {
        self.queue(Op::Dele(check_number(number)?))
    }

    /// Queues `RSET` ([`Event::Reset`]).
    pub fn rset(&mut self) -> Result<(), Pop3Error> {
        self.queue(Op::Rset)
    }

    /// Queues `NOOP` ([`Event::Noop`]).
    pub fn noop(&mut self) -> Result<(), Pop3Error> {
        self.queue(Op::Noop)
    }

    /// Queues `QUIT` ([`Event::Closed`]); allowed in AUTHORIZATION and TRANSACTION.
    pub fn quit(&mut self) -> Result<(), Pop3Error> {
        self.queue(Op::Quit)
    }

    fn queue(&mut self, op: Op) -> Result<(), Pop3Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if matches!(self.phase, Phase::Closed | Phase::Quit) || self.ops.contains(&Op::Quit) {
            return Err(Pop3Error::WrongState {
                command: op.command().keyword(),
                state: SessionState::Update,
            });
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
            return Err(Pop3Error::WrongState { command: op.command().keyword(), state: self.state });
        }
        self.ops.push_back(op);
        Ok(())
    }

    fn send_command(&mut self, command: Command) {
        self.transcript.push(Line::client(command.transcript()));
        self.outbox.extend_from_slice(&command.to_bytes());
    }

    fn fail(&mut self, error: Pop3Error) {
        if self.failed.is_none() {
            self.failed = Some(error);
        }
        self.lines.clear();
    }

    fn on_line(&mut self, line: Vec<u8>) {
        match std::mem::replace(&mut self.phase, Phase::Idle) {
            Phase::CapaLines(mut lines) => {
                self.transcript.push(Line::server(transcript::printable(&line)));
                if line == b"." {
                    self.capabilities = Capabilities::from_lines(lines.iter().map(String::as_str));
                    self.after_capa();
                } else {
                    lines.push(String::from_utf8_lossy(&line).into_owned());
                    self.phase = Phase::CapaLines(lines);
                }
            }
            Phase::Block { op, mut reader } => {
                let content = matches!(op, Op::Retr(_) | Op::Top(..));
                if !content {
                    self.transcript.push(Line::server(transcript::printable(&line)));
                }
                if reader.push_line(&line) {
                    self.finish_block(op, reader);
                } else {
                    self.phase = Phase::Block { op, reader };
                }
            }
            phase => {
                let parsed = match parse_line(&line) {
                    Ok(parsed) => parsed,
                    Err(error) => {
                        self.transcript.push(Line::server(transcript::printable(&line)));
                        return self.fail(error.into());
                    }
                };
                if matches!(parsed, ServerLine::Continuation(_)) {
                    // Continuations carry SASL challenges.
                    self.transcript.push(Line::server(format!("+ {REDACTED}")));
                } else {
                    self.transcript.push(Line::server(transcript::printable(&line)));
                }
                self.on_server_line(phase, parsed);
            }
        }
    }

    fn on_server_line(&mut self, phase: Phase, line: ServerLine) {
        if let Phase::Auth { authenticator, pending_ir } = phase {
            return self.on_auth_line(*authenticator, pending_ir, line);
        }
        let ServerLine::Status(response) = line else {
            return self.fail(Pop3Error::Unexpected("a SASL continuation outside AUTH".into()));
        };
        match phase {
            Phase::Greeting => {
                if response.is_ok() {
                    self.timestamp = apop_timestamp(&response.text);
                    self.events.push_back(Event::Greeting {
                        text: response.text.clone(),
                        timestamp: self.timestamp.clone(),
                    });
                    self.send_capa();
                } else {
                    self.fail(Pop3Error::GreetingRefused(response));
                }
            }
            Phase::Capa => {
                if response.is_ok() {
                    self.phase = Phase::CapaLines(Vec::new());
                } else {
                    // An RFC 1939-only server: nothing is known about it.
                    self.capabilities = Capabilities::default();
                    self.after_capa();
                }
            }
            Phase::Stls => {
                if !response.is_ok() {
                    return self.fail(Pop3Error::StlsRefused(response));
                }
                if !self.lines.is_empty() {
                    return self.fail(Pop3Error::PlaintextAfterStls(self.lines.buffered()));
                }
                self.phase = Phase::TlsHandshake;
            }
            Phase::User(password) => {
                if response.is_ok() {
                    self.send_command(Command::Pass(password));
                    self.phase = Phase::Pass;
                } else {
                    self.fail(Pop3Error::AuthFailed(response));
                }
            }
            Phase::Pass => self.auth_result(response, AuthMethod::UserPass),
            Phase::Apop => self.auth_result(response, AuthMethod::Apop),
            Phase::Command(op) => self.on_command_response(op, response),
            Phase::Quit => {
                self.phase = Phase::Closed;
                self.events.push_back(Event::Closed(response));
            }
            phase @ (Phase::Idle | Phase::TlsHandshake | Phase::Closed) => {
                self.phase = phase;
                self.fail(Pop3Error::Unexpected(format!("{response} without a command")));
            }
            Phase::CapaLines(_) | Phase::Block { .. } | Phase::Auth { .. } => {
                unreachable!("handled by on_line")
            }
        }
    }

    fn send_capa(&mut self) {
        self.send_command(Command::Capa);
        self.phase = Phase::Capa;
    }

    fn after_capa(&mut self) {
        if self.config.tls == TlsMode::StartTls && !self.encrypted {
            // Without CAPA nothing says STLS is missing, so it is tried; a -ERR ends the session.
            // With CAPA and no STLS the account's requirement cannot be met: stop, never fall back.
            if self.capabilities.stls || !self.capabilities.known {
                self.send_command(Command::Stls);
                self.phase = Phase::Stls;
            } else {
                self.fail(Pop3Error::StlsNotOffered);
            }
            return;
        }
        self.events
            .push_back(Event::Ready { capabilities: self.capabilities.clone(), encrypted: self.encrypted });
        match self.config.credentials.clone() {
            Some(credentials) => self.begin_auth(&credentials),
            None => self.phase = Phase::Idle,
        }
    }

    /// Picks the sign-in method: the one the configuration names, or else SCRAM-SHA-256 > CRAM-MD5 >
    /// APOP > PLAIN > LOGIN > USER/PASS among what the server offers, the readable ones only under
    /// the policy. A mechanism pinned in the policy means SASL only.
    fn begin_auth(&mut self, credentials: &Credentials) {
        let sasl = self.config.policy.choose(
            self.capabilities.sasl.iter().map(String::as_str),
            credentials,
            self.encrypted,
            self.config.sasl.scram_client_nonce.is_some(),
        );
        let has_password = credentials.password_secret().is_some();
        let apop = self.timestamp.clone().filter(|_| has_password);
        match self.config.auth_method {
            Some(AuthMethod::Apop) => match apop {
                Some(timestamp) => self.begin_apop(&timestamp, credentials),
                None => self.fail(Pop3Error::NoAuthMethod),
            },
            Some(AuthMethod::UserPass) => self.begin_user(credentials),
            Some(AuthMethod::Sasl(mechanism)) => {
                let pinned = crate::sasl::Policy { require: Some(mechanism), ..self.config.policy };
                match pinned.choose(
                    self.capabilities.sasl.iter().map(String::as_str),
                    credentials,
                    self.encrypted,
                    true,
                ) {
                    Ok(mechanism) => self.begin_sasl(mechanism, credentials),
                    Err(error) => self.fail(error.into()),
                }
            }
            None => {
                let strong =
                    matches!(sasl, Ok(Mechanism::ScramSha256 | Mechanism::ScramSha1 | Mechanism::CramMd5));
                let sasl_only = self.config.policy.require.is_some() || !has_password;
                match (sasl, apop) {
                    (Ok(mechanism), _) if strong || sasl_only => self.begin_sasl(mechanism, credentials),
                    (Err(error), _) if sasl_only => self.fail(error.into()),
                    (_, Some(timestamp)) => self.begin_apop(&timestamp, credentials),
                    (Ok(mechanism), None) => self.begin_sasl(mechanism, credentials),
                    (Err(error @ crate::sasl::SaslError::PlaintextRefused { .. }), None) => {
                        self.fail(error.into())
                    }
                    (Err(_), None) => self.begin_user(credentials),
                }
            }
        }
    }

    fn begin_apop(&mut self, timestamp: &str, credentials: &Credentials) {
        let Some(password) = credentials.password_secret() else {
            return self.fail(Pop3Error::NoAuthMethod);
        };
        let name = credentials.username().to_owned();
        // `APOP name digest`: a space in the name would shift the digest into another argument.
        if name.contains(' ') {
            return self.fail(Pop3Error::InvalidArgument("user name"));
        }
        let digest = Secret::new(apop_digest(timestamp, password));
        self.send_command(Command::Apop { name, digest });
        self.phase = Phase::Apop;
    }

    fn begin_user(&mut self, credentials: &Credentials) {
        let Some(password) = credentials.password_secret().cloned() else {
            return self.fail(Pop3Error::NoAuthMethod);
        };
        // RFC 2449 section 6.2: USER is advertised when supported; a server without CAPA is an
        // RFC 1939 server, where USER/PASS is the baseline.
        if self.capabilities.known && !self.capabilities.user {
            return self.fail(Pop3Error::NoAuthMethod);
        }
        if let Err(error) = self.config.policy.check_cleartext_command("USER/PASS", self.encrypted) {
            return self.fail(error.into());
        }
        self.send_command(Command::User(credentials.username().to_owned()));
        self.phase = Phase::User(password);
    }

    fn begin_sasl(&mut self, mechanism: Mechanism, credentials: &Credentials) {
        let mut authenticator = match Authenticator::new(mechanism, credentials, &self.config.sasl) {
            Ok(authenticator) => authenticator,
            Err(error) => return self.fail(error.into()),
        };
        let ir = authenticator.initial_response_base64();
        let (initial_response, pending_ir) = match ir {
            Some(ir) if "AUTH ".len() + mechanism.name().len() + 1 + ir.len() + 2 <= MAX_AUTH_COMMAND => {
                (Some(ir), None)
            }
            other => (None, other),
        };
        self.send_command(Command::Auth { mechanism: mechanism.name(), initial_response });
        self.phase = Phase::Auth { authenticator: Box::new(authenticator), pending_ir };
    }

    fn on_auth_line(
        &mut self,
        mut authenticator: Authenticator,
        mut pending_ir: Option<String>,
        line: ServerLine,
    ) {
        match line {
            ServerLine::Continuation(challenge) => {
                let response = match pending_ir.take() {
                    Some(ir) if challenge.is_empty() => Ok(ir),
                    _ => authenticator.step_base64(&challenge),
                };
                match response {
                    Ok(response) => {
                        self.send_command(Command::AuthResponse(response));
                        self.phase = Phase::Auth { authenticator: Box::new(authenticator), pending_ir };
                    }
                    Err(error) => {
                        // RFC 5034 section 4: "*" cancels.
                        self.send_command(Command::AuthResponse("*".into()));
                        self.fail(error.into());
                    }
                }
            }
            ServerLine::Status(response) if response.is_ok() => match authenticator.finish(None) {
                Ok(()) => self.authenticated(AuthMethod::Sasl(authenticator.mechanism())),
                Err(error) => self.fail(error.into()),
            },
            ServerLine::Status(response) => self.fail(Pop3Error::AuthFailed(response)),
        }
    }

    fn auth_result(&mut self, response: Response, method: AuthMethod) {
        if response.is_ok() {
            self.authenticated(method);
        } else {
            self.fail(Pop3Error::AuthFailed(response));
        }
    }

    fn authenticated(&mut self, method: AuthMethod) {
        self.state = SessionState::Transaction;
        self.phase = Phase::Idle;
        self.events.push_back(Event::Authenticated { method });
    }

    fn start(&mut self, op: Op) {
        // Re-checked here: sign-in may have failed after the operation was queued (then the
        // session has ended anyway) or the caller queued QUIT in AUTHORIZATION.
        if op != Op::Quit && self.state != SessionState::Transaction {
            return self.fail(Pop3Error::WrongState { command: op.command().keyword(), state: self.state });
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

    fn on_command_response(&mut self, op: Op, response: Response) {
        if !response.is_ok() {
            self.events.push_back(Event::Refused { command: op.command().line(), response });
            return;
        }
        if op.multi_line() {
            let limit = match op {
                Op::Retr(_) | Op::Top(..) => self.config.max_message_size,
                // Listings are bounded too: a maildrop of a million messages is still a few MB.
                _ => 16 * 1024 * 1024,
            };
            self.phase = Phase::Block { op, reader: DotReader::new(limit) };
            return;
        }
        let event = match op {
            Op::Stat => match parse_two(&response.text) {
                Some((count, size)) => Event::Stat { count, size },
                None => return self.fail(Pop3Error::Unexpected(format!("STAT answered {response}"))),
            },
            Op::List(Some(_)) => match parse_two(&response.text) {
                Some((number, size)) => Event::List(vec![ListEntry { number, size }]),
                None => return self.fail(Pop3Error::Unexpected(format!("LIST answered {response}"))),
            },
            Op::Uidl(Some(_)) => match parse_uid(&response.text) {
                Some(entry) => Event::Uidl(vec![entry]),
                None => return self.fail(Pop3Error::Unexpected(format!("UIDL answered {response}"))),
            },
            Op::Dele(number) => Event::Deleted { number },
            Op::Rset => Event::Reset,
            Op::Noop => Event::Noop,
            Op::List(None) | Op::Uidl(None) | Op::Retr(_) | Op::Top(..) | Op::Quit => {
                unreachable!("multi-line or QUIT")
            }
        };
        self.events.push_back(event);
    }

    fn finish_block(&mut self, op: Op, reader: DotReader) {
        let overflowed = reader.overflowed();
        let data = reader.into_data();
        let event = match op {
            Op::Retr(number) | Op::Top(number, _) if overflowed => {
                self.transcript.push(Line::server(format!(
                    "<more than {} bytes, discarded>",
                    self.config.max_message_size
                )));
                self.transcript.push(Line::server("."));
                Event::TooLarge { number, limit: self.config.max_message_size }
            }
            Op::Retr(number) | Op::Top(number, _) => {
                // Message content is summarised, not printed: it is large and it is the user's mail.
                self.transcript.push(Line::server(transcript::summary(data.len())));
                self.transcript.push(Line::server("."));
                if matches!(op, Op::Retr(_)) {
                    Event::Message { number, data }
                } else {
                    Event::Top { number, data }
                }
            }
            _ if overflowed => {
                return self.fail(Pop3Error::Unexpected("a listing larger than 16 MiB".into()));
            }
            Op::List(_) => {
                let text = String::from_utf8_lossy(&data);
                let entries: Option<Vec<ListEntry>> = text
                    .lines()
                    .map(|l| parse_two(l).map(|(number, size)| ListEntry { number, size }))
                    .collect();
                match entries {
                    Some(entries) => Event::List(entries),
                    None => return self.fail(Pop3Error::Unexpected("a malformed LIST line".into())),
                }
            }
            Op::Uidl(_) => {
                let text = String::from_utf8_lossy(&data);
                match text.lines().map(parse_uid).collect::<Option<Vec<_>>>() {
                    Some(entries) => Event::Uidl(entries),
                    None => return self.fail(Pop3Error::Unexpected("a malformed UIDL line".into())),
                }
            }
            _ => unreachable!("only multi-line operations have blocks"),
        };
        self.events.push_back(event);
    }
}

fn check_number(number: u32) -> Result<u32, Pop3Error> {
    // RFC 1939 section 4: message numbers start at 1.
    if number == 0 { Err(Pop3Error::InvalidArgument("message number (0)")) } else { Ok(number) }
}

/// `n m` at the start of a line (STAT, LIST), tolerating trailing text (RFC 1939 section 5 allows it).
fn parse_two(text: &str) -> Option<(u32, u64)> {
    let mut words = text.split_whitespace();
    let a = words.next()?.parse().ok()?;
    let b = words.next()?.parse().ok()?;
    Some((a, b))
}

fn parse_uid(text: &str) -> Option<UidEntry> {
    let mut words = text.split_whitespace();
    let number = words.next()?.parse().ok()?;
    let uid = words.next()?;
    // RFC 1939 section 7: 1 to 70 characters in 0x21..0x7E.
    (uid.len() <= 70 && uid.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| UidEntry { number, uid: uid.to_owned() })
}

impl Client for Pop3Client {
    type Event = Event;
    type Error = Pop3Error;

    fn enqueue_input(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.watch.activity();
            self.lines.push(bytes);
        }
    }

    fn next(&mut self) -> Result<Event, Interrupt<Pop3Error>> {
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
                Phase::Closed => return Err(Interrupt::Error(Pop3Error::Closed)),
                Phase::TlsHandshake => {
                    if !self.lines.is_empty() {
                        self.fail(Pop3Error::PlaintextAfterStls(self.lines.buffered()));
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
            return self.fail(Pop3Error::PlaintextAfterStls(self.lines.buffered()));
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
