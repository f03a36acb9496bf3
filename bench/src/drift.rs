//! `drift_ratio_vs_regenerate` (report only, with drift's own target of
//! under a second): `xtask drift --upstream TREE` against `xtask regenerate
//! --check` of the workspace, the same built binary, interleaved in pairs
//! (each side first in half of them). Drift reads every file `index.yaml`
//! reaches (the whole API) and filters by scope, as users run it; the
//! report counts the files in the tree. Without `--upstream` the bench
//! uses the small fixture tree of `onezone-upstream` and says so.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::bail;
use serde_json::{Value, json};

use crate::regen::tail;
use crate::{stats, subprocess};

/// Pairs to time.
pub struct Plan {
    pub pairs: usize,
}

/// One call's limit: drift of the whole tree takes well under a second.
const LIMIT: Duration = Duration::from_secs(60);

/// The tree used when none is given.
pub const FIXTURE_TREE: &str = "upstream/tests/fixtures/tree";

fn time(command: &mut Command, what: &str, ok: &[i32]) -> anyhow::Result<f64> {
    let out = subprocess::output(command, LIMIT, what)?;
    if !out.status.code().is_some_and(|c| ok.contains(&c)) {
        bail!("{what} failed ({}):\n{}", out.status, tail(&String::from_utf8_lossy(&out.stderr), 10));
    }
    Ok(out.elapsed.as_secs_f64())
}

/// Runs the part: `(section, ratio, drift median seconds)`.
pub fn run(root: &Path, xtask: &Path, upstream: Option<&Path>, plan: &Plan) -> anyhow::Result<(Value, f64, f64)> {
    let tree = upstream.map_or_else(|| root.join(FIXTURE_TREE), Path::to_path_buf);
    let drift = || {
        let mut c = Command::new(xtask);
        c.current_dir(root).args(["drift", "--format", "json", "--upstream"]).arg(&tree);
        c
    };
    let regenerate = || {
        let mut c = Command::new(xtask);
        c.current_dir(root).args(["regenerate", "--check"]);
        c
    };
    // Exit 1 (differences that no deviation covers: the fixture tree is not
    // Onezone) still times a complete run; 2 would mean it could not read.
    let (mut drift_s, mut regen_s) = (Vec::new(), Vec::new());
    time(&mut drift(), "xtask drift (warm-up)", &[0, 1])?;
    for i in 0..plan.pairs {
        if i % 2 == 0 {
            drift_s.push(time(&mut drift(), "xtask drift", &[0, 1])?);
            regen_s.push(time(&mut regenerate(), "xtask regenerate --check", &[0])?);
        } else {
            regen_s.push(time(&mut regenerate(), "xtask regenerate --check", &[0])?);
            drift_s.push(time(&mut drift(), "xtask drift", &[0, 1])?);
        }
    }
    let (drift_median, regen_median) = (stats::median(&drift_s), stats::median(&regen_s));
    let files = walk_count(&tree);
    let section = json!({
        "upstream": tree.display().to_string(),
        "fixture_tree": upstream.is_none(),
        "files_in_tree": files,
        "pairs": plan.pairs,
        "drift_s": stats::summary(&drift_s),
        "regenerate_check_s": stats::summary(&regen_s),
        "drift_s_samples": stats::nums(&drift_s),
        "regenerate_check_s_samples": stats::nums(&regen_s),
    });
    Ok((section, drift_median / regen_median, drift_median))
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                let path = e.path();
                if path.is_dir() { walk_count(&path) } else { 1 }
            })
            .sum()
    })
}
