//! Serving every operation through one untyped method: for proxies,
//! record/replay test doubles and conformance checks. Wrap a [`DynamicApi`]
//! in [`Dynamic`] and it implements every per-tag trait (those impls, and
//! each response enum's `from_dynamic`, are generated).

use std::future::Future;

use crate::{ApiError, Auth, Credentials, RequestContext};

/// An operation's inputs, untyped: path parameters by name and the JSON body
/// (already validated against its schema).
#[derive(Debug, Clone, PartialEq)]
pub struct DynRequest {
    /// Path parameters in path order.
    pub params: Vec<(String, String)>,
    /// The request body, if the operation has one and it was sent.
    pub body: Option<serde_json::Value>,
}

/// An answer, untyped. It must be one the spec documents for the operation;
/// anything else is turned into a 500.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DynResponse {
    /// HTTP status (a documented 2xx).
    pub status: u16,
    /// `Location` header value, for statuses that carry one.
    pub location: Option<String>,
    /// JSON body, for statuses that carry one.
    pub body: Option<serde_json::Value>,
}

/// One method for every operation; [`RequestContext::operation`] tells which
/// one is being served.
pub trait DynamicApi: Auth {
    /// Serves any operation. `claims` is `None` only for a public operation
    /// called without credentials.
    fn call(
        &self,
        ctx: &RequestContext,
        claims: Option<Self::Claims>,
        request: DynRequest,
    ) -> impl Future<Output = Result<DynResponse, ApiError>> + Send;
}

/// Adapter implementing every per-tag trait over a [`DynamicApi`].
pub struct Dynamic<T>(pub T);

impl<T: DynamicApi> Auth for Dynamic<T> {
    type Claims = T::Claims;

    fn authenticate(
        &self,
        credentials: &Credentials,
        ctx: &RequestContext,
    ) -> impl Future<Output = Result<Self::Claims, ApiError>> + Send {
        self.0.authenticate(credentials, ctx)
    }
}

/// A typed body as the JSON a [`DynamicApi`] receives.
#[doc(hidden)]
pub fn to_json<B: serde::Serialize>(body: &B) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(body).map_err(|_| ApiError::internal(None))
}

/// The typed answer of a [`DynResponse`] body; a body of the wrong shape is
/// the implementation's fault, not the caller's: 500, never 400.
#[doc(hidden)]
pub fn from_json<T: serde::de::DeserializeOwned>(body: Option<serde_json::Value>) -> Result<T, ApiError> {
    serde_json::from_value(body.ok_or_else(|| ApiError::internal(None))?).map_err(|_| ApiError::internal(None))
}
