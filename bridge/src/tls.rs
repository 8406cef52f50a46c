//! TLS towards mail servers: the trust store, the handshake, what a failed handshake means and
//! what an established session looks like on the wire.

use std::io;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use posthorn_proto::wire::{ErrorCode, TlsInfo};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// A client configuration trusting the public web PKI roots plus `extra_ca_der` (DER
/// certificates). Verification of chain and host name is always on: there is no switch to skip it.
pub fn tls_config(extra_ca_der: &[Vec<u8>]) -> Arc<ClientConfig> {
    let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for der in extra_ca_der {
        // A certificate that is not a usable trust anchor is skipped here; `load_extra_cas`
        // reports it to the operator at start-up.
        let _ = roots.add(CertificateDer::from(der.clone()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
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
    /// `tls_unknown_issuer`, `tls_name_mismatch`, `tls_expired` or `tls`.
    pub code: ErrorCode,
    /// What happened and what to do about it.
    pub message: String,
}

/// Performs the client handshake with SNI and full verification.
pub async fn handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<TlsStream<TcpStream>, TlsFailure> {
    let name = server_name(host).map_err(|message| TlsFailure { code: ErrorCode::Tls, message })?;
    TlsConnector::from(config).connect(name, tcp).await.map_err(|e| classify(host, &e))
}

/// Turns a handshake error into a wire code and a sentence for a person.
pub fn classify(host: &str, err: &io::Error) -> TlsFailure {
    let rustls_err = err.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let (code, message) = match rustls_err {
        Some(rustls::Error::InvalidCertificate(cert)) => match cert {
            CertificateError::UnknownIssuer => (
                ErrorCode::TlsUnknownIssuer,
                format!(
                    "the certificate of {host} is not signed by a trusted authority (self-signed or a private CA); \
                     ask the bridge operator to add the CA with --extra-ca"
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
    TlsFailure { code, message }
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
