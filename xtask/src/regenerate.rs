//! `cargo xtask regenerate [--check]`: the one path by which generated files
//! change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

/// The spec the workspace is generated from, relative to the root.
pub const DEFAULT_SPEC: &str = "spec/onezone.yaml";

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// A generated file whose committed text differs from what the spec gives.
#[derive(Debug)]
pub struct Stale {
    pub path: PathBuf,
    /// The first lines of a unified diff, file on disk → generated.
    pub diff_head: String,
}

/// Root of the workspace (the parent of `xtask/`).
pub fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Where each generated text goes, relative to the root.
fn outputs(generated: onezone_codegen::Generated) -> Vec<(&'static str, String)> {
    vec![
        ("generated-types/src/generated.rs", generated.types),
        ("generated-client/src/generated.rs", generated.client),
        ("generated-server-stubs/src/generated.rs", generated.server),
        ("tests/src/generated.rs", generated.conformance),
    ]
}

/// Name of the spec in messages and headers: relative to the root when it is
/// inside the workspace, so the output does not depend on where it is cloned.
fn spec_display_name(root: &Path, spec: &Path) -> String {
    let absolute = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => spec.to_string_lossy().into_owned(),
    }
}

/// Generates from `spec` and writes (or checks) every output. `Err` means
/// generation failed; `Ok` lists the stale files (always empty in write mode).
pub fn regenerate(root: &Path, spec: &Path, mode: Mode) -> anyhow::Result<Vec<Stale>> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read spec {}", spec.display()))?;
    let settings = onezone_codegen::Settings::new(spec_display_name(root, spec));
    let generated = onezone_codegen::generate(&text, &settings)?;
    let mut stale = Vec::new();
    for (rel, contents) in outputs(generated) {
        if let Some(s) = ensure_file_contents(&root.join(rel), &contents, mode)? {
            stale.push(Stale { path: PathBuf::from(rel), ..s });
        }
    }
    Ok(stale)
}

/// Writes `contents` to `path` unless it already holds them (keeping the
/// mtime, so cargo does not rebuild for nothing). In check mode writes
/// nothing and reports the difference instead.
pub fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> anyhow::Result<Option<Stale>> {
    let current = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if current.as_deref() == Some(contents) {
        return Ok(None);
    }
    match mode {
        Mode::Check => Ok(Some(Stale {
            path: path.to_path_buf(),
            diff_head: diff_head(current.as_deref().unwrap_or(""), contents, 12),
        })),
        Mode::Write => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            // Write beside the file, then rename: an interrupted run leaves the
            // old file or the new one, never half of one.
            let mut temp = path.as_os_str().to_owned();
            temp.push(".tmp");
            let temp = PathBuf::from(temp);
            std::fs::write(&temp, contents).with_context(|| format!("cannot write {}", temp.display()))?;
            std::fs::rename(&temp, path).with_context(|| format!("cannot replace {}", path.display()))?;
            Ok(None)
        }
    }
}

fn diff_head(old: &str, new: &str, max_lines: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff.unified_diff().context_radius(1).header("on disk", "generated").to_string();
    let mut lines: Vec<&str> = text.lines().take(max_lines + 1).collect();
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        lines.push("...");
    }
    lines.join("\n")
}

/// Runs `regenerate` for the command line: prints, and maps the outcome to
/// the documented exit codes.
pub fn run_cli(root: &Path, spec: &Path, mode: Mode) -> ExitCode {
    let started = Instant::now();
    match regenerate(root, spec, mode) {
        Ok(stale) if stale.is_empty() => {
            let verb = if mode == Mode::Check { "up to date" } else { "regenerated" };
            eprintln!("{verb}: generated crates match {} ({} ms)", spec.display(), started.elapsed().as_millis());
            ExitCode::SUCCESS
        }
        Ok(stale) => {
            for s in &stale {
                eprintln!("stale: {} (run `cargo xtask regenerate` and commit)\n{}\n", s.path.display(), s.diff_head);
            }
            eprintln!("{} generated file(s) are stale", stale.len());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain `cargo test` fails when the committed generated crates are not
    /// what the committed spec generates.
    #[test]
    fn generated_files_are_fresh() {
        let root = project_root();
        let stale = regenerate(&root, &root.join(DEFAULT_SPEC), Mode::Check).expect("generation failed");
        let report: Vec<String> = stale.iter().map(|s| format!("{}\n{}", s.path.display(), s.diff_head)).collect();
        assert!(
            stale.is_empty(),
            "stale generated files; run `cargo xtask regenerate` and commit:\n{}",
            report.join("\n\n")
        );
    }

    #[test]
    fn check_mode_reports_and_does_not_write() {
        let dir = std::env::temp_dir().join(format!("xtask-ensure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.rs");
        std::fs::write(&path, "old\n").unwrap();
        let stale = ensure_file_contents(&path, "new\n", Mode::Check).unwrap().expect("must be stale");
        assert!(stale.diff_head.contains("-old") && stale.diff_head.contains("+new"), "{}", stale.diff_head);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert!(ensure_file_contents(&path, "new\n", Mode::Write).unwrap().is_none());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert!(ensure_file_contents(&path, "new\n", Mode::Check).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
