//! Error answers: ids, statuses and details, and which check comes first.

use onezone_types::{
    HandleServiceMemberRequest, HandleServicePrivilegesUpdate, HandleServicePropertiesUpdate, HandleServiceUpdate,
};
use serde_json::json;

use crate::common::*;

const UNKNOWN: &str = "00000000000000000000000000000000";

#[test]
fn unknown_entities_are_404_even_for_callers_without_privileges() {
    let zone = fixture();
    let outsider = who(&zone, "outsider");
    let repo = hsid(&zone, "Repo");
    let leaf = gid(&zone, "Leaf");
    let owner = uid(&zone, "owner");

    assert_status(zone.get_handle_service(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.handle_service_update(&outsider, UNKNOWN, HandleServiceUpdate::default()), 404, "notFound");
    assert_status(zone.remove_handle_service(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.get_public_handle_service_details(UNKNOWN), 404, "notFound");
    assert_status(zone.list_handle_service_users(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.get_group(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.remove_group(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.list_effective_group_handle_services(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.get_user_handle_service(&outsider, UNKNOWN), 404, "notFound");
    assert_status(zone.leave_handle_service(&outsider, UNKNOWN), 404, "notFound");
    // Unknown member ids.
    assert_status(zone.add_handle_service_user(&outsider, &repo, UNKNOWN, None), 404, "notFound");
    assert_status(zone.add_handle_service_group(&outsider, &repo, UNKNOWN, None), 404, "notFound");
    assert_status(zone.remove_handle_service_user(&outsider, &repo, UNKNOWN), 404, "notFound");
    assert_status(zone.get_handle_service_user(&outsider, &repo, UNKNOWN), 404, "notFound");
    assert_status(zone.group_leave_handle_service(&outsider, &leaf, UNKNOWN), 404, "notFound");
    assert_status(zone.get_handle_service_handle(&outsider, &repo, UNKNOWN), 404, "notFound");
    // A known entity with a caller lacking privileges: 403, not 404.
    assert_status(zone.get_handle_service_user(&outsider, &repo, &owner), 403, "forbidden");
    // A 404 carries no details.
    assert_eq!(fails(zone.get_handle_service(&outsider, UNKNOWN)).2, serde_json::Value::Null);
}

#[test]
fn non_members_on_member_paths_are_404() {
    let zone = fixture();
    let root = who(&zone, "root");
    let (repo, spare) = (hsid(&zone, "Repo"), hsid(&zone, "Spare"));
    let [outsider, carol] = ["outsider", "carol"].map(|n| uid(&zone, n));
    let [lonely, leaf] = ["Lonely", "Leaf"].map(|n| gid(&zone, n));

    assert_status(zone.get_handle_service_user(&root, &repo, &outsider), 404, "notFound");
    assert_status(zone.list_user_handle_service_privileges(&root, &repo, &outsider), 404, "notFound");
    assert_status(
        zone.update_user_handle_service_privileges(&root, &repo, &outsider, patch(Some(&[VIEW]), None)),
        404,
        "notFound",
    );
    assert_status(zone.get_effective_handle_service_user(&root, &repo, &outsider), 404, "notFound");
    assert_status(zone.list_effective_user_handle_service_privileges(&root, &repo, &outsider), 404, "notFound");
    // carol is an effective, not a direct member.
    assert_status(zone.list_user_handle_service_privileges(&root, &repo, &carol), 404, "notFound");

    assert_status(zone.get_handle_service_group(&root, &repo, &lonely), 404, "notFound");
    assert_status(zone.list_group_handle_service_privileges(&root, &repo, &leaf), 404, "notFound");
    assert_status(
        zone.update_group_handle_service_privileges(&root, &repo, &leaf, patch(Some(&[VIEW]), None)),
        404,
        "notFound",
    );
    assert_status(zone.get_effective_handle_service_group(&root, &repo, &lonely), 404, "notFound");
    assert_status(zone.list_effective_group_handle_service_privileges(&root, &repo, &lonely), 404, "notFound");
    assert_status(zone.get_group_handle_service(&root, &lonely, &repo), 404, "notFound");
    assert_status(zone.get_group_effective_handle_service(&root, &lonely, &repo), 404, "notFound");
    // A handle of another handle service.
    assert_status(zone.get_handle_service_handle(&root, &spare, "handle-1"), 404, "notFound");
}

#[test]
fn adding_an_existing_member_is_409_with_the_relation() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let viewer = uid(&zone, "viewer");
    let top = gid(&zone, "Top");

    let (status, id, details) = fails(zone.add_handle_service_user(&owner, &repo, &viewer, None));
    assert_eq!((status, id), (409, "relationAlreadyExists"));
    assert_eq!(
        details,
        json!({"childType": "od_user", "childId": viewer, "parentType": "od_handle_service", "parentId": repo})
    );
    let (status, id, details) =
        fails(zone.add_handle_service_group(&owner, &repo, &top, Some(HandleServiceMemberRequest::default())));
    assert_eq!((status, id), (409, "relationAlreadyExists"));
    assert_eq!(
        details,
        json!({"childType": "od_group", "childId": top, "parentType": "od_handle_service", "parentId": repo})
    );
    // The existing privileges were not replaced.
    assert_eq!(
        zone.list_user_handle_service_privileges(&owner, &repo, &viewer).unwrap().privileges,
        privs(&[VIEW, REGISTER])
    );
    // An effective (not direct) member can still be added directly.
    zone.add_handle_service_user(&owner, &repo, &uid(&zone, "carol"), None).unwrap();
}

#[test]
fn ending_a_missing_membership_is_400_with_the_relation() {
    let zone = fixture();
    let root = who(&zone, "root");
    let repo = hsid(&zone, "Repo");
    let [outsider, carol] = ["outsider", "carol"].map(|n| uid(&zone, n));
    let lonely = gid(&zone, "Lonely");

    let (status, id, details) = fails(zone.remove_handle_service_user(&root, &repo, &outsider));
    assert_eq!((status, id), (400, "relationDoesNotExist"));
    assert_eq!(
        details,
        json!({"childType": "od_user", "childId": outsider, "parentType": "od_handle_service", "parentId": repo})
    );
    // Effective membership is not a direct one.
    assert_status(zone.remove_handle_service_user(&root, &repo, &carol), 400, "relationDoesNotExist");

    let (status, id, details) = fails(zone.remove_handle_service_group(&root, &repo, &lonely));
    assert_eq!((status, id), (400, "relationDoesNotExist"));
    assert_eq!(
        details,
        json!({"childType": "od_group", "childId": lonely, "parentType": "od_handle_service", "parentId": repo})
    );
    let (_, id, details) = fails(zone.group_leave_handle_service(&root, &lonely, &repo));
    assert_eq!(id, "relationDoesNotExist");
    assert_eq!(details["childId"], json!(lonely));

    let carol_c = who(&zone, "carol");
    let (status, id, details) = fails(zone.leave_handle_service(&carol_c, &repo));
    assert_eq!((status, id), (400, "relationDoesNotExist"));
    assert_eq!(
        details,
        json!({"childType": "od_user", "childId": carol, "parentType": "od_handle_service", "parentId": repo})
    );
}

#[test]
fn changing_the_service_type_is_refused_and_changes_nothing() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let before = zone.get_handle_service(&owner, &repo).unwrap();
    let to_pid = HandleServicePropertiesUpdate::Pid {
        allow_template_override: None,
        auto_suffix_generation: None,
        endpoint: Some("https://pid.example.org".into()),
        identifier_template: None,
        password: None,
        prefix: None,
        suffix_prefix: None,
        suffix_suffix: None,
        username: None,
    };
    let (status, id, details) = fails(zone.handle_service_update(
        &owner,
        &repo,
        HandleServiceUpdate { name: Some("Renamed".into()), proxy_endpoint: None, service_properties: Some(to_pid) },
    ));
    assert_eq!((status, id), (400, "badValueNotAllowed"));
    assert_eq!(details, json!({"key": "serviceProperties.type", "allowed": ["DOI"]}));
    assert_eq!(zone.get_handle_service(&owner, &repo).unwrap(), before);

    let spare = hsid(&zone, "Spare");
    let root = who(&zone, "root");
    let to_doi = HandleServicePropertiesUpdate::Doi {
        allow_template_override: None,
        doi_endpoint: None,
        host: None,
        identifier_template: None,
        media_endpoint: None,
        metadata_endpoint: None,
        password: None,
        prefix: None,
        username: None,
    };
    let update = HandleServiceUpdate { service_properties: Some(to_doi), ..Default::default() };
    assert_eq!(fails(zone.handle_service_update(&root, &spare, update)).2["allowed"], json!(["PID"]));
}

#[test]
fn a_privilege_patch_needs_grant_or_revoke() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let (status, id, details) = fails(zone.update_user_handle_service_privileges(
        &owner,
        &repo,
        &uid(&zone, "viewer"),
        HandleServicePrivilegesUpdate::default(),
    ));
    assert_eq!((status, id), (400, "missingAtLeastOneValue"));
    assert_eq!(details, json!({"keys": ["grant", "revoke"]}));
    assert_status(
        zone.update_group_handle_service_privileges(
            &owner,
            &repo,
            &gid(&zone, "Top"),
            HandleServicePrivilegesUpdate::default(),
        ),
        400,
        "missingAtLeastOneValue",
    );
    // Authorization is checked before the body.
    assert_status(
        zone.update_user_handle_service_privileges(
            &who(&zone, "viewer"),
            &repo,
            &uid(&zone, "viewer"),
            HandleServicePrivilegesUpdate::default(),
        ),
        403,
        "forbidden",
    );
}

#[test]
fn errors_render_as_structured_onedata_errors() {
    let zone = fixture();
    let err = zone.add_handle_service_user(&who(&zone, "owner"), &hsid(&zone, "Repo"), &uid(&zone, "viewer"), None);
    let body = serde_json::to_value(err.unwrap_err().to_structured()).unwrap();
    assert_eq!(body["error"]["id"], "relationAlreadyExists");
    assert_eq!(body["error"]["details"]["childType"], "od_user");
    assert!(!body["error"]["description"].as_str().unwrap().is_empty());
    // The body decodes as the spec's Error type.
    let decoded: onezone_types::Error = serde_json::from_value(body).unwrap();
    assert!(matches!(decoded, onezone_types::Error::StructuredError(_)));
}
