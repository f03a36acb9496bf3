//! Adding a group or a user to a handle service: the body is optional.

use onezone_client::LocationExt;
use onezone_client::types::{HandleServiceMemberRequest, HandleServicePrivilege as P, HandleServicePrivileges};
use onezone_test_support::Reply;
use serde_json::json;

use crate::{GID, HSID, UID, assert_json_body, assert_target, request_example, server_and_client};

fn member_location() -> String {
    format!("https://onezone.example.com/api/v3/onezone/handle_services/{HSID}/groups/{GID}")
}

fn view_and_register() -> HandleServiceMemberRequest {
    HandleServiceMemberRequest {
        privileges: Some(HandleServicePrivileges(vec![P::HandleServiceView, P::HandleServiceRegisterHandle])),
    }
}

#[tokio::test]
async fn add_group_without_a_body_sends_an_empty_object() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::created(&member_location()));

    // No `.body(...)`: the zone's default member privileges apply.
    let added = client.add_handle_service_group().id(HSID).gid(GID).send().await.expect("201");

    assert_eq!(added.status(), 201);
    assert_eq!(added.location(), Ok(member_location().as_str()));
    assert_eq!(added.created_id(), Ok(GID));
    let request = server.request(0).await;
    assert_target(&request, "PUT", &format!("/handle_services/{HSID}/groups/{GID}"));
    assert_eq!(request.body_text(), "{}");
    assert_json_body(&request, &request_example("/handle_services/{id}/groups/{gid}", "put", "documented"));
}

#[tokio::test]
async fn add_group_with_privileges_sends_them() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::created(&member_location()));
    client.add_handle_service_group().id(HSID).gid(GID).body(view_and_register()).send().await.expect("201");
    let request = server.request(0).await;
    assert_target(&request, "PUT", &format!("/handle_services/{HSID}/groups/{GID}"));
    assert_json_body(&request, &json!({"privileges": ["handle_service_view", "handle_service_register_handle"]}));
    assert_json_body(&request, &request_example("/handle_services/{id}/groups/{gid}", "put", "withPrivileges"));
}

#[tokio::test]
async fn add_user_without_a_body_sends_an_empty_object_and_gets_204() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::no_content());
    let added = client.add_handle_service_user().id(HSID).uid(UID).send().await.expect("204");
    assert_eq!(added.status(), 204);
    let request = server.request(0).await;
    assert_target(&request, "PUT", &format!("/handle_services/{HSID}/users/{UID}"));
    assert_eq!(request.body_text(), "{}");
    assert_json_body(&request, &json!({}));
}

#[tokio::test]
async fn add_user_with_privileges_sends_them() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::no_content());
    client
        .add_handle_service_user()
        .id(HSID)
        .uid(UID)
        .body_map(|b| b.privileges(Some(HandleServicePrivileges(vec![P::HandleServiceView]))))
        .send()
        .await
        .expect("204");
    let request = server.request(0).await;
    assert_json_body(&request, &json!({"privileges": ["handle_service_view"]}));
}
