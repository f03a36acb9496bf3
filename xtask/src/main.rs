//! `cargo xtask` — workspace automation (see README.md).
//!
//! Exit codes of `regenerate`: 0 done (or, with `--check`, everything fresh);
//! 1 `--check` found stale files; 2 generation itself failed.
//! `conformance`: the exit code of the conformance report (0 no failing
//! check, 1 a check failed, 2 the report could not run).
//! `bench`: 0 when the benchmarks ran (missed targets are reported, not
//! errors), 2 when they could not run.
//! `drift`: 0 every difference from upstream is a recorded deviation and no
//! deviation is stale; 1 otherwise; 2 an input could not be read.
//! `diff`: 0 reported; 1 `--fail-on breaking` found a change breaking on
//! the wire or a crate needing a major bump; 2 an input could not be read.
//! Every command: 2 outside a checkout of this workspace.
//! `import`: 0 when the file (or workspace) is written, 2 when the input
//! cannot be imported or generated from.

mod bench;
mod conformance;
mod diff;
mod drift;
mod files;
mod import;
mod regenerate;
mod workspace;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about = "onezone-codegen workspace tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite the generated crates from the spec.
    Regenerate {
        /// Write nothing; exit 1 naming each file that differs from what the
        /// spec generates (the drift check CI runs). Either way, exit 2 when
        /// generation fails.
        #[arg(long)]
        check: bool,
        /// Spec to generate from, relative to the current directory.
        /// Defaults to spec/onezone.yaml under --root.
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Workspace whose generated crates are written or checked.
        /// Defaults to this workspace.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Compare the spec with the upstream Onezone description (a checkout or
    /// exported tag of onedata/onezone-swagger, or one bundled Swagger 2.0
    /// file) in this project's scope; every difference must be a deviation
    /// recorded in spec/deviations.yaml. Exit 0 when all are and none is
    /// stale, 1 otherwise, 2 when the input cannot be read.
    Drift {
        /// The upstream tree (its index.yaml is read) or a bundled file.
        #[arg(long, value_name = "DIR")]
        upstream: PathBuf,
        /// Our spec. Defaults to spec/onezone.yaml of this workspace.
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// The recorded deviations. Defaults to spec/deviations.yaml of this
        /// workspace; `--no-deviations` reports every difference as new.
        #[arg(long, value_name = "FILE", conflicts_with = "no_deviations")]
        deviations: Option<PathBuf>,
        /// Compare without any recorded deviation.
        #[arg(long)]
        no_deviations: bool,
        /// The upstream revision for the report (default: the tag or commit
        /// of DIR when it is a git checkout).
        #[arg(long, value_name = "REV")]
        revision: Option<String>,
        /// Operations compared, e.g. `/groups,/groups/{id},/handle_services/**`
        /// (default: this project's scope).
        #[arg(long, value_name = "RULES")]
        scope: Option<String>,
        /// Report format.
        #[arg(long, value_enum, default_value = "text")]
        format: drift::Format,
    },
    /// Import the upstream Onezone description (a checkout or exported tag of
    /// onedata/onezone-swagger, or one bundled Swagger 2.0 file) as an
    /// OpenAPI 3.0.3 file that `regenerate --spec` takes. Upstream's defects
    /// are repaired by named rules, each repair printed with its upstream
    /// pointer; what no rule repairs is an error naming file and pointer.
    /// The file holds upstream's text: never commit it. Exit 0 when written,
    /// 2 otherwise.
    Import {
        /// The upstream tree (its index.yaml is read) or a bundled file.
        #[arg(long, value_name = "DIR")]
        upstream: PathBuf,
        /// Operations imported, e.g. `/groups,/handle_services/**`, or `all`
        /// for the whole API (default: this project's scope).
        #[arg(long, value_name = "RULES")]
        scope: Option<String>,
        /// The OpenAPI file to write.
        #[arg(long, value_name = "FILE", required_unless_present = "workspace", conflicts_with = "workspace")]
        out: Option<PathBuf>,
        /// Output format (default: json for a .json file, else yaml).
        #[arg(long, value_enum, conflicts_with = "workspace")]
        format: Option<import::Format>,
        /// Instead of one file, a new folder holding a workspace laid out
        /// like this one: the imported spec as spec/onezone.yaml and the
        /// crates generated from it (onezone-types, onezone-client,
        /// onezone-server, with onezone-errors).
        #[arg(long, value_name = "DIR")]
        workspace: Option<PathBuf>,
    },
    /// Run every conformance check for every operation of the spec, print
    /// the operation × check matrix and write it to
    /// target/conformance/report.md.
    Conformance,
    /// Benchmarks whose every figure is a ratio against a baseline measured
    /// in the same run; prints a table and writes target/bench/results.json.
    Bench {
        /// Every part with small counts and short windows (one OpenAPI
        /// Generator round without warm-up; only onezone-types built cold):
        /// under a minute on 2 cores once built (CI).
        #[arg(long)]
        quick: bool,
        /// Cargo profile of the measured binaries: `release` (default for a
        /// full run) or `dev` (default with --quick).
        #[arg(long, value_name = "PROFILE")]
        profile: Option<String>,
        /// Same as `--profile release`.
        #[arg(long, conflicts_with = "profile")]
        release: bool,
        /// Passed on to onezone-bench, e.g. `-- --only router,client`.
        #[arg(last = true)]
        extra: Vec<OsString>,
    },
    /// What a spec change does on the wire (direction, breaking or not) and
    /// to the generated crates (the Rust items touched, the semver bump each
    /// crate needs). Compares two spec files, or spec/onezone.yaml with its
    /// version at a git revision (default: HEAD).
    Diff {
        /// The old spec file (with NEW).
        #[arg(value_name = "OLD", requires = "new", conflicts_with = "base")]
        old: Option<PathBuf>,
        /// The new spec file (with OLD).
        #[arg(value_name = "NEW", requires = "old")]
        new: Option<PathBuf>,
        /// Compare spec/onezone.yaml with its version at this git revision.
        #[arg(long, value_name = "GITREV")]
        base: Option<String>,
        /// Report format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff::Format,
        /// Exit 1 when a change is breaking on the wire (oasdiff's error or
        /// warning level) or a generated crate needs a major bump.
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Option<diff::FailOn>,
        /// Confirm the Rust verdict with cargo-semver-checks, when it is
        /// installed, on both versions built in target/diff-semver/ (slow;
        /// the exit code does not depend on it).
        #[arg(long)]
        semver_checks: bool,
    },
}

fn main() -> ExitCode {
    run(Cli::parse()).unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(2)
    })
}

/// Runs a command; `Err` (exit 2) when the workspace cannot be found.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    Ok(match cli.command {
        Command::Regenerate { check, spec, root } => {
            let root = match root {
                Some(root) => root,
                None => regenerate::project_root()?,
            };
            let spec = spec.unwrap_or_else(|| root.join(regenerate::DEFAULT_SPEC));
            let mode = if check { regenerate::Mode::Check } else { regenerate::Mode::Write };
            regenerate::run_cli(&root, &spec, mode)
        }
        Command::Drift { upstream, spec, deviations, no_deviations, revision, scope, format } => {
            // The workspace is needed only for what was not given.
            let needs_root = spec.is_none() || (deviations.is_none() && !no_deviations);
            let root = if needs_root { regenerate::project_root()? } else { PathBuf::new() };
            let deviations = match (no_deviations, deviations) {
                (true, _) => None,
                (false, given) => Some(given.unwrap_or_else(|| root.join(drift::DEVIATIONS))),
            };
            let spec = spec.unwrap_or_else(|| root.join(regenerate::DEFAULT_SPEC));
            drift::run_cli(&drift::Options { upstream, spec, deviations, revision, scope, format })
        }
        Command::Import { upstream, scope, out, format, workspace } => {
            let destination = match (out, workspace) {
                (_, Some(dir)) => import::Destination::Workspace { dir, root: regenerate::project_root()? },
                (Some(path), None) => import::Destination::File { path, format },
                (None, None) => anyhow::bail!("import needs --out FILE or --workspace DIR"),
            };
            import::run_cli(&import::Options { upstream, scope, destination })
        }
        Command::Conformance => conformance::run_cli(&regenerate::project_root()?),
        Command::Bench { quick, profile, release, extra } => {
            let profile = if release { Some("release".to_owned()) } else { profile };
            bench::run_cli(&regenerate::project_root()?, bench::Options { quick, profile, extra })
        }
        Command::Diff { old, new, base, format, fail_on, semver_checks } => {
            let options = diff::Options { old, new, base, format, fail_on, semver_checks };
            diff::run_cli(&regenerate::project_root()?, &options)
        }
    })
}
