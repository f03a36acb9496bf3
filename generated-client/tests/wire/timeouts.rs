//! A zone that does not answer in time.

use std::time::{Duration, Instant};

use onezone_client::{ApiError, Client, ClientBuilder};
use onezone_test_support::{RecordingServer, Reply};

use crate::{HSID, api};

#[tokio::test]
async fn a_slow_answer_fails_with_a_timeout_error_once_the_timeout_has_passed() {
    let server = RecordingServer::start().await;
    // The answer would come after 60 s; shutdown aborts it, so the test does not wait for it.
    server.push_reply(Reply::json(200, serde_json::json!({"users": []})).with_delay(Duration::from_secs(60)));
    let client = Client::builder(server.url()).token("t").timeout(Duration::from_millis(300)).build().unwrap();

    let started = Instant::now();
    let error = client.list_handle_service_users().id(HSID).send().await.expect_err("the answer comes too late");
    let waited = started.elapsed();

    assert!(matches!(&error, onezone_client::Error::CommunicationError(e) if e.is_timeout()), "{error:?}");
    // The client gave up on its own, long before the answer would have come
    // (a wide bound: this checks behaviour, not speed, on a busy machine).
    assert!(waited < Duration::from_secs(30), "gave up only after {waited:?}");
    assert!(waited >= Duration::from_millis(300), "gave up before the timeout, after {waited:?}");
    // The request did reach the zone.
    assert_eq!(server.request(0).await.path, api(&format!("/handle_services/{HSID}/users")));
    let error = ApiError::decode(error).await;
    assert_eq!(error.status(), None);
    server.shutdown().await;
}

#[tokio::test]
async fn the_default_timeouts_are_the_documented_ones() {
    // 30 s per request, 10 s to connect; shown in the builder's Debug.
    let text = format!("{:?}", Client::builder("https://zone.example.com"));
    assert!(text.contains("timeout: 30s") && text.contains("connect_timeout: 10s"), "{text}");
    assert_eq!(ClientBuilder::DEFAULT_TIMEOUT, Duration::from_secs(30));
    assert_eq!(ClientBuilder::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
}

#[tokio::test]
async fn an_error_body_cut_off_by_the_timeout_keeps_its_status() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // A zone that sends the status line and half an error body, then stalls.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let zone = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the client closed before sending its request");
            request.extend_from_slice(&buf[..n]);
        }
        let head =
            "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
        socket.write_all(format!("{head}{{\"error\":").as_bytes()).await.unwrap();
        // Held open (bounded) until the client gives up.
        let _ = tokio::time::timeout(Duration::from_secs(10), socket.read(&mut buf)).await;
    });

    let client =
        Client::builder(&format!("http://{addr}")).token("t").timeout(Duration::from_millis(500)).build().unwrap();
    let error = client.get_handle_service().id(HSID).send().await.expect_err("the body never completes");
    let error = ApiError::decode(error).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{error:?}");
    assert!(error.description().starts_with("the error body could not be read"), "{error}");
    assert!(error.to_string().starts_with("HTTP 500: "), "{error}");
    zone.abort();
}
