//! The per-run throwaway certificate authority and the TLS client setup that trusts it.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::CertificateDer;

/// Names the server certificate is valid for. 127.0.0.2 is there for [`super::UNTRUSTED_HOST`].
pub const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "127.0.0.2"];

/// A CA and a server certificate it signed, generated fresh for each stack.
///
/// Fresh per run so no test can come to depend on a key checked into the repository, and so a
/// test that forgets to trust the CA fails loudly instead of passing against a cached certificate.
#[derive(Clone)]
pub struct TestCa {
    /// The CA certificate in PEM.
    pub ca_pem: String,
    /// The CA certificate in DER, ready for a rustls `RootCertStore`.
    pub ca_der: CertificateDer<'static>,
    /// The server certificate in PEM (leaf only; the CA is the trust anchor).
    pub server_cert_pem: String,
    /// The server's private key in PEM (PKCS#8).
    pub server_key_pem: String,
}

impl std::fmt::Debug for TestCa {
    // The key stays out of debug output even though it is throwaway: habits carry over.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").field("ca_pem", &self.ca_pem).finish_non_exhaustive()
    }
}

impl TestCa {
    /// Generates a CA and a server certificate for [`SERVER_NAMES`] (ECDSA P-256).
    pub fn generate() -> Result<TestCa, rcgen::Error> {
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca_params.distinguished_name.push(DnType::CommonName, "Posthorn throwaway test CA");
        ca_params.key_usages =
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        let ca_key = KeyPair::generate()?;
        let ca = ca_params.self_signed(&ca_key)?;

        let mut server_params =
            CertificateParams::new(SERVER_NAMES.iter().map(|name| name.to_string()).collect::<Vec<_>>())?;
        server_params.distinguished_name.push(DnType::CommonName, "localhost");
        server_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_key = KeyPair::generate()?;
        let server = server_params.signed_by(&server_key, &ca, &ca_key)?;

        Ok(TestCa {
            ca_pem: ca.pem(),
            ca_der: ca.der().clone(),
            server_cert_pem: server.pem(),
            server_key_pem: server_key.serialize_pem(),
        })
    }

    /// A rustls client configuration that trusts this CA and nothing else.
    ///
    /// It names the ring provider explicitly rather than relying on a process-wide default, which
    /// another crate in the test binary may or may not have installed.
    pub fn client_config(&self) -> Result<Arc<ClientConfig>, rustls::Error> {
        let mut roots = RootCertStore::empty();
        roots.add(self.ca_der.clone())?;
        let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}
