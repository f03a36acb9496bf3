//! Answers of overridden operations: status, `Location`, body, and what the
//! implementation received.

use std::sync::Arc;

use onezone_server::ServerConfig;
use serde_json::json;

use super::{Call, Probe, send, send_to};

#[tokio::test]
async fn created_answers_201_with_location_and_no_body() {
    let probe = Arc::new(Probe::default());
    let call =
        Call::new("POST", "/api/v3/onezone/groups").json(json!({"name": "Test group", "type": "team", "unknown": 1}));
    let answer = send_to(probe.clone(), ServerConfig::default(), call).await;
    assert_eq!(answer.status, 201);
    assert_eq!(
        answer.location.as_deref(),
        Some("http://zone.test/api/v3/onezone/groups/0123456789abcdef0123456789abcdef")
    );
    assert!(answer.body.is_empty());
    let seen = probe.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, "create_group");
    assert!(seen[0].1.starts_with("alice GroupCreateRequest"), "{seen:?}");
}

#[tokio::test]
async fn public_url_setting_shapes_the_location() {
    let config = ServerConfig { public_url: Some("https://zone.example.com/".into()), ..ServerConfig::default() };
    let answer =
        send_to(Arc::new(Probe::default()), config, Call::new("PUT", "/api/v3/onezone/handle_services/h1/groups/g1"))
            .await;
    assert_eq!(answer.status, 201);
    assert_eq!(
        answer.location.as_deref(),
        Some("https://zone.example.com/api/v3/onezone/handle_services/h1/groups/g1")
    );
}

#[tokio::test]
async fn ok_answers_200_with_json_and_no_content_answers_204_empty() {
    let answer = send(Call::new("GET", "/api/v3/onezone/groups/g42")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        answer.json(),
        json!({"groupId": "g42", "name": "Test group", "type": "team", "creationTime": 1576152793})
    );
    let answer = send(Call::new("DELETE", "/api/v3/onezone/groups/g42")).await;
    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty() && answer.content_type.is_none());
}

#[tokio::test]
async fn handler_errors_keep_their_status_and_format() {
    let answer = send(Call::new("GET", "/api/v3/onezone/groups/missing")).await;
    assert_eq!((answer.status.as_u16(), answer.error_id()), (404, "notFound".to_owned()));
}

#[tokio::test]
async fn a_panicking_implementation_answers_500_and_the_router_keeps_serving() {
    let service = Arc::new(Probe::default());
    let panicking = [
        Call::new("GET", "/api/v3/onezone/groups/panic"),
        Call { token: Some("panic"), ..Call::new("GET", "/api/v3/onezone/groups/g1") },
    ];
    for call in panicking {
        let answer = send_to(Arc::clone(&service), ServerConfig::default(), call).await;
        assert_eq!(answer.status, 500, "{answer:?}");
        assert_eq!(answer.error_id(), "internalServerError");
        assert_eq!(answer.json()["error"]["details"], json!({ "reference": null }));
    }
    let after = send_to(service, ServerConfig::default(), Call::new("GET", "/api/v3/onezone/groups/g1")).await;
    assert_eq!(after.status, 200, "{after:?}");
}

#[tokio::test]
async fn an_absent_optional_body_needs_no_content_type_and_arrives_as_none() {
    let probe = Arc::new(Probe::default());
    let answer = send_to(
        probe.clone(),
        ServerConfig::default(),
        Call::new("PUT", "/api/v3/onezone/handle_services/h1/groups/g1"),
    )
    .await;
    assert_eq!(answer.status, 201);
    let call = Call::new("PUT", "/api/v3/onezone/handle_services/h1/groups/g1")
        .json(json!({"privileges": ["handle_service_view"]}));
    send_to(probe.clone(), ServerConfig::default(), call).await;
    let call = Call::new("PUT", "/api/v3/onezone/handle_services/h1/groups/g1").json(json!({}));
    send_to(probe.clone(), ServerConfig::default(), call).await;
    let seen: Vec<String> = probe.seen.lock().unwrap().iter().map(|s| s.1.clone()).collect();
    let perms = "[handle_service_update,oz_handle_services_add_relationships,oz_groups_add_relationships]";
    assert_eq!(
        seen,
        [
            format!("h1 g1 None {perms}"),
            format!(
                "h1 g1 Some(HandleServiceMemberRequest {{ privileges: Some(HandleServicePrivileges([HandleServiceView])) }}) {perms}"
            ),
            format!("h1 g1 Some(HandleServiceMemberRequest {{ privileges: None }}) {perms}"),
        ]
    );
}

#[tokio::test]
async fn path_parameters_are_percent_decoded() {
    let probe = Arc::new(Probe::default());
    send_to(probe.clone(), ServerConfig::default(), Call::new("GET", "/api/v3/onezone/groups/a%20b%2Fc")).await;
    assert_eq!(probe.seen.lock().unwrap()[0].1, "a b/c");
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused_with_413() {
    let config = ServerConfig { body_limit: 64, ..ServerConfig::default() };
    let big = json!({"name": "x".repeat(200)});
    let answer =
        send_to(Arc::new(Probe::default()), config, Call::new("POST", "/api/v3/onezone/groups").json(big.clone()))
            .await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.error_id(), "badValueTextTooLarge");
    assert_eq!(answer.json()["error"]["details"], json!({"key": "body", "limit": 64}));
    // The default cap (1 MiB) lets it through.
    let answer = send(Call::new("POST", "/api/v3/onezone/groups").json(big)).await;
    assert_eq!(answer.status, 201);
}

#[test]
fn request_context_debug_never_shows_credentials() {
    let parts = http::Request::builder()
        .uri("/api/v3/onezone/groups")
        .header("x-auth-token", "s3cret-token")
        .header("authorization", "Basic czNjcmV0")
        .body(())
        .unwrap()
        .into_parts()
        .0;
    let info = <onezone_server::operations::ListGroups as onezone_server::Operation>::INFO;
    let ctx = onezone_server::RequestContext::new(info, parts, &ServerConfig::default());
    let text = format!("{ctx:?}");
    assert!(text.contains("list_groups"));
    assert!(!text.contains("s3cret") && !text.contains("czNjcmV0"), "{text}");
}
