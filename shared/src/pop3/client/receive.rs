//! What the server says, line by line (RFC 1939 section 3): the greeting, the CAPA listing
//! (RFC 2449), STLS (RFC 2595) and the sign-in replies, then each command's response.

use super::*;

impl Pop3Client {
    pub(super) fn on_line(&mut self, line: Vec<u8>) {
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
            Phase::Block { id, request, mut reader } => {
                let content = matches!(request, Request::Retr(_) | Request::Top { .. });
                if !content {
                    self.transcript.push(Line::server(transcript::printable(&line)));
                }
                if reader.push_line(&line) {
                    self.finish_block(id, request, reader);
                } else {
                    self.phase = Phase::Block { id, request, reader };
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

    pub(super) fn on_server_line(&mut self, phase: Phase, line: ServerLine) {
        if let Phase::Auth { authenticator, pending_ir } = phase {
            return self.on_auth_line(*authenticator, pending_ir, line);
        }
        let ServerLine::Status(response) = line else {
            return self.fail(Error::Unexpected("a SASL continuation outside AUTH".into()));
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
                    self.fail(Error::GreetingRefused(response));
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
                    return self.fail(Error::StlsRefused(response));
                }
                if !self.lines.is_empty() {
                    return self.fail(Error::PlaintextAfterStls(self.lines.buffered()));
                }
                self.phase = Phase::TlsHandshake;
            }
            Phase::User(password) => {
                if response.is_ok() {
                    self.send_command(Command::Pass(password));
                    self.phase = Phase::Pass;
                } else {
                    self.fail(Error::AuthFailed(response));
                }
            }
            Phase::Pass => self.auth_result(response, AuthMethod::UserPass),
            Phase::Apop => self.auth_result(response, AuthMethod::Apop),
            Phase::Command(id, request) => self.on_command_response(id, request, response),
            Phase::Quit(id) => {
                self.phase = Phase::Closed;
                self.events.push_back(Event::Closed { id, response });
            }
            phase @ (Phase::Idle | Phase::TlsHandshake | Phase::Closed) => {
                self.phase = phase;
                self.fail(Error::Unexpected(format!("{response} without a command")));
            }
            Phase::CapaLines(_) | Phase::Block { .. } | Phase::Auth { .. } => {
                unreachable!("handled by on_line")
            }
        }
    }

    pub(super) fn send_capa(&mut self) {
        self.send_command(Command::Capa);
        self.phase = Phase::Capa;
    }

    pub(super) fn after_capa(&mut self) {
        if self.config.tls == TlsMode::StartTls && !self.encrypted {
            // Without CAPA nothing says STLS is missing, so it is tried; a -ERR ends the session.
            // With CAPA and no STLS the account's requirement cannot be met: stop, never fall back.
            if self.capabilities.stls || !self.capabilities.known {
                self.send_command(Command::Stls);
                self.phase = Phase::Stls;
            } else {
                self.fail(Error::StlsNotOffered);
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
}
