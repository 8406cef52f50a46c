//! An IMAP session through the bridge: connect, log in, run commands one after another, and keep
//! the unsolicited mailbox updates for the view.

use posthorn_proto::imap::{
    Command, CommandId, Config, Data, Error as ImapError, Event, ImapClient, MailboxUpdate,
};
use posthorn_proto::secret::Secret;

use crate::account::AccountSettings;
use crate::net::driver::{Connection, DriveError, Role};
use crate::protocol_log::ProtocolLog;
use crate::session::sign_in::{Refusal, SignInFailed};
use crate::session::{MailError, OpenFailure, credentials, sasl_options};

mod joined;

pub use joined::{Closing, Joiners};

/// A logged-in IMAP session.
pub struct ImapSession {
    conn: Connection,
    client: ImapClient,
    /// Untagged mailbox updates seen since the view last took them.
    pub updates: Vec<MailboxUpdate>,
    /// The transport failed: the session cannot be used again.
    broken: bool,
    /// SELECTs and EXAMINEs sent, so that a lender can tell that a job it ran selected a folder
    /// (frontend/src/session/lender.rs).
    selections: u32,
}

impl ImapSession {
    /// Connects through the bridge, waits for the greeting (and STARTTLS where configured) and logs in.
    pub async fn open(
        account: &AccountSettings,
        password: &Secret,
        log: ProtocolLog,
    ) -> Result<Self, MailError> {
        Self::connect(account, password, log).await.map_err(|f| f.error)
    }

    /// As [`ImapSession::open`], telling a transport failure (bridge or network unreachable,
    /// connection lost) apart from the server saying no, so offline work can be queued.
    pub async fn connect(
        account: &AccountSettings,
        password: &Secret,
        log: ProtocolLog,
    ) -> Result<Self, OpenFailure> {
        let server = &account.incoming;
        let conn = Connection::to_server(&account.email, server, "IMAP", log)
            .await
            .map_err(OpenFailure::transport)?;
        let mut config = Config::new(server.security.tls_mode());
        config.policy.require = server.mechanism;
        // UID SEARCH ALL of a big folder is one long line (about 6 bytes a message).
        config.limits.max_line = 16 * 1024 * 1024;
        config.timeouts = crate::net::clock::timeouts();
        let client = ImapClient::new(config);
        let mut session = ImapSession { conn, client, updates: Vec::new(), broken: false, selections: 0 };
        let failed = |session: &ImapSession, error: MailError| OpenFailure {
            error,
            transport: session.broken,
            login_refused: false,
        };
        let authenticated = loop {
            match session.next_event().await {
                Ok(Event::Ready { authenticated, .. }) => break authenticated,
                Ok(other) => session.note(other),
                Err(e) => return Err(failed(&session, e)),
            }
        };
        if !authenticated {
            // The strongest mechanism offered, or the one the account names (RFC 3501 section 6.2).
            let sign_in =
                Command::SignIn { credentials: credentials(server, password), options: sasl_options(server) };
            let id = session.client.enqueue(sign_in);
            let refusal = loop {
                match session.next_event().await {
                    Ok(Event::Done { id: done, result, .. }) if done == id => break result.err(),
                    Ok(other) => session.note(other),
                    Err(e) => return Err(failed(&session, e)),
                }
            };
            if let Some(refusal) = refusal {
                let wrong_password = refusal.refuses_credentials();
                let refused = SignInFailed {
                    role: Role::Incoming,
                    server: format!("{}:{}", server.host, server.port),
                    refusal: if wrong_password { Refusal::Credentials } else { Refusal::Other },
                };
                // The server's words go beside the sentence; without any, the engine's account of
                // what went wrong (a mechanism it would not use) takes their place.
                let explained = explain(refusal);
                let error = refused.into_error(explained.server_reply.or(Some(explained.message)));
                return Err(OpenFailure { login_refused: wrong_password, ..failed(&session, error) });
            }
        }
        // QRESYNC (RFC 7162) lets a cached folder resynchronise with one SELECT; it implies CONDSTORE.
        // UTF8=ACCEPT (RFC 6855) makes mailbox names plain UTF-8 on the wire.
        let caps = session.client.capabilities();
        crate::account::compatibility::record_imap(&account.email, caps);
        let wanted: Vec<String> = [("QRESYNC", caps.qresync()), ("UTF8=ACCEPT", caps.has("UTF8=ACCEPT"))]
            .into_iter()
            .filter(|(_, offered)| *offered)
            .map(|(name, _)| name.to_owned())
            .collect();
        let send_id = caps.has("ID");
        if caps.enable() && !wanted.is_empty() {
            let enable = Command::Enable { capabilities: wanted };
            if let Err(e) = session.run(enable).await {
                return Err(failed(&session, e));
            }
        }
        // Some providers expect ID (RFC 2971) before they serve mail (Yahoo, see
        // shared/tests/quirks_yahoo.rs). Only the client's name is sent; a refusal changes nothing.
        if send_id {
            let _ = session.run(Command::Id { parameters: vec![("name".into(), "Posthorn".into())] }).await;
        }
        Ok(session)
    }

    fn note(&mut self, event: Event) {
        if let Event::Mailbox(update) = event {
            self.updates.push(update);
        }
    }

    /// Runs one command to its completion.
    pub async fn run(&mut self, command: Command) -> Result<Data, MailError> {
        let id = self.enqueue(command);
        loop {
            match self.next_event().await? {
                Event::Done { id: done, result, .. } if done == id => return result.map_err(explain),
                other => self.note(other),
            }
        }
    }

    /// Runs commands together: all are queued at once, so the engine sends together what IMAP
    /// lets be in flight together (RFC 3501 section 5.5; several STATUS, for one) and the lot
    /// costs one round trip instead of one each. Each command's result comes back in the order
    /// given; a broken transport fails the whole call.
    pub async fn run_all(
        &mut self,
        commands: Vec<Command>,
    ) -> Result<Vec<Result<Data, MailError>>, MailError> {
        let ids: Vec<CommandId> = commands.into_iter().map(|c| self.enqueue(c)).collect();
        let mut results: Vec<Option<Result<Data, MailError>>> = ids.iter().map(|_| None).collect();
        let mut left = ids.len();
        while left > 0 {
            match self.next_event().await? {
                Event::Done { id, result, .. } => {
                    if let Some(slot) = ids.iter().position(|i| *i == id).and_then(|i| results.get_mut(i)) {
                        *slot = Some(result.map_err(explain));
                        left -= 1;
                    }
                }
                other => self.note(other),
            }
        }
        Ok(results.into_iter().flatten().collect())
    }

    /// Waits for the next event of a command that runs on its own (IDLE), returning mailbox
    /// updates as they come.
    pub async fn next_event(&mut self) -> Result<Event, MailError> {
        self.conn.next_event(&mut self.client).await.map_err(|e| {
            // A transport failure, or a server gone silent (the driver reports that as one too).
            self.broken |= matches!(e, DriveError::Socket(_));
            MailError::from(e)
        })
    }

    /// Queues a command without waiting for it (IDLE), returning its handle for the `Done`.
    pub fn enqueue(&mut self, command: Command) -> CommandId {
        if matches!(command, Command::Select { .. } | Command::Examine { .. }) {
            self.selections = self.selections.wrapping_add(1);
        }
        self.client.enqueue(command)
    }

    /// Ends a running IDLE with DONE (RFC 2177 section 3); its `Done` event follows the server's
    /// tagged completion.
    pub fn idle_done(&mut self) {
        self.client.idle_done();
    }

    /// How many SELECTs and EXAMINEs this session has sent.
    pub fn selections(&self) -> u32 {
        self.selections
    }

    /// Whether more commands can run: the transport is up and the server did not end the session.
    pub fn is_usable(&self) -> bool {
        !self.broken && self.client.state() != posthorn_proto::imap::SessionState::Logout
    }

    /// The engine client, for what the view reads (capabilities, the selected mailbox).
    pub fn client(&self) -> &ImapClient {
        &self.client
    }

    /// Ends the session politely.
    pub async fn logout(mut self) {
        let _ = self.run(Command::Logout).await;
        self.conn.close();
    }
}

fn explain(e: ImapError) -> MailError {
    crate::session::engine_words::imap(&e)
}
