//! Certificates generated at run time, for HTTPS tests (feature `tls`).

use std::fmt;
use std::io;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

/// A throw-away certificate authority and a server certificate it signed,
/// all in PEM, for [`ServerBuilder::tls`](crate::ServerBuilder::tls).
///
/// The server certificate is valid for `127.0.0.1`, `::1` and `localhost`
/// (or the names given to [`generate_for`](Self::generate_for)). A client
/// trusts it only when told to trust [`ca_pem`](Self::ca_pem), or when it
/// accepts invalid certificates. `Debug` does not print the private key.
#[derive(Clone)]
pub struct TestCertificates {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

impl TestCertificates {
    /// A new CA and a server certificate for `127.0.0.1`, `::1` and
    /// `localhost`.
    pub fn generate() -> Self {
        Self::generate_for(&["127.0.0.1", "::1", "localhost"])
    }

    /// A new CA and a server certificate for these names (IP addresses or
    /// DNS names).
    ///
    /// # Panics
    /// When a name is neither an IP address nor a valid DNS name.
    pub fn generate_for(names: &[&str]) -> Self {
        Self::try_generate_for(names).unwrap_or_else(|e| panic!("TestCertificates: cannot generate: {e}"))
    }

    fn try_generate_for(names: &[&str]) -> Result<Self, rcgen::Error> {
        let ca_key = KeyPair::generate()?;
        let mut ca_params = CertificateParams::new(Vec::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "onezone-test-support throw-away CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca_params, ca_key);

        let key = KeyPair::generate()?;
        let mut params = CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())?;
        params.distinguished_name.push(DnType::CommonName, names.first().copied().unwrap_or("localhost"));
        let cert = params.signed_by(&key, &issuer)?;
        Ok(Self { ca_pem: ca_cert.pem(), cert_pem: cert.pem(), key_pem: key.serialize_pem() })
    }

    /// The CA certificate (PEM), for the client to trust.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// The server certificate (PEM).
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The server's private key (PKCS#8 PEM).
    pub fn key_pem(&self) -> &str {
        &self.key_pem
    }

    pub(crate) fn server_config(&self) -> io::Result<Arc<ServerConfig>> {
        let invalid =
            |what: &str, e: &dyn fmt::Display| io::Error::new(io::ErrorKind::InvalidInput, format!("{what}: {e}"));
        let certs = CertificateDer::pem_slice_iter(self.cert_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid("server certificate", &e))?;
        let key = PrivateKeyDer::from_pem_slice(self.key_pem.as_bytes()).map_err(|e| invalid("server key", &e))?;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid("TLS versions", &e))?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| invalid("TLS configuration", &e))?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

impl fmt::Debug for TestCertificates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestCertificates")
            .field("ca_pem", &self.ca_pem)
            .field("cert_pem", &self.cert_pem)
            .field("key_pem", &"***")
            .finish()
    }
}
