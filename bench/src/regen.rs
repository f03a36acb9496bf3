//! `regenerate_speedup_vs_openapi_generator`: OpenAPI Generator (the pinned
//! PyPI `openapi-generator-cli`, generating the `rust` client and the
//! `rust-axum` server) against our whole `xtask regenerate`, both as
//! subprocesses on a scratch copy of the spec: a warm-up round, then
//! interleaved rounds, each side first in half of them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::{stats, subprocess};

/// The pinned OpenAPI Generator (PyPI wrapper around the official jar).
pub const OAG_VERSION: &str = "7.26.0";
const OAG_GENERATORS: [&str; 2] = ["rust", "rust-axum"];

/// What `xtask regenerate` writes, relative to a workspace root.
const OURS: [&str; 6] = onezone_codegen::OUTPUT_PATHS;
const SPEC: &str = "spec/onezone.yaml";

/// Time limits of the subprocesses: generous, for a loaded machine; one
/// that runs longer is killed and reported (OpenAPI Generator's as the
/// reason its line is skipped).
const JAVA_VERSION_LIMIT: Duration = Duration::from_secs(60);
const VENV_LIMIT: Duration = Duration::from_secs(120);
const PIP_LIMIT: Duration = Duration::from_secs(600);
pub(crate) const GENERATE_LIMIT: Duration = Duration::from_secs(300);
const REGENERATE_LIMIT: Duration = Duration::from_secs(120);

/// Where OpenAPI Generator can be run from, or why it cannot.
#[derive(Clone)]
pub enum Oag {
    Ready(PathBuf),
    Unavailable(String),
}

/// Makes sure the pinned generator is installed in a venv under `work`
/// (created on first use). Needs `java` and `python3`.
pub fn install(work: &Path) -> Oag {
    match subprocess::output(Command::new("java").arg("-version"), JAVA_VERSION_LIMIT, "java -version") {
        Ok(out) if out.status.success() => {}
        Ok(out) => return Oag::Unavailable(format!("java -version failed ({})", out.status)),
        Err(e) => {
            return Oag::Unavailable(format!("java is not installed (OpenAPI Generator runs on the JVM): {e:#}"));
        }
    }
    match try_install(work) {
        Ok(cli) => Oag::Ready(cli),
        Err(e) => Oag::Unavailable(format!("cannot install openapi-generator-cli=={OAG_VERSION}: {e:#}")),
    }
}

fn try_install(work: &Path) -> anyhow::Result<PathBuf> {
    let venv = work.join("oag-venv");
    let cli = venv.join("bin/openapi-generator-cli");
    let marker = venv.join(format!("installed-{OAG_VERSION}"));
    if cli.exists() && marker.exists() {
        return Ok(cli);
    }
    if !venv.join("bin/python").exists() {
        timed(Command::new("python3").arg("-m").arg("venv").arg(&venv), "python3 -m venv", VENV_LIMIT)?;
    }
    eprintln!("  installing openapi-generator-cli=={OAG_VERSION} into {}", venv.display());
    timed(
        Command::new(venv.join("bin/python"))
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("openapi-generator-cli=={OAG_VERSION}")),
        "pip install",
        PIP_LIMIT,
    )?;
    if !cli.exists() {
        bail!("pip install left no {}", cli.display());
    }
    std::fs::write(&marker, "")?;
    Ok(cli)
}

/// Sizes of a run.
pub struct Plan {
    pub rounds: usize,
    /// An untimed warm-up round of each side first (off in `--quick`, where
    /// one OpenAPI Generator round costs 7–15 s of the minute).
    pub warmup: bool,
}

/// Files and lines of a generated output.
#[derive(Default, Clone, Copy)]
pub(crate) struct Count {
    pub files: u64,
    pub lines: u64,
    pub rs_files: u64,
    pub rs_lines: u64,
}

pub(crate) fn count_tree(dir: &Path, count: &mut Count) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            count_tree(&path, count)?;
        } else {
            count_file(&path, count)?;
        }
    }
    Ok(())
}

pub(crate) fn count_file(path: &Path, count: &mut Count) -> anyhow::Result<()> {
    let bytes = std::fs::read(path)?;
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
    count.files += 1;
    count.lines += lines;
    if path.extension().is_some_and(|e| e == "rs") {
        count.rs_files += 1;
        count.rs_lines += lines;
    }
    Ok(())
}

pub(crate) fn count_json(c: Count) -> Value {
    json!({ "files": c.files, "lines": c.lines, "rs_files": c.rs_files, "rs_lines": c.rs_lines })
}

/// Runs a subprocess within `limit`; its wall time in seconds.
pub(crate) fn timed(command: &mut Command, what: &str, limit: Duration) -> anyhow::Result<f64> {
    let output = subprocess::output(command, limit, what)?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let out = String::from_utf8_lossy(&output.stdout);
        bail!("{what} failed ({}):\n{}\n{}", output.status, tail(&out, 10), tail(&err, 20));
    }
    Ok(output.elapsed.as_secs_f64())
}

/// The last `n` lines of a text.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The outcome: the JSON section, the headline (absent when the generator
/// could not run) and where OpenAPI Generator's output is (for the compile part).
pub struct Outcome {
    pub section: Value,
    pub speedup: Option<f64>,
    pub reason: Option<String>,
    pub oag_output: Option<PathBuf>,
}

/// Runs the comparison in `work/scratch`. Only our side's failures are
/// errors: should OpenAPI Generator fail (an old Java, the spec refused, a
/// broken install), its line is skipped with the reason and the rest runs.
pub fn run(root: &Path, work: &Path, xtask: &Path, oag: &Oag, plan: &Plan) -> anyhow::Result<Outcome> {
    let mut oag = oag.clone();
    let scratch = work.join("scratch");
    let ours = scratch.join("ours");
    let _ = std::fs::remove_dir_all(&ours);
    // Laid out like the workspace (as in xtask/tests/cli.rs); the generated
    // files are deleted before each run so that every run writes all of them.
    let spec = ours.join(SPEC);
    std::fs::create_dir_all(spec.parent().context("spec path")?)?;
    std::fs::copy(root.join(SPEC), &spec)?;
    std::fs::copy(root.join("Cargo.toml"), ours.join("Cargo.toml"))?;
    for rel in OURS {
        std::fs::create_dir_all(ours.join(rel).parent().context("output path")?)?;
    }
    let run_ours = || -> anyhow::Result<f64> {
        for rel in OURS {
            let _ = std::fs::remove_file(ours.join(rel));
        }
        timed(
            Command::new(xtask).arg("regenerate").arg("--root").arg(&ours).arg("--spec").arg(&spec),
            "xtask regenerate",
            REGENERATE_LIMIT,
        )
    };
    let oag_out = scratch.join("openapi-generator");
    let run_oag = |cli: &Path| -> anyhow::Result<f64> {
        let _ = std::fs::remove_dir_all(&oag_out);
        let mut total = 0.0;
        for generator in OAG_GENERATORS {
            total += timed(
                Command::new(cli)
                    .args(["generate", "-g", generator, "-i"])
                    .arg(&spec)
                    .arg("-o")
                    .arg(oag_out.join(generator)),
                &format!("openapi-generator-cli generate -g {generator}"),
                GENERATE_LIMIT,
            )?;
        }
        Ok(total)
    };

    let mut ours_s = Vec::new();
    let mut oag_s = Vec::new();
    // One untimed warm-up round per side (page cache, the JVM's class data,
    // our binary), then A B, B A, A B, …: each side first in half of the rounds.
    let first = usize::from(!plan.warmup);
    for round in first..=plan.rounds {
        let timed_round = round > 0;
        let oag_first = round % 2 == 1;
        if !oag_first {
            let s = run_ours()?;
            if timed_round {
                ours_s.push(s);
            }
        }
        let oag_result = match &oag {
            Oag::Ready(cli) => Some(run_oag(cli)),
            Oag::Unavailable(_) => None,
        };
        match oag_result {
            Some(Ok(seconds)) if timed_round => oag_s.push(seconds),
            Some(Ok(_)) | None => {}
            Some(Err(e)) => {
                let why = format!("OpenAPI Generator {OAG_VERSION} failed: {e:#}");
                eprintln!("  {why}\n  (only the OpenAPI Generator line is skipped)");
                oag = Oag::Unavailable(why);
            }
        }
        if oag_first {
            let s = run_ours()?;
            if timed_round {
                ours_s.push(s);
            }
        }
    }

    // Stage breakdown of ours: the generator library alone, in this
    // process (parse, lint, progenitor, server emitter, prettyplease), so
    // that the rest of the wall time is process start and file IO.
    let text = std::fs::read_to_string(&spec)?;
    let settings = onezone_codegen::Settings::new(SPEC);
    let mut in_process_s = Vec::new();
    for _ in 0..plan.rounds.max(3) {
        let started = Instant::now();
        let generated = onezone_codegen::generate(&text, &settings)?;
        in_process_s.push(started.elapsed().as_secs_f64());
        std::hint::black_box(generated);
    }

    // Our scratch output must be exactly the committed generated files.
    let mut ours_count = Count::default();
    for rel in OURS {
        let produced = std::fs::read(ours.join(rel))?;
        if produced != std::fs::read(root.join(rel))? {
            bail!("regenerating in the scratch copy gave a different {rel} than the committed one");
        }
        count_file(&ours.join(rel), &mut ours_count)?;
    }

    let mut section = json!({
        "ours": {
            "command": format!("{} regenerate --root <scratch> --spec <scratch>/{SPEC}", xtask.display()),
            "wall_s": stats::summary(&ours_s),
            "generate_in_process_s": stats::summary(&in_process_s),
            "output": count_json(ours_count),
        },
        "order": "an untimed warm-up round per side (unless warmup_rounds is 0), then A B, B A, A B, … (A: OpenAPI Generator rust + rust-axum, B: ours), each side first in half of the rounds; medians of wall time",
        "rounds": plan.rounds,
        "warmup_rounds": usize::from(plan.warmup),
    });
    let counted = match oag {
        Oag::Ready(_) => count_oag_output(&oag_out)
            .map_err(|e| format!("cannot read OpenAPI Generator's output in {}: {e:#}", oag_out.display())),
        Oag::Unavailable(why) => Err(why),
    };
    let (speedup, reason, oag_output) = match counted {
        Ok((total, per)) => {
            let speedup = stats::ratio(stats::median(&oag_s), stats::median(&ours_s));
            section["openapi_generator"] = json!({
                "package": format!("openapi-generator-cli=={OAG_VERSION} (PyPI)"),
                "generators": OAG_GENERATORS,
                "wall_s": stats::summary(&oag_s),
                "output": count_json(total),
                "output_per_generator": Value::Object(per),
            });
            section["speedup"] = stats::num(speedup);
            (Some(speedup), None, Some(oag_out))
        }
        Err(why) => {
            section["openapi_generator"] = json!({ "skipped": why });
            (None, Some(why), None)
        }
    };
    Ok(Outcome { section, speedup, reason, oag_output })
}

/// Files and lines of OpenAPI Generator's output: in all and per generator.
fn count_oag_output(oag_out: &Path) -> anyhow::Result<(Count, serde_json::Map<String, Value>)> {
    let mut per = serde_json::Map::new();
    let mut total = Count::default();
    for generator in OAG_GENERATORS {
        let mut c = Count::default();
        count_tree(&oag_out.join(generator), &mut c)?;
        per.insert(generator.to_owned(), count_json(c));
        total.files += c.files;
        total.lines += c.lines;
        total.rs_files += c.rs_files;
        total.rs_lines += c.rs_lines;
    }
    Ok((total, per))
}
