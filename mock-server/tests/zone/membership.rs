//! Creating handle services and groups, adding and removing members, and the
//! direct and effective views of membership and privileges.

use onezone_mock::{ALL_HS_PRIVILEGES, Zone};
use onezone_types::{
    GroupCreateRequest, GroupType, GroupUpdateRequest, HandleServiceMemberRequest, HandleServiceProperties,
    HandleServicePropertiesUpdate, HandleServiceUpdate, MemberPrivileges, Secret, SubjectType,
};

use crate::common::*;

#[test]
fn add_handle_service_creates_a_service_without_members() {
    let zone = fixture();
    let root = who(&zone, "root");
    let path = zone.add_handle_service(&root, doi_request("Fresh")).unwrap();
    let id = path.strip_prefix("/handle_services/").unwrap();
    assert!(is_hex32(id), "{path}");

    let hs = zone.get_handle_service(&root, id).unwrap();
    assert_eq!(hs.handle_service_id, id);
    assert_eq!(hs.name, "Fresh");
    assert_eq!(hs.creator.type_, Some(SubjectType::User));
    assert_eq!(hs.creator.id.as_deref(), Some(uid(&zone, "root").as_str()));
    assert_eq!(hs.service_properties, doi_request("Fresh").service_properties);
    assert!(*hs.creation_time > 1_600_000_000);

    // Its creator reads it as a zone admin, not as a member.
    assert!(zone.list_handle_service_users(&root, id).unwrap().users.is_empty());
    assert!(zone.list_handle_service_groups(&root, id).unwrap().groups.is_empty());
    assert!(zone.list_handle_services(&root).unwrap().handle_services.contains(&id.to_owned()));
    assert!(!zone.list_user_handle_services(&root).unwrap().handle_services.contains(&id.to_owned()));
    assert_eq!(zone.get_public_handle_service_details(id).unwrap().name, "Fresh");
}

#[test]
fn user_handle_service_lifecycle_create_read_leave() {
    let zone = fixture();
    let me = who(&zone, "hs_creator");
    let path = zone.add_user_handle_service(&me, doi_request("Mine")).unwrap();
    let id = path.strip_prefix("/user/handle_services/").unwrap().to_owned();
    assert!(is_hex32(&id));

    assert_eq!(zone.list_user_handle_services(&me).unwrap().handle_services, vec![id.clone()]);
    assert_eq!(zone.list_user_effective_handle_services(&me).unwrap().handle_services, vec![id.clone()]);
    assert_eq!(zone.get_user_handle_service(&me, &id).unwrap().name, "Mine");
    assert_eq!(
        zone.list_user_handle_service_privileges(&me, &id, me.user_id()).unwrap().privileges,
        privs(&ALL_HS_PRIVILEGES)
    );

    zone.leave_handle_service(&me, &id).unwrap();
    assert!(zone.list_user_handle_services(&me).unwrap().handle_services.is_empty());
    assert_status(zone.get_user_handle_service(&me, &id), 404, "notFound");
    // The handle service itself still exists, now without members.
    assert!(zone.get_public_handle_service_details(&id).is_ok());
    assert_status(zone.leave_handle_service(&me, &id), 400, "relationDoesNotExist");
}

#[test]
fn add_group_handle_service_makes_the_group_the_member() {
    let zone = fixture();
    let carol = who(&zone, "carol");
    let leaf = gid(&zone, "Leaf");
    // carol holds group_create_handle_service in Leaf; she also needs oz_handle_services_create.
    assert_status(zone.add_group_handle_service(&carol, &leaf, doi_request("Leafy")), 403, "forbidden");

    let admin = who(&zone, "group_hs_admin");
    let path = zone.add_group_handle_service(&admin, &leaf, doi_request("Leafy")).unwrap();
    let prefix = format!("/groups/{leaf}/handle_services/");
    let id = path.strip_prefix(&prefix).unwrap().to_owned();
    assert!(is_hex32(&id));

    let root = who(&zone, "root");
    assert_eq!(zone.list_handle_service_groups(&root, &id).unwrap().groups, vec![leaf.clone()]);
    assert!(zone.list_handle_service_users(&root, &id).unwrap().users.is_empty());
    assert_eq!(
        zone.list_group_handle_service_privileges(&root, &id, &leaf).unwrap().privileges,
        privs(&ALL_HS_PRIVILEGES)
    );
    let hs = zone.get_group_handle_service(&carol, &leaf, &id).unwrap();
    assert_eq!(hs.creator.id.as_deref(), Some(admin.user_id()));
    assert!(zone.list_group_handle_services(&carol, &leaf).unwrap().handle_services.contains(&id));
    // carol belongs through Leaf, with the group's privileges.
    assert_eq!(zone.list_effective_handle_service_users(&carol, &id).unwrap().users, vec![uid(&zone, "carol")]);
    assert_eq!(
        zone.list_effective_user_handle_service_privileges(&carol, &id, carol.user_id()).unwrap().privileges,
        privs(&ALL_HS_PRIVILEGES)
    );
    assert!(zone.list_user_effective_handle_services(&carol).unwrap().handle_services.contains(&id));
    assert!(!zone.list_user_handle_services(&carol).unwrap().handle_services.contains(&id));
}

#[test]
fn added_members_get_the_given_or_the_default_privileges() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let (outsider, carol, lonely) = (uid(&zone, "outsider"), uid(&zone, "carol"), gid(&zone, "Lonely"));

    zone.add_handle_service_user(&owner, &repo, &outsider, None).unwrap();
    assert_eq!(
        zone.list_user_handle_service_privileges(&owner, &repo, &outsider).unwrap().privileges,
        privs(&[VIEW, REGISTER])
    );
    zone.add_handle_service_user(&owner, &repo, &carol, Some(HandleServiceMemberRequest::default())).unwrap();
    assert_eq!(
        zone.list_user_handle_service_privileges(&owner, &repo, &carol).unwrap().privileges,
        privs(&[VIEW, REGISTER])
    );

    let location = zone.add_handle_service_group(&owner, &repo, &lonely, member_body(&[LIST_HANDLES])).unwrap();
    assert_eq!(location, format!("/handle_services/{repo}/groups/{lonely}"));
    assert_eq!(
        zone.list_group_handle_service_privileges(&owner, &repo, &lonely).unwrap().privileges,
        privs(&[LIST_HANDLES])
    );
    let users = zone.list_handle_service_users(&owner, &repo).unwrap().users;
    assert!(users.contains(&outsider) && users.contains(&carol));
    assert!(zone.list_handle_service_groups(&owner, &repo).unwrap().groups.contains(&lonely));

    // An explicitly empty list gives no privileges at all.
    let fresh = zone_from(FIXTURE);
    let owner2 = who(&fresh, "owner");
    let repo2 = hsid(&fresh, "Repo");
    let outsider2 = uid(&fresh, "outsider");
    fresh.add_handle_service_user(&owner2, &repo2, &outsider2, member_body(&[])).unwrap();
    assert!(fresh.list_user_handle_service_privileges(&owner2, &repo2, &outsider2).unwrap().privileges.is_empty());
}

#[test]
fn nested_groups_give_effective_membership_and_privileges() {
    let zone = fixture();
    let root = who(&zone, "root");
    let repo = hsid(&zone, "Repo");
    let [top, mid, leaf, other] = ["Top", "Mid", "Leaf", "Other"].map(|n| gid(&zone, n));
    let [owner, viewer, carol, dave] = ["owner", "viewer", "carol", "dave"].map(|n| uid(&zone, n));

    assert_eq!(zone.list_handle_service_groups(&root, &repo).unwrap().groups, sorted([top.clone(), other.clone()]));
    assert_eq!(
        zone.list_effective_handle_service_groups(&root, &repo).unwrap().groups,
        sorted([top.clone(), mid.clone(), leaf.clone(), other.clone()])
    );
    assert_eq!(
        zone.list_handle_service_users(&root, &repo).unwrap().users,
        sorted([owner.clone(), viewer.clone(), dave.clone()])
    );
    assert_eq!(
        zone.list_effective_handle_service_users(&root, &repo).unwrap().users,
        sorted([owner, viewer, dave.clone(), carol.clone()])
    );

    // carol: Leaf is below Top (update) and Other (list handles).
    let effective = |u: &str| zone.list_effective_user_handle_service_privileges(&root, &repo, u).unwrap().privileges;
    assert_eq!(effective(&carol), privs(&[UPDATE, LIST_HANDLES]));
    // dave: direct view, plus update through Mid below Top.
    assert_eq!(effective(&dave), privs(&[VIEW, UPDATE]));
    assert_eq!(zone.list_user_handle_service_privileges(&root, &repo, &dave).unwrap().privileges, privs(&[VIEW]));

    let group_effective =
        |g: &str| zone.list_effective_group_handle_service_privileges(&root, &repo, g).unwrap().privileges;
    assert_eq!(group_effective(&top), privs(&[UPDATE]));
    assert_eq!(group_effective(&mid), privs(&[UPDATE]));
    assert_eq!(group_effective(&leaf), privs(&[UPDATE, LIST_HANDLES]));
    assert_eq!(group_effective(&other), privs(&[LIST_HANDLES]));
    assert_eq!(zone.list_group_handle_service_privileges(&root, &repo, &top).unwrap().privileges, privs(&[UPDATE]));

    // Direct views leave indirect members out; effective views include them.
    assert!(zone.get_effective_handle_service_group(&root, &repo, &leaf).is_ok());
    assert_status(zone.get_handle_service_group(&root, &repo, &leaf), 404, "notFound");
    assert_eq!(zone.get_effective_handle_service_user(&root, &repo, &carol).unwrap().user_id, carol);
    assert_status(zone.get_handle_service_user(&root, &repo, &carol), 404, "notFound");

    let carol_c = who(&zone, "carol");
    assert!(zone.list_user_handle_services(&carol_c).unwrap().handle_services.is_empty());
    assert_eq!(zone.list_user_effective_handle_services(&carol_c).unwrap().handle_services, vec![repo.clone()]);
    assert!(zone.list_group_handle_services(&carol_c, &leaf).unwrap().handle_services.is_empty());
    assert_eq!(zone.list_effective_group_handle_services(&carol_c, &leaf).unwrap().handle_services, vec![repo.clone()]);
    assert_eq!(zone.get_group_effective_handle_service(&carol_c, &leaf, &repo).unwrap().handle_service_id, repo);
    assert_status(zone.get_group_handle_service(&carol_c, &leaf, &repo), 404, "notFound");

    // Privileges inherited from a group authorize: carol may update, not list users.
    zone.handle_service_update(
        &carol_c,
        &repo,
        HandleServiceUpdate { name: Some("Renamed".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(zone.get_handle_service(&carol_c, &repo).unwrap().name, "Renamed");
    assert_status(zone.list_handle_service_users(&carol_c, &repo), 403, "forbidden");
    assert_eq!(zone.list_handleservice_handles(&carol_c, &repo).unwrap().handles, vec!["handle-1".to_owned()]);
}

#[test]
fn ending_group_memberships_changes_what_nested_users_get() {
    let zone = fixture();
    let root = who(&zone, "root");
    let repo = hsid(&zone, "Repo");
    let carol = uid(&zone, "carol");
    let [top, other] = ["Top", "Other"].map(|n| gid(&zone, n));

    zone.remove_handle_service_group(&root, &repo, &top).unwrap();
    assert_eq!(
        zone.list_effective_user_handle_service_privileges(&root, &repo, &carol).unwrap().privileges,
        privs(&[LIST_HANDLES])
    );
    zone.group_leave_handle_service(&root, &other, &repo).unwrap();
    assert!(!zone.list_effective_handle_service_users(&root, &repo).unwrap().users.contains(&carol));
    assert_status(zone.list_effective_user_handle_service_privileges(&root, &repo, &carol), 404, "notFound");
    assert!(zone.list_user_effective_handle_services(&who(&zone, "carol")).unwrap().handle_services.is_empty());
}

#[test]
fn removing_a_group_removes_it_from_handle_services_and_parent_groups() {
    let zone = fixture();
    let root = who(&zone, "root");
    let repo = hsid(&zone, "Repo");
    let [top, mid, leaf, other] = ["Top", "Mid", "Leaf", "Other"].map(|n| gid(&zone, n));

    zone.remove_group(&root, &mid).unwrap();
    assert_status(zone.get_group(&root, &mid), 404, "notFound");
    // Leaf stays reachable through Other, no longer through Top.
    assert_eq!(
        zone.list_effective_handle_service_groups(&root, &repo).unwrap().groups,
        sorted([top.clone(), leaf.clone(), other.clone()])
    );
    assert_eq!(
        zone.list_effective_group_handle_service_privileges(&root, &repo, &leaf).unwrap().privileges,
        privs(&[LIST_HANDLES])
    );
    // dave still gets update through his direct membership in Top ...
    let dave = uid(&zone, "dave");
    let dave_privileges =
        || zone.list_effective_user_handle_service_privileges(&root, &repo, &dave).unwrap().privileges;
    assert_eq!(dave_privileges(), privs(&[VIEW, UPDATE]));

    // ... until Top goes too: then only his direct privileges are left.
    zone.remove_group(&root, &top).unwrap();
    assert_eq!(dave_privileges(), privs(&[VIEW]));
    assert_eq!(zone.list_handle_service_groups(&root, &repo).unwrap().groups, vec![other]);
    assert!(!zone.list_groups(&root).unwrap().groups.contains(&top));
}

#[test]
fn group_cycles_are_walked_once() {
    let zone = zone_from(
        r#"
users: [{username: root, admin: all}, {username: bea}]
groups:
  - {name: A, children: [B]}
  - {name: B, children: [A], users: [{user: bea}]}
handleServices:
  - name: H
    proxyEndpoint: https://p.example.org
    serviceProperties: {type: PID, endpoint: e, prefix: "1", username: u, password: p,
                        autoSuffixGeneration: true, suffixPrefix: "", suffixSuffix: ""}
    groups: [{group: A, privileges: [handle_service_view]}]
"#,
    );
    let root = who(&zone, "root");
    let h = hsid(&zone, "H");
    let [a, b] = ["A", "B"].map(|n| gid(&zone, n));
    assert_eq!(zone.list_effective_handle_service_groups(&root, &h).unwrap().groups, sorted([a.clone(), b.clone()]));
    assert_eq!(zone.list_effective_handle_service_users(&root, &h).unwrap().users, vec![uid(&zone, "bea")]);
    assert_eq!(zone.list_effective_group_handle_service_privileges(&root, &h, &b).unwrap().privileges, privs(&[VIEW]));
    let bea = who(&zone, "bea");
    assert_eq!(zone.list_user_effective_handle_services(&bea).unwrap().handle_services, vec![h.clone()]);
    assert!(zone.get_group(&bea, &a).is_ok());
}

#[test]
fn a_handle_service_that_holds_handles_is_not_deleted() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let handle = zone.get_handle_service_handle(&owner, &repo, "handle-1").unwrap();
    assert_eq!(handle.handle_service_id, repo);
    assert_eq!(handle.public_handle, "10.5555/one");

    // Neither its owner nor a zone admin may delete it while it holds handles.
    for caller in [&owner, &who(&zone, "root")] {
        assert_status(zone.remove_handle_service(caller, &repo), 400, "notSupported");
    }
    assert!(zone.get_handle_service(&owner, &repo).is_ok());
    assert!(zone.get_handle_service_handle(&owner, &repo, "handle-1").is_ok());
    assert!(zone.list_handle_services(&who(&zone, "root")).unwrap().handle_services.contains(&repo));
}

#[test]
fn patching_privileges_grants_then_revokes() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let viewer = uid(&zone, "viewer");
    let read = |z: &Zone| z.list_user_handle_service_privileges(&owner, &repo, &viewer).unwrap().privileges;

    zone.update_user_handle_service_privileges(&owner, &repo, &viewer, patch(Some(&[DELETE, UPDATE]), None)).unwrap();
    assert_eq!(read(&zone), privs(&[VIEW, UPDATE, DELETE, REGISTER]));
    zone.update_user_handle_service_privileges(&owner, &repo, &viewer, patch(None, Some(&[REGISTER, LIST_HANDLES])))
        .unwrap();
    assert_eq!(read(&zone), privs(&[VIEW, UPDATE, DELETE]));
    // A privilege in both lists ends up revoked.
    zone.update_user_handle_service_privileges(
        &owner,
        &repo,
        &viewer,
        patch(Some(&[LIST_HANDLES, REGISTER]), Some(&[LIST_HANDLES, VIEW])),
    )
    .unwrap();
    assert_eq!(read(&zone), privs(&[UPDATE, DELETE, REGISTER]));
    // Empty lists are accepted and change nothing.
    zone.update_user_handle_service_privileges(&owner, &repo, &viewer, patch(Some(&[]), None)).unwrap();
    assert_eq!(read(&zone), privs(&[UPDATE, DELETE, REGISTER]));

    let top = gid(&zone, "Top");
    zone.update_group_handle_service_privileges(&owner, &repo, &top, patch(Some(&[VIEW]), Some(&[UPDATE]))).unwrap();
    assert_eq!(
        zone.list_group_handle_service_privileges(&owner, &repo, &top).unwrap(),
        MemberPrivileges { privileges: privs(&[VIEW]) }
    );
    // The change reaches the users below Top.
    assert_eq!(
        zone.list_effective_user_handle_service_privileges(&owner, &repo, &uid(&zone, "carol")).unwrap().privileges,
        privs(&[VIEW, LIST_HANDLES])
    );
}

#[test]
fn handle_service_update_changes_only_what_is_sent() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let before = zone.get_handle_service(&owner, &repo).unwrap();

    zone.handle_service_update(
        &owner,
        &repo,
        HandleServiceUpdate { proxy_endpoint: Some("https://elsewhere.example.org".into()), ..Default::default() },
    )
    .unwrap();
    let after = zone.get_handle_service(&owner, &repo).unwrap();
    assert_eq!(after.proxy_endpoint, "https://elsewhere.example.org");
    assert_eq!((after.name.as_str(), &after.service_properties), (before.name.as_str(), &before.service_properties));

    let props_update = HandleServicePropertiesUpdate::Doi {
        allow_template_override: Some(true),
        doi_endpoint: None,
        host: Some("https://mds2.example.org".into()),
        identifier_template: None,
        media_endpoint: None,
        metadata_endpoint: None,
        password: Some(Secret::new("rotated")),
        prefix: None,
        username: None,
    };
    zone.handle_service_update(
        &owner,
        &repo,
        HandleServiceUpdate { service_properties: Some(props_update), ..Default::default() },
    )
    .unwrap();
    let HandleServiceProperties::Doi {
        host,
        password,
        allow_template_override,
        identifier_template,
        prefix,
        doi_endpoint,
        username,
        ..
    } = zone.get_handle_service(&owner, &repo).unwrap().service_properties
    else {
        panic!("type changed")
    };
    assert_eq!(host, "https://mds2.example.org");
    assert_eq!(password.expose(), "rotated");
    assert_eq!(allow_template_override, Some(true));
    // Untouched fields keep their values.
    assert_eq!(identifier_template.as_deref(), Some("{{space.name}}"));
    assert_eq!((prefix.as_str(), doi_endpoint.as_str(), username.as_str()), ("10.5555", "/doi", "repo"));
}

#[test]
fn groups_are_created_read_modified_and_removed() {
    let zone = fixture();
    let creator = who(&zone, "group_creator");
    let path = zone.create_group(&creator, GroupCreateRequest { name: "New".into(), type_: None }).unwrap();
    let id = path.strip_prefix("/groups/").unwrap().to_owned();
    assert!(is_hex32(&id));

    let root = who(&zone, "root");
    let group = zone.get_group(&root, &id).unwrap();
    assert_eq!((group.name.as_str(), group.type_), ("New", GroupType::Team));
    assert_eq!(group.creator.unwrap().id.as_deref(), Some(creator.user_id()));
    assert!(zone.list_groups(&root).unwrap().groups.contains(&id));
    // The creator did not join it.
    assert_status(zone.get_group(&creator, &id), 403, "forbidden");

    zone.modify_group(&root, &id, GroupUpdateRequest { name: None, type_: Some(GroupType::Unit) }).unwrap();
    let group = zone.get_group(&root, &id).unwrap();
    assert_eq!((group.name.as_str(), group.type_), ("New", GroupType::Unit));
    zone.modify_group(&root, &id, GroupUpdateRequest { name: Some("Renamed".into()), type_: None }).unwrap();
    assert_eq!(zone.get_group(&root, &id).unwrap().name, "Renamed");

    let typed = zone
        .create_group(&creator, GroupCreateRequest { name: "Org".into(), type_: Some(GroupType::Organization) })
        .unwrap();
    assert_eq!(zone.get_group(&root, last_segment(&typed)).unwrap().type_, GroupType::Organization);

    zone.remove_group(&root, &id).unwrap();
    assert_status(zone.get_group(&root, &id), 404, "notFound");
}

#[test]
fn public_operations_need_no_caller() {
    let zone = fixture();
    let catalogue = serde_json::to_value(zone.list_handle_service_privileges().unwrap()).unwrap();
    assert_eq!(
        catalogue,
        serde_json::json!({
            "admin": ["handle_service_view", "handle_service_update", "handle_service_delete",
                      "handle_service_register_handle", "handle_service_list_handles"],
            "member": ["handle_service_view", "handle_service_register_handle"],
        })
    );
    let repo = hsid(&zone, "Repo");
    let details = zone.get_public_handle_service_details(&repo).unwrap();
    assert_eq!((details.handle_service_id.as_str(), details.name.as_str()), (repo.as_str(), "Repo"));
}
