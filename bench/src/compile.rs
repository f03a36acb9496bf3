//! `compile_seconds` (report only): cold `cargo build` of each generated
//! crate with its dependencies in a fresh target dir, and of OpenAPI
//! Generator's `rust` client; crate counts from the builds and from
//! `cargo metadata`.

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::regen::tail;
use crate::{stats, subprocess};

/// Our generated crates.
pub const CRATES: [&str; 3] = ["onezone-types", "onezone-client", "onezone-server"];

/// Time limits of the subprocesses (generous, for a loaded 2-core
/// machine); one that runs longer is killed and reported as an error.
const QUERY_LIMIT: Duration = Duration::from_secs(120);
const RESOLVE_LIMIT: Duration = Duration::from_secs(300);
const BUILD_LIMIT: Duration = Duration::from_secs(1800);

/// The cargo that runs us (`$CARGO`, set by `cargo run`), else `cargo`.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")))
}

fn host_triple() -> anyhow::Result<String> {
    let out = subprocess::output(Command::new("rustc").arg("-vV"), QUERY_LIMIT, "rustc -vV")?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .context("rustc -vV names no host")
}

/// Number of packages (the crate itself included) reachable from each root
/// through normal and build dependencies, for the host platform.
fn closure_counts(metadata: &Value, roots: &[&str]) -> anyhow::Result<HashMap<String, usize>> {
    let packages = metadata["packages"].as_array().context("metadata: packages")?;
    let name_of: HashMap<&str, &str> =
        packages.iter().filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?))).collect();
    let nodes = metadata["resolve"]["nodes"].as_array().context("metadata: resolve")?;
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for node in nodes {
        let Some(id) = node["id"].as_str() else { continue };
        let deps = node["deps"].as_array().map(Vec::as_slice).unwrap_or_default();
        let targets = deps
            .iter()
            .filter(|d| {
                d["dep_kinds"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k["kind"].as_str() != Some("dev")))
            })
            .filter_map(|d| d["pkg"].as_str())
            .collect();
        edges.insert(id, targets);
    }
    let mut counts = HashMap::new();
    for root in roots {
        let start = name_of
            .iter()
            .find(|(_, name)| *name == root)
            .map(|(id, _)| *id)
            .with_context(|| format!("metadata has no package {root}"))?;
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                stack.extend(edges.get(id).into_iter().flatten().copied());
            }
        }
        counts.insert((*root).to_owned(), seen.len());
    }
    Ok(counts)
}

fn metadata(dir: &Path, offline: bool) -> anyhow::Result<Value> {
    let mut cmd = cargo();
    cmd.current_dir(dir).args(["metadata", "--format-version", "1", "--filter-platform"]).arg(host_triple()?);
    if offline {
        cmd.arg("--offline");
    }
    let out = subprocess::output(&mut cmd, QUERY_LIMIT, "cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata failed: {}", tail(&String::from_utf8_lossy(&out.stderr), 3));
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// What a cold build took and gave.
pub(crate) struct ColdBuild {
    pub seconds: f64,
    /// Distinct packages compiled.
    pub crates: usize,
    /// Warnings: the compiler's about the packages built (those of
    /// dependencies from a registry are capped by cargo) and cargo's own
    /// `warning:` lines, each as its first line.
    pub warnings: Vec<String>,
}

/// A cold build of `dir` (`cargo build ARGS --offline`) in the fresh target
/// dir `target`, which is removed afterwards.
pub(crate) fn cold_build(dir: &Path, target: &Path, args: &[&str]) -> anyhow::Result<ColdBuild> {
    let _ = std::fs::remove_dir_all(target);
    let out = subprocess::output(
        cargo()
            .current_dir(dir)
            .arg("build")
            .args(args)
            .args(["--offline", "--message-format", "json", "--target-dir"])
            .arg(target)
            .env("CARGO_INCREMENTAL", "0"),
        BUILD_LIMIT,
        &format!("cargo build {}", args.join(" ")),
    );
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            let _ = std::fs::remove_dir_all(target);
            return Err(e);
        }
    };
    let seconds = out.elapsed.as_secs_f64();
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(target);
        // The compiler's errors are JSON on stdout; stderr has cargo's summary.
        let errors = compiler_errors(&String::from_utf8_lossy(&out.stdout));
        let first = errors.iter().take(3).map(|e| format!("\n{e}")).collect::<String>();
        bail!(
            "cargo build {} failed{}:{first}\n{}",
            args.join(" "),
            if errors.is_empty() {
                String::new()
            } else {
                format!(" ({} compiler errors, the first below)", errors.len())
            },
            tail(&String::from_utf8_lossy(&out.stderr), 6)
        );
    }
    let mut packages = BTreeSet::new();
    let mut warnings = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else { continue };
        if msg["reason"] == "compiler-artifact"
            && let Some(id) = msg["package_id"].as_str()
        {
            packages.insert(id.to_owned());
        } else if msg["reason"] == "compiler-message" && msg["message"]["level"] == "warning" {
            let text = msg["message"]["rendered"].as_str().or(msg["message"]["message"].as_str()).unwrap_or("?");
            warnings.push(text.lines().next().unwrap_or_default().to_owned());
        }
    }
    warnings
        .extend(String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.starts_with("warning")).map(str::to_owned));
    // The fresh target dir has served its purpose; keep the disk tidy.
    let _ = std::fs::remove_dir_all(target);
    Ok(ColdBuild { seconds, crates: packages.len(), warnings })
}

/// The compiler's errors in cargo's JSON messages, each as one line:
/// `error[CODE]: message (file:line)`.
fn compiler_errors(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-message" && msg["message"]["level"] == "error")
        // rustc's closing "aborting due to N previous errors" is one too.
        .filter(|msg| !msg["message"]["message"].as_str().is_some_and(|m| m.starts_with("aborting due to")))
        .map(|msg| {
            let m = &msg["message"];
            let code = m["code"]["code"].as_str().map_or_else(String::new, |c| format!("[{c}]"));
            let at = m["spans"]
                .as_array()
                .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
                .map_or_else(String::new, |s| {
                    format!(" ({}:{})", s["file_name"].as_str().unwrap_or("?"), s["line_start"])
                });
            format!("error{code}: {}{at}", m["message"].as_str().unwrap_or("?"))
        })
        .collect()
}

/// Direct `[dependencies]` entries of a manifest (a fallback count).
fn direct_dependencies(manifest: &Path) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(manifest)?;
    let mut in_deps = false;
    let mut n = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
        } else if in_deps
            && t.contains('=')
            && !t.starts_with('#')
            && t.split('=').next().is_some_and(|k| !k.trim().contains(' '))
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Makes a generated Cargo project buildable in place: it sits inside our
/// workspace directory, so it is declared its own workspace; and its package
/// version is the spec's `info.version` (`21.02.7`), which is not semver
/// (leading zero), so cargo refuses the manifest until the zeros go.
/// Returns what was changed, for the report.
pub(crate) fn make_buildable(project: &Path) -> anyhow::Result<Vec<String>> {
    let manifest = project.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    let mut changes = Vec::new();
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_package = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[package]";
        }
        let fixed = match t.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')) {
            Some(v) if in_package => {
                let semver: Vec<String> = v
                    .split('.')
                    .map(|part| match part.trim_start_matches('0') {
                        "" => "0".to_owned(),
                        rest if part.chars().all(|c| c.is_ascii_digit()) => rest.to_owned(),
                        _ => part.to_owned(),
                    })
                    .collect();
                let semver = semver.join(".");
                if semver != v {
                    changes.push(format!("package version {v} -> {semver} (cargo needs semver)"));
                }
                format!("version = \"{semver}\"")
            }
            _ => line.to_owned(),
        };
        out.push_str(&fixed);
        out.push('\n');
    }
    if !out.contains("\n[workspace]") {
        out.push_str("\n[workspace]\n");
        changes.push("declared its own [workspace]".to_owned());
    }
    std::fs::write(&manifest, out)?;
    Ok(changes)
}

/// Resolves a project's dependencies (`cargo generate-lockfile`, registry
/// index only) and counts the packages of its Cargo.lock, itself included.
fn lockfile_packages(project: &Path) -> anyhow::Result<usize> {
    let out = subprocess::output(
        cargo().current_dir(project).arg("generate-lockfile"),
        RESOLVE_LIMIT,
        "cargo generate-lockfile",
    )?;
    if !out.status.success() {
        bail!("cargo generate-lockfile failed: {}", tail(&String::from_utf8_lossy(&out.stderr), 3));
    }
    let lock = std::fs::read_to_string(project.join("Cargo.lock"))?;
    Ok(lock.lines().filter(|l| l.trim() == "[[package]]").count())
}

/// Our crates' lockfile-style count (all platforms, normal and build
/// dependencies), comparable with [`lockfile_packages`]. Read from
/// `Cargo.lock`, which lists every platform's dependencies, walking from each
/// crate's normal and build dependencies as `host` (the host's `cargo
/// metadata`) gives them: `cargo metadata` without a platform filter needs
/// the manifests of crates that no build on this host has downloaded (so it
/// fails offline on a fresh machine), and a lockfile entry of a workspace
/// member also lists its dev-dependencies.
fn all_platform_counts(root: &Path, host: &Value) -> anyhow::Result<HashMap<String, usize>> {
    let lock_path = root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).with_context(|| format!("cannot read {}", lock_path.display()))?;
    let graph = LockGraph::parse(&lock).with_context(|| format!("{} is not a Cargo.lock", lock_path.display()))?;
    let packages = host["packages"].as_array().context("metadata: packages")?;
    let by_id: HashMap<&str, (&str, &str)> = packages
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, (p["name"].as_str()?, p["version"].as_str()?))))
        .collect();
    let nodes = host["resolve"]["nodes"].as_array().context("metadata: resolve")?;
    let mut counts = HashMap::new();
    for name in CRATES {
        let node = nodes
            .iter()
            .find(|n| n["id"].as_str().and_then(|id| by_id.get(id)).is_some_and(|(n, _)| *n == name))
            .with_context(|| format!("metadata has no package {name}"))?;
        let direct = node["deps"].as_array().map(Vec::as_slice).unwrap_or_default().iter().filter(|d| {
            d["dep_kinds"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k["kind"].as_str() != Some("dev")))
        });
        let starts: Vec<(String, String)> = direct
            .filter_map(|d| by_id.get(d["pkg"].as_str()?))
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        counts.insert(name.to_owned(), 1 + graph.closure(&starts)?.len());
    }
    Ok(counts)
}

/// The dependency edges of a `Cargo.lock`: every platform, every feature
/// the workspace enables, dev-dependencies of workspace members included.
struct LockGraph {
    /// (name, version) → its dependencies, as (name, version).
    edges: HashMap<(String, String), Vec<(String, String)>>,
}

#[derive(serde::Deserialize)]
struct LockFile {
    #[serde(default)]
    package: Vec<LockPackage>,
}

#[derive(serde::Deserialize)]
struct LockPackage {
    name: String,
    version: String,
    #[serde(default)]
    dependencies: Vec<String>,
}

impl LockGraph {
    fn parse(text: &str) -> anyhow::Result<Self> {
        let lock: LockFile = toml::from_str(text)?;
        let mut versions: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in &lock.package {
            versions.entry(&p.name).or_default().push(&p.version);
        }
        let mut edges = HashMap::new();
        for p in &lock.package {
            // An entry is `name` when one version of it is locked, else
            // `name version` (and maybe ` (source)`).
            let deps = p
                .dependencies
                .iter()
                .map(|dep| {
                    let mut words = dep.split_whitespace();
                    let name = words.next().unwrap_or_default();
                    let version = match (words.next(), versions.get(name).map(Vec::as_slice)) {
                        (Some(v), _) => v,
                        (None, Some([only])) => only,
                        _ => bail!("{} {}: dependency {dep:?} names no single locked package", p.name, p.version),
                    };
                    Ok((name.to_owned(), version.to_owned()))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            edges.insert((p.name.clone(), p.version.clone()), deps);
        }
        Ok(LockGraph { edges })
    }

    /// Every package reachable from `starts`, themselves included.
    fn closure(&self, starts: &[(String, String)]) -> anyhow::Result<BTreeSet<(String, String)>> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, String)> = starts.to_vec();
        while let Some(package) = stack.pop() {
            if seen.contains(&package) {
                continue;
            }
            let deps =
                self.edges.get(&package).with_context(|| format!("{} {} is not locked", package.0, package.1))?;
            stack.extend(deps.iter().cloned());
            seen.insert(package);
        }
        Ok(seen)
    }
}

/// What the part builds cold.
pub struct Plan<'a> {
    /// Our crates to build cold (none: crate counts only).
    pub cold: &'a [&'a str],
    /// Also OpenAPI Generator's `rust` client, when its output is there.
    pub cold_oag: bool,
    /// May resolve OpenAPI Generator's projects against the registry index.
    pub online_resolve: bool,
}

/// Runs the part.
pub fn run(root: &Path, work: &Path, oag_output: Option<&Path>, plan: &Plan<'_>) -> anyhow::Result<(Value, Value)> {
    let ours_meta = metadata(root, true)?;
    let all_platforms = all_platform_counts(root, &ours_meta)?;
    let counts = closure_counts(&ours_meta, &CRATES)?;
    let mut crates = serde_json::Map::new();
    let mut seconds = serde_json::Map::new();
    for name in CRATES {
        let mut entry = json!({
            "crates_in_graph_metadata": counts.get(name),
            "crates_in_graph_all_platforms": all_platforms.get(name),
        });
        if plan.cold.contains(&name) {
            let built = cold_build(root, &work.join("cold").join(name), &["--locked", "-p", name])?;
            let (s, n) = (built.seconds, built.crates);
            eprintln!("  cold build {name}: {s:.1} s, {n} crates compiled");
            entry["cold_build_s"] = stats::num(s);
            entry["crates_compiled"] = json!(n);
            entry["warnings"] = json!(built.warnings.len());
            seconds.insert(name.to_owned(), stats::num(s));
        }
        crates.insert(name.to_owned(), entry);
    }

    if let Some(out) = oag_output {
        for generator in ["rust", "rust-axum"] {
            // OpenAPI Generator's projects are the baseline's: what fails
            // there is recorded in its entry and the part goes on.
            let cold_here = plan.cold_oag && generator == "rust";
            let entry = oag_project(&out.join(generator), work, cold_here, plan.online_resolve)
                .unwrap_or_else(|e| json!({ "error": format!("{e:#}") }));
            if cold_here {
                seconds.insert("openapi_generator_rust_client".to_owned(), entry["cold_build_s"].clone());
            }
            crates.insert(format!("openapi_generator_{}", generator.replace('-', "_")), entry);
        }
    }
    let section = json!({
        "profile": "dev (cargo build), CARGO_INCREMENTAL=0, --offline, fresh target dir under target/bench/cold",
        "counts": "crates_in_graph_metadata: packages reachable through normal+build dependencies for this host (cargo metadata --filter-platform), the crate itself included; crates_in_graph_all_platforms: the same for every platform (walked through Cargo.lock), comparable with crates_in_lockfile (packages in the Cargo.lock of OpenAPI Generator's project resolved with cargo generate-lockfile: every platform and every optional feature, the project itself and its dev-dependencies included, so an upper bound); crates_compiled: distinct packages a cold build compiled",
        "cold_built": plan.cold,
        "crates": Value::Object(crates),
    });
    let seconds = if seconds.is_empty() { Value::Null } else { Value::Object(seconds) };
    Ok((section, seconds))
}

/// The entry of one of OpenAPI Generator's projects: dependency counts and,
/// with `cold`, a cold build (its `rust` client).
pub(crate) fn oag_project(project: &Path, work: &Path, cold: bool, online_resolve: bool) -> anyhow::Result<Value> {
    let changes = make_buildable(project)?;
    let mut entry = json!({
        "direct_dependencies": direct_dependencies(&project.join("Cargo.toml"))?,
        "manifest_changes": changes,
    });
    match metadata(project, true) {
        Ok(meta) => {
            let name = meta["packages"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["source"].is_null()))
                .and_then(|p| p["name"].as_str())
                .unwrap_or("openapi")
                .to_owned();
            entry["crates_in_graph_metadata"] = json!(closure_counts(&meta, &[&name])?.get(&name));
        }
        Err(e) => {
            entry["metadata_error"] = json!(format!("{e:#}"));
            // Resolving needs only the registry index (no crate
            // downloads); a full run may ask crates.io, CI never.
            if online_resolve {
                match lockfile_packages(project) {
                    Ok(n) => entry["crates_in_lockfile"] = json!(n),
                    Err(e) => entry["lockfile_error"] = json!(format!("{e:#}")),
                }
            }
        }
    }
    if cold {
        // Same TLS stack as ours (rustls) rather than its default native-tls.
        let args = ["--no-default-features", "--features", "rustls"];
        match cold_build(project, &work.join("cold").join("openapi-generator-rust"), &args) {
            Ok(built) => {
                let (s, n) = (built.seconds, built.crates);
                eprintln!("  cold build OpenAPI Generator rust client: {s:.1} s, {n} crates compiled");
                entry["cold_build_s"] = stats::num(s);
                entry["crates_compiled"] = json!(n);
                entry["warnings"] = json!(built.warnings.len());
                entry["build_features"] = json!("--no-default-features --features rustls");
            }
            Err(e) => {
                eprintln!("  cold build OpenAPI Generator rust client: failed (the reason is in the report)");
                entry["cold_build_error"] = json!(format!("{e:#}"));
            }
        }
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["dep 1.0.0", "dep 2.0.0", "only"]

[[package]]
name = "dep"
version = "1.0.0"

[[package]]
name = "dep"
version = "2.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["windows-only"]

[[package]]
name = "only"
version = "0.3.0"
dependencies = ["dep 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"]

[[package]]
name = "windows-only"
version = "0.9.0"
"#;

    fn key(name: &str, version: &str) -> (String, String) {
        (name.to_owned(), version.to_owned())
    }

    #[test]
    fn compiler_errors_are_read_from_the_json_messages() {
        let stdout = [
            r#"{"reason":"compiler-artifact","package_id":"a"}"#,
            r#"{"reason":"compiler-message","message":{"level":"warning","message":"unused","code":null,"spans":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"the name `X` is defined multiple times","code":{"code":"E0428"},"spans":[{"is_primary":false,"file_name":"a.rs","line_start":1},{"is_primary":true,"file_name":"src/x.rs","line_start":46}]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"aborting due to 1 previous error","code":null,"spans":[]}}"#,
            "not json",
        ]
        .join("\n");
        assert_eq!(compiler_errors(&stdout), ["error[E0428]: the name `X` is defined multiple times (src/x.rs:46)"]);
    }

    #[test]
    fn the_lockfile_closure_follows_every_edge_and_tells_versions_apart() {
        let graph = LockGraph::parse(LOCK).unwrap();
        let all = graph.closure(&[key("app", "0.1.0")]).unwrap();
        assert_eq!(all.len(), 5, "{all:?}");
        let from_only = graph.closure(&[key("only", "0.3.0")]).unwrap();
        assert_eq!(from_only, BTreeSet::from([key("only", "0.3.0"), key("dep", "1.0.0")]));
        assert!(graph.closure(&[key("dep", "3.0.0")]).unwrap_err().to_string().contains("dep 3.0.0 is not locked"));
        let ambiguous = LOCK.replace("\"only\"]", "\"only\", \"dep\"]");
        let e = LockGraph::parse(&ambiguous).err().unwrap();
        assert!(e.to_string().contains("names no single locked package"), "{e}");
    }
}
