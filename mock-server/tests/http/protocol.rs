//! What reaches the mock as raw bytes: requests hyper refuses before any
//! router sees them still get the Onezone error body, and a request with
//! several credentials is refused when any of them is.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::seeded;

/// `zoe:zoe-pass`, the seed's zone administrator.
const ZOE_BASIC: &str = "Basic em9lOnpvZS1wYXNz";

/// Sends `raw` on a fresh connection and reads until the mock closes it (at
/// most 10 s); the answers as (status, headers, body), in order.
async fn exchange(addr: std::net::SocketAddr, raw: &[u8]) -> Vec<(u16, String, Value)> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(raw).await.unwrap();
    let mut bytes = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut bytes))
        .await
        .expect("the mock closes the connection")
        .unwrap();
    let mut answers = Vec::new();
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let text = String::from_utf8_lossy(rest);
        let (head, _) = text.split_once("\r\n\r\n").expect("a complete head");
        let status = head[9..12].parse().unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.parse().unwrap()))
            .expect("content-length");
        let start = head.len() + 4;
        let body = &rest[start..start + length];
        let body = if body.is_empty() { Value::Null } else { serde_json::from_slice(body).unwrap() };
        answers.push((status, head.to_ascii_lowercase(), body));
        rest = &rest[start + length..];
    }
    answers
}

fn assert_onezone_error(answer: &(u16, String, Value), status: u16, id: &str) {
    let (got, head, body) = answer;
    assert_eq!(*got, status, "{head}");
    assert!(head.contains("\r\ncontent-type: application/json\r\n"), "{head}");
    assert_eq!(body["error"]["id"], id, "{body}");
    assert!(body["error"]["description"].is_string(), "{body}");
}

#[tokio::test]
async fn requests_hyper_refuses_get_the_onezone_error_body() {
    let mock = seeded().await;
    let long_uri = format!("GET /api/v3/onezone/groups/{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000));
    let answers = exchange(mock.addr(), long_uri.as_bytes()).await;
    assert_eq!(answers.len(), 1);
    assert_onezone_error(&answers[0], 414, "badValueTextTooLarge");
    assert_eq!(answers[0].2["error"]["details"], serde_json::json!({"key": "uri", "limit": 65_534}));

    let answers = exchange(mock.addr(), b"G@T /api/v3/onezone/groups HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert_onezone_error(&answers[0], 400, "badMessage");
    let answers = exchange(mock.addr(), b"GET /api/v3/onezone/groups HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n").await;
    assert_onezone_error(&answers[0], 400, "badMessage");

    let huge_header =
        format!("GET /api/v3/onezone/groups HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(500_000));
    let answers = exchange(mock.addr(), huge_header.as_bytes()).await;
    assert_onezone_error(&answers[0], 431, "badValueTextTooLarge");

    // After an answered request on the same connection, in one write.
    let both =
        format!("GET /api/v3/onezone/groups HTTP/1.1\r\nHost: x\r\nAuthorization: {ZOE_BASIC}\r\n\r\n{long_uri}");
    let answers = exchange(mock.addr(), both.as_bytes()).await;
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0].0, 200, "{}", answers[0].1);
    assert!(answers[0].2["groups"].is_array());
    assert_onezone_error(&answers[1], 414, "badValueTextTooLarge");
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn garbage_beside_valid_credentials_is_refused() {
    let mock = seeded().await;
    let request = |token: &str| {
        format!(
            "GET /api/v3/onezone/groups HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: {ZOE_BASIC}\r\nX-Auth-Token: {token}\r\n\r\n"
        )
    };
    let answers = exchange(mock.addr(), request("garbage").as_bytes()).await;
    assert_onezone_error(&answers[0], 401, "unauthorized");
    assert_eq!(answers[0].2["error"]["details"]["authError"]["id"], "badToken");
    // Both valid (zoe's own token): served.
    let answers = exchange(mock.addr(), request("zoe-token").as_bytes()).await;
    assert_eq!(answers[0].0, 200, "{}", answers[0].1);
    // A repeated Authorization header: every value counts, in either order.
    for (first, second) in [(ZOE_BASIC, "Bearer garbage"), ("Bearer garbage", ZOE_BASIC)] {
        let raw = format!(
            "GET /api/v3/onezone/groups HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: {first}\r\nAuthorization: {second}\r\n\r\n"
        );
        let answers = exchange(mock.addr(), raw.as_bytes()).await;
        assert_onezone_error(&answers[0], 401, "unauthorized");
    }
    mock.shutdown().await.unwrap();
}
