//! Loading seeds: the example file, defaults, fixed ids, and refused seeds.

use onezone_mock::{OzPrivilege, Seed, SeedError, Zone};
use onezone_types::{GroupType, GroupUpdateRequest, HandleMetadataPrefix, HandleServiceProperties, SubjectType};

use crate::common::*;

fn example() -> Zone {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.yaml");
    Zone::from_seed(Seed::from_file(path).unwrap()).unwrap()
}

#[test]
fn the_example_seed_loads_with_its_documented_effects() {
    let zone = example();
    let zoe = zone.authenticate_token("zoe-token").unwrap();
    assert_eq!(zone.authenticate_basic("zoe", "zoe-pass").unwrap(), zoe);
    assert_eq!(zone.admin_privileges(&zoe).len(), OzPrivilege::ALL.len());
    let marek = zone.authenticate_basic("marek", "marek-pass").unwrap();
    assert_eq!(
        zone.admin_privileges(&marek).into_iter().collect::<Vec<_>>(),
        vec![OzPrivilege::OzGroupsList, OzPrivilege::OzHandleServicesCreate]
    );

    let ocean = hsid(&zone, "Ocean Data DOI");
    let hs = zone.get_handle_service(&zoe, &ocean).unwrap();
    assert!(matches!(&hs.service_properties, HandleServiceProperties::Doi { prefix, .. } if prefix == "10.80001"));
    assert_eq!(hs.creator.id.as_deref(), Some(marek.user_id()));

    // Ines reaches Ocean Data DOI through Plankton Lab, nested in Marine Institute.
    let ines = zone.authenticate_token("ines-token").unwrap();
    assert_eq!(zone.list_user_effective_handle_services(&ines).unwrap().handle_services, vec![ocean.clone()]);
    assert_eq!(
        zone.list_effective_user_handle_service_privileges(&zoe, &ocean, ines.user_id()).unwrap().privileges,
        privs(&[VIEW, REGISTER])
    );
    let handle = zone.get_handle_service_handle(&ines, &ocean, "5e1f2a3b4c5d6e7f8091a2b3c4d5e6f7").unwrap();
    assert_eq!(handle.public_handle, "10.80001/plankton-survey-2024");
    assert_eq!(handle.creator.unwrap().id.as_deref(), Some(ines.user_id()));
    assert!(handle.metadata.contains("<dc:title>Plankton survey 2024</dc:title>"));

    let stewards = zone.find_group("Data Stewards").unwrap();
    assert_eq!(stewards, "0f9e8d7c6b5a49382716253443526170");
    let group = zone.get_group(&zoe, &stewards).unwrap();
    assert_eq!(group.type_, GroupType::RoleHolders);
    let tomas = zone.authenticate_basic("tomas", "tomas-pass").unwrap();
    let pid = hsid(&zone, "Stewards PID");
    assert_eq!(zone.list_handleservice_handles(&tomas, &pid).unwrap().handles, Vec::<String>::new());
    assert_eq!(
        zone.get_effective_handle_service_user(&zoe, &pid, tomas.user_id()).unwrap().creation_time.0,
        1_700_000_000
    );
}

#[test]
fn omitted_values_get_their_defaults() {
    let zone = zone_from(
        r#"
users: [{username: root, admin: all}, {username: u}]
groups: [{name: G, users: [{user: u}]}]
handleServices:
  - name: H
    proxyEndpoint: https://p.example.org
    serviceProperties: {type: PID, endpoint: e, prefix: "1", username: x, password: y,
                        autoSuffixGeneration: true, suffixPrefix: "", suffixSuffix: ""}
    users: [{user: u}]
    handles: [{publicHandle: "1/a", resourceId: r, metadata: m, creationTime: 1576152793}]
"#,
    );
    let root = who(&zone, "root");
    let u = uid(&zone, "u");
    let g = gid(&zone, "G");
    let h = hsid(&zone, "H");
    for id in [&u, &g, &h] {
        assert!(is_hex32(id), "{id}");
    }
    let group = zone.get_group(&root, &g).unwrap();
    assert_eq!(group.type_, GroupType::Team);
    assert_eq!(group.creator.unwrap().type_, Some(SubjectType::Nobody));
    // Default group privileges: group_view only.
    let user = who(&zone, "u");
    assert!(zone.list_group_handle_services(&user, &g).is_ok());
    assert_status(zone.remove_group(&user, &g), 403, "forbidden");
    // Default handle-service member privileges.
    assert_eq!(zone.list_user_handle_service_privileges(&root, &h, &u).unwrap().privileges, privs(&[VIEW, REGISTER]));
    assert_eq!(zone.get_effective_handle_service_user(&root, &h, &u).unwrap().full_name, "u");

    let handles = zone.list_handleservice_handles(&root, &h).unwrap().handles;
    assert_eq!(handles.len(), 1);
    let handle = zone.get_handle_service_handle(&root, &h, &handles[0]).unwrap();
    assert!(is_hex32(&handle.handle_id));
    assert_eq!(handle.metadata_prefix, HandleMetadataPrefix::OaiDc);
    assert_eq!(handle.timestamp, "2019-12-12T12:13:13Z");
    assert_eq!(handle.creator, None);
}

#[test]
fn json_seeds_load_too() {
    let seed = Seed::from_json(
        r#"{"users": [{"username": "j", "password": "p", "admin": ["oz_groups_create"]}],
            "groups": [{"name": "G", "type": "unit", "users": [{"user": "j", "privileges": ["group_update"]}]}]}"#,
    )
    .unwrap();
    let zone = Zone::from_seed(seed).unwrap();
    let j = zone.authenticate_basic("j", "p").unwrap();
    assert_eq!(zone.get_group(&j, &gid(&zone, "G")).unwrap().type_, GroupType::Unit);
    assert!(zone.create_group(&j, onezone_types::GroupCreateRequest { name: "x".into(), type_: None }).is_ok());
    assert_status(zone.list_groups(&j), 403, "forbidden");
    // An empty document is an empty zone.
    assert_eq!(Seed::from_yaml("{}").unwrap(), Seed::default());
}

fn load_error(yaml: &str) -> SeedError {
    match Seed::from_yaml(yaml) {
        Err(e) => e,
        Ok(seed) => Zone::from_seed(seed).expect_err("the seed should be refused"),
    }
}

#[test]
fn bad_references_and_duplicates_are_refused() {
    let e = load_error("groups: [{name: G, users: [{user: ghost}]}]");
    assert!(matches!(&e, SeedError::UnknownReference { kind: "user", name, .. } if name == "ghost"), "{e}");
    assert!(e.to_string().contains("group \"G\""), "{e}");

    let e = load_error("groups: [{name: G, children: [Nope]}]");
    assert!(matches!(&e, SeedError::UnknownReference { kind: "group", name, .. } if name == "Nope"), "{e}");

    let hs = |members: &str| {
        format!(
            "users: [{{username: u}}]\ngroups: [{{name: G}}]\nhandleServices:\n  - name: H\n    proxyEndpoint: p\n    \
             serviceProperties: {{type: PID, endpoint: e, prefix: '1', username: x, password: y, \
             autoSuffixGeneration: true, suffixPrefix: '', suffixSuffix: ''}}\n    {members}\n"
        )
    };
    let e = load_error(&hs("groups: [{group: Missing}]"));
    assert!(matches!(&e, SeedError::UnknownReference { kind: "group", .. }), "{e}");
    let e = load_error(&hs("creator: nobody-here"));
    assert!(matches!(&e, SeedError::UnknownReference { kind: "user", .. }), "{e}");
    let e = load_error(&hs("users: [{user: u}, {user: u}]"));
    assert!(matches!(&e, SeedError::DuplicateMember { kind: "user", .. }), "{e}");
    assert!(Zone::from_seed(Seed::from_yaml(&hs("groups: [{group: G}]")).unwrap()).is_ok());

    let e = load_error("users: [{username: a}, {username: a}]");
    assert!(matches!(&e, SeedError::DuplicateName { kind: "user", name } if name == "a"), "{e}");
    let e = load_error("groups: [{name: G}, {name: G}]");
    assert!(matches!(&e, SeedError::DuplicateName { kind: "group", .. }), "{e}");
    let e = load_error("users: [{username: a, id: x1}, {username: b, id: x1}]");
    assert!(matches!(&e, SeedError::DuplicateId { kind: "user", id } if id == "x1"), "{e}");
    let e = load_error("users: [{username: a, id: 'no/slash'}]");
    assert!(matches!(&e, SeedError::Invalid { .. }), "{e}");
    let e = load_error("users: [{username: a, tokens: [t]}, {username: b, tokens: [t]}]");
    assert!(matches!(&e, SeedError::Invalid { .. }), "{e}");
    let e = load_error("groups: [{name: G, children: [G]}]");
    assert!(matches!(&e, SeedError::Invalid { .. }), "{e}");
    let e = load_error("users: [{username: ''}]");
    assert!(matches!(&e, SeedError::Invalid { .. }), "{e}");
    // Nothing that could never log in: a token with a space or non-ASCII,
    // a username with the `:` basic authentication splits at.
    for (yaml, words) in [
        ("users: [{username: a, tokens: [' padded']}]", "printable ASCII"),
        ("users: [{username: a, tokens: ['tök']}]", "printable ASCII"),
        ("users: [{username: 'a:b', password: p}]", "cannot hold `:`"),
    ] {
        let e = load_error(yaml);
        assert!(matches!(&e, SeedError::Invalid { .. }) && e.to_string().contains(words), "{yaml}: {e}");
    }
}

#[test]
fn child_groups_hold_group_privileges_in_their_parent() {
    // The short form gives the child `group_view` in the parent; the mapping
    // form gives exactly the listed privileges.
    let zone = Zone::from_seed(
        Seed::from_yaml(
            "users: [{username: u, password: p}]\n\
             groups:\n\
             - {name: Viewed, children: [Sub]}\n\
             - {name: Updated, children: [{group: Sub, privileges: [group_update]}]}\n\
             - {name: Bare, children: [{group: Sub, privileges: []}]}\n\
             - {name: Sub, users: [{user: u, privileges: []}]}\n",
        )
        .unwrap(),
    )
    .unwrap();
    let u = who(&zone, "u");
    let gid = |name: &str| gid(&zone, name);
    let rename = || GroupUpdateRequest { name: Some("renamed".into()), type_: None };

    assert!(zone.list_group_handle_services(&u, &gid("Viewed")).is_ok());
    assert_status(zone.modify_group(&u, &gid("Viewed"), rename()), 403, "forbidden");
    assert_status(zone.list_group_handle_services(&u, &gid("Updated")), 403, "forbidden");
    assert!(zone.modify_group(&u, &gid("Updated"), rename()).is_ok());
    assert_status(zone.list_group_handle_services(&u, &gid("Bare")), 403, "forbidden");
    // Its own group, where it holds nothing directly, stays closed too.
    assert_status(zone.list_group_handle_services(&u, &gid("Sub")), 403, "forbidden");

    let e = load_error("groups: [{name: G, children: [{group: S, privilege: [group_view]}]}, {name: S}]");
    assert!(e.to_string().contains("privilege"), "{e}");
    let e = load_error("groups: [{name: G, children: [{group: S, privileges: [group_everything]}]}, {name: S}]");
    assert!(e.to_string().contains("group_everything"), "{e}");
    let e = load_error("groups: [{name: G, children: [7]}]");
    assert!(e.to_string().contains("a group name or {group"), "{e}");
    let e = load_error("groups: [{name: G, children: [S, {group: S}]}, {name: S}]");
    assert!(matches!(&e, SeedError::DuplicateMember { kind: "child group", .. }), "{e}");
}

#[test]
fn malformed_documents_are_refused_with_a_location() {
    // A typo in a key.
    let e = load_error("users: [{username: a, pasword: x}]");
    assert!(matches!(e, SeedError::Yaml(_)), "{e}");
    assert!(e.to_string().contains("pasword"), "{e}");
    // An unknown privilege name.
    let e = load_error("users:\n  - username: a\n    admin: [oz_everything]\n");
    assert!(e.to_string().contains("oz_everything") && e.to_string().contains("line 3"), "{e}");
    let e = load_error("users: [{username: a, admin: some}]");
    assert!(e.to_string().contains("\"all\" or a list"), "{e}");
    let e = load_error("groups: [{name: G, users: [{user: a, privileges: [handle_service_view]}]}]");
    assert!(matches!(e, SeedError::Yaml(_)), "{e}");
    let e = load_error("groups: [{name: G, type: club}]");
    assert!(matches!(e, SeedError::Yaml(_)), "{e}");
    assert!(matches!(Seed::from_json("{\"users\": 3}"), Err(SeedError::Json(_))));
    assert!(matches!(Seed::from_file("/nonexistent/seed.yaml"), Err(SeedError::Io { .. })));
}

#[test]
fn fixed_ids_are_kept_and_generated_ones_avoid_them() {
    let zone = zone_from(
        "users: [{username: a, id: alice-1, admin: all}, {username: b}]\ngroups: [{name: G, id: g_1}, {name: H}]",
    );
    assert_eq!(uid(&zone, "a"), "alice-1");
    assert_eq!(gid(&zone, "G"), "g_1");
    assert!(is_hex32(&uid(&zone, "b")));
    let a = who(&zone, "a");
    assert_eq!(zone.get_group(&a, "g_1").unwrap().name, "G");
}
