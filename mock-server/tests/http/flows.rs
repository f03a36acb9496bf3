//! Membership, privileges, authorization and concurrency through the
//! generated client, over TCP, against the seeded zone.

use onezone_client::types::{HandleServicePrivilege as P, HandleServicePrivilegesUpdate};
use onezone_client::{ApiError, LocationExt};

use super::{as_user, seeded};

#[tokio::test]
async fn group_gets_a_handle_service_and_its_members_inherit_privileges() {
    let mock = seeded().await;
    let zone = mock.zone().clone();
    let marek = as_user(&mock, "marek", "marek-pass");
    let tomas = as_user(&mock, "tomas", "tomas-pass");
    let institute = zone.find_group("Marine Institute").unwrap();
    let stewards = zone.find_group("Data Stewards").unwrap();

    // Marek registers a PID service for the institute (group privilege + oz_handle_services_create).
    let body = serde_json::json!({
        "name": "Institute PIDs", "proxyEndpoint": "https://proxy.example.org",
        "serviceProperties": {"type": "PID", "endpoint": "https://epic.example.org/api/v2/handles", "prefix": "21.T123",
          "username": "inst", "password": "pw", "autoSuffixGeneration": true, "suffixPrefix": "", "suffixSuffix": ""}
    });
    let created = marek
        .add_group_handle_service()
        .id(&institute)
        .body(serde_json::from_value::<onezone_client::types::HandleServiceCreateRequest>(body).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created.location().unwrap().to_owned();
    let hsid = created.created_id().unwrap().to_owned();
    assert_eq!(location, format!("{}/api/v3/onezone/groups/{institute}/handle_services/{hsid}", mock.url()));
    assert_eq!(hsid.len(), 32);
    assert!(hsid.chars().all(|c| c.is_ascii_hexdigit()));

    // Tomas is not a member: 403 on the privileged read, and the typed error says so.
    let err = ApiError::decode(tomas.list_handle_service_groups().id(&hsid).send().await.unwrap_err()).await;
    assert_eq!((err.status().map(|s| s.as_u16()), err.id()), (Some(403), Some("forbidden")));

    // Marek adds Data Stewards with exactly one privilege; a second add is 409.
    let added = marek
        .add_handle_service_group()
        .id(&hsid)
        .gid(&stewards)
        .body_map(|b| b.privileges(Some(vec![P::HandleServiceView].into())))
        .send()
        .await
        .unwrap();
    assert_eq!(
        added.location().unwrap(),
        format!("{}/api/v3/onezone/handle_services/{hsid}/groups/{stewards}", mock.url())
    );
    let again =
        ApiError::decode(marek.add_handle_service_group().id(&hsid).gid(&stewards).send().await.unwrap_err()).await;
    assert_eq!((again.status().map(|s| s.as_u16()), again.id()), (Some(409), Some("relationAlreadyExists")));
    assert_eq!(again.details().unwrap()["childId"], stewards.as_str());

    // Tomas now reaches the service through Data Stewards and may view it.
    let effective = tomas.list_user_effective_handle_services().send().await.unwrap().into_inner();
    assert!(effective.handle_services.contains(&hsid));
    let direct = tomas.list_user_handle_services().send().await.unwrap().into_inner();
    assert!(!direct.handle_services.contains(&hsid));
    let privileges = marek
        .list_effective_user_handle_service_privileges()
        .id(&hsid)
        .uid(zone.find_user("tomas").unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(privileges.privileges.0, [P::HandleServiceView]);

    // Grant register_handle to the group; Tomas's effective privileges follow.
    let change = marek
        .set_handle_service_group_privileges(&hsid, &stewards, &[P::HandleServiceView, P::HandleServiceRegisterHandle])
        .await
        .unwrap();
    assert_eq!(change.granted, [P::HandleServiceRegisterHandle]);
    let privileges = marek
        .list_effective_user_handle_service_privileges()
        .id(&hsid)
        .uid(zone.find_user("tomas").unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(privileges.privileges.0, [P::HandleServiceView, P::HandleServiceRegisterHandle]);

    // Remove the group; Tomas loses the service; removing again is 400 relationDoesNotExist.
    marek.remove_handle_service_group().id(&hsid).gid(&stewards).send().await.unwrap();
    let effective = tomas.list_user_effective_handle_services().send().await.unwrap().into_inner();
    assert!(!effective.handle_services.contains(&hsid));
    let gone =
        ApiError::decode(marek.remove_handle_service_group().id(&hsid).gid(&stewards).send().await.unwrap_err()).await;
    assert_eq!((gone.status().map(|s| s.as_u16()), gone.id()), (Some(400), Some("relationDoesNotExist")));

    // The admin deletes the service; reads are 404 afterwards.
    let zoe = as_user(&mock, "zoe", "zoe-pass");
    assert_eq!(zoe.remove_handle_service().id(&hsid).send().await.unwrap().status(), 204);
    let missing = ApiError::decode(zoe.get_handle_service().id(&hsid).send().await.unwrap_err()).await;
    assert_eq!((missing.status().map(|s| s.as_u16()), missing.id()), (Some(404), Some("notFound")));
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn parallel_grants_and_revokes_over_http_lose_no_update() {
    let mock = seeded().await;
    let zone = mock.zone().clone();
    let hsid = zone.find_handle_service("Ocean Data DOI").unwrap();
    let institute = zone.find_group("Marine Institute").unwrap();
    let all = [
        P::HandleServiceView,
        P::HandleServiceUpdate,
        P::HandleServiceDelete,
        P::HandleServiceRegisterHandle,
        P::HandleServiceListHandles,
    ];
    // Client i alone touches privilege i, alternating grant and revoke: the
    // even clients end on a grant (21 calls), the odd ones on a revoke (20).
    // All patch the same group's privileges at once, so a lost update (a
    // stale read-modify-write) would drop or resurrect one of them.
    let mut tasks = Vec::new();
    for (i, privilege) in all.into_iter().enumerate() {
        let client = as_user(&mock, "zoe", "zoe-pass");
        let (hsid, gid) = (hsid.clone(), institute.clone());
        tasks.push(tokio::spawn(async move {
            let calls = if i % 2 == 0 { 21 } else { 20 };
            for round in 0..calls {
                let list = Some(vec![privilege].into());
                let update = if round % 2 == 0 {
                    HandleServicePrivilegesUpdate { grant: list, revoke: None }
                } else {
                    HandleServicePrivilegesUpdate { grant: None, revoke: list }
                };
                let sent =
                    client.update_group_handle_service_privileges().id(&hsid).gid(&gid).body(update).send().await;
                assert_eq!(sent.unwrap().status(), 204);
            }
        }));
    }
    for t in tasks {
        tokio::time::timeout(std::time::Duration::from_secs(30), t).await.expect("bounded in time").unwrap();
    }
    let zoe = as_user(&mock, "zoe", "zoe-pass");
    let final_privileges =
        zoe.list_group_handle_service_privileges().id(&hsid).gid(&institute).send().await.unwrap().into_inner();
    let mut got = final_privileges.privileges.0.clone();
    got.sort_by_key(|p| p.to_string());
    let mut expected = vec![all[0], all[2], all[4]];
    expected.sort_by_key(|p| p.to_string());
    assert_eq!(got, expected);
    // A last grant from one client is visible exactly.
    zoe.set_handle_service_group_privileges(&hsid, &institute, &[P::HandleServiceListHandles]).await.unwrap();
    let final_privileges =
        zoe.list_group_handle_service_privileges().id(&hsid).gid(&institute).send().await.unwrap().into_inner();
    assert_eq!(final_privileges.privileges.0, [P::HandleServiceListHandles]);
    mock.shutdown().await.unwrap();
}
