//! The SMTP submission client state machine (RFC 5321, RFC 6409).

use std::collections::VecDeque;

use super::{
    Command, Config, DataEncoder, Envelope, Event, Extensions, FailedAt, MailParameter, RecipientOutcome,
    Reply, ReplyParser, SendFailure, SmtpError, SubmissionId, config::valid_client_name,
};
use crate::{
    engine::{Client, Interrupt, Io},
    sasl::Authenticator,
    security::TlsMode,
    time::{Moment, SilenceWatch},
    transcript::{self, Line, REDACTED},
};

mod timer;

/// An operation the caller queued; it starts once the session is ready and the previous one is
/// done.
#[derive(Debug)]
enum Op {
    Send { id: SubmissionId, envelope: Envelope, body: Vec<u8> },
    Noop,
    Rset,
    Quit,
}

/// Which reply the client waits for next inside a mail transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Mail,
    Rcpt(usize),
    Data,
    EndOfData,
    Rset,
}

#[derive(Debug)]
enum Body {
    Waiting,
    Streaming { offset: usize, encoder: DataEncoder },
    Done,
}

#[derive(Debug)]
struct Transaction {
    id: SubmissionId,
    envelope: Envelope,
    body: Vec<u8>,
    pipelined: bool,
    expect: VecDeque<Expect>,
    mail_accepted: bool,
    recipients: Vec<RecipientOutcome>,
    state: Body,
    failure: Option<(FailedAt, Option<Reply>)>,
}

impl Transaction {
    fn any_accepted(&self) -> bool {
        self.recipients.iter().any(RecipientOutcome::accepted)
    }
}

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
    Noop,
    Rset,
    Quit,
    Closed,
}

/// A sans-IO SMTP submission client.
///
/// After [`SmtpClient::new`] it waits for the greeting and then, on its own, sends EHLO (HELO if
/// EHLO is refused), upgrades with STARTTLS when the account requires it and EHLOs again, and signs
/// in when the configuration has credentials: the caller sees [`Event::Greeting`],
/// [`Event::Ready`] and [`Event::Authenticated`]. Operations ([`SmtpClient::send`],
/// [`SmtpClient::noop`], [`SmtpClient::reset`], [`SmtpClient::quit`]) can be queued at any time
/// and run in order once the session is ready. With PIPELINING (RFC 2920) a submission's
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
    ops: VecDeque<Op>,
    next_id: u64,
    failed: Option<SmtpError>,
    /// The time as the driver last told it, and since when the server has been silent.
    watch: SilenceWatch,
}

impl SmtpClient {
    /// A client for a connection the driver has just opened (and, for [`TlsMode::Implicit`],
    /// already wrapped in TLS).
    pub fn new(config: Config) -> Result<Self, SmtpError> {
        if !valid_client_name(&config.client_name) {
            return Err(SmtpError::InvalidClientName(config.client_name.clone()));
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

    /// Queues a message for `envelope`; `body` is the complete message (header and body, as
    /// mail-builder writes it). Line endings are normalised and dots stuffed while it streams out,
    /// chunk by chunk, so no second copy is made.
    pub fn send(&mut self, envelope: Envelope, body: Vec<u8>) -> Result<SubmissionId, SmtpError> {
        self.check_open()?;
        if envelope.to.is_empty() {
            return Err(SmtpError::NoRecipients);
        }
        let id = SubmissionId(self.next_id);
        self.next_id += 1;
        self.ops.push_back(Op::Send { id, envelope, body });
        Ok(id)
    }

    /// Queues a NOOP (keeps the session alive; answered with [`Event::Noop`]).
    pub fn noop(&mut self) -> Result<(), SmtpError> {
        self.check_open()?;
        self.ops.push_back(Op::Noop);
        Ok(())
    }

    /// Queues an RSET (answered with [`Event::Reset`]).
    pub fn reset(&mut self) -> Result<(), SmtpError> {
        self.check_open()?;
        self.ops.push_back(Op::Rset);
        Ok(())
    }

    /// Queues QUIT; [`Event::Closed`] follows, then the driver closes the connection.
    pub fn quit(&mut self) -> Result<(), SmtpError> {
        self.check_open()?;
        self.ops.push_back(Op::Quit);
        Ok(())
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

    fn check_open(&self) -> Result<(), SmtpError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if matches!(self.phase, Phase::Closed | Phase::Quit)
            || self.ops.iter().any(|op| matches!(op, Op::Quit))
        {
            return Err(SmtpError::Closed);
        }
        Ok(())
    }

    fn send_command(&mut self, command: Command) {
        self.transcript.push(Line::client(command.transcript()));
        self.outbox.extend_from_slice(&command.to_bytes());
    }

    fn fail(&mut self, error: SmtpError) {
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
        if reply.code == 421 && !matches!(self.phase, Phase::Quit) {
            self.fail(SmtpError::ServiceClosing(reply));
            return;
        }
        match std::mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Greeting => {
                if reply.code == 220 {
                    self.events.push_back(Event::Greeting(reply));
                    self.send_ehlo();
                } else {
                    self.fail(SmtpError::GreetingRefused(reply));
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
                    self.fail(SmtpError::HelloRefused(reply));
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
                    self.fail(SmtpError::HelloRefused(reply));
                }
            }
            Phase::StartTls => {
                if reply.code == 220 {
                    if self.parser.buffered() > 0 {
                        self.fail(SmtpError::PlaintextAfterStartTls(self.parser.buffered()));
                    } else {
                        self.phase = Phase::TlsHandshake;
                    }
                } else {
                    self.fail(SmtpError::StartTlsRefused(reply));
                }
            }
            Phase::Auth(authenticator) => self.on_auth_reply(*authenticator, reply),
            Phase::Transaction(transaction) => self.on_transaction_reply(*transaction, reply),
            Phase::Noop => self.events.push_back(Event::Noop(reply)),
            Phase::Rset => self.events.push_back(Event::Reset(reply)),
            Phase::Quit => {
                self.phase = Phase::Closed;
                self.events.push_back(Event::Closed(reply));
            }
            phase @ (Phase::Idle | Phase::TlsHandshake | Phase::Closed) => {
                self.phase = phase;
                self.fail(SmtpError::UnexpectedReply { expected: "without a command", reply });
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
                self.fail(SmtpError::StartTlsNotOffered);
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

    fn begin_auth(&mut self, credentials: &crate::sasl::Credentials) {
        if self.extensions.auth.is_empty() {
            self.fail(SmtpError::AuthNotOffered);
            return;
        }
        let chosen = self.config.policy.choose(
            self.extensions.auth.iter().map(String::as_str),
            credentials,
            self.encrypted,
            self.config.sasl.scram_client_nonce.is_some(),
        );
        let mut authenticator =
            match chosen.and_then(|m| Authenticator::new(m, credentials, &self.config.sasl)) {
                Ok(authenticator) => authenticator,
                Err(error) => return self.fail(error.into()),
            };
        // RFC 4954 section 4 lets every mechanism's initial response ride on the AUTH command,
        // saving a round trip.
        let initial_response =
            if self.config.initial_response { authenticator.initial_response_base64() } else { None };
        self.send_command(Command::Auth { mechanism: authenticator.mechanism().name(), initial_response });
        self.phase = Phase::Auth(Box::new(authenticator));
    }

    fn on_auth_reply(&mut self, mut authenticator: Authenticator, reply: Reply) {
        match reply.code {
            334 => {
                let challenge = reply.lines.first().map(String::as_str).unwrap_or("");
                match authenticator.step_base64(challenge) {
                    Ok(response) => {
                        self.send_command(Command::AuthResponse(response));
                        self.phase = Phase::Auth(Box::new(authenticator));
                    }
                    Err(error) => {
                        // RFC 4954 section 4: "*" cancels the exchange.
                        self.send_command(Command::AuthResponse("*".into()));
                        self.fail(error.into());
                    }
                }
            }
            235 => match authenticator.finish(None) {
                Ok(()) => {
                    self.authenticated = true;
                    self.events.push_back(Event::Authenticated { mechanism: authenticator.mechanism() });
                }
                Err(error) => self.fail(error.into()),
            },
            _ => self.fail(SmtpError::AuthFailed {
                reply,
                server_error: authenticator.server_error().map(str::to_owned),
            }),
        }
    }

    fn start(&mut self, op: Op) {
        match op {
            Op::Noop => {
                self.send_command(Command::Noop);
                self.phase = Phase::Noop;
            }
            Op::Rset => {
                self.send_command(Command::Rset);
                self.phase = Phase::Rset;
            }
            Op::Quit => {
                self.send_command(Command::Quit);
                self.phase = Phase::Quit;
            }
            Op::Send { id, envelope, body } => self.start_transaction(id, envelope, body),
        }
    }

    fn start_transaction(&mut self, id: SubmissionId, envelope: Envelope, body: Vec<u8>) {
        let ext = &self.extensions;
        let eight_bit = body.iter().any(|&b| b >= 0x80);
        let smtputf8 = envelope.needs_smtputf8();
        let refuse = if matches!(ext.size, Some(limit) if limit > 0 && body.len() as u64 > limit) {
            Some(FailedAt::TooLarge)
        } else if eight_bit && !ext.eight_bit_mime && !ext.smtputf8 {
            Some(FailedAt::EightBitUnsupported)
        } else if smtputf8 && !ext.smtputf8 {
            Some(FailedAt::Utf8Unsupported)
        } else {
            None
        };
        if let Some(at) = refuse {
            let failure = SendFailure { at, reply: None, recipients: Vec::new() };
            self.events.push_back(Event::NotSent { id, failure });
            return;
        }
        let mut parameters = Vec::new();
        if ext.size.is_some() {
            parameters.push(MailParameter::Size(body.len() as u64));
        }
        if eight_bit && ext.eight_bit_mime {
            parameters.push(MailParameter::Body8BitMime);
        }
        if smtputf8 {
            parameters.push(MailParameter::SmtpUtf8);
        }
        let pipelined = ext.pipelining;
        let mut transaction = Transaction {
            id,
            pipelined,
            expect: VecDeque::from([Expect::Mail]),
            mail_accepted: false,
            recipients: Vec::new(),
            state: Body::Waiting,
            failure: None,
            envelope,
            body,
        };
        self.send_command(Command::Mail { from: transaction.envelope.from.clone(), parameters });
        if pipelined {
            // RFC 2920 section 3.1: MAIL, RCPTs and DATA may go in one group; DATA ends it.
            for (i, to) in transaction.envelope.to.clone().into_iter().enumerate() {
                self.send_command(Command::Rcpt(to));
                transaction.expect.push_back(Expect::Rcpt(i));
            }
            self.send_command(Command::Data);
            transaction.expect.push_back(Expect::Data);
        }
        self.phase = Phase::Transaction(Box::new(transaction));
    }

    fn on_transaction_reply(&mut self, mut tx: Transaction, reply: Reply) {
        let Some(expect) = tx.expect.pop_front() else {
            self.fail(SmtpError::UnexpectedReply { expected: "while sending the message", reply });
            return;
        };
        match expect {
            Expect::Mail => {
                tx.mail_accepted = reply.is_positive();
                if !tx.mail_accepted {
                    tx.failure = Some((FailedAt::Mail, Some(reply)));
                    if !tx.pipelined {
                        self.send_rset(&mut tx);
                    }
                } else if !tx.pipelined {
                    self.send_rcpt(&mut tx, 0);
                }
            }
            Expect::Rcpt(i) => {
                let outcome = RecipientOutcome { recipient: tx.envelope.to[i].clone(), reply };
                self.events.push_back(Event::RecipientResult { id: tx.id, outcome: outcome.clone() });
                tx.recipients.push(outcome);
                if !tx.pipelined {
                    if i + 1 < tx.envelope.to.len() {
                        self.send_rcpt(&mut tx, i + 1);
                    } else if tx.any_accepted() {
                        self.send_command(Command::Data);
                        tx.expect.push_back(Expect::Data);
                    } else {
                        tx.failure = Some((FailedAt::Recipients, first_refusal(&tx)));
                        self.send_rset(&mut tx);
                    }
                }
            }
            Expect::Data => {
                let usable = tx.failure.is_none() && tx.mail_accepted && tx.any_accepted();
                if reply.code == 354 && usable {
                    tx.state = Body::Streaming { offset: 0, encoder: DataEncoder::new() };
                } else if reply.code == 354 {
                    // RFC 2920 section 3.1: a pipelining server must refuse DATA without valid
                    // recipients; if one accepts it anyway, send an empty message's end at once
                    // rather than the content.
                    if tx.failure.is_none() {
                        tx.failure = Some((FailedAt::Recipients, first_refusal(&tx)));
                    }
                    self.transcript.push(Line::client("."));
                    self.outbox.extend_from_slice(b".\r\n");
                    tx.expect.push_back(Expect::EndOfData);
                } else {
                    if tx.failure.is_none() {
                        tx.failure = Some(if !tx.mail_accepted {
                            (FailedAt::Mail, Some(reply))
                        } else if !tx.any_accepted() {
                            (FailedAt::Recipients, first_refusal(&tx))
                        } else {
                            (FailedAt::Data, Some(reply))
                        });
                    }
                    self.send_rset(&mut tx);
                }
            }
            Expect::EndOfData => {
                if tx.failure.is_some() {
                    self.send_rset(&mut tx);
                } else if reply.is_positive() {
                    self.events.push_back(Event::Sent { id: tx.id, reply, recipients: tx.recipients });
                    return;
                } else {
                    // The server has already reset the transaction after refusing the message
                    // (RFC 5321 section 4.1.1.4), so no RSET is needed.
                    let failure = SendFailure {
                        at: FailedAt::EndOfData,
                        reply: Some(reply),
                        recipients: tx.recipients,
                    };
                    self.events.push_back(Event::NotSent { id: tx.id, failure });
                    return;
                }
            }
            Expect::Rset => {
                let (at, reply) = tx.failure.take().unwrap_or((FailedAt::Mail, None));
                let failure = SendFailure { at, reply, recipients: tx.recipients };
                self.events.push_back(Event::NotSent { id: tx.id, failure });
                return;
            }
        }
        self.phase = Phase::Transaction(Box::new(tx));
    }

    fn send_rcpt(&mut self, tx: &mut Transaction, i: usize) {
        self.send_command(Command::Rcpt(tx.envelope.to[i].clone()));
        tx.expect.push_back(Expect::Rcpt(i));
    }

    fn send_rset(&mut self, tx: &mut Transaction) {
        // Replies to commands already pipelined still arrive first; RSET is answered last.
        self.send_command(Command::Rset);
        tx.expect.push_back(Expect::Rset);
    }

    /// Writes the next chunk of DATA content if a body is streaming; true if it wrote.
    fn stream_body(&mut self) -> bool {
        let chunk_size = self.config.chunk_size.max(1);
        let Phase::Transaction(tx) = &mut self.phase else { return false };
        let Body::Streaming { offset, encoder } = &mut tx.state else { return false };
        let end = (*offset + chunk_size).min(tx.body.len());
        encoder.encode(&tx.body[*offset..end], &mut self.outbox);
        *offset = end;
        if end == tx.body.len() {
            let content = encoder.written();
            encoder.finish(&mut self.outbox);
            // The content is summarised, not printed: it can be large and it is the user's mail.
            let content = content + (encoder.written() - content).saturating_sub(3);
            self.transcript.push(Line::client(transcript::summary(content as usize)));
            self.transcript.push(Line::client("."));
            tx.state = Body::Done;
            tx.expect.push_back(Expect::EndOfData);
            // The message has been written; the copy is no longer needed.
            tx.body = Vec::new();
        }
        true
    }
}

fn first_refusal(tx: &Transaction) -> Option<Reply> {
    tx.recipients.iter().find(|r| !r.accepted()).map(|r| r.reply.clone())
}

impl Client for SmtpClient {
    type Event = Event;
    type Error = SmtpError;

    fn enqueue_input(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.watch.activity();
            self.parser.push(bytes);
        }
    }

    fn next(&mut self) -> Result<Event, Interrupt<SmtpError>> {
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
                Phase::Closed => return Err(Interrupt::Error(SmtpError::Closed)),
                Phase::TlsHandshake => {
                    if self.parser.buffered() > 0 {
                        self.fail(SmtpError::PlaintextAfterStartTls(self.parser.buffered()));
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
                && let Some(op) = self.ops.pop_front()
            {
                self.start(op);
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
            self.fail(SmtpError::PlaintextAfterStartTls(self.parser.buffered()));
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
