//! TLS towards mail servers: the trust store, the handshake, what a failed handshake means and
//! what an established session looks like on the wire.

use std::io;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use std::sync::Mutex;

use posthorn_proto::wire::{CertificateInfo, ErrorCode, TlsInfo, format_fingerprint};
use rustls::client::{Resumption, WebPkiServerVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, RootCertStore};
use x509_parser::extensions::GeneralName;

use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
pub use verifier::fingerprint;
use verifier::{ConnectionVerifier, Seen};

mod verifier;

/// The trust store for mail servers: the public web PKI roots plus the operator's `--extra-ca`.
#[derive(Debug)]
pub struct Trust {
    base: Arc<ClientConfig>,
    webpki: Arc<WebPkiServerVerifier>,
}

impl Trust {
    /// Trusts the public roots plus `extra_ca_der` (DER certificates). Verification of chain and
    /// host name is always on: there is no switch to skip it; only a pin the user chose replaces
    /// the chain check, for one connection.
    pub fn new(extra_ca_der: &[Vec<u8>]) -> Self {
        let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for der in extra_ca_der {
            // A certificate that is not a usable trust anchor is skipped here; `load_extra_cas`
            // reports it to the operator at start-up.
            let _ = roots.add(CertificateDer::from(der.clone()));
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .expect("the public roots are not empty");
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_webpki_verifier(webpki.clone())
            .with_no_client_auth();
        Trust { base: Arc::new(config), webpki }
    }

    /// The configuration without per-connection pins (discovery, the host-side driver).
    pub fn config(&self) -> Arc<ClientConfig> {
        self.base.clone()
    }

    /// A configuration for one connection, with a verifier that records the presented certificate
    /// into `seen` and accepts exactly `pin` if given.
    fn for_connection(&self, pin: Option<[u8; 32]>, seen: Arc<Mutex<Seen>>) -> Arc<ClientConfig> {
        let mut config = (*self.base).clone();
        if pin.is_some() {
            // A session resumed from a ticket skips the certificate check (RFC 8446 section
            // 2.2), and the ticket store is shared by every connection of the bridge: a ticket
            // from one user's pinned connection must never let another connection to the same
            // host in unchecked, so pinned connections neither store nor use tickets.
            config.resumption = Resumption::disabled();
        }
        let verifier = ConnectionVerifier { webpki: self.webpki.clone(), pin, seen };
        config.dangerous().set_certificate_verifier(Arc::new(verifier));
        Arc::new(config)
    }
}

/// A client configuration trusting the public web PKI roots plus `extra_ca_der` (DER
/// certificates). Verification of chain and host name is always on: there is no switch to skip it.
pub fn tls_config(extra_ca_der: &[Vec<u8>]) -> Arc<ClientConfig> {
    Trust::new(extra_ca_der).config()
}

/// Reads the `--extra-ca` PEM files into DER certificates, failing on files with no certificate
/// or with certificates that are not valid trust anchors, so that a typo is noticed at start-up.
pub fn load_extra_cas(paths: &[impl AsRef<Path>]) -> Result<Vec<Vec<u8>>, String> {
    let mut all = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .and_then(|iter| iter.collect::<Result<_, _>>())
            .map_err(|e| format!("--extra-ca {}: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("--extra-ca {}: no PEM certificate in the file", path.display()));
        }
        let mut check = RootCertStore::empty();
        for cert in certs {
            check.add(cert.clone()).map_err(|e| format!("--extra-ca {}: {e}", path.display()))?;
            all.push(cert.to_vec());
        }
    }
    Ok(all)
}

/// The name the certificate must carry: the host name, or the address for an address literal.
pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(ServerName::IpAddress(ip.into()));
    }
    ServerName::try_from(bare.to_owned())
        .map_err(|_| format!("`{}` is not a valid TLS server name", host.escape_default()))
}

/// A failed TLS handshake, classified for the wire.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TlsFailure {
    /// `tls_unknown_issuer`, `tls_self_signed`, `tls_name_mismatch`, `tls_expired`,
    /// `tls_pin_mismatch` or `tls`.
    pub code: ErrorCode,
    /// What happened and what to do about it.
    pub message: String,
    /// The certificate the server presented, when the failure is about it.
    pub certificate: Option<CertificateInfo>,
}

impl TlsFailure {
    /// A failure that is not about the server's certificate.
    pub fn other(code: ErrorCode, message: impl Into<String>) -> Self {
        TlsFailure { code, message: message.into(), certificate: None }
    }
}

/// Performs the client handshake with SNI and full verification.
pub async fn handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<TlsStream<TcpStream>, TlsFailure> {
    let name = server_name(host).map_err(|message| TlsFailure::other(ErrorCode::Tls, message))?;
    TlsConnector::from(config).connect(name, tcp).await.map_err(|e| classify(host, &e))
}

/// Performs the client handshake of a browser's connection: verified against `trust`, or, with
/// `pin`, accepting exactly the certificate with that SHA-256 fingerprint. A refusal carries the
/// certificate the server presented.
pub async fn handshake_pinned(
    tcp: TcpStream,
    host: &str,
    trust: &Trust,
    pin: Option<[u8; 32]>,
) -> Result<TlsStream<TcpStream>, TlsFailure> {
    let name = server_name(host).map_err(|message| TlsFailure::other(ErrorCode::Tls, message))?;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let config = trust.for_connection(pin, seen.clone());
    let err = match TlsConnector::from(config).connect(name, tcp).await {
        Ok(tls) => return Ok(tls),
        Err(err) => err,
    };
    let seen = std::mem::take(&mut *seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    let mut failure = classify(host, &err);
    let leaf = seen.leaf.as_deref().and_then(certificate_info);
    let Some(leaf) = leaf else { return Err(failure) };
    if seen.pin_mismatch {
        let pinned = pin.map(|p| format_fingerprint(&p)).unwrap_or_default();
        failure.code = ErrorCode::TlsPinMismatch;
        failure.message = format!(
            "the certificate of {host} is not the one you trusted: it was {pinned}, the server now presents {}. \
             The server may have a new certificate, or someone may be intercepting the connection; \
             check the new fingerprint with the server's administrator before trusting it",
            leaf.sha256
        );
    } else if leaf.subject == leaf.issuer
        && matches!(failure.code, ErrorCode::TlsUnknownIssuer | ErrorCode::Tls)
        && is_certificate_error(&err)
    {
        // RFC 5280 section 6.1: a certificate whose issuer is its own subject has no authority
        // behind it, whatever webpki calls it (`UnknownIssuer`, or `CaUsedAsEndEntity` for the
        // CA:TRUE certificates `openssl req -x509` makes by default).
        failure.code = ErrorCode::TlsSelfSigned;
        failure.message = format!(
            "the certificate of {host} is signed by itself, not by an authority this bridge trusts; \
             if its fingerprint {} is your server's, you can trust it for this server",
            leaf.sha256
        );
    }
    if is_certificate_error(&err) {
        failure.certificate = Some(leaf);
    }
    Err(failure)
}

fn is_certificate_error(err: &io::Error) -> bool {
    matches!(
        err.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        Some(rustls::Error::InvalidCertificate(_))
    )
}

/// What a person needs to decide whether to trust a certificate: its fingerprint, names and
/// validity (RFC 5280 section 4.1). `None` for a certificate that does not parse.
pub fn certificate_info(der: &[u8]) -> Option<CertificateInfo> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let names = match cert.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|name| match name {
                GeneralName::DNSName(dns) => Some((*dns).to_owned()),
                GeneralName::IPAddress(ip) => match ip.len() {
                    4 => <[u8; 4]>::try_from(*ip).ok().map(|a| IpAddr::from(a).to_string()),
                    16 => <[u8; 16]>::try_from(*ip).ok().map(|a| IpAddr::from(a).to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(CertificateInfo {
        sha256: format_fingerprint(&fingerprint(der)),
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: rfc3339_utc(cert.validity().not_before.timestamp()),
        not_after: rfc3339_utc(cert.validity().not_after.timestamp()),
        names,
    })
}

/// Turns a handshake error into a wire code and a sentence for a person.
pub fn classify(host: &str, err: &io::Error) -> TlsFailure {
    let rustls_err = err.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let (code, message) = match rustls_err {
        Some(rustls::Error::InvalidCertificate(cert)) => match cert {
            CertificateError::UnknownIssuer => (
                ErrorCode::TlsUnknownIssuer,
                format!(
                    "the certificate of {host} is not signed by an authority this bridge trusts (a private CA?); \
                     ask the bridge operator to add the CA with --extra-ca, or trust this certificate for this server"
                ),
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => (
                ErrorCode::TlsNameMismatch,
                format!(
                    "the certificate presented is not valid for the name {host}; use the host name the certificate was issued for"
                ),
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => (
                ErrorCode::TlsExpired,
                format!("the certificate of {host} has expired; the server's administrator must renew it"),
            ),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
                ErrorCode::TlsExpired,
                format!("the certificate of {host} is not valid yet; check the server's (or bridge's) clock"),
            ),
            other => (ErrorCode::Tls, format!("the certificate of {host} was rejected: {other:?}")),
        },
        Some(other) => (ErrorCode::Tls, format!("TLS with {host} failed: {other}")),
        None => (ErrorCode::Tls, format!("TLS with {host} failed: {err}")),
    };
    TlsFailure { code, message, certificate: None }
}

/// What the browser is told about an established session.
pub fn info(conn: &rustls::ClientConnection) -> TlsInfo {
    let version = match conn.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3".to_owned(),
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2".to_owned(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    };
    let cipher = conn
        .negotiated_cipher_suite()
        .map(|s| s.suite().as_str().map(str::to_owned).unwrap_or_else(|| format!("{:?}", s.suite())))
        .unwrap_or_default();
    let (subject, issuer, not_after) = conn
        .peer_certificates()
        .and_then(|chain| chain.first())
        .and_then(|leaf| x509_parser::parse_x509_certificate(leaf).ok())
        .map(|(_, cert)| {
            (
                cert.subject().to_string(),
                cert.issuer().to_string(),
                rfc3339_utc(cert.validity().not_after.timestamp()),
            )
        })
        .unwrap_or_default();
    TlsInfo { version, cipher, subject, issuer, not_after }
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn rfc3339_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_893_456_000), "2030-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(4_102_444_799), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn server_names_for_names_and_literals() {
        assert!(matches!(server_name("imap.example.com"), Ok(ServerName::DnsName(_))));
        assert!(matches!(server_name("127.0.0.1"), Ok(ServerName::IpAddress(_))));
        assert!(matches!(server_name("[::1]"), Ok(ServerName::IpAddress(_))));
    }

    #[test]
    fn public_roots_are_loaded() {
        let config = tls_config(&[]);
        assert!(config.alpn_protocols.is_empty());
        assert!(load_extra_cas(&["/nonexistent/ca.pem"]).is_err());
    }
}
