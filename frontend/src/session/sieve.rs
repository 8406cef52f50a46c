//! A ManageSieve session through the bridge (RFC 5804): sign in, list, read and store the Sieve
//! scripts that filter the account's arriving mail on the server (filters.rs edits them).

use posthorn_proto::managesieve::{
    Capabilities, Config, Error as SieveError, Event, Request, ScriptEntry, SieveClient,
};
use posthorn_proto::secret::Secret;

use crate::account::{AccountSettings, ConnectionSecurity, ServerSettings};
use crate::net::driver::{Connection, DriveError, Role};
use crate::protocol_log::ProtocolLog;
use crate::session::sign_in::{Refusal, SignInFailed};
use crate::session::{MailError, credentials, engine_words, sasl_options};

/// The filter server as the person wrote it (`name:port`), or the incoming server's name with
/// RFC 5804's port 4190.
pub fn server_text(account: &AccountSettings) -> String {
    account.sieve_server.clone().unwrap_or_else(|| default_server(account))
}

/// The incoming server's name with RFC 5804's port 4190 (section 1.8).
pub fn default_server(account: &AccountSettings) -> String {
    format!("{}:{}", account.incoming.host, posthorn_proto::managesieve::PORT)
}

/// The filter server's settings from `name:port`: the incoming server's user name and sign-in
/// method, STARTTLS (RFC 5804 section 2.2) unless the incoming server goes unencrypted on purpose,
/// and the certificate trusted for the incoming server where the name is the same.
pub fn server(account: &AccountSettings, text: &str) -> Option<ServerSettings> {
    let (host, port) = text.trim().rsplit_once(':')?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let incoming = &account.incoming;
    Some(ServerSettings {
        host: host.to_owned(),
        port,
        security: match incoming.security {
            ConnectionSecurity::None => ConnectionSecurity::None,
            _ => ConnectionSecurity::Starttls,
        },
        username: incoming.username.clone(),
        mechanism: incoming.mechanism,
        pin_sha256: incoming.pin_sha256.clone().filter(|_| incoming.host.eq_ignore_ascii_case(host)),
    })
}

/// A signed-in ManageSieve session.
pub struct SieveSession {
    conn: Connection,
    client: SieveClient,
}

/// How a request ended: done (with the server's warnings), or refused with the server's words.
pub enum Stored {
    Done(Option<String>),
    Refused(String),
}

impl SieveSession {
    /// Connects through the bridge and signs in.
    pub async fn open(
        account: &AccountSettings,
        server: &ServerSettings,
        password: &Secret,
        log: ProtocolLog,
    ) -> Result<Self, MailError> {
        let conn = Connection::to_server(&account.email, server, "ManageSieve", log).await?;
        let mut config = Config::new(server.security.tls_mode(), credentials(server, password));
        config.sasl = sasl_options(server);
        config.timeouts = crate::net::clock::timeouts();
        let mut session = SieveSession { conn, client: SieveClient::new(config) };
        loop {
            match session.conn.next_event(&mut session.client).await {
                Ok(Event::Authenticated { .. }) => return Ok(session),
                Ok(_) => continue,
                Err(DriveError::Socket(e)) => return Err(e.into()),
                Err(DriveError::Protocol(e)) => {
                    let SieveError::AuthFailed(response) = &e else { return Err(engine_words::sieve(&e)) };
                    let refused = SignInFailed {
                        role: Role::Incoming,
                        server: format!("{}:{}", server.host, server.port),
                        refusal: if e.refuses_credentials() { Refusal::Credentials } else { Refusal::Other },
                    };
                    return Err(refused.into_error(Some(response.to_string())));
                }
            }
        }
    }

    /// What the server's Sieve can do.
    pub fn capabilities(&self) -> &Capabilities {
        self.client.capabilities()
    }

    async fn request(&mut self, request: Request) -> Result<Event, MailError> {
        let id = self.client.enqueue(request).map_err(|e| engine_words::sieve(&e))?;
        loop {
            match self.conn.next_event(&mut self.client).await {
                Ok(event) if event.request() == Some(id) => return Ok(event),
                Ok(_) => continue,
                Err(DriveError::Socket(e)) => return Err(e.into()),
                Err(DriveError::Protocol(e)) => return Err(engine_words::sieve(&e)),
            }
        }
    }

    fn unexpected(event: Event) -> MailError {
        engine_words::sieve(&SieveError::Unexpected(format!("{event:?}")))
    }

    /// LISTSCRIPTS.
    pub async fn scripts(&mut self) -> Result<Vec<ScriptEntry>, MailError> {
        match self.request(Request::ListScripts).await? {
            Event::Scripts { scripts, .. } => Ok(scripts),
            Event::Refused { response, .. } => Err(engine_words::sieve_refused("LISTSCRIPTS", &response)),
            other => Err(Self::unexpected(other)),
        }
    }

    /// GETSCRIPT.
    pub async fn script(&mut self, name: &str) -> Result<String, MailError> {
        match self.request(Request::GetScript(name.to_owned())).await? {
            Event::Script { text, .. } => Ok(text),
            Event::Refused { response, .. } => Err(engine_words::sieve_refused("GETSCRIPT", &response)),
            other => Err(Self::unexpected(other)),
        }
    }

    /// PUTSCRIPT, which the server takes only if the script is valid Sieve (RFC 5804 section 2.6).
    pub async fn put(&mut self, name: &str, script: String) -> Result<Stored, MailError> {
        self.done(Request::PutScript { name: name.to_owned(), script }).await
    }

    /// SETACTIVE: the script that runs on arriving mail.
    pub async fn activate(&mut self, name: &str) -> Result<Stored, MailError> {
        self.done(Request::SetActive(name.to_owned())).await
    }

    async fn done(&mut self, request: Request) -> Result<Stored, MailError> {
        match self.request(request).await? {
            Event::Done { warnings, .. } => Ok(Stored::Done(warnings)),
            Event::Refused { response, .. } => Ok(Stored::Refused(response.to_string())),
            other => Err(Self::unexpected(other)),
        }
    }

    /// LOGOUT, and the connection closed.
    pub async fn logout(mut self) {
        let _ = self.request(Request::Logout).await;
        self.conn.close();
    }
}
