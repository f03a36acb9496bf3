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

/// Where the import goes.
pub enum Destination {
    /// One OpenAPI file.
    File {
        path: PathBuf,
        /// YAML or JSON (default: JSON for a `.json` file, else YAML).
        format: Option<Format>,
    },
    /// A library workspace (`crate::workspace`) generated from the import,
    /// with the imported file as its `spec/onezone.yaml`; `root` is this
    /// checkout, whose crates it copies.
    Workspace { dir: PathBuf, root: PathBuf },
}

/// What `import` reads and writes.
pub struct Options {
    /// The upstream tree (its `index.yaml` is read) or one bundled file.
    pub upstream: PathBuf,
    /// Which operations are imported (default: this project's scope);
    /// `all` for the whole API.
    pub scope: Option<String>,
    pub destination: Destination,
}

/// The spec of a workspace written by `--workspace`, relative to it: where
/// `regenerate` looks for it by default.
const WORKSPACE_SPEC: &str = crate::regenerate::DEFAULT_SPEC;

/// Reads, imports and writes; the import for the summary.
fn run(options: &Options) -> anyhow::Result<(Imported, Scope, Option<String>)> {
    let scope = match &options.scope {
        Some(rule) => Scope::parse(rule).map_err(|e| anyhow::anyhow!("--scope {rule}: {e}"))?,
        None => Scope::handle_services_and_groups(),
    };
    if let Destination::Workspace { dir, .. } = &options.destination {
        refuse_unless_empty(dir)?;
    }
    let doc = drift::read(&options.upstream, true)?;
    let mut imported = import(&doc, &scope)
        .with_context(|| format!("importing {} (paths below are relative to it)", options.upstream.display()))?;
    if imported.operations == 0 {
        anyhow::bail!("{}: no upstream operation lies in the scope {scope}", options.upstream.display());
    }
    // The one rule that needs a validator: the generator's.
    onezone_codegen::drop_broken_examples(&mut imported);
    let version = doc.version.as_deref().unwrap_or("of unknown version");
    let yaml = |note: &str| -> anyhow::Result<String> {
        let header = format!(
            "# Imported by `cargo xtask import` from {} (upstream {version}), scope {scope}.\n# {note}\n",
            options.upstream.display(),
        );
        Ok(format!("{header}{}", serde_yaml_ng::to_string(&imported.document)?))
    };
    match &options.destination {
        Destination::File { path, format } => {
            let json = format.map_or_else(
                || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")),
                |f| f == Format::Json,
            );
            let text = if json {
                format!("{}\n", serde_json::to_string_pretty(&imported.document)?)
            } else {
                yaml("It holds upstream's text: an output for your machine, not a file to commit.")?
            };
            write(path, &text)?;
        }
        Destination::Workspace { dir, root } => {
            let text = yaml("It holds upstream's text: see upstream's licence before you publish it.")?;
            let generated = onezone_codegen::generate(&text, &onezone_codegen::Settings::new(WORKSPACE_SPEC)).context(
                "the imported description is not one the generator takes (`--out FILE` writes it for a look)",
            )?;
            let readme = workspace_readme(options, &scope, version, &imported);
            write_workspace(dir, |partial| {
                crate::workspace::write(root, partial, generated)?;
                let spec = partial.join(WORKSPACE_SPEC);
                std::fs::create_dir_all(spec.parent().unwrap_or(partial))?;
                std::fs::write(&spec, &text).with_context(|| format!("cannot write {}", spec.display()))?;
                std::fs::write(partial.join("README.md"), readme).context("cannot write README.md")
            })?;
        }
    }
    Ok((imported, scope, doc.version))
}

/// A workspace is written only where nothing is: refreshing one keeps what
/// its owner added, so it goes through `regenerate` instead.
fn refuse_unless_empty(dir: &Path) -> anyhow::Result<()> {
    let occupied = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    if occupied {
        anyhow::bail!(
            "--workspace {0} exists and is not empty. To refresh a workspace this command wrote, import into its spec \
             and regenerate it: `cargo xtask import --upstream DIR --scope RULES --out {0}/{WORKSPACE_SPEC}` then \
             `cargo xtask regenerate --spec {0}/{WORKSPACE_SPEC} --root {0}`; to write a new one, name a new folder",
            dir.display()
        );
    }
    Ok(())
}

/// Fills a folder beside `dir`, then renames it to `dir`: a failure leaves
/// no half-written workspace.
fn write_workspace(dir: &Path, fill: impl FnOnce(&Path) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let name = dir.file_name().with_context(|| format!("--workspace {} names no folder", dir.display()))?;
    let mut partial = name.to_os_string();
    partial.push(".partial");
    let partial = dir.with_file_name(partial);
    if partial.exists() {
        std::fs::remove_dir_all(&partial).with_context(|| format!("cannot clear {}", partial.display()))?;
    }
    if let Err(e) = fill(&partial) {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(e);
    }
    if dir.exists() {
        // Empty: checked before the import.
        std::fs::remove_dir(dir).with_context(|| format!("cannot replace {}", dir.display()))?;
    }
    std::fs::rename(&partial, dir).with_context(|| format!("cannot move {} to {}", partial.display(), dir.display()))
}

/// The README of a workspace: what it holds, where it comes from, how to
/// build on it and how to refresh it.
fn workspace_readme(options: &Options, scope: &Scope, version: &str, imported: &Imported) -> String {
    format!(
        r#"# Onezone API crates, scope `{scope}`

Generated by `cargo xtask import --workspace` of onezone-codegen from the
upstream Onezone description at `{upstream}` (upstream {version}):
{operations} operations and {schemas} schemas, {repairs} repairs of upstream's
defects (the command printed each with its upstream pointer).

| folder | crate | what |
|---|---|---|
| `generated-types` | `onezone-types` | the request and response types, shared by the two below |
| `generated-client` | `onezone-client` | the typed async client (progenitor) |
| `generated-server-stubs` | `onezone-server` | an axum server: one trait method per operation, requests validated into Onedata errors |
| `errors` | `onezone-errors` | the Onedata error catalogue the two above answer and decode with |
| `spec/onezone.yaml` | | the imported OpenAPI 3.0.3 description the crates are generated from |

Build and use:

```sh
cargo build --workspace
```

and depend on the crates by path, e.g.
`onezone-client = {{ path = "<this folder>/generated-client" }}`.
Their hand-written parts come from the onezone-codegen checkout that wrote
this folder; `Cargo.lock` is that checkout's, so the dependencies are the
versions it tests. The client's `handle-service-privileges` feature (built on
onezone-codegen's curated spec) is off here.

Refresh the crates after a new upstream release, from that checkout:

```sh
cargo xtask import --upstream NEW_TREE --scope '{scope}' --out {dir}/{spec}
cargo xtask regenerate --spec {dir}/{spec} --root {dir}
```

(`regenerate --check` in CI tells when the crates no longer match the spec.)
Generated files (`src/generated*.rs`) are never edited by hand.

`spec/onezone.yaml` holds upstream's text (descriptions, examples): read
upstream's licence before you publish it.
"#,
        upstream = options.upstream.display(),
        operations = imported.operations,
        schemas = imported.schemas,
        repairs = imported.repairs.len(),
        dir = match &options.destination {
            Destination::Workspace { dir, .. } => dir.display().to_string(),
            Destination::File { path, .. } => path.display().to_string(),
        },
        spec = WORKSPACE_SPEC,
    )
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
                match &options.destination {
                    Destination::File { path, .. } => path.display().to_string(),
                    Destination::Workspace { dir, .. } => format!("the workspace {}", dir.display()),
                },
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
