//! `mock_load_errors`: 100 concurrent clients with a mixed read/write
//! workload against the `onezone-mock` binary, and the binary's memory
//! (VmRSS of its process) empty and after creating many handle services.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use anyhow::{Context as _, bail, ensure};
use http::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use crate::load::{self, Script, Step};
use crate::stats;

const TOKEN: &str = "bench-mock-token";
const BASE: &str = "/api/v3/onezone";
const SERVICES: usize = 10;
/// How long the mock may take to print its address.
const START_LIMIT: Duration = Duration::from_secs(30);

/// Sizes of a run.
pub struct Plan {
    pub clients: usize,
    pub duration: Duration,
    pub max_requests: u64,
    pub handle_services: u64,
}

/// A running `onezone-mock` process; killed when dropped.
pub(crate) struct MockProcess {
    child: Child,
    pub(crate) addr: SocketAddr,
}

impl MockProcess {
    /// Starts `binary` on a free loopback port with `seed`, and waits (at
    /// most [`START_LIMIT`]) for the address it prints.
    pub(crate) fn start(binary: &Path, seed: &Path) -> anyhow::Result<Self> {
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0", "--seed"])
            .arg(seed)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        // Its first line is read on a thread, so that a mock that never
        // prints it cannot hang the run; the rest of its output is drained.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let read = reader.read_line(&mut line).map(|_| line);
            let _ = tx.send(read);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        // From here on, dropping `mock` kills the process.
        let mut mock = Self { child, addr: SocketAddr::from(([127, 0, 0, 1], 0)) };
        let line = match rx.recv_timeout(START_LIMIT) {
            Ok(read) => read.context("cannot read onezone-mock's output")?,
            Err(_) => bail!(
                "onezone-mock did not print its address within {} s ({}); killed it",
                START_LIMIT.as_secs(),
                match mock.child.try_wait() {
                    Ok(Some(status)) => format!("it exited: {status}"),
                    _ => "it is still running".to_owned(),
                }
            ),
        };
        let addr: SocketAddr = match line.trim().strip_prefix("listening on http://") {
            Some(a) => a.parse().with_context(|| format!("bad address line {line:?}"))?,
            None => bail!("onezone-mock did not report its address (printed {line:?})"),
        };
        ensure!(
            addr.ip().is_loopback(),
            "onezone-mock listens on {addr}, not on loopback; the bench targets loopback only"
        );
        mock.addr = addr;
        Ok(mock)
    }

    /// `VmRSS` of the process, in KiB.
    fn rss_kib(&self) -> anyhow::Result<u64> {
        status_kib(self.child.id(), "VmRSS")
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `kB` field of `/proc/<pid>/status`.
pub fn status_kib(pid: u32, field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} in /proc/{pid}/status"))
}

fn write_seed(dir: &Path, clients: usize) -> anyhow::Result<PathBuf> {
    let mut yaml = format!("users:\n  - username: bench\n    tokens: [{TOKEN}]\n    admin: all\ngroups:\n");
    for c in 0..clients {
        yaml.push_str(&format!("  - name: Group {c}\n    id: g{c}\n"));
    }
    yaml.push_str("handleServices:\n");
    for s in 0..SERVICES {
        yaml.push_str(&format!(
            "  - name: Service {s}\n    id: hs{s}\n    proxyEndpoint: https://proxy.example.org/{s}\n    serviceProperties:\n      type: PID\n      endpoint: https://pid.example.org\n      prefix: \"21.T1\"\n      username: u\n      password: p\n      autoSuffixGeneration: true\n      suffixPrefix: b\n      suffixSuffix: e\n    groups:\n"
        ));
        for c in (0..clients).filter(|c| c % SERVICES == s) {
            yaml.push_str(&format!("      - group: Group {c}\n        privileges: [handle_service_view]\n"));
        }
        if clients <= s {
            yaml.push_str("      []\n");
        }
    }
    let path = dir.join("mock-seed.yaml");
    std::fs::write(&path, yaml)?;
    Ok(path)
}

/// Client `c`'s cycle: reads, a grant and a revoke, leaving and rejoining.
fn script(c: usize) -> anyhow::Result<Script> {
    let hs = format!("{BASE}/handle_services/hs{}", c % SERVICES);
    let group = format!("{hs}/groups/g{c}");
    let privileges = format!("{group}/privileges");
    let auth = |s: Step| s.header("x-auth-token", TOKEN);
    Ok(Arc::new(vec![
        auth(Step::new(Method::GET, &hs, StatusCode::OK))?,
        auth(Step::new(Method::GET, &privileges, StatusCode::OK))?,
        auth(Step::new(Method::PATCH, &privileges, StatusCode::NO_CONTENT))?
            .json(r#"{"grant":["handle_service_update"]}"#),
        auth(Step::new(Method::GET, format!("{hs}/groups"), StatusCode::OK))?,
        auth(Step::new(Method::PATCH, &privileges, StatusCode::NO_CONTENT))?
            .json(r#"{"revoke":["handle_service_update"]}"#),
        auth(Step::new(Method::DELETE, &group, StatusCode::NO_CONTENT))?,
        auth(Step::new(Method::PUT, &group, StatusCode::CREATED))?.json(r#"{"privileges":["handle_service_view"]}"#),
    ]))
}

/// Runs the load and the memory measurement.
pub fn run(client_rt: &Runtime, binary: &Path, work: &Path, plan: &Plan) -> anyhow::Result<(Value, u64)> {
    // Load: 100 clients, each on its own keep-alive connection.
    let seed = write_seed(work, plan.clients)?;
    let mock = MockProcess::start(binary, &seed)?;
    let scripts = (0..plan.clients).map(script).collect::<anyhow::Result<Vec<_>>>()?;
    let options = load::Options {
        connections: plan.clients,
        duration: plan.duration,
        max_requests: plan.max_requests,
        record_latency: true,
    };
    let outcome = client_rt.block_on(load::run(mock.addr, &scripts, &options))?;
    let load_rss = mock.rss_kib()?;
    drop(mock);
    eprintln!(
        "  mock load: {} clients, {} ok, {} errors, {:.0} req/s{}",
        plan.clients,
        outcome.ok,
        outcome.errors,
        outcome.rps(),
        outcome.error_samples.first().map(|e| format!(" (e.g. {e})")).unwrap_or_default()
    );

    // Memory: a fresh process, empty but for one admin user.
    let empty_seed = work.join("mock-seed-empty.yaml");
    std::fs::write(&empty_seed, format!("users:\n  - username: bench\n    tokens: [{TOKEN}]\n    admin: all\n"))?;
    let mock = MockProcess::start(binary, &empty_seed)?;
    let create = Arc::new(vec![
        Step::new(Method::POST, format!("{BASE}/handle_services"), StatusCode::CREATED)
            .header("x-auth-token", TOKEN)?
            .numbered_json(
                r#"{"name":"Service {n}","proxyEndpoint":"https://proxy.example.org/{n}","serviceProperties":{"type":"DOI","host":"https://mds.example.org","doiEndpoint":"/doi","metadataEndpoint":"/metadata","mediaEndpoint":"/media","prefix":"10.80001","username":"repository-{n}","password":"secret"}}"#,
            ),
    ]);
    let list = Arc::new(vec![
        Step::new(Method::GET, format!("{BASE}/handle_services/privileges"), StatusCode::OK)
            .header("x-auth-token", TOKEN)?,
    ]);
    // Warm the process (runtime threads, first connections) before the empty reading.
    let warm =
        load::Options { connections: 4, duration: Duration::from_secs(5), max_requests: 200, record_latency: false };
    client_rt.block_on(load::run(mock.addr, &[list], &warm))?;
    let empty_rss = mock.rss_kib()?;
    let fill = load::Options {
        connections: 8,
        duration: Duration::from_secs(300),
        max_requests: plan.handle_services,
        record_latency: false,
    };
    let filled = client_rt.block_on(load::run(mock.addr, &[create], &fill))?;
    if filled.errors > 0 || filled.ok != plan.handle_services {
        bail!(
            "creating {} handle services: {} created, {} errors, e.g. {:?}",
            plan.handle_services,
            filled.ok,
            filled.errors,
            filled.error_samples
        );
    }
    let full_rss = mock.rss_kib()?;
    let full_hwm = status_kib(mock.child.id(), "VmHWM")?;
    drop(mock);
    let per_service = (full_rss.saturating_sub(empty_rss)) as f64 * 1024.0 / plan.handle_services as f64;
    eprintln!(
        "  mock memory: VmRSS empty {} KiB, after {} handle services {} KiB ({:.0} B each), created at {:.0}/s",
        empty_rss,
        plan.handle_services,
        full_rss,
        per_service,
        filled.rps()
    );
    let section = json!({
        "binary": binary.display().to_string(),
        "clients": plan.clients,
        "duration_s": outcome.elapsed.as_secs_f64(),
        "workload": "per client, cycled: GET handle service, GET group privileges, PATCH grant, GET groups, PATCH revoke, DELETE group member, PUT group member",
        "requests_ok": outcome.ok,
        "errors": outcome.errors,
        "error_samples": outcome.error_samples,
        "throughput_rps": stats::num(outcome.rps()),
        "latency": stats::latency_summary(&outcome.latencies_us),
        "latency_covers": "every request sent, the errors included (an unexpected status, a transport failure or the 30 s timeout); failed connects send no request and are counted in errors only",
        "latency_of_errors": stats::latency_summary(&outcome.error_latencies_us),
        "rss_after_load_kib": load_rss,
        "memory": {
            "source": "VmRSS from /proc/<pid>/status of the onezone-mock binary, run as a separate process",
            "rss_empty_kib": empty_rss,
            "handle_services_created": plan.handle_services,
            "rss_after_kib": full_rss,
            "hwm_after_kib": full_hwm,
            "bytes_per_handle_service": stats::num(per_service),
            "create_rps": stats::num(filled.rps()),
        },
    });
    Ok((section, outcome.errors))
}
