//! One discovery probe: connect (through the same policy as the relay), let the engine's own
//! client read the greeting, ask for the capabilities and do STARTTLS where that is the plan,
//! and report what the server offers on the connection as it would stay.
//!
//! The probes run the very state machines the app runs in the browser (through
//! [`crate::driver::Connection`]), so "discovery says it works" and "the app can talk to it" are
//! the same statement, STARTTLS-stripping defences included.

use std::time::Duration;

use posthorn_proto::engine::Client;
use posthorn_proto::security::TlsMode;
use posthorn_proto::wire::{ErrorCode, Security, TlsInfo};
use posthorn_proto::{imap, pop3, smtp};
use serde::Serialize;

use crate::driver::{Connection, DriverError};
use crate::upstream::{self, OpenError};

/// Which protocol a probe speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// IMAP (RFC 9051 / RFC 3501).
    Imap,
    /// POP3 (RFC 1939, CAPA from RFC 2449).
    Pop3,
    /// Message submission (RFC 6409, implicit TLS from RFC 8314).
    Submission,
}

/// How a probe secures the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// TLS from the first byte.
    Tls,
    /// Plain connect, then STARTTLS / STLS.
    Starttls,
}

/// What a probe found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The protocol.
    pub protocol: Protocol,
    /// The host probed.
    pub host: String,
    /// The port probed.
    pub port: u16,
    /// Implicit TLS or STARTTLS.
    pub security: Method,
    /// `srv` (from an RFC 6186 record) or `guess`.
    pub source: &'static str,
    /// Whether a TLS session was established and the server answered sensibly.
    pub ok: bool,
    /// The address connected to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer: Option<String>,
    /// TLS details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsInfo>,
    /// SASL mechanisms offered (after TLS).
    pub auth: Vec<String>,
    /// Every capability / extension keyword (after TLS).
    pub capabilities: Vec<String>,
    /// The server's greeting line, for the person reading the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting: Option<String>,
    /// Why the probe failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    /// The conversation, `C:`/`S:` lines as the engine recorded them (no secrets are sent).
    pub transcript: Vec<String>,
}

/// A failed probe.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeError {
    /// The same codes as the relay's `error` message.
    pub code: ErrorCode,
    /// What happened.
    pub message: String,
}

/// Runs one probe.
pub async fn probe(
    settings: &upstream::Settings,
    protocol: Protocol,
    host: &str,
    port: u16,
    method: Method,
    source: &'static str,
) -> Finding {
    let mut finding = Finding {
        protocol,
        host: host.to_owned(),
        port,
        security: method,
        source,
        ok: false,
        peer: None,
        tls: None,
        auth: Vec::new(),
        capabilities: Vec::new(),
        greeting: None,
        error: None,
        transcript: Vec::new(),
    };
    let (security, mode) = match method {
        Method::Tls => (Security::Tls, TlsMode::Implicit),
        Method::Starttls => (Security::Plain, TlsMode::StartTls),
    };
    let opened = match upstream::open(settings, host, port, security, None).await {
        Ok(opened) => opened,
        Err(OpenError { code, message, .. }) => {
            finding.error = Some(ProbeError { code, message });
            return finding;
        }
    };
    finding.peer = Some(opened.peer.to_string());
    let mut conn = Connection::from_stream(opened.stream, &opened.host, settings.tls.clone());
    conn.set_read_timeout(settings.handshake_timeout);
    let result = match protocol {
        Protocol::Imap => imap_probe(&mut conn, mode, &mut finding).await,
        Protocol::Pop3 => pop3_probe(&mut conn, mode, &mut finding).await,
        Protocol::Submission => smtp_probe(&mut conn, mode, &mut finding).await,
    };
    finding.tls = conn.tls_info();
    match result {
        Ok(()) => finding.ok = finding.tls.is_some(),
        Err(e) => finding.error = Some(e),
    }
    finding.transcript = conn
        .transcript()
        .iter()
        .map(|entry| format!("{} {}", entry.direction.prefix(), entry.text))
        .collect();
    finding
}

fn probe_error<E: std::fmt::Display>(e: DriverError<E>) -> ProbeError {
    let code = match &e {
        DriverError::Tls(failure) => failure.code,
        DriverError::Timeout(_) => ErrorCode::Timeout,
        _ => ErrorCode::Upstream,
    };
    ProbeError { code, message: e.to_string() }
}

/// Runs the client until `pick` accepts an event; protocol errors and closes end the probe.
async fn until<C, T>(
    conn: &mut Connection,
    client: &mut C,
    mut pick: impl FnMut(C::Event) -> Option<T>,
) -> Result<T, ProbeError>
where
    C: Client,
    C::Error: std::fmt::Display,
{
    loop {
        let event = conn.next_event(client).await.map_err(probe_error)?;
        if let Some(found) = pick(event) {
            return Ok(found);
        }
    }
}

/// Says goodbye politely, without waiting long for the answer.
async fn goodbye<C: Client>(conn: &mut Connection, client: &mut C) {
    let _ = tokio::time::timeout(Duration::from_millis(500), conn.next_event(client)).await;
}

async fn imap_probe(conn: &mut Connection, mode: TlsMode, finding: &mut Finding) -> Result<(), ProbeError> {
    let mut client = imap::ImapClient::new(imap::Config::new(mode));
    let (greeting, capabilities) = until(conn, &mut client, |event| match event {
        imap::Event::Ready { capabilities, greeting, .. } => Some((greeting, capabilities)),
        _ => None,
    })
    .await?;
    finding.greeting = Some(greeting);
    finding.auth = capabilities.auth_mechanisms();
    finding.capabilities = capabilities.names().map(str::to_owned).collect();
    client.enqueue(imap::Command::Logout);
    goodbye(conn, &mut client).await;
    Ok(())
}

async fn pop3_probe(conn: &mut Connection, mode: TlsMode, finding: &mut Finding) -> Result<(), ProbeError> {
    let mut client = pop3::Pop3Client::new(pop3::Config::new(mode))
        .map_err(|e| ProbeError { code: ErrorCode::Upstream, message: e.to_string() })?;
    let mut greeting = None;
    let capabilities = until(conn, &mut client, |event| match event {
        pop3::Event::Greeting { text, .. } => {
            greeting = Some(text);
            None
        }
        pop3::Event::Ready { capabilities, .. } => Some(capabilities),
        _ => None,
    })
    .await?;
    finding.greeting = greeting;
    finding.auth = capabilities.sasl.iter().map(|m| m.to_ascii_uppercase()).collect();
    if capabilities.user {
        finding.auth.push("USER".into());
    }
    let flags = [
        ("TOP", capabilities.top),
        ("USER", capabilities.user),
        ("UIDL", capabilities.uidl),
        ("PIPELINING", capabilities.pipelining),
        ("RESP-CODES", capabilities.resp_codes),
        ("STLS", capabilities.stls),
    ];
    finding.capabilities = flags.iter().filter(|(_, on)| *on).map(|(name, _)| (*name).to_owned()).collect();
    if !capabilities.sasl.is_empty() {
        finding.capabilities.push(format!("SASL {}", capabilities.sasl.join(" ")));
    }
    finding.capabilities.extend(capabilities.other.iter().map(|(k, v)| format!("{k} {v}").trim().to_owned()));
    if client.enqueue(pop3::Request::Quit).is_ok() {
        goodbye(conn, &mut client).await;
    }
    Ok(())
}

async fn smtp_probe(conn: &mut Connection, mode: TlsMode, finding: &mut Finding) -> Result<(), ProbeError> {
    let mut client = smtp::SmtpClient::new(smtp::Config::new(mode))
        .map_err(|e| ProbeError { code: ErrorCode::Upstream, message: e.to_string() })?;
    let mut greeting = None;
    let extensions = until(conn, &mut client, |event| match event {
        smtp::Event::Greeting(reply) => {
            greeting = Some(format!("{} {}", reply.code, reply.text()));
            None
        }
        smtp::Event::Ready { extensions, .. } => Some(extensions),
        _ => None,
    })
    .await?;
    finding.greeting = greeting;
    finding.auth = extensions.auth.iter().map(|m| m.to_ascii_uppercase()).collect();
    let flags = [
        ("8BITMIME", extensions.eight_bit_mime),
        ("SMTPUTF8", extensions.smtputf8),
        ("PIPELINING", extensions.pipelining),
        ("STARTTLS", extensions.starttls),
        ("ENHANCEDSTATUSCODES", extensions.enhanced_status_codes),
        ("DSN", extensions.dsn),
        ("CHUNKING", extensions.chunking),
    ];
    finding.capabilities = flags.iter().filter(|(_, on)| *on).map(|(name, _)| (*name).to_owned()).collect();
    if let Some(size) = extensions.size {
        finding.capabilities.push(format!("SIZE {size}"));
    }
    if !extensions.auth.is_empty() {
        finding.capabilities.push(format!("AUTH {}", extensions.auth.join(" ")));
    }
    finding.capabilities.extend(extensions.other.iter().map(|(k, v)| format!("{k} {v}").trim().to_owned()));
    if client.enqueue(smtp::Request::Quit).is_ok() {
        goodbye(conn, &mut client).await;
    }
    Ok(())
}
