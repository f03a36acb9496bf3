//! `cargo xtask diff [OLD NEW | --base REV]`: what a change of the spec does
//! on the wire and to the generated crates. This module only reads files
//! and git, prints, and maps the outcome to exit codes; the comparison is
//! `onezone_codegen::diff` (the wire half through `onezone_upstream`).
//!
//! Exit codes: 0 reported; 1 `--fail-on breaking` and something breaks (a
//! change breaking on the wire, or a crate needing a major bump); 2 an input
//! could not be read (no such file, not UTF-8, not YAML/JSON, not OpenAPI
//! 3.0, git or the revision missing).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};
use onezone_codegen::{Bump, Crate, DiffReport, SpecInput};
use onezone_upstream::Source;

use crate::files::{DirSource, utf8};

/// The spec `--base` compares, relative to the workspace root.
const SPEC_DIR: &str = "spec";
const SPEC_FILE: &str = "onezone.yaml";

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables and lists for people and pull-request comments.
    Markdown,
    /// `onezone_codegen::DiffReport` as JSON, for tools.
    Json,
}

/// What makes the command fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A change breaking on the wire (oasdiff's error or warning level) or
    /// a generated crate needing a major bump.
    Breaking,
}

/// The command line.
pub struct Options {
    pub old: Option<PathBuf>,
    pub new: Option<PathBuf>,
    pub base: Option<String>,
    pub format: Format,
    pub fail_on: Option<FailOn>,
    pub semver_checks: bool,
}

/// Runs the command: prints the report, and maps the outcome to the exit
/// codes above.
pub fn run_cli(root: &Path, options: &Options) -> ExitCode {
    match run(root, options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A spec version: its name in the report, the files it is read from and
/// its entry file.
struct Input {
    name: String,
    source: Box<dyn Source>,
    entry: String,
}

impl Input {
    fn spec(&self) -> SpecInput<'_> {
        SpecInput { name: &self.name, source: self.source.as_ref(), entry: &self.entry }
    }

    /// The entry file's text (for the generator).
    fn text(&self) -> anyhow::Result<String> {
        match self.source.read(&self.entry) {
            Ok(Some(text)) => Ok(text),
            Ok(None) => bail!("{}: no such file", self.name),
            Err(message) => bail!("{}: {message}", self.name),
        }
    }
}

fn run(root: &Path, options: &Options) -> anyhow::Result<ExitCode> {
    let (old, new) = match (&options.old, &options.new, &options.base) {
        (Some(old), Some(new), None) => (file_input(old)?, file_input(new)?),
        (None, None, base) => {
            let rev = base.as_deref().unwrap_or("HEAD");
            (git_input(root, rev)?, file_input_named(&root.join(SPEC_DIR).join(SPEC_FILE), spec_name())?)
        }
        _ => bail!("give either two spec files (OLD NEW) or --base REV, not both"),
    };
    let report = onezone_codegen::diff(old.spec(), new.spec())?;
    match options.format {
        Format::Markdown => print!("{}", report.render_markdown()),
        Format::Json => println!("{}", report.to_json()),
    }
    if options.semver_checks {
        let text = semver_checks(root, &report, &old, &new);
        match options.format {
            Format::Markdown => print!("{text}"),
            // Keep standard output one JSON document.
            Format::Json => eprint!("{text}"),
        }
    }
    let fails = options.fail_on == Some(FailOn::Breaking) && report.is_breaking();
    Ok(if fails { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn spec_name() -> String {
    format!("{SPEC_DIR}/{SPEC_FILE}")
}

/// A spec file named as the user gave it; `$ref`s to other files resolve
/// in its directory.
fn file_input(path: &Path) -> anyhow::Result<Input> {
    file_input_named(path, path.display().to_string())
}

fn file_input_named(path: &Path, name: String) -> anyhow::Result<Input> {
    if !path.is_file() {
        bail!("{name}: no such file");
    }
    let entry = path.file_name().and_then(|n| n.to_str()).with_context(|| format!("{name}: not a UTF-8 file name"))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(Input { entry: entry.to_owned(), source: Box::new(DirSource::new(dir)), name })
}

/// `spec/onezone.yaml` as revision `rev` of the workspace's git repository
/// has it.
fn git_input(root: &Path, rev: &str) -> anyhow::Result<Input> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .output()
        .context("--base needs git, which could not be run")?;
    if !out.status.success() {
        bail!("--base {rev}: no such commit in the git repository at {}", root.display());
    }
    let source = GitSource { root: root.to_path_buf(), rev: rev.to_owned(), dir: SPEC_DIR.to_owned() };
    Ok(Input { name: format!("{rev}:{}", spec_name()), source: Box::new(source), entry: SPEC_FILE.to_owned() })
}

/// Files under a directory of the repository at one revision
/// (`git show REV:dir/path`).
struct GitSource {
    root: PathBuf,
    rev: String,
    dir: String,
}

impl Source for GitSource {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        let object = format!("{}:{}/{path}", self.rev, self.dir);
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(&self.root)
                .args(args)
                .output()
                .map_err(|e| format!("git could not be run: {e}"))
        };
        // Whether the file is there, by exit code (the revision is known to
        // exist): git's messages depend on its version and language.
        if !git(&["cat-file", "-e", &object])?.status.success() {
            return Ok(None);
        }
        let out = git(&["show", &object])?;
        if out.status.success() {
            utf8(out.stdout).map(Some).map_err(|at| format!("{at}: not valid UTF-8"))
        } else {
            Err(format!("git show {object}: {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
    }
}

/// The folders of the generated crates, by crate.
const CRATE_DIRS: [(Crate, &str); 3] =
    [(Crate::Types, "generated-types"), (Crate::Client, "generated-client"), (Crate::Server, "generated-server-stubs")];

/// `--semver-checks`: builds both versions' crates in two scratch
/// workspaces under `target/diff-semver/` and runs cargo-semver-checks on
/// each crate; says which of the report's findings it confirmed, which it
/// did not report, and which it cannot see (rules it has no lint for). The
/// exit code does not depend on it.
fn semver_checks(root: &Path, report: &DiffReport, old: &Input, new: &Input) -> String {
    let mut out = String::from("\n## cargo-semver-checks\n\n");
    let installed = Command::new("cargo").args(["semver-checks", "--version"]).output();
    if !installed.as_ref().is_ok_and(|o| o.status.success()) {
        out.push_str(
            "cargo-semver-checks is not installed (`cargo install cargo-semver-checks --locked`): \
             the Rust verdict above is the generator's own, unconfirmed.\n",
        );
        return out;
    }
    if !report.rust.verdict {
        out.push_str("No Rust verdict, so nothing to confirm.\n");
        return out;
    }
    let scratch = match crate::files::target_dir(root) {
        Ok(target) => target.join("diff-semver"),
        Err(e) => {
            out.push_str(&format!("The target directory is unknown: {e:#}\n"));
            return out;
        }
    };
    let prepared = [("old", old), ("new", new)]
        .into_iter()
        .map(|(side, input)| scratch_workspace(root, &scratch.join(side), input))
        .collect::<anyhow::Result<Vec<PathBuf>>>();
    let dirs = match prepared {
        Ok(dirs) => dirs,
        Err(e) => {
            out.push_str(&format!("The scratch workspaces could not be made: {e:#}\n"));
            return out;
        }
    };
    for verdict in &report.rust.crates {
        let Some((_, dir)) = CRATE_DIRS.iter().find(|(k, _)| *k == verdict.krate) else { continue };
        let run = Command::new("cargo")
            .args(["semver-checks", "check-release", "--color", "never", "--package", verdict.krate.name()])
            .arg("--manifest-path")
            .arg(dirs[1].join(dir).join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&dirs[0])
            .output();
        let (text, code) = match run {
            Ok(o) => (
                format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
                o.status.code(),
            ),
            Err(e) => {
                out.push_str(&format!("- `{}`: cargo-semver-checks could not run: {e}\n", verdict.krate.name()));
                continue;
            }
        };
        // Its last word on the crate ("no semver update required", "semver
        // requires new major version: …"); without one it did not finish.
        let Some(summary) = text.lines().find_map(|l| l.trim_start().strip_prefix("Summary ")) else {
            let tail: Vec<&str> = text.lines().rev().take(3).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            out.push_str(&format!(
                "- `{}`: cargo-semver-checks did not finish (exit code {}): {}\n",
                verdict.krate.name(),
                code.map_or_else(|| "none".to_owned(), |c| c.to_string()),
                tail.join(" / ")
            ));
            continue;
        };
        let reported: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--- failure "))
            .filter_map(|l| l.split(':').next())
            .collect();
        let ours: Vec<&str> = verdict.effects.iter().map(|e| e.rule.as_str()).collect();
        let expected: Vec<&str> = verdict
            .effects
            .iter()
            .filter(|e| e.cargo_semver_checks && e.bump == Bump::Major)
            .map(|e| e.rule.as_str())
            .collect();
        let confirmed: Vec<&str> = dedup(expected.iter().copied().filter(|r| reported.contains(r)));
        let missed: Vec<&str> = dedup(expected.iter().copied().filter(|r| !reported.contains(r)));
        let unseen: Vec<&str> =
            dedup(verdict.effects.iter().filter(|e| !e.cargo_semver_checks).map(|e| e.rule.as_str()));
        let extra: Vec<&str> = dedup(reported.iter().copied().filter(|r| !ours.contains(r)));
        out.push_str(&format!(
            "- `{}`: {summary}. Confirmed {}; not reported by it {}; it has no lint for {}; reported only by it {}\n",
            verdict.krate.name(),
            list(&confirmed),
            list(&missed),
            list(&unseen),
            list(&extra)
        ));
        if let Some(follows) = verdict.follows {
            out.push_str(&format!(
                "  (our {} comes from the re-exported `{}`, whose items it does not check as part of this crate)\n",
                verdict.bump.as_str(),
                follows.krate.name()
            ));
        }
    }
    out
}

fn dedup<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
    }
}

/// A library workspace (`crate::workspace`) of `input`'s crates in `dir`,
/// replacing what an earlier run left there.
fn scratch_workspace(root: &Path, dir: &Path, input: &Input) -> anyhow::Result<PathBuf> {
    let generated = onezone_codegen::generate(&input.text()?, &onezone_codegen::Settings::new(input.name.clone()))?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    crate::workspace::write(root, dir, generated)?;
    Ok(dir.to_path_buf())
}
