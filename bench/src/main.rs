//! `onezone-bench`: the benchmarks behind `cargo xtask bench [--quick]`.
//!
//! Every headline figure is a ratio against a baseline measured in the same
//! run, candidate and baseline interleaved in pairs, each side first in half
//! of them (A B, B A, …; the router part takes the median of per-pair
//! ratios) — the machines are shared and noisy, so absolute times are
//! reported only as raw numbers beside the ratios. Every load loop is
//! bounded in count and time and targets loopback only; every subprocess
//! and every wait on the network has a time limit. Prints a table and
//! writes a JSON report.

mod cli;
mod client;
mod compile;
mod drift;
mod load;
mod mock;
mod regen;
mod router;
mod stats;
mod subprocess;
mod whole;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser)]
#[command(name = "onezone-bench", about = "Same-run ratio benchmarks of the generated Onezone crates")]
struct Args {
    /// Small counts and short windows (CI's smoke run, under a minute).
    #[arg(long)]
    quick: bool,
    /// Workspace root.
    #[arg(long)]
    root: PathBuf,
    /// The built xtask binary whose `regenerate` is timed.
    #[arg(long)]
    xtask: PathBuf,
    /// The built onezone-mock binary for the load and memory part.
    #[arg(long)]
    mock: PathBuf,
    /// The built `onezone` binary for the cli part (without it, that
    /// figure is null with the reason).
    #[arg(long)]
    cli: Option<PathBuf>,
    /// Cargo profile the binaries were built with (recorded in the report).
    #[arg(long, default_value = "dev")]
    profile: String,
    /// Scratch and output directory (default: <root>/target/bench).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Parts to run, comma-separated: regenerate,drift,router,client,mock,cli,compile,whole.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// With --quick, build every crate cold as a full run does (--quick
    /// builds only onezone-types cold, and nothing of the whole part).
    #[arg(long)]
    cold_compile: bool,
    /// Build nothing cold (crate counts only).
    #[arg(long)]
    no_cold_compile: bool,
    /// The upstream Swagger tree the drift and whole parts read (e.g. an
    /// exported tag of onedata/onezone-swagger); default: onezone-upstream's
    /// small fixture tree, reported as such.
    #[arg(long, value_name = "DIR")]
    upstream: Option<PathBuf>,
    /// The scope the whole part imports (default: `all` with --upstream;
    /// for the fixture tree, the scope CI imports from it).
    #[arg(long, value_name = "RULES")]
    whole_scope: Option<String>,
    /// Instead of benchmarking: serve the two routers of the router part on
    /// loopback for this many seconds, printing their addresses (profiling).
    #[arg(long, value_name = "SECONDS")]
    serve_router: Option<u64>,
}

const PARTS: [&str; 8] = ["regenerate", "drift", "router", "client", "mock", "cli", "compile", "whole"];

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("onezone-bench: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn wants(args: &Args, part: &str) -> bool {
    args.only.is_empty() || args.only.iter().any(|p| p == part)
}

fn run(args: &Args) -> anyhow::Result<()> {
    for p in &args.only {
        anyhow::ensure!(PARTS.contains(&p.as_str()), "unknown part {p:?}; parts are {}", PARTS.join(", "));
    }
    let started = Instant::now();
    let work = args.work.clone().unwrap_or_else(|| args.root.join("target/bench"));
    std::fs::create_dir_all(&work)?;
    let quick = args.quick;
    let mut report = json!({
        "date": date(),
        "mode": if quick { "quick" } else { "full" },
        "profile": args.profile,
        "machine": machine(),
        "load_average_start": loadavg(),
    });
    let mut rows: Vec<Row> = Vec::new();

    // Separate runtimes for servers and load generators, so that neither
    // side's tasks run on the other's threads; two workers each (2 cores).
    let server_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    if let Some(seconds) = args.serve_router {
        return router::serve_for(&server_rt, seconds);
    }

    let mut oag_output = None;
    if wants(args, "regenerate") {
        eprintln!("== regenerate: OpenAPI Generator vs xtask regenerate");
        let oag = regen::install(&work);
        let plan =
            if quick { regen::Plan { rounds: 1, warmup: false } } else { regen::Plan { rounds: 6, warmup: true } };
        let outcome = regen::run(&args.root, &work, &args.xtask, &oag, &plan)?;
        oag_output = outcome.oag_output.clone();
        let s = &outcome.section;
        let ours = &s["ours"];
        let raw = match &outcome.speedup {
            Some(_) => format!(
                "OpenAPI Generator (rust + rust-axum) median {} s vs ours {} s; output {} files / {} lines ({} .rs / {} lines) vs ours {} files / {} lines",
                fmt(&s["openapi_generator"]["wall_s"]["median"], 2),
                fmt(&ours["wall_s"]["median"], 3),
                s["openapi_generator"]["output"]["files"],
                s["openapi_generator"]["output"]["lines"],
                s["openapi_generator"]["output"]["rs_files"],
                s["openapi_generator"]["output"]["rs_lines"],
                ours["output"]["files"],
                ours["output"]["lines"],
            ),
            None => format!(
                "skipped: {}; ours median {} s",
                one_line(outcome.reason.as_deref().unwrap_or_default(), 400),
                fmt(&ours["wall_s"]["median"], 3)
            ),
        };
        rows.push(Row::ratio("regenerate_speedup_vs_openapi_generator", outcome.speedup, Target::AtLeast(10.0), raw));
        report["regenerate_speedup_vs_openapi_generator"] = outcome.speedup.map_or(Value::Null, stats::num);
        if let Some(reason) = &outcome.reason {
            report["regenerate_speedup_vs_openapi_generator_reason"] = json!(reason);
        }
        report["regenerate"] = outcome.section;
    }

    if wants(args, "drift") {
        eprintln!("== drift: xtask drift over an upstream tree vs xtask regenerate --check");
        let plan = drift::Plan { pairs: if quick { 3 } else { 10 } };
        let (section, ratio, drift_s) = drift::run(&args.root, &args.xtask, args.upstream.as_deref(), &plan)?;
        let raw = format!(
            "drift median {} s (target: under 1 s{}) over {} ({} files{}) vs regenerate --check {} s; {} pairs, each side first in half",
            fmt(&section["drift_s"]["median"], 3),
            if drift_s < 1.0 { ", met" } else { ", NOT met" },
            section["upstream"].as_str().unwrap_or_default(),
            section["files_in_tree"],
            if section["fixture_tree"] == true {
                ", the small fixture tree: pass --upstream DIR for the real one"
            } else {
                ""
            },
            fmt(&section["regenerate_check_s"]["median"], 3),
            plan.pairs,
        );
        rows.push(Row::ratio("drift_ratio_vs_regenerate", Some(ratio), Target::Report, raw));
        report["drift_ratio_vs_regenerate"] = stats::num(ratio);
        report["drift_seconds"] = stats::num(drift_s);
        report["drift"] = section;
    }

    if wants(args, "router") {
        eprintln!("== router: generated onezone_server::router vs hand-written axum");
        let plan = if quick {
            router::Plan {
                connections: 8,
                window: Duration::from_millis(250),
                warmup: Duration::from_millis(100),
                rounds: 4,
                max_requests: 200_000,
            }
        } else {
            router::Plan {
                connections: 16,
                // Many short interleaved windows: more pairs for the medians
                // on a machine shared with other builds; an even count, so
                // each side goes first equally often.
                window: Duration::from_millis(250),
                warmup: Duration::from_millis(500),
                rounds: 64,
                max_requests: 5_000_000,
            }
        };
        let (section, headline) = router::run(&server_rt, &client_rt, &plan)?;
        let ops = &section["operations"];
        let raw = ["get_privileges", "put_group", "patch_privileges"]
            .iter()
            .map(|k| {
                format!(
                    "{k} {} {} (medians {} vs {} req/s: {})",
                    fmt(&ops[k]["ratio"], 3),
                    if ops[k]["target_met"] == true { "met" } else { "NOT MET" },
                    fmt(&ops[k]["generated_rps"]["median"], 0),
                    fmt(&ops[k]["handwritten_axum_rps"]["median"], 0),
                    fmt(&ops[k]["ratio_of_median_rps"], 3)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        rows.push(Row::ratio(
            "router_throughput_ratio_vs_axum",
            Some(headline.geomean),
            Target::AtLeast(router::TARGET),
            format!(
                "geomean of 3 medians of per-pair ratios; per operation against ≥ {}: {raw}; {} connections, {} pairs",
                router::TARGET,
                plan.connections,
                plan.rounds
            ),
        ));
        rows.push(Row::ratio(
            "router_throughput_min_op_ratio",
            Some(headline.min_op),
            Target::AtLeast(router::TARGET),
            "the smallest of the 3 per-operation ratios above".into(),
        ));
        report["router_throughput_ratio_vs_axum"] = stats::num(headline.geomean);
        report["router_throughput_min_op_ratio"] = stats::num(headline.min_op);
        report["router"] = section;
    }

    if wants(args, "client") {
        eprintln!("== client: generated onezone-client vs raw reqwest");
        let plan = if quick {
            client::Plan { warmup: 20, pairs: 200, time_limit: Duration::from_secs(15) }
        } else {
            client::Plan { warmup: 200, pairs: 3000, time_limit: Duration::from_secs(120) }
        };
        let (section, ratio) = client::run(&server_rt, &client_rt, &plan)?;
        let ops = &section["operations"];
        let raw = ["get_handle_service", "update_group_handle_service_privileges"]
            .iter()
            .map(|k| {
                format!(
                    "{k} {} (p50 {} vs {} µs, p99 {} vs {} µs; median of per-pair ratios {}, {} pairs)",
                    fmt(&ops[k]["ratio_p50"], 3),
                    fmt(&ops[k]["generated"]["p50_us"], 1),
                    fmt(&ops[k]["raw_reqwest"]["p50_us"], 1),
                    fmt(&ops[k]["generated"]["p99_us"], 0),
                    fmt(&ops[k]["raw_reqwest"]["p99_us"], 0),
                    fmt(&ops[k]["median_pair_ratio"], 3),
                    ops[k]["pairs_measured"],
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        rows.push(Row::ratio(
            "client_latency_ratio_vs_reqwest",
            Some(ratio),
            Target::AtMost(1.05),
            format!(
                "geomean of 2 ratios of p50s; {raw}; each side first in half of the pairs{}",
                if section["cut_short_by_time_limit"] == true { "; CUT SHORT by the time limit" } else { "" }
            ),
        ));
        report["client_latency_ratio_vs_reqwest"] = stats::num(ratio);
        report["client"] = section;
    }

    if wants(args, "mock") {
        eprintln!("== mock: 100 concurrent clients against the onezone-mock binary, and its memory");
        let plan = if quick {
            mock::Plan {
                clients: 100,
                duration: Duration::from_secs(2),
                max_requests: 1_000_000,
                handle_services: 5_000,
            }
        } else {
            mock::Plan {
                clients: 100,
                duration: Duration::from_secs(10),
                max_requests: 10_000_000,
                handle_services: 100_000,
            }
        };
        let (section, errors) = mock::run(&client_rt, &args.mock, &work, &plan)?;
        let m = &section["memory"];
        rows.push(Row {
            name: "mock_load_errors".into(),
            value: errors.to_string(),
            target: "= 0".into(),
            met: Some(errors == 0),
            raw: format!(
                "{} clients for {} s: {} req/s, p50 {} µs, p99 {} µs (every request, errors included); VmRSS empty {} MiB, after {} handle services {} MiB",
                plan.clients,
                fmt(&section["duration_s"], 1),
                fmt(&section["throughput_rps"], 0),
                fmt(&section["latency"]["p50_us"], 0),
                fmt(&section["latency"]["p99_us"], 0),
                mib(&m["rss_empty_kib"]),
                plan.handle_services,
                mib(&m["rss_after_kib"]),
            ),
        });
        report["mock_load_errors"] = json!(errors);
        report["mock_throughput_rps"] = section["throughput_rps"].clone();
        report["mock_rss_empty_kib"] = m["rss_empty_kib"].clone();
        report["mock_rss_after_handle_services_kib"] = m["rss_after_kib"].clone();
        report["mock"] = section;
    }

    if wants(args, "cli") {
        eprintln!("== cli: onezone getGroup as a process vs curl, against the onezone-mock binary");
        let plan = if quick {
            cli::Plan { warmup: 2, pairs: 20, time_limit: Duration::from_secs(20) }
        } else {
            cli::Plan { warmup: 10, pairs: 200, time_limit: Duration::from_secs(120) }
        };
        let outcome = cli::run(args.cli.as_deref(), &args.mock, &work, &plan)?;
        let s = &outcome.section;
        let raw = match &outcome.reason {
            None => format!(
                "median wall time spawn to exit {} ms vs curl {} ms (p90 {} vs {} ms); median of per-pair ratios {}; {} pairs, each side first in half{}",
                fmt(&s["onezone"]["median_ms"], 2),
                fmt(&s["curl"]["median_ms"], 2),
                fmt(&s["onezone"]["p90_ms"], 2),
                fmt(&s["curl"]["p90_ms"], 2),
                fmt(&s["median_pair_ratio"], 3),
                s["pairs_measured"],
                if s["cut_short_by_time_limit"] == true { "; CUT SHORT by the time limit" } else { "" }
            ),
            Some(reason) => format!("skipped: {}", one_line(reason, 400)),
        };
        rows.push(Row::ratio("cli_call_ratio_vs_curl", outcome.ratio, Target::AtMost(2.0), raw));
        report["cli_call_ratio_vs_curl"] = outcome.ratio.map_or(Value::Null, stats::num);
        if let Some(reason) = &outcome.reason {
            report["cli_call_ratio_vs_curl_reason"] = json!(reason);
        }
        report["cli"] = outcome.section;
    }

    if wants(args, "compile") {
        // --quick builds only the smallest crate cold (about 15 s), so that
        // CI runs the cold build path too.
        let all = !quick || args.cold_compile;
        let cold: &[&str] = match (args.no_cold_compile, all) {
            (true, _) => &[],
            (false, true) => &compile::CRATES,
            (false, false) => &["onezone-types"],
        };
        let plan = compile::Plan { cold, cold_oag: all && !args.no_cold_compile, online_resolve: !quick };
        eprintln!(
            "== compile: crate counts{}",
            if cold.is_empty() {
                " (cold builds skipped)".to_owned()
            } else {
                format!(", cold builds of {}", cold.join(", "))
            }
        );
        let (section, seconds) = compile::run(&args.root, &work, oag_output.as_deref(), &plan)?;
        let crates = &section["crates"];
        let mut raw = Vec::new();
        for (name, entry) in crates.as_object().into_iter().flatten() {
            let mut part = name.clone();
            if let Some(s) = entry.get("cold_build_s") {
                part.push_str(&format!(" {} s", fmt(s, 1)));
            }
            if let Some(n) = entry.get("crates_compiled") {
                part.push_str(&format!(", {n} crates compiled"));
            }
            if let Some(n) = entry.get("crates_in_graph_metadata").filter(|n| !n.is_null()) {
                part.push_str(&format!(", {n} crates in graph"));
            }
            if let Some(n) = entry.get("crates_in_graph_all_platforms").filter(|n| !n.is_null()) {
                part.push_str(&format!(" ({n} all platforms)"));
            }
            if let Some(n) = entry.get("crates_in_lockfile") {
                part.push_str(&format!(", {n} crates in its resolved Cargo.lock (all platforms, all features)"));
            } else if entry.get("metadata_error").is_some()
                && let Some(n) = entry.get("direct_dependencies")
            {
                part.push_str(&format!(", {n} direct deps (not resolvable offline)"));
            }
            if entry.get("cold_build_error").is_some() {
                part.push_str(", cold build failed offline (see results.json)");
            }
            if let Some(e) = entry.get("error").and_then(Value::as_str) {
                part.push_str(&format!(": {}", one_line(e, 200)));
            }
            raw.push(part);
        }
        rows.push(Row {
            name: "compile_seconds".into(),
            value: if cold.is_empty() { "skipped".into() } else { "see raw".into() },
            target: "report only".into(),
            met: None,
            raw: raw.join("; "),
        });
        report["compile_seconds"] = seconds;
        if cold.is_empty() {
            report["compile_seconds_reason"] = json!("cold builds skipped (--no-cold-compile)");
        } else if !all {
            report["compile_seconds_reason"] =
                json!("--quick: only onezone-types is built cold (--cold-compile builds every crate)");
        }
        report["compile"] = section;
    }

    if wants(args, "whole") {
        let cold = (!quick || args.cold_compile) && !args.no_cold_compile;
        eprintln!(
            "== whole: xtask import of the whole API vs xtask regenerate --check{}",
            if cold { ", cold builds beside OpenAPI Generator's client" } else { " (cold builds skipped)" }
        );
        let plan =
            whole::Plan { pairs: if quick { 2 } else { 6 }, cold, online: !quick, scope: args.whole_scope.clone() };
        let outcome = whole::run(&args.root, &work, &args.xtask, args.upstream.as_deref(), &plan)?;
        let s = &outcome.section;
        let fixture = s["fixture_tree"] == true;
        let tree = format!(
            "{}, scope {}{}",
            s["upstream"].as_str().unwrap_or_default(),
            s["scope"].as_str().unwrap_or_default(),
            if fixture { ": the small fixture tree, pass --upstream DIR for the real one" } else { "" }
        );
        let (ops_whole, ops_ours) = (&s["operations"]["imported"], &s["operations"]["ours"]);
        rows.push(Row::ratio(
            "import_regenerate_vs_regenerate",
            Some(outcome.vs_regenerate),
            Target::Report,
            format!(
                "xtask import --workspace of {ops_whole} operations ({tree}) median {} s vs regenerate --check of our {ops_ours} operations {} s; {} pairs after a warm-up, each side first in half",
                fmt(&s["import_s"]["median"], 3),
                fmt(&s["regenerate_check_s"]["median"], 3),
                plan.pairs,
            ),
        ));
        let mut per_operation = Row::ratio(
            "per_operation_cost_ratio",
            Some(outcome.per_operation),
            Target::AtMost(1.5),
            format!(
                "seconds per operation, import {} ms vs regenerate --check {} ms: growth at most linear keeps it near or under 1; the generator library alone, in-process, {} vs {} s (per operation {}){}",
                fmt(&json!(s["seconds_per_operation"]["import"].as_f64().map(|x| x * 1e3)), 2),
                fmt(&json!(s["seconds_per_operation"]["regenerate_check"].as_f64().map(|x| x * 1e3)), 2),
                fmt(&s["generator_in_process"]["imported_s"]["median"], 3),
                fmt(&s["generator_in_process"]["ours_s"]["median"], 3),
                fmt(&s["generator_in_process"]["per_operation_ratio"], 3),
                if fixture { " (the fixture tree's few operations leave import's fixed costs undivided)" } else { "" }
            ),
        );
        if fixture {
            // A handful of operations cannot show how the cost grows.
            per_operation.target = "≤ 1.5 (over a real tree)".into();
            per_operation.met = None;
        }
        rows.push(per_operation);
        let files = |side: &Value| {
            side["files"].as_object().map_or_else(String::new, |f| f.keys().cloned().collect::<Vec<_>>().join(", "))
        };
        let lines = &s["generated_lines"];
        let cold = &s["cold_build"];
        let oag_lines =
            cold["openapi_generator_rust"]["rs_lines_per_operation"].as_f64().map_or_else(String::new, |x| {
                format!("; OpenAPI Generator's rust client from the same spec {x:.1} .rs lines per operation")
            });
        rows.push(Row {
            name: "whole_lines_per_operation".into(),
            value: fmt(&lines["imported"]["per_operation"], 1),
            target: "report only".into(),
            met: None,
            raw: format!(
                "{} lines over {ops_whole} operations in {}; ours {} per operation ({} lines over {ops_ours} in {}){oag_lines}",
                lines["imported"]["lines"],
                files(&lines["imported"]),
                fmt(&lines["ours"]["per_operation"], 1),
                lines["ours"]["lines"],
                files(&lines["ours"]),
            ),
        });
        let ours = &cold["imported_workspace"];
        let oag = &cold["openapi_generator_rust"];
        let (cold_value, cold_raw, warnings_row) = if let Some(reason) = cold["skipped"].as_str() {
            (None, format!("skipped: {reason}"), None)
        } else {
            let ours_text = match ours["cold_build_s"].as_f64() {
                Some(secs) => format!(
                    "imported workspace {secs:.1} s ({} crates compiled, {} warnings)",
                    ours["crates_compiled"], ours["warnings"]
                ),
                None => format!("imported workspace FAILED: {}", one_line(ours["error"].as_str().unwrap_or("?"), 300)),
            };
            let generated = oag["generate_s"].as_f64().map_or_else(String::new, |g| {
                format!(" (generated from the same spec in {g:.1} s, {} .rs lines)", oag["output"]["rs_lines"])
            });
            let oag_text = match oag["cold_build_s"].as_f64() {
                Some(secs) => format!(
                    "OpenAPI Generator's rust client{generated} {secs:.1} s ({} crates compiled, {} warnings)",
                    oag["crates_compiled"], oag["warnings"]
                ),
                None => format!(
                    "OpenAPI Generator's rust client{generated}: null, {}",
                    one_line(cold["ratio_reason"].as_str().unwrap_or("?"), 400)
                ),
            };
            (
                cold["ratio_vs_openapi_generator"].as_f64(),
                format!("cargo build --workspace, offline, fresh target dir: {ours_text}; {oag_text}"),
                Some(ours["warnings"].as_u64()),
            )
        };
        rows.push(Row::ratio("whole_cold_build_ratio_vs_openapi_generator", cold_value, Target::Report, cold_raw));
        rows.push(match warnings_row {
            None => Row {
                name: "whole_cold_build_warnings".into(),
                value: "skipped".into(),
                target: "= 0".into(),
                met: None,
                raw: "no cold build".into(),
            },
            Some(count) => Row {
                name: "whole_cold_build_warnings".into(),
                value: count.map_or_else(|| "build failed".into(), |n| n.to_string()),
                target: "= 0".into(),
                met: Some(count == Some(0)),
                raw: ours["warning_lines"].as_array().filter(|l| !l.is_empty()).map_or_else(
                    || "cargo build --workspace of the imported workspace".into(),
                    |l| one_line(&l.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"), 300),
                ),
            },
        });
        report["import_regenerate_vs_regenerate"] = stats::num(outcome.vs_regenerate);
        report["per_operation_cost_ratio"] = stats::num(outcome.per_operation);
        report["whole_lines_per_operation"] = stats::num(outcome.lines_per_operation);
        report["whole_cold_build_ratio_vs_openapi_generator"] = cold_value.map_or(Value::Null, stats::num);
        if cold_value.is_none() {
            report["whole_cold_build_ratio_vs_openapi_generator_reason"] =
                cold["skipped"].as_str().map_or_else(|| cold["ratio_reason"].clone(), |r| json!(r));
        }
        report["whole"] = outcome.section;
    }

    report["load_average_end"] = loadavg();
    report["bench_wall_s"] = stats::num(started.elapsed().as_secs_f64());
    let out = work.join("results.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report)? + "\n")
        .with_context(|| format!("cannot write {}", out.display()))?;

    println!();
    println!(
        "onezone-bench ({} run, {} profile, {}, {} cores, {} load {} → {}):",
        report["mode"].as_str().unwrap_or(""),
        args.profile,
        report["date"].as_str().unwrap_or(""),
        report["machine"]["nproc"],
        report["machine"]["mem_total"].as_str().unwrap_or("?"),
        report["load_average_start"].as_str().unwrap_or("?"),
        report["load_average_end"].as_str().unwrap_or("?"),
    );
    println!();
    println!("| figure | value | target | met | raw numbers |");
    println!("|---|---|---|---|---|");
    for r in &rows {
        let met = match r.met {
            Some(true) => "met",
            Some(false) => "NOT MET",
            None => "—",
        };
        println!("| `{}` | {} | {} | {} | {} |", r.name, r.value, r.target, met, r.raw);
    }
    println!();
    println!("results: {} ({:.0} s)", out.display(), started.elapsed().as_secs_f64());
    Ok(())
}

enum Target {
    AtLeast(f64),
    AtMost(f64),
    /// A figure recorded without a target of its own.
    Report,
}

struct Row {
    name: String,
    value: String,
    target: String,
    met: Option<bool>,
    raw: String,
}

impl Row {
    fn ratio(name: &str, value: Option<f64>, target: Target, raw: String) -> Self {
        let (target_text, met) = match (target, value) {
            (Target::AtLeast(t), Some(v)) => (format!("≥ {t}"), Some(v >= t)),
            (Target::AtMost(t), Some(v)) => (format!("≤ {t}"), Some(v <= t)),
            (Target::AtLeast(t), None) => (format!("≥ {t}"), None),
            (Target::AtMost(t), None) => (format!("≤ {t}"), None),
            (Target::Report, _) => ("report only".to_owned(), None),
        };
        let value = match value {
            Some(v) if v.is_finite() => format!("{v:.3}"),
            Some(_) => "n/a".into(),
            None => "skipped".into(),
        };
        Self { name: name.into(), value, target: target_text, met, raw }
    }
}

fn fmt(v: &Value, decimals: usize) -> String {
    match v.as_f64() {
        Some(x) => format!("{x:.decimals$}"),
        None => "n/a".into(),
    }
}

/// A possibly multi-line message (a tool's stderr tail) as one table cell:
/// lines joined with " / ", `|` escaped, cut after `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let joined = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" / ");
    let mut cell: String = joined.chars().take(max).collect::<String>().replace('|', "\\|");
    if joined.chars().count() > max {
        cell.push_str(" … (see results.json)");
    }
    cell
}

fn mib(kib: &Value) -> String {
    kib.as_f64().map_or_else(|| "n/a".into(), |k| format!("{:.1}", k / 1024.0))
}

fn date() -> String {
    Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%dT%H:%M:%SZ")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn machine() -> Value {
    let nproc = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let mem_total = read("/proc/meminfo")
        .and_then(|m| m.lines().find_map(|l| l.strip_prefix("MemTotal:").map(|v| v.trim().to_owned())))
        .and_then(|v| v.trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0));
    let cpu = read("/proc/cpuinfo").and_then(|c| {
        c.lines().find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned()))
    });
    json!({ "nproc": nproc, "mem_total": mem_total, "cpu": cpu })
}

fn loadavg() -> Value {
    read("/proc/loadavg").map_or(Value::Null, |l| json!(l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")))
}

fn read(path: impl AsRef<Path>) -> Option<String> {
    std::fs::read_to_string(path).ok()
}
