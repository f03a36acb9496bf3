//! The comparison engine, one small case per kind of finding. Each case edits
//! the upstream (Swagger 2.0) or our (OpenAPI 3.0) fixture, which are equal
//! as written, and checks the kinds found and the whole report as JSON
//! (`tests/output/compare/<case>.json`).

use onezone_upstream::{
    Api, Change, ChangeKind, Deviations, Direction, DriftReport, Level, MemorySource, Scope, UpstreamInfo, compare,
    read_openapi, read_swagger,
};
use serde_json::json;

use crate::Edit::{self, Move, Remove, Set};
use crate::{edited, snapshot};

/// The drift report of the fixtures after the edits.
pub fn drift(upstream: &[Edit], ours: &[Edit], deviations: &Deviations) -> DriftReport {
    let scope = Scope::handle_services_and_groups();
    let up_doc = read_swagger(
        &MemorySource::new().with("upstream.json", edited("compare/upstream.yaml", upstream)),
        "upstream.json",
    )
    .unwrap();
    let ours_doc =
        read_openapi(&MemorySource::new().with("onezone.json", edited("compare/ours.yaml", ours)), "onezone.json")
            .unwrap();
    let left = Api::from_document(&up_doc, &scope).unwrap();
    let right = Api::from_document(&ours_doc, &scope).unwrap();
    let info = UpstreamInfo {
        dir: "tests/fixtures/compare".into(),
        revision: Some("fixture".into()),
        version: up_doc.version.clone(),
    };
    DriftReport::new(info, compare(&left, &right, &scope), deviations)
}

/// Checks the kinds found (in report order) and the report's JSON snapshot.
fn case(name: &str, upstream: &[Edit], ours: &[Edit], kinds: &[&str]) -> DriftReport {
    let report = drift(upstream, ours, &Deviations::none());
    let found: Vec<&str> = report.findings.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(found, kinds, "{}", report.render_text());
    snapshot(&format!("compare/{name}.json"), &report.to_json());
    report
}

/// Our side compared with itself after edits (the `diff` use of the engine).
fn diff(old: &[Edit], new: &[Edit]) -> Vec<Change> {
    let scope = Scope::all();
    let read = |edits: &[Edit]| {
        let doc =
            read_openapi(&MemorySource::new().with("o.json", edited("compare/ours.yaml", edits)), "o.json").unwrap();
        Api::from_document(&doc, &scope).unwrap()
    };
    compare(&read(old), &read(new), &scope)
}

#[test]
fn equal_descriptions_have_no_findings() {
    // Inline (upstream) vs named (ours) catalogue schema, per-operation vs
    // shared error responses, a recursive `Group`: all equal.
    let report = case("identical", &[], &[], &[]);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn an_operation_missing_on_our_side() {
    let r = case("operation-missing", &[], &[Remove("/paths/~1groups~1{id}")], &["operation-missing"]);
    let f = &r.findings[0];
    assert_eq!((f.operation.as_deref(), f.path.as_deref()), (Some("get_group"), Some("/groups/{id}")));
    assert_eq!(f.upstream.as_ref().unwrap().pointer, "/paths/~1groups~1{id}/get");
    assert!(f.ours.is_none());
    assert!(f.breaking);
}

#[test]
fn an_operation_only_we_have() {
    let remove_group = json!({"operationId": "remove_group", "responses": {"204": {"description": "Removed."}}});
    let r = case("operation-extra", &[], &[Set("/paths/~1groups~1{id}/delete", remove_group)], &["operation-extra"]);
    assert!(!r.findings[0].breaking);
}

#[test]
fn an_operation_id_changed() {
    let r = case(
        "operation-id-changed",
        &[],
        &[Set("/paths/~1groups/get/operationId", json!("get_groups"))],
        &["operation-id-changed"],
    );
    assert_eq!(r.findings[0].direction, Direction::None);
}

#[test]
fn a_path_parameter_renamed_only_is_no_finding() {
    case(
        "path-parameter-renamed",
        &[],
        &[
            Move("/paths/~1groups~1{id}", "/paths/~1groups~1{gid}"),
            Set("/paths/~1groups~1{gid}/get/parameters/0/name", json!("gid")),
        ],
        &[],
    );
}

#[test]
fn a_required_parameter_added() {
    let header = json!({"name": "X-Request-Id", "in": "header", "required": true, "schema": {"type": "string"}});
    let r = case("parameter-added", &[], &[Set("/paths/~1groups/get/parameters/1", header)], &["parameter-added"]);
    assert_eq!(r.findings[0].level, Level::Error);
}

#[test]
fn a_parameter_removed_and_one_made_required() {
    case("parameter-removed", &[], &[Remove("/paths/~1groups/get/parameters/0")], &["parameter-removed"]);
    let r = case(
        "parameter-required-changed",
        &[],
        &[Set("/paths/~1groups/get/parameters/0/required", json!(true))],
        &["parameter-required-changed"],
    );
    assert_eq!(r.findings[0].level, Level::Error);
}

#[test]
fn a_request_body_made_optional() {
    let r = case(
        "request-body-required-changed",
        &[],
        &[Set("/paths/~1groups/post/requestBody/required", json!(false))],
        &["request-body-required-changed"],
    );
    assert!(!r.findings[0].breaking, "clients sending a body still work");
}

#[test]
fn a_request_media_type_changed() {
    let r = case(
        "request-media-type-changed",
        &[],
        &[Move(
            "/paths/~1groups/post/requestBody/content/application~1json",
            "/paths/~1groups/post/requestBody/content/application~1xml",
        )],
        &["request-media-type-changed"],
    );
    let f = &r.findings[0];
    assert_eq!(f.upstream.as_ref().unwrap().pointer, "/paths/~1groups/post/consumes");
    assert_eq!(f.ours.as_ref().unwrap().value, json!(["application/xml"]));
}

#[test]
fn a_property_added_to_a_recursive_schema() {
    let r = case(
        "property-added",
        &[],
        &[Set("/components/schemas/Group/properties/description", json!({"type": "string"}))],
        &["property-added"],
    );
    let f = &r.findings[0];
    // Inside a shared schema: no operation, the operations reaching it listed.
    assert_eq!(f.operation, None);
    assert_eq!(f.reached_from.iter().map(|o| o.operation_id.as_deref().unwrap()).collect::<Vec<_>>(), ["get_group"]);
    assert_eq!(f.ours.as_ref().unwrap().pointer, "/components/schemas/Group/properties/description");
    assert_eq!(f.upstream.as_ref().unwrap().pointer, "/definitions/Group/properties");
    assert_eq!((f.direction, f.breaking), (Direction::Response, false));
}

#[test]
fn a_request_property_made_required() {
    let r = case(
        "required-added",
        &[],
        &[Set("/components/schemas/GroupCreateRequest/required/1", json!("type"))],
        &["required-added"],
    );
    let f = &r.findings[0];
    assert_eq!((f.direction, f.level), (Direction::Request, Level::Error));
    assert_eq!(f.ours.as_ref().unwrap().pointer, "/components/schemas/GroupCreateRequest/required/1");
}

#[test]
fn a_required_property_made_optional() {
    let r = case(
        "required-removed",
        &[],
        &[Set("/components/schemas/Group/required", json!(["groupId", "name"]))],
        &["required-removed"],
    );
    assert_eq!((r.findings[0].direction, r.findings[0].level), (Direction::Response, Level::Error));
}

#[test]
fn an_enum_value_removed_from_a_schema_used_both_ways() {
    let r = case("enum-value-removed", &[], &[Remove("/components/schemas/GroupType/enum/1")], &["enum-value-removed"]);
    let f = &r.findings[0];
    assert_eq!(f.upstream.as_ref().unwrap().value, json!("unit"));
    assert_eq!(f.upstream.as_ref().unwrap().pointer, "/definitions/GroupType/enum/1");
    // GroupType is sent by clients (create) and by servers (get): both, and
    // breaking for clients sending the value.
    assert_eq!((f.direction, f.level), (Direction::Both, Level::Error));
    let ops: Vec<_> = f.reached_from.iter().map(|o| o.operation_id.clone().unwrap()).collect();
    assert_eq!(ops, ["create_group", "get_group"]);
}

#[test]
fn an_enum_value_added() {
    let r = case(
        "enum-value-added",
        &[],
        &[Set("/components/schemas/GroupType/enum/4", json!("committee"))],
        &["enum-value-added"],
    );
    // Strict clients reading a group break on the new value.
    assert_eq!((r.findings[0].direction, r.findings[0].level), (Direction::Both, Level::Error));
}

#[test]
fn a_format_added() {
    let r = case(
        "format-changed",
        &[],
        &[Set("/components/schemas/Timestamp/format", json!("int64"))],
        &["format-changed"],
    );
    let f = &r.findings[0];
    assert_eq!(f.ours.as_ref().unwrap().pointer, "/components/schemas/Timestamp/format");
    assert_eq!(f.upstream.as_ref().unwrap().pointer, "/definitions/Timestamp");
    assert!(!f.breaking);
}

#[test]
fn a_property_made_nullable() {
    let r = case(
        "nullable-changed",
        &[],
        &[Set("/components/schemas/Group/properties/name/nullable", json!(true))],
        &["nullable-changed"],
    );
    assert_eq!(r.findings[0].level, Level::Error, "clients reading `name` may now get null");
}

#[test]
fn a_type_changed() {
    case("type-changed", &[], &[Set("/components/schemas/Timestamp/type", json!("string"))], &["type-changed"]);
}

#[test]
fn public_here_authenticated_upstream_and_the_reverse() {
    let r = case("security-public", &[], &[Set("/paths/~1groups/get/security", json!([]))], &["security-changed"]);
    assert_eq!(r.findings[0].upstream.as_ref().unwrap().pointer, "/security");
    assert!(!r.findings[0].breaking);
    let r = case(
        "security-authenticated",
        &[Set("/paths/~1handle_services~1privileges/get/security", json!([]))],
        &[],
        &["security-changed"],
    );
    assert!(r.findings[0].breaking, "anonymous clients lose access");
}

#[test]
fn an_api_key_in_authorization_vs_a_bearer_scheme() {
    let r = case(
        "security-scheme-changed",
        &[],
        &[Set("/components/securitySchemes/api_key2", json!({"type": "http", "scheme": "bearer"}))],
        &["security-scheme-changed"],
    );
    let f = &r.findings[0];
    assert_eq!(
        f.upstream.as_ref().unwrap().value,
        json!({"type": "apiKey", "in": "header", "name": "Authorization", "scheme": null})
    );
    assert_eq!(
        f.ours.as_ref().unwrap().value,
        json!({"type": "http", "in": "header", "name": "Authorization", "scheme": "bearer"})
    );
    assert_eq!(f.reached_from.len(), 4);
}

#[test]
fn privileges_differ() {
    let r = case(
        "privileges-changed",
        &[],
        &[Set("/paths/~1groups~1{id}/get/x-onedata-permissions", json!(["group_view"]))],
        &["privileges-changed"],
    );
    assert_eq!(r.findings[0].level, Level::Warning);
    let r = case(
        "privileges-absent",
        &[],
        &[Remove("/paths/~1handle_services~1privileges/get/x-onedata-permissions")],
        &["privileges-changed"],
    );
    let f = &r.findings[0];
    assert_eq!(f.upstream.as_ref().unwrap().value, json!([]));
    assert_eq!(f.ours.as_ref().unwrap().value, json!(null), "absent is not the same as an empty list");
}

#[test]
fn a_location_header_missing() {
    let r = case(
        "location-header-missing",
        &[],
        &[Remove("/paths/~1groups/post/responses/201/headers")],
        &["response-header-removed"],
    );
    assert_eq!(r.findings[0].upstream.as_ref().unwrap().pointer, "/paths/~1groups/post/responses/201/headers/Location");
    case(
        "location-header-required",
        &[],
        &[Set("/paths/~1groups/post/responses/201/headers/Location/required", json!(true))],
        &["response-header-required-changed"],
    );
}

#[test]
fn a_response_status_missing() {
    case(
        "response-status-removed",
        &[],
        &[Remove("/paths/~1groups~1{id}/get/responses/404")],
        &["response-status-removed"],
    );
    let r = case(
        "response-status-added",
        &[],
        &[Set("/paths/~1groups~1{id}/get/responses/403", json!({"$ref": "#/components/responses/BadRequest"}))],
        &["response-status-added"],
    );
    assert!(!r.findings[0].breaking);
}

#[test]
fn a_response_body_only_we_have() {
    let body = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Group"}}});
    case(
        "response-body-changed",
        &[],
        &[Set("/paths/~1groups/post/responses/201/content", body)],
        &["response-body-changed"],
    );
}

#[test]
fn undeclared_upstream_media_types_are_any() {
    let r = case(
        "response-media-type-undeclared",
        &[Remove("/paths/~1groups~1{id}/get/produces")],
        &[],
        &["response-media-type-changed", "response-media-type-changed", "response-media-type-changed"],
    );
    let f = &r.findings[1];
    assert_eq!(f.upstream.as_ref().unwrap().value, json!(["*/*"]));
    assert_eq!(f.upstream.as_ref().unwrap().pointer, "/paths/~1groups~1{id}/get/responses/400");
    assert_eq!(f.ours.as_ref().unwrap().pointer, "/components/responses/BadRequest/content");
}

#[test]
fn a_schema_renamed_with_the_same_shape_is_no_finding() {
    case(
        "schema-renamed",
        &[],
        &[
            Move("/components/schemas/Group", "/components/schemas/GroupDetails"),
            Set("/components/schemas/GroupDetails/properties/parent/$ref", json!("#/components/schemas/GroupDetails")),
            Set(
                "/paths/~1groups~1{id}/get/responses/200/content/application~1json/schema/$ref",
                json!("#/components/schemas/GroupDetails"),
            ),
        ],
        &[],
    );
}

#[test]
fn an_object_became_a_one_of() {
    let error = json!({"oneOf": [
        {"$ref": "#/components/schemas/ErrorDetails"},
        {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
    ]});
    let r = case("schema-shape-changed", &[], &[Set("/components/schemas/Error", error)], &["schema-shape-changed"]);
    let f = &r.findings[0];
    assert_eq!(f.detail, "object → oneOf");
    assert_eq!(f.reached_from.len(), 3);
}

#[test]
fn request_constraints_tightened() {
    let r = case(
        "min-properties-changed",
        &[],
        &[Set("/components/schemas/GroupCreateRequest/minProperties", json!(1))],
        &["min-properties-changed"],
    );
    assert_eq!((r.findings[0].direction, r.findings[0].level), (Direction::Request, Level::Error));
    case(
        "additional-properties-changed",
        &[],
        &[Set("/components/schemas/GroupCreateRequest/additionalProperties", json!(false))],
        &["additional-properties-changed"],
    );
}

#[test]
fn a_deviation_covers_a_finding_and_another_is_stale() {
    let deviations = Deviations::parse(
        r#"
deviations:
  - id: timestamp-int64
    kind: format-changed
    schema: Timestamp
    ours: [/components/schemas/Timestamp]
    reason: Seconds since the epoch need 64 bits.
  - id: renamed-list
    kinds: [operation-id-changed]
    upstream: [/paths/~1groups/get/operationId]
    reason: Not renamed any more.
"#,
        "deviations.yaml",
    )
    .unwrap();
    let report = drift(
        &[],
        &[
            Set("/components/schemas/Timestamp/format", json!("int64")),
            Remove("/paths/~1handle_services~1privileges/get/x-onedata-permissions"),
        ],
        &deviations,
    );
    let summary: Vec<(&str, bool, Option<&str>)> =
        report.findings.iter().map(|f| (f.kind.as_str(), f.known, f.deviation.as_deref())).collect();
    assert_eq!(summary, [("privileges-changed", false, None), ("format-changed", true, Some("timestamp-int64"))]);
    assert_eq!(report.stale_deviations.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["renamed-list"]);
    assert_eq!(report.exit_code(), 1);
    snapshot("compare/deviations-known-and-stale.json", &report.to_json());
    snapshot("report/deviations-known-and-stale.txt", &report.render_text());

    // Only the covered finding, and no stale entry: exit code 0.
    let only_known = Deviations { entries: deviations.entries[..1].to_vec(), ..deviations.clone() };
    let report = drift(&[], &[Set("/components/schemas/Timestamp/format", json!("int64"))], &only_known);
    assert!(report.findings.iter().all(|f| f.known));
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn diff_reports_a_shared_schema_change_once_for_both_directions() {
    let changes = diff(&[], &[Set("/components/schemas/GroupType/enum/4", json!("committee"))]);
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!((c.kind, c.direction, c.level), (ChangeKind::EnumValueAdded, Direction::Both, Level::Error));
    assert_eq!(c.left.as_ref().unwrap().pointer, "/components/schemas/GroupType/enum");
    assert_eq!(c.right.as_ref().unwrap().pointer, "/components/schemas/GroupType/enum/4");
    assert_eq!(c.reached_from.len(), 2);
}

#[test]
fn one_of_members_are_aligned_by_title() {
    let structured = json!({"title": "Structured", "type": "object", "properties": {"error": {"$ref": "#/components/schemas/ErrorDetails"}}});
    let legacy = json!({"title": "Legacy", "type": "object", "properties": {"error": {"type": "string"}}});
    let oauth = json!({"title": "OAuth", "type": "object", "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}}});
    let changes = diff(
        &[Set("/components/schemas/Error", json!({"oneOf": [structured.clone(), legacy.clone()]}))],
        &[Set("/components/schemas/Error", json!({"oneOf": [legacy, oauth, structured]}))],
    );
    let kinds: Vec<_> = changes.iter().map(|c| (c.kind, c.right.as_ref().map(|s| s.pointer.as_str()))).collect();
    assert_eq!(kinds, [(ChangeKind::MemberAdded, Some("/components/schemas/Error/oneOf/1"))]);
    assert_eq!(changes[0].level, Level::Error, "a response may now hold a shape clients do not know");
}

#[test]
fn one_of_members_are_aligned_by_their_tag_value() {
    let variant = |tag: &str, extra: Option<&str>| {
        let mut properties = json!({"type": {"type": "string", "enum": [tag]}, "host": {"type": "string"}});
        if let Some(name) = extra {
            properties[name] = json!({"type": "boolean"});
        }
        json!({"type": "object", "required": ["type"], "properties": properties})
    };
    let changes = diff(
        &[Set(
            "/components/schemas/GroupCreateRequest/properties/props",
            json!({"oneOf": [variant("DOI", None), variant("PID", None)]}),
        )],
        &[Set(
            "/components/schemas/GroupCreateRequest/properties/props",
            json!({"oneOf": [variant("PID", Some("autoSuffix")), variant("DOI", None)]}),
        )],
    );
    let found: Vec<_> = changes.iter().map(|c| (c.kind, c.right.as_ref().unwrap().pointer.as_str())).collect();
    assert_eq!(
        found,
        [(
            ChangeKind::PropertyAdded,
            "/components/schemas/GroupCreateRequest/properties/props/oneOf/0/properties/autoSuffix"
        )]
    );
}

#[test]
fn every_kind_has_a_grading_rule_in_both_directions() {
    // Spot checks of the oasdiff-style table on the variants' docs.
    let req = drift(
        &[],
        &[Set("/components/schemas/GroupCreateRequest/properties/extra", json!({"type": "string"}))],
        &Deviations::none(),
    );
    assert_eq!((req.findings[0].kind, req.findings[0].breaking), (ChangeKind::PropertyAdded, false));
    let req = drift(
        &[],
        &[
            Set("/components/schemas/GroupCreateRequest/properties/extra", json!({"type": "string"})),
            Set("/components/schemas/GroupCreateRequest/required/1", json!("extra")),
        ],
        &Deviations::none(),
    );
    assert_eq!((req.findings[0].kind, req.findings[0].level), (ChangeKind::PropertyAdded, Level::Error));
    let resp = drift(&[], &[Remove("/components/schemas/Group/properties/name")], &Deviations::none());
    assert_eq!((resp.findings[0].kind, resp.findings[0].level), (ChangeKind::PropertyRemoved, Level::Error));
}
