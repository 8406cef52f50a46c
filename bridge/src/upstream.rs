//! Opening a connection to a mail server on a browser's behalf: policy, resolution, connect, TLS.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use posthorn_proto::wire::{CertificateInfo, ErrorCode, Security, TlsInfo};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::policy::address::Host;
use crate::policy::{Policy, Refusal};
use crate::stream::Stream;

/// Why an upstream connection could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct OpenError {
    /// The wire code.
    pub code: ErrorCode,
    /// A sentence for a person.
    pub message: String,
    /// For policy refusals, the rule.
    pub rule: Option<String>,
    /// For TLS failures, the certificate the server presented.
    pub certificate: Option<CertificateInfo>,
}

impl OpenError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        OpenError { code, message: message.into(), rule: None, certificate: None }
    }

    /// The label for metrics: the rule for refusals, the code otherwise.
    pub fn label(&self) -> String {
        match &self.rule {
            Some(rule) => rule.clone(),
            None => crate::wire_code_name(self.code),
        }
    }

    /// Whether this is a policy refusal (as opposed to a failure).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::PolicyPort | ErrorCode::PolicyAddress | ErrorCode::PolicyHost | ErrorCode::BadRequest
        )
    }
}

impl From<Refusal> for OpenError {
    fn from(r: Refusal) -> Self {
        OpenError { code: r.code, message: r.message, rule: Some(r.rule), certificate: None }
    }
}

/// What [`open`] needs besides the request.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The policy to apply.
    pub policy: Arc<Policy>,
    /// Trust roots and protocol settings for TLS, without pins (discovery).
    pub tls: Arc<rustls::ClientConfig>,
    /// The same trust store, for browsers' connections that may pin a certificate.
    pub trust: Arc<crate::tls::Trust>,
    /// Resolution and connection, together.
    pub connect_timeout: Duration,
    /// The TLS handshake.
    pub handshake_timeout: Duration,
}

/// An open upstream connection.
#[derive(Debug)]
pub struct Opened {
    /// The stream, TLS already up for [`Security::Tls`].
    pub stream: Stream,
    /// The address actually connected to.
    pub peer: SocketAddr,
    /// The host as normalised (the TLS server name).
    pub host: String,
    /// TLS details for [`Security::Tls`].
    pub tls: Option<TlsInfo>,
}

/// Checks `host:port` against the policy, resolves it, checks every address, connects to an
/// address that passed (never re-resolving, so the checked address is the connected address)
/// and, for [`Security::Tls`], completes the TLS handshake (accepting exactly the certificate
/// with the SHA-256 fingerprint `pin`, if given).
pub async fn open(
    settings: &Settings,
    host: &str,
    port: u16,
    security: Security,
    pin: Option<[u8; 32]>,
) -> Result<Opened, OpenError> {
    let host = Host::parse(host).map_err(|e| OpenError {
        code: ErrorCode::BadRequest,
        message: e,
        rule: Some("bad_host".into()),
        certificate: None,
    })?;
    settings.policy.check_port(port)?;
    settings.policy.check_host(&host)?;
    let deadline = Instant::now() + settings.connect_timeout;
    let candidates = resolve(&host, port, deadline).await?;
    let mut allowed = Vec::new();
    let mut first_refusal = None;
    for ip in candidates {
        match settings.policy.check_addr(ip) {
            Ok(ip) if !allowed.contains(&ip) => allowed.push(ip),
            Ok(_) => {}
            Err(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    if allowed.is_empty() {
        return Err(first_refusal.map(OpenError::from).unwrap_or_else(|| {
            OpenError::new(ErrorCode::Dns, format!("{host} has no address; check the server name"))
        }));
    }
    let (tcp, peer) = connect_any(&host, &allowed, port, deadline).await?;
    let server_name = host.to_string();
    let (stream, tls) = match security {
        Security::Plain => (Stream::Plain(tcp), None),
        Security::Tls => {
            let handshake = crate::tls::handshake_pinned(tcp, &server_name, &settings.trust, pin);
            let tls = tokio::time::timeout(settings.handshake_timeout, handshake)
                .await
                .map_err(|_| {
                    OpenError::new(
                        ErrorCode::Timeout,
                        format!("the TLS handshake with {host} did not finish in time; is port {port} really implicit TLS?"),
                    )
                })?
                .map_err(|f| OpenError { code: f.code, message: f.message, rule: None, certificate: f.certificate })?;
            let info = crate::tls::info(tls.get_ref().1);
            (Stream::Tls(Box::new(tls)), Some(info))
        }
    };
    Ok(Opened { stream, peer, host: server_name, tls })
}

async fn resolve(host: &Host, port: u16, deadline: Instant) -> Result<Vec<IpAddr>, OpenError> {
    match host {
        Host::Addr(ip) => Ok(vec![*ip]),
        // RFC 6761 section 6.3: `localhost` and names below it are the loopback, without asking
        // DNS (so the policy sees exactly what the name means, and no query leaves the machine).
        Host::Name(name) if name == "localhost" || name.ends_with(".localhost") => {
            Ok(vec![IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)])
        }
        Host::Name(name) => {
            let lookup = tokio::net::lookup_host((name.as_str(), port));
            match tokio::time::timeout_at(deadline, lookup).await {
                Err(_) => Err(OpenError::new(ErrorCode::Timeout, format!("looking up {name} took too long"))),
                Ok(Err(e)) => Err(OpenError::new(
                    ErrorCode::Dns,
                    format!("{name} could not be resolved ({e}); check the server name"),
                )),
                Ok(Ok(addrs)) => Ok(addrs.map(|a| a.ip()).collect()),
            }
        }
    }
}

/// Tries the allowed addresses in order (the resolver's preference), sharing the deadline.
async fn connect_any(
    host: &Host,
    addrs: &[IpAddr],
    port: u16,
    deadline: Instant,
) -> Result<(TcpStream, SocketAddr), OpenError> {
    let mut last: Option<io::Error> = None;
    for (i, ip) in addrs.iter().enumerate() {
        let addr = SocketAddr::new(*ip, port);
        // Leave later addresses a share of the time, so one black-holed address cannot use it up.
        let remaining = deadline.saturating_duration_since(Instant::now());
        let share = remaining / (addrs.len() - i) as u32;
        match tokio::time::timeout(share.max(Duration::from_millis(1)), TcpStream::connect(addr)).await {
            Ok(Ok(tcp)) => {
                // Mail protocols are chatty request/response exchanges: do not wait for more data.
                let _ = tcp.set_nodelay(true);
                return Ok((tcp, addr));
            }
            Ok(Err(e)) => last = Some(e),
            Err(_) => last = Some(io::Error::new(io::ErrorKind::TimedOut, "timed out")),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no address"));
    Err(match e.kind() {
        io::ErrorKind::ConnectionRefused => OpenError::new(
            ErrorCode::ConnectionRefused,
            format!(
                "{host} refused the connection on port {port}; check the port and that the server is running"
            ),
        ),
        io::ErrorKind::TimedOut => OpenError::new(
            ErrorCode::Timeout,
            format!("connecting to {host} port {port} timed out; a firewall may be dropping the connection"),
        ),
        _ => OpenError::new(ErrorCode::Upstream, format!("connecting to {host} port {port} failed: {e}")),
    })
}
