//! Every malformed spec ends in an `Error` that names the file and the JSON
//! pointer (or line) of the problem — never in a panic. The same corpus is run
//! through the `xtask` binary in xtask/tests/cli.rs to check the exit code.

use onezone_codegen::{Error, Settings, generate};

use super::{read, tests_dir};

/// What a bad spec's header promises: the location its error names (the part
/// after the file name, e.g. `#/paths/~1things/get` or `:6:1`) and words the
/// message holds.
struct Expectation {
    at: String,
    says: String,
}

/// Reads the `# error-at:` and `# error-says:` header lines of a corpus file.
/// xtask/tests/cli.rs reads the same lines for the command-line test.
fn expectation(file: &str, text: &str) -> Expectation {
    let header = |key: &str| {
        text.lines()
            .take_while(|l| l.starts_with('#'))
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| panic!("{file}: no `{key}` header line"))
    };
    Expectation { at: header("# error-at:"), says: header("# error-says:") }
}

#[test]
fn every_bad_spec_gets_a_located_error() {
    let dir = tests_dir().join("bad-specs");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 30, "the bad-spec corpus went missing: {} files", files.len());
    let mut failures = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&path);
        let expected = expectation(&file, &text);
        let name = format!("bad-specs/{file}");
        let message = match generate(&text, &Settings::new(&name)) {
            Ok(_) => {
                failures.push(format!("{file}: generated without an error"));
                continue;
            }
            Err(err) => err.to_string(),
        };
        // The location ends where the message starts: `file#/pointer: ...`.
        let location = format!("{name}{}:", expected.at);
        if !message.contains(&location) || !message.contains(&expected.says) || message.contains("panic") {
            failures.push(format!("{file}: expected {location} {:?}, got:\n{message}", expected.says));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Most corpus files are one base spec with one change; the base itself must
/// generate, or those files would prove nothing about their change.
#[test]
fn the_base_of_the_new_cases_generates() {
    let text = read(&tests_dir().join("bad-specs/keyword-operation-id.yaml"))
        .replace("operationId: type", "operationId: get_thing");
    let generated = generate(&text, &Settings::new("base.yaml")).unwrap();
    assert!(generated.server.contains("fn get_thing("));
    assert!(generated.client.contains("pub fn get_thing(&self)"));
}

/// The cycle check refuses recursion through `$ref`/`oneOf` alone; a tree,
/// recursing through `items` and `properties` (also across a `oneOf`), stays
/// accepted and its example is still checked.
#[test]
fn a_recursive_tree_is_accepted() {
    let text = read(&tests_dir().join("bad-specs/keyword-operation-id.yaml"))
        .replace("operationId: type", "operationId: get_thing")
        .replace(
            "        name: {type: string}\n",
            "        name: {type: string}\n        children: {type: array, items: {$ref: '#/components/schemas/Thing'}}\n        \
             parent: {$ref: '#/components/schemas/Link'}\n      example: {name: a, children: [{name: b, parent: {thing: {name: a}}}]}\n    \
             Link:\n      oneOf:\n        - $ref: '#/components/schemas/Wrapped'\n    \
             Wrapped:\n      type: object\n      properties:\n        thing: {$ref: '#/components/schemas/Thing'}\n",
        );
    let generated = generate(&text, &Settings::new("tree.yaml")).unwrap();
    assert!(generated.types.contains("pub children: ::std::vec::Vec<Thing>"), "{}", generated.types);
    let bad = text.replace("thing: {name: a}", "thing: {name: 3}");
    let err = generate(&bad, &Settings::new("tree.yaml")).unwrap_err().to_string();
    assert!(err.contains("tree.yaml#/components/schemas/Thing/example: example does not match"), "{err}");
}

#[test]
fn a_byte_order_mark_and_yaml_merge_keys_are_read() {
    let text = read(&tests_dir().join("bad-specs/keyword-operation-id.yaml"))
        .replace("operationId: type", "operationId: get_thing")
        .replace(
            "        name: {type: string}\n",
            "        name: &str {type: string}\n        more: {<<: *str, description: also a string}\n",
        );
    let generated = generate(&format!("\u{feff}{text}"), &Settings::new("bom.yaml")).unwrap();
    assert!(generated.types.contains("pub more: ::std::option::Option<::std::string::String>"), "{}", generated.types);
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
