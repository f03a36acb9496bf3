#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

//! The `cargo xtask regenerate` command line as users and CI run it: exit
//! codes, messages, and what it writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env("RUST_BACKTRACE", "1").output().expect("xtask runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const GENERATED: [&str; 6] = onezone_codegen::OUTPUT_PATHS;

/// A throw-away copy of the spec and the generated files, laid out like the
/// workspace, so tests can edit and regenerate without touching the real one.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for rel in ["Cargo.toml", "xtask/Cargo.toml", "spec/onezone.yaml"].into_iter().chain(GENERATED) {
            let to = dir.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root().join(rel), &to).unwrap();
        }
        Scratch(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    fn run(&self, check: bool) -> Output {
        let spec = self.path("spec/onezone.yaml");
        let mut args = vec!["regenerate", "--root", self.0.to_str().unwrap(), "--spec", spec.to_str().unwrap()];
        if check {
            args.push("--check");
        }
        xtask(&args)
    }

    fn edit_spec(&self, from: &str, to: &str) {
        let path = self.path("spec/onezone.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "spec has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_passes_on_the_committed_workspace() {
    let out = xtask(&["regenerate", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("up to date"), "{}", stderr(&out));
}

/// `cargo xtask` run without `--root` inside checkout `dir`: as cargo runs
/// it there (`CARGO_MANIFEST_DIR` set to that checkout's `xtask/`), or as a
/// shell runs the binary (no such variable, current directory inside).
fn xtask_in(dir: &Path, manifest_dir: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(dir).args(args).env_remove("CARGO_MANIFEST_DIR");
    if let Some(manifest_dir) = manifest_dir {
        command.env("CARGO_MANIFEST_DIR", manifest_dir);
    }
    command.output().expect("xtask runs")
}

/// Two checkouts sharing one target directory share one xtask binary (cargo
/// keeps it fresh for both): this binary, built in this workspace, must work
/// on the checkout it is run in, never on the one it was compiled in.
#[test]
fn xtask_works_on_the_checkout_it_runs_in_not_the_one_it_was_built_in() {
    let (a, b) = (Scratch::new("checkout-a"), Scratch::new("checkout-b"));
    a.edit_spec("summary: Create a group", "summary: Create a group in checkout A");
    for (manifest_dir, cwd) in [(Some(a.path("xtask")), a.path("")), (None, a.path("spec"))] {
        let out = xtask_in(&cwd, manifest_dir.as_deref(), &["regenerate", "--check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "A is stale, whoever built the binary: {err}");
        assert!(err.contains("stale: generated-client/src/generated.rs") && err.contains("checkout A"), "{err}");
    }
    let out = xtask_in(&b.path(""), Some(&b.path("xtask")), &["regenerate", "--check"]);
    assert_eq!(out.status.code(), Some(0), "B is fresh: {}", stderr(&out));

    // Regenerating in A writes A's files, and leaves B alone.
    let out = xtask_in(&a.path(""), Some(&a.path("xtask")), &["regenerate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let client = |s: &Scratch| std::fs::read_to_string(s.path("generated-client/src/generated.rs")).unwrap();
    assert!(client(&a).contains("checkout A") && !client(&b).contains("checkout A"));
}

#[test]
fn outside_any_checkout_xtask_says_so_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("xtask-cli-no-checkout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for args in [&["regenerate", "--check"][..], &["conformance"], &["bench", "--quick"]] {
        let out = xtask_in(&dir, None, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("no onezone-codegen workspace") && err.contains("run `cargo xtask` inside"), "{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_root_that_is_not_a_workspace_exits_2_and_gets_nothing_written() {
    let dir = std::env::temp_dir().join(format!("xtask-cli-not-a-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("spec/onezone.yaml");
    for check in [false, true] {
        let mut args = vec!["regenerate", "--root", dir.to_str().unwrap(), "--spec", spec.to_str().unwrap()];
        if check {
            args.push("--check");
        }
        let out = xtask(&args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("is not a workspace laid out like this one"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a mistyped --root must not grow a tree");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_edited_summary_makes_check_fail_with_the_stale_file_and_its_diff() {
    let s = Scratch::new("summary");
    s.edit_spec("summary: Create a group", "summary: Create a brand-new group");
    let before: Vec<Vec<u8>> = GENERATED.iter().map(|g| std::fs::read(s.path(g)).unwrap()).collect();
    let out = s.run(true);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("stale: generated-client/src/generated.rs"), "{err}");
    assert!(err.contains("+") && err.contains("Create a brand-new group"), "diff head missing: {err}");
    let after: Vec<Vec<u8>> = GENERATED.iter().map(|g| std::fs::read(s.path(g)).unwrap()).collect();
    assert_eq!(before, after, "--check must not write");

    // Regenerating fixes it, and a second run produces the very same bytes.
    assert_eq!(s.run(false).status.code(), Some(0));
    let first: Vec<Vec<u8>> = GENERATED.iter().map(|g| std::fs::read(s.path(g)).unwrap()).collect();
    assert_eq!(s.run(true).status.code(), Some(0));
    assert_eq!(s.run(false).status.code(), Some(0));
    let second: Vec<Vec<u8>> = GENERATED.iter().map(|g| std::fs::read(s.path(g)).unwrap()).collect();
    assert_eq!(first, second, "regeneration is not reproducible");
}

#[test]
fn an_added_operation_reaches_client_and_server() {
    let s = Scratch::new("added-op");
    s.edit_spec(
        "  /groups/{id}:\n",
        "  /groups/{id}/ping:\n    get:\n      operationId: ping_group\n      tags: [Group]\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204':\n          description: pong\n  /groups/{id}:\n",
    );
    let out = s.run(true);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for file in GENERATED.iter().skip(1) {
        assert!(err.contains(&format!("stale: {file}")), "{file} not reported: {err}");
    }
    assert_eq!(s.run(false).status.code(), Some(0));
    let client = std::fs::read_to_string(s.path("generated-client/src/generated.rs")).unwrap();
    let server = std::fs::read_to_string(s.path("generated-server-stubs/src/generated.rs")).unwrap();
    assert!(client.contains("pub fn ping_group(&self)"));
    assert!(server.contains("fn ping_group(") && server.contains("pub struct PingGroup;"));
    let dynamic = std::fs::read_to_string(s.path("generated-server-stubs/src/generated_dynamic.rs")).unwrap();
    assert!(dynamic.contains("call::<operations::PingGroup, T>"));
    let cli = std::fs::read_to_string(s.path("cli/src/generated.rs")).unwrap();
    assert!(cli.contains("command: \"pingGroup\"") && cli.contains("client.ping_group()"), "not in the CLI table");
}

#[test]
fn every_bad_spec_exits_2_with_a_located_message_and_no_backtrace() {
    let dir = root().join("codegen/tests/bad-specs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 30, "bad-spec corpus went missing");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        // The file's header says where the error is (see codegen/tests/generate/bad_specs.rs).
        let at = text.lines().find_map(|l| l.strip_prefix("# error-at:")).map(str::trim).expect(&name);
        let out = xtask(&["regenerate", "--check", "--spec", file.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        // xtask names the spec by its path relative to the workspace when it can.
        let location = format!("bad-specs/{name}{at}:");
        assert!(err.contains(&location), "{name}: message does not name {location}: {err}");
        assert!(!err.contains("panicked") && !err.contains("stack backtrace"), "{name}: {err}");
    }
}

#[test]
fn a_missing_spec_file_is_a_generation_failure() {
    let out = xtask(&["regenerate", "--check", "--spec", "/nonexistent/onezone.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read spec /nonexistent/onezone.yaml"), "{}", stderr(&out));
}
