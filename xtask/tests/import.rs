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
        summary.contains("(upstream 21.02.7-fixture)") && summary.ends_with("2 repairs (media-type-any 2)"),
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
        assert!(stderr(&run).lines().last().unwrap().ends_with("; 0 repairs"), "{}", stderr(&run));
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
    for rel in [
        "Cargo.toml",
        "xtask/Cargo.toml",
        "generated-types/src/generated.rs",
        "generated-client/src/generated.rs",
        "generated-server-stubs/src/generated.rs",
        "generated-server-stubs/src/generated_dynamic.rs",
        "tests/src/generated.rs",
        "cli/src/generated.rs",
    ] {
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
