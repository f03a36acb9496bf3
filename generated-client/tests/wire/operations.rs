//! Representative operations: method, path, JSON body out, typed value in.

use onezone_client::types::{
    GroupCreateRequest, GroupType, HandleService, HandleServiceCreateRequest, HandleServicePrivilege as P,
    HandleServicePrivileges, HandleServicePrivilegesUpdate, HandleServiceProperties, HandleServicePropertiesUpdate,
    HandleServiceUpdate, Secret, SubjectType,
};
use onezone_client::{Client, LocationExt, MissingLocation};
use onezone_test_support::{RecordingServer, Reply};
use serde_json::json;

use crate::{GID, HSID, UID, assert_json_body, assert_target, request_example, response_example, server_and_client};

const GROUP_LOCATION: &str = "https://onezone.example.com/api/v3/onezone/groups/e6a97b1c5d2f48309b7e1a4c6d8f2b05";

#[tokio::test]
async fn create_group_posts_the_body_and_exposes_the_location() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::created(GROUP_LOCATION));

    let body = GroupCreateRequest { name: "new_group".into(), type_: Some(GroupType::Team) };
    let created = client.create_group().body(body).send().await.expect("201");

    assert_eq!(created.status(), 201);
    assert_eq!(created.location(), Ok(GROUP_LOCATION));
    assert_eq!(created.created_id(), Ok("e6a97b1c5d2f48309b7e1a4c6d8f2b05"));
    let request = server.request(0).await;
    assert_target(&request, "POST", "/groups");
    // The body of the documented curl call, byte for byte in meaning.
    assert_json_body(&request, &request_example("/groups", "post", "documented"));
    assert_json_body(&request, &json!({"name": "new_group", "type": "team"}));
}

#[tokio::test]
async fn create_group_with_only_a_name_leaves_the_type_out() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::created(GROUP_LOCATION));
    client.create_group().body_map(|b| b.name("Test group")).send().await.expect("201");
    assert_json_body(&server.request(0).await, &json!({"name": "Test group"}));
}

#[tokio::test]
async fn a_201_without_location_is_a_missing_location_not_an_empty_id() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::new(201));
    let created = client.create_group().body_map(|b| b.name("g")).send().await.expect("201 is still a success");
    assert_eq!(created.location(), Err(MissingLocation { status: 201 }));
    assert_eq!(created.created_id(), Err(MissingLocation { status: 201 }));
    assert_eq!(created.created_id().unwrap_err().to_string(), "the response (HTTP 201) has no usable Location header");
}

fn doi_properties() -> HandleServiceProperties {
    HandleServiceProperties::Doi {
        host: "https://mds.test.datacite.org".into(),
        doi_endpoint: "/doi".into(),
        metadata_endpoint: "/metadata".into(),
        media_endpoint: "/media".into(),
        prefix: "10.5072".into(),
        username: "alice".into(),
        password: Secret::new("pa$$word"),
        identifier_template: Some("{{space.name}}-{{space.guid}}".into()),
        allow_template_override: Some(false),
    }
}

#[tokio::test]
async fn add_handle_service_sends_every_doi_field_and_the_password_in_clear() {
    let (server, client) = server_and_client().await;
    let location = format!("https://onezone.example.com/api/v3/onezone/handle_services/{HSID}");
    server.push_reply(Reply::created(&location));

    let body = HandleServiceCreateRequest {
        name: "MyCommunity Handle service".into(),
        proxy_endpoint: "https://localhost:17000/handle_proxy".into(),
        service_properties: doi_properties(),
    };
    // Debug of the body never shows the password; the wire always does.
    let debug = format!("{body:?}");
    assert!(!debug.contains("pa$$word"), "{debug}");
    assert!(debug.contains("Secret(***)"), "{debug}");

    let created = client.add_handle_service().body(body).send().await.expect("201");
    assert_eq!(created.created_id(), Ok(HSID));

    let request = server.request(0).await;
    assert_target(&request, "POST", "/handle_services");
    let expected = json!({
        "name": "MyCommunity Handle service",
        "proxyEndpoint": "https://localhost:17000/handle_proxy",
        "serviceProperties": {
            "type": "DOI",
            "host": "https://mds.test.datacite.org",
            "doiEndpoint": "/doi",
            "metadataEndpoint": "/metadata",
            "mediaEndpoint": "/media",
            "prefix": "10.5072",
            "username": "alice",
            "password": "pa$$word",
            "identifierTemplate": "{{space.name}}-{{space.guid}}",
            "allowTemplateOverride": false
        }
    });
    assert_json_body(&request, &expected);
    assert_json_body(&request, &request_example("/handle_services", "post", "documented"));
}

#[tokio::test]
async fn get_handle_service_decodes_the_documented_answer_with_every_property() {
    let (server, client) = server_and_client().await;
    let documented = response_example("/handle_services/{id}", "get", "200", "documented");
    server.push_reply(Reply::json(200, &documented));

    let hs = client.get_handle_service().id(HSID).send().await.expect("200").into_inner();

    assert_target(&server.request(0).await, "GET", &format!("/handle_services/{HSID}"));
    assert_eq!(server.request(0).await.body.len(), 0, "a GET has no body");
    assert_eq!(hs.handle_service_id, "0fe7c8a20ffdf07480c46f084bc3b8d5");
    assert_eq!(hs.name, "MyCommunity Handle service");
    assert_eq!(hs.proxy_endpoint, "https://localhost:17000/handle_proxy");
    assert_eq!(hs.creator.type_, Some(SubjectType::User));
    assert_eq!(hs.creator.id.as_deref(), Some("7434b256e71e1052e0d5e3e9da657ebf"));
    assert_eq!(*hs.creation_time, 1576152793);
    assert_eq!(hs.service_properties, doi_properties());
    let HandleServiceProperties::Doi { password, .. } = &hs.service_properties else {
        panic!("a DOI service decoded as {:?}", hs.service_properties)
    };
    assert_eq!(password.expose(), "pa$$word");
    // Nothing was dropped or renamed on the way in.
    assert_eq!(serde_json::to_value(&hs).unwrap(), documented);
}

#[tokio::test]
async fn get_handle_service_decodes_a_pid_service_too() {
    let (server, client) = server_and_client().await;
    let pid = response_example("/handle_services/{id}", "get", "200", "pid");
    server.push_reply(Reply::json(200, &pid));
    let hs: HandleService =
        client.get_handle_service().id("cdca849d2b71bc7205f3eab686cf62fb").send().await.unwrap().into_inner();
    assert_eq!(
        hs.service_properties,
        HandleServiceProperties::Pid {
            endpoint: "https://epic.grnet.gr/api/v2/handles".into(),
            prefix: "11789".into(),
            auto_suffix_generation: false,
            suffix_prefix: "{{space.name}}".into(),
            suffix_suffix: "{{space.uuid}}".into(),
            username: "alice".into(),
            password: Secret::new("pa$$word"),
            identifier_template: Some("{{space.name}}-{{space.guid}}".into()),
            allow_template_override: Some(false),
        }
    );
    assert_eq!(serde_json::to_value(&hs).unwrap(), pid);
}

#[tokio::test]
async fn handle_service_update_patches_only_the_fields_given() {
    let (server, client) = server_and_client().await;
    server.push_replies([Reply::no_content(), Reply::no_content()]);

    let rename = HandleServiceUpdate { name: Some("New handle service name".into()), ..Default::default() };
    let done = client.handle_service_update().id(HSID).body(rename).send().await.expect("204");
    assert_eq!(done.status(), 204);

    let credentials = HandleServiceUpdate {
        service_properties: Some(HandleServicePropertiesUpdate::Doi {
            host: Some("https://mds.test.datacite.org".into()),
            username: Some("alice".into()),
            password: Some("pa$$word".into()),
            doi_endpoint: None,
            metadata_endpoint: None,
            media_endpoint: None,
            prefix: None,
            identifier_template: None,
            allow_template_override: None,
        }),
        ..Default::default()
    };
    client.handle_service_update().id(HSID).body(credentials).send().await.expect("204");

    let requests = server.wait_for_requests(2).await;
    for request in &requests {
        assert_target(request, "PATCH", &format!("/handle_services/{HSID}"));
    }
    assert_json_body(&requests[0], &json!({"name": "New handle service name"}));
    assert_json_body(&requests[0], &request_example("/handle_services/{id}", "patch", "documented"));
    assert_json_body(
        &requests[1],
        &json!({"serviceProperties": {"type": "DOI", "host": "https://mds.test.datacite.org", "username": "alice", "password": "pa$$word"}}),
    );
    assert_json_body(&requests[1], &request_example("/handle_services/{id}", "patch", "doiCredentials"));
}

fn privileges(items: &[P]) -> Option<HandleServicePrivileges> {
    Some(HandleServicePrivileges(items.to_vec()))
}

#[tokio::test]
async fn update_user_privileges_patches_grant_and_revoke() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::no_content());
    let body = HandleServicePrivilegesUpdate {
        grant: privileges(&[P::HandleServiceRegisterHandle]),
        revoke: privileges(&[P::HandleServiceUpdate]),
    };
    client.update_user_handle_service_privileges().id(HSID).uid(UID).body(body).send().await.expect("204");

    let request = server.request(0).await;
    assert_target(&request, "PATCH", &format!("/handle_services/{HSID}/users/{UID}/privileges"));
    assert_json_body(
        &request,
        &json!({"grant": ["handle_service_register_handle"], "revoke": ["handle_service_update"]}),
    );
    let documented = request_example("/handle_services/{id}/users/{uid}/privileges", "patch", "documented");
    assert_json_body(&request, &documented);
}

#[tokio::test]
async fn update_group_privileges_sends_only_the_lists_given() {
    let (server, client) = server_and_client().await;
    server.push_replies([Reply::no_content(), Reply::no_content()]);
    let both = HandleServicePrivilegesUpdate {
        grant: privileges(&[P::HandleServiceUpdate, P::HandleServiceView]),
        revoke: privileges(&[P::HandleServiceDelete, P::HandleServiceListHandles, P::HandleServiceRegisterHandle]),
    };
    client.update_group_handle_service_privileges().id(HSID).gid(GID).body(both).send().await.expect("204");
    let grant_only = HandleServicePrivilegesUpdate { grant: privileges(&[P::HandleServiceView]), revoke: None };
    client.update_group_handle_service_privileges().id(HSID).gid(GID).body(grant_only).send().await.expect("204");

    let requests = server.wait_for_requests(2).await;
    assert_target(&requests[0], "PATCH", &format!("/handle_services/{HSID}/groups/{GID}/privileges"));
    assert_json_body(
        &requests[0],
        &json!({
            "grant": ["handle_service_update", "handle_service_view"],
            "revoke": ["handle_service_delete", "handle_service_list_handles", "handle_service_register_handle"]
        }),
    );
    assert_json_body(&requests[1], &json!({"grant": ["handle_service_view"]}));
}

#[tokio::test]
async fn remove_handle_service_group_is_a_bodiless_delete_answered_204() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::no_content());
    let done = client.remove_handle_service_group().id(HSID).gid(GID).send().await.expect("204");
    assert_eq!(done.status(), 204);
    let request = server.request(0).await;
    assert_target(&request, "DELETE", &format!("/handle_services/{HSID}/groups/{GID}"));
    assert!(request.body.is_empty(), "{request:?}");
    assert!(!request.has_header("content-type"), "{request:?}");
}

#[tokio::test]
async fn list_handle_service_privileges_is_public() {
    let server = RecordingServer::start().await;
    let documented = response_example("/handle_services/privileges", "get", "200", "documented");
    server.push_reply(Reply::json(200, &documented));
    let client = Client::anonymous(server.url()).unwrap();

    let catalogue = client.list_handle_service_privileges().send().await.expect("200").into_inner();

    let request = server.request(0).await;
    assert_target(&request, "GET", "/handle_services/privileges");
    assert!(!request.has_header("authorization") && !request.has_header("x-auth-token"), "{request:?}");
    assert_eq!(
        catalogue.admin.0,
        [
            P::HandleServiceView,
            P::HandleServiceUpdate,
            P::HandleServiceDelete,
            P::HandleServiceRegisterHandle,
            P::HandleServiceListHandles
        ]
    );
    assert_eq!(
        serde_json::to_value(&catalogue.member).unwrap(),
        json!(["handle_service_view", "handle_service_register_handle"])
    );
}
