//! Who may do what: entity privileges (direct or through groups), zone
//! administration privileges, and the operations that need two of them.

use onezone_mock::{Caller, MockError, Zone};
use onezone_types::{GroupCreateRequest, GroupUpdateRequest, HandleServiceUpdate};

use crate::common::*;

type Op = fn(&Zone, &Caller) -> Result<(), MockError>;

/// One operation, the callers it must refuse with 403 and the callers it must
/// serve. Every attempt runs on a fresh fixture.
struct Case {
    name: &'static str,
    denied: &'static [&'static str],
    allowed: &'static [&'static str],
    op: Op,
    /// The zone each caller's attempt starts from.
    zone: fn() -> Zone,
}

fn repo(z: &Zone) -> String {
    hsid(z, "Repo")
}

const CASES: &[Case] = &[
    Case {
        name: "add_user_handle_service",
        denied: &["owner", "outsider", "add_users"],
        allowed: &["hs_creator", "root"],
        op: |z, c| z.add_user_handle_service(c, doi_request("x")).map(drop),
        zone: fixture,
    },
    Case {
        name: "list_groups",
        denied: &["outsider", "group_creator", "groups_viewer"],
        allowed: &["groups_lister", "root"],
        op: |z, c| z.list_groups(c).map(drop),
        zone: fixture,
    },
    Case {
        name: "create_group",
        denied: &["outsider", "groups_lister"],
        allowed: &["group_creator"],
        op: |z, c| z.create_group(c, GroupCreateRequest { name: "g".into(), type_: None }).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_group (effective members or oz_groups_view)",
        denied: &["outsider", "owner", "hs_viewer", "lead"],
        allowed: &["dave", "carol", "groups_viewer"],
        op: |z, c| z.get_group(c, &gid(z, "Top")).map(drop),
        zone: fixture,
    },
    Case {
        name: "modify_group",
        denied: &["dave", "carol", "groups_viewer", "outsider"],
        allowed: &["group_updater"],
        op: |z, c| z.modify_group(c, &gid(z, "Mid"), GroupUpdateRequest { name: Some("m".into()), type_: None }),
        zone: fixture,
    },
    Case {
        name: "modify_group (group_update)",
        denied: &["dave"],
        allowed: &["carol"],
        op: |z, c| z.modify_group(c, &gid(z, "Leaf"), GroupUpdateRequest { name: Some("l".into()), type_: None }),
        zone: fixture,
    },
    Case {
        name: "modify_group (group_update inherited from a child group)",
        denied: &["dave", "groups_viewer", "outsider"],
        allowed: &["carol", "group_updater"],
        op: |z, c| z.modify_group(c, &gid(z, "Other"), GroupUpdateRequest { name: Some("o".into()), type_: None }),
        zone: fixture,
    },
    Case {
        name: "remove_group (a child group holding view and update gives no group_delete)",
        denied: &["carol", "dave", "group_updater"],
        allowed: &["group_deleter"],
        op: |z, c| z.remove_group(c, &gid(z, "Other")),
        zone: fixture,
    },
    Case {
        name: "list_group_handle_services (group_view inherited from a child group)",
        denied: &["dave", "outsider", "groups_viewer"],
        allowed: &["carol", "group_rel_lister"],
        op: |z, c| z.list_group_handle_services(c, &gid(z, "Other")).map(drop),
        zone: fixture,
    },
    Case {
        name: "remove_group",
        denied: &["dave", "outsider", "group_updater"],
        allowed: &["carol", "group_deleter"],
        op: |z, c| z.remove_group(c, &gid(z, "Leaf")),
        zone: fixture,
    },
    Case {
        name: "list_group_handle_services",
        denied: &["carol", "outsider", "groups_viewer"],
        allowed: &["dave", "group_rel_lister"],
        op: |z, c| z.list_group_handle_services(c, &gid(z, "Mid")).map(drop),
        zone: fixture,
    },
    Case {
        name: "add_group_handle_service (member needs the group privilege and oz_handle_services_create)",
        denied: &["hs_creator", "carol", "outsider", "add_groups"],
        allowed: &["lead", "group_hs_admin", "root"],
        op: |z, c| z.add_group_handle_service(c, &gid(z, "Lonely"), doi_request("g")).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_group_handle_service",
        denied: &["carol", "outsider", "groups_viewer", "owner"],
        allowed: &["dave", "hs_viewer"],
        op: |z, c| z.get_group_handle_service(c, &gid(z, "Top"), &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "group_leave_handle_service (admins need both privileges)",
        denied: &["carol", "owner", "leave_half", "remove_half", "remove_users"],
        allowed: &["dave", "leave_both", "remove_groups"],
        op: |z, c| z.group_leave_handle_service(c, &gid(z, "Top"), &repo(z)),
        zone: fixture,
    },
    Case {
        name: "list_effective_group_handle_services",
        denied: &["carol", "outsider"],
        allowed: &["dave", "group_rel_lister"],
        op: |z, c| z.list_effective_group_handle_services(c, &gid(z, "Mid")).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_group_effective_handle_service",
        denied: &["carol", "outsider", "groups_viewer"],
        allowed: &["dave", "hs_viewer"],
        op: |z, c| z.get_group_effective_handle_service(c, &gid(z, "Mid"), &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "list_handle_services",
        denied: &["owner", "hs_viewer"],
        allowed: &["hs_lister"],
        op: |z, c| z.list_handle_services(c).map(drop),
        zone: fixture,
    },
    Case {
        name: "add_handle_service",
        denied: &["owner", "outsider", "group_creator"],
        allowed: &["hs_creator"],
        op: |z, c| z.add_handle_service(c, doi_request("h")).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_handle_service (effective members or oz_handle_services_view)",
        denied: &["outsider", "hs_lister", "lead"],
        allowed: &["owner", "viewer", "carol", "hs_viewer"],
        op: |z, c| z.get_handle_service(c, &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "handle_service_update",
        denied: &["viewer", "outsider", "hs_viewer"],
        allowed: &["owner", "carol", "dave", "hs_updater"],
        op: |z, c| z.handle_service_update(c, &repo(z), HandleServiceUpdate::default()),
        zone: fixture,
    },
    Case {
        name: "remove_handle_service",
        denied: &["viewer", "carol", "hs_updater"],
        allowed: &["owner", "hs_deleter"],
        op: |z, c| z.remove_handle_service(c, &repo(z)),
        // With handles, deleting Repo fails whoever asks (400 notSupported).
        zone: fixture_without_handles,
    },
    Case {
        name: "list_handle_service_users",
        denied: &["outsider", "carol", "users_viewer"],
        allowed: &["viewer", "dave", "rel_lister"],
        op: |z, c| z.list_handle_service_users(c, &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_handle_service_user",
        denied: &["outsider", "carol", "hs_viewer"],
        allowed: &["viewer", "users_viewer"],
        op: |z, c| z.get_handle_service_user(c, &repo(z), &uid(z, "owner")).map(drop),
        zone: fixture,
    },
    Case {
        name: "add_handle_service_user (admins need both privileges)",
        denied: &["viewer", "outsider", "add_half", "add_groups"],
        allowed: &["owner", "carol", "add_users"],
        op: |z, c| z.add_handle_service_user(c, &repo(z), &uid(z, "outsider"), None),
        zone: fixture,
    },
    Case {
        name: "remove_handle_service_user (admins need both privileges)",
        denied: &["viewer", "remove_half", "remove_groups"],
        allowed: &["owner", "carol", "remove_users"],
        op: |z, c| z.remove_handle_service_user(c, &repo(z), &uid(z, "viewer")),
        zone: fixture,
    },
    Case {
        name: "list_user_handle_service_privileges",
        denied: &["outsider", "carol", "hs_viewer"],
        allowed: &["viewer", "priv_viewer"],
        op: |z, c| z.list_user_handle_service_privileges(c, &repo(z), &uid(z, "viewer")).map(drop),
        zone: fixture,
    },
    Case {
        name: "update_user_handle_service_privileges",
        denied: &["viewer", "priv_viewer", "outsider"],
        allowed: &["owner", "carol", "priv_setter"],
        op: |z, c| {
            z.update_user_handle_service_privileges(c, &repo(z), &uid(z, "viewer"), patch(Some(&[DELETE]), None))
        },
        zone: fixture,
    },
    Case {
        name: "list_effective_handle_service_users",
        denied: &["carol", "outsider", "users_viewer", "hs_viewer"],
        allowed: &["dave", "rel_lister"],
        op: |z, c| z.list_effective_handle_service_users(c, &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_effective_handle_service_user",
        denied: &["carol", "outsider", "hs_viewer"],
        allowed: &["viewer", "users_viewer"],
        op: |z, c| z.get_effective_handle_service_user(c, &repo(z), &uid(z, "carol")).map(drop),
        zone: fixture,
    },
    Case {
        name: "list_effective_user_handle_service_privileges",
        denied: &["carol", "outsider", "hs_viewer", "rel_lister"],
        allowed: &["viewer", "priv_viewer"],
        op: |z, c| z.list_effective_user_handle_service_privileges(c, &repo(z), &uid(z, "carol")).map(drop),
        zone: fixture,
    },
    Case {
        name: "list_handle_service_groups",
        denied: &["carol", "groups_viewer"],
        allowed: &["viewer", "rel_lister"],
        op: |z, c| z.list_handle_service_groups(c, &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_handle_service_group",
        denied: &["carol", "outsider", "hs_viewer"],
        allowed: &["viewer", "groups_viewer"],
        op: |z, c| z.get_handle_service_group(c, &repo(z), &gid(z, "Top")).map(drop),
        zone: fixture,
    },
    Case {
        name: "add_handle_service_group (admins need both privileges)",
        denied: &["viewer", "add_half", "add_users"],
        allowed: &["owner", "carol", "add_groups"],
        op: |z, c| z.add_handle_service_group(c, &repo(z), &gid(z, "Lonely"), None).map(drop),
        zone: fixture,
    },
    Case {
        name: "remove_handle_service_group (admins need both privileges)",
        denied: &["viewer", "remove_half", "remove_users"],
        allowed: &["owner", "remove_groups"],
        op: |z, c| z.remove_handle_service_group(c, &repo(z), &gid(z, "Other")),
        zone: fixture,
    },
    Case {
        name: "list_group_handle_service_privileges",
        denied: &["carol", "outsider", "hs_viewer", "rel_lister"],
        allowed: &["viewer", "priv_viewer"],
        op: |z, c| z.list_group_handle_service_privileges(c, &repo(z), &gid(z, "Top")).map(drop),
        zone: fixture,
    },
    Case {
        name: "update_group_handle_service_privileges",
        denied: &["viewer", "priv_viewer", "outsider", "hs_updater"],
        allowed: &["owner", "priv_setter"],
        op: |z, c| z.update_group_handle_service_privileges(c, &repo(z), &gid(z, "Top"), patch(None, Some(&[VIEW]))),
        zone: fixture,
    },
    Case {
        name: "list_effective_handle_service_groups",
        denied: &["carol", "outsider"],
        allowed: &["viewer", "rel_lister"],
        op: |z, c| z.list_effective_handle_service_groups(c, &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_effective_handle_service_group",
        denied: &["carol", "outsider"],
        allowed: &["viewer", "groups_viewer"],
        op: |z, c| z.get_effective_handle_service_group(c, &repo(z), &gid(z, "Leaf")).map(drop),
        zone: fixture,
    },
    Case {
        name: "list_effective_group_handle_service_privileges",
        denied: &["carol", "groups_viewer"],
        allowed: &["viewer", "priv_viewer"],
        op: |z, c| z.list_effective_group_handle_service_privileges(c, &repo(z), &gid(z, "Leaf")).map(drop),
        zone: fixture,
    },
    Case {
        name: "list_handleservice_handles (handle_service_list_handles)",
        denied: &["viewer", "dave", "hs_viewer"],
        allowed: &["owner", "carol", "rel_lister"],
        op: |z, c| z.list_handleservice_handles(c, &repo(z)).map(drop),
        zone: fixture,
    },
    Case {
        name: "get_handle_service_handle",
        denied: &["carol", "outsider", "hs_viewer"],
        allowed: &["viewer", "handles_viewer"],
        op: |z, c| z.get_handle_service_handle(c, &repo(z), "handle-1").map(drop),
        zone: fixture,
    },
];

#[test]
fn each_operation_refuses_and_admits_the_right_callers() {
    let mut failures = Vec::new();
    for case in CASES {
        for name in case.denied {
            let zone = (case.zone)();
            match (case.op)(&zone, &who(&zone, name)) {
                Err(MockError::Forbidden) => {}
                other => failures.push(format!("{}: {name} should get 403, got {other:?}", case.name)),
            }
        }
        for name in case.allowed {
            let zone = (case.zone)();
            if let Err(e) = (case.op)(&zone, &who(&zone, name)) {
                failures.push(format!("{}: {name} should be allowed, got {e:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn user_operations_act_on_the_caller_only() {
    let zone = fixture();
    let outsider = who(&zone, "outsider");
    assert!(zone.list_user_handle_services(&outsider).unwrap().handle_services.is_empty());
    assert!(zone.list_user_effective_handle_services(&outsider).unwrap().handle_services.is_empty());
    // Not a member: the handle service does not exist from the caller's point of view.
    assert_status(zone.get_user_handle_service(&outsider, &hsid(&zone, "Repo")), 404, "notFound");
    let viewer = who(&zone, "viewer");
    assert_eq!(zone.list_user_handle_services(&viewer).unwrap().handle_services, vec![hsid(&zone, "Repo")]);
    zone.leave_handle_service(&viewer, &hsid(&zone, "Repo")).unwrap();
    // Leaving touched only the viewer's own membership.
    let owner = who(&zone, "owner");
    assert_eq!(zone.list_user_handle_services(&owner).unwrap().handle_services, vec![hsid(&zone, "Repo")]);
}

#[test]
fn basic_and_token_authentication() {
    let zone = fixture();
    let root = zone.authenticate_basic("root", "root-pw").unwrap();
    assert_eq!(root.user_id(), uid(&zone, "root"));
    assert_eq!(zone.authenticate_token("root-token").unwrap(), root);

    let (status, id, details) = fails(zone.authenticate_basic("root", "nope"));
    assert_eq!((status, id), (401, "unauthorized"));
    assert_eq!(details["authError"]["id"], "badBasicCredentials");
    assert!(details["authError"]["description"].is_string());
    // Unknown user, and a user without a password.
    assert_eq!(fails(zone.authenticate_basic("nobody", "root-pw")).2["authError"]["id"], "badBasicCredentials");
    assert_eq!(fails(zone.authenticate_basic("viewer", "")).2["authError"]["id"], "badBasicCredentials");

    let (status, id, details) = fails(zone.authenticate_token("root-pw"));
    assert_eq!((status, id), (401, "unauthorized"));
    assert_eq!(details["authError"]["id"], "badToken");
}

#[test]
fn with_admin_holds_every_zone_privilege() {
    let zone = Zone::with_admin("boss", "pw").unwrap();
    let boss = zone.authenticate_basic("boss", "pw").unwrap();
    assert_eq!(zone.admin_privileges(&boss).len(), onezone_mock::OzPrivilege::ALL.len());
    let path = zone.create_group(&boss, GroupCreateRequest { name: "g".into(), type_: None }).unwrap();
    let hs = zone.add_handle_service(&boss, doi_request("h")).unwrap();
    zone.add_handle_service_group(&boss, last_segment(&hs), last_segment(&path), None).unwrap();
    assert_eq!(zone.list_groups(&boss).unwrap().groups.len(), 1);

    // add_admin joins a seeded zone, refusing a taken username.
    let seeded = fixture();
    assert!(seeded.add_admin("second", "pw2").is_ok());
    assert!(seeded.authenticate_basic("second", "pw2").is_ok());
    assert!(seeded.add_admin("owner", "x").is_err());
    assert!(Zone::with_admin("", "x").is_err());
}

#[test]
fn a_caller_unknown_to_the_zone_is_unauthorized() {
    let zone = fixture();
    let stranger = Zone::with_admin("stranger", "pw").unwrap().authenticate_basic("stranger", "pw").unwrap();
    assert_status(zone.list_user_handle_services(&stranger), 401, "unauthorized");
    assert_status(zone.list_handle_services(&stranger), 401, "unauthorized");
}

/// One group whose members each hold exactly one group privilege (or none),
/// a member of one handle service: every group operation must admit exactly
/// the members holding its privilege, so no rule can be swapped for another
/// or for plain membership unnoticed.
const ONE_PRIVILEGE_EACH: &str = r#"
users:
  - {username: bare}
  - {username: only_view}
  - {username: only_update}
  - {username: only_delete}
  - {username: only_create}
  - {username: only_leave}
  - {username: creator, admin: [oz_handle_services_create]}
  - {username: creator_viewing, admin: [oz_handle_services_create]}
  - {username: hs_bare}
groups:
  - name: G
    users:
      - {user: bare, privileges: []}
      - {user: only_view, privileges: [group_view]}
      - {user: only_update, privileges: [group_update]}
      - {user: only_delete, privileges: [group_delete]}
      - {user: only_create, privileges: [group_create_handle_service]}
      - {user: only_leave, privileges: [group_leave_handle_service]}
      - {user: creator, privileges: [group_create_handle_service]}
      - {user: creator_viewing, privileges: [group_view]}
handleServices:
  - name: H
    proxyEndpoint: https://proxy.example.org/h
    serviceProperties: {type: PID, endpoint: https://pid.example.org, prefix: "21.T1", username: h, password: h-secret, autoSuffixGeneration: false, suffixPrefix: a, suffixSuffix: z}
    users: [{user: hs_bare, privileges: []}]
    groups: [{group: G, privileges: []}]
"#;

#[test]
fn each_group_operation_admits_exactly_the_members_holding_its_privilege() {
    type GroupOp = fn(&Zone, &Caller, &str, &str) -> Result<(), MockError>;
    let members =
        ["bare", "only_view", "only_update", "only_delete", "only_create", "only_leave", "creator", "creator_viewing"];
    // group_view alone, and with oz_handle_services_create beside it.
    const VIEWERS: &[&str] = &["only_view", "creator_viewing"];
    let cases: &[(&str, &[&str], GroupOp)] = &[
        ("get_group (any effective member)", &members, |z, c, g, _| z.get_group(c, g).map(drop)),
        ("modify_group", &["only_update"], |z, c, g, _| {
            z.modify_group(c, g, GroupUpdateRequest { name: Some("n".into()), type_: None })
        }),
        ("remove_group", &["only_delete"], |z, c, g, _| z.remove_group(c, g)),
        ("list_group_handle_services", VIEWERS, |z, c, g, _| z.list_group_handle_services(c, g).map(drop)),
        ("get_group_handle_service", VIEWERS, |z, c, g, h| z.get_group_handle_service(c, g, h).map(drop)),
        ("list_effective_group_handle_services", VIEWERS, |z, c, g, _| {
            z.list_effective_group_handle_services(c, g).map(drop)
        }),
        ("get_group_effective_handle_service", VIEWERS, |z, c, g, h| {
            z.get_group_effective_handle_service(c, g, h).map(drop)
        }),
        // The group privilege and oz_handle_services_create, both.
        ("add_group_handle_service", &["creator"], |z, c, g, _| {
            z.add_group_handle_service(c, g, doi_request("n")).map(drop)
        }),
        ("group_leave_handle_service", &["only_leave"], |z, c, g, h| z.group_leave_handle_service(c, g, h)),
    ];
    let mut failures = Vec::new();
    for (name, allowed, op) in cases {
        for member in &members {
            let zone = zone_from(ONE_PRIVILEGE_EACH);
            let (g, h) = (gid(&zone, "G"), hsid(&zone, "H"));
            let result = op(&zone, &who(&zone, member), &g, &h);
            match (allowed.contains(member), result) {
                (true, Ok(())) | (false, Err(MockError::Forbidden)) => {}
                (expected, got) => failures.push(format!("{name}: {member} allowed={expected}, got {got:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_direct_member_without_privileges_still_reads_and_leaves_through_user_paths() {
    let zone = zone_from(ONE_PRIVILEGE_EACH);
    let (member, h) = (who(&zone, "hs_bare"), hsid(&zone, "H"));
    assert_eq!(zone.list_user_handle_services(&member).unwrap().handle_services, vec![h.clone()]);
    assert_eq!(zone.get_user_handle_service(&member, &h).unwrap().handle_service_id, h);
    zone.leave_handle_service(&member, &h).unwrap();
    assert!(zone.list_user_handle_services(&member).unwrap().handle_services.is_empty());
}
