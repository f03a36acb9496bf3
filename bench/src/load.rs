//! A lean HTTP/1.1 load generator: `connections` keep-alive connections to
//! one loopback address, each sending its script's requests back to back
//! (never pipelined), until a deadline or a request budget is reached.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail, ensure};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Request, StatusCode, header};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// The body of a scripted request.
#[derive(Clone, Debug)]
pub enum Body {
    /// No body.
    Empty,
    /// The same bytes every time.
    Fixed(Bytes),
    /// A text in which `{n}` is replaced by a number unique to the run.
    Numbered(String),
}

/// One request of a script and the status it must be answered with.
#[derive(Clone, Debug)]
pub struct Step {
    pub method: Method,
    /// Path and query, e.g. `/api/v3/onezone/groups`.
    pub path: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Body,
    pub expect: StatusCode,
}

impl Step {
    pub fn new(method: Method, path: impl Into<String>, expect: StatusCode) -> Self {
        Self { method, path: path.into(), headers: Vec::new(), body: Body::Empty, expect }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> anyhow::Result<Self> {
        let value = HeaderValue::from_str(value).with_context(|| format!("bad header value for {name}"))?;
        self.headers.push((HeaderName::from_static(name), value));
        Ok(self)
    }

    pub fn json(mut self, body: &str) -> Self {
        self.headers.push((header::CONTENT_TYPE, HeaderValue::from_static("application/json")));
        self.body = Body::Fixed(Bytes::copy_from_slice(body.as_bytes()));
        self
    }

    pub fn numbered_json(mut self, template: &str) -> Self {
        self.headers.push((header::CONTENT_TYPE, HeaderValue::from_static("application/json")));
        self.body = Body::Numbered(template.to_owned());
        self
    }
}

/// The requests one connection cycles through.
pub type Script = Arc<Vec<Step>>;

/// Bounds and shape of a run.
#[derive(Clone, Debug)]
pub struct Options {
    pub connections: usize,
    pub duration: Duration,
    /// Most requests sent in all (the run stops at whichever bound comes first).
    pub max_requests: u64,
    /// Keep every request's latency (costs memory; off for throughput runs).
    pub record_latency: bool,
}

/// What a run saw.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Requests answered with the expected status.
    pub ok: u64,
    /// Transport errors and unexpected statuses.
    pub errors: u64,
    /// The first few errors, for the report.
    pub error_samples: Vec<String>,
    pub elapsed: Duration,
    /// Latencies in microseconds (when recorded) of every request sent,
    /// answered as expected or not: the successful ones and the errors
    /// (unexpected status, transport failure or timeout) alike. Failed
    /// connects send no request and have none.
    pub latencies_us: Vec<f64>,
    /// The latencies of the errors alone (also in `latencies_us`).
    pub error_latencies_us: Vec<f64>,
}

impl Outcome {
    /// Successful requests per second.
    pub fn rps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

struct Shared {
    sent: AtomicU64,
    numbered: AtomicU64,
    max: u64,
    deadline: Instant,
    authority: HeaderValue,
}

/// Runs the load: connection `i` follows `scripts[i % scripts.len()]`.
/// Must run inside a tokio runtime.
pub async fn run(addr: SocketAddr, scripts: &[Script], options: &Options) -> anyhow::Result<Outcome> {
    if scripts.is_empty() || options.connections == 0 {
        bail!("a load run needs at least one script and one connection");
    }
    ensure!(addr.ip().is_loopback(), "load runs target loopback only, not {addr}");
    let started = Instant::now();
    let shared = Arc::new(Shared {
        sent: AtomicU64::new(0),
        numbered: AtomicU64::new(0),
        max: options.max_requests,
        deadline: started + options.duration,
        authority: HeaderValue::from_str(&addr.to_string()).context("address as Host header")?,
    });
    let mut workers = Vec::with_capacity(options.connections);
    for i in 0..options.connections {
        let script = Arc::clone(&scripts[i % scripts.len()]);
        let shared = Arc::clone(&shared);
        let record = options.record_latency;
        workers.push(tokio::spawn(async move { worker(addr, script, shared, record).await }));
    }
    let mut outcome = Outcome::default();
    for w in workers {
        let part = w.await.context("load worker panicked")?;
        outcome.ok += part.ok;
        outcome.errors += part.errors;
        for e in part.error_samples {
            if outcome.error_samples.len() < 5 {
                outcome.error_samples.push(e);
            }
        }
        outcome.latencies_us.extend(part.latencies_us);
        outcome.error_latencies_us.extend(part.error_latencies_us);
    }
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

type Sender = http1::SendRequest<Full<Bytes>>;

/// The most one connect or one request/response exchange may take.
const EXCHANGE_LIMIT: Duration = Duration::from_secs(30);

async fn connect(addr: SocketAddr) -> anyhow::Result<Sender> {
    let connecting = async {
        let stream = TcpStream::connect(addr).await.with_context(|| format!("cannot connect to {addr}"))?;
        stream.set_nodelay(true)?;
        anyhow::Ok(http1::handshake(TokioIo::new(stream)).await?)
    };
    let (sender, conn) = tokio::time::timeout(EXCHANGE_LIMIT, connecting)
        .await
        .with_context(|| format!("no connection within {} s", EXCHANGE_LIMIT.as_secs()))??;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

async fn worker(addr: SocketAddr, script: Script, shared: Arc<Shared>, record: bool) -> Outcome {
    let mut out = Outcome::default();
    let mut sender: Option<Sender> = None;
    let mut reconnects = 0u32;
    'run: loop {
        for step in script.iter() {
            if Instant::now() >= shared.deadline || shared.sent.fetch_add(1, Ordering::Relaxed) >= shared.max {
                break 'run;
            }
            let s = match sender.as_mut() {
                Some(s) => s,
                None => match connect(addr).await {
                    Ok(s) => sender.insert(s),
                    Err(e) => {
                        note(&mut out, format!("connect: {e:#}"));
                        reconnects += 1;
                        if reconnects > 10 {
                            break 'run;
                        }
                        continue;
                    }
                },
            };
            let request = match build(step, &shared) {
                Ok(r) => r,
                Err(e) => {
                    note(&mut out, format!("request: {e:#}"));
                    break 'run;
                }
            };
            let t0 = Instant::now();
            let answer = exchange(s, request).await;
            let us = t0.elapsed().as_secs_f64() * 1e6;
            if record {
                out.latencies_us.push(us);
            }
            let error = match answer {
                Ok(status) if status == step.expect => None,
                Ok(status) => Some(format!("{} {}: status {status}, expected {}", step.method, step.path, step.expect)),
                Err(e) => {
                    sender = None;
                    Some(format!("{} {}: {e:#}", step.method, step.path))
                }
            };
            match error {
                None => out.ok += 1,
                Some(e) => {
                    note(&mut out, e);
                    if record {
                        out.error_latencies_us.push(us);
                    }
                }
            }
        }
    }
    out
}

fn note(out: &mut Outcome, error: String) {
    out.errors += 1;
    if out.error_samples.len() < 5 {
        out.error_samples.push(error);
    }
}

fn build(step: &Step, shared: &Shared) -> anyhow::Result<Request<Full<Bytes>>> {
    let body = match &step.body {
        Body::Empty => Bytes::new(),
        Body::Fixed(b) => b.clone(),
        Body::Numbered(t) => {
            let n = shared.numbered.fetch_add(1, Ordering::Relaxed);
            Bytes::from(t.replace("{n}", &n.to_string()))
        }
    };
    let mut request = Request::builder().method(step.method.clone()).uri(step.path.as_str()).body(Full::new(body))?;
    let headers = request.headers_mut();
    headers.insert(header::HOST, shared.authority.clone());
    for (name, value) in &step.headers {
        headers.insert(name.clone(), value.clone());
    }
    Ok(request)
}

/// One request and its whole answer, within [`EXCHANGE_LIMIT`] in all
/// (waiting for the connection, sending, the answer's head and body).
async fn exchange(sender: &mut Sender, request: Request<Full<Bytes>>) -> anyhow::Result<StatusCode> {
    let whole = async {
        sender.ready().await?;
        let response = sender.send_request(request).await?;
        let status = response.status();
        response.into_body().collect().await?;
        anyhow::Ok(status)
    };
    tokio::time::timeout(EXCHANGE_LIMIT, whole)
        .await
        .with_context(|| format!("no whole answer within {} s", EXCHANGE_LIMIT.as_secs()))?
}
