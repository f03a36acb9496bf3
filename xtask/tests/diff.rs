#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

//! `cargo xtask diff` as users and CI run it: the report on standard
//! output, `--fail-on breaking` exit codes, `--base` against git, and exit 2
//! with a located message for unreadable input. What the report says about
//! each kind of change is tested in codegen/tests/generate/diff.rs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn base_spec() -> String {
    std::fs::read_to_string(root().join("codegen/tests/diff/base.yaml")).unwrap()
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no {from:?}");
    text.replacen(from, to, 1)
}

/// Runs xtask in `dir` as `cargo xtask` run there would.
fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir)
        .args(args)
        .env("CARGO_MANIFEST_DIR", dir.join("xtask"))
        .output()
        .expect("xtask runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A throw-away directory laid out like a checkout (so xtask finds its
/// root), holding `spec/onezone.yaml` and any other files a test writes.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("xtask")).unwrap();
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "").unwrap();
        std::fs::write(dir.join("xtask/Cargo.toml"), "").unwrap();
        Scratch(dir)
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> String {
        std::fs::write(self.0.join(rel), text).unwrap();
        self.0.join(rel).to_str().unwrap().to_owned()
    }

    fn run(&self, args: &[&str]) -> Output {
        xtask_in(&self.0, args)
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn two_files_give_a_markdown_or_json_report() {
    let s = Scratch::new("files");
    let old = s.write("old.yaml", base_spec());
    let new = s.write("new.yaml", edit(&base_spec(), "enum: [doi, pid]", "enum: [doi, pid, ark]"));

    let out = s.run(&["diff", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "a report without --fail-on exits 0: {}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("| `onezone-types` | **major** | `enum_variant_added` `Kind::Ark` |"), "{md}");
    assert!(md.contains("**`enum-value-added`** (request and response, error: breaking on the wire)"), "{md}");

    let out = s.run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("standard output is one JSON document");
    assert_eq!(json["changes"][0]["kind"], "enum-value-added");
    assert_eq!(json["changes"][0]["direction"], "both");
    assert_eq!(json["changes"][0]["rust"][0]["rule"], "enum_variant_added");
    assert_eq!(json["rust"]["crates"][0]["crate"], "onezone-types");
    assert_eq!(json["rust"]["crates"][0]["bump"], "major");
    assert_eq!(json["breaking"], serde_json::json!({"wire": true, "rust": true}));
}

#[test]
fn fail_on_breaking_exits_1_for_a_wire_or_a_major_rust_break_only() {
    let s = Scratch::new("fail-on");
    let base = base_spec();
    let old = s.write("old.yaml", &base);
    let cases = [
        // Breaking on the wire (and in Rust).
        ("enum.yaml", edit(&base, "enum: [doi, pid]", "enum: [doi, pid, ark]"), 1),
        // Harmless on the wire, a major bump of onezone-types.
        (
            "optional.yaml",
            edit(
                &base,
                "        note: {type: string}\n",
                "        note: {type: string}\n        tag: {type: string}\n",
            ),
            1,
        ),
        // A summary: nothing on the wire, rustdoc (a patch) in Rust.
        (
            "summary.yaml",
            edit(&base, "      operationId: get_thing\n", "      operationId: get_thing\n      summary: Read one\n"),
            0,
        ),
        // The lint refuses the new version (`anyOf`): only the wire half counts.
        (
            "refused.yaml",
            edit(
                &base,
                "              schema: {$ref: '#/components/schemas/Thing'}\n        '404'",
                "              schema: {anyOf: [{$ref: '#/components/schemas/Thing'}, {type: string}]}\n        '404'",
            ),
            1,
        ),
    ];
    for (file, text, code) in cases {
        let new = s.write(file, text);
        let out = s.run(&["diff", &old, &new, "--fail-on", "breaking"]);
        assert_eq!(out.status.code(), Some(code), "{file}: {}{}", stdout(&out), stderr(&out));
        if file == "refused.yaml" {
            assert!(stdout(&out).contains("no verdict: "), "{}", stdout(&out));
        }
        let out = s.run(&["diff", &old, &new]);
        assert_eq!(out.status.code(), Some(0), "{file} without --fail-on: {}", stderr(&out));
    }
}

#[test]
fn base_head_on_an_unchanged_tree_reports_no_change_then_sees_an_edit() {
    let s = Scratch::new("git");
    // The workspace's own spec, so both versions go through the generator
    // the way `cargo xtask diff` in CI does.
    let spec = std::fs::read_to_string(root().join("spec/onezone.yaml")).unwrap();
    s.write("spec/onezone.yaml", &spec);
    s.git(&["init", "--quiet"]);
    s.git(&["add", "."]);
    s.git(&["commit", "--quiet", "-m", "spec"]);

    for args in [&["diff", "--base", "HEAD", "--fail-on", "breaking"][..], &["diff", "--fail-on", "breaking"]] {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let md = stdout(&out);
        assert!(
            md.starts_with("# Spec diff: `HEAD:spec/onezone.yaml` (version 21.02.7) → `spec/onezone.yaml`"),
            "{md}"
        );
        assert!(md.contains("0 changes on the wire") && md.contains("None: the two versions are the same"), "{md}");
        assert!(md.contains("| `onezone-server` | none | generated code unchanged |"), "{md}");
    }

    s.write("spec/onezone.yaml", edit(&spec, "operationId: get_group\n", "operationId: read_group\n"));
    let out = s.run(&["diff", "--base", "HEAD", "--fail-on", "breaking"]);
    let md = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "renaming an operation renames its methods: {md}{}", stderr(&out));
    assert!(md.contains("**`operation-id-changed`** (not on the wire, info: not breaking on the wire)"), "{md}");
    assert!(md.contains("`onezone-client`: `inherent_method_missing` `Client::get_group` (major)"), "{md}");

    // A file `$ref` the revision does not hold is an unreadable old spec
    // (told by git's exit code, whatever language its messages are in).
    s.write(
        "spec/onezone.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: './gone.yaml'\n",
    );
    s.git(&["commit", "--quiet", "-am", "a reference to a file never committed"]);
    let out = s.run(&["diff", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("old spec HEAD:spec/onezone.yaml: ") && err.contains("file `gone.yaml` does not exist"),
        "{err}"
    );

    let out = s.run(&["diff", "--base", "no-such-revision"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("--base no-such-revision: no such commit in the git repository at"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn base_without_git_exits_2_and_says_so() {
    let s = Scratch::new("no-git");
    s.write("spec/onezone.yaml", base_spec());
    let empty = s.0.join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&s.0)
        .args(["diff", "--base", "HEAD"])
        .env("CARGO_MANIFEST_DIR", s.0.join("xtask"))
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("--base needs git, which could not be run"), "{}", stderr(&out));
}

#[test]
fn unreadable_input_exits_2_with_a_located_message() {
    let s = Scratch::new("unreadable");
    let good = s.write("good.yaml", base_spec());
    let cases: [(&str, &[u8], &str); 4] = [
        ("syntax.yaml", b"openapi: 3.0.3\ninfo: [\n", "new spec "),
        (
            "swagger.yaml",
            b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "swagger.yaml#/swagger: this is a Swagger 2.0 document",
        ),
        ("latin1.yaml", b"openapi: 3.0.3\ninfo: \xe9\n", "latin1.yaml: cannot be read: 2:7: not valid UTF-8"),
        (
            "dangling.yaml",
            b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: './missing.yaml'\n",
            "dangling.yaml#/paths/~1a/$ref",
        ),
    ];
    for (file, text, says) in cases {
        let bad = s.write(file, text);
        let out = s.run(&["diff", &good, &bad]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.starts_with(&format!("error: new spec {bad}: ")) && err.contains(says), "{file}: {err}");
        assert!(!err.contains("panicked") && stdout(&out).is_empty(), "{file}: {err}");
    }
    let syntax = s.0.join("syntax.yaml");
    let out = s.run(&["diff", syntax.to_str().unwrap(), &good]);
    assert!(stderr(&out).contains("syntax.yaml:3:1: not a valid YAML or JSON document"), "{}", stderr(&out));

    let out = s.run(&["diff", &good, "no-such.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: no-such.yaml: no such file"), "{}", stderr(&out));
    let out = s.run(&["diff", &good]);
    assert_eq!(out.status.code(), Some(2), "OLD without NEW is a usage error: {}", stderr(&out));
}

#[test]
fn semver_checks_says_when_it_is_not_installed_and_leaves_the_exit_code() {
    let installed = Command::new("cargo").args(["semver-checks", "--version"]).output();
    if installed.is_ok_and(|o| o.status.success()) {
        eprintln!("cargo-semver-checks is installed: this test covers the machine without it");
        return;
    }
    let s = Scratch::new("semver-checks");
    let old = s.write("old.yaml", base_spec());
    let out = s.run(&["diff", &old, &old, "--semver-checks", "--fail-on", "breaking"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("## cargo-semver-checks\n\ncargo-semver-checks is not installed"),
        "{}",
        stdout(&out)
    );
}

/// With cargo-semver-checks on PATH (here a stand-in that loads both
/// scratch workspaces with `cargo metadata --offline` for this platform, as the real one
/// must before it can check anything, and answers in its words), every
/// crate gets its summary: the scratch workspaces hold everything the
/// generated crates need (they once lacked `onezone-errors`, and nothing
/// finished).
#[test]
fn semver_checks_gets_a_summary_for_every_crate_from_loadable_workspaces() {
    let bin = std::env::temp_dir().join(format!("xtask-diff-fake-semver-checks-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("cargo-semver-checks");
    std::fs::write(
        &script,
        r#"#!/bin/sh
# cargo runs `cargo-semver-checks semver-checks ARGS…`
shift
[ "$1" = "--version" ] && { echo "cargo-semver-checks 0.0.0-stand-in"; exit 0; }
manifest=""; baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest-path) manifest="$2"; shift ;;
    --baseline-root) baseline="$2"; shift ;;
  esac
  shift
done
# This platform's packages only: a machine that built for it has those,
# not every platform's (windows-sys, …), and this test runs offline.
host=$(rustc -vV | sed -n 's/^host: //p')
cargo metadata --offline --filter-platform "$host" --format-version 1 --manifest-path "$manifest" >/dev/null || exit 3
cargo metadata --offline --filter-platform "$host" --format-version 1 --manifest-path "$baseline/Cargo.toml" >/dev/null || exit 3
echo "     Summary no semver update required"
"#,
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let old = bin.join("old.yaml");
    let new = bin.join("new.yaml");
    std::fs::write(&old, base_spec()).unwrap();
    std::fs::write(&new, base_spec()).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .env("CARGO_MANIFEST_DIR", root().join("xtask"))
        .env("PATH", path)
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--semver-checks"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    for krate in ["onezone-types", "onezone-client", "onezone-server"] {
        assert!(text.contains(&format!("- `{krate}`: no semver update required.")), "{krate}: {text}");
    }
    assert!(!text.contains("did not finish") && !text.contains("could not be made"), "{text}");
    std::fs::remove_dir_all(&bin).unwrap();
}
