//! The ManageSieve client state machine (RFC 5804).

use std::collections::VecDeque;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::response::{next_line, string};
use super::{Capabilities, Config, Error, Event, Request, RequestId, Response, ScriptEntry, Status, Token};
use crate::engine::{Client, Interrupt, Io};
use crate::sasl::Authenticator;
use crate::security::TlsMode;
use crate::time::{Moment, SilenceWatch};
use crate::transcript::{self, Line, REDACTED};

#[derive(Debug)]
enum Phase {
    /// The capability lines before `OK`, at the start and again after STARTTLS (section 2.2).
    Capabilities(Capabilities),
    StartTls,
    TlsHandshake,
    Authenticate(Box<Authenticator>),
    Idle,
    Command {
        id: RequestId,
        request: Request,
        lines: Vec<Vec<Token>>,
    },
    Closed,
}

/// A sans-IO ManageSieve client.
///
/// It reads the capabilities, upgrades with STARTTLS when the account requires it, and signs in
/// with the strongest SASL mechanism the policy allows. The caller queues [`Request`]s with
/// [`SieveClient::enqueue`]; they run in order once signed in, each answered by an [`Event`] with
/// its [`RequestId`].
#[derive(Debug)]
pub struct SieveClient {
    config: Config,
    input: Vec<u8>,
    phase: Phase,
    encrypted: bool,
    capabilities: Capabilities,
    outbox: Vec<u8>,
    events: VecDeque<Event>,
    transcript: Vec<Line>,
    requests: VecDeque<(RequestId, Request)>,
    next_id: u64,
    failed: Option<Error>,
    watch: SilenceWatch,
}

impl SieveClient {
    /// A client for a connection the driver has just opened (in TLS already for
    /// [`TlsMode::Implicit`]).
    pub fn new(config: Config) -> Self {
        Self {
            input: Vec::new(),
            phase: Phase::Capabilities(Capabilities::default()),
            encrypted: config.tls.encrypted_from_start(),
            capabilities: Capabilities::default(),
            outbox: Vec::new(),
            events: VecDeque::new(),
            transcript: Vec::new(),
            requests: VecDeque::new(),
            next_id: 0,
            failed: None,
            watch: SilenceWatch::default(),
            config,
        }
    }

    /// What the server said it can do.
    pub fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    /// Queues `request`. Refused at once if the session is over or a script name cannot be sent
    /// (RFC 5804 section 1.6: no control characters; empty only for SETACTIVE).
    pub fn enqueue(&mut self, request: Request) -> Result<RequestId, Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if matches!(self.phase, Phase::Closed) || self.requests.iter().any(|(_, r)| *r == Request::Logout) {
            return Err(Error::Closed);
        }
        if let Some((name, may_be_empty)) = request.name()
            && ((name.is_empty() && !may_be_empty)
                || name.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}'))
        {
            return Err(Error::InvalidName(name.to_owned()));
        }
        let id = RequestId(self.next_id);
        self.next_id += 1;
        self.requests.push_back((id, request));
        Ok(id)
    }

    fn fail(&mut self, error: Error) {
        if self.failed.is_none() {
            self.failed = Some(error);
        }
        self.input.clear();
    }

    fn send(&mut self, bytes: Vec<u8>, shown: String) {
        self.transcript.push(Line::client(shown));
        self.outbox.extend_from_slice(&bytes);
        self.outbox.extend_from_slice(b"\r\n");
    }

    fn start(&mut self, id: RequestId, request: Request) {
        let mut bytes = request.keyword().as_bytes().to_vec();
        let mut shown = request.keyword().to_owned();
        if let Some((name, _)) = request.name() {
            let name = string(name);
            shown = format!("{shown} {}", transcript::printable(&name));
            bytes.push(b' ');
            bytes.extend(name);
        }
        if let Request::PutScript { script, .. } | Request::CheckScript(script) = &request {
            bytes.extend(format!(" {{{}+}}\r\n", script.len()).into_bytes());
            bytes.extend_from_slice(script.as_bytes());
            shown = format!("{shown} {{{}+}} {}", script.len(), transcript::summary(script.len()));
        }
        self.send(bytes, shown);
        self.phase = Phase::Command { id, request, lines: Vec::new() };
    }

    fn show(tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| match t {
                Token::Atom(a) => transcript::printable(a.as_bytes()),
                Token::String(s) if s.len() > 200 || s.contains(&b'\n') => transcript::summary(s.len()),
                Token::String(s) => format!("\"{}\"", transcript::printable(s)),
                Token::Code(name, Some(_)) if name.eq_ignore_ascii_case("SASL") => {
                    format!("({name} {REDACTED})")
                }
                Token::Code(name, Some(arg)) => {
                    format!("({name} \"{}\")", transcript::printable(arg.as_bytes()))
                }
                Token::Code(name, None) => format!("({name})"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn on_line(&mut self, tokens: Vec<Token>) {
        let shown = match self.phase {
            Phase::Authenticate(_) if Response::of(&tokens).is_none() => REDACTED.to_owned(),
            _ => Self::show(&tokens),
        };
        self.transcript.push(Line::server(shown));
        let response = Response::of(&tokens);
        if let Some(r) = &response
            && r.status == Status::Bye
            && !matches!(&self.phase, Phase::Command { request: Request::Logout, .. })
        {
            let error = match self.phase {
                Phase::Capabilities(_) => Error::GreetingRefused(r.clone()),
                _ => Error::Bye(r.clone()),
            };
            return self.fail(error);
        }
        match std::mem::replace(&mut self.phase, Phase::Closed) {
            Phase::Capabilities(mut capabilities) => match response {
                None => {
                    capability(&mut capabilities, &tokens);
                    self.phase = Phase::Capabilities(capabilities);
                }
                Some(r) if r.status == Status::Ok => {
                    self.capabilities = capabilities;
                    self.after_capabilities();
                }
                Some(r) => self.fail(Error::GreetingRefused(r)),
            },
            Phase::StartTls => match response {
                Some(r) if r.status == Status::Ok => self.phase = Phase::TlsHandshake,
                Some(r) => self.fail(Error::StartTlsRefused(r)),
                None => self.fail(Error::Unexpected(Self::show(&tokens))),
            },
            Phase::Authenticate(authenticator) => self.on_auth_line(authenticator, tokens, response),
            Phase::Command { id, request, mut lines } => match response {
                None => {
                    lines.push(tokens);
                    self.phase = Phase::Command { id, request, lines };
                }
                Some(r) => {
                    self.phase = Phase::Idle;
                    self.complete(id, request, lines, r);
                }
            },
            Phase::Idle | Phase::TlsHandshake | Phase::Closed => {
                self.fail(Error::Unexpected(Self::show(&tokens)))
            }
        }
    }

    fn after_capabilities(&mut self) {
        if self.config.tls == TlsMode::StartTls && !self.encrypted {
            if !self.capabilities.starttls {
                return self.fail(Error::StartTlsNotOffered);
            }
            self.send(b"STARTTLS".to_vec(), "STARTTLS".into());
            self.phase = Phase::StartTls;
            return;
        }
        self.events
            .push_back(Event::Ready { capabilities: self.capabilities.clone(), encrypted: self.encrypted });
        let mechanism = self.config.policy.choose(
            self.capabilities.sasl.iter().map(String::as_str),
            &self.config.credentials,
            self.encrypted,
            self.config.sasl.scram_client_nonce.is_some(),
        );
        let authenticator = mechanism.map_err(Error::from).and_then(|m| {
            Authenticator::new(m, &self.config.credentials, &self.config.sasl).map_err(Error::from)
        });
        let mut authenticator = match authenticator {
            Ok(a) => a,
            Err(error) => return self.fail(error),
        };
        let name = authenticator.mechanism().name();
        let mut bytes = format!("AUTHENTICATE \"{name}\"").into_bytes();
        let mut shown = format!("AUTHENTICATE \"{name}\"");
        if let Some(ir) = authenticator.initial_response() {
            bytes.extend(b" \"");
            bytes.extend(STANDARD.encode(ir).into_bytes());
            bytes.push(b'"');
            shown = format!("{shown} {REDACTED}");
        }
        self.send(bytes, shown);
        self.phase = Phase::Authenticate(Box::new(authenticator));
    }

    fn on_auth_line(
        &mut self,
        mut authenticator: Box<Authenticator>,
        tokens: Vec<Token>,
        response: Option<Response>,
    ) {
        match (response, tokens.as_slice()) {
            (Some(r), _) if r.status == Status::Ok => {
                let additional = match &r.code {
                    Some((name, Some(data))) if name == "SASL" => STANDARD.decode(data).ok(),
                    _ => None,
                };
                if let Err(error) = authenticator.finish(additional.as_deref()) {
                    return self.fail(error.into());
                }
                self.events.push_back(Event::Authenticated { mechanism: authenticator.mechanism() });
                self.phase = Phase::Idle;
            }
            (Some(r), _) => self.fail(Error::AuthFailed(r)),
            (None, [Token::String(challenge)]) => {
                let challenge = String::from_utf8_lossy(challenge).into_owned();
                match authenticator.step_base64(&challenge) {
                    Ok(answer) => {
                        self.send(string(&answer), REDACTED.to_owned());
                        self.phase = Phase::Authenticate(authenticator);
                    }
                    Err(error) => self.fail(error.into()),
                }
            }
            (None, _) => self.fail(Error::Unexpected(Self::show(&tokens))),
        }
    }

    fn complete(&mut self, id: RequestId, request: Request, lines: Vec<Vec<Token>>, response: Response) {
        if request == Request::Logout {
            self.phase = Phase::Closed;
            self.events.push_back(Event::Closed { id });
            return;
        }
        if response.status == Status::No {
            self.events.push_back(Event::Refused { id, response });
            return;
        }
        let event = match request {
            Request::ListScripts => {
                let mut scripts = Vec::new();
                for line in lines {
                    match line.as_slice() {
                        [Token::String(name), rest @ ..] => scripts.push(ScriptEntry {
                            name: String::from_utf8_lossy(name).into_owned(),
                            active: matches!(rest, [Token::Atom(a)] if a.eq_ignore_ascii_case("ACTIVE")),
                        }),
                        _ => return self.fail(Error::Unexpected(Self::show(&line))),
                    }
                }
                Event::Scripts { id, scripts }
            }
            Request::GetScript(_) => match lines.as_slice() {
                [line] => match line.as_slice() {
                    [Token::String(text)] => {
                        Event::Script { id, text: String::from_utf8_lossy(text).into_owned() }
                    }
                    _ => return self.fail(Error::Unexpected(Self::show(line))),
                },
                _ => return self.fail(Error::Unexpected(format!("{} lines for GETSCRIPT", lines.len()))),
            },
            _ => {
                let warnings =
                    response.text.filter(|_| response.code.as_ref().is_some_and(|(n, _)| n == "WARNINGS"));
                Event::Done { id, warnings }
            }
        };
        self.events.push_back(event);
    }

    /// What the client waits for the server to answer, if anything.
    fn waiting_for(&self) -> Option<&'static str> {
        if self.failed.is_some() {
            return None;
        }
        Some(match &self.phase {
            Phase::Capabilities(_) => "the greeting",
            Phase::StartTls => "STARTTLS",
            Phase::Authenticate(_) => "AUTHENTICATE",
            Phase::Command { request, .. } => request.keyword(),
            Phase::Idle | Phase::TlsHandshake | Phase::Closed => return None,
        })
    }
}

/// Notes one capability line (RFC 5804 section 1.7).
fn capability(capabilities: &mut Capabilities, tokens: &[Token]) {
    let text = |t: &Token| match t {
        Token::String(s) => String::from_utf8_lossy(s).into_owned(),
        Token::Atom(a) => a.clone(),
        Token::Code(name, _) => name.clone(),
    };
    let Some((name, rest)) = tokens.split_first() else { return };
    let value = rest.first().map(text).unwrap_or_default();
    match text(name).to_ascii_uppercase().as_str() {
        "IMPLEMENTATION" => capabilities.implementation = Some(value),
        "SASL" => capabilities.sasl = value.split_whitespace().map(str::to_ascii_uppercase).collect(),
        "SIEVE" => capabilities.sieve = value.split_whitespace().map(str::to_ascii_lowercase).collect(),
        "STARTTLS" => capabilities.starttls = true,
        "MAXREDIRECTS" => capabilities.max_redirects = value.parse().ok(),
        _ => {}
    }
}

impl Client for SieveClient {
    type Event = Event;
    type Error = Error;

    fn enqueue_input(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.watch.activity();
            self.input.extend_from_slice(bytes);
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
                Phase::TlsHandshake if !self.input.is_empty() => {
                    self.fail(Error::PlaintextAfterStartTls(self.input.len()));
                    continue;
                }
                Phase::TlsHandshake => return Err(Interrupt::Io(Io::StartTls)),
                Phase::Idle => {
                    if let Some((id, request)) = self.requests.pop_front() {
                        self.start(id, request);
                        continue;
                    }
                }
                _ => {}
            }
            match next_line(&self.input, self.config.max_line, self.config.max_literal) {
                Err(error) => self.fail(error.into()),
                Ok(Some((tokens, used))) => {
                    self.input.drain(..used);
                    self.on_line(tokens);
                }
                Ok(None) => return Err(Interrupt::Io(Io::NeedMoreInput)),
            }
        }
    }

    fn tls_established(&mut self) {
        if !matches!(self.phase, Phase::TlsHandshake) || self.failed.is_some() {
            return;
        }
        if !self.input.is_empty() {
            return self.fail(Error::PlaintextAfterStartTls(self.input.len()));
        }
        self.encrypted = true;
        // RFC 5804 section 2.2: the server sends its capabilities again over TLS, and those are
        // the ones that count.
        self.capabilities = Capabilities::default();
        self.phase = Phase::Capabilities(Capabilities::default());
    }

    fn drain_transcript(&mut self) -> Vec<Line> {
        std::mem::take(&mut self.transcript)
    }

    fn handle_timeout(&mut self, now: Moment) {
        if let Some(overdue) = self.watch.overdue(now, self.waiting_for(), self.config.timeouts.reply) {
            self.fail(Error::Timeout { step: overdue.step, seconds: overdue.seconds });
        }
    }

    fn next_deadline(&self) -> Option<Moment> {
        self.watch.deadline(self.waiting_for().is_some(), self.config.timeouts.reply)
    }
}

#[cfg(test)]
mod tests;
