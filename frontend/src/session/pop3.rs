//! A POP3 session through the bridge (RFC 1939): log in, list, read headers with TOP, fetch with RETR.

use posthorn_proto::pop3::{AuthMethod, Config, Error as Pop3Error, Event, ListEntry, Pop3Client, UidEntry};
use posthorn_proto::secret::Secret;

use crate::account::AccountSettings;
use crate::net::driver::{Connection, DriveError, Role};
use crate::protocol_log::ProtocolLog;
use crate::session::sign_in::{Refusal, SignInFailed};
use crate::session::{MailError, OpenFailure, credentials, engine_words, sasl_options};

/// A logged-in POP3 session (TRANSACTION state).
pub struct Pop3Session {
    conn: Connection,
    client: Pop3Client,
}

fn engine_error(e: Pop3Error) -> MailError {
    engine_words::pop3(&e)
}

impl Pop3Session {
    /// Connects through the bridge and signs in with the best method the server offers.
    pub async fn open(
        account: &AccountSettings,
        password: &Secret,
        log: ProtocolLog,
    ) -> Result<Self, MailError> {
        Self::connect(account, password, log).await.map_err(|f| f.error)
    }

    /// As [`Pop3Session::open`], telling the server refusing the password apart from the rest.
    pub async fn connect(
        account: &AccountSettings,
        password: &Secret,
        log: ProtocolLog,
    ) -> Result<Self, OpenFailure> {
        let server = &account.incoming;
        let conn = Connection::to_server(&account.email, server, "POP3", log)
            .await
            .map_err(OpenFailure::transport)?;
        let mut config = Config::new(server.security.tls_mode());
        config.credentials = Some(credentials(server, password));
        // Without a SCRAM nonce the engine skips SCRAM and takes CRAM-MD5 (RFC 5802 section 5.1).
        config.sasl = sasl_options(server);
        config.timeouts = crate::net::clock::timeouts();
        config.auth_method = server.mechanism.map(AuthMethod::Sasl);
        let client = Pop3Client::new(config).map_err(|e| OpenFailure {
            error: engine_error(e),
            transport: false,
            login_refused: false,
        })?;
        let mut session = Pop3Session { conn, client };
        loop {
            let failure = match session.conn.next_event(&mut session.client).await {
                Ok(Event::Authenticated { .. }) => {
                    crate::account::compatibility::record_pop3(&account.email, session.client.capabilities());
                    return Ok(session);
                }
                Ok(_) => continue,
                Err(DriveError::Socket(e)) => OpenFailure::transport(e),
                Err(DriveError::Protocol(e)) => {
                    let wrong_password = e.refuses_credentials();
                    let error = match e {
                        Pop3Error::AuthFailed(response) => {
                            // RFC 3206 section 4: [AUTH] names the credentials; other codes name
                            // something else, which a new password would not mend.
                            let credentials =
                                wrong_password && matches!(response.code.as_deref(), None | Some("AUTH"));
                            let refused = SignInFailed {
                                role: Role::Incoming,
                                server: format!("{}:{}", server.host, server.port),
                                refusal: if credentials { Refusal::Credentials } else { Refusal::Other },
                            };
                            refused.into_error(Some(response.to_string()))
                        }
                        other => engine_error(other),
                    };
                    OpenFailure { error, transport: false, login_refused: wrong_password }
                }
            };
            return Err(failure);
        }
    }

    async fn next(&mut self) -> Result<Event, MailError> {
        match self.conn.next_event(&mut self.client).await {
            Ok(Event::Refused { command, response }) => Err(engine_words::pop3_refused(&command, &response)),
            Ok(event) => Ok(event),
            Err(DriveError::Socket(e)) => Err(e.into()),
            Err(DriveError::Protocol(e)) => Err(engine_error(e)),
        }
    }

    /// UIDL: every message's number and unique id.
    pub async fn uidl(&mut self) -> Result<Vec<UidEntry>, MailError> {
        self.client.uidl(None).map_err(engine_error)?;
        loop {
            if let Event::Uidl(entries) = self.next().await? {
                return Ok(entries);
            }
        }
    }

    /// LIST: every message's number and size.
    pub async fn list(&mut self) -> Result<Vec<ListEntry>, MailError> {
        self.client.list(None).map_err(engine_error)?;
        loop {
            if let Event::List(entries) = self.next().await? {
                return Ok(entries);
            }
        }
    }

    /// TOP n 0: the header of message `number`.
    pub async fn header(&mut self, number: u32) -> Result<Vec<u8>, MailError> {
        self.client.top(number, 0).map_err(engine_error)?;
        loop {
            if let Event::Top { data, .. } = self.next().await? {
                return Ok(data);
            }
        }
    }

    /// RETR: the whole message.
    pub async fn retrieve(&mut self, number: u32) -> Result<Vec<u8>, MailError> {
        self.client.retr(number).map_err(engine_error)?;
        loop {
            match self.next().await? {
                Event::Message { data, .. } => return Ok(data),
                Event::TooLarge { limit, .. } => {
                    let size = crate::format::size(limit as u64);
                    return Err(MailError::new((crate::i18n::t().engine.err_too_large_to_download)(&size)));
                }
                _ => {}
            }
        }
    }

    /// DELE: marks message `number` for deletion; the server deletes it only when QUIT succeeds.
    pub async fn dele(&mut self, number: u32) -> Result<(), MailError> {
        self.client.dele(number).map_err(engine_error)?;
        loop {
            if let Event::Deleted { .. } = self.next().await? {
                return Ok(());
            }
        }
    }

    /// QUIT: ends the session. Returns whether the server answered `+OK`, which is when messages
    /// marked with DELE are really deleted (RFC 1939 section 6, the UPDATE state).
    pub async fn quit(mut self) -> bool {
        let mut committed = false;
        if self.client.quit().is_ok() {
            while let Ok(event) = self.next().await {
                if let Event::Closed(response) = event {
                    committed = response.is_ok();
                    break;
                }
            }
        }
        self.conn.close();
        committed
    }
}
