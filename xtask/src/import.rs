//! `cargo xtask import --upstream DIR [--scope RULES|all] --out FILE`: the
//! upstream Onezone description (a checkout or exported tag of
//! onedata/onezone-swagger, or one bundled Swagger 2.0 file) as an OpenAPI
//! 3.0.3 file that `cargo xtask regenerate --spec FILE` takes.
//!
//! The conversion and the repairs are `onezone-upstream`'s
//! (`onezone_upstream::import`); this module gives it the files, applies the
//! one rule that needs a validator (`example-breaks-schema`, with the
//! generator's lint), writes the result and prints every repair with its
//! upstream pointer. The file holds
//! upstream's prose: it is an output on the user's machine, never committed
//! here. Exit codes: 0 written, 2 the input could not be imported (the
//! message names the file and the JSON pointer) or the file not written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use onezone_upstream::{Imported, Scope, import};

use crate::drift;

/// How the imported file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// YAML, with a header comment saying where it comes from.
    Yaml,
    /// JSON, pretty-printed.
    Json,
}

/// What `import` reads and writes.
pub struct Options {
    /// The upstream tree (its `index.yaml` is read) or one bundled file.
    pub upstream: PathBuf,
    /// Which operations are imported (default: this project's scope);
    /// `all` for the whole API.
    pub scope: Option<String>,
    /// Where the OpenAPI file is written.
    pub out: PathBuf,
    /// YAML or JSON (default: JSON for a `.json` file, else YAML).
    pub format: Option<Format>,
}

/// Reads, imports and writes; the import for the summary.
fn run(options: &Options) -> anyhow::Result<(Imported, Scope, Option<String>)> {
    let scope = match &options.scope {
        Some(rule) => Scope::parse(rule).map_err(|e| anyhow::anyhow!("--scope {rule}: {e}"))?,
        None => Scope::handle_services_and_groups(),
    };
    let doc = drift::read(&options.upstream, true)?;
    let mut imported = import(&doc, &scope)
        .with_context(|| format!("importing {} (paths below are relative to it)", options.upstream.display()))?;
    if imported.operations == 0 {
        anyhow::bail!("{}: no upstream operation lies in the scope {scope}", options.upstream.display());
    }
    // The one rule that needs a validator: the generator's.
    onezone_codegen::drop_broken_examples(&mut imported);
    let format = options.format.unwrap_or_else(|| {
        if options.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Format::Json
        } else {
            Format::Yaml
        }
    });
    let text = match format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&imported.document)?),
        Format::Yaml => {
            let header = format!(
                "# Imported by `cargo xtask import` from {} (upstream {}), scope {scope}.\n\
                 # It holds upstream's text: an output for your machine, not a file to commit.\n",
                options.upstream.display(),
                doc.version.as_deref().unwrap_or("of unknown version"),
            );
            format!("{header}{}", serde_yaml_ng::to_string(&imported.document)?)
        }
    };
    write(&options.out, &text)?;
    Ok((imported, scope, doc.version))
}

/// Writes beside the target first, then renames: a failed write leaves any
/// earlier file whole.
fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    let name = path.file_name().with_context(|| format!("--out {} names no file", path.display()))?;
    let mut partial = name.to_os_string();
    partial.push(".partial");
    let partial = path.with_file_name(partial);
    std::fs::write(&partial, text).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot move {} to {}", partial.display(), path.display()))
}

/// Runs `import` for the command line.
pub fn run_cli(options: &Options) -> ExitCode {
    let started = Instant::now();
    match run(options) {
        Ok((imported, scope, version)) => {
            for repair in &imported.repairs {
                eprintln!("repair {repair}");
            }
            let counts: Vec<String> = imported.counts().iter().map(|(rule, n)| format!("{rule} {n}")).collect();
            eprintln!(
                "import: {} operations and {} schemas of {} (upstream {}) in scope {scope} written to {} in {} ms; {} repairs{}",
                imported.operations,
                imported.schemas,
                options.upstream.display(),
                version.as_deref().unwrap_or("of unknown version"),
                options.out.display(),
                started.elapsed().as_millis(),
                imported.repairs.len(),
                if counts.is_empty() { String::new() } else { format!(" ({})", counts.join(", ")) },
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
