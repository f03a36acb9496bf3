//! `cargo xtask drift --upstream DIR`: our spec against the upstream Onezone
//! description (a checkout or exported tag of onedata/onezone-swagger, or one
//! bundled Swagger 2.0 file), in the scope of this project, with the
//! deviations recorded in `spec/deviations.yaml`.
//!
//! The reading and the comparison are `onezone-upstream`'s; this module only
//! gives it the files and prints. Exit codes: 0 every finding is a recorded
//! deviation and no deviation is stale, 1 otherwise, 2 the input could not be
//! read.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context as _, bail};
use onezone_upstream::{
    Api, Deviations, Document, DriftReport, Scope, UpstreamInfo, compare, read_openapi, read_swagger,
};

use crate::files::DirSource;

/// Our deviations from upstream, relative to the workspace root.
pub const DEVIATIONS: &str = "spec/deviations.yaml";

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by operation, for people.
    Text,
    /// `{"upstream", "findings", "stale_deviations"}`.
    Json,
}

/// What `drift` compares.
pub struct Options {
    /// The upstream tree (its `index.yaml` is read) or one bundled file.
    pub upstream: PathBuf,
    /// Our spec.
    pub spec: PathBuf,
    /// The recorded deviations (`None`: none are recorded).
    pub deviations: Option<PathBuf>,
    /// The upstream revision, when the caller knows it better than git.
    pub revision: Option<String>,
    /// Which operations are compared (default: this project's scope).
    pub scope: Option<String>,
    /// Text or JSON.
    pub format: Format,
}

/// A directory and the entry file in it: `DIR` and `index.yaml`, or a
/// bundled file's directory and name.
fn entry_of(path: &Path) -> anyhow::Result<(PathBuf, String)> {
    let metadata = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() {
        return Ok((path.to_path_buf(), "index.yaml".to_owned()));
    }
    let name =
        path.file_name().and_then(|n| n.to_str()).with_context(|| format!("{} names no file", path.display()))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok((dir.to_path_buf(), name.to_owned()))
}

/// The revision a git checkout of upstream is at: the tag it is exactly at,
/// else the commit. `None` for an exported tree (no git) or without git.
fn git_revision(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    // Only when `dir` is the top of its own checkout, not a folder that
    // happens to lie inside some other repository (such as this one).
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(dir).ok()? {
        return None;
    }
    git(&["describe", "--tags", "--exact-match"]).or_else(|| git(&["rev-parse", "HEAD"]))
}

pub(crate) fn read(path: &Path, swagger: bool) -> anyhow::Result<Document> {
    let (dir, entry) = entry_of(path)?;
    let source = DirSource::new(&dir);
    let doc = if swagger { read_swagger(&source, &entry) } else { read_openapi(&source, &entry) };
    // The reader names files relative to `dir`; say where that is.
    doc.with_context(|| format!("reading {} (paths below are relative to {})", path.display(), dir.display()))
}

/// The report, or why it could not be made.
pub fn report(options: &Options) -> anyhow::Result<DriftReport> {
    let scope = match &options.scope {
        Some(rule) => Scope::parse(rule).map_err(|e| anyhow::anyhow!("--scope {rule}: {e}"))?,
        None => Scope::handle_services_and_groups(),
    };
    let upstream = read(&options.upstream, true)?;
    let ours = read(&options.spec, false)?;
    let deviations = match &options.deviations {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read deviations {}", path.display()))?;
            Deviations::parse(&text, &path.display().to_string())?
        }
        None => Deviations::none(),
    };
    let left = Api::from_document(&upstream, &scope)?;
    let right = Api::from_document(&ours, &scope)?;
    if left.operations.is_empty() {
        bail!("{}: no upstream operation lies in the scope {scope}", options.upstream.display());
    }
    let info = UpstreamInfo {
        dir: options.upstream.display().to_string(),
        revision: options.revision.clone().or_else(|| git_revision(&options.upstream)),
        version: upstream.version.clone(),
    };
    Ok(DriftReport::new(info, compare(&left, &right, &scope), &deviations))
}

/// Runs `drift` for the command line.
pub fn run_cli(options: &Options) -> ExitCode {
    let started = Instant::now();
    match report(options) {
        Ok(report) => {
            match options.format {
                Format::Json => println!("{}", report.to_json()),
                Format::Text => println!("{}", report.render_text().trim_end()),
            }
            eprintln!("drift: compared in {} ms", started.elapsed().as_millis());
            ExitCode::from(u8::try_from(report.exit_code()).unwrap_or(1))
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
