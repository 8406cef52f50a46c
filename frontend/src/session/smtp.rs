//! SMTP submission through the bridge (RFC 6409): connect, sign in, send, and keep the session a
//! short while for the next message (session/smtp/kept.rs); the person sees each step and every
//! recipient's answer.

use posthorn_proto::compose::BuiltMessage;
use posthorn_proto::outbox::Outcome;
use posthorn_proto::secret::Secret;
use posthorn_proto::smtp::{Config, Error as SmtpError, Event, FailedAt, Request, SendFailure, SmtpClient};

use crate::account::{AccountSettings, ServerSettings};
use crate::account_setup::certificate::{outgoing_failed, outgoing_met};
use crate::net::driver::{Connection, DriveError, Role};
use crate::net::socket::SocketError;
use crate::protocol_log::ProtocolLog;
use crate::session::sign_in::{Refusal, SignInFailed};
use crate::session::{MailError, credentials, engine_words, sasl_options};

pub mod kept;

/// The account's sign-in choice and a fresh SCRAM nonce for one SMTP session (RFC 4954).
trait WithSasl {
    fn with_sasl(self, server: &ServerSettings) -> Self;
}

impl WithSasl for Config {
    fn with_sasl(mut self, server: &ServerSettings) -> Self {
        self.sasl = sasl_options(server);
        self.policy.require = server.mechanism;
        self.timeouts = crate::net::clock::timeouts();
        self
    }
}

/// One recipient's answer, as the outbox keeps and shows it (its rules are the engine's,
/// shared/src/outbox/recipients.rs).
pub use posthorn_proto::outbox::RecipientLine;

/// The server took the message.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// Every recipient's answer (some may be refused: a partial success).
    pub recipients: Vec<RecipientLine>,
    /// The end-of-data reply (often with the queue id).
    pub reply: String,
    /// The server's SIZE limit (RFC 1870), if it announced one.
    pub size_limit: Option<u64>,
}

/// The message was not sent, or it is unknown whether it was.
#[derive(Debug, Clone)]
pub struct SendError {
    /// What happened and what to do, in plain words.
    pub message: String,
    /// Set when the connection broke after the message may have reached the server: resending
    /// blindly could deliver it twice.
    pub uncertain: bool,
    /// Set when nothing reached the server because the bridge or the network could not be reached,
    /// or the connection dropped before any recipient was accepted: the message can simply go
    /// later. A refusal (policy, sign-in, recipients) is never transient.
    pub transient: bool,
    /// The server itself said "not now" (a 4yz reply, e.g. greylisting): transient, but trying
    /// again at once would get the same answer.
    pub deferred: bool,
    /// Recipient answers so far.
    pub recipients: Vec<RecipientLine>,
    /// With `deferred`: only these recipients are to be tried again; the server refused the
    /// others for good. Empty: all of them.
    pub retry_only: Vec<String>,
    /// The server's SIZE limit (RFC 1870), if it announced one before the failure.
    pub size_limit: Option<u64>,
    /// The server refused the user name or password (SMTP 535, RFC 4954 section 6): the outbox
    /// asks for the password before trying again.
    pub sign_in_refused: bool,
}

/// Why a transaction failed, and whether the reason is only that a kept session was gone.
struct Failed {
    error: SendError,
    /// A kept session had ended (the server closed it, 421, or the connection dropped) before
    /// any recipient was accepted: nothing reached the server, and a fresh session may send.
    stale: bool,
}

/// A failure of the kind that says nothing about the message.
fn plain(message: String) -> SendError {
    SendError {
        message,
        uncertain: false,
        transient: false,
        deferred: false,
        recipients: Vec::new(),
        retry_only: Vec::new(),
        size_limit: None,
        sign_in_refused: false,
    }
}

/// Sends `built` with the account's outgoing server: over the session kept from the last message
/// where there is one (session/smtp/kept.rs), else over a new one. `progress` hears each step.
pub async fn submit(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    built: &BuiltMessage,
    progress: impl Fn(String),
) -> Result<Submitted, SendError> {
    let server = &account.outgoing;
    if let Some(open) = kept::take(account, password) {
        progress(crate::i18n::t().smtp_signed_in.into());
        match transmit(account, password, open.conn, open.client, built, &progress, true).await {
            // Nothing reached the server: a fresh session sends it.
            Err(Failed { stale: true, .. }) => {}
            done => return done.map_err(|f| f.error),
        }
    }
    progress((crate::i18n::t().smtp_connecting)(&format!("{}:{}", server.host, server.port)));
    let conn = Connection::to_server(&account.email, server, "SMTP", log).await.map_err(|e| {
        // A refused certificate (implicit TLS) is kept for the outbox to show and offer to trust.
        outgoing_failed(&account.email, &e);
        let transient = matches!(e.error, SocketError::BridgeUnreachable(_) | SocketError::Closed { .. });
        SendError { transient, ..plain(e.to_string()) }
    })?;
    let config = Config::new(server.security.tls_mode())
        .with_credentials(credentials(server, password))
        .with_sasl(server);
    let client = SmtpClient::new(config).map_err(|e| plain(e.to_string()))?;
    transmit(account, password, conn, client, built, &progress, false).await.map_err(|f| f.error)
}

/// One transaction (MAIL, RCPT, DATA) on `client`: a new session's, run once it is ready and
/// signed in, or a kept one's (`reused`). After the server took the message the session is kept
/// for the next one.
async fn transmit(
    account: &AccountSettings,
    password: &Secret,
    mut conn: Connection,
    mut client: SmtpClient,
    built: &BuiltMessage,
    progress: &impl Fn(String),
    reused: bool,
) -> Result<Submitted, Failed> {
    let server = &account.outgoing;
    let failed = |error: SendError| Failed { error, stale: false };
    // Queued now, run by the client once the session is ready and signed in.
    let request = Request::Send { envelope: built.envelope.clone(), body: built.data.clone() };
    let id = match client.enqueue(request) {
        Ok(id) => id,
        Err(e) => {
            conn.close();
            return Err(Failed { stale: reused, error: plain(e.to_string()) });
        }
    };
    let mut recipients: Vec<RecipientLine> = Vec::new();
    let mut result: Option<Result<Submitted, SendError>> = None;
    // A kept session's server said its SIZE limit (RFC 1870) when the session began.
    let mut size_limit = client.extensions().size.filter(|n| *n > 0);
    loop {
        match conn.next_event(&mut client).await {
            Ok(Event::Greeting(_)) => progress(crate::i18n::t().smtp_connected.into()),
            Ok(Event::Ready { extensions, .. }) => {
                outgoing_met(&account.email, None);
                crate::account::compatibility::record_smtp(&account.email, &extensions);
                size_limit = extensions.size.filter(|n| *n > 0);
                if let Some(limit) = size_limit {
                    progress((crate::i18n::t().smtp_size)(
                        &crate::format::size(limit),
                        &crate::format::size(built.data.len() as u64),
                    ));
                }
            }
            Ok(Event::Authenticated { .. }) => progress(crate::i18n::t().smtp_signed_in.into()),
            Ok(Event::RecipientResult { id: done, outcome }) if done == id => {
                let line = RecipientLine::from_outcome(&outcome);
                progress(format!(
                    "{}: {}",
                    line.address,
                    if line.accepted {
                        crate::i18n::t().recipient_accepted
                    } else {
                        crate::i18n::t().recipient_refused
                    }
                ));
                recipients.push(line);
            }
            Ok(Event::Sent { id: done, reply, recipients: all }) if done == id => {
                // The 250 is the moment the server took responsibility: the caller records it at
                // once, and the session waits for the next message. After a partial success it
                // ends: the deferred recipients are tried again later in a new session.
                if all.iter().all(|r| r.accepted()) {
                    kept::keep(account, password, conn, client);
                } else {
                    kept::end(conn, client);
                }
                return Ok(Submitted {
                    recipients: all.iter().map(RecipientLine::from_outcome).collect(),
                    reply: format!("{} {}", reply.code, reply.text()),
                    size_limit,
                });
            }
            Ok(Event::NotSent { id: done, failure }) if done == id => {
                result = Some(Err(SendError { size_limit, ..not_sent(&failure, built.data.len()) }));
                let _ = client.enqueue(Request::Quit);
            }
            Ok(Event::Closed { .. }) => break,
            Ok(_) => {}
            Err(error) => {
                conn.close();
                // After QUIT was answered or the result is known, a dropped connection changes
                // nothing.
                if let Some(result) = result {
                    return result.map_err(failed);
                }
                let accepted = recipients.iter().any(|r| r.accepted);
                // A kept session the server closed meanwhile (421, RFC 5321 section 3.8) or whose
                // connection dropped, before any recipient was accepted: no byte of the message
                // was sent (DATA's body follows the recipients' answers).
                let stale = reused
                    && !accepted
                    && matches!(
                        &error,
                        DriveError::Socket(_) | DriveError::Protocol(SmtpError::ServiceClosing(_))
                    );
                let message = match &error {
                    DriveError::Protocol(e) => at_server(server, e),
                    DriveError::Socket(_) if accepted => {
                        crate::i18n::t().engine.err_broke_while_sending.to_owned()
                    }
                    DriveError::Socket(e) => e.to_string(),
                };
                // A certificate refused at STARTTLS is for the person to decide on, not "later".
                let refused = matches!(&error, DriveError::Socket(e) if outgoing_failed(&account.email, e));
                // Before any recipient was accepted the server holds nothing: a lost connection
                // then only means "later".
                let transient = !accepted && !refused && matches!(error, DriveError::Socket(_));
                let sign_in_refused = matches!(&error, DriveError::Protocol(SmtpError::AuthFailed { reply, .. }) if reply.code == 535);
                return Err(Failed {
                    stale,
                    error: SendError {
                        message,
                        uncertain: accepted,
                        transient,
                        deferred: false,
                        recipients,
                        retry_only: Vec::new(),
                        size_limit,
                        sign_in_refused,
                    },
                });
            }
        }
    }
    conn.close();
    match result {
        Some(result) => result.map_err(failed),
        None => Err(Failed {
            stale: reused && recipients.is_empty(),
            error: plain(crate::i18n::t().engine.err_ended_before_sent.into()),
        }),
    }
}

/// An SMTP refusal with the server named (`host:port`), as the connection errors name it
/// (frontend/src/net/driver.rs). A refused sign-in is worded in the app's language
/// (session/sign_in.rs), with the server's reply after it in its own words.
fn at_server(server: &crate::account::ServerSettings, error: &SmtpError) -> String {
    match sign_in_refused(server, error) {
        Some(refused) => refused.with_reply(),
        None => engine_words::smtp(&format!("{}:{}", server.host, server.port), error).with_reply(),
    }
}

/// A refused sign-in (`AUTH` answered with a failure) as the sentence in the app's language,
/// with the server's reply and what the mechanism carried beside it; `None` for other errors.
fn sign_in_refused(server: &crate::account::ServerSettings, error: &SmtpError) -> Option<MailError> {
    let SmtpError::AuthFailed { reply, server_error } = error else { return None };
    // RFC 4954 section 6: 535 is "authentication credentials invalid"; 454, 534 and the others
    // are about the server or the mechanism, not the password.
    let refusal = if reply.code == 535 { Refusal::Credentials } else { Refusal::Other };
    let host = format!("{}:{}", server.host, server.port);
    let details = server_error.as_ref().map(|e| format!("; {e}")).unwrap_or_default();
    Some(
        SignInFailed { role: Role::Outgoing, server: host, refusal }
            .into_error(Some(format!("{reply}{details}"))),
    )
}

fn not_sent(failure: &SendFailure, size: usize) -> SendError {
    let recipients: Vec<RecipientLine> = failure.recipients.iter().map(RecipientLine::from_outcome).collect();
    let message = match (failure.at, failure.explanation()) {
        (FailedAt::TooLarge, _) => (crate::i18n::t().message_too_large)(&crate::format::size(size as u64)),
        (FailedAt::EightBitUnsupported, _) => crate::i18n::t().no_8bit.to_owned(),
        (FailedAt::Utf8Unsupported, _) => crate::i18n::t().no_smtputf8.to_owned(),
        (FailedAt::Recipients, _) => {
            let refused = |later: bool| -> Vec<String> {
                recipients
                    .iter()
                    .filter(|r| !r.accepted && r.deferred == later)
                    .map(|r| format!("{}: {}", r.address, r.text))
                    .collect()
            };
            let (for_good, for_now) = (refused(false), refused(true));
            if for_good.is_empty() || for_now.is_empty() {
                format!("No recipient was accepted. {}", [for_good, for_now].concat().join(" "))
            } else {
                format!(
                    "No recipient was accepted. Refused for good: {} Refused for now, to be tried again: {}",
                    for_good.join(" "),
                    for_now.join(" ")
                )
            }
        }
        (_, Some(explanation)) => explanation.to_string(),
        (_, None) => "The server did not accept the message.".to_owned(),
    };
    // Whether it is "not now" and who is still owed it (some recipients refused for good, the
    // others only for now) is the outbox machine's rule (shared/src/outbox/outcome.rs).
    let (deferred, retry_only) = match Outcome::not_sent(failure) {
        Outcome::Deferred { retry_only, .. } => (true, retry_only),
        _ => (false, Vec::new()),
    };
    SendError {
        message,
        uncertain: false,
        transient: deferred,
        deferred,
        recipients,
        retry_only,
        size_limit: None,
        sign_in_refused: false,
    }
}

/// Connects to the outgoing server, signs in and says goodbye: the SMTP half of "Test and save".
pub async fn check_sign_in(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
) -> Result<(), MailError> {
    let server = &account.outgoing;
    let mut conn = Connection::to_server(&account.email, server, "SMTP", log).await?;
    let config = Config::new(server.security.tls_mode())
        .with_credentials(credentials(server, password))
        .with_sasl(server);
    let mut client = SmtpClient::new(config).map_err(|e| MailError::new(e.to_string()))?;
    // A NOOP runs once the session is ready and signed in; its answer proves both.
    let noop = client.enqueue(Request::Noop).map_err(|e| MailError::new(e.to_string()))?;
    let mut signed_in = false;
    loop {
        match conn.next_event(&mut client).await {
            Ok(Event::Ready { extensions, .. }) => {
                crate::account::compatibility::record_smtp(&account.email, &extensions);
            }
            Ok(Event::Noop { id, .. }) if id == noop => {
                signed_in = true;
                let _ = client.enqueue(Request::Quit);
            }
            Ok(Event::Closed { .. }) => break,
            Ok(_) => {}
            Err(_) if signed_in => break,
            Err(e) => {
                conn.close();
                // A STARTTLS refusal keeps the certificate, so that it can be inspected and trusted.
                // A refused sign-in keeps the server's reply apart, as the IMAP one does.
                let (message, server_reply) = match &e {
                    DriveError::Protocol(e) => match sign_in_refused(server, e) {
                        Some(refused) => (refused.message, refused.server_reply),
                        None => {
                            let e = engine_words::smtp(&format!("{}:{}", server.host, server.port), e);
                            (e.message, e.server_reply)
                        }
                    },
                    DriveError::Socket(_) => (e.to_string(), None),
                };
                let message = (crate::i18n::t().sending_will_not_work)(&message);
                let certificate = match e {
                    DriveError::Socket(e) => MailError::from(e).certificate,
                    DriveError::Protocol(_) => None,
                };
                return Err(MailError { certificate, server_reply, ..MailError::new(message) });
            }
        }
    }
    conn.close();
    Ok(())
}
