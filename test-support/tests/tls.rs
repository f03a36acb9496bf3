//! HTTPS with certificates made at run time (feature `tls`).
#![cfg(feature = "tls")]

use onezone_test_support::{RecordingServer, Reply, TestCertificates};

#[tokio::test]
async fn serves_https_to_a_client_that_trusts_the_generated_ca() {
    let certificates = TestCertificates::generate();
    assert!(!format!("{certificates:?}").contains("PRIVATE KEY"), "Debug shows the key");
    let server = RecordingServer::builder().tls(&certificates).default_reply(Reply::text(200, "secure")).start().await;
    assert!(server.url().starts_with("https://127.0.0.1:"), "{}", server.url());

    let untrusting = reqwest::Client::new();
    assert!(untrusting.get(server.url_for("/a")).send().await.is_err(), "an unknown CA must be refused");

    let ca = reqwest::Certificate::from_pem(certificates.ca_pem().as_bytes()).unwrap();
    let trusting = reqwest::Client::builder().add_root_certificate(ca).build().unwrap();
    let response = trusting.get(server.url_for("/b")).send().await.unwrap();
    assert_eq!(response.text().await.unwrap(), "secure");

    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/b"], "the refused connection never got to send a request");
    server.shutdown().await;
}
