//! Check 1, types: every example of the spec round-trips through the shared
//! Rust type of its schema.

use std::collections::BTreeSet;

use onezone_conformance::generated::{OPERATION_IDS, SCHEMAS};
use onezone_conformance::matrix::{Cell, Column};
use onezone_conformance::spec::{Owner, Target};

use crate::common::{assert_all_pass, edited_spec, failures_of, full_report, run, spec};

#[test]
fn every_example_round_trips_through_its_shared_type() {
    let report = full_report();
    assert_all_pass(report, Column::Types);
    assert!(matches!(report.components, Some(Cell::Pass(n)) if n > 0), "components: {:?}", report.components);
}

#[test]
fn the_spec_read_at_run_time_and_the_generated_call_table_agree() {
    let spec = spec();
    let ids: Vec<&str> = spec.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, OPERATION_IDS, "regenerate: the spec's operations differ from tests/src/generated.rs");
    assert_eq!(spec.schema_names(), SCHEMAS, "regenerate: the spec's schemas differ from tests/src/generated.rs");
    for op in &spec.operations {
        assert!(op.problems.is_empty(), "{}: {:?}", op.id, op.problems);
    }
}

#[test]
fn every_kind_of_example_is_found_and_has_a_type() {
    let spec = spec();
    let unchecked: Vec<String> = spec
        .examples
        .iter()
        .filter_map(|e| match &e.target {
            Target::Unchecked(why) => Some(why.clone()),
            _ => None,
        })
        .collect();
    assert!(unchecked.is_empty(), "examples without a type:\n{}", unchecked.join("\n"));
    let kinds: BTreeSet<&str> = spec
        .examples
        .iter()
        .map(|e| {
            let p = e.pointer.as_str();
            if p.starts_with("/components/schemas/") && p.contains("/oneOf/") {
                "oneOf alternative example"
            } else if p.starts_with("/components/schemas/") {
                "component schema example"
            } else if p.starts_with("/components/responses/") {
                "shared response example"
            } else if p.contains("/requestBody/") {
                "request body example"
            } else if p.contains("/headers/") {
                "header example"
            } else if p.contains("/parameters/") {
                "parameter example"
            } else {
                "response example"
            }
        })
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "component schema example",
            "header example",
            "oneOf alternative example",
            "parameter example",
            "request body example",
            "response example",
            "shared response example"
        ]
    );
    // Every operation's types cell decodes at least one example into a type
    // (a parameter's string example does not count): one it owns, or one of
    // the shared error responses it refers to. Six operations own only
    // parameter examples (they take no body and answer 204): for them it is
    // the shared error responses alone.
    let mut without = Vec::new();
    let mut only_shared = Vec::new();
    for op in &spec.operations {
        let owned = spec.examples_of(&Owner::Operation(op.id.clone()));
        let typed_owned = owned.iter().any(|e| matches!(e.target, Target::Schema(_)));
        let shared = op.errors().any(|r| r.shared.is_some() && !r.examples().is_empty());
        if !typed_owned && !shared {
            without.push(op.id.as_str());
        }
        if !typed_owned {
            only_shared.push(op.id.as_str());
        }
    }
    assert_eq!(only_shared.len(), 6, "operations that own no typed example: {only_shared:?}");
    assert!(without.is_empty(), "operations without an example of a type: {without:?}");
}

#[tokio::test]
async fn an_example_that_breaks_its_type_fails_in_every_column_that_uses_it() {
    // A documented response whose `timestamp` is a number, not a string.
    let spec = edited_spec(&[("timestamp: '1997-07-16T19:20'", "timestamp: 1997")]);
    let report = run(spec, &[Column::Types, Column::ClientWire, Column::ServerWire]).await;
    let types = failures_of(&report, "get_handle_service_handle", Column::Types);
    assert!(
        types.iter().any(|m| m.contains("/responses/200/content/application~1json/examples/documented/value")
            && m.contains("does not decode into Handle")),
        "{types:#?}"
    );
    let client = failures_of(&report, "get_handle_service_handle", Column::ClientWire);
    assert!(client.iter().any(|m| m.contains("came back as an error")), "{client:#?}");
    // (The router answers 500: see
    // server_wire::a_response_body_the_type_cannot_hold_is_a_server_fault.)
    let server = failures_of(&report, "get_handle_service_handle", Column::ServerWire);
    assert!(
        server.iter().any(|m| m.starts_with("Basic: status: got ") && m.ends_with(", expected 200")),
        "{server:#?}"
    );
    // Nothing else is affected.
    assert_eq!(report.failures().iter().filter(|(op, _, _)| op != "get_handle_service_handle").count(), 0);
}

#[tokio::test]
async fn a_field_the_type_does_not_keep_is_a_failure_not_a_silent_drop() {
    // An undeclared field in the documented get_group response: the JSON
    // validates (additional properties are allowed) but the Rust type drops it.
    let spec = edited_spec(&[(
        "                    groupId: a4d3bc73aada63052310652d421609f1\n                    name: Test group\n",
        "                    groupId: a4d3bc73aada63052310652d421609f1\n                    nickname: tg\n                    name: Test group\n",
    )]);
    let report = run(spec, &[Column::Types]).await;
    let messages = failures_of(&report, "get_group", Column::Types);
    assert_eq!(
        messages,
        ["/paths/~1groups~1{id}/get/responses/200/content/application~1json/examples/documented/value: \
          does not survive a round trip through Group: at /nickname: expected \"tg\", the field is missing"]
    );
}

#[tokio::test]
async fn an_example_of_an_inline_schema_fails_loudly() {
    let spec = edited_spec(&[(
        "          description: Id of the actor.\n",
        "          description: Id of the actor.\n          example: 7434b256e71e1052e0d5e3e9da657ebf\n",
    )]);
    let report = run(spec, &[Column::Types]).await;
    match &report.components {
        Some(Cell::Fail(messages)) => {
            assert_eq!(messages.len(), 1, "{messages:#?}");
            assert!(
                messages[0]
                    .starts_with("/components/schemas/Subject/properties/id/example: an example of an inline schema"),
                "{}",
                messages[0]
            );
        }
        other => panic!("components should fail: {other:?}"),
    }
}

#[test]
fn the_spec_reader_accepts_unquoted_status_codes_and_json() {
    let spec = spec();
    let yaml =
        std::fs::read_to_string(onezone_conformance::spec::default_spec_path()).unwrap().replace("'200':", "200:");
    let unquoted = onezone_conformance::spec::Spec::parse(std::path::Path::new("unquoted.yaml"), &yaml).unwrap();
    assert_eq!(unquoted.operations, spec.operations);
    let json = serde_json::to_string(&spec.root).unwrap();
    let from_json = onezone_conformance::spec::Spec::parse(std::path::Path::new("spec.json"), &json).unwrap();
    assert_eq!(from_json.operations, spec.operations);
    assert_eq!(from_json.examples, spec.examples);
}
