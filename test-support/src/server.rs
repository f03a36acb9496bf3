//! The recording server itself.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::{RecordedRequest, Reply};

/// How long [`RecordingServer::request`] and
/// [`RecordingServer::wait_for_requests`] wait unless told otherwise.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(5);

type Handler = Arc<dyn Fn(&RecordedRequest) -> Option<Reply> + Send + Sync>;

/// A loopback HTTP server that records each request and answers from a
/// script.
///
/// Each request gets, in this order of preference:
/// 1. the next reply of the queue ([`push_reply`](Self::push_reply)), one per
///    request;
/// 2. else what the handler returns ([`set_handler`](Self::set_handler)), if
///    it returns something;
/// 3. else the default reply ([`set_default_reply`](Self::set_default_reply));
/// 4. else a `500` whose JSON body
///    (`{"error":{"id":"noScriptedReply","description":"..."}}`) names the
///    request that had no reply, so that the test fails visibly.
///
/// The server speaks HTTP/1.1 and HTTP/2 (prior knowledge, or ALPN over TLS).
/// It listens on `127.0.0.1` with a port chosen by the system and lives in
/// the tokio runtime that started it. Dropping it, or awaiting
/// [`shutdown`](Self::shutdown), stops the listener and every connection;
/// no task of it is left behind.
pub struct RecordingServer {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    tasks: Tasks,
    wait_timeout: Duration,
}

/// Settings of a [`RecordingServer`] before it starts; from
/// [`RecordingServer::builder`].
#[must_use]
pub struct ServerBuilder {
    queue: VecDeque<Reply>,
    default: Option<Reply>,
    handler: Option<Handler>,
    wait_timeout: Duration,
    #[cfg(feature = "tls")]
    tls: Option<crate::TestCertificates>,
}

impl ServerBuilder {
    /// Queues a reply (see [`RecordingServer::push_reply`]).
    pub fn reply(mut self, reply: Reply) -> Self {
        self.queue.push_back(reply);
        self
    }

    /// Queues several replies, in order.
    pub fn replies(mut self, replies: impl IntoIterator<Item = Reply>) -> Self {
        self.queue.extend(replies);
        self
    }

    /// The reply for requests that find the queue empty.
    pub fn default_reply(mut self, reply: Reply) -> Self {
        self.default = Some(reply);
        self
    }

    /// Computes replies from requests (see [`RecordingServer::set_handler`]).
    pub fn handler(mut self, handler: impl Fn(&RecordedRequest) -> Option<Reply> + Send + Sync + 'static) -> Self {
        self.handler = Some(Arc::new(handler));
        self
    }

    /// How long [`RecordingServer::request`] waits before it panics
    /// (default [`DEFAULT_WAIT_TIMEOUT`]).
    pub fn wait_timeout(mut self, timeout: Duration) -> Self {
        self.wait_timeout = timeout;
        self
    }

    /// Serve HTTPS with these certificates; the URL becomes
    /// `https://127.0.0.1:PORT`.
    #[cfg(feature = "tls")]
    pub fn tls(mut self, certificates: &crate::TestCertificates) -> Self {
        self.tls = Some(certificates.clone());
        self
    }

    /// Binds `127.0.0.1:0` and starts serving in the current tokio runtime.
    ///
    /// # Panics
    /// When the port cannot be bound, or outside a tokio runtime.
    pub async fn start(self) -> RecordingServer {
        match self.try_start().await {
            Ok(server) => server,
            Err(e) => panic!("RecordingServer: cannot listen on 127.0.0.1: {e}"),
        }
    }

    /// Like [`start`](Self::start), with the bind error returned.
    pub async fn try_start(self) -> io::Result<RecordingServer> {
        let transport = self.transport()?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let scheme = if transport.is_tls() { "https" } else { "http" };
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                requests: Vec::new(),
                queue: self.queue,
                default: self.default,
                handler: self.handler,
            }),
            arrived: watch::Sender::new(0),
            tls_failures: AtomicUsize::new(0),
        });
        let tasks = Tasks::default();
        tasks.spawn(accept_loop(listener, Arc::clone(&shared), tasks.clone(), transport));
        Ok(RecordingServer { addr, url: format!("{scheme}://{addr}"), shared, tasks, wait_timeout: self.wait_timeout })
    }

    #[cfg(feature = "tls")]
    fn transport(&self) -> io::Result<Transport> {
        match &self.tls {
            None => Ok(Transport::Plain),
            Some(certificates) => Ok(Transport::Tls(tokio_rustls::TlsAcceptor::from(certificates.server_config()?))),
        }
    }

    #[cfg(not(feature = "tls"))]
    fn transport(&self) -> io::Result<Transport> {
        Ok(Transport::Plain)
    }
}

impl RecordingServer {
    /// Starts a server with an empty script.
    ///
    /// # Panics
    /// When `127.0.0.1:0` cannot be bound, or outside a tokio runtime.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// Settings for a server: initial script, wait timeout, TLS.
    pub fn builder() -> ServerBuilder {
        ServerBuilder {
            queue: VecDeque::new(),
            default: None,
            handler: None,
            wait_timeout: DEFAULT_WAIT_TIMEOUT,
            #[cfg(feature = "tls")]
            tls: None,
        }
    }

    /// The base URL, `http://127.0.0.1:PORT` (`https://` with TLS), without a
    /// trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The base URL followed by `path` (which should start with `/`).
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues the reply for one more request; queued replies are used in
    /// order, one per request.
    pub fn push_reply(&self, reply: Reply) {
        self.shared.state().queue.push_back(reply);
    }

    /// Queues several replies, in order.
    pub fn push_replies(&self, replies: impl IntoIterator<Item = Reply>) {
        self.shared.state().queue.extend(replies);
    }

    /// Sets (or with `None` removes) the reply for requests that find the
    /// queue empty.
    pub fn set_default_reply(&self, reply: Option<Reply>) {
        self.shared.state().default = reply;
    }

    /// Computes a reply from the request when the queue is empty; when the
    /// handler returns `None` the default reply is used. The handler runs on
    /// the server's task: it must not block.
    pub fn set_handler(&self, handler: impl Fn(&RecordedRequest) -> Option<Reply> + Send + Sync + 'static) {
        self.shared.state().handler = Some(Arc::new(handler));
    }

    /// Removes the handler.
    pub fn clear_handler(&self) {
        self.shared.state().handler = None;
    }

    /// How many queued replies have not been used yet.
    pub fn pending_replies(&self) -> usize {
        self.shared.state().queue.len()
    }

    /// The requests received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// How many requests have been received so far.
    pub fn request_count(&self) -> usize {
        self.shared.state().requests.len()
    }

    /// How many connections failed during the TLS handshake (e.g. because
    /// the client rejected the certificate); always 0 without TLS.
    pub fn tls_handshake_failures(&self) -> usize {
        self.shared.tls_failures.load(Ordering::SeqCst)
    }

    /// The request at `index` (0 for the first), waiting for it to arrive.
    ///
    /// # Panics
    /// When it has not arrived within the wait timeout (5 s by default), with
    /// the requests seen so far in the message.
    pub async fn request(&self, index: usize) -> RecordedRequest {
        self.wait_for_requests(index + 1).await.swap_remove(index)
    }

    /// Waits until at least `count` requests have arrived and returns all
    /// requests received so far.
    ///
    /// # Panics
    /// When fewer have arrived within the wait timeout.
    pub async fn wait_for_requests(&self, count: usize) -> Vec<RecordedRequest> {
        let mut arrived = self.shared.arrived.subscribe();
        let waited = tokio::time::timeout(self.wait_timeout, arrived.wait_for(|n| *n >= count)).await;
        if !matches!(waited, Ok(Ok(_))) {
            let seen: Vec<String> = self.requests().iter().map(RecordedRequest::line).collect();
            panic!(
                "RecordingServer at {}: waited {:?} for {count} request(s) but {} arrived: {seen:?}",
                self.url,
                self.wait_timeout,
                seen.len()
            );
        }
        self.requests()
    }

    /// Stops accepting, closes every connection and waits until all of the
    /// server's tasks have ended. Dropping the server does the same without
    /// waiting.
    pub async fn shutdown(self) {
        let handles = self.tasks.close();
        for handle in &handles {
            handle.abort();
        }
        for handle in handles {
            // An aborted task ends with a cancellation error; that is the point.
            let _ = handle.await;
        }
    }
}

impl std::fmt::Debug for RecordingServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordingServer")
            .field("url", &self.url)
            .field("requests", &self.request_count())
            .field("pending_replies", &self.pending_replies())
            .finish()
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        for handle in self.tasks.close() {
            handle.abort();
        }
    }
}

struct Shared {
    state: Mutex<State>,
    /// Number of requests recorded, for the waiters.
    arrived: watch::Sender<usize>,
    tls_failures: AtomicUsize,
}

struct State {
    requests: Vec<RecordedRequest>,
    queue: VecDeque<Reply>,
    default: Option<Reply>,
    handler: Option<Handler>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panicking handler must not make every later assertion panic too.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the request and picks its reply.
    fn record(&self, parts: http::request::Parts, body: Bytes) -> Reply {
        let path = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
        let (request, queued, handler, default) = {
            let mut state = self.state();
            let request = RecordedRequest {
                index: state.requests.len(),
                method: parts.method,
                path,
                headers: parts.headers,
                body,
                version: parts.version,
            };
            state.requests.push(request.clone());
            let queued = state.queue.pop_front();
            (request, queued, state.handler.clone(), state.default.clone())
        };
        self.arrived.send_modify(|n| *n += 1);
        queued
            .or_else(|| handler.and_then(|handler| handler(&request)))
            .or(default)
            .unwrap_or_else(|| Reply::unscripted(request.index, &request.method, &request.path))
    }
}

#[derive(Clone)]
enum Transport {
    Plain,
    #[cfg(feature = "tls")]
    Tls(tokio_rustls::TlsAcceptor),
}

impl Transport {
    fn is_tls(&self) -> bool {
        !matches!(self, Transport::Plain)
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, tasks: Tasks, transport: Transport) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tasks.spawn(serve_connection(stream, Arc::clone(&shared), tasks.clone(), transport.clone()));
            }
            // E.g. out of file descriptors: back off instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, tasks: Tasks, transport: Transport) {
    let service = {
        let shared = Arc::clone(&shared);
        service_fn(move |request| answer(Arc::clone(&shared), request))
    };
    let builder = auto::Builder::new(tasks);
    // Errors are the client's business (it hung up, timed out, sent garbage):
    // what the test asserts is what was recorded and what the client saw.
    match transport {
        Transport::Plain => {
            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
        }
        #[cfg(feature = "tls")]
        Transport::Tls(acceptor) => match acceptor.accept(stream).await {
            Ok(stream) => {
                let _ = builder.serve_connection(TokioIo::new(stream), service).await;
            }
            Err(_) => {
                shared.tls_failures.fetch_add(1, Ordering::SeqCst);
            }
        },
    }
}

async fn answer(
    shared: Arc<Shared>,
    request: http::Request<Incoming>,
) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            return Ok(Reply::text(400, format!("RecordingServer: cannot read the request body: {e}")).into_response());
        }
    };
    let reply = shared.record(parts, body);
    if !reply.delay().is_zero() {
        tokio::time::sleep(reply.delay()).await;
    }
    Ok(reply.into_response())
}

/// Every task of one server (accept loop, connections, HTTP/2 streams), so
/// that they can all be stopped together; also hyper's executor.
#[derive(Clone, Default)]
struct Tasks(Arc<Mutex<TaskList>>);

#[derive(Default)]
struct TaskList {
    closed: bool,
    handles: Vec<JoinHandle<()>>,
}

impl Tasks {
    fn list(&self) -> MutexGuard<'_, TaskList> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        let mut list = self.list();
        if list.closed {
            return;
        }
        list.handles.retain(|handle| !handle.is_finished());
        list.handles.push(tokio::spawn(task));
    }

    /// Refuses further tasks and hands over the running ones.
    fn close(&self) -> Vec<JoinHandle<()>> {
        let mut list = self.list();
        list.closed = true;
        std::mem::take(&mut list.handles)
    }
}

impl<F> hyper::rt::Executor<F> for Tasks
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, future: F) {
        self.spawn(async move {
            let _ = future.await;
        });
    }
}
