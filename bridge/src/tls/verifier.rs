//! The server-certificate check of one upstream connection: the public roots (and `--extra-ca`)
//! as rustls' webpki verifier does it, or, when the browser pinned a certificate the user
//! trusted, exactly that certificate. Either way the presented certificate is kept, so that a
//! refusal can show the person what the server presented.

use std::sync::{Arc, Mutex, PoisonError};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_name};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, DigitallySignedStruct, Error, SignatureScheme};
use sha2::{Digest, Sha256};

/// What the verifier saw during one handshake.
#[derive(Debug, Default)]
pub struct Seen {
    /// The end-entity certificate the server presented (DER).
    pub leaf: Option<Vec<u8>>,
    /// The certificate differed from the pinned one.
    pub pin_mismatch: bool,
}

/// The verifier of one connection.
#[derive(Debug)]
pub struct ConnectionVerifier {
    /// Chain, dates and name against the trust store; also checks handshake signatures.
    pub webpki: Arc<WebPkiServerVerifier>,
    /// The SHA-256 of the one certificate to accept, if the user pinned one.
    pub pin: Option<[u8; 32]>,
    /// Filled in during the handshake, read after it.
    pub seen: Arc<Mutex<Seen>>,
}

/// SHA-256 over a certificate's DER encoding.
pub fn fingerprint(der: &[u8]) -> [u8; 32] {
    Sha256::digest(der).into()
}

impl ConnectionVerifier {
    /// A pinned certificate replaces the chain check (RFC 5280 section 6.1) with an exact match:
    /// the user has vouched for this certificate and no authority has. The checks that do not
    /// depend on an authority still apply: the validity period (RFC 5280 section 4.1.2.5) and,
    /// where the certificate names its hosts in subjectAltName, the host name (RFC 6125 section
    /// 6). Certificates that carry the name only in the subject's CN (many home-made ones) are
    /// not name-checked: RFC 6125 section 6.4.4 leaves CN matching to legacy clients, and the pin
    /// already binds the certificate to the host and port it was trusted for.
    fn verify_pinned(
        &self,
        pin: &[u8; 32],
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        if fingerprint(end_entity) != *pin {
            self.seen.lock().unwrap_or_else(PoisonError::into_inner).pin_mismatch = true;
            return Err(Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure));
        }
        let (_, cert) = x509_parser::parse_x509_certificate(end_entity)
            .map_err(|_| Error::InvalidCertificate(CertificateError::BadEncoding))?;
        let now = now.as_secs() as i64;
        let validity = cert.validity();
        if now < validity.not_before.timestamp() {
            return Err(Error::InvalidCertificate(CertificateError::NotValidYet));
        }
        if now > validity.not_after.timestamp() {
            return Err(Error::InvalidCertificate(CertificateError::Expired));
        }
        if matches!(cert.subject_alternative_name(), Ok(Some(_))) {
            let parsed = ParsedCertificate::try_from(end_entity)?;
            verify_server_name(&parsed, server_name)?;
        }
        Ok(ServerCertVerified::assertion())
    }
}

impl ServerCertVerifier for ConnectionVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).leaf = Some(end_entity.to_vec());
        match &self.pin {
            Some(pin) => self.verify_pinned(pin, end_entity, server_name, now),
            None => {
                self.webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
        }
    }

    // The handshake signature (RFC 8446 section 4.4.3) proves the server holds the certificate's
    // private key; it is checked the same way with or without a pin, so a pin cannot be met by
    // replaying someone else's certificate.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}
