//! Shared fixture and helpers.

use std::fmt::Debug;

use onezone_mock::{Caller, HsPrivilege, MockError, Seed, Zone};
use onezone_types::{
    HandleServiceCreateRequest, HandleServiceMemberRequest, HandleServicePrivileges, HandleServicePrivilegesUpdate,
    HandleServiceProperties, Secret,
};
use serde_json::Value;

pub use onezone_types::HandleServicePrivilege::{
    HandleServiceDelete as DELETE, HandleServiceListHandles as LIST_HANDLES, HandleServiceRegisterHandle as REGISTER,
    HandleServiceUpdate as UPDATE, HandleServiceView as VIEW,
};

/// The zone most tests start from.
///
/// Handle service `Repo` has direct users `owner` (all privileges), `viewer`
/// (default set) and `dave` (view), and direct groups `Top` (update) and
/// `Other` (list handles). Groups nest as `Top > Mid > Leaf` and
/// `Other > Leaf`: `Leaf` holds no group privilege in `Mid` nor `Mid` in
/// `Top`, while `Leaf` holds view and update in `Other`. `dave` is in `Top`
/// (view, leave handle service) and `Mid` (view), `carol` in `Leaf` (every
/// group privilege), `lead` in `Lonely`
/// (view, create handle service), which belongs to nothing. The remaining
/// users hold one or two `oz_*` privileges each.
pub const FIXTURE: &str = r#"
users:
  - {username: root, password: root-pw, tokens: [root-token], admin: all}
  - {username: owner, password: owner-pw}
  - {username: viewer}
  - {username: outsider}
  - {username: carol}
  - {username: dave}
  - {username: lead, admin: [oz_handle_services_create]}
  - {username: hs_creator, admin: [oz_handle_services_create]}
  - {username: hs_viewer, admin: [oz_handle_services_view]}
  - {username: hs_lister, admin: [oz_handle_services_list]}
  - {username: hs_updater, admin: [oz_handle_services_update]}
  - {username: hs_deleter, admin: [oz_handle_services_delete]}
  - {username: rel_lister, admin: [oz_handle_services_list_relationships]}
  - {username: add_half, admin: [oz_handle_services_add_relationships]}
  - {username: add_users, admin: [oz_handle_services_add_relationships, oz_users_add_relationships]}
  - {username: add_groups, admin: [oz_handle_services_add_relationships, oz_groups_add_relationships]}
  - {username: remove_half, admin: [oz_handle_services_remove_relationships]}
  - {username: remove_users, admin: [oz_handle_services_remove_relationships, oz_users_remove_relationships]}
  - {username: remove_groups, admin: [oz_handle_services_remove_relationships, oz_groups_remove_relationships]}
  - {username: priv_setter, admin: [oz_handle_services_set_privileges]}
  - {username: priv_viewer, admin: [oz_handle_services_view_privileges]}
  - {username: users_viewer, admin: [oz_users_view]}
  - {username: groups_viewer, admin: [oz_groups_view]}
  - {username: handles_viewer, admin: [oz_handles_view]}
  - {username: groups_lister, admin: [oz_groups_list]}
  - {username: group_creator, admin: [oz_groups_create]}
  - {username: group_updater, admin: [oz_groups_update]}
  - {username: group_deleter, admin: [oz_groups_delete]}
  - {username: group_rel_lister, admin: [oz_groups_list_relationships]}
  - {username: group_hs_admin, admin: [oz_handle_services_create, oz_groups_add_relationships]}
  - {username: leave_half, admin: [oz_groups_remove_relationships]}
  - {username: leave_both, admin: [oz_groups_remove_relationships, oz_handle_services_remove_relationships]}
groups:
  - name: Top
    users: [{user: dave, privileges: [group_view, group_leave_handle_service]}]
    children: [{group: Mid, privileges: []}]
  - {name: Mid, users: [{user: dave}], children: [{group: Leaf, privileges: []}]}
  - name: Leaf
    users:
      - user: carol
        privileges: [group_view, group_update, group_delete, group_create_handle_service, group_leave_handle_service]
  - {name: Other, children: [{group: Leaf, privileges: [group_view, group_update]}]}
  - {name: Lonely, users: [{user: lead, privileges: [group_view, group_create_handle_service]}]}
handleServices:
  - name: Repo
    proxyEndpoint: https://proxy.example.org/repo
    serviceProperties:
      type: DOI
      host: https://mds.example.org
      doiEndpoint: /doi
      metadataEndpoint: /metadata
      mediaEndpoint: /media
      prefix: "10.5555"
      username: repo
      password: repo-secret
      identifierTemplate: "{{space.name}}"
    users:
      - user: owner
        privileges: [handle_service_view, handle_service_update, handle_service_delete,
                     handle_service_register_handle, handle_service_list_handles]
      - {user: viewer}
      - {user: dave, privileges: [handle_service_view]}
    groups:
      - {group: Top, privileges: [handle_service_update]}
      - {group: Other, privileges: [handle_service_list_handles]}
    handles:
      - {id: handle-1, publicHandle: 10.5555/one, resourceId: share-1, metadata: "<metadata/>"}
  - name: Spare
    proxyEndpoint: https://proxy.example.org/spare
    serviceProperties:
      type: PID
      endpoint: https://pid.example.org
      prefix: "21.T1"
      username: spare
      password: spare-secret
      autoSuffixGeneration: false
      suffixPrefix: a
      suffixSuffix: z
    users: [{user: root}]
"#;

pub fn zone_from(yaml: &str) -> Zone {
    Zone::from_seed(Seed::from_yaml(yaml).unwrap()).unwrap()
}

/// The fixture without Repo's handle (a handle service that holds handles
/// cannot be deleted).
pub fn fixture_without_handles() -> Zone {
    let handles = "    handles:\n      - {id: handle-1, publicHandle: 10.5555/one, resourceId: share-1, metadata: \"<metadata/>\"}\n";
    assert!(FIXTURE.contains(handles), "the fixture's handles changed; update fixture_without_handles");
    zone_from(&FIXTURE.replace(handles, ""))
}

pub fn fixture() -> Zone {
    zone_from(FIXTURE)
}

pub fn who(zone: &Zone, username: &str) -> Caller {
    zone.caller_for_username(username).unwrap_or_else(|| panic!("no user {username}"))
}

pub fn uid(zone: &Zone, username: &str) -> String {
    zone.find_user(username).unwrap()
}

pub fn gid(zone: &Zone, name: &str) -> String {
    zone.find_group(name).unwrap_or_else(|| panic!("no group {name}"))
}

pub fn hsid(zone: &Zone, name: &str) -> String {
    zone.find_handle_service(name).unwrap()
}

/// Ids sorted, as the zone lists them.
pub fn sorted(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = ids.into_iter().collect();
    v.sort();
    v
}

/// Privileges in the spec's order, as the zone returns them.
pub fn privs(list: &[HsPrivilege]) -> HandleServicePrivileges {
    let mut v = list.to_vec();
    v.sort();
    v.dedup();
    HandleServicePrivileges(v)
}

pub fn member_body(list: &[HsPrivilege]) -> Option<HandleServiceMemberRequest> {
    Some(HandleServiceMemberRequest { privileges: Some(HandleServicePrivileges(list.to_vec())) })
}

pub fn patch(grant: Option<&[HsPrivilege]>, revoke: Option<&[HsPrivilege]>) -> HandleServicePrivilegesUpdate {
    HandleServicePrivilegesUpdate {
        grant: grant.map(|g| HandleServicePrivileges(g.to_vec())),
        revoke: revoke.map(|r| HandleServicePrivileges(r.to_vec())),
    }
}

pub fn doi_request(name: &str) -> HandleServiceCreateRequest {
    HandleServiceCreateRequest {
        name: name.to_owned(),
        proxy_endpoint: "https://proxy.example.org/new".to_owned(),
        service_properties: HandleServiceProperties::Doi {
            allow_template_override: Some(false),
            doi_endpoint: "/doi".into(),
            host: "https://mds.example.org".into(),
            identifier_template: None,
            media_endpoint: "/media".into(),
            metadata_endpoint: "/metadata".into(),
            password: Secret::new("s3cret"),
            prefix: "10.7777".into(),
            username: "new".into(),
        },
    }
}

/// The wire form of the error of a call that must fail.
#[track_caller]
pub fn fails<T: Debug>(result: Result<T, MockError>) -> (u16, &'static str, Value) {
    match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.onedata(),
    }
}

#[track_caller]
pub fn assert_status<T: Debug>(result: Result<T, MockError>, status: u16, id: &str) {
    let (s, i, _) = fails(result);
    assert_eq!((s, i), (status, id));
}

/// Whether an id has the generated form.
pub fn is_hex32(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The id at the end of a returned resource path.
pub fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}
