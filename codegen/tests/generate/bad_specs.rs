//! Every malformed spec ends in an `Error` that names the file and the JSON
//! pointer (or line) of the problem — never in a panic. The same corpus is run
//! through the `xtask` binary in xtask/tests/cli.rs to check the exit code.

use onezone_codegen::{Error, Settings, generate};

use super::{read, tests_dir};

/// (file in tests/bad-specs, location the message must name, words it must hold)
pub const CASES: &[(&str, &str, &str)] = &[
    ("not-yaml.yaml", "not-yaml.yaml:4:1", "not a valid YAML or JSON document"),
    ("top-level-list.yaml", "top-level-list.yaml#:", "mapping at the top level"),
    ("swagger-2.yaml", "swagger-2.yaml#/swagger", "Swagger 2.0"),
    ("openapi-3-1.yaml", "openapi-3-1.yaml#/openapi", "OpenAPI 3.1.0 is not supported"),
    ("missing-info.yaml", "missing-info.yaml#:", "missing field `info`"),
    ("missing-operation-id.yaml", "missing-operation-id.yaml#/paths/~1things~1{id}/get:", "no `operationId`"),
    (
        "duplicate-operation-id.yaml",
        "duplicate-operation-id.yaml#/paths/~1things~1{id}/put/operationId",
        "duplicate operationId `get_thing`: already used at /paths/~1things~1{id}/get/operationId",
    ),
    (
        "unresolved-ref.yaml",
        "unresolved-ref.yaml#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/$ref",
        "does not resolve",
    ),
    (
        "several-success-bodies.yaml",
        "several-success-bodies.yaml#/paths/~1things~1{id}/put/responses",
        "several success body types in one operation (200: Thing, 201: no body)",
    ),
    (
        "non-json-request-body.yaml",
        "non-json-request-body.yaml#/paths/~1things~1{id}/put/requestBody/content/text~1plain",
        "`text/plain` is not supported",
    ),
    (
        "unknown-security-scheme.yaml",
        "unknown-security-scheme.yaml#/security/0/oauth",
        "unknown security scheme `oauth`",
    ),
    (
        "discriminator.yaml",
        "discriminator.yaml#/components/schemas/Props/discriminator",
        "progenitor ignores `discriminator`",
    ),
    ("bad-example.yaml", "bad-example.yaml#/components/schemas/Thing/example", "`props.host` must be a string"),
];

#[test]
fn every_bad_spec_gets_a_located_error() {
    let dir = tests_dir().join("bad-specs");
    let mut seen = Vec::new();
    for (file, location, words) in CASES {
        let path = dir.join(file);
        let settings = Settings::new(format!("bad-specs/{file}"));
        let err = generate(&read(&path), &settings).expect_err(file);
        let text = err.to_string();
        assert!(text.contains(location), "{file}: message does not name {location}:\n{text}");
        assert!(text.contains(words), "{file}: message lacks {words:?}:\n{text}");
        assert!(!text.contains("panicked"), "{file}: {text}");
        seen.push(*file);
    }
    // A new file in the corpus must get an expectation here.
    let mut on_disk: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    let mut listed: Vec<String> = seen.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/bad-specs and CASES disagree");
}

#[test]
fn lint_reports_every_problem_not_only_the_first() {
    let spec = read(&tests_dir().join("bad-specs/duplicate-operation-id.yaml"))
        .replace("props: {type: DOI, host: h}", "props: {type: XYZ}")
        .replace("security:\n  - basic: []", "security:\n  - nope: []");
    let err = generate(&spec, &Settings::new("s.yaml")).unwrap_err();
    let Error::Invalid { diagnostics, .. } = &err else { panic!("{err:?}") };
    let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/security/0/nope", "/components/schemas/Thing/example", "/paths/~1things~1{id}/put/operationId",],
        "{err}"
    );
}
