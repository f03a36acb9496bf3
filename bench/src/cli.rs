//! `cli_call_ratio_vs_curl`: one call of the `onezone` binary as a process
//! (`onezone getGroup id=…`: start-up, argument parsing, the typed call,
//! pretty JSON) against `curl` sending the same request, both against the
//! `onezone-mock` binary on loopback. Pairs of runs, each side first in half
//! of them; the figure is the ratio of the median wall times (spawn to exit).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail, ensure};
use serde_json::{Value, json};

use crate::mock::MockProcess;
use crate::{stats, subprocess};

const TOKEN: &str = "bench-cli-token";
const GROUP: &str = "0f9e8d7c6b5a49382716253443526170";
/// One run of either side may take this long before it is killed.
const RUN_LIMIT: Duration = Duration::from_secs(10);

/// Sizes of a run.
pub struct Plan {
    /// Untimed pairs first (page cache, the mock's first connections).
    pub warmup: usize,
    pub pairs: usize,
    /// The whole part stops taking pairs after this long.
    pub time_limit: Duration,
}

/// The figure, or why there is none, and the section for the JSON report.
pub struct Outcome {
    pub ratio: Option<f64>,
    pub reason: Option<String>,
    pub section: Value,
}

fn curl_version() -> Result<String, String> {
    let out = subprocess::output(Command::new("curl").arg("--version"), RUN_LIMIT, "curl --version")
        .map_err(|e| format!("no usable curl: {e:#}"))?;
    if !out.status.success() {
        return Err(format!("curl --version exited with {}", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned())
}

/// Runs `command` once, checks it succeeded, returns its wall time and stdout.
fn timed(command: &mut Command, what: &str) -> anyhow::Result<(f64, Vec<u8>)> {
    let out = subprocess::output(command, RUN_LIMIT, what)?;
    if !out.status.success() {
        bail!("{what} exited with {}: {}", out.status, String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok((out.elapsed.as_secs_f64(), out.stdout))
}

pub fn run(cli: Option<&Path>, mock_binary: &Path, work: &Path, plan: &Plan) -> anyhow::Result<Outcome> {
    let skipped = |reason: String| Outcome { ratio: None, section: json!({ "skipped": reason }), reason: Some(reason) };
    let Some(cli) = cli else {
        return Ok(skipped("no onezone binary given (--cli PATH; cargo xtask bench builds and passes it)".into()));
    };
    let curl = match curl_version() {
        Ok(v) => v,
        Err(reason) => return Ok(skipped(reason)),
    };
    let seed = work.join("cli-seed.yaml");
    std::fs::write(
        &seed,
        format!(
            "users:\n  - username: bench\n    tokens: [{TOKEN}]\n    admin: all\ngroups:\n  - name: Bench group\n    id: {GROUP}\n"
        ),
    )?;
    let mock = MockProcess::start(mock_binary, &seed)?;
    let zone = format!("http://{}", mock.addr);
    let url = format!("{zone}/api/v3/onezone/groups/{GROUP}");
    let onezone = || {
        let mut c = Command::new(cli);
        c.args(["getGroup", &format!("id={GROUP}")])
            .env("ONEZONE_HOST", &zone)
            .env("ONEZONE_API_KEY", TOKEN)
            .env_remove("ONEZONE_BASIC_AUTH");
        c
    };
    // The request the CLI sends (see its --dry-run): same method, URL and headers.
    let curl_cmd = || {
        let mut c = Command::new("curl");
        c.args(["-sS", "--fail", "-X", "GET", "-H", &format!("X-Auth-Token: {TOKEN}")])
            .args(["-H", "accept: application/json", "-H", "api-version: 21.02.7"])
            .arg(&url);
        c
    };

    // Both must give the same answer before anything is timed.
    let (_, by_cli) = timed(&mut onezone(), "onezone getGroup")?;
    let (_, by_curl) = timed(&mut curl_cmd(), "curl")?;
    let parse = |bytes: &[u8], who: &str| -> anyhow::Result<Value> {
        serde_json::from_slice(bytes)
            .with_context(|| format!("{who} printed no JSON: {}", String::from_utf8_lossy(bytes)))
    };
    let (a, b) = (parse(&by_cli, "onezone")?, parse(&by_curl, "curl")?);
    ensure!(a == b && a["groupId"] == GROUP, "onezone and curl disagree: {a} vs {b}");

    let started = Instant::now();
    let (mut ours, mut theirs, mut pair_ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut cut_short = false;
    for i in 0..plan.warmup + plan.pairs {
        if started.elapsed() > plan.time_limit {
            cut_short = true;
            break;
        }
        let (o, t) = if i % 2 == 0 {
            let o = timed(&mut onezone(), "onezone getGroup")?.0;
            (o, timed(&mut curl_cmd(), "curl")?.0)
        } else {
            let t = timed(&mut curl_cmd(), "curl")?.0;
            (timed(&mut onezone(), "onezone getGroup")?.0, t)
        };
        if i >= plan.warmup {
            ours.push(o);
            theirs.push(t);
            pair_ratios.push(stats::ratio(o, t));
        }
    }
    drop(mock);
    ensure!(!ours.is_empty(), "no pair was timed within {} s", plan.time_limit.as_secs());
    let ratio = stats::ratio(stats::median(&ours), stats::median(&theirs));
    let ms = |s: &[f64]| {
        json!({
            "median_ms": stats::num(stats::median(s) * 1e3),
            "p90_ms": stats::num(stats::quantile(s, 0.9) * 1e3),
            "min_ms": stats::num(stats::quantile(s, 0.0) * 1e3),
            "samples_s": stats::nums(s),
        })
    };
    eprintln!(
        "  cli: onezone getGroup median {:.2} ms vs curl {:.2} ms over {} pairs: ratio {ratio:.3}",
        stats::median(&ours) * 1e3,
        stats::median(&theirs) * 1e3,
        ours.len()
    );
    let section = json!({
        "command": format!("onezone getGroup id={GROUP} (ONEZONE_HOST, ONEZONE_API_KEY)"),
        "baseline": format!("curl -sS --fail -X GET with the same headers ({curl})"),
        "binary": cli.display().to_string(),
        "pairs_measured": ours.len(),
        "warmup_pairs": plan.warmup,
        "cut_short_by_time_limit": cut_short,
        "onezone": ms(&ours),
        "curl": ms(&theirs),
        "ratio_of_medians": stats::num(ratio),
        "median_pair_ratio": stats::num(stats::median(&pair_ratios)),
    });
    Ok(Outcome { ratio: Some(ratio), reason: None, section })
}
