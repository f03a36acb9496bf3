//! The importer: one fixture per conversion and per repair rule
//! (`tests/fixtures/import`), each with its snapshot (`tests/output/import`:
//! the repairs as comments, then the OpenAPI document); located errors for
//! what no rule repairs; and faithfulness: every imported document, read
//! back as OpenAPI and compared with its upstream, differs only where a
//! repair says it does.

use onezone_upstream::{
    Api, Document, Imported, MemorySource, RuleId, Scope, compare, import, pointer, read_openapi, read_swagger,
};
use serde_json::{Value, json};

use crate::{fixture_text, fixture_tree, snapshot};

fn read_fixture(rel: &str) -> Document {
    let name = rel.rsplit('/').next().unwrap();
    read_swagger(&MemorySource::new().with(name, fixture_text(rel)), name).unwrap()
}

/// The snapshot text: the repairs, then the document as YAML.
fn render(imported: &Imported) -> String {
    let mut out = String::new();
    for r in &imported.repairs {
        out.push_str(&format!("# repair {r}\n#   → {}\n", r.output_pointer));
    }
    out + &serde_yaml_ng::to_string(&imported.document).unwrap()
}

/// Reads the imported document back as OpenAPI and compares it with its
/// upstream: every finding must lie under a repair's upstream pointer or
/// under its output pointer. Returns how many findings there were.
fn assert_faithful(upstream: &Document, imported: &Imported, scope: &Scope) -> usize {
    let text = serde_json::to_string(&imported.document).unwrap();
    let ours = read_openapi(&MemorySource::new().with("imported.json", text), "imported.json").unwrap();
    let left = Api::from_document(upstream, scope).unwrap();
    let right = Api::from_document(&ours, scope).unwrap();
    let findings = compare(&left, &right, scope);
    for f in &findings {
        let explained = imported.repairs.iter().any(|r| {
            f.left.as_ref().is_some_and(|s| pointer::is_prefix(&r.upstream_pointer, &s.pointer))
                || f.right.as_ref().is_some_and(|s| pointer::is_prefix(&r.output_pointer, &s.pointer))
        });
        assert!(explained, "a difference no repair explains: {f:#?}\nrepairs: {:#?}", imported.repairs);
    }
    findings.len()
}

/// Imports a fixture file with `scope`, checks its snapshot and that it is
/// faithful.
fn case(name: &str, scope: &Scope) -> Imported {
    let upstream = read_fixture(&format!("import/{name}.yaml"));
    let imported = import(&upstream, scope).unwrap();
    snapshot(&format!("import/{name}.yaml"), &render(&imported));
    assert_faithful(&upstream, &imported, scope);
    imported
}

fn at<'v>(imported: &'v Imported, pointer: &str) -> &'v Value {
    imported.document.pointer(pointer).unwrap_or_else(|| panic!("no {pointer} in {:#}", imported.document))
}

fn rules(imported: &Imported) -> Vec<(RuleId, &str)> {
    imported.repairs.iter().map(|r| (r.rule, r.upstream_pointer.as_str())).collect()
}

// ---------------------------------------------------------------------------
// Conversions

#[test]
fn the_document_level_converts() {
    let im = case("conversion-document", &Scope::all());
    assert!(im.repairs.is_empty(), "{:#?}", im.repairs);
    assert_eq!(at(&im, "/openapi"), "3.0.3");
    assert_eq!(at(&im, "/info/version"), "2.5");
    assert_eq!(
        at(&im, "/servers"),
        &json!([{"url": "https://zone.example.com/api/v3/onezone"}, {"url": "http://zone.example.com/api/v3/onezone"}])
    );
    assert_eq!(at(&im, "/tags"), &json!([{"name": "Thing", "description": "Things."}]));
    assert_eq!(
        at(&im, "/components/securitySchemes"),
        &json!({
            "basic": {"type": "http", "scheme": "basic", "description": "Basic credentials."},
            "api_key1": {"type": "apiKey", "name": "X-Auth-Token", "in": "header"},
            "api_key2": {"type": "apiKey", "name": "Authorization", "in": "header"},
            "oauth": {"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://example.com/authorize",
                "tokenUrl": "https://example.com/token",
                "scopes": {"read": "Read things."}}}}
        })
    );
    assert_eq!(at(&im, "/security"), &json!([{"basic": []}, {"api_key1": []}, {"api_key2": []}]));
    assert_eq!(at(&im, "/paths/~1things/post/security"), &json!([{"oauth": ["read"]}]));
    let list = at(&im, "/paths/~1things/get").as_object().unwrap();
    let extensions: Vec<&str> = list.keys().filter(|k| k.starts_with("x-")).map(String::as_str).collect();
    assert_eq!(extensions, ["x-onedata-permissions", "x-code-samples"]);
    assert!(at(&im, "/paths/~1things").get("x-onedata-gri").is_none());
    assert!(at(&im, "/paths").get("x-path-note").is_none());
    assert!(im.document.get("x-tagGroups").is_some() && at(&im, "/info").get("x-logo").is_some());
    assert_eq!((im.operations, im.schemas), (2, 0));
}

#[test]
fn parameters_get_a_schema_and_a_style() {
    let im = case("conversion-parameters", &Scope::all());
    let params = at(&im, "/paths/~1things~1{id}~1parts/get/parameters").as_array().unwrap();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["id", "X-Trace", "limit", "tags", "ids", "words", "codes", "matrix"]);
    assert_eq!(
        params[0],
        json!({"name": "id", "in": "path", "description": "Path-level, merged into both operations.",
               "required": true, "schema": {"type": "string"}})
    );
    assert_eq!(params[1]["description"], "Operation-level, replaces the path-level one.");
    assert_eq!(params[1]["schema"], json!({"type": "string", "nullable": true}));
    assert_eq!(
        params[2]["schema"],
        json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "default": 100})
    );
    let style = |i: usize| (params[i].get("style").cloned(), params[i].get("explode").cloned());
    assert_eq!(style(3), (Some(json!("form")), Some(json!(false))));
    assert_eq!(style(4), (Some(json!("form")), Some(json!(true))));
    assert_eq!(style(5), (Some(json!("spaceDelimited")), Some(json!(false))));
    assert_eq!(style(6), (Some(json!("pipeDelimited")), Some(json!(false))));
    assert_eq!(style(7), (None, None));
    assert_eq!(params[3]["schema"], json!({"type": "array", "items": {"type": "string", "enum": ["red", "green"]}}));
    assert_eq!(params[7]["x-example"], json!([[1, 2]]));
    let delete = at(&im, "/paths/~1things~1{id}~1parts/delete/parameters").as_array().unwrap();
    assert_eq!(delete.len(), 2, "the path-level parameters only");
}

#[test]
fn bodies_become_content_per_media_type() {
    let im = case("conversion-bodies", &Scope::all());
    assert_eq!(
        at(&im, "/paths/~1things/post/requestBody"),
        &json!({"description": "The new thing.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                            "application/yaml": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                "required": true})
    );
    assert!(at(&im, "/paths/~1things~1{id}/put/requestBody").get("required").is_none());
    assert_eq!(
        at(&im, "/paths/~1things/post/responses/201/headers"),
        &json!({"Location": {"description": "Where the new thing is.", "schema": {"type": "string", "format": "uri"}},
                "X-Count": {"schema": {"type": "array", "items": {"type": "integer"}}}})
    );
    assert_eq!(
        at(&im, "/paths/~1things/post/responses/404"),
        &json!({"description": "Not found.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    );
    let content = at(&im, "/paths/~1things~1{id}/put/responses/200/content").as_object().unwrap();
    let types: Vec<&str> = content.keys().map(String::as_str).collect();
    assert_eq!(types, ["application/json", "text/plain"], "no media type for an example alone");
    assert_eq!(content["application/json"]["example"], json!({"name": "first"}));
    assert!(content["text/plain"].get("example").is_none());
}

#[test]
fn schemas_move_to_components_with_their_references() {
    let im = case("conversion-schemas", &Scope::all());
    let names: Vec<&str> = at(&im, "/components/schemas").as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["Pet", "Cat", "Owner", "Tag"]);
    assert_eq!(at(&im, "/paths/~1pets/get/responses/200/content/application~1json/schema/items/$ref"), {
        "#/components/schemas/Pet"
    });
    let pet = at(&im, "/components/schemas/Pet");
    assert_eq!(pet["discriminator"], json!({"propertyName": "petType"}));
    assert_eq!(pet["properties"]["name"], json!({"type": "string", "nullable": true}));
    assert_eq!(
        pet["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner", "description": "A sibling of a reference, kept as written."})
    );
    assert_eq!(pet["properties"]["tags"]["additionalProperties"]["items"]["$ref"], "#/components/schemas/Tag");
    assert_eq!(pet["properties"]["x-rating"], json!({"type": "integer", "readOnly": true}));
    assert_eq!(pet["example"]["x-nullable"], "an example value, kept");
    assert!(pet.get("x-onedata-oneof").is_none() && pet["properties"]["petType"].get("x-discriminator").is_none());
    assert_eq!(at(&im, "/components/schemas/Cat/allOf/0"), &json!({"$ref": "#/components/schemas/Pet"}));
    assert_eq!(at(&im, "/components/schemas/Owner/nullable"), true);
    assert_eq!(at(&im, "/components/schemas/Tag"), &json!({"type": "string"}));
}

#[test]
fn a_tree_is_imported_and_its_repairs_name_their_files() {
    // Its `/groups/{id}/users` answers a file, outside the default scope.
    let scope = Scope::handle_services_and_groups();
    let upstream = read_swagger(&fixture_tree("tree"), "index.yaml").unwrap();
    let imported = import(&upstream, &scope).unwrap();
    snapshot("import/tree.yaml", &render(&imported));
    assert_faithful(&upstream, &imported, &scope);
    // `consumes` is declared at the root, `produces` on the GETs only.
    let media: Vec<String> = imported
        .repairs
        .iter()
        .filter(|r| r.rule == RuleId::MediaTypeAny)
        .map(|r| format!("{} {}", r.upstream_pointer, r.upstream))
        .collect();
    assert_eq!(
        media,
        [
            "/paths/~1groups/post/responses paths/groups.yaml#/post/responses",
            "/paths/~1groups~1{id}/patch/responses paths/groups/id.yaml#/patch/responses",
        ]
    );
    assert_eq!(imported.document.pointer("/servers/0/url"), Some(&json!("/api/v3/onezone")));
}

#[test]
fn a_scope_keeps_what_its_operations_reach() {
    let scope = Scope::parse("/groups,/groups/{id}/caveats").unwrap();
    let upstream = read_fixture("import/scope.yaml");
    let im = import(&upstream, &scope).unwrap();
    snapshot("import/scope.yaml", &render(&im));
    assert_faithful(&upstream, &im, &scope);
    let paths: Vec<&str> = at(&im, "/paths").as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(paths, ["/groups", "/groups/{id}/caveats"]);
    // GroupId through Groups; `time` as a variant of the reached Caveat;
    // Timestamp through `time`. Spaces is not reached.
    let names: Vec<&str> = at(&im, "/components/schemas").as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["Groups", "GroupId", "Caveat", "time", "Timestamp"]);
    assert_eq!(at(&im, "/tags"), &json!([{"name": "Group"}]));
    assert_eq!((im.operations, im.schemas), (2, 5));
}

// ---------------------------------------------------------------------------
// Repair rules

#[test]
fn media_type_any_makes_undeclared_bodies_json() {
    let im = case("media-type-any", &Scope::all());
    assert_eq!(
        rules(&im),
        [
            (RuleId::MediaTypeAny, "/paths/~1things/post/parameters/0"),
            (RuleId::MediaTypeAny, "/paths/~1things/post/responses"),
            (RuleId::MediaTypeAny, "/paths/~1things~1{id}/delete/responses"),
        ]
    );
    assert!(im.repairs[1].detail.contains("responses 400, 500 are application/json"), "{}", im.repairs[1].detail);
    let types = |p: &str| -> Vec<String> { at(&im, p).as_object().unwrap().keys().cloned().collect() };
    assert_eq!(types("/paths/~1things/post/requestBody/content"), ["application/json"]);
    assert_eq!(types("/paths/~1things/post/responses/400/content"), ["application/json"]);
    assert_eq!(types("/paths/~1things~1{id}/delete/responses/404/content"), ["application/json"]);
    assert!(at(&im, "/paths/~1things/post/responses/201").get("content").is_none());
    assert!(at(&im, "/paths/~1things~1{id}/put/responses/204").get("content").is_none());
}

#[test]
fn error_bodies_of_operations_producing_no_json_are_json() {
    let im = case("error-body-media-type", &Scope::all());
    assert_eq!(
        rules(&im),
        [
            (RuleId::ErrorBodyMediaType, "/paths/~1picture/get/responses/500"),
            (RuleId::ErrorBodyMediaType, "/paths/~1picture/get/responses/default"),
        ]
    );
    assert!(
        im.repairs[0]
            .detail
            .contains("produces image/png, no JSON: the body of error response 500 is application/json"),
        "{}",
        im.repairs[0].detail
    );
    let types = |p: &str| -> Vec<String> { at(&im, p).as_object().unwrap().keys().cloned().collect() };
    assert_eq!(types("/paths/~1picture/get/responses/200/content"), ["image/png"]);
    assert_eq!(types("/paths/~1picture/get/responses/500/content"), ["application/json"]);
    assert_eq!(types("/paths/~1picture/get/responses/default/content"), ["application/json"]);
    assert!(at(&im, "/paths/~1picture/get/responses/404").get("content").is_none());
    // `+json` is JSON: declared types stay.
    assert_eq!(types("/paths/~1report/get/responses/400/content"), ["text/plain", "application/problem+json"]);
}

#[test]
fn examples_a_validator_refuses_are_left_out() {
    let scope = Scope::parse("/services/{id}").unwrap();
    let upstream = read_fixture("import/example-breaks-schema.yaml");
    let mut im = import(&upstream, &scope).unwrap();
    assert!(im.repairs.is_empty(), "{:#?}", im.repairs);
    let prop = "/components/schemas/Service/properties/prefix/example";
    let whole = "/components/schemas/Service/example";
    let response = "/paths/~1services~1{id}/get/responses/200/content/application~1json/example";
    let dropped = im.drop_broken_examples([
        (prop, "the value must be a string"),
        (response, "`prefix` must be a string"),
        (whole, "`prefix` must be a string"),
        (whole, "a second reason"),
        // Not an example: ignored, and the node stays.
        ("/components/schemas/Service/properties/name", "not about an example"),
        // Out of scope: `Unused` is not in the document.
        ("/components/schemas/Unused/example", "the value must be a string"),
    ]);
    assert_eq!(dropped, 3);
    snapshot("import/example-breaks-schema.yaml", &render(&im));
    assert_faithful(&upstream, &im, &scope);
    // In document order: the response, then the schema and its property.
    assert_eq!(
        rules(&im),
        [
            (RuleId::ExampleBreaksSchema, "/paths/~1services~1{id}/get/responses/200/examples/application~1json"),
            (RuleId::ExampleBreaksSchema, "/definitions/Service/properties/prefix/example"),
            (RuleId::ExampleBreaksSchema, "/definitions/Service/example"),
        ]
    );
    assert_eq!(im.repairs[2].detail, "left out: `prefix` must be a string; a second reason");
    assert_eq!(im.repairs[0].output_pointer, response);
    for gone in [prop, whole, response] {
        assert!(im.document.pointer(gone).is_none(), "{gone} is still there");
    }
    assert_eq!(at(&im, "/components/schemas/Service/properties/name/example"), "archive");
    assert!(at(&im, "/components/schemas/Service/properties/name").is_object());
    // Applying the same findings again changes nothing.
    assert_eq!(im.drop_broken_examples([(prop, "again")]), 0);
    assert_eq!(im.repairs.len(), 3);
}

#[test]
fn duplicate_operation_ids_are_renamed_from_their_paths() {
    let im = case("duplicate-operation-id", &Scope::all());
    let id = |p: &str| at(&im, &format!("{p}/operationId")).as_str().unwrap().to_owned();
    assert_eq!(id("/paths/~1handle_services~1{id}~1users~1{uid}~1privileges/patch"), {
        "update_user_handle_service_privileges"
    });
    assert_eq!(id("/paths/~1handle_services~1{id}~1groups~1{gid}~1privileges/patch"), {
        "update_group_handle_service_privileges"
    });
    assert_eq!((id("/paths/~1a~1{id}/get"), id("/paths/~1b~1{id}/get")), ("getThing".into(), "getThing_b".into()));
    assert_eq!((id("/paths/~1things/get"), id("/paths/~1things/post")), ("things".into(), "things_post".into()));
    // The swap would give list_user_members, which another operation has.
    assert_eq!(id("/paths/~1spaces~1{id}~1users/get"), "list_group_members_user");
    assert_eq!(id("/paths/~1spaces~1{id}~1groups/get"), "list_group_members");
    assert_eq!(im.counts().get(&RuleId::DuplicateOperationId), Some(&4));
    let first = &im.repairs[0];
    assert_eq!(first.upstream_pointer, "/paths/~1handle_services~1{id}~1users~1{uid}~1privileges/patch/operationId");
    assert!(first.detail.contains("PATCH /handle_services/{id}/groups/{gid}/privileges"), "{}", first.detail);
}

#[test]
fn a_duplicate_keeps_its_new_id_whatever_the_scope() {
    let upstream = read_fixture("import/duplicate-operation-id.yaml");
    let scope = Scope::parse("/handle_services/{id}/users/**").unwrap();
    let im = import(&upstream, &scope).unwrap();
    assert_eq!(
        at(&im, "/paths/~1handle_services~1{id}~1users~1{uid}~1privileges/patch/operationId"),
        "update_user_handle_service_privileges"
    );
    assert_eq!(im.repairs.len(), 1);
}

#[test]
fn public_operations_get_empty_security() {
    let im = case("public-operation-security", &Scope::all());
    assert_eq!(
        rules(&im),
        [
            (RuleId::PublicOperationSecurity, "/paths/~1things~1{id}~1public/get"),
            (RuleId::PublicOperationSecurity, "/paths/~1things~1privileges/get"),
            (RuleId::PublicOperationSecurity, "/paths/~1things~1check/post"),
        ]
    );
    for p in ["/paths/~1things~1{id}~1public/get", "/paths/~1things~1privileges/get", "/paths/~1things~1check/post"] {
        assert_eq!(at(&im, &format!("{p}/security")), &json!([]), "{p}");
    }
    assert_eq!(at(&im, "/paths/~1things~1secret/get/security"), &json!([{"basic": []}]));
    assert!(at(&im, "/paths/~1things/get").get("security").is_none());
    assert!(im.repairs[0].detail.contains("x-onedata-gri"), "{}", im.repairs[0].detail);
    assert!(im.repairs[2].detail.contains("summary"), "{}", im.repairs[2].detail);
}

#[test]
fn required_names_without_a_property_are_dropped() {
    let im = case("required-without-property", &Scope::all());
    assert_eq!(
        rules(&im),
        [
            (RuleId::RequiredWithoutProperty, "/paths/~1caveats/get/responses/200/schema/required"),
            (RuleId::RequiredWithoutProperty, "/definitions/HarvesterIndices/required"),
            (RuleId::RequiredWithoutProperty, "/definitions/Caveat/required"),
            (RuleId::RequiredWithoutProperty, "/definitions/time/required"),
            (RuleId::RequiredWithoutProperty, "/definitions/Empty/required"),
        ]
    );
    assert_eq!(
        at(&im, "/paths/~1caveats/get/responses/200/content/application~1json/schema/required"),
        &json!(["caveats"])
    );
    assert!(at(&im, "/components/schemas/HarvesterIndices").get("required").is_none());
    assert_eq!(at(&im, "/components/schemas/Caveat/required"), &json!(["type"]));
    // `type` comes from Caveat and `validUntil` from the inline member.
    assert_eq!(at(&im, "/components/schemas/time/required"), &json!(["type", "validUntil"]));
    assert!(at(&im, "/components/schemas/Empty").get("required").is_none());
    assert!(im.repairs[1].detail.contains("`indices`"), "{}", im.repairs[1].detail);
    assert_eq!(
        im.repairs[0].output_pointer,
        "/paths/~1caveats/get/responses/200/content/application~1json/schema/required"
    );
}

#[test]
fn schema_names_that_are_no_identifiers_are_renamed() {
    let im = case("schema-name-not-identifier", &Scope::all());
    let names: Vec<&str> = at(&im, "/components/schemas").as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["Caveat", "geo_country", "country_code", "Schema_2fa"]);
    assert_eq!(
        at(&im, "/paths/~1second-factor/get/responses/200/content/application~1json/schema/$ref"),
        "#/components/schemas/Schema_2fa"
    );
    assert_eq!(at(&im, "/components/schemas/geo_country/allOf/1/properties/list/items/$ref"), {
        "#/components/schemas/country_code"
    });
    assert_eq!(at(&im, "/components/schemas/Schema_2fa/properties/code/$ref"), "#/components/schemas/country_code");
    assert_eq!(
        at(&im, "/components/schemas/Caveat/discriminator"),
        &json!({"propertyName": "type", "mapping": {"geo.country": "#/components/schemas/geo_country"}})
    );
    let renamed: Vec<&str> = im
        .repairs
        .iter()
        .filter(|r| r.rule == RuleId::SchemaNameNotIdentifier)
        .map(|r| r.upstream_pointer.as_str())
        .collect();
    assert_eq!(renamed, ["/definitions/geo.country", "/definitions/country code", "/definitions/2fa"]);
}

#[test]
fn a_renamed_schema_may_not_take_a_name() {
    let text = fixture_text("import/schema-name-not-identifier.yaml");
    let doc = |extra: &str| {
        let text = text.replace("  2fa:", &format!("  {extra}:\n    type: string\n  2fa:"));
        read_swagger(&MemorySource::new().with("s.yaml", text), "s.yaml").unwrap()
    };
    let e = import(&doc("country-code"), &Scope::all()).unwrap_err();
    assert_eq!(e.diagnostics()[0].pointer, "/definitions/country-code", "{e}");
    assert!(e.to_string().contains("`country_code` is also the identifier form of `country code`"), "{e}");
    let e = import(&doc("geo_country"), &Scope::all()).unwrap_err();
    assert_eq!(e.diagnostics()[0].pointer, "/definitions/geo.country", "{e}");
    assert!(e.to_string().contains("`geo_country` is the name of the definition `geo_country`"), "{e}");
}

#[test]
fn discriminated_variants_get_mapping_entries() {
    let im = case("discriminator-mapping", &Scope::all());
    assert_eq!(
        at(&im, "/components/schemas/HandleServiceProperties/discriminator"),
        &json!({"propertyName": "type", "mapping": {
            "DOI": "#/components/schemas/DOIServiceProperties",
            "PID": "#/components/schemas/PIDServiceProperties"}})
    );
    assert_eq!(
        rules(&im),
        [
            (RuleId::DiscriminatorMapping, "/definitions/DOIServiceProperties/allOf/1/x-discriminator-value"),
            (RuleId::DiscriminatorMapping, "/definitions/PIDServiceProperties/x-discriminator-value"),
        ]
    );
    assert!(at(&im, "/components/schemas/PIDServiceProperties").get("x-discriminator-value").is_none());
    assert_eq!(im.repairs[0].output_pointer, "/components/schemas/HandleServiceProperties/discriminator/mapping/DOI");
}

#[test]
fn keys_that_are_no_schema_keyword_are_left_out() {
    let im = case("unknown-schema-keyword", &Scope::all());
    assert_eq!(
        rules(&im),
        [
            (RuleId::UnknownSchemaKeyword, "/paths/~1things/get/responses/200/schema"),
            (RuleId::UnknownSchemaKeyword, "/definitions/Thing"),
        ]
    );
    assert!(im.repairs[1].detail.starts_with("`in`, `propertes`: "), "{}", im.repairs[1].detail);
    assert_eq!(
        at(&im, "/components/schemas/Thing"),
        &json!({"type": "object", "properties": {"in": {"type": "string"}}, "x-kept": "an extension stays"})
    );
}

#[test]
fn enum_values_not_of_the_type_are_dropped() {
    let im = case("enum-value-not-of-type", &Scope::all());
    assert_eq!(
        rules(&im),
        [
            (RuleId::EnumValueNotOfType, "/definitions/TokenType/properties/level/enum"),
            (RuleId::EnumValueNotOfType, "/definitions/TokenType/enum"),
        ]
    );
    let token = at(&im, "/components/schemas/TokenType");
    assert!(token.get("enum").is_none());
    assert_eq!(token["properties"]["level"]["enum"], json!([1, 2]));
    assert_eq!(token["properties"]["colour"]["enum"], json!(["red", null]));
    assert_eq!(token["properties"]["anything"]["enum"], json!([1, "a", null]));
    assert!(im.repairs[1].detail.contains("the `enum` is left out"), "{}", im.repairs[1].detail);
}

// ---------------------------------------------------------------------------
// What no rule repairs

/// The error of importing `text` (YAML) with every path in scope.
fn refused(text: &str) -> onezone_upstream::Error {
    let doc = read_swagger(&MemorySource::new().with("u.yaml", text), "u.yaml").unwrap();
    import(&doc, &Scope::all()).unwrap_err()
}

const HEAD: &str = "swagger: '2.0'\ninfo:\n  title: t\n  version: '1'\n";

#[test]
fn what_no_rule_repairs_is_a_located_error() {
    let cases = [
        (
            "paths:\n  /f:\n    get:\n      responses:\n        '200':\n          description: A file.\n          schema:\n            type: file\n",
            "/paths/~1f/get/responses/200/schema/type",
            "`type: file`",
        ),
        (
            "paths:\n  /f:\n    post:\n      parameters:\n        - {name: f, in: formData, type: string}\n      responses:\n        '204': {description: Sent.}\n",
            "/paths/~1f/post/parameters/0/in",
            "`in: formData`",
        ),
        (
            "paths:\n  /f:\n    get:\n      parameters:\n        - {name: q, in: query, type: array, collectionFormat: tsv, items: {type: string}}\n      responses:\n        '204': {description: Done.}\n",
            "/paths/~1f/get/parameters/0/collectionFormat",
            "`collectionFormat: tsv` in a query parameter has no OpenAPI 3 form",
        ),
        (
            "paths: {}\ndefinitions:\n  Unreached:\n    properties:\n      upload:\n        type: file\n",
            "/definitions/Unreached/properties/upload/type",
            "`type: file`",
        ),
        (
            "paths: {}\ndefinitions:\n  A:\n    properties:\n      b:\n        $ref: '#/paths'\n",
            "/definitions/A/properties/b/$ref",
            "must name a definition",
        ),
        (
            "paths: {}\ndefinitions:\n  A:\n    type: object\n    x-nullable: 'yes'\n",
            "/definitions/A/x-nullable",
            "`x-nullable` must be a boolean",
        ),
        (
            "paths: {}\ndefinitions:\n  A:\n    discriminator: [type]\n",
            "/definitions/A/discriminator",
            "`discriminator` must be a property name",
        ),
        (
            "paths: {}\ndefinitions:\n  A:\n    type: object\n    example:\n      $ref: '#/info'\n",
            "/definitions/A/example/$ref",
            "only a reference to a definition can be carried over here",
        ),
        (
            "paths: {}\nsecurityDefinitions:\n  s:\n    type: mutualTLS\n",
            "/securityDefinitions/s/type",
            "security scheme type `mutualTLS`",
        ),
        (
            "paths:\n  /a:\n    post:\n      parameters:\n        - {name: a, in: body, schema: {type: object}}\n        - {name: b, in: body, schema: {type: object}}\n      responses:\n        '204': {description: Done.}\n",
            "/paths/~1a/post/parameters/1",
            "",
        ),
    ];
    for (body, pointer, message) in cases {
        let e = refused(&format!("{HEAD}{body}"));
        assert_eq!(e.file(), "u.yaml", "{e}");
        assert_eq!(e.diagnostics()[0].pointer, pointer, "{e}");
        assert!(e.to_string().contains(message), "{e}");
    }
}

#[test]
fn an_error_in_a_tree_names_its_file() {
    let mut tree = fixture_tree("tree");
    let text = tree.files()["definitions/groups.yaml"].replace("type: string", "type: file");
    tree.insert("definitions/groups.yaml", text);
    let doc = read_swagger(&tree, "index.yaml").unwrap();
    let e = import(&doc, &Scope::handle_services_and_groups()).unwrap_err();
    assert_eq!(
        (e.file(), e.diagnostics()[0].pointer.as_str()),
        ("definitions/groups.yaml", "/properties/groups/items/type")
    );
}

#[test]
fn an_openapi_document_is_not_imported() {
    let doc = read_openapi(&MemorySource::new().with("o.yaml", fixture_text("compare/ours.yaml")), "o.yaml").unwrap();
    let e = import(&doc, &Scope::all()).unwrap_err();
    assert_eq!(e.diagnostics()[0].pointer, "/openapi");
    assert!(e.to_string().contains("reads Swagger 2.0"), "{e}");
}

// ---------------------------------------------------------------------------
// Round trip

#[test]
fn the_comparison_fixture_imports_without_finding_declaring_its_tags() {
    let upstream = read_swagger(
        &MemorySource::new().with("upstream.yaml", fixture_text("compare/upstream.yaml")),
        "upstream.yaml",
    )
    .unwrap();
    for scope in [Scope::handle_services_and_groups(), Scope::all()] {
        let imported = import(&upstream, &scope).unwrap();
        // It declares no tag; its operations use two.
        assert_eq!(
            rules(&imported),
            [
                (RuleId::UndeclaredTag, "/paths/~1groups/get/tags"),
                (RuleId::UndeclaredTag, "/paths/~1handle_services~1privileges/get/tags")
            ],
            "{:#?}",
            imported.repairs
        );
        assert_eq!(at(&imported, "/tags"), &json!([{"name": "Group"}, {"name": "Handle Service"}]));
        assert_eq!(assert_faithful(&upstream, &imported, &scope), 0);
    }
}

#[test]
fn the_crate_documentation_lists_every_rule() {
    let lib = std::fs::read_to_string(crate::tests_dir().join("../src/lib.rs")).unwrap();
    for rule in RuleId::ALL {
        assert!(lib.contains(&format!("`{rule}`")), "src/lib.rs does not document `{rule}`");
        assert_eq!(RuleId::parse(rule.as_str()), Some(rule));
    }
}

/// An exported onezone-swagger tree named by `ONEZONE_SWAGGER` (upstream's
/// text is never committed here), imported in our scope and whole: faithful
/// up to its repairs. `ONEZONE_SWAGGER=… cargo test -p onezone-upstream -- --ignored`.
#[test]
#[ignore = "needs ONEZONE_SWAGGER=<an exported onezone-swagger tree>"]
fn an_upstream_tree_imports_faithfully() {
    let dir = std::path::PathBuf::from(std::env::var("ONEZONE_SWAGGER").expect("ONEZONE_SWAGGER names a tree"));
    let mut source = MemorySource::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path.strip_prefix(&dir).unwrap().to_str().unwrap().replace('\\', "/");
                source.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let upstream = read_swagger(&source, "index.yaml").unwrap();
    for scope in [Scope::handle_services_and_groups(), Scope::all()] {
        let imported = import(&upstream, &scope).unwrap();
        let findings = assert_faithful(&upstream, &imported, &scope);
        eprintln!(
            "{} in scope {scope}: {} operations, {} schemas, {} repairs {:?}, {findings} findings, all under a repair",
            dir.display(),
            imported.operations,
            imported.schemas,
            imported.repairs.len(),
            imported.counts()
        );
    }
}
