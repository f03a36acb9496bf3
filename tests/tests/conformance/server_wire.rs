//! Check 3, server wire: the generated router serving the replayer, for
//! every operation, auth scheme and documented error status.

use std::sync::Arc;

use onezone_conformance::checks::Scheme;
use onezone_conformance::checks::server::headers;
use onezone_conformance::matrix::Column;
use onezone_conformance::replayer::{Answer, Replayer, send};
use serde_json::json;

use crate::common::{assert_all_pass, edited_spec, failures_of, full_report, run, spec};

#[test]
fn the_router_serves_every_documented_exchange() {
    assert_all_pass(full_report(), Column::ServerWire);
}

#[tokio::test]
async fn a_percent_encoded_parameter_reaches_the_implementation_decoded() {
    let spec = spec();
    let replayer = Replayer::new(Arc::clone(&spec), Answer::Documented);
    let router = replayer.router();
    let op = spec.operation("get_handle_service_user").unwrap();
    let answer = send(
        &router,
        "GET",
        "/api/v3/onezone/handle_services/a%2Fb%20c/users/%C3%A9",
        &headers(Scheme::Token, false),
        None,
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.summary());
    let received = replayer.take();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].operation.operation_id, op.id);
    assert_eq!(received[0].request.params, [("id".to_owned(), "a/b c".to_owned()), ("uid".to_owned(), "é".to_owned())]);
}

#[tokio::test]
async fn the_replayer_answers_every_operation_by_its_operation_id() {
    let spec = spec();
    let replayer = Replayer::new(Arc::clone(&spec), Answer::Documented);
    let router = replayer.router();
    let answer = send(&router, "GET", "/api/v3/onezone/handle_services/privileges", &[], None).await.unwrap();
    let expected =
        spec.operation("list_handle_service_privileges").unwrap().success().unwrap().documented_body().unwrap();
    assert_eq!(answer.json().unwrap(), expected);
    assert_eq!(replayer.take()[0].claims, None, "a public operation called without credentials");
    // An unknown path never reaches it.
    let answer = send(&router, "GET", "/api/v3/onezone/nothing_here", &[], None).await.unwrap();
    assert_eq!(answer.status, 404);
    assert_eq!(answer.json().unwrap().unwrap()["error"]["id"], json!("notFound"));
    assert!(replayer.take().is_empty());
}

#[tokio::test]
async fn metadata_or_security_that_differs_from_the_spec_is_caught() {
    // The spec (read at run time) makes get_group public; the server was
    // generated with it requiring credentials.
    let spec = edited_spec(&[("      operationId: get_group\n", "      operationId: get_group\n      security: []\n")]);
    let report = run(spec, &[Column::ServerWire]).await;
    let messages = failures_of(&report, "get_group", Column::ServerWire);
    assert!(messages.contains(&"OperationInfo::public: got false, expected true".to_owned()), "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m == "Anonymous: the implementation was not called; the router answered 401 unauthorized"),
        "{messages:#?}"
    );
}

/// A dynamic implementation that answers a body its response type cannot
/// hold is at fault: `DynResponse` and `from_dynamic` document a 500. (Found
/// by this test: the generated `from_dynamic` used to answer the caller's
/// 400 `malformedData`.)
#[tokio::test]
async fn a_response_body_the_type_cannot_hold_is_a_server_fault() {
    let spec = edited_spec(&[("timestamp: '1997-07-16T19:20'", "timestamp: 1997")]);
    let replayer = Replayer::new(Arc::clone(&spec), Answer::Documented);
    let path =
        "/api/v3/onezone/handle_services/33f5e5925f6ec7ddf8f68516b2980fdb/handles/f3322ec0d5557f9d94c89180f83b462f";
    let answer = send(&replayer.router(), "GET", path, &headers(Scheme::Basic, false), None).await.unwrap();
    assert_eq!(answer.summary(), "500 internalServerError");
}
