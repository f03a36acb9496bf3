//! The recording server seen from an HTTP client.

use std::time::Duration;

use onezone_test_support::{RecordingServer, Reply};
use serde_json::json;

#[tokio::test]
async fn records_method_target_headers_and_body() {
    let server = RecordingServer::start().await;
    assert!(server.url().starts_with("http://127.0.0.1:"), "{}", server.url());
    server.push_reply(Reply::created("/things/42").with_json(json!({"ok": true})));

    let response = reqwest::Client::new()
        .post(server.url_for("/things/a%2Fb?x=1&y=%20"))
        .header("x-auth-token", "t0k")
        .header("x-repeated", "1")
        .header("x-repeated", "2")
        .json(&json!({"name": "n"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["location"], "/things/42");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), json!({"ok": true}));

    let request = server.request(0).await;
    assert_eq!(request.index, 0);
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/things/a%2Fb?x=1&y=%20");
    assert_eq!(request.path_only(), "/things/a%2Fb");
    assert_eq!(request.query(), Some("x=1&y=%20"));
    assert_eq!(request.header("x-auth-token"), Some("t0k"));
    assert_eq!(request.header_all("x-repeated"), ["1", "2"]);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), Some(json!({"name": "n"})));
    assert_eq!(server.pending_replies(), 0);
    server.shutdown().await;
}

#[tokio::test]
async fn queue_then_handler_then_default_then_a_visible_500() {
    let server = RecordingServer::builder().reply(Reply::new(202)).start().await;
    server.set_handler(|r| (r.path == "/by-handler").then(|| Reply::text(203, "from handler")));
    let http = reqwest::Client::new();
    let status = |path: &'static str| {
        let http = http.clone();
        let url = server.url_for(path);
        async move { http.get(url).send().await.unwrap() }
    };

    assert_eq!(status("/queued").await.status(), 202);
    assert_eq!(status("/by-handler").await.text().await.unwrap(), "from handler");

    let unscripted = status("/nothing").await;
    assert_eq!(unscripted.status(), 500);
    let body: serde_json::Value = unscripted.json().await.unwrap();
    assert_eq!(body["error"]["id"], "noScriptedReply");
    let description = body["error"]["description"].as_str().unwrap();
    assert!(description.contains("request #2 (GET /nothing)"), "{description}");

    server.set_default_reply(Some(Reply::no_content()));
    assert_eq!(status("/default").await.status(), 204);
    server.clear_handler();
    assert_eq!(status("/by-handler").await.status(), 204);

    let lines: Vec<String> = server.requests().iter().map(|r| r.line()).collect();
    assert_eq!(lines, ["GET /queued", "GET /by-handler", "GET /nothing", "GET /default", "GET /by-handler"]);
    assert!(server.requests().iter().all(|r| r.json().is_none()), "GET bodies are empty");
}

#[tokio::test]
#[should_panic(expected = "waited 100ms for 1 request(s) but 0 arrived: []")]
async fn waiting_for_a_request_that_never_comes_panics_in_bounded_time() {
    let server = RecordingServer::builder().wait_timeout(Duration::from_millis(100)).start().await;
    let _ = server.request(0).await;
}

#[tokio::test]
async fn a_delayed_reply_is_recorded_before_it_is_sent() {
    let server = RecordingServer::start().await;
    server.push_reply(Reply::ok().with_delay(Duration::from_secs(2)));
    let client = reqwest::Client::builder().timeout(Duration::from_millis(200)).build().unwrap();
    let error = client.get(server.url_for("/slow")).send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.request(0).await.path, "/slow");
    // The sleeping connection task must not keep shutdown waiting for 2 s.
    tokio::time::timeout(Duration::from_millis(500), server.shutdown()).await.expect("shutdown is prompt");
}

#[tokio::test]
async fn shutdown_and_drop_close_the_port() {
    let server = RecordingServer::builder().default_reply(Reply::ok()).start().await;
    let addr = server.addr();
    let http = reqwest::Client::new();
    assert_eq!(http.get(server.url_for("/")).send().await.unwrap().status(), 200);
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "still listening after shutdown");

    let server = RecordingServer::start().await;
    let addr = server.addr();
    drop(server);
    // Dropping only aborts the tasks; the runtime drops the listener at its next turn.
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "still listening after drop");
}
