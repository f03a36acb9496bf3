//! Many threads on one zone: every operation is atomic, no update is lost.

use std::collections::BTreeSet;
use std::thread;

use onezone_mock::{ALL_HS_PRIVILEGES, HsPrivilege, MockError};

use crate::common::*;

const THREADS: usize = 16;
const ROUNDS: usize = 50;

/// What thread `t` grants and revokes in round `i`.
fn step(t: usize, i: usize) -> (HsPrivilege, HsPrivilege) {
    (ALL_HS_PRIVILEGES[(t + i) % 5], ALL_HS_PRIVILEGES[(t + 2 * i + 1) % 5])
}

#[test]
fn concurrent_privilege_patches_on_one_handle_service_lose_nothing() {
    let mut yaml = String::from(
        "users:\n  - {username: setter, admin: [oz_handle_services_set_privileges, oz_handle_services_view_privileges]}\n  \
         - {username: reader, admin: [oz_handle_services_list_relationships]}\n",
    );
    for t in 0..THREADS {
        yaml.push_str(&format!("  - {{username: u{t}}}\n"));
    }
    yaml.push_str(
        "handleServices:\n  - name: Busy\n    proxyEndpoint: p\n    serviceProperties: {type: PID, endpoint: e, \
         prefix: '1', username: x, password: y, autoSuffixGeneration: true, suffixPrefix: '', suffixSuffix: ''}\n    \
         users:\n",
    );
    for t in 0..THREADS {
        yaml.push_str(&format!("      - {{user: u{t}}}\n"));
    }
    let zone = zone_from(&yaml);
    let busy = hsid(&zone, "Busy");
    let setter = who(&zone, "setter");
    let reader = who(&zone, "reader");

    thread::scope(|scope| {
        for t in 0..THREADS {
            let (zone, busy, setter, reader) = (zone.clone(), busy.clone(), setter.clone(), reader.clone());
            let member = uid(&zone, &format!("u{t}"));
            scope.spawn(move || {
                for i in 0..ROUNDS {
                    let (grant, revoke) = step(t, i);
                    zone.update_user_handle_service_privileges(
                        &setter,
                        &busy,
                        &member,
                        patch(Some(&[grant]), Some(&[revoke])),
                    )
                    .unwrap();
                    // Readers run alongside the writers.
                    assert_eq!(zone.list_handle_service_users(&reader, &busy).unwrap().users.len(), THREADS);
                }
            });
        }
    });

    for t in 0..THREADS {
        // The same patches applied one after the other.
        let mut expected: BTreeSet<HsPrivilege> = [VIEW, REGISTER].into_iter().collect();
        for i in 0..ROUNDS {
            let (grant, revoke) = step(t, i);
            expected.insert(grant);
            expected.remove(&revoke);
        }
        let member = uid(&zone, &format!("u{t}"));
        let got = zone.list_user_handle_service_privileges(&setter, &busy, &member).unwrap().privileges;
        assert_eq!(got.0, expected.into_iter().collect::<Vec<_>>(), "member u{t}");
    }
}

#[test]
fn concurrent_adds_of_one_member_succeed_exactly_once() {
    let zone = fixture();
    let owner = who(&zone, "owner");
    let repo = hsid(&zone, "Repo");
    let outsider = uid(&zone, "outsider");
    let results: Vec<Result<(), MockError>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| scope.spawn(|| zone.add_handle_service_user(&owner, &repo, &outsider, None)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| e.id() == "relationAlreadyExists"));
    let users = zone.list_handle_service_users(&owner, &repo).unwrap().users;
    assert_eq!(users.iter().filter(|u| **u == outsider).count(), 1);
}
