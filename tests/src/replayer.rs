//! The "replayer": one [`DynamicApi`] implementation that serves every
//! operation of the spec with its documented success answer (or with an
//! error it is told to return) and records what the generated router handed
//! it. Wrapped in [`Dynamic`] it implements every generated trait, so the
//! real router can be driven by the spec alone.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use onezone_server::dynamic::{DynRequest, DynResponse, Dynamic, DynamicApi};
use onezone_server::{ApiError, Auth, Credentials, OperationInfo, RequestContext};
use serde_json::Value;
use tower::ServiceExt;

use crate::spec::Spec;

/// What the replayer answers.
#[derive(Debug, Clone)]
pub enum Answer {
    /// The operation's documented success: first 2xx status, the `Location`
    /// header example, the `documented` response body.
    Documented,
    /// The operation's first 2xx status and `Location` example with the
    /// success body example of this name.
    Example(String),
    /// This error, for every operation.
    Error(ApiError),
}

/// One call the router made into the implementation.
#[derive(Debug, Clone)]
pub struct Received {
    /// The operation's metadata, as the generated code has it.
    pub operation: &'static OperationInfo,
    /// The credentials the router authenticated (`None`: a public operation
    /// called without any).
    pub claims: Option<Credentials>,
    /// Path parameters and body.
    pub request: DynRequest,
}

/// A [`DynamicApi`] answering from the spec and recording every call.
#[derive(Debug, Clone)]
pub struct Replayer {
    spec: Arc<Spec>,
    answer: Answer,
    log: Arc<Mutex<Vec<Received>>>,
}

impl Replayer {
    /// A replayer over `spec` that answers with `answer`.
    pub fn new(spec: Arc<Spec>, answer: Answer) -> Self {
        Self { spec, answer, log: Arc::default() }
    }

    /// The generated axum router serving this replayer (a clone that shares
    /// the log).
    pub fn router(&self) -> axum::Router {
        onezone_server::router(Arc::new(Dynamic(self.clone())))
    }

    /// Takes the calls recorded so far.
    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn success(&self, operation_id: &str, example: &str) -> Result<DynResponse, ApiError> {
        // The replayer cannot answer from the spec: a server fault.
        let fault = |what: String| ApiError::new(onezone_server::ErrorId::InternalServerError, what);
        let op = self
            .spec
            .operation(operation_id)
            .ok_or_else(|| fault(format!("the spec has no operation {operation_id}")))?;
        let success = op.success().map_err(fault)?;
        let body = match success.named_bodies().map_err(fault)? {
            bodies if bodies.is_empty() => None,
            bodies => Some(
                bodies
                    .into_iter()
                    .find(|e| e.name == example)
                    .ok_or_else(|| fault(format!("{operation_id} has no success example `{example}`")))?
                    .value,
            ),
        };
        Ok(DynResponse { status: success.status, location: success.location.clone(), body })
    }
}

impl Auth for Replayer {
    type Claims = Credentials;

    async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<Credentials, ApiError> {
        Ok(credentials.clone())
    }
}

impl DynamicApi for Replayer {
    async fn call(
        &self,
        ctx: &RequestContext,
        claims: Option<Credentials>,
        request: DynRequest,
    ) -> Result<DynResponse, ApiError> {
        let operation = ctx.operation();
        self.log.lock().unwrap_or_else(PoisonError::into_inner).push(Received { operation, claims, request });
        match &self.answer {
            Answer::Documented => self.success(operation.operation_id, "documented"),
            Answer::Example(name) => self.success(operation.operation_id, name),
            Answer::Error(e) => Err(e.clone()),
        }
    }
}

/// An HTTP answer, read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpAnswer {
    /// Status.
    pub status: u16,
    /// `Location`, if sent.
    pub location: Option<String>,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpAnswer {
    /// The body as JSON (`Ok(None)` when empty).
    pub fn json(&self) -> Result<Option<Value>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&self.body)
            .map(Some)
            .map_err(|e| format!("answer body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// `status id` of an Onezone error body, for messages.
    pub fn summary(&self) -> String {
        let id =
            self.json().ok().flatten().and_then(|b| b.pointer("/error/id").and_then(Value::as_str).map(str::to_owned));
        match id {
            Some(id) => format!("{} {id}", self.status),
            None => format!("{} {}", self.status, String::from_utf8_lossy(&self.body)),
        }
    }
}

/// Sends one request through `router` in-process.
pub async fn send(
    router: &axum::Router,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: Option<Vec<u8>>,
) -> Result<HttpAnswer, String> {
    let mut builder = http::Request::builder().method(method).uri(target);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let request = builder
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .map_err(|e| format!("cannot build the request {method} {target}: {e}"))?;
    let response = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, location, content_type) =
        (response.status().as_u16(), header(http::header::LOCATION), header(http::header::CONTENT_TYPE));
    let body = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .map_err(|e| format!("cannot read the answer to {method} {target}: {e}"))?;
    Ok(HttpAnswer { status, location, content_type, body: body.to_vec() })
}
