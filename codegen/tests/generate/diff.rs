//! `onezone_codegen::diff` on pairs of small specs: `tests/diff/base.yaml`
//! and a copy with one edit each, one pair per kind of change the generated
//! API reacts to. Each pair's report is a JSON snapshot in
//! `tests/diff/output/` (`EXPECTORATE=overwrite` accepts a deliberate
//! change), and the facts a user acts on — the wire verdict, the Rust rule
//! and item, each crate's bump — are asserted explicitly.

use onezone_codegen::{Bump, Crate, DiffReport, SpecInput, diff};
use onezone_upstream::{ChangeKind, Direction, MemorySource};

use super::{read, tests_dir};

/// `(from, to)`: replace the first `from` by `to`.
type Edit = (&'static str, &'static str);

fn base() -> String {
    read(&tests_dir().join("diff/base.yaml"))
}

fn edited(edits: &[Edit]) -> String {
    let mut text = base();
    for (from, to) in edits {
        assert!(text.contains(from), "base.yaml has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The report for base + `old` edits → base + `new` edits, checked against
/// its snapshot `tests/diff/output/<name>.json`.
fn case(name: &str, old: &[Edit], new: &[Edit]) -> DiffReport {
    let (old_text, new_text) = (edited(old), edited(new));
    let old_source = MemorySource::new().with("old.yaml", old_text);
    let new_source = MemorySource::new().with("new.yaml", new_text);
    let report = diff(
        SpecInput { name: "old.yaml", source: &old_source, entry: "old.yaml" },
        SpecInput { name: "new.yaml", source: &new_source, entry: "new.yaml" },
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    expectorate::assert_contents(format!("tests/diff/output/{name}.json"), &format!("{}\n", report.to_json()));
    report
}

/// The bumps of onezone-types, onezone-client, onezone-server.
fn bumps(r: &DiffReport) -> Vec<(Crate, Bump)> {
    r.rust.crates.iter().map(|c| (c.krate, c.bump)).collect()
}

fn crates(types: Bump, client: Bump, server: Bump) -> Vec<(Crate, Bump)> {
    vec![(Crate::Types, types), (Crate::Client, client), (Crate::Server, server)]
}

/// The only wire change, which must be of `kind`.
fn only_change(r: &DiffReport, kind: ChangeKind) -> &onezone_codegen::DiffChange {
    let kinds: Vec<ChangeKind> = r.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [kind], "{}", r.render_markdown());
    &r.changes[0]
}

/// `(crate, rule, item, bump)` of each Rust effect of a change.
fn effects(c: &onezone_codegen::DiffChange) -> Vec<(Crate, &'static str, String, Bump)> {
    c.rust.iter().map(|e| (e.krate, e.rule.as_str(), e.item.clone(), e.bump)).collect()
}

fn has(c: &onezone_codegen::DiffChange, krate: Crate, rule: &str, item: &str, bump: Bump) {
    let all = effects(c);
    assert!(
        all.iter().any(|(k, r, i, b)| *k == krate && *r == rule && i == item && *b == bump),
        "no {} {rule} {item} ({bump:?}) among {all:#?}",
        krate.name()
    );
}

const ADD_OWNER: Edit = (
    "    ThingCreate:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n",
    "    ThingCreate:\n      type: object\n      required: [name, owner]\n      properties:\n        name: {type: string}\n        owner: {type: string}\n",
);

#[test]
fn a_new_required_request_field_breaks_clients_and_struct_literals() {
    let r = case("required-request-field", &[], &[ADD_OWNER]);
    let c = only_change(&r, ChangeKind::PropertyAdded);
    assert_eq!((c.direction, c.breaking), (Direction::Request, true), "what clients send must now hold `owner`");
    has(c, Crate::Types, "constructible_struct_adds_field", "ThingCreate.owner", Bump::Major);
    assert_eq!(c.rust[0].new.as_deref(), Some("String"), "required: the field is not an Option");
    // The client and the server re-export the types crate.
    assert_eq!(bumps(&r), crates(Bump::Major, Bump::Major, Bump::Major));
    assert!(r.rust.crates[1].follows.is_some() && r.is_breaking());
}

#[test]
fn a_new_optional_field_is_harmless_on_the_wire_but_breaks_struct_literals() {
    let r = case(
        "optional-field",
        &[],
        &[("        note: {type: string}\n", "        note: {type: string}\n        tag: {type: string}\n")],
    );
    let c = only_change(&r, ChangeKind::PropertyAdded);
    // `Thing` is a response of get_thing and the body of replace_thing.
    assert_eq!((c.direction, c.breaking), (Direction::Both, false));
    has(c, Crate::Types, "constructible_struct_adds_field", "Thing.tag", Bump::Major);
    has(c, Crate::Types, "inherent_method_added", "builder::Thing::tag", Bump::Minor);
    assert_eq!(c.rust[0].new.as_deref(), Some("Option<String>"));
    assert_eq!((r.breaking.wire, r.breaking.rust), (false, true), "--fail-on breaking fails on the Rust half");
}

#[test]
fn a_new_enum_value_is_a_new_variant() {
    let r = case("enum-value-added", &[], &[("enum: [doi, pid]", "enum: [doi, pid, ark]")]);
    let c = only_change(&r, ChangeKind::EnumValueAdded);
    assert!(c.breaking, "servers may now send a value old clients refuse");
    has(c, Crate::Types, "enum_variant_added", "Kind::Ark", Bump::Major);
    assert_eq!(bumps(&r), crates(Bump::Major, Bump::Major, Bump::Major));
}

#[test]
fn a_removed_operation_takes_its_client_method_and_trait_method() {
    let r = case(
        "operation-removed",
        &[],
        &[("    put:\n      operationId: replace_thing", "    x-put:\n      operationId: replace_thing")],
    );
    let c = only_change(&r, ChangeKind::OperationMissing);
    assert_eq!((c.direction, c.breaking), (Direction::Request, true));
    has(c, Crate::Client, "inherent_method_missing", "Client::replace_thing", Bump::Major);
    has(c, Crate::Client, "struct_missing", "builder::ReplaceThing", Bump::Major);
    has(c, Crate::Server, "trait_method_missing", "ThingApi::replace_thing", Bump::Major);
    has(c, Crate::Server, "struct_missing", "ReplaceThingRequest", Bump::Major);
    // `Thing` stays (get_thing answers it); only the request validators go.
    has(c, Crate::Server, "function_missing", "validators::thing", Bump::Major);
    assert_eq!(bumps(&r), crates(Bump::None, Bump::Major, Bump::Major));
}

#[test]
fn a_renamed_operation_is_not_on_the_wire_but_renames_its_methods() {
    let r = case("operation-renamed", &[], &[("operationId: replace_thing", "operationId: put_thing")]);
    let c = only_change(&r, ChangeKind::OperationIdChanged);
    assert_eq!((c.direction, c.breaking), (Direction::None, false));
    has(c, Crate::Client, "inherent_method_missing", "Client::replace_thing", Bump::Major);
    has(c, Crate::Client, "inherent_method_added", "Client::put_thing", Bump::Minor);
    has(c, Crate::Server, "trait_method_missing", "ThingApi::replace_thing", Bump::Major);
    has(c, Crate::Server, "trait_method_added", "ThingApi::put_thing", Bump::Minor);
    assert_eq!(bumps(&r), crates(Bump::None, Bump::Major, Bump::Major));
}

const DELETE_THING: Edit = (
    "    put:\n      operationId: replace_thing",
    "    delete:
      operationId: delete_thing
      tags: [Thing]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204':
          description: deleted
        '404':
          description: no such thing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
    put:
      operationId: replace_thing",
);

#[test]
fn a_new_operation_is_a_new_client_method_and_a_defaulted_trait_method() {
    let r = case("operation-added", &[], &[DELETE_THING]);
    let c = only_change(&r, ChangeKind::OperationExtra);
    assert_eq!((c.direction, c.breaking), (Direction::Request, false));
    has(c, Crate::Client, "inherent_method_added", "Client::delete_thing", Bump::Minor);
    // A default body (501 until overridden): implementors keep compiling.
    has(c, Crate::Server, "trait_method_added", "ThingApi::delete_thing", Bump::Minor);
    let method = c.rust.iter().find(|e| e.item == "ThingApi::delete_thing").unwrap();
    assert!(method.new.as_deref().unwrap().ends_with("{ default }"), "{method:?}");
    assert_eq!(bumps(&r), crates(Bump::None, Bump::Minor, Bump::Minor));
    assert!(!r.is_breaking());
}

const ACCEPTED: Edit = (
    "        '204':\n          description: replaced\n",
    "        '204':\n          description: replaced\n        '202':\n          description: accepted, replaced later\n",
);

#[test]
fn a_second_success_status_turns_the_answer_into_an_enum() {
    let r = case("second-success-status", &[], &[ACCEPTED]);
    let c = only_change(&r, ChangeKind::ResponseStatusAdded);
    assert_eq!((c.direction, c.breaking), (Direction::Response, false));
    has(c, Crate::Server, "trait_method_signature_changed", "ThingApi::replace_thing", Bump::Major);
    has(c, Crate::Server, "exhaustive_enum_added", "ReplaceThingResponse", Bump::Minor);
    let method = c.rust.iter().find(|e| e.item == "ThingApi::replace_thing").unwrap();
    assert!(method.old.as_deref().unwrap().contains("Result<NoContent, ApiError>"), "{method:?}");
    assert!(method.new.as_deref().unwrap().contains("Result<ReplaceThingResponse, ApiError>"), "{method:?}");
    // progenitor's client answers any documented success the same way.
    assert_eq!(bumps(&r), crates(Bump::None, Bump::Patch, Bump::Major));
}

#[test]
fn a_third_success_status_is_a_new_variant_of_the_answer_enum() {
    let ok = (
        "        '204':\n          description: replaced\n",
        "        '204':\n          description: replaced\n        '202':\n          description: accepted, replaced later\n        '205':\n          description: replaced, reload it\n",
    );
    let r = case("third-success-status", &[ACCEPTED], &[ok]);
    let c = only_change(&r, ChangeKind::ResponseStatusAdded);
    has(c, Crate::Server, "enum_variant_added", "ReplaceThingResponse::ResetContent", Bump::Major);
    // The answer type stays the enum: the trait method is unchanged.
    assert!(c.rust.iter().all(|e| !e.item.starts_with("ThingApi::")), "{:?}", c.rust);
    assert_eq!(r.rust.crates[2].bump, Bump::Major);
}

#[test]
fn a_field_type_change_is_a_field_type_change() {
    let r = case(
        "field-type-changed",
        &[],
        &[("        name: {type: string}\n        kind:", "        name: {type: integer}\n        kind:")],
    );
    let c = only_change(&r, ChangeKind::TypeChanged);
    assert!(c.breaking);
    has(c, Crate::Types, "struct_pub_field_type_changed", "Thing.name", Bump::Major);
    let e = c.rust.iter().find(|e| e.item == "Thing.name").unwrap();
    assert_eq!((e.old.as_deref(), e.new.as_deref()), (Some("String"), Some("i64")));
    assert!(!e.cargo_semver_checks, "cargo-semver-checks does not compare field types");
}

#[test]
fn a_required_field_made_nullable_becomes_an_option() {
    let r = case(
        "nullable-required-field",
        &[],
        &[(
            "        name: {type: string}\n        kind:",
            "        name: {type: string, nullable: true}\n        kind:",
        )],
    );
    let c = only_change(&r, ChangeKind::NullableChanged);
    let e = c.rust.iter().find(|e| e.item == "Thing.name").unwrap();
    assert_eq!(
        (e.rule.as_str(), e.old.as_deref(), e.new.as_deref()),
        ("struct_pub_field_type_changed", Some("String"), Some("Option<String>"))
    );
}

#[test]
fn an_optional_field_made_required_loses_its_option() {
    let r = case("required-added", &[], &[("      required: [name, kind]\n", "      required: [name, kind, note]\n")]);
    let c = only_change(&r, ChangeKind::RequiredAdded);
    // The change points at `required/2`; the field is `properties/note`.
    let e = c.rust.iter().find(|e| e.item == "Thing.note").expect("the field's type change is this change's");
    assert_eq!(
        (e.rule.as_str(), e.old.as_deref(), e.new.as_deref()),
        ("struct_pub_field_type_changed", Some("Option<String>"), Some("String"))
    );
}

#[test]
fn an_optional_field_made_nullable_changes_no_rust_type() {
    let r = case(
        "nullable-optional-field",
        &[],
        &[("        note: {type: string}\n", "        note: {type: string, nullable: true}\n")],
    );
    let c = only_change(&r, ChangeKind::NullableChanged);
    assert!(c.breaking && c.rust.is_empty(), "typify gives Option<String> either way: {:?}", c.rust);
    // The request validators accept `null` now: code, not API.
    assert_eq!(bumps(&r), crates(Bump::None, Bump::None, Bump::Patch));
}

#[test]
fn an_operation_made_public_changes_the_claims_its_implementors_receive() {
    let r = case(
        "operation-made-public",
        &[],
        &[("      operationId: get_thing\n", "      operationId: get_thing\n      security: []\n")],
    );
    let c = only_change(&r, ChangeKind::SecurityChanged);
    assert_eq!((c.direction, c.breaking), (Direction::Request, false), "clients may still send credentials");
    let e = c.rust.iter().find(|e| e.item == "ThingApi::get_thing").expect("the trait method changed");
    assert_eq!(e.rule.as_str(), "trait_method_signature_changed");
    assert!(e.old.as_deref().unwrap().contains("claims: Self::Claims,"), "{e:?}");
    assert!(e.new.as_deref().unwrap().contains("claims: Option<Self::Claims>,"), "{e:?}");
    assert_eq!(bumps(&r), crates(Bump::None, Bump::None, Bump::Major));
}

#[test]
fn an_operation_moved_to_a_new_tag_breaks_implementors_though_not_on_the_wire() {
    let r = case(
        "tag-added",
        &[],
        &[
            ("tags:\n  - name: Thing\n", "tags:\n  - name: Thing\n  - name: Admin\n"),
            (
                "      operationId: replace_thing\n      tags: [Thing]",
                "      operationId: replace_thing\n      tags: [Admin]",
            ),
        ],
    );
    let c = only_change(&r, ChangeKind::TagsChanged);
    assert_eq!((c.direction, c.breaking), (Direction::None, false));
    has(c, Crate::Server, "trait_added_supertrait", "OnezoneApi: AdminApi", Bump::Major);
    has(c, Crate::Server, "trait_added", "AdminApi", Bump::Minor);
    has(c, Crate::Server, "trait_method_missing", "ThingApi::replace_thing", Bump::Major);
    assert_eq!(bumps(&r), crates(Bump::None, Bump::None, Bump::Major));
}

#[test]
fn a_renamed_path_parameter_changes_rust_only() {
    let r = case(
        "path-parameter-renamed",
        &[],
        &[
            ("  /things/{id}:\n", "  /things/{thing_id}:\n"),
            (
                "        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200'",
                "        - {name: thing_id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200'",
            ),
            (
                "        - {name: id, in: path, required: true, schema: {type: string}}\n      requestBody",
                "        - {name: thing_id, in: path, required: true, schema: {type: string}}\n      requestBody",
            ),
        ],
    );
    assert!(r.changes.is_empty(), "path parameters are matched by position: {:?}", r.changes);
    let server = &r.rust.crates[2];
    let field = server.effects.iter().find(|e| e.item == "GetThingRequest.id").expect("the request field is renamed");
    assert_eq!((field.rule.as_str(), field.changes.len()), ("struct_pub_field_missing", 0));
    assert_eq!(bumps(&r), crates(Bump::None, Bump::Major, Bump::Major));
    assert!(r.render_markdown().contains("## Rust changes no wire change accounts for"));
}

#[test]
fn a_version_the_lint_refuses_gets_a_wire_verdict_and_no_rust_verdict() {
    // `anyOf` is still refused (inline schemas no longer are: they are hoisted).
    let any_of = (
        "              schema: {$ref: '#/components/schemas/Thing'}\n        '404'",
        "              schema:\n                anyOf:\n                  - {$ref: '#/components/schemas/Thing'}\n                  - {type: string}\n        '404'",
    );
    let r = case("lint-refused", &[], &[any_of]);
    assert!(!r.changes.is_empty() && r.breaking.wire, "the wire half reads any OpenAPI 3.0 pair");
    assert!(!r.rust.verdict && r.rust.crates.is_empty());
    let reason = r.rust.reason.as_deref().unwrap();
    assert!(
        reason.starts_with(
            "no verdict: new.yaml#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/anyOf: "
        ),
        "{reason}"
    );
    assert!(r.changes.iter().all(|c| c.rust.is_empty()));
    assert!(r.render_markdown().contains(reason));
}

#[test]
fn a_version_spread_over_files_gets_a_wire_verdict_and_no_rust_verdict() {
    let old = MemorySource::new().with("old.yaml", base());
    let split = edited(&[(
        "      properties:\n        name: {type: string}\n        kind: {$ref: '#/components/schemas/Kind'}\n        note: {type: string}\n",
        "      properties:\n        $ref: 'thing-properties.yaml'\n",
    )]);
    let new = MemorySource::new().with("new.yaml", split).with(
        "thing-properties.yaml",
        "name: {type: string}\nkind: {$ref: '#/components/schemas/Kind'}\nnote: {type: integer}\n",
    );
    let r = diff(
        SpecInput { name: "old.yaml", source: &old, entry: "old.yaml" },
        SpecInput { name: "new.yaml", source: &new, entry: "new.yaml" },
    )
    .unwrap();
    assert_eq!(
        r.changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
        [ChangeKind::TypeChanged],
        "the reader joins the files"
    );
    let reason = r.rust.reason.as_deref().unwrap();
    assert_eq!(
        reason,
        "no verdict: new.yaml spans several files (new.yaml, thing-properties.yaml); the generator reads one"
    );
}

#[test]
fn the_same_spec_twice_changes_nothing() {
    let r = case("unchanged", &[], &[]);
    assert!(r.changes.is_empty() && !r.is_breaking());
    assert_eq!(bumps(&r), crates(Bump::None, Bump::None, Bump::None));
}

#[test]
fn a_new_summary_is_a_patch() {
    let summary = ("      operationId: get_thing\n", "      operationId: get_thing\n      summary: Read one thing\n");
    let r = case("summary-added", &[], &[summary]);
    assert!(r.changes.is_empty());
    // The summary is the rustdoc of the client method and the trait method.
    assert_eq!(bumps(&r), crates(Bump::None, Bump::Patch, Bump::Patch));
}

#[test]
fn unreadable_versions_are_errors_naming_the_version_and_the_place() {
    let good = MemorySource::new().with("a.yaml", base());
    let bad = MemorySource::new().with("b.yaml", "openapi: 3.0.3\ninfo: [\n");
    let e = diff(
        SpecInput { name: "a.yaml", source: &good, entry: "a.yaml" },
        SpecInput { name: "b.yaml", source: &bad, entry: "b.yaml" },
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("new spec b.yaml: b.yaml:3:1: not a valid YAML or JSON document"), "{e}");
    let swagger = MemorySource::new().with("s.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    let e = diff(
        SpecInput { name: "s.yaml", source: &swagger, entry: "s.yaml" },
        SpecInput { name: "a.yaml", source: &good, entry: "a.yaml" },
    )
    .unwrap_err();
    assert!(e.to_string().contains("old spec s.yaml: s.yaml#/swagger: this is a Swagger 2.0 document"), "{e}");
}
