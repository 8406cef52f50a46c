//! The SMTP submission client state machine (RFC 5321, RFC 6409).

use std::collections::VecDeque;

use super::{
    Command, Config, Error, Event, Extensions, Reply, ReplyParser, Request, RequestId,
    config::valid_client_name,
};
use crate::{
    engine::{Client, Interrupt, Io},
    sasl::Authenticator,
    security::TlsMode,
    time::{Moment, SilenceWatch},
    transcript::{Line, REDACTED},
};

mod auth;
mod timer;
mod transaction;

use transaction::{Expect, Transaction};

#[derive(Debug)]
enum Phase {
    Greeting,
    Ehlo,
    Helo,
    StartTls,
    TlsHandshake,
    Auth(Box<Authenticator>),
    Idle,
    Transaction(Box<Transaction>),
    Noop(RequestId),
    Rset(RequestId),
    Quit(RequestId),
    Closed,
}

/// A sans-IO SMTP submission client.
///
/// After [`SmtpClient::new`] it waits for the greeting and then, on its own, sends EHLO (HELO if
/// EHLO is refused), upgrades with STARTTLS when the account requires it and EHLOs again, and signs
/// in when the configuration has credentials: the caller sees [`Event::Greeting`],
/// [`Event::Ready`] and [`Event::Authenticated`]. [`Request`]s can be queued with
/// [`SmtpClient::enqueue`] at any time and run in order once the session is ready; each is
/// answered by [`Event`]s carrying its [`RequestId`]. With PIPELINING (RFC 2920) a submission's
/// `MAIL`, `RCPT`s and `DATA` go out in one write.
///
/// When idle, [`Client::next`] asks for input ([`Io::NeedMoreInput`]), so a server that closes an
/// idle session (421) is noticed; a driver waits on the socket and on new operations together.
#[derive(Debug)]
pub struct SmtpClient {
    config: Config,
    parser: ReplyParser,
    phase: Phase,
    encrypted: bool,
    extensions: Extensions,
    /// Sign-in is done or not wanted; queued operations may run.
    authenticated: bool,
    outbox: Vec<u8>,
    events: VecDeque<Event>,
    transcript: Vec<Line>,
    ops: VecDeque<(RequestId, Request)>,
    next_id: u64,
    failed: Option<Error>,
    /// The time as the driver last told it, and since when the server has been silent.
    watch: SilenceWatch,
}

impl SmtpClient {
    /// A client for a connection the driver has just opened (and, for [`TlsMode::Implicit`],
    /// already wrapped in TLS).
    pub fn new(config: Config) -> Result<Self, Error> {
        if !valid_client_name(&config.client_name) {
            return Err(Error::InvalidClientName(config.client_name.clone()));
        }
        Ok(Self {
            parser: ReplyParser::with_limits(config.max_line, config.max_reply_lines),
            phase: Phase::Greeting,
            encrypted: config.tls.encrypted_from_start(),
            extensions: Extensions::default(),
            authenticated: false,
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

    /// Queues `request`; its answers come as [`Event`]s with the returned id. Fails at once if
    /// the session has failed, ended or is ending, or if a message has no recipient.
    pub fn enqueue(&mut self, request: Request) -> Result<RequestId, Error> {
        self.check_open()?;
        if let Request::Send { envelope, .. } = &request
            && envelope.to.is_empty()
        {
            return Err(Error::NoRecipients);
        }
        let id = RequestId(self.next_id);
        self.next_id += 1;
        self.ops.push_back((id, request));
        Ok(id)
    }

    /// What the server announced in its last EHLO.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Whether the connection is encrypted (implicit TLS or after STARTTLS).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Whether the session is ready and has nothing queued or in flight.
    pub fn is_idle(&self) -> bool {
        matches!(self.phase, Phase::Idle) && self.authenticated && self.ops.is_empty()
    }

    fn check_open(&self) -> Result<(), Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if matches!(self.phase, Phase::Closed | Phase::Quit(_))
            || self.ops.iter().any(|(_, request)| matches!(request, Request::Quit))
        {
            return Err(Error::Closed);
        }
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
        self.parser = ReplyParser::with_limits(0, 1);
    }

    fn record_reply(&mut self, reply: &Reply) {
        let raw = self.parser.take_raw_lines();
        if matches!(self.phase, Phase::Auth(_)) && reply.code == 334 {
            // Challenges are SASL payloads (a CRAM-MD5 challenge lets an observer test guesses).
            for _ in &raw {
                self.transcript.push(Line::server(format!("334 {REDACTED}")));
            }
        } else {
            self.transcript.extend(raw.into_iter().map(Line::server));
        }
    }

    fn on_reply(&mut self, reply: Reply) {
        if reply.code == 421 && !matches!(self.phase, Phase::Quit(_)) {
            self.fail(Error::ServiceClosing(reply));
            return;
        }
        match std::mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Greeting => {
                if reply.code == 220 {
                    self.events.push_back(Event::Greeting(reply));
                    self.send_ehlo();
                } else {
                    self.fail(Error::GreetingRefused(reply));
                }
            }
            Phase::Ehlo => {
                if reply.is_positive() {
                    self.extensions = Extensions::from_ehlo(&reply);
                    self.after_hello();
                } else if reply.is_permanent() {
                    // RFC 5321 section 4.1.4: a server that does not know EHLO gets HELO.
                    self.send_command(Command::Helo(self.config.client_name.clone()));
                    self.phase = Phase::Helo;
                } else {
                    self.fail(Error::HelloRefused(reply));
                }
            }
            Phase::Helo => {
                if reply.is_positive() {
                    self.extensions = Extensions {
                        domain: reply
                            .lines
                            .first()
                            .and_then(|l| l.split_whitespace().next())
                            .unwrap_or("")
                            .into(),
                        ..Extensions::default()
                    };
                    self.after_hello();
                } else {
                    self.fail(Error::HelloRefused(reply));
                }
            }
            Phase::StartTls => {
                if reply.code == 220 {
                    if self.parser.buffered() > 0 {
                        self.fail(Error::PlaintextAfterStartTls(self.parser.buffered()));
                    } else {
                        self.phase = Phase::TlsHandshake;
                    }
                } else {
                    self.fail(Error::StartTlsRefused(reply));
                }
            }
            Phase::Auth(authenticator) => self.on_auth_reply(*authenticator, reply),
            Phase::Transaction(transaction) => self.on_transaction_reply(*transaction, reply),
            Phase::Noop(id) => self.events.push_back(Event::Noop { id, reply }),
            Phase::Rset(id) => self.events.push_back(Event::Reset { id, reply }),
            Phase::Quit(id) => {
                self.phase = Phase::Closed;
                self.events.push_back(Event::Closed { id, reply });
            }
            phase @ (Phase::Idle | Phase::TlsHandshake | Phase::Closed) => {
                self.phase = phase;
                self.fail(Error::UnexpectedReply { expected: "without a command", reply });
            }
        }
    }

    fn send_ehlo(&mut self) {
        self.send_command(Command::Ehlo(self.config.client_name.clone()));
        self.phase = Phase::Ehlo;
    }

    fn after_hello(&mut self) {
        if self.config.tls == TlsMode::StartTls && !self.encrypted {
            // Never go on in plain text when the account requires TLS, even if the server (or
            // someone in between) leaves STARTTLS out.
            if self.extensions.starttls {
                self.send_command(Command::StartTls);
                self.phase = Phase::StartTls;
            } else {
                self.fail(Error::StartTlsNotOffered);
            }
            return;
        }
        self.events
            .push_back(Event::Ready { extensions: self.extensions.clone(), encrypted: self.encrypted });
        match self.config.credentials.clone() {
            Some(credentials) => self.begin_auth(&credentials),
            None => {
                self.authenticated = true;
                self.phase = Phase::Idle;
            }
        }
    }

    fn start(&mut self, id: RequestId, request: Request) {
        match request {
            Request::Noop => {
                self.send_command(Command::Noop);
                self.phase = Phase::Noop(id);
            }
            Request::Rset => {
                self.send_command(Command::Rset);
                self.phase = Phase::Rset(id);
            }
            Request::Quit => {
                self.send_command(Command::Quit);
                self.phase = Phase::Quit(id);
            }
            Request::Send { envelope, body } => self.start_transaction(id, envelope, body),
        }
    }
}

impl Client for SmtpClient {
    type Event = Event;
    type Error = Error;

    fn enqueue_input(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.watch.activity();
            self.parser.push(bytes);
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
                    if self.parser.buffered() > 0 {
                        self.fail(Error::PlaintextAfterStartTls(self.parser.buffered()));
                        continue;
                    }
                    return Err(Interrupt::Io(Io::StartTls));
                }
                _ => {}
            }
            if self.stream_body() {
                continue;
            }
            // A queued operation starts before more input is read: its reply may already be
            // buffered behind the previous one.
            if matches!(self.phase, Phase::Idle)
                && self.authenticated
                && let Some((id, request)) = self.ops.pop_front()
            {
                self.start(id, request);
                continue;
            }
            match self.parser.next_reply() {
                Err(error) => {
                    self.fail(error.into());
                    continue;
                }
                Ok(Some(reply)) => {
                    self.record_reply(&reply);
                    self.on_reply(reply);
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
        if self.parser.buffered() > 0 {
            self.fail(Error::PlaintextAfterStartTls(self.parser.buffered()));
            return;
        }
        self.encrypted = true;
        // RFC 3207 section 4.2: forget everything learnt before TLS and ask again.
        self.extensions = Extensions::default();
        // The driver notes the upgrade in the transcript (connection events are its business).
        self.send_ehlo();
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
