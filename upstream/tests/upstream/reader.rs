//! The reader: Swagger trees and single files, located errors.

use onezone_upstream::{
    Api, Dialect, Error, Location, MAX_REFERENCE_DEPTH, MemorySource, Method, OpKey, Scope, Source, compare,
    read_document, read_openapi, read_swagger,
};
use serde_json::json;

use crate::{fixture_tree, snapshot};

fn tree() -> onezone_upstream::Document {
    read_swagger(&fixture_tree("tree"), "index.yaml").unwrap()
}

fn key(method: Method, path: &str) -> OpKey {
    OpKey { path: onezone_upstream::normalize_path(path), method }
}

const SWAGGER_HEAD: &str = "swagger: '2.0'\ninfo:\n  title: t\n  version: '1'\n";

#[test]
fn a_tree_is_bundled_with_local_references_kept() {
    let doc = tree();
    assert_eq!(doc.dialect, Dialect::Swagger2);
    assert_eq!(doc.version.as_deref(), Some("21.02.7-fixture"));
    let mut files = doc.files.clone();
    files.sort();
    assert_eq!(
        files,
        [
            "common/parameters.yaml",
            "common/responses.yaml",
            "definitions/error.yaml",
            "definitions/group.yaml",
            "definitions/groupcreaterequest.yaml",
            "definitions/groups.yaml",
            "definitions/grouptype.yaml",
            "definitions/index.yaml",
            "definitions/timestamp.yaml",
            "index.yaml",
            "info.yaml",
            "paths/groups.yaml",
            "paths/groups/id.yaml",
            "paths/groups/id/users.yaml",
            "paths/handle_services/id/public.yaml",
            "paths/index.yaml",
        ]
    );
    let v = &doc.value;
    // A `file#/fragment` reference from a path file, `../` included.
    assert_eq!(v.pointer("/paths/~1groups/get/responses/400/description"), Some(&json!("Error.")));
    // `#/definitions/...` written in a path file or a shared file stays a reference to the root's definitions.
    assert_eq!(v.pointer("/paths/~1groups/get/responses/400/schema"), Some(&json!({"$ref": "#/definitions/Error"})));
    assert_eq!(v.pointer("/paths/~1groups/get/responses/200/schema"), Some(&json!({"$ref": "#/definitions/Groups"})));
    // The recursive schema is kept as a reference, not expanded.
    assert_eq!(v.pointer("/definitions/Group/properties/parent"), Some(&json!({"$ref": "#/definitions/Group"})));
    assert_eq!(v.pointer("/paths/~1groups~1{id}/parameters/0/name"), Some(&json!("id")));
}

#[test]
fn bundle_pointers_are_located_in_their_files() {
    let doc = tree();
    let at = |file: &str, pointer: &str| Location { file: file.into(), pointer: pointer.into() };
    assert_eq!(doc.locate("/swagger"), at("index.yaml", "/swagger"));
    assert_eq!(doc.locate("/info/version"), at("info.yaml", "/version"));
    assert_eq!(doc.locate("/paths/~1groups~1{id}/get/operationId"), at("paths/groups/id.yaml", "/get/operationId"));
    assert_eq!(
        doc.locate("/paths/~1groups~1{id}/get/responses/404/schema"),
        at("common/responses.yaml", "/error/schema")
    );
    assert_eq!(doc.locate("/paths/~1groups~1{id}/parameters/0/in"), at("common/parameters.yaml", "/id/in"));
    assert_eq!(doc.locate("/definitions/Group/properties/parent"), at("definitions/group.yaml", "/properties/parent"));
}

#[test]
fn the_tree_becomes_the_openapi_3_shaped_model() {
    let api = Api::from_document(&tree(), &Scope::handle_services_and_groups()).unwrap();
    assert_eq!(api.dialect, Dialect::Swagger2);
    let keys: Vec<String> = api.operations.keys().map(|k| format!("{} {}", k.method, k.path)).collect();
    // `/groups/{id}/users` is outside the default scope (so its `type: file` does not matter).
    assert_eq!(
        keys,
        ["GET /groups", "POST /groups", "GET /groups/{}", "PATCH /groups/{}", "GET /handle_services/{}/public"]
    );

    let create = &api.operations[&key(Method::Post, "/groups")];
    let body = create.request_body.as_ref().unwrap();
    assert!(body.required);
    // No `consumes` on the operation: the root's applies.
    assert!(body.media_types_declared);
    assert_eq!(body.content.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["application/json"]);
    assert_eq!(body.content[0].pointer, "/consumes/0");
    assert_eq!(body.content[0].schema.as_ref().unwrap().reference.as_deref(), Some("GroupCreateRequest"));
    assert_eq!(body.pointer, "/paths/~1groups/post/parameters/0");
    let created = &create.responses["201"];
    assert!(created.content.is_empty());
    assert_eq!(created.headers[0].name, "Location");
    assert!(!created.headers[0].required);
    assert_eq!(created.headers[0].schema.as_ref().unwrap().schema_type.as_deref(), Some("string"));
    // No `produces` anywhere: the error body's media type is unknown, recorded as such.
    let error = &create.responses["400"];
    assert!(!error.media_types_declared);
    assert_eq!(error.content[0].name, "*/*");
    assert_eq!(error.content[0].schema.as_ref().unwrap().reference.as_deref(), Some("Error"));

    let get = &api.operations[&key(Method::Get, "/groups/{id}")];
    assert_eq!(get.operation_id.as_deref(), Some("get_group"));
    assert_eq!(get.parameters.len(), 1, "the path-level parameter applies");
    assert_eq!(get.parameters[0].pointer, "/paths/~1groups~1{id}/parameters/0");
    assert_eq!(get.privileges.as_ref().unwrap().names, ["group_view", "oz_groups_view"]);
    assert_eq!(get.security.pointer.as_deref(), Some("/security"));
    assert!(!get.security.is_public());
    assert_eq!(get.code_samples.len(), 1);
    assert_eq!(get.code_samples[0].lang.as_deref(), Some("Shell"));
    assert!(get.extensions.contains_key("x-code-samples"));
    assert_eq!(get.responses["200"].content[0].name, "application/json");

    let public = &api.operations[&key(Method::Get, "/handle_services/{id}/public")];
    assert!(public.security.is_public());
    assert_eq!(public.security.pointer.as_deref(), Some("/paths/~1handle_services~1{id}~1public/get/security"));
    assert_eq!(public.privileges, None, "absent stays absent");

    let group = &api.schemas["Group"];
    assert_eq!(group.property("parent").unwrap().reference.as_deref(), Some("Group"));
    assert_eq!(group.pointer, "/definitions/Group");
    let mut names: Vec<&String> = api.schemas.keys().collect();
    names.sort();
    assert_eq!(names, ["Error", "Group", "GroupCreateRequest", "GroupType", "Groups", "Timestamp"]);
    let schemes = &api.security_schemes;
    assert_eq!(schemes["api_key2"].carrier.as_deref(), Some("Authorization"));
    assert_eq!(schemes["api_key2"].scheme, None);
    assert_eq!(schemes["basic"].scheme.as_deref(), Some("basic"));
}

#[test]
fn a_recursive_schema_compares_with_itself_without_findings() {
    let scope = Scope::handle_services_and_groups();
    let a = Api::from_document(&tree(), &scope).unwrap();
    assert_eq!(compare(&a, &a, &scope), []);
}

#[test]
fn a_swagger_file_response_in_scope_is_refused_with_its_location() {
    let doc = tree();
    let e = Api::from_document(&doc, &Scope::all()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "paths/groups/id/users.yaml#/get/responses/200/schema/type: `type: file` (a Swagger 2.0 file upload or download) \
         has no equivalent in the model and is not supported"
    );
}

#[test]
fn bundled_yaml_and_json_give_the_same_model_as_the_tree() {
    let scope = Scope::handle_services_and_groups();
    let from_tree = Api::from_document(&tree(), &scope).unwrap();
    for file in ["onezone.yaml", "onezone.json"] {
        let doc = read_swagger(&fixture_tree("bundled"), file).unwrap();
        assert_eq!(doc.files, [file]);
        let bundled = Api::from_document(&doc, &scope).unwrap();
        assert_eq!(bundled, from_tree, "{file}");
        assert_eq!(compare(&from_tree, &bundled, &scope), [], "{file}");
    }
}

#[test]
fn the_model_of_the_tree_is_stable() {
    // A readable digest of the model, so that a change in how Swagger maps to
    // it shows up in review.
    let api = Api::from_document(&tree(), &Scope::handle_services_and_groups()).unwrap();
    let mut out = String::new();
    for (key, op) in &api.operations {
        out.push_str(&format!(
            "{} {} ({}) at {}\n",
            key.method,
            op.path,
            op.operation_id.as_deref().unwrap_or("-"),
            op.pointer
        ));
        for p in &op.parameters {
            out.push_str(&format!(
                "  parameter {} in {} required={} at {}\n",
                p.name,
                p.location.as_str(),
                p.required,
                p.pointer
            ));
        }
        if let Some(b) = &op.request_body {
            let media: Vec<&str> = b.content.iter().map(|m| m.name.as_str()).collect();
            out.push_str(&format!(
                "  body required={} media={media:?} declared={} at {}\n",
                b.required, b.media_types_declared, b.pointer
            ));
        }
        for (status, r) in &op.responses {
            let media: Vec<&str> = r.content.iter().map(|m| m.name.as_str()).collect();
            let headers: Vec<&str> = r.headers.iter().map(|h| h.name.as_str()).collect();
            out.push_str(&format!(
                "  {status} media={media:?} declared={} headers={headers:?}\n",
                r.media_types_declared
            ));
        }
        out.push_str(&format!(
            "  security public={} {:?}; privileges {:?}\n",
            op.security.is_public(),
            op.security.requirements,
            op.privileges.as_ref().map(|p| &p.names)
        ));
    }
    snapshot("reader/tree-model.txt", &out);
}

fn swagger_with(files: &[(&str, &str)]) -> MemorySource {
    files.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn a_file_reference_cycle_is_refused_where_it_closes() {
    let source = swagger_with(&[
        ("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ./paths/index.yaml\n")),
        ("paths/index.yaml", "/a:\n  $ref: ./a.yaml\n"),
        ("paths/a.yaml", "get:\n  $ref: ./b.yaml#/get\n"),
        ("paths/b.yaml", "get:\n  $ref: './a.yaml#/get'\n"),
    ]);
    let e = read_swagger(&source, "index.yaml").unwrap_err();
    assert_eq!(
        e.to_string(),
        // `a.yaml` itself is not on the way, only `a.yaml#/get`: the loop closes one hop later.
        "paths/a.yaml#/get/$ref: file reference cycle: paths/b.yaml#/get → paths/a.yaml#/get → paths/b.yaml#/get"
    );
    let self_loop = swagger_with(&[("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ./index.yaml\n"))]);
    assert_eq!(
        read_swagger(&self_loop, "index.yaml").unwrap_err().to_string(),
        "index.yaml#/paths/$ref: file reference cycle: index.yaml → index.yaml"
    );
}

#[test]
fn a_missing_file_or_node_is_refused_at_the_reference() {
    let source = swagger_with(&[("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ./paths/index.yaml\n"))]);
    assert_eq!(
        read_swagger(&source, "index.yaml").unwrap_err().to_string(),
        "index.yaml#/paths/$ref: `$ref: ./paths/index.yaml`: file `paths/index.yaml` does not exist"
    );
    let source = swagger_with(&[
        ("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ./paths.yaml#/nothing~1here\n")),
        ("paths.yaml", "{}\n"),
    ]);
    assert_eq!(
        read_swagger(&source, "index.yaml").unwrap_err().to_string(),
        "index.yaml#/paths/$ref: `$ref: ./paths.yaml#/nothing~1here`: `paths.yaml` has no node at `#/nothing~1here`"
    );
    assert_eq!(read_swagger(&source, "./nope/../none.yaml").unwrap_err(), Error::NotFound { file: "none.yaml".into() });
}

#[test]
fn a_reference_out_of_the_tree_is_refused() {
    let source = swagger_with(&[("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ../outside.yaml\n"))]);
    assert_eq!(
        read_swagger(&source, "index.yaml").unwrap_err().to_string(),
        "index.yaml#/paths/$ref: `$ref: ../outside.yaml`: `../outside.yaml` leaves the description's root directory"
    );
}

#[test]
fn a_dangling_local_reference_is_located_in_its_file() {
    let source = swagger_with(&[
        ("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ./paths.yaml\ndefinitions: {{}}\n")),
        (
            "paths.yaml",
            "/a:\n  get:\n    responses:\n      '200':\n        schema:\n          $ref: '#/definitions/Nope'\n",
        ),
    ]);
    assert_eq!(
        read_swagger(&source, "index.yaml").unwrap_err().to_string(),
        "paths.yaml#/~1a/get/responses/200/schema/$ref: `$ref: #/definitions/Nope` names no node of the root document"
    );
}

#[test]
fn bad_yaml_in_a_referenced_file_names_file_line_and_column() {
    let source = swagger_with(&[
        ("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  $ref: ./paths.yaml\n")),
        ("paths.yaml", "/a:\n  get: [unclosed\n"),
    ]);
    let e = read_swagger(&source, "index.yaml").unwrap_err();
    match &e {
        Error::Syntax { file, line: Some(_), column: Some(_), .. } => assert_eq!(file, "paths.yaml"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(e.to_string().starts_with("paths.yaml:"), "{e}");
}

#[test]
fn only_swagger_2_0_is_read_as_swagger() {
    let read = |text: &str| read_swagger(&MemorySource::new().with("x.yaml", text), "x.yaml").unwrap_err().to_string();
    assert_eq!(read("swagger: '1.2'\n"), "x.yaml#/swagger: Swagger version `1.2` is not supported; expected 2.0");
    assert_eq!(
        read("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"),
        "x.yaml#/openapi: this is an OpenAPI 3 document; a Swagger 2.0 description was expected"
    );
    assert_eq!(read("title: nothing\n"), "x.yaml#: neither a `swagger` nor an `openapi` field: not an API description");
    assert_eq!(read("- a list\n"), "x.yaml#: a description is a mapping at the top level, found a list");
    let oas = MemorySource::new().with("x.yaml", "openapi: 3.1.0\n");
    assert_eq!(
        read_openapi(&oas, "x.yaml").unwrap_err().to_string(),
        "x.yaml#/openapi: OpenAPI version `3.1.0` is not supported; expected 3.0.x"
    );
    let swagger = MemorySource::new().with("x.yaml", SWAGGER_HEAD);
    assert!(read_openapi(&swagger, "x.yaml").is_err());
    assert_eq!(read_document(&swagger, "x.yaml").unwrap().dialect, Dialect::Swagger2);
}

#[test]
fn nested_file_references_stop_at_the_depth_limit() {
    let mut source = MemorySource::new().with("index.yaml", format!("{SWAGGER_HEAD}paths:\n  $ref: ./f0.yaml\n"));
    for i in 0..MAX_REFERENCE_DEPTH + 5 {
        source.insert(format!("f{i}.yaml"), format!("$ref: ./f{}.yaml\n", i + 1));
    }
    let e = read_swagger(&source, "index.yaml").unwrap_err();
    assert_eq!(e.to_string(), "f63.yaml#/$ref: file references nest more than 64 deep; giving up");
}

#[test]
fn deep_files_chained_together_stop_at_the_nesting_limit() {
    // Each file is within its parser's limit; together they are not.
    let mut source = MemorySource::new().with("index.yaml", format!("{SWAGGER_HEAD}paths:\n  $ref: ./f0.yaml\n"));
    for i in 0..10 {
        let mut text = String::new();
        for level in 0..90 {
            text.push_str(&format!("{}a:\n", "  ".repeat(level)));
        }
        text.push_str(&format!("{}$ref: ./f{}.yaml\n", "  ".repeat(90), i + 1));
        source.insert(format!("f{i}.yaml"), text);
    }
    source.insert("f10.yaml", "{}\n");
    let e = read_swagger(&source, "index.yaml").unwrap_err();
    assert_eq!(e.file(), "f2.yaml");
    assert!(e.to_string().ends_with(": the description nests more than 200 levels deep; giving up"), "{e}");
}

#[test]
fn keys_next_to_a_file_reference_are_merged_and_conflicts_refused() {
    let source = swagger_with(&[
        (
            "index.yaml",
            &format!(
                "{SWAGGER_HEAD}paths:\n  /a/{{id}}:\n    $ref: ./a.yaml\n    parameters:\n      - {{name: id, in: path, required: true, type: string}}\n"
            ),
        ),
        ("a.yaml", "get:\n  operationId: get_a\n  responses:\n    '204':\n      description: ok\n"),
    ]);
    let doc = read_swagger(&source, "index.yaml").unwrap();
    let api = Api::from_document(&doc, &Scope::all()).unwrap();
    let op = &api.operations[&key(Method::Get, "/a/{x}")];
    assert_eq!(op.parameters[0].name, "id");
    assert_eq!(
        doc.locate("/paths/~1a~1{id}/parameters/0"),
        Location { file: "index.yaml".into(), pointer: "/paths/~1a~1{id}/parameters/0".into() }
    );
    assert_eq!(doc.locate("/paths/~1a~1{id}/get"), Location { file: "a.yaml".into(), pointer: "/get".into() });

    let conflict = swagger_with(&[
        ("index.yaml", &format!("{SWAGGER_HEAD}paths:\n  /a:\n    $ref: ./a.yaml\n    get: {{}}\n")),
        ("a.yaml", "get:\n  responses: {}\n"),
    ]);
    assert_eq!(
        read_swagger(&conflict, "index.yaml").unwrap_err().to_string(),
        "index.yaml#/paths/~1a/get: `get` is given both here and in the node `$ref: ./a.yaml` names"
    );
}

#[test]
fn form_parameters_in_scope_are_refused_with_their_location() {
    let source = MemorySource::new().with(
        "x.yaml",
        format!("{SWAGGER_HEAD}paths:\n  /groups:\n    post:\n      parameters:\n        - {{name: f, in: formData, type: string}}\n      responses: {{}}\n"),
    );
    let doc = read_swagger(&source, "x.yaml").unwrap();
    assert_eq!(
        Api::from_document(&doc, &Scope::all()).unwrap_err().to_string(),
        "x.yaml#/paths/~1groups/post/parameters/0/in: `in: formData` parameters (form or multipart bodies) are not supported"
    );
}

#[test]
fn a_source_failure_is_reported_with_the_file() {
    struct Broken;
    impl Source for Broken {
        fn read(&self, _path: &str) -> Result<Option<String>, String> {
            Err("permission denied".into())
        }
    }
    assert_eq!(
        read_swagger(&Broken, "index.yaml").unwrap_err().to_string(),
        "index.yaml: cannot be read: permission denied"
    );
}
