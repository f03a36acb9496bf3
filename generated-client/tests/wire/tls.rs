//! A zone with a self-signed certificate (made at test time): refused by
//! default, accepted with `danger_accept_invalid_certs()` or with its CA.

use std::time::Duration;

use onezone_client::{Client, ClientBuilder};
use onezone_test_support::{RecordingServer, Reply, TestCertificates};
use serde_json::json;

use crate::api;

async fn tls_server(certificates: &TestCertificates) -> RecordingServer {
    RecordingServer::builder()
        .tls(certificates)
        .default_reply(Reply::json(200, json!({"handle_services": ["hs1"]})))
        .start()
        .await
}

async fn list(builder: ClientBuilder) -> Result<Vec<String>, onezone_client::Error<onezone_client::types::Error>> {
    let client = builder.token("t").build().expect("client");
    Ok(client.list_handle_services().send().await?.into_inner().handle_services)
}

/// Waits (bounded) for the server to count a failed handshake.
async fn handshake_failures(server: &RecordingServer) -> usize {
    for _ in 0..100 {
        if server.tls_handshake_failures() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.tls_handshake_failures()
}

#[tokio::test]
async fn an_unknown_certificate_is_refused_by_default() {
    let certificates = TestCertificates::generate();
    let server = tls_server(&certificates).await;
    assert!(server.url().starts_with("https://"));

    let error = list(Client::builder(server.url())).await.expect_err("self-signed CA is not trusted");
    assert!(matches!(&error, onezone_client::Error::CommunicationError(e) if e.is_connect()), "{error:?}");
    assert_eq!(server.request_count(), 0, "no request may be sent over an untrusted connection");
    assert!(handshake_failures(&server).await >= 1);

    // Trusting some other CA does not help either.
    let other = TestCertificates::generate();
    let error = list(Client::builder(server.url()).ca_certificate_pem(other.ca_pem())).await;
    assert!(error.is_err(), "a certificate from another CA was accepted");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn danger_accept_invalid_certs_accepts_it() {
    let certificates = TestCertificates::generate();
    let server = tls_server(&certificates).await;
    let ids = list(Client::builder(server.url()).danger_accept_invalid_certs()).await.expect("like curl -k");
    assert_eq!(ids, ["hs1"]);
    let request = server.request(0).await;
    assert_eq!(request.path, api("/handle_services"));
    assert_eq!(request.header("x-auth-token"), Some("t"));
}

#[tokio::test]
async fn the_zones_own_ca_makes_it_trusted() {
    let certificates = TestCertificates::generate();
    let server = tls_server(&certificates).await;
    let ids = list(Client::builder(server.url()).ca_certificate_pem(certificates.ca_pem())).await.expect("trusted CA");
    assert_eq!(ids, ["hs1"]);
    assert_eq!(server.request(0).await.path, api("/handle_services"));
    assert_eq!(server.tls_handshake_failures(), 0);
}

#[test]
fn ca_text_without_a_usable_certificate_is_refused_when_building() {
    let broken = "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n";
    for pem in ["garbage", "", broken] {
        let error = Client::builder("https://zone.example.com").ca_certificate_pem(pem).build().expect_err(pem);
        assert!(matches!(error, onezone_client::BuildError::InvalidCaCertificate(_)), "{pem:?}: {error:?}");
        assert!(error.to_string().starts_with("CA certificate is not usable PEM"), "{error}");
    }
}

#[tokio::test]
async fn every_ca_of_a_pem_bundle_is_trusted() {
    let (one, two) = (TestCertificates::generate(), TestCertificates::generate());
    let server = tls_server(&two).await;
    let bundle = format!("{}{}", one.ca_pem(), two.ca_pem());
    let ids = list(Client::builder(server.url()).ca_certificate_pem(bundle)).await.expect("the second CA counts too");
    assert_eq!(ids, ["hs1"]);
}
