//! Checks that hold for every operation of the spec.

use std::sync::Arc;

use onezone_server::ServerConfig;
use onezone_server::operations::ALL;

use super::{Call, Probe, concrete_path, send, send_to};

#[tokio::test]
async fn every_operation_is_routed_and_answers_501_by_default_or_its_override() {
    assert_eq!(ALL.len(), 44);
    let overridden =
        ["create_group", "get_group", "remove_group", "add_handle_service_group", "list_handle_service_privileges"];
    for op in ALL {
        let call = Call::new(op.method, concrete_path(op, "abc"));
        // A body the validators accept wherever one is required.
        let call = match op.operation_id {
            "create_group" => call.json(serde_json::json!({"name": "g"})),
            "modify_group" | "handle_service_update" => call.json(serde_json::json!({})),
            "update_user_handle_service_privileges" | "update_group_handle_service_privileges" => {
                call.json(serde_json::json!({"grant": []}))
            }
            "add_user_handle_service" | "add_group_handle_service" | "add_handle_service" => {
                call.json(serde_json::json!({
                    "name": "n", "proxyEndpoint": "p",
                    "serviceProperties": {"type": "PID", "endpoint": "e", "prefix": "11789", "username": "u",
                      "password": "p", "autoSuffixGeneration": false, "suffixPrefix": "a", "suffixSuffix": "b"}
                }))
            }
            _ => call,
        };
        let answer = send(call).await;
        if overridden.contains(&op.operation_id) {
            assert!(answer.status.is_success(), "{}: {:?}", op.operation_id, answer);
            assert!(
                op.success_statuses.contains(&answer.status.as_u16()),
                "{}: undocumented {}",
                op.operation_id,
                answer.status
            );
        } else {
            assert_eq!(answer.status, 501, "{}: {:?}", op.operation_id, answer);
            assert_eq!(answer.error_id(), "notImplemented", "{}", op.operation_id);
            assert!(answer.json()["error"]["description"].as_str().unwrap().contains(op.operation_id));
        }
    }
}

#[tokio::test]
async fn every_non_public_operation_is_401_without_credentials_and_public_ones_are_not() {
    for op in ALL {
        let answer = send(Call::new(op.method, concrete_path(op, "abc")).anonymous()).await;
        if op.public {
            assert_ne!(answer.status, 401, "{} is public", op.operation_id);
        } else {
            assert_eq!(answer.status, 401, "{}: {:?}", op.operation_id, answer);
            assert_eq!(answer.error_id(), "unauthorized");
        }
    }
    let public: Vec<&str> = ALL.iter().filter(|o| o.public).map(|o| o.operation_id).collect();
    assert_eq!(public, ["list_handle_service_privileges", "get_public_handle_service_details"]);
}

#[tokio::test]
async fn credentials_are_checked_before_the_body_is_read() {
    // Garbage body and no credentials: the answer is about the credentials.
    let answer = send(Call::new("POST", "/api/v3/onezone/groups").anonymous().raw(b"{not json")).await;
    assert_eq!((answer.status.as_u16(), answer.error_id()), (401, "unauthorized".to_owned()));
    // Refused credentials: 401 with the reason nested.
    let answer = send(Call::new("GET", "/api/v3/onezone/groups/x").anonymous().header("x-auth-token", "bad")).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json()["error"]["details"]["authError"]["id"], "badToken");
    // Malformed credentials are unusable ones: 401 with the reason nested,
    // on a public operation too.
    for (path, header, value, reason) in [
        ("/groups/x", "authorization", "Basic %%%", "badBasicCredentials"),
        ("/groups/x", "authorization", "Basic bm8tY29sb24=", "badBasicCredentials"), // "no-colon"
        ("/groups/x", "authorization", "Bearer", "badToken"),
        ("/groups/x", "authorization", "Digest abc", "badToken"),
        ("/groups/x", "x-auth-token", " ", "badToken"),
        ("/handle_services/privileges", "authorization", "Basic %%%", "badBasicCredentials"),
    ] {
        let answer = send(Call::new("GET", format!("/api/v3/onezone{path}")).anonymous().header(header, value)).await;
        assert_eq!((answer.status.as_u16(), answer.error_id()), (401, "unauthorized".to_owned()), "{value}");
        assert_eq!(answer.json()["error"]["details"]["authError"]["id"], reason, "{value}");
    }
}

#[tokio::test]
async fn with_several_credentials_each_must_be_valid_and_authorization_counts() {
    let basic = "Basic YWxpY2U6cHc="; // alice:pw
    // Garbage beside valid credentials refuses the request, on a public operation too.
    for (path, authorization, token) in [
        ("/groups/g1", basic, "garbage"),
        ("/groups/g1", "Bearer garbage", "good-token"),
        ("/handle_services/privileges", basic, "garbage"),
    ] {
        let call = Call::new("GET", format!("/api/v3/onezone{path}"))
            .anonymous()
            .header("authorization", authorization)
            .header("x-auth-token", token);
        let answer = send(call).await;
        assert_eq!((answer.status.as_u16(), answer.error_id()), (401, "unauthorized".to_owned()), "{path} {token}");
        assert_eq!(answer.json()["error"]["details"]["authError"]["id"], "badToken");
    }
    // Two valid ones: the Authorization header's caller is served.
    let probe = Arc::new(Probe::default());
    let call = Call::new("POST", "/api/v3/onezone/groups")
        .anonymous()
        .header("x-auth-token", "bob-token")
        .header("authorization", basic)
        .json(serde_json::json!({"name": "g"}));
    assert_eq!(send_to(probe.clone(), ServerConfig::default(), call).await.status, 201);
    let seen = probe.seen.lock().unwrap().clone();
    assert!(seen[0].1.starts_with("alice "), "{seen:?}");
}

#[tokio::test]
async fn the_three_auth_schemes_are_accepted() {
    let basic = "Basic YWxpY2U6cHc="; // alice:pw
    for (name, value) in
        [("authorization", basic), ("authorization", "Bearer good-token"), ("x-auth-token", "good-token")]
    {
        let answer = send(Call::new("GET", "/api/v3/onezone/groups/g1").anonymous().header(name, value)).await;
        assert_eq!(answer.status, 200, "{name}: {answer:?}");
    }
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_in_onezone_format() {
    for path in ["/api/v3/onezone/nope", "/api/v3/onezone/groups/a/b/c/d", "/", "/api/v3/groups", "/api/v3/onezone"] {
        let answer = send(Call::new("GET", path)).await;
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.error_id(), "notFound", "{path}");
    }
    let answer = send(Call::new("PUT", "/api/v3/onezone/groups")).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.error_id(), "notSupported");
    // The older API's PUT on group privileges no longer exists (now PATCH).
    let answer = send(Call::new("PUT", "/api/v3/onezone/handle_services/h/groups/g/privileges")).await;
    assert_eq!(answer.status, 405);
}

#[tokio::test]
async fn static_segments_win_over_parameters() {
    let answer = send(Call::new("GET", "/api/v3/onezone/handle_services/privileges").anonymous()).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["admin"], serde_json::json!(["handle_service_view"]));
}

/// Deterministic garbage at every operation: the answer is always a
/// documented-format error or a success, never a 5xx or a plain-text body.
#[tokio::test]
async fn arbitrary_bodies_and_headers_never_crash_or_answer_plain_text() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let samples: &[&[u8]] =
        &[b"{", b"null", b"[]", b"{\"name\":{}}", b"{\"grant\":[null]}", b"\xff\xfe", b"{\"serviceProperties\":[]}"];
    for op in ALL {
        for round in 0..12 {
            let body: Vec<u8> = if round < samples.len() {
                samples[round].to_vec()
            } else {
                (0..(next() % 64)).map(|_| (next() % 256) as u8).collect()
            };
            let answer = send(
                Call::new(op.method, concrete_path(op, "x%00y"))
                    .raw(&body)
                    .header("content-type", if round % 2 == 0 { "application/json" } else { "text/plain" }),
            )
            .await;
            assert!(
                answer.status.as_u16() < 500 || answer.status == 501,
                "{} answered {}",
                op.operation_id,
                answer.status
            );
            if !answer.status.is_success() {
                answer.error_id(); // panics unless the body is an Onezone error
            }
        }
    }
}
