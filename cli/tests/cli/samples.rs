//! Every `onezone-rest-cli` line of the spec, run as documented — through a
//! link named `onezone-rest-cli`, by `sh` when there is one — against a fresh
//! `onezone-mock` per line: exit code, stdout, stderr and what reached the
//! server, with the errata the conformance suite pins for the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use onezone_conformance::checks::samples::{CLI_USER, cli_call, resolve_command};
use onezone_conformance::checks::{base64, encode_segment};
use onezone_conformance::expected::SAMPLE_ERRATA;
use onezone_conformance::matrix::{Checker, Column};
use onezone_conformance::samples::{CliArg, Stdin, parse_cli};
use onezone_conformance::spec::{Operation, Spec};
use onezone_mock::{Seed, Zone};
use serde_json::{Value, json};

use crate::common::{BIN, Exchange, Mock, Run, command, run_command, scratch};

const SEED: &str = include_str!("samples-seed.yaml");

/// Errata after which the binary refuses the line before sending anything,
/// and what its message says.
const REFUSED: &[(&str, &str)] = &[
    ("stdin-without-input", "standard input is empty"),
    ("stdin-not-json", "is not JSON"),
    ("field-not-json", "is not JSON"),
    ("body-not-json", "only be added to a JSON object"),
    ("unknown-body-field", "is not a field of"),
    ("unknown-parameter", "has no path parameter"),
    ("missing-parameter", "missing `"),
];

/// Errata after which the line still runs: the body or an id differs from
/// the documented one, or the command is a former name of the operation.
const RUNS: &[&str] = &["command-name", "parameter-value-differs", "body-differs"];

/// The ids of the seed, by the path segment naming their collection.
fn seed_ids() -> BTreeMap<&'static str, Vec<String>> {
    let seed: Value = serde_yaml_ng::from_str(SEED).unwrap();
    let ids = |list: &Value| -> Vec<String> {
        list.as_array().into_iter().flatten().filter_map(|e| e["id"].as_str().map(str::to_owned)).collect()
    };
    let handles: Vec<String> =
        seed["handleServices"].as_array().into_iter().flatten().flat_map(|hs| ids(&hs["handles"])).collect();
    BTreeMap::from([
        ("users", ids(&seed["users"])),
        ("groups", ids(&seed["groups"])),
        ("handle_services", ids(&seed["handleServices"])),
        ("handles", handles),
    ])
}

/// The kind of entity path parameter `name` of `op` names: the collection
/// segment before it (`effective_` views name the same entities).
fn kind_of<'a>(op: &'a Operation, name: &str) -> Option<&'a str> {
    let segments: Vec<&str> = op.path.split('/').collect();
    let at = segments.iter().position(|s| *s == format!("{{{name}}}"))?;
    let collection = segments.get(at.checked_sub(1)?)?;
    Some(collection.strip_prefix("effective_").unwrap_or(collection))
}

fn run_line(line: &str, dir: &Path, link_dir: &Path, mock: &Mock, stdin: &Stdin, shell: bool) -> Run {
    let sh = Path::new("/bin/sh");
    let shell = shell && sh.exists();
    let mut cmd = if shell {
        let mut c = command(sh);
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![link_dir.to_path_buf()];
        paths.extend(std::env::split_paths(&path));
        c.env("PATH", std::env::join_paths(paths).unwrap()).arg("-c").arg(line);
        c
    } else {
        // No shell: the words the shell would pass, and what the pipe would feed.
        let cli = parse_cli(line).unwrap();
        let mut c = command(&link_dir.join("onezone-rest-cli"));
        c.arg(&cli.command);
        c.args(cli.args.iter().map(|arg| match arg {
            CliArg::Param(k, v) => format!("{k}={v}"),
            CliArg::Field(k, v) => format!("{k}=={v}"),
            CliArg::JsonField(k, v) => format!("{k}:={v}"),
            CliArg::Stdin => "-".to_owned(),
        }));
        c
    };
    cmd.current_dir(dir)
        .env("ONEZONE_HOST", &mock.url)
        .env("ONEZONE_BASIC_AUTH", format!("{}:{}", CLI_USER.0, CLI_USER.1));
    let feed = match (shell, stdin) {
        (false, Stdin::Echo(text)) => Some(text.clone().into_bytes()),
        (false, Stdin::File(name)) => Some(std::fs::read(dir.join(name)).unwrap()),
        _ => None,
    };
    run_command(cmd, feed.as_deref())
}

/// A link (or copy) of the binary named `onezone-rest-cli`.
fn link_dir(name: &str) -> PathBuf {
    let dir = scratch(&format!("link-{name}"));
    let link = dir.join("onezone-rest-cli");
    #[cfg(unix)]
    std::os::unix::fs::symlink(BIN, &link).unwrap();
    #[cfg(not(unix))]
    std::fs::copy(BIN, &link).unwrap();
    dir
}

/// Path parameter values for `op` that exist in the seed and relate as the
/// call needs: the sample's own first, else others of the same kind; when
/// the spec has a GET on the same path, the first assignment it answers as
/// the call expects (2xx, or not for a PUT adding a member).
fn substitute(spec: &Spec, op: &Operation, given: &[(String, String)], mock: &Mock) -> Vec<(String, String)> {
    let ids = seed_ids();
    let candidates: Vec<Vec<String>> = given
        .iter()
        .map(|(name, value)| match kind_of(op, name).and_then(|k| ids.get(k)) {
            Some(known) => {
                let mut list: Vec<String> = known.iter().filter(|id| *id == value).cloned().collect();
                list.extend(known.iter().filter(|id| *id != value).cloned());
                list
            }
            None => vec![value.clone()],
        })
        .collect();
    let mut assignments: Vec<Vec<String>> = vec![Vec::new()];
    for list in &candidates {
        assignments =
            assignments.iter().flat_map(|a| list.iter().map(move |v| [a.clone(), vec![v.clone()]].concat())).collect();
    }
    let named = |a: &Vec<String>| given.iter().map(|(n, _)| n.clone()).zip(a.iter().cloned()).collect::<Vec<_>>();
    let twin = spec.operations.iter().find(|o| o.method == "GET" && o.path == op.path);
    let Some(twin) = twin.filter(|_| !given.is_empty()) else { return named(&assignments[0]) };
    let wanted_2xx = op.method != "PUT";
    let twin_command = onezone_conformance::samples::camel_case(&twin.id);
    let chosen = assignments
        .iter()
        .find(|a| {
            let mut args = vec![twin_command.clone()];
            args.extend(named(a).iter().map(|(n, v)| format!("{n}={v}")));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let probe = crate::common::onezone(
                Some(&mock.url),
                &[("ONEZONE_BASIC_AUTH", &format!("{}:{}", CLI_USER.0, CLI_USER.1))],
                &args,
                None,
            );
            (probe.code == Some(0)) == wanted_2xx
        })
        .unwrap_or(&assignments[0]);
    mock.take();
    named(chosen)
}

/// What the binary prints for a 2xx exchange.
fn expected_stdout(exchange: &Exchange) -> Option<Value> {
    if exchange.status == 201 && exchange.response_body.is_empty() {
        let location = exchange.response_header("location")?;
        let id = location.trim_end_matches('/').rsplit('/').next()?;
        return Some(json!({"id": id, "location": location}));
    }
    exchange.response_json()
}

#[test]
fn every_documented_cli_line_runs_against_the_mock() {
    replay_every_line(true);
}

/// The same lines split by the suite's parser and run without a shell (the
/// way a machine without `sh` runs the test above).
#[test]
fn every_documented_cli_line_runs_without_a_shell() {
    replay_every_line(false);
}

fn replay_every_line(shell: bool) {
    let spec = Spec::load_default().unwrap();
    let links = link_dir(if shell { "sh" } else { "words" });
    let mut failures: Vec<String> = Vec::new();
    let mut replayed = 0;
    let mut substituted = Vec::new();
    for op in &spec.operations {
        for sample in op.samples_labelled("onezone-rest-cli") {
            replayed += 1;
            let fail = |m: String| format!("{} `{}`: {m}", op.id, sample.source);
            let cli = parse_cli(&sample.source).unwrap();
            let mut checker = Checker::new();
            let call = cli_call(&spec, op, &mut checker, &sample.source).unwrap();
            let errata: Vec<&str> = SAMPLE_ERRATA
                .iter()
                .filter(|(id, c, _)| *id == op.id && *c == Column::Cli)
                .map(|(_, _, e)| *e)
                .collect();
            let unknown: Vec<&&str> =
                errata.iter().filter(|e| !RUNS.contains(e) && !REFUSED.iter().any(|(r, _)| r == *e)).collect();
            if !unknown.is_empty() {
                failures.push(fail(format!("no expectation for the errata {unknown:?}: add them to RUNS or REFUSED")));
                continue;
            }
            let refusals: Vec<&str> =
                REFUSED.iter().filter(|(r, _)| errata.contains(r)).map(|(_, text)| *text).collect();

            let mock = Mock::start(Zone::from_seed(Seed::from_yaml(SEED).unwrap()).unwrap());
            // The operation the documentation means: the command's, or the one
            // a documented former name stands for (the suite's judgement, not
            // the binary's own table).
            let resolved = resolve_command(&spec, &cli.command);
            let called_spec = resolved.map(|(o, _)| o);
            let params = match called_spec {
                Some(o) if refusals.is_empty() => substitute(&spec, o, &call.params, &mock),
                _ => call.params.clone(),
            };
            let mut line = sample.source.clone();
            for ((name, old), (_, new)) in call.params.iter().zip(&params) {
                if old != new {
                    line = line.replace(&format!("{name}={old}"), &format!("{name}={new}"));
                    substituted.push(format!("{}: {name}={old} → {new}", op.id));
                }
            }
            let dir = scratch(&format!("sample-{}-{shell}", op.id));
            if let Stdin::File(name) = &cli.stdin {
                let body = op.documented_request().unwrap().unwrap();
                std::fs::write(dir.join(name), serde_json::to_vec_pretty(&body).unwrap()).unwrap();
            }
            let run = run_line(&line, &dir, &links, &mock, &cli.stdin, shell);
            let sent = mock.take();
            let _ = std::fs::remove_dir_all(&dir);

            let Some(called) = called_spec else {
                if run.code != Some(2) || !sent.is_empty() {
                    failures.push(fail(format!("names no operation: expected exit 2 and nothing sent, got {run:?}")));
                }
                continue;
            };
            let legacy = resolved.is_some_and(|(_, legacy)| legacy);
            if legacy && !run.stderr.contains("former name") {
                failures.push(fail(format!("a former name runs with a note on stderr: {:?}", run.stderr)));
            }
            if !refusals.is_empty() {
                if run.code != Some(2) || !sent.is_empty() {
                    failures.push(fail(format!(
                        "errata {errata:?}: expected exit 2 and nothing sent, got {run:?}, {} sent",
                        sent.len()
                    )));
                }
                for text in refusals {
                    if !run.stderr.contains(text) {
                        failures.push(fail(format!("stderr does not say {text:?}: {:?}", run.stderr)));
                    }
                }
                continue;
            }
            let [exchange] = sent.as_slice() else {
                failures.push(fail(format!("expected one request, {} reached the server; {run:?}", sent.len())));
                continue;
            };
            let target = format!(
                "{}{}",
                spec.base_path,
                called.fill_path(|name| params
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| encode_segment(v))
                    .unwrap_or_default())
            );
            let basic = format!("Basic {}", base64(&format!("{}:{}", CLI_USER.0, CLI_USER.1)));
            let checks = [
                ("exit code", format!("{:?}", run.code), "Some(0)".to_owned()),
                ("method", exchange.method.clone(), called.method.clone()),
                ("target", exchange.target.clone(), target),
                ("authorization", exchange.header("authorization").unwrap_or_default().to_owned(), basic),
                ("status", (200..300).contains(&exchange.status).to_string(), "true".to_owned()),
                ("stderr", if legacy { String::new() } else { run.stderr.clone() }, String::new()),
            ];
            for (what, got, expected) in checks {
                if got != expected {
                    failures.push(fail(format!("{what}: got {got}, expected {expected}")));
                }
            }
            // JSON compared as values (member order aside); with no body given,
            // the client sends an optional body as `{}`.
            let body = call.body_json.clone().or_else(|| called.request.as_ref().map(|_| json!({})));
            if exchange.body_json() != body {
                failures.push(fail(format!("body received: got {:?}, expected {body:?}", exchange.body_json())));
            }
            let stdout = expected_stdout(exchange);
            let printed = match &stdout {
                Some(v) => format!("{}\n", serde_json::to_string_pretty(v).unwrap()),
                None => String::new(),
            };
            if run.stdout != printed {
                failures.push(fail(format!("stdout: got {:?}, expected {printed:?}", run.stdout)));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&links);
    let with_sample = spec.operations.iter().filter(|o| o.sample("onezone-rest-cli").is_some()).count();
    assert_eq!(with_sample, spec.operations.len(), "every operation documents its onezone-rest-cli line");
    assert!(replayed >= with_sample);
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}\n(substituted: {substituted:?})",
        failures.len(),
        failures.join("\n")
    );
    // The seed has the samples' ids, related as documented: only the two
    // calls adding a member that is one already need another id.
    assert_eq!(substituted.len(), 2, "{substituted:?}");
}
