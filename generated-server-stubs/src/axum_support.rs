//! Glue between axum 0.8 and the framework-free [`dispatch`]; the generated
//! `router` mounts [`handle`] for every operation.

use std::sync::Arc;

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, State};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::auth::Auth;
use crate::context::ServerConfig;
use crate::error::ApiError;
use crate::operation::{Handler, dispatch};
use crate::path::PathParams;
use crate::response::{ApiResponse, respond};

/// The axum handler of operation `O` served by `S`: path parameters, then
/// [`dispatch`], then the answer.
pub async fn handle<O: Handler<S>, S: Auth>(
    State(served): State<Served<S>>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    request: axum::extract::Request,
) -> Response {
    let params = match path_params(params, O::INFO.params) {
        Ok(params) => params,
        Err(e) => return e.into_response(),
    };
    let (parts, body) = request.into_parts();
    to_axum(respond(dispatch::<O, S, _>(&*served.service, &served.config, parts, params, body).await))
}

/// Router state: the implementation and the server settings.
pub struct Served<S> {
    /// The API implementation.
    pub service: Arc<S>,
    /// Server-wide settings.
    pub config: Arc<ServerConfig>,
}

impl<S> Clone for Served<S> {
    fn clone(&self) -> Self {
        Self { service: Arc::clone(&self.service), config: Arc::clone(&self.config) }
    }
}

/// An HTTP response of the dispatch layer as an axum response.
pub fn to_axum(response: http::Response<Bytes>) -> Response {
    response.map(|body| if body.is_empty() { axum::body::Body::empty() } else { axum::body::Body::from(body) })
}

/// Path parameters from axum; a segment that is not valid UTF-8 once
/// decoded names no resource. `names` are the operation's template
/// parameters (kept without copying).
pub fn path_params(
    raw: Result<RawPathParams, RawPathParamsRejection>,
    names: &[&'static str],
) -> Result<PathParams, ApiError> {
    let raw = raw.map_err(|_| ApiError::not_found())?;
    Ok(PathParams::with_known_names(names, raw.iter()))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        to_axum(ApiResponse::from(self).into_http())
    }
}

/// Fallback for paths the spec does not have: 404 `notFound`.
pub async fn not_found() -> Response {
    ApiError::not_found().into_response()
}

/// Fallback for a known path with a method it does not serve: 405.
pub async fn method_not_allowed(method: http::Method) -> Response {
    ApiError::method_not_allowed(&method).into_response()
}
