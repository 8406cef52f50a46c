//! Sign-in (RFC 1939 section 7, RFC 5034): SASL AUTH with the strongest mechanism both sides
//! allow, APOP, or USER and PASS, as the account's policy and the server's capabilities decide.

use super::*;

/// RFC 5034 section 4: an AUTH command line is at most 255 octets; a longer initial response is
/// sent after an empty challenge instead.
const MAX_AUTH_COMMAND: usize = 255;

impl Pop3Client {
    /// Picks the sign-in method: the one the configuration names, or else SCRAM-SHA-256 > CRAM-MD5 >
    /// APOP > PLAIN > LOGIN > USER/PASS among what the server offers, the readable ones only under
    /// the policy. A mechanism pinned in the policy means SASL only.
    pub(super) fn begin_auth(&mut self, credentials: &Credentials) {
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
                None => self.fail(Error::NoAuthMethod),
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

    pub(super) fn begin_apop(&mut self, timestamp: &str, credentials: &Credentials) {
        let Some(password) = credentials.password_secret() else {
            return self.fail(Error::NoAuthMethod);
        };
        let name = credentials.username().to_owned();
        // `APOP name digest`: a space in the name would shift the digest into another argument.
        if name.contains(' ') {
            return self.fail(Error::InvalidArgument("user name"));
        }
        let digest = Secret::new(apop_digest(timestamp, password));
        self.send_command(Command::Apop { name, digest });
        self.phase = Phase::Apop;
    }

    pub(super) fn begin_user(&mut self, credentials: &Credentials) {
        let Some(password) = credentials.password_secret().cloned() else {
            return self.fail(Error::NoAuthMethod);
        };
        // RFC 2449 section 6.2: USER is advertised when supported; a server without CAPA is an
        // RFC 1939 server, where USER/PASS is the baseline.
        if self.capabilities.known && !self.capabilities.user {
            return self.fail(Error::NoAuthMethod);
        }
        if let Err(error) = self.config.policy.check_cleartext_command("USER/PASS", self.encrypted) {
            return self.fail(error.into());
        }
        self.send_command(Command::User(credentials.username().to_owned()));
        self.phase = Phase::User(password);
    }

    pub(super) fn begin_sasl(&mut self, mechanism: Mechanism, credentials: &Credentials) {
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

    pub(super) fn on_auth_line(
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
            ServerLine::Status(response) => self.fail(Error::AuthFailed(response)),
        }
    }

    pub(super) fn auth_result(&mut self, response: Response, method: AuthMethod) {
        if response.is_ok() {
            self.authenticated(method);
        } else {
            self.fail(Error::AuthFailed(response));
        }
    }

    pub(super) fn authenticated(&mut self, method: AuthMethod) {
        self.state = SessionState::Transaction;
        self.phase = Phase::Idle;
        self.events.push_back(Event::Authenticated { method });
    }
}
