#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

//! `cargo xtask import` as users run it: exit codes, the repairs and the
//! summary on stderr, the file written (or not), and an imported
//! description that `cargo xtask regenerate` takes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn fixtures() -> PathBuf {
    root().join("upstream/tests/fixtures")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env("RUST_BACKTRACE", "1").output().expect("xtask runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn import(upstream: &Path, out: &Path, extra: &[&str]) -> Output {
    let args = [&["import", "--upstream", upstream.to_str().unwrap(), "--out", out.to_str().unwrap()], extra].concat();
    xtask(&args)
}

#[test]
fn a_tree_is_imported_with_its_repairs_on_stderr() {
    let dir = scratch("tree");
    let out = dir.join("onezone.yaml");
    let run = import(&fixtures().join("tree"), &out, &[]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(run.stdout.is_empty());
    // Each repair: rule, bundle pointer, file and pointer in it, detail.
    assert!(
        err.contains(
            "repair media-type-any /paths/~1groups/post/responses (paths/groups.yaml#/post/responses): no `produces`"
        ),
        "{err}"
    );
    let summary = err.lines().last().unwrap();
    assert!(summary.starts_with("import: 5 operations and 6 schemas of "), "{summary}");
    assert!(
        summary.contains("(upstream 21.02.7-fixture)")
            && summary.ends_with("4 repairs (media-type-any 2, undeclared-tag 2)"),
        "{summary}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# Imported by `cargo xtask import` from "), "{text}");
    assert!(text.contains("not a file to commit"));
    let doc: Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["paths"]["/groups"]["post"]["responses"]["400"]["content"]["application/json"]["schema"]["$ref"], {
        "#/components/schemas/Error"
    });
    assert!(!dir.join("onezone.yaml.partial").exists());
}

#[test]
fn json_is_written_for_a_json_file_or_when_asked() {
    let dir = scratch("json");
    let upstream = fixtures().join("compare/upstream.yaml");
    for (out, extra) in [(dir.join("a.json"), &[][..]), (dir.join("b.txt"), &["--format", "json"][..])] {
        let run = import(&upstream, &out, extra);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(doc["info"]["title"], "Comparison fixture");
        assert!(stderr(&run).lines().last().unwrap().ends_with("; 2 repairs (undeclared-tag 2)"), "{}", stderr(&run));
    }
}

#[test]
fn what_cannot_be_imported_exits_2_with_file_and_pointer_and_writes_nothing() {
    let dir = scratch("refused");
    let out = dir.join("whole.yaml");
    // The whole tree holds an operation answering `type: file`.
    let run = import(&fixtures().join("tree"), &out, &["--scope", "all"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains("paths/groups/id/users.yaml#/get/responses/200/schema/type: `type: file`"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(!out.exists());

    for (args, message) in [
        (&["--scope", "groups"][..], "--scope groups: scope entry `groups` does not start with `/`"),
        (&["--scope", "/nothing/**"][..], "no upstream operation lies in the scope /nothing/**"),
    ] {
        let run = import(&fixtures().join("tree"), &out, args);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains(message), "{}", stderr(&run));
        assert!(!out.exists());
    }
    let run = import(&dir.join("no-such-tree"), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("no-such-tree"), "{}", stderr(&run));
    let run = import(&fixtures().join("compare/ours.yaml"), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("ours.yaml#/openapi"), "{}", stderr(&run));
}

#[test]
fn an_imported_description_regenerates() {
    let dir = scratch("regenerate");
    let spec = dir.join("imported.yaml");
    let run = import(&fixtures().join("import/generator.yaml"), &spec, &["--scope", "all"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    // The generator's lint found the example its schema refuses.
    assert!(
        err.contains(
            "repair example-breaks-schema /definitions/Privileges/example (generator.yaml#/definitions/Privileges/example): left out: `admin` does not have the declared JSON shape"
        ),
        "{err}"
    );
    let doc: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
    assert!(doc.pointer("/components/schemas/Privileges/example").is_none(), "{doc:#}");
    assert_eq!(doc.pointer("/components/schemas/thing_create/example/name"), Some(&Value::from("lamp")));
    // A workspace layout to regenerate into, so nothing of ours is touched.
    let ws = dir.join("ws");
    for rel in ["Cargo.toml", "xtask/Cargo.toml"].into_iter().chain(onezone_codegen::OUTPUT_PATHS) {
        std::fs::create_dir_all(ws.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(root().join(rel), ws.join(rel)).unwrap();
    }
    let args = ["regenerate", "--spec", spec.to_str().unwrap(), "--root", ws.to_str().unwrap()];
    let run = xtask(&args);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let server = std::fs::read_to_string(ws.join("generated-server-stubs/src/generated.rs")).unwrap();
    // The repaired operationId, and the public operation's empty security.
    assert!(server.contains("remove_member_group"), "the renamed duplicate is an operation");
    let check = xtask(&[&args[..], &["--check"]].concat());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_workspace_is_written_for_a_scope_and_regenerates() {
    let dir = scratch("workspace");
    let ws = dir.join("crates");
    let run = import(&fixtures().join("tree"), &dir.join("unused.yaml"), &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let tree = fixtures().join("tree");
    let args = ["import", "--upstream", tree.to_str().unwrap(), "--workspace", ws.to_str().unwrap()];
    let run = xtask(&args);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(err.lines().last().unwrap().contains(&format!("written to the workspace {}", ws.display())), "{err}");
    // Laid out like this checkout, with only the library crates.
    let read = |rel: &str| std::fs::read_to_string(ws.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let spec = read("spec/onezone.yaml");
    assert!(spec.starts_with("# Imported by `cargo xtask import` from "), "{spec}");
    // The same document `--out` writes, under another header line.
    let file = std::fs::read_to_string(dir.join("unused.yaml")).unwrap();
    let body = |text: &str| text.lines().skip_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&spec), body(&file));
    let manifest = read("Cargo.toml");
    assert!(
        manifest.contains(r#"members = ["errors", "generated-types", "generated-client", "generated-server-stubs"]"#),
        "{manifest}"
    );
    assert!(!manifest.contains("[profile.dev"), "{manifest}");
    let client = read("generated-client/Cargo.toml");
    assert!(client.contains("default = [\"rustls\"]\n"), "{client}");
    assert!(!client.contains("[dev-dependencies]"), "{client}");
    // Described as what they are here, not as this checkout's scope.
    let expected = "description = \"Typed async Rust client of the Onezone REST API, generated by progenitor; \
                    generated from the workspace's spec/onezone.yaml by onezone-codegen\"";
    assert!(client.contains(expected), "{client}");
    for krate in ["errors", "generated-types", "generated-client", "generated-server-stubs"] {
        let text = read(&format!("{krate}/Cargo.toml")) + &read(&format!("{krate}/README.md"));
        assert!(!text.contains("handle-service and group") && !text.contains("handle services and groups"), "{krate}");
    }
    assert!(read("generated-types/README.md").starts_with("# onezone-types\n\nSchema types of the Onezone REST API"));
    for rel in ["Cargo.lock", "errors/src/lib.rs", "generated-server-stubs/src/generated_dynamic.rs"] {
        assert!(ws.join(rel).is_file(), "{rel}");
    }
    for absent in ["tests", "cli", "xtask", "generated-client/tests"] {
        assert!(!ws.join(absent).exists(), "{absent}");
    }
    assert!(!dir.join("crates.partial").exists());
    let readme = read("README.md");
    assert!(readme.contains("5 operations and 6 schemas") && readme.contains("--root "), "{readme}");
    // The generated modules are what `regenerate` makes of the spec there,
    // which skips the outputs a library workspace does not hold.
    let spec_path = ws.join("spec/onezone.yaml");
    let check =
        xtask(&["regenerate", "--check", "--spec", spec_path.to_str().unwrap(), "--root", ws.to_str().unwrap()]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{err}");
    assert!(err.contains("not here, so not generated: tests/src/generated.rs, cli/src/generated.rs"), "{err}");
    assert!(read("generated-client/src/generated.rs").contains("pub fn list_groups"));

    // A second run does not overwrite it, and says how to refresh it.
    std::fs::write(ws.join("mine.txt"), "kept").unwrap();
    let again = xtask(&args);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(2), "{err}");
    assert!(err.contains("exists and is not empty") && err.contains("cargo xtask regenerate --spec "), "{err}");
    assert_eq!(read("mine.txt"), "kept");
    assert_eq!(read("spec/onezone.yaml"), spec);
}

#[test]
fn a_scope_the_generator_refuses_leaves_no_workspace() {
    let dir = scratch("workspace-refused");
    let upstream = dir.join("upstream.yaml");
    // `date-time` would need a crate the generated types do not depend on.
    std::fs::write(
        &upstream,
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nproduces: [application/json]\npaths:\n  /groups:\n    get:\n      \
         operationId: list_groups\n      responses:\n        '200':\n          description: ok\n          schema:\n            \
         $ref: '#/definitions/Groups'\ndefinitions:\n  Groups:\n    type: object\n    properties:\n      since:\n        \
         type: string\n        format: date-time\n",
    )
    .unwrap();
    let ws = dir.join("crates");
    let run = xtask(&["import", "--upstream", upstream.to_str().unwrap(), "--workspace", ws.to_str().unwrap()]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains("the imported description is not one the generator takes"), "{err}");
    assert!(err.contains("spec/onezone.yaml#/components/schemas/Groups/properties/since/format"), "{err}");
    assert!(!ws.exists() && !dir.join("crates.partial").exists());
    // --out and --workspace exclude each other.
    let both = xtask(&[
        "import",
        "--upstream",
        upstream.to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
        "--out",
        dir.join("x.yaml").to_str().unwrap(),
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("cannot be used with"), "{}", stderr(&both));
}
