//! `cargo xtask bench [--quick]`: builds what the benchmarks time and runs
//! the `onezone-bench` crate through `cargo run` (xtask does not depend on
//! it, so it stays light). The results land in `target/bench/results.json`.
//!
//! A full run uses the release profile; `--quick` uses the dev profile, so
//! that after `cargo test` (CI) nothing big is compiled a second time.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

/// Options of `cargo xtask bench`.
pub struct Options {
    pub quick: bool,
    /// `dev` or `release`; default: release for a full run, dev with `--quick`.
    pub profile: Option<String>,
    /// Arguments passed on to `onezone-bench` (`--only router,client`, …).
    pub extra: Vec<OsString>,
}

/// Runs the benchmarks; exit code 0 when they ran (targets missed are
/// reported, not failures), 2 when they could not run.
pub fn run_cli(root: &Path, options: Options) -> ExitCode {
    match run(root, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(root: &Path, options: Options) -> anyhow::Result<()> {
    let profile = options.profile.unwrap_or_else(|| if options.quick { "dev" } else { "release" }.to_owned());
    let (profile_flag, profile_dir) = match profile.as_str() {
        "dev" | "debug" => (None, "debug"),
        "release" => (Some("--release"), "release"),
        other => bail!("unknown profile {other:?}: use dev or release"),
    };
    let target_dir = crate::files::target_dir(root)?;
    let bin_dir = target_dir.join(profile_dir);

    // Each package is built on its own, as CI and `cargo xtask` build them,
    // so that feature unification matches and cached artifacts are reused.
    let xtask = bin_dir.join("xtask");
    let running = std::env::current_exe().ok().and_then(|p| p.canonicalize().ok());
    if running.is_none() || running != xtask.canonicalize().ok() {
        cargo(root, &["build", "--quiet", "-p", "xtask"], profile_flag)?;
    }
    cargo(root, &["build", "--quiet", "-p", "onezone-mock"], profile_flag)?;
    cargo(root, &["build", "--quiet", "-p", "onezone-cli"], profile_flag)?;

    let mut args: Vec<OsString> = vec!["run".into(), "--quiet".into(), "-p".into(), "onezone-bench".into()];
    args.extend(profile_flag.map(OsString::from));
    args.push("--".into());
    args.extend(["--root".into(), root.as_os_str().to_owned()]);
    args.extend(["--xtask".into(), xtask.into_os_string()]);
    args.extend(["--mock".into(), bin_dir.join("onezone-mock").into_os_string()]);
    args.extend(["--cli".into(), bin_dir.join("onezone").into_os_string()]);
    args.extend(["--profile".into(), OsString::from(&profile)]);
    if options.quick {
        args.push("--quick".into());
    }
    args.extend(options.extra);
    eprintln!("cargo {}", args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
    let status = Command::new(cargo_bin()).current_dir(root).args(&args).status().context("cannot run cargo")?;
    if !status.success() {
        bail!("onezone-bench failed ({status})");
    }
    Ok(())
}

fn cargo_bin() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

fn cargo(root: &Path, args: &[&str], profile_flag: Option<&str>) -> anyhow::Result<()> {
    let mut cmd = Command::new(cargo_bin());
    cmd.current_dir(root).args(args).args(profile_flag);
    let status = cmd.status().with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}
