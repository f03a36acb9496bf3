//! The generated router driven in-process with `tower::ServiceExt::oneshot`:
//! routing, authentication, body cap, validation and answers, for every
//! operation of the spec where the check is generic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod generic;
mod handlers;
mod validation;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use http::{Request, StatusCode};
use onezone_server::{
    ApiError, Auth, Created, Credentials, GroupApi, HandleServiceApi, Json, NoContent, OperationInfo, RequestContext,
    ServerConfig, UserApi, types,
};
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "good-token";

/// An implementation that authenticates one token and overrides a handful of
/// operations; everything else keeps the generated 501 default.
#[derive(Default)]
pub struct Probe {
    /// What the overridden handlers saw: operation id and request debug text.
    pub seen: Mutex<Vec<(String, String)>>,
}

impl Probe {
    fn record(&self, ctx: &RequestContext, what: String) {
        self.seen.lock().unwrap().push((ctx.operation().operation_id.to_owned(), what));
    }
}

impl Auth for Probe {
    type Claims = String;

    async fn authenticate(&self, credentials: &Credentials, _ctx: &RequestContext) -> Result<String, ApiError> {
        match credentials {
            Credentials::Token(t) | Credentials::Bearer(t) if t == TOKEN => Ok("alice".to_owned()),
            Credentials::Token(t) if t == "panic" => panic!("authenticate panicked on purpose"),
            Credentials::Token(t) if t == "bob-token" => Ok("bob".to_owned()),
            Credentials::Basic { username, password } if username == "alice" && password == "pw" => {
                Ok("alice".to_owned())
            }
            _ => Err(ApiError::unauthorized(Some(ApiError::bad_token()))),
        }
    }
}

impl UserApi for Probe {}

impl GroupApi for Probe {
    async fn create_group(
        &self,
        ctx: &RequestContext,
        claims: String,
        request: onezone_server::CreateGroupRequest,
    ) -> Result<Created, ApiError> {
        self.record(ctx, format!("{claims} {:?}", request.body));
        Ok(Created { location: ctx.absolute_url("/groups/0123456789abcdef0123456789abcdef") })
    }

    async fn get_group(
        &self,
        ctx: &RequestContext,
        _claims: String,
        request: onezone_server::GetGroupRequest,
    ) -> Result<Json<types::Group>, ApiError> {
        self.record(ctx, request.id.clone());
        if request.id == "missing" {
            return Err(ApiError::not_found());
        }
        if request.id == "panic" {
            panic!("get_group panicked on purpose");
        }
        let group = serde_json::from_value(serde_json::json!({
            "groupId": request.id, "name": "Test group", "type": "team", "creationTime": 1576152793
        }))
        .unwrap();
        Ok(Json(group))
    }

    async fn remove_group(
        &self,
        ctx: &RequestContext,
        _claims: String,
        request: onezone_server::RemoveGroupRequest,
    ) -> Result<NoContent, ApiError> {
        self.record(ctx, request.id);
        Ok(NoContent)
    }
}

impl HandleServiceApi for Probe {
    async fn add_handle_service_group(
        &self,
        ctx: &RequestContext,
        _claims: String,
        request: onezone_server::AddHandleServiceGroupRequest,
    ) -> Result<Created, ApiError> {
        let permissions = ctx.operation().permissions.join(",");
        self.record(ctx, format!("{} {} {:?} [{permissions}]", request.id, request.gid, request.body));
        let location = ctx.absolute_url(&format!("/handle_services/{}/groups/{}", request.id, request.gid));
        Ok(Created { location })
    }

    async fn list_handle_service_privileges(
        &self,
        ctx: &RequestContext,
        claims: Option<String>,
        _request: onezone_server::ListHandleServicePrivilegesRequest,
    ) -> Result<Json<types::HandleServicePrivilegeCatalogue>, ApiError> {
        self.record(ctx, format!("{claims:?}"));
        let catalogue = serde_json::from_value(serde_json::json!({
            "admin": ["handle_service_view"], "member": ["handle_service_view"]
        }))
        .unwrap();
        Ok(Json(catalogue))
    }
}

/// An answer as a test sees it.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// `error.id` of an Onezone error body, checking the body's shape on the way.
    pub fn error_id(&self) -> String {
        let body = self.json();
        let error = body["error"].as_object().unwrap_or_else(|| panic!("not an Onezone error body: {body}"));
        assert!(error["description"].is_string(), "error without description: {body}");
        assert_eq!(self.content_type.as_deref(), Some("application/json"));
        error["id"].as_str().unwrap().to_owned()
    }
}

pub struct Call<'a> {
    pub method: &'a str,
    pub path: String,
    pub token: Option<&'a str>,
    pub headers: Vec<(&'a str, &'a str)>,
    pub body: Option<Vec<u8>>,
}

impl<'a> Call<'a> {
    pub fn new(method: &'a str, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), token: Some(TOKEN), headers: Vec::new(), body: None }
    }

    pub fn anonymous(mut self) -> Self {
        self.token = None;
        self
    }

    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(serde_json::to_vec(&body).unwrap());
        self.header("content-type", "application/json")
    }

    pub fn raw(mut self, body: &[u8]) -> Self {
        self.body = Some(body.to_vec());
        self
    }
}

pub async fn send_to(service: Arc<Probe>, config: ServerConfig, call: Call<'_>) -> Answer {
    let router = onezone_server::router_with_config(service, config);
    let mut request = Request::builder().method(call.method).uri(format!("http://zone.test{}", call.path));
    request = request.header("host", "zone.test");
    if let Some(token) = call.token {
        request = request.header("x-auth-token", token);
    }
    for (k, v) in &call.headers {
        request = request.header(*k, *v);
    }
    let request = request.body(call.body.map(Body::from).unwrap_or_else(Body::empty)).unwrap();
    let response = tokio::time::timeout(std::time::Duration::from_secs(10), router.oneshot(request))
        .await
        .expect("router answered within 10 s")
        .unwrap();
    let status = response.status();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let (location, content_type) = (header("location"), header("content-type"));
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    Answer { status, location, content_type, body }
}

pub async fn send(call: Call<'_>) -> Answer {
    send_to(Arc::new(Probe::default()), ServerConfig::default(), call).await
}

/// The request path of `op` with every `{param}` replaced by `value`.
pub fn concrete_path(op: &OperationInfo, value: &str) -> String {
    let path: Vec<String> = op
        .path
        .split('/')
        .map(|seg| if seg.starts_with('{') && seg.ends_with('}') { value.to_owned() } else { seg.to_owned() })
        .collect();
    format!("{}{}", onezone_server::BASE_PATH, path.join("/"))
}
