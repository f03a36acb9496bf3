//! Turning a handler's typed answer into an HTTP response.

use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

use crate::error::ApiError;

/// A response in the making: status, optional `Location`, optional JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Value of the `Location` header.
    pub location: Option<String>,
    /// Serialized JSON body.
    pub body: Option<Bytes>,
}

impl ApiResponse {
    /// A response with a JSON body.
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => Self { status, location: None, body: Some(Bytes::from(bytes)) },
            Err(_) => ApiError::internal(None).into(),
        }
    }

    /// A response without a body.
    pub fn empty(status: StatusCode) -> Self {
        Self { status, location: None, body: None }
    }

    /// `201 Created` with a `Location`.
    pub fn created(location: String) -> Self {
        Self { status: StatusCode::CREATED, location: Some(location), body: None }
    }

    /// The HTTP response. A `Location` that is not a valid header value is
    /// a handler bug, answered as 500 rather than sent half-formed.
    pub fn into_http(self) -> http::Response<Bytes> {
        // Built in place rather than through `http::response::Builder` (a
        // bodiless answer without `Location` allocates no header map), and
        // the `Location` string becomes the header value without a copy.
        let location = match self.location.map(|l| HeaderValue::from_maybe_shared(Bytes::from(l))) {
            Some(Ok(v)) => Some(v),
            Some(Err(_)) => return ApiResponse::from(ApiError::internal(None)).into_http(),
            None => None,
        };
        let has_body = self.body.is_some();
        let mut response = http::Response::new(self.body.unwrap_or_default());
        *response.status_mut() = self.status;
        if let Some(location) = location {
            response.headers_mut().insert(header::LOCATION, location);
        }
        if has_body {
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        response
    }
}

impl From<ApiError> for ApiResponse {
    fn from(e: ApiError) -> Self {
        let body = serde_json::to_vec(&e.to_body()).unwrap_or_default();
        Self { status: e.status(), location: None, body: Some(Bytes::from(body)) }
    }
}

/// Implemented by every generated `*Response` enum.
pub trait IntoApiResponse {
    /// The response for this answer.
    fn into_api_response(self) -> ApiResponse;
}

/// The HTTP response for a dispatch result.
pub fn respond<R: IntoApiResponse>(result: Result<R, ApiError>) -> http::Response<Bytes> {
    match result {
        Ok(r) => r.into_api_response().into_http(),
        Err(e) => ApiResponse::from(e).into_http(),
    }
}

/// `200 OK` with `T` as the JSON body: the answer of an operation whose only
/// documented success is a 200 with a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<T>(pub T);

/// `201 Created` with the new resource's absolute URL in `Location` and no
/// body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The absolute URL sent in the `Location` header
    /// ([`RequestContext::absolute_url`](crate::RequestContext::absolute_url)
    /// builds it).
    pub location: String,
}

/// `201 Created` with `Location` and `T` as the JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedWith<T> {
    /// The absolute URL sent in the `Location` header.
    pub location: String,
    /// The JSON body.
    pub body: T,
}

/// `204 No Content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoContent;

impl<T: Serialize> IntoApiResponse for Json<T> {
    fn into_api_response(self) -> ApiResponse {
        ApiResponse::json(StatusCode::OK, &self.0)
    }
}

impl IntoApiResponse for Created {
    fn into_api_response(self) -> ApiResponse {
        ApiResponse::created(self.location)
    }
}

impl<T: Serialize> IntoApiResponse for CreatedWith<T> {
    fn into_api_response(self) -> ApiResponse {
        ApiResponse { location: Some(self.location), ..ApiResponse::json(StatusCode::CREATED, &self.body) }
    }
}

impl IntoApiResponse for NoContent {
    fn into_api_response(self) -> ApiResponse {
        ApiResponse::empty(StatusCode::NO_CONTENT)
    }
}
