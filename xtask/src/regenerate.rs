//! `cargo xtask regenerate [--check]`: the one path by which generated files
//! change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use onezone_codegen::OUTPUT_PATHS;

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

/// Root of the workspace `cargo xtask` was run in: the nearest directory
/// holding `Cargo.toml` and `xtask/Cargo.toml`, found at run time from
/// `CARGO_MANIFEST_DIR` (which `cargo run` sets to this checkout's `xtask/`)
/// or else from the current directory.
///
/// Never a path fixed when xtask was compiled: cargo keeps one xtask binary
/// fresh for every checkout that shares a target directory, and a baked-in
/// path would make `regenerate --check` in one checkout check another.
pub fn project_root() -> anyhow::Result<PathBuf> {
    let start = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    find_workspace(&start).with_context(|| {
        format!(
            "no onezone-codegen workspace (a Cargo.toml beside an xtask/ folder) at or above {}: \
             run `cargo xtask` inside a checkout",
            start.display()
        )
    })
}

/// The nearest ancestor of `start` (itself included) that holds both
/// `Cargo.toml` and `xtask/Cargo.toml`.
fn find_workspace(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("xtask").join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// Name of the spec in messages and headers: relative to the root when it is
/// inside the workspace, its file name otherwise — never a path that depends
/// on where the workspace or the shell is.
fn spec_display_name(root: &Path, spec: &Path) -> String {
    let absolute = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => absolute.file_name().map_or_else(|| spec.to_string_lossy(), |n| n.to_string_lossy()).into_owned(),
    }
}

/// The spec's text. Invalid UTF-8 is reported with its line and column.
fn read_spec(spec: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(spec).with_context(|| format!("cannot read spec {}", spec.display()))?;
    crate::files::utf8(bytes).map_err(|at| anyhow::anyhow!("{}:{at}: the spec is not valid UTF-8", spec.display()))
}

/// Outputs a workspace may lack, with their folder: a library workspace
/// (`import --workspace`) holds neither the conformance suite nor the CLI.
const OPTIONAL_OUTPUTS: [&str; 2] = ["tests/src/generated.rs", "cli/src/generated.rs"];

/// `root` must be a checkout laid out like this one (or a library workspace,
/// without the optional outputs' folders): a mistyped `--root` must not grow
/// a tree of generated files somewhere. Returns the optional outputs whose
/// folder is absent, which are not generated.
fn check_root(root: &Path) -> anyhow::Result<Vec<&'static str>> {
    let mut missing = Vec::new();
    let mut absent = Vec::new();
    if !root.join("Cargo.toml").is_file() {
        missing.push("Cargo.toml".to_owned());
    }
    for rel in OUTPUT_PATHS {
        if let Some(dir) = Path::new(rel).parent().filter(|d| !root.join(d).is_dir()) {
            if OPTIONAL_OUTPUTS.contains(&rel) {
                absent.push(rel);
            } else {
                missing.push(format!("{}/", dir.display()));
            }
        }
    }
    if missing.is_empty() {
        Ok(absent)
    } else {
        anyhow::bail!("{} is not a workspace laid out like this one: {} missing", root.display(), missing.join(", "))
    }
}

/// Generates from `spec` and writes (or checks) every output. `Err` means
/// generation failed or the files could not be written; `Ok` lists the
/// stale files (always empty in write mode).
pub fn regenerate(root: &Path, spec: &Path, mode: Mode) -> anyhow::Result<Vec<Stale>> {
    let absent = check_root(root)?;
    let text = read_spec(spec)?;
    let settings = onezone_codegen::Settings::new(spec_display_name(root, spec));
    let generated = onezone_codegen::generate(&text, &settings)?;
    let files: Vec<(PathBuf, String)> = generated
        .into_files()
        .into_iter()
        .filter(|(rel, _)| !absent.contains(rel))
        .map(|(rel, contents)| (PathBuf::from(rel), contents))
        .collect();
    let mut stale = Vec::new();
    let mut to_write = Vec::new();
    for (rel, contents) in &files {
        if let Some(s) = compare(&root.join(rel), contents, mode)? {
            stale.push(Stale { path: rel.clone(), ..s });
            to_write.push((root.join(rel), contents.as_str()));
        }
    }
    match mode {
        Mode::Check => Ok(stale),
        Mode::Write => {
            write_all(&to_write)?;
            Ok(Vec::new())
        }
    }
}

/// `None` when `path` holds exactly `contents`; otherwise how it differs (a
/// missing file, or one that is not UTF-8, is simply stale). The diff is
/// only worked out for `--check`, which prints it.
fn compare(path: &Path, contents: &str, mode: Mode) -> anyhow::Result<Option<Stale>> {
    let current = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if current.as_deref() == Some(contents.as_bytes()) {
        return Ok(None);
    }
    let diff_head = match mode {
        Mode::Check => diff_head(&current.as_deref().map(String::from_utf8_lossy).unwrap_or_default(), contents, 12),
        Mode::Write => String::new(),
    };
    Ok(Some(Stale { path: path.to_path_buf(), diff_head }))
}

/// Replaces the files all together as far as a file system allows: every new
/// text is written beside its file first (nothing is replaced if one cannot
/// be), then each is renamed over its file, so no file is ever half written
/// and a failure names what was already replaced.
fn write_all(files: &[(PathBuf, &str)]) -> anyhow::Result<()> {
    let temp_of = |path: &Path| {
        let mut temp = path.as_os_str().to_owned();
        temp.push(".tmp");
        PathBuf::from(temp)
    };
    let mut written: Vec<PathBuf> = Vec::new();
    for (path, contents) in files {
        let temp = temp_of(path);
        if let Err(e) = std::fs::write(&temp, contents) {
            for t in written.iter().chain([&temp]) {
                let _ = std::fs::remove_file(t);
            }
            return Err(e).with_context(|| format!("cannot write {} (no generated file was changed)", temp.display()));
        }
        written.push(temp);
    }
    for (i, (path, _)) in files.iter().enumerate() {
        if let Err(e) = std::fs::rename(temp_of(path), path) {
            let replaced: Vec<String> = files[..i].iter().map(|(p, _)| p.display().to_string()).collect();
            for (p, _) in &files[i..] {
                let _ = std::fs::remove_file(temp_of(p));
            }
            let already = if replaced.is_empty() { "none".to_owned() } else { replaced.join(", ") };
            return Err(e).with_context(|| format!("cannot replace {} (already replaced: {already})", path.display()));
        }
    }
    Ok(())
}

fn diff_head(old: &str, new: &str, max_lines: usize) -> String {
    // Differences a line diff would show as identical lines.
    if old.replace("\r\n", "\n") == new {
        return "line endings differ: the file on disk has CRLF, the generated one LF \
                (a checkout with core.autocrlf? .gitattributes asks for LF)"
            .to_owned();
    }
    // Bounded: two large files with little in common (a workspace moved to
    // another spec) would otherwise take minutes; the head is approximate
    // then, never wrong.
    let diff = similar::TextDiff::configure().timeout(std::time::Duration::from_secs(1)).diff_lines(old, new);
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
            let absent = check_root(root).unwrap_or_default();
            let skipped = if absent.is_empty() {
                String::new()
            } else {
                format!("; not here, so not generated: {}", absent.join(", "))
            };
            eprintln!(
                "{verb}: generated crates match {} ({} ms){skipped}",
                spec.display(),
                started.elapsed().as_millis()
            );
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
        let root = project_root().unwrap();
        let stale = regenerate(&root, &root.join(DEFAULT_SPEC), Mode::Check).expect("generation failed");
        let report: Vec<String> = stale.iter().map(|s| format!("{}\n{}", s.path.display(), s.diff_head)).collect();
        assert!(
            stale.is_empty(),
            "stale generated files; run `cargo xtask regenerate` and commit:\n{}",
            report.join("\n\n")
        );
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn compare_reports_and_write_all_replaces() {
        let dir = scratch("compare");
        let path = dir.join("f.rs");
        std::fs::write(&path, "old\n").unwrap();
        let stale = compare(&path, "new\n", Mode::Check).unwrap().expect("must be stale");
        assert!(stale.diff_head.contains("-old") && stale.diff_head.contains("+new"), "{}", stale.diff_head);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        write_all(&[(path.clone(), "new\n")]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert!(compare(&path, "new\n", Mode::Check).unwrap().is_none());
        // Missing, not UTF-8, CRLF: stale, with a readable reason.
        assert!(compare(&dir.join("missing.rs"), "x\n", Mode::Check).unwrap().is_some());
        std::fs::write(&path, b"new\n\xff\xfe").unwrap();
        assert!(compare(&path, "new\n", Mode::Check).unwrap().is_some());
        std::fs::write(&path, "a\r\nb\r\n").unwrap();
        assert!(compare(&path, "a\nb\n", Mode::Check).unwrap().unwrap().diff_head.contains("line endings differ"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_written_changes_none() {
        let dir = scratch("write-all");
        let (first, second) = (dir.join("first.rs"), dir.join("no-such-dir/second.rs"));
        std::fs::write(&first, "old\n").unwrap();
        let e = write_all(&[(first.clone(), "new\n"), (second, "new\n")]).unwrap_err();
        assert!(format!("{e:#}").contains("no generated file was changed"), "{e:#}");
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old\n");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["first.rs"], "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_root_not_laid_out_like_the_workspace_is_refused_before_anything_is_written() {
        let dir = scratch("root");
        let e = regenerate(&dir, &project_root().unwrap().join(DEFAULT_SPEC), Mode::Write).unwrap_err();
        let message = format!("{e:#}");
        assert!(message.contains("is not a workspace laid out like this one"), "{message}");
        assert!(message.contains("Cargo.toml") && message.contains("generated-types/src/"), "{message}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "nothing was created");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_workspace_is_the_nearest_directory_with_an_xtask() {
        let dir = scratch("find");
        let nested = dir.join("ws/spec/deeper");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::create_dir_all(dir.join("ws/xtask")).unwrap();
        assert_eq!(find_workspace(&nested), None, "no Cargo.toml yet");
        std::fs::write(dir.join("ws/Cargo.toml"), "").unwrap();
        assert_eq!(find_workspace(&nested), None, "no xtask/Cargo.toml yet");
        std::fs::write(dir.join("ws/xtask/Cargo.toml"), "").unwrap();
        assert_eq!(find_workspace(&nested), Some(dir.join("ws")));
        assert_eq!(find_workspace(&dir.join("ws/xtask")), Some(dir.join("ws")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_spec_that_is_not_utf8_is_located() {
        let dir = scratch("utf8");
        let spec = dir.join("spec.yaml");
        std::fs::write(&spec, b"openapi: 3.0.3\ninfo: \xc3(\n").unwrap();
        let message = format!("{:#}", read_spec(&spec).unwrap_err());
        assert!(message.ends_with("spec.yaml:2:7: the spec is not valid UTF-8"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_spec_outside_the_root_is_named_by_its_file_name() {
        let dir = scratch("outside");
        let spec = dir.join("other.yaml");
        std::fs::write(&spec, "x").unwrap();
        let root = project_root().unwrap();
        assert_eq!(spec_display_name(&root, &spec), "other.yaml");
        assert_eq!(spec_display_name(&root, &root.join(DEFAULT_SPEC)), DEFAULT_SPEC);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
