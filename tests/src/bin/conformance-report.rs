//! `conformance-report [--markdown FILE] [--spec FILE] [--only COLUMN]… [--readme]`
//!
//! Runs every conformance check for every operation of the spec, prints the
//! operation × check matrix with pass/erratum/fail counts, and writes it as
//! Markdown when asked; then judges the documentation corpus (tests/corpus).
//! The sample errata found are compared with the pinned ones
//! (`onezone_conformance::expected`). Exit code: 0 without
//! failures, 1 with any failing cell, corpus problem or unpinned / vanished
//! sample erratum, 2 when the spec cannot be read or the arguments are wrong.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use onezone_conformance::corpus;
use onezone_conformance::expected::sample_errata_diff;
use onezone_conformance::matrix::{self, Column, Report};
use onezone_conformance::spec::{Spec, default_spec_path};

const USAGE: &str = "usage: conformance-report [--markdown FILE] [--spec FILE] [--only COLUMN]... [--readme]
  --markdown FILE  also write the matrix as Markdown to FILE (directories are created)
  --spec FILE      check against this spec instead of the workspace's spec/onezone.yaml
                   (its sample errata are still compared with the pinned ones of tests/src/expected.rs)
  --only COLUMN    run only this column (types, client-wire, server-wire, round-trip, curl, cli); repeatable
  --readme         print only tests/README.md's conformance summary block (every column)";

struct Args {
    markdown: Option<PathBuf>,
    spec: PathBuf,
    columns: Vec<Column>,
    readme: bool,
}

fn column(name: &str) -> Option<Column> {
    Column::ALL
        .into_iter()
        .find(|c| c.title().replace(' ', "-").eq_ignore_ascii_case(name) || (name == "cli" && *c == Column::Cli))
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { markdown: None, spec: default_spec_path(), columns: Vec::new(), readme: false };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--markdown" => args.markdown = Some(PathBuf::from(value()?)),
            "--spec" => args.spec = PathBuf::from(value()?),
            "--only" => {
                let name = value()?;
                args.columns.push(column(&name).ok_or_else(|| format!("unknown column {name:?}"))?);
            }
            "--readme" => args.readme = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    if args.columns.is_empty() || args.readme {
        args.columns = Column::ALL.to_vec();
    }
    Ok(args)
}

/// The sample columns that ran whose errata differ from the pinned ones,
/// as lines to print.
fn unpinned_errata(report: &Report, columns: &[Column]) -> Vec<String> {
    let mut out = Vec::new();
    for column in columns.iter().filter(|c| c.sample_label().is_some()) {
        let diff = sample_errata_diff(report, *column);
        out.extend(diff.new.iter().map(|line| format!("new {} erratum:{line}", column.title())));
        out.extend(diff.gone.iter().map(|line| format!("pinned {} erratum no longer found:{line}", column.title())));
    }
    out
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let spec = match Spec::load(&args.spec) {
        Ok(spec) => Arc::new(spec),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let report = runtime.block_on(matrix::run(Arc::clone(&spec), &args.columns));
    let corpus = match runtime.block_on(corpus::run(&spec)) {
        Ok(corpus) => corpus,
        Err(e) => {
            eprintln!("error: cannot read the corpus: {e}");
            return ExitCode::from(2);
        }
    };
    if args.readme {
        print!("{}", matrix::readme_summary(&report, &corpus));
    } else {
        print!("{}{}", report.to_text(), corpus.to_text());
    }
    if let Some(path) = &args.markdown {
        let written = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, report.to_markdown() + &corpus.to_markdown()));
        match written {
            Ok(()) => println!("\nMarkdown report written to {}", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let unpinned = unpinned_errata(&report, &args.columns);
    for line in &unpinned {
        eprintln!("{line}");
    }
    if report.has_failures() || !corpus.problems().is_empty() || !unpinned.is_empty() {
        eprintln!(
            "conformance: {} failing check(s), {} corpus problem(s), {} sample errata differing from \
             tests/src/expected.rs",
            report.failures().len(),
            corpus.problems().len(),
            unpinned.len()
        );
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
