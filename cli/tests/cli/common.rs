//! A recording `onezone-mock` and a way to run the binary.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use onezone_mock::{Seed, Zone};
use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_onezone");

/// How long one run of the binary may take.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// One exchange the recorder saw.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Vec<u8>,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.response_headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn body_json(&self) -> Option<Value> {
        (!self.body.is_empty()).then(|| serde_json::from_slice(&self.body).expect("request body is JSON"))
    }

    pub fn response_json(&self) -> Option<Value> {
        (!self.response_body.is_empty())
            .then(|| serde_json::from_slice(&self.response_body).expect("response body is JSON"))
    }
}

type Log = Arc<Mutex<Vec<Exchange>>>;

async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 16 << 20).await.unwrap_or_default();
    let headers = |h: &axum::http::HeaderMap| {
        h.iter().map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
    };
    let mut exchange = Exchange {
        method: parts.method.to_string(),
        target: parts.uri.path_and_query().map(ToString::to_string).unwrap_or_default(),
        headers: headers(&parts.headers),
        body: body.to_vec(),
        status: 0,
        response_headers: Vec::new(),
        response_body: Vec::new(),
    };
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, 16 << 20).await.unwrap_or_default();
    exchange.status = parts.status.as_u16();
    exchange.response_headers = headers(&parts.headers);
    exchange.response_body = body.to_vec();
    log.lock().unwrap().push(exchange);
    Response::from_parts(parts, Body::from(body))
}

/// `onezone-mock` serving a zone on 127.0.0.1, recording every exchange.
/// Stops when dropped.
pub struct Mock {
    pub url: String,
    log: Log,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Mock {
    pub fn start(zone: Zone) -> Mock {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let log: Log = Arc::default();
        let app = onezone_mock::app(zone, onezone_server::ServerConfig::default())
            .layer(middleware::from_fn_with_state(Arc::clone(&log), record));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Mock { url, log, stop: Some(stop), runtime: Some(runtime) }
    }

    /// A zone with one admin `admin:secret` (token `admin-token`).
    pub fn admin() -> Mock {
        Mock::start(
            Zone::from_seed(
                Seed::from_yaml("users: [{username: admin, password: secret, tokens: [admin-token], admin: all}]")
                    .unwrap(),
            )
            .unwrap(),
        )
    }

    /// What reached the server since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(5));
        }
    }
}

/// How a run of the binary ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout and stderr together, for searching.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }
}

/// A command running `program` with a clean environment for the zone and
/// credentials (whatever the developer's shell has set is removed).
pub fn command(program: &Path) -> Command {
    let mut command = Command::new(program);
    for var in ["ONEZONE_HOST", "ONEZONE_API_KEY", "ONEZONE_BASIC_AUTH"] {
        command.env_remove(var);
    }
    command
}

/// Runs `command` with `stdin` (closed when `None`), killing it after
/// [`RUN_LIMIT`].
pub fn run_command(mut command: Command, stdin: Option<&[u8]>) -> Run {
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input).unwrap();
    }
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            panic!("{command:?} ran for more than {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run { code: status.code(), stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

/// Runs `onezone args…` against `zone_url` with `env` set.
pub fn onezone(zone_url: Option<&str>, env: &[(&str, &str)], args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = command(Path::new(BIN));
    if let Some(url) = zone_url {
        command.env("ONEZONE_HOST", url);
    }
    for (k, v) in env {
        command.env(k, v);
    }
    command.args(args);
    run_command(command, stdin)
}

/// Runs `onezone` as the admin of [`Mock::admin`] (basic authentication).
pub fn admin(mock: &Mock, args: &[&str], stdin: Option<&[u8]>) -> Run {
    onezone(Some(&mock.url), &[("ONEZONE_BASIC_AUTH", "admin:secret")], args, stdin)
}

/// A fresh scratch directory under the target dir's temp area.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onezone-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that `run` ended with `code`, showing the run otherwise.
#[track_caller]
pub fn assert_exit(run: &Run, code: i32) {
    assert_eq!(run.code, Some(code), "exit code; {run:#?}");
}
