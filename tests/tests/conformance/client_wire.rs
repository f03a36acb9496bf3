//! Check 2, client wire: the generated client against the loopback
//! recording server, for every operation, auth scheme and error status.

use std::time::Duration;

use onezone_client::Client;
use onezone_conformance::checks::{PASSWORD, USERNAME, encode_segment, target};
use onezone_conformance::generated::call;
use onezone_conformance::matrix::Column;
use onezone_test_support::{RecordingServer, Reply};

use crate::common::{assert_all_pass, edited_spec, failures_of, full_report, run, spec};

#[test]
fn the_client_sends_and_decodes_every_documented_exchange() {
    assert_all_pass(full_report(), Column::ClientWire);
}

#[test]
fn path_segments_are_encoded_as_rfc_3986_says() {
    assert_eq!(encode_segment("a/b c%é?#"), "a%2Fb%20c%25%C3%A9%3F%23");
    assert_eq!(encode_segment("0fe7c8a2-_.~"), "0fe7c8a2-_.~");
}

#[tokio::test]
async fn every_path_parameter_stays_one_percent_encoded_segment() {
    let spec = spec();
    let server = RecordingServer::start().await;
    let client = Client::with_basic_auth(server.url(), USERNAME, PASSWORD).unwrap();
    let odd = "a/b c%é?x=1#f";
    let mut checked = 0;
    for op in spec.operations.iter().filter(|o| !o.params.is_empty()) {
        let success = op.success().unwrap();
        let mut reply = Reply::new(success.status);
        if let Some(location) = &success.location {
            reply = reply.with_header("location", location);
        }
        if let Some(body) = success.documented_body().unwrap() {
            reply = reply.with_json(body);
        }
        server.set_handler(move |_| Some(reply.clone()));
        let params: Vec<(String, String)> = op.params.iter().map(|p| (p.name.clone(), odd.to_owned())).collect();
        let before = server.request_count();
        let result = tokio::time::timeout(
            Duration::from_secs(10),
            call(&client, &op.id, &params, op.documented_request().unwrap()),
        )
        .await
        .unwrap();
        assert!(result.is_ok(), "{}: {result:?}", op.id);
        let sent = server.requests().split_off(before);
        assert_eq!(sent.len(), 1, "{}", op.id);
        assert_eq!(sent[0].path, target(&spec.base_path, op, &params), "{}", op.id);
        assert!(sent[0].path.contains("a%2Fb%20c%25%C3%A9%3Fx%3D1%23f"), "{}", sent[0].path);
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} operations have path parameters?");
    server.shutdown().await;
}

#[tokio::test]
async fn a_path_that_the_generated_client_does_not_use_is_caught() {
    // The spec (read at run time) says `handle-services`; the client was
    // generated from `handle_services`.
    let spec = edited_spec(&[("  /groups/{id}/handle_services:\n", "  /groups/{id}/handle-services:\n")]);
    let report = run(spec, &[Column::ClientWire]).await;
    for op in ["list_group_handle_services", "add_group_handle_service"] {
        let messages = failures_of(&report, op, Column::ClientWire);
        let wanted = "Basic: request target: got \"/api/v3/onezone/groups/";
        assert!(messages.iter().any(|m| m.starts_with(wanted) && m.contains("/handle-services\"")), "{messages:#?}");
    }
    let failing: Vec<String> = report.failures().into_iter().map(|(op, _, _)| op).collect();
    assert!(
        failing.iter().all(|op| op == "list_group_handle_services" || op == "add_group_handle_service"),
        "{failing:?}"
    );
}

#[tokio::test]
async fn every_named_example_goes_over_the_wire_not_only_documented() {
    // A field the shared types do not have, added to the `nameOnly` request
    // example of create_group and to the `pid` response example of
    // get_handle_service: the client and the router drop it, so both wire
    // columns must notice — which they can only if they send these examples.
    let spec = edited_spec(&[
        (
            "              nameOnly:\n                summary: Only the name; the type falls back to team\n                value:\n                  name: Test group\n",
            "              nameOnly:\n                summary: Only the name; the type falls back to team\n                value:\n                  name: Test group\n                  nickname: tg\n",
        ),
        (
            "                    name: iMarine EPIC\n",
            "                    name: iMarine EPIC\n                    nickname: tg\n",
        ),
    ]);
    let report = run(spec, &[Column::ClientWire, Column::ServerWire]).await;
    let client = failures_of(&report, "create_group", Column::ClientWire);
    assert!(
        client.iter().any(|m| m.starts_with("Basic with request example `nameOnly`: request body at /nickname")),
        "{client:#?}"
    );
    let server = failures_of(&report, "create_group", Column::ServerWire);
    assert!(
        server.iter().any(|m| m.starts_with("Basic with request example `nameOnly`: body received at /nickname")),
        "{server:#?}"
    );
    let client = failures_of(&report, "get_handle_service", Column::ClientWire);
    assert!(
        client.iter().any(|m| m.starts_with("Basic with response example `pid`: outcome: body at /nickname")),
        "{client:#?}"
    );
    let server = failures_of(&report, "get_handle_service", Column::ServerWire);
    assert!(
        server.iter().any(|m| m.starts_with("answering the response example `pid`: answer body at /nickname")),
        "{server:#?}"
    );
    // The documented examples are untouched: nothing else fails.
    let others: Vec<_> = report
        .failures()
        .into_iter()
        .filter(|(op, _, m)| !(op == "create_group" || op == "get_handle_service") || !m.contains("`"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
}

/// The older error shapes every error status is decoded with come from the
/// spec's shared responses; they must not silently disappear from it.
#[test]
fn both_historical_error_shapes_are_decoded_with_every_error_status() {
    let shapes = onezone_conformance::checks::client::historical_shapes(&spec());
    assert_eq!(shapes.len(), 2, "{shapes:#?}");
    assert!(shapes.iter().any(|s| s.get("error_description").is_some()), "no OAuth-style shape: {shapes:#?}");
    assert!(shapes.iter().any(|s| s.as_object().is_some_and(|o| o.len() == 1)), "no plain-text shape: {shapes:#?}");
}
