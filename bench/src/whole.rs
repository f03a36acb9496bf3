//! The whole Onezone API through the generator:
//!
//! - `import_regenerate_vs_regenerate` (report only): `xtask import
//!   --upstream TREE --scope all --workspace W` (read the Swagger tree,
//!   repair it, generate every crate, write a new workspace) against our
//!   `xtask regenerate --check` of the workspace, the same built binary,
//!   interleaved in pairs (each side first in half of them) after an untimed
//!   warm-up of each; the ratio of the medians. `W` is removed before each
//!   import (untimed), which refuses a non-empty folder.
//! - `per_operation_cost_ratio` (target ≤ 1.5): the same medians, each
//!   divided by its spec's operation count (paths × HTTP methods): near or
//!   under 1 when the cost grows at most linearly with the operations.
//! - `whole_lines_per_operation` (report only): lines of the generated Rust
//!   files (`*/src/generated*.rs`) of `W` per operation, beside the same for
//!   our committed crates.
//! - With cold builds (a full run, or `--quick --cold-compile`): `cargo
//!   build --workspace` of `W`, offline in a fresh target dir, its crates and
//!   its warnings (target 0), beside OpenAPI Generator's `rust` client
//!   generated from the same file, `W/spec/onezone.yaml`, and built the same
//!   way. What stops OpenAPI Generator (no java, its project not buildable
//!   offline, a compile error) leaves its figure null with the reason.
//!
//! Without `--upstream` the bench imports the small fixture tree of
//! `onezone-upstream` and says so: that tree holds an operation the importer
//! refuses on purpose (a `type: file` response), so it is imported with the
//! scope CI imports (`FIXTURE_SCOPE`) instead of `all`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::regen::{self, Oag, tail};
use crate::{compile, stats, subprocess};

/// Sizes and switches of a run.
pub struct Plan {
    /// Timed pairs (after one untimed run of each side).
    pub pairs: usize,
    /// Cold-build the imported workspace and OpenAPI Generator's client.
    pub cold: bool,
    /// May ask crates.io: fetch the dependencies of OpenAPI Generator's
    /// client before its offline cold build (full runs; CI never).
    pub online: bool,
    /// The scope imported instead of the default (`all`, or
    /// [`FIXTURE_SCOPE`] for the fixture tree).
    pub scope: Option<String>,
}

/// The scope imported from the fixture tree (the one CI imports).
pub const FIXTURE_SCOPE: &str = "/groups,/groups/{id},/handle_services/**";

/// One import of the whole 21.02.7 API takes a few seconds (debug build).
const IMPORT_LIMIT: Duration = Duration::from_secs(300);
const REGENERATE_LIMIT: Duration = Duration::from_secs(120);
/// `cargo fetch` of OpenAPI Generator's client (about 200 crates).
const FETCH_LIMIT: Duration = Duration::from_secs(600);

/// Our crates whose generated files are counted: the three an imported
/// workspace has too (`errors` has none; the conformance tests and the CLI
/// are not imported).
const OUR_CRATES: [&str; 3] = ["generated-types", "generated-client", "generated-server-stubs"];
const SPEC: &str = "spec/onezone.yaml";
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The headline figures and the section for the JSON report.
pub struct Outcome {
    pub section: Value,
    pub vs_regenerate: f64,
    pub per_operation: f64,
    pub lines_per_operation: f64,
}

fn time(command: &mut Command, what: &str, limit: Duration) -> anyhow::Result<f64> {
    let out = subprocess::output(command, limit, what)?;
    if !out.status.success() {
        bail!("{what} failed ({}):\n{}", out.status, tail(&String::from_utf8_lossy(&out.stderr), 10));
    }
    Ok(out.elapsed.as_secs_f64())
}

/// Runs the part in `work/whole`; `work` also holds OpenAPI Generator's venv
/// (shared with the regenerate part).
pub fn run(root: &Path, work: &Path, xtask: &Path, upstream: Option<&Path>, plan: &Plan) -> anyhow::Result<Outcome> {
    let tree = upstream.map_or_else(|| root.join(crate::drift::FIXTURE_TREE), Path::to_path_buf);
    let scope = plan.scope.clone().unwrap_or_else(|| if upstream.is_some() { "all" } else { FIXTURE_SCOPE }.to_owned());
    let dir = work.join("whole");
    let ws = dir.join("workspace");
    std::fs::create_dir_all(&dir)?;
    let import = || -> anyhow::Result<f64> {
        if ws.exists() {
            std::fs::remove_dir_all(&ws).with_context(|| format!("cannot remove {}", ws.display()))?;
        }
        let mut c = Command::new(xtask);
        c.current_dir(root).args(["import", "--upstream"]).arg(&tree).args(["--scope", &scope, "--workspace"]).arg(&ws);
        time(&mut c, "xtask import --workspace", IMPORT_LIMIT)
    };
    let regenerate = || {
        let mut c = Command::new(xtask);
        c.current_dir(root).args(["regenerate", "--check"]);
        time(&mut c, "xtask regenerate --check", REGENERATE_LIMIT)
    };

    let (mut import_s, mut regen_s) = (Vec::new(), Vec::new());
    import()?;
    regenerate()?;
    for i in 0..plan.pairs {
        if i % 2 == 0 {
            import_s.push(import()?);
            regen_s.push(regenerate()?);
        } else {
            regen_s.push(regenerate()?);
            import_s.push(import()?);
        }
    }
    let (import_median, regen_median) = (stats::median(&import_s), stats::median(&regen_s));
    let imported_spec = ws.join(SPEC);
    let ops_whole = count_operations(&imported_spec)?;
    let ops_ours = count_operations(&root.join(SPEC))?;
    let vs_regenerate = stats::ratio(import_median, regen_median);
    let per_operation = stats::ratio(import_median / ops_whole as f64, regen_median / ops_ours as f64);
    // The generator library alone, in this process, on each spec: how much
    // of the import's cost per operation is generating, and how that grows.
    let whole_text = std::fs::read_to_string(&imported_spec)?;
    let ours_text = std::fs::read_to_string(root.join(SPEC))?;
    let (mut gen_whole_s, mut gen_ours_s) = (Vec::new(), Vec::new());
    for _ in 0..plan.pairs.max(3) {
        gen_whole_s.push(generate_seconds(&whole_text)?);
        gen_ours_s.push(generate_seconds(&ours_text)?);
    }
    let generator_per_operation =
        stats::ratio(stats::median(&gen_whole_s) / ops_whole as f64, stats::median(&gen_ours_s) / ops_ours as f64);
    eprintln!(
        "  import of {ops_whole} operations median {import_median:.3} s vs regenerate --check of {ops_ours} {regen_median:.3} s: ratio {vs_regenerate:.3}, per operation {per_operation:.3}"
    );

    // Lines of generated Rust, the imported workspace's and ours.
    let whole_files = generated_files(&ws, &crate_dirs(&ws)?)?;
    let ours_files = generated_files(root, &OUR_CRATES.map(PathBuf::from))?;
    let lines = |files: &[(String, u64)]| files.iter().map(|(_, n)| n).sum::<u64>();
    let (whole_lines, ours_lines) = (lines(&whole_files), lines(&ours_files));
    let lines_per_operation = whole_lines as f64 / ops_whole as f64;
    let files_json =
        |files: &[(String, u64)]| Value::Object(files.iter().map(|(p, n)| (p.clone(), json!(n))).collect());

    let cold = if plan.cold {
        cold_builds(work, &dir, &ws, ops_whole, plan.online)
    } else {
        json!({ "skipped": "--quick: no cold builds (--cold-compile adds them)" })
    };

    let section = json!({
        "upstream": tree.display().to_string(),
        "fixture_tree": upstream.is_none(),
        "scope": scope,
        "workspace": ws.display().to_string(),
        "order": "one untimed run of each side, then pairs, each side first in half of them; medians of wall time (W removed before each import, untimed)",
        "pairs": plan.pairs,
        "operations": { "imported": ops_whole, "ours": ops_ours },
        "import_s": stats::summary(&import_s),
        "regenerate_check_s": stats::summary(&regen_s),
        "import_s_samples": stats::nums(&import_s),
        "regenerate_check_s_samples": stats::nums(&regen_s),
        "seconds_per_operation": {
            "import": stats::num(import_median / ops_whole as f64),
            "regenerate_check": stats::num(regen_median / ops_ours as f64),
        },
        "import_regenerate_vs_regenerate": stats::num(vs_regenerate),
        "per_operation_cost_ratio": stats::num(per_operation),
        "generator_in_process": {
            "what": "onezone_codegen::generate on each spec's text in this process (no process start, no tree to read, no files written); alternating, after the pairs",
            "imported_s": stats::summary(&gen_whole_s),
            "ours_s": stats::summary(&gen_ours_s),
            "per_operation_ratio": stats::num(generator_per_operation),
        },
        "generated_lines": {
            "imported": {
                "files": files_json(&whole_files),
                "lines": whole_lines,
                "per_operation": stats::num(lines_per_operation),
            },
            "ours": {
                "files": files_json(&ours_files),
                "lines": ours_lines,
                "per_operation": stats::num(ours_lines as f64 / ops_ours as f64),
            },
        },
        "cold_build": cold,
    });
    Ok(Outcome { section, vs_regenerate, per_operation, lines_per_operation })
}

/// One in-process run of the generator library on a spec's text.
fn generate_seconds(text: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let generated = onezone_codegen::generate(text, &onezone_codegen::Settings::new(SPEC))?;
    let seconds = started.elapsed().as_secs_f64();
    std::hint::black_box(generated);
    Ok(seconds)
}

/// Operations of an OpenAPI file: each HTTP method of each path.
fn count_operations(spec: &Path) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let doc: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&text).with_context(|| format!("{} is not YAML", spec.display()))?;
    let paths =
        doc.get("paths").and_then(|p| p.as_mapping()).with_context(|| format!("{}: no paths", spec.display()))?;
    Ok(paths
        .values()
        .filter_map(|item| item.as_mapping())
        .map(|item| item.keys().filter(|k| k.as_str().is_some_and(|k| METHODS.contains(&k))).count())
        .sum())
}

/// The folders of `ws` that hold a `src` folder (its crates), sorted.
fn crate_dirs(ws: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(ws).with_context(|| format!("cannot read {}", ws.display()))? {
        let entry = entry?;
        if entry.path().join("src").is_dir() {
            dirs.push(PathBuf::from(entry.file_name()));
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// Every `generated*.rs` directly in `<crate>/src` of the given crate
/// folders (relative to `base`), with its line count; sorted by path.
fn generated_files(base: &Path, crates: &[PathBuf]) -> anyhow::Result<Vec<(String, u64)>> {
    let mut files = Vec::new();
    for krate in crates {
        let src = base.join(krate).join("src");
        for entry in std::fs::read_dir(&src).with_context(|| format!("cannot read {}", src.display()))? {
            let name = entry?.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with("generated") && name.ends_with(".rs") {
                let mut count = regen::Count::default();
                regen::count_file(&src.join(name), &mut count)?;
                files.push((format!("{}/src/{name}", krate.display()), count.lines));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The cold builds: the imported workspace (what fails there is recorded as
/// its error, and the warnings row is not met), then OpenAPI Generator's
/// `rust` client from the same spec file (null with the reason when it
/// cannot be had), and the ratio of the two times.
fn cold_builds(work: &Path, dir: &Path, ws: &Path, ops: usize, online: bool) -> Value {
    eprintln!("  cold build of the imported workspace (cargo build --workspace --offline)");
    let ours = match compile::cold_build(ws, &dir.join("cold").join("workspace"), &["--workspace"]) {
        Ok(built) => {
            eprintln!(
                "  cold build of the imported workspace: {:.1} s, {} crates compiled, {} warnings",
                built.seconds,
                built.crates,
                built.warnings.len()
            );
            json!({
                "command": "cargo build --workspace --offline (dev profile, CARGO_INCREMENTAL=0, fresh target dir)",
                "cold_build_s": stats::num(built.seconds),
                "crates_compiled": built.crates,
                "warnings": built.warnings.len(),
                "warning_lines": built.warnings.iter().take(20).collect::<Vec<_>>(),
            })
        }
        Err(e) => {
            eprintln!("  cold build of the imported workspace FAILED");
            json!({ "error": format!("{e:#}") })
        }
    };
    let oag = match oag_client(work, dir, &ws.join(SPEC), ops, online) {
        Ok(entry) => entry,
        Err(reason) => {
            eprintln!("  OpenAPI Generator's client: {}", tail(&reason, 1));
            json!({ "skipped": reason })
        }
    };
    let (ratio, reason) = match (ours["cold_build_s"].as_f64(), oag["cold_build_s"].as_f64()) {
        (Some(a), Some(b)) => (stats::num(stats::ratio(a, b)), Value::Null),
        (None, _) => (Value::Null, json!("the imported workspace did not build")),
        (_, None) => (
            Value::Null,
            json!(
                oag["skipped"]
                    .as_str()
                    .or(oag["cold_build_error"].as_str())
                    .or(oag["error"].as_str())
                    .unwrap_or("OpenAPI Generator's client was not built")
            ),
        ),
    };
    json!({
        "imported_workspace": ours,
        "openapi_generator_rust": oag,
        "ratio_vs_openapi_generator": ratio,
        "ratio_reason": reason,
    })
}

/// OpenAPI Generator's `rust` client generated from `spec` into
/// `dir/openapi-generator-rust`, its `.rs` lines, and its cold build
/// (`compile::oag_project`); `Err` with the reason when it cannot be generated.
fn oag_client(work: &Path, dir: &Path, spec: &Path, ops: usize, online: bool) -> Result<Value, String> {
    let cli = match regen::install(work) {
        Oag::Ready(cli) => cli,
        Oag::Unavailable(reason) => return Err(reason),
    };
    let out = dir.join("openapi-generator-rust");
    let _ = std::fs::remove_dir_all(&out);
    eprintln!("  OpenAPI Generator {}: generating the rust client from the imported spec", regen::OAG_VERSION);
    let generate_s = regen::timed(
        Command::new(&cli).args(["generate", "-g", "rust", "-i"]).arg(spec).arg("-o").arg(&out),
        "openapi-generator-cli generate -g rust",
        regen::GENERATE_LIMIT,
    )
    .map_err(|e| format!("OpenAPI Generator {} failed on the imported spec: {e:#}", regen::OAG_VERSION))?;
    let mut count = regen::Count::default();
    regen::count_tree(&out, &mut count).map_err(|e| format!("cannot read {}: {e:#}", out.display()))?;
    let changes = compile::make_buildable(&out).map_err(|e| format!("cannot edit its manifest: {e:#}"))?;
    let mut fetch = Value::Null;
    if online {
        // Its dependencies are mostly not ours (older reqwest, mime_guess…):
        // fetched here so that the cold build below, offline like ours, can
        // run. Only the download cache is filled; nothing is compiled.
        let mut c = compile::cargo();
        c.current_dir(&out).arg("fetch");
        fetch = match subprocess::output(&mut c, FETCH_LIMIT, "cargo fetch") {
            Ok(o) if o.status.success() => json!({ "ok": true, "s": stats::num(o.elapsed.as_secs_f64()) }),
            Ok(o) => json!({ "ok": false, "error": tail(&String::from_utf8_lossy(&o.stderr), 4) }),
            Err(e) => json!({ "ok": false, "error": format!("{e:#}") }),
        };
    }
    let mut entry =
        compile::oag_project(&out, dir, true, online).unwrap_or_else(|e| json!({ "error": format!("{e:#}") }));
    entry["package"] = json!(format!("openapi-generator-cli=={} (PyPI), generator rust", regen::OAG_VERSION));
    entry["input"] = json!(spec.display().to_string());
    entry["generate_s"] = stats::num(generate_s);
    entry["output"] = regen::count_json(count);
    entry["rs_lines_per_operation"] = stats::num(count.rs_lines as f64 / ops as f64);
    entry["manifest_changes"] = json!(changes);
    entry["cargo_fetch"] = fetch;
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("onezone-bench-whole-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn operations_are_the_http_methods_of_each_path() {
        let dir = scratch("ops");
        let spec = dir.join("onezone.yaml");
        let text = "openapi: 3.0.3\npaths:\n  /groups:\n    parameters: []\n    get: {}\n    post: {}\n    summary: s\n  /groups/{id}:\n    get: {}\n    patch: {}\n    delete: {}\n  /x-empty: {}\n";
        std::fs::write(&spec, text).unwrap();
        let n = count_operations(&spec).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(n, 5);
    }

    #[test]
    fn the_generated_files_of_each_crate_are_counted() {
        let dir = scratch("files");
        for (path, text) in [
            ("generated-types/src/generated.rs", "a\nb\n"),
            ("generated-types/src/lib.rs", "not counted\n"),
            ("generated-server-stubs/src/generated_dynamic.rs", "a\n"),
            ("generated-server-stubs/src/generated.rs", "a\nb\nc\n"),
            ("spec/onezone.yaml", "no src folder\n"),
        ] {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let crates = crate_dirs(&dir).unwrap();
        let files = generated_files(&dir, &crates).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(crates, [PathBuf::from("generated-server-stubs"), PathBuf::from("generated-types")]);
        assert_eq!(
            files,
            [
                ("generated-server-stubs/src/generated.rs".to_owned(), 3),
                ("generated-server-stubs/src/generated_dynamic.rs".to_owned(), 1),
                ("generated-types/src/generated.rs".to_owned(), 2),
            ]
        );
    }
}
