//! `Client::set_handle_service_group_privileges`: one GET, then at most one
//! PATCH with the difference.

use onezone_client::types::HandleServicePrivilege as P;
use onezone_client::{ApiError, PrivilegeChange};
use onezone_test_support::{RecordedRequest, Reply};
use reqwest::StatusCode;
use serde_json::json;

use crate::{GID, HSID, api, assert_json_body, server_and_client};

fn privileges_path() -> String {
    api(&format!("/handle_services/{HSID}/groups/{GID}/privileges"))
}

fn lines(requests: &[RecordedRequest]) -> Vec<String> {
    requests.iter().map(RecordedRequest::line).collect()
}

#[tokio::test]
async fn reads_then_patches_exactly_the_difference() {
    let (server, client) = server_and_client().await;
    server.push_replies([
        Reply::json(200, json!({"privileges": ["handle_service_view", "handle_service_delete"]})),
        Reply::no_content(),
    ]);

    let change = client
        .set_handle_service_group_privileges(HSID, GID, &[P::HandleServiceView, P::HandleServiceUpdate])
        .await
        .expect("GET 200 then PATCH 204");

    assert_eq!(
        change,
        PrivilegeChange { granted: vec![P::HandleServiceUpdate], revoked: vec![P::HandleServiceDelete] }
    );
    let requests = server.requests();
    assert_eq!(lines(&requests), [format!("GET {}", privileges_path()), format!("PATCH {}", privileges_path())]);
    assert!(requests[0].body.is_empty());
    assert_json_body(&requests[1], &json!({"grant": ["handle_service_update"], "revoke": ["handle_service_delete"]}));
    // Both calls carry the client's credentials.
    assert!(requests.iter().all(|r| r.header("x-auth-token") == Some("test-token")));
    assert_eq!(server.pending_replies(), 0);
}

#[tokio::test]
async fn only_the_non_empty_list_is_sent() {
    let (server, client) = server_and_client().await;
    server.push_replies([Reply::json(200, json!({"privileges": ["handle_service_view"]})), Reply::no_content()]);
    let change = client.set_handle_service_group_privileges(HSID, GID, &[]).await.unwrap();
    assert_eq!(change.revoked, [P::HandleServiceView]);
    assert_json_body(&server.request(1).await, &json!({"revoke": ["handle_service_view"]}));

    server.push_replies([Reply::json(200, json!({"privileges": []})), Reply::no_content()]);
    let wanted = [P::HandleServiceListHandles, P::HandleServiceView, P::HandleServiceListHandles];
    client.set_handle_service_group_privileges(HSID, GID, &wanted).await.unwrap();
    let patch = server.request(3).await;
    assert_eq!(patch.line(), format!("PATCH {}", privileges_path()));
    assert_json_body(&patch, &json!({"grant": ["handle_service_view", "handle_service_list_handles"]}));
}

#[tokio::test]
async fn nothing_to_change_means_no_patch_at_all() {
    let (server, client) = server_and_client().await;
    server
        .push_reply(Reply::json(200, json!({"privileges": ["handle_service_register_handle", "handle_service_view"]})));
    // A PATCH would get this reply, and the test would see it.
    server.set_default_reply(Some(Reply::no_content()));

    let change = client
        .set_handle_service_group_privileges(HSID, GID, &[P::HandleServiceView, P::HandleServiceRegisterHandle])
        .await
        .unwrap();

    assert!(change.is_empty(), "{change:?}");
    assert_eq!(lines(&server.requests()), [format!("GET {}", privileges_path())]);
}

#[tokio::test]
async fn a_failed_read_patches_nothing_and_reports_the_zone_error() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::json(404, json!({"error": {"id": "notFound", "description": "No such group."}})));
    server.set_default_reply(Some(Reply::no_content()));

    let error = client.set_handle_service_group_privileges(HSID, GID, &[P::HandleServiceView]).await.unwrap_err();

    assert_eq!((error.status(), error.id()), (Some(StatusCode::NOT_FOUND), Some("notFound")));
    assert_eq!(lines(&server.requests()), [format!("GET {}", privileges_path())]);
}

#[tokio::test]
async fn a_refused_patch_is_reported_with_its_status() {
    let (server, client) = server_and_client().await;
    server.push_replies([
        Reply::json(200, json!({"privileges": []})),
        Reply::json(403, json!({"error": {"id": "forbidden", "description": "Nope."}})),
    ]);
    let error: ApiError =
        client.set_handle_service_group_privileges(HSID, GID, &[P::HandleServiceDelete]).await.unwrap_err();
    assert_eq!((error.status(), error.id()), (Some(StatusCode::FORBIDDEN), Some("forbidden")));
    assert_eq!(server.request_count(), 2);
}
