//! Sign-in with SMTP AUTH (RFC 4954): the strongest mechanism both sides allow, the initial
//! response on the AUTH line, the challenge and response steps.

use super::{Error, Phase, SmtpClient};
use crate::sasl::Authenticator;
use crate::smtp::{Command, Event, Reply};

impl SmtpClient {
    pub(super) fn begin_auth(&mut self, credentials: &crate::sasl::Credentials) {
        if self.extensions.auth.is_empty() {
            self.fail(Error::AuthNotOffered);
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

    pub(super) fn on_auth_reply(&mut self, mut authenticator: Authenticator, reply: Reply) {
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
            _ => self.fail(Error::AuthFailed {
                reply,
                server_error: authenticator.server_error().map(str::to_owned),
            }),
        }
    }
}
