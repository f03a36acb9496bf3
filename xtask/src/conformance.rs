//! `cargo xtask conformance`: the conformance matrix of the generated crates
//! against every documented example of the spec.
//!
//! The checks live in the `onezone-conformance` crate; this only runs its
//! `conformance-report` binary through cargo (so xtask does not depend on
//! that crate and stays light) and hands back its exit code: 0 no failing
//! cell, 1 some cell failed, 2 the report could not run; anything else is
//! cargo's own (e.g. 101 when the suite does not build).

use std::path::Path;
use std::process::{Command, ExitCode};

/// Where the Markdown report goes, relative to the workspace root.
pub const MARKDOWN_REPORT: &str = "target/conformance/report.md";

/// The command run from the workspace root.
pub fn command(root: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).args([
        "run",
        "--quiet",
        "-p",
        "onezone-conformance",
        "--bin",
        "conformance-report",
        "--",
        "--markdown",
        MARKDOWN_REPORT,
    ]);
    command
}

/// Runs the report and propagates its exit code.
pub fn run_cli(root: &Path) -> ExitCode {
    match command(root).status() {
        Ok(status) => match status.code() {
            Some(0) => ExitCode::SUCCESS,
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => {
                eprintln!("error: the conformance report was stopped by a signal");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: cannot run cargo for the conformance report: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_the_report_binary_from_the_root_with_the_markdown_path() {
        let root = Path::new("/some/workspace");
        let command = command(root);
        assert_eq!(command.get_current_dir(), Some(root));
        let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(
            args,
            [
                "run",
                "--quiet",
                "-p",
                "onezone-conformance",
                "--bin",
                "conformance-report",
                "--",
                "--markdown",
                MARKDOWN_REPORT
            ]
        );
    }
}
