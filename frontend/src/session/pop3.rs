//! A POP3 session through the bridge (RFC 1939): log in, list, read headers with TOP, fetch with RETR.

use posthorn_proto::pop3::{
    AuthMethod, Config, Error as Pop3Error, Event, ListEntry, Pop3Client, Request, UidEntry,
};
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

/// An answer of another kind than the request's (the engine gives each request its own kind).
fn unexpected(event: Event) -> MailError {
    engine_error(Pop3Error::Unexpected(format!("{event:?}")))
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

    /// Queues `request` and waits for the event that answers it; a `-ERR` is the request's error.
    async fn request(&mut self, request: Request) -> Result<Event, MailError> {
        let id = self.client.enqueue(request).map_err(engine_error)?;
        loop {
            match self.conn.next_event(&mut self.client).await {
                Ok(event) if event.request() != Some(id) => continue,
                Ok(Event::Refused { command, response, .. }) => {
                    return Err(engine_words::pop3_refused(&command, &response));
                }
                Ok(event) => return Ok(event),
                Err(DriveError::Socket(e)) => return Err(e.into()),
                Err(DriveError::Protocol(e)) => return Err(engine_error(e)),
            }
        }
    }

    /// UIDL: every message's number and unique id.
    pub async fn uidl(&mut self) -> Result<Vec<UidEntry>, MailError> {
        match self.request(Request::Uidl(None)).await? {
            Event::Uidl { entries, .. } => Ok(entries),
            other => Err(unexpected(other)),
        }
    }

    /// LIST: every message's number and size.
    pub async fn list(&mut self) -> Result<Vec<ListEntry>, MailError> {
        match self.request(Request::List(None)).await? {
            Event::List { entries, .. } => Ok(entries),
            other => Err(unexpected(other)),
        }
    }

    /// TOP n 0: the header of message `number`.
    pub async fn header(&mut self, number: u32) -> Result<Vec<u8>, MailError> {
        match self.request(Request::Top { number, lines: 0 }).await? {
            Event::Top { data, .. } => Ok(data),
            other => Err(unexpected(other)),
        }
    }

    /// RETR: the whole message.
    pub async fn retrieve(&mut self, number: u32) -> Result<Vec<u8>, MailError> {
        match self.request(Request::Retr(number)).await? {
            Event::Message { data, .. } => Ok(data),
            Event::TooLarge { limit, .. } => {
                let size = crate::format::size(limit as u64);
                Err(MailError::new((crate::i18n::t().engine.err_too_large_to_download)(&size)))
            }
            other => Err(unexpected(other)),
        }
    }

    /// DELE: marks message `number` for deletion; the server deletes it only when QUIT succeeds.
    pub async fn dele(&mut self, number: u32) -> Result<(), MailError> {
        match self.request(Request::Dele(number)).await? {
            Event::Deleted { .. } => Ok(()),
            other => Err(unexpected(other)),
        }
    }

    /// QUIT: ends the session. Returns whether the server answered `+OK`, which is when messages
    /// marked with DELE are really deleted (RFC 1939 section 6, the UPDATE state).
    pub async fn quit(mut self) -> bool {
        let committed = matches!(
            self.request(Request::Quit).await,
            Ok(Event::Closed { response, .. }) if response.is_ok()
        );
        self.conn.close();
        committed
    }
}
