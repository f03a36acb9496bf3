#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

//! `cargo xtask drift` as users and CI run it: exit codes, the JSON report,
//! and spec/deviations.yaml kept in step with spec/README.md.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The comparison fixtures of onezone-upstream: a bundled Swagger 2.0 file
/// and the OpenAPI 3.0 spec that describes the same API.
fn fixture(name: &str) -> PathBuf {
    root().join("upstream/tests/fixtures/compare").join(name)
}

fn drift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("drift").args(args).output().expect("xtask runs")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-drift-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Our fixture spec without its `GET /groups/{id}`.
fn spec_missing_get_group(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("ours.yaml")).unwrap();
    let mut doc: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    doc["paths"]["/groups/{id}"].as_object_mut().unwrap().remove("get").unwrap();
    let path = dir.join("ours.yaml");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

#[test]
fn equal_descriptions_exit_0_with_no_finding() {
    let (upstream, ours) = (fixture("upstream.yaml"), fixture("ours.yaml"));
    let out = drift(&[
        "--upstream",
        upstream.to_str().unwrap(),
        "--spec",
        ours.to_str().unwrap(),
        "--no-deviations",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["upstream", "findings", "stale_deviations"]);
    assert_eq!(report["upstream"]["version"], "1.0.0");
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn a_new_finding_exits_1_and_a_deviation_makes_it_known() {
    let dir = scratch("known");
    let ours = spec_missing_get_group(&dir);
    let upstream = fixture("upstream.yaml");
    let base = ["--upstream", upstream.to_str().unwrap(), "--spec", ours.to_str().unwrap(), "--format", "json"];

    let out = drift(&[&base[..], &["--no-deviations"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let finding = &json(&out)["findings"][0];
    assert_eq!(finding["kind"], "operation-missing");
    assert_eq!(
        (&finding["operation"], &finding["method"], &finding["path"]),
        (&"get_group".into(), &"GET".into(), &"/groups/{id}".into())
    );
    assert_eq!(finding["upstream"]["pointer"], "/paths/~1groups~1{id}/get");
    assert_eq!((&finding["known"], &finding["deviation"]), (&Value::Bool(false), &Value::Null));

    let deviations = dir.join("deviations.yaml");
    std::fs::write(
        &deviations,
        "deviations:\n  - id: no-get-group\n    kind: operation-missing\n    upstream: ['/paths/~1groups~1{id}/get']\n    reason: left out on purpose (test)\n",
    )
    .unwrap();
    let out = drift(&[&base[..], &["--deviations", deviations.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let finding = &json(&out)["findings"][0];
    assert_eq!((&finding["known"], &finding["deviation"]), (&Value::Bool(true), &"no-get-group".into()));

    // The same deviation against the full spec covers nothing: stale, exit 1.
    let full = fixture("ours.yaml");
    let out = drift(&[
        "--upstream",
        upstream.to_str().unwrap(),
        "--spec",
        full.to_str().unwrap(),
        "--deviations",
        deviations.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["stale_deviations"][0]["id"], "no-get-group");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_text_report_names_both_pointers_and_the_summary() {
    let dir = scratch("text");
    let ours = spec_missing_get_group(&dir);
    let upstream = fixture("upstream.yaml");
    let out = drift(&["--upstream", upstream.to_str().unwrap(), "--spec", ours.to_str().unwrap(), "--no-deviations"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("GET /groups/{id} (get_group)"), "{text}");
    assert!(text.contains("operation-missing") && text.contains("/paths/~1groups~1{id}/get"), "{text}");
    assert!(text.contains("summary: 1 finding (0 known, 1 new"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_input_exits_2_with_a_located_error() {
    let dir = scratch("bad");
    let out = drift(&["--upstream", dir.join("missing").to_str().unwrap(), "--no-deviations"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"), "{}", String::from_utf8_lossy(&out.stderr));

    // A tree whose index refers to a file that is not there.
    std::fs::write(
        dir.join("index.yaml"),
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  $ref: ./paths.yaml\n",
    )
    .unwrap();
    let out = drift(&["--upstream", dir.to_str().unwrap(), "--no-deviations"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("paths.yaml") && err.contains("index.yaml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // A deviations file that is not one.
    let deviations = dir.join("deviations.yaml");
    std::fs::write(&deviations, "deviations:\n  - id: x\n    kind: no-such-kind\n    ours: [/a]\n    reason: r\n")
        .unwrap();
    let upstream = fixture("upstream.yaml");
    let out = drift(&["--upstream", upstream.to_str().unwrap(), "--deviations", deviations.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no-such-kind") && err.contains("/deviations/0/kind"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// spec/deviations.yaml and the prose of spec/README.md cite each other: each
/// deviation's id is explained in the README, and each id the README cites
/// (as `` (`id`) `` in its deviations section) is recorded.
#[test]
fn recorded_deviations_and_the_spec_readme_cite_each_other() {
    let text = std::fs::read_to_string(root().join("spec/deviations.yaml")).unwrap();
    let deviations = onezone_upstream::Deviations::parse(&text, "spec/deviations.yaml").unwrap();
    let recorded: BTreeSet<String> = deviations.entries.iter().map(|d| d.id.clone()).collect();
    let readme = std::fs::read_to_string(root().join("spec/README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let cited: BTreeSet<String> = readme
        .split("deviation `")
        .skip(1)
        .filter_map(|rest| rest.split_once('`').map(|(id, _)| id.to_owned()))
        .collect();
    assert!(recorded.len() >= 15, "{recorded:?}");
    assert_eq!(cited, recorded, "ids cited in spec/README.md (as: deviation `id`) vs spec/deviations.yaml");
}

/// Every pointer a recorded deviation gives on our side names a node of
/// spec/onezone.yaml: renaming something in the spec cannot silently orphan
/// a deviation (upstream, and so staleness, is not available offline).
#[test]
fn every_recorded_pointer_into_our_spec_resolves() {
    let text = std::fs::read_to_string(root().join("spec/deviations.yaml")).unwrap();
    let deviations = onezone_upstream::Deviations::parse(&text, "spec/deviations.yaml").unwrap();
    let spec_text = std::fs::read_to_string(root().join("spec/onezone.yaml")).unwrap();
    let spec = onezone_upstream::parse_text(&spec_text, "spec/onezone.yaml").unwrap();
    let mut checked = 0;
    for deviation in &deviations.entries {
        for pointer in &deviation.ours {
            assert!(
                spec.pointer(pointer).is_some(),
                "deviation {}: {pointer} is not in spec/onezone.yaml",
                deviation.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}
