//! Serving every operation through one untyped method (feature `dynamic`,
//! off by default): for proxies, record/replay test doubles and conformance
//! checks. Wrap a [`DynamicApi`] in [`Dynamic`] and it implements every
//! per-tag trait: each generated method is one call of [`call`].

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::operation::{Access, Claims, Operation};
use crate::response::{Created, CreatedWith, Json, NoContent};
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

/// Serves operation `O` through `api`'s one untyped method: the typed
/// request becomes path parameters and a JSON body, the untyped answer
/// becomes `O`'s typed response.
pub async fn call<O, T>(
    api: &T,
    ctx: &RequestContext,
    claims: Claims<O, T>,
    request: impl Serialize,
) -> Result<O::Response, ApiError>
where
    O: Operation,
    O::Response: FromDynamic,
    T: DynamicApi,
{
    let request = to_dyn_request(&request)?;
    O::Response::from_dynamic(api.call(ctx, O::Access::into_option(claims), request).await?)
}

/// A typed request (its path parameters and `body` as serde fields) as a
/// [`DynRequest`].
fn to_dyn_request<R: Serialize>(request: &R) -> Result<DynRequest, ApiError> {
    let Value::Object(mut fields) = serde_json::to_value(request).map_err(|_| ApiError::internal(None))? else {
        return Err(ApiError::internal(None));
    };
    let body = fields.remove("body").filter(|b| !b.is_null());
    let params = fields
        .into_iter()
        .map(|(name, value)| match value {
            Value::String(value) => Ok((name, value)),
            _ => Err(ApiError::internal(None)),
        })
        .collect::<Result<_, _>>()?;
    Ok(DynRequest { params, body })
}

/// A typed answer read back from a [`DynResponse`]. The answer must be the
/// one the operation documents; anything else (another status, a body of the
/// wrong shape, a missing `Location`) is the implementation's fault: 500,
/// never 400.
pub trait FromDynamic: Sized {
    /// The typed answer, or 500.
    fn from_dynamic(response: DynResponse) -> Result<Self, ApiError>;
}

/// `response` when its status is `status`, else 500.
pub fn expect_status(response: DynResponse, status: u16) -> Result<DynResponse, ApiError> {
    if response.status == status { Ok(response) } else { Err(ApiError::internal(None)) }
}

/// The body of a [`DynResponse`] as `T`, or 500.
pub fn from_json<T: DeserializeOwned>(body: Option<Value>) -> Result<T, ApiError> {
    serde_json::from_value(body.ok_or_else(|| ApiError::internal(None))?).map_err(|_| ApiError::internal(None))
}

/// The `Location` of a [`DynResponse`], or 500.
pub fn location(response: &mut DynResponse) -> Result<String, ApiError> {
    response.location.take().ok_or_else(|| ApiError::internal(None))
}

impl<T: DeserializeOwned> FromDynamic for Json<T> {
    fn from_dynamic(response: DynResponse) -> Result<Self, ApiError> {
        from_json(expect_status(response, 200)?.body).map(Json)
    }
}

impl FromDynamic for Created {
    fn from_dynamic(response: DynResponse) -> Result<Self, ApiError> {
        let mut response = expect_status(response, 201)?;
        Ok(Created { location: location(&mut response)? })
    }
}

impl<T: DeserializeOwned> FromDynamic for CreatedWith<T> {
    fn from_dynamic(response: DynResponse) -> Result<Self, ApiError> {
        let mut response = expect_status(response, 201)?;
        let location = location(&mut response)?;
        Ok(CreatedWith { location, body: from_json(response.body)? })
    }
}

impl FromDynamic for NoContent {
    fn from_dynamic(response: DynResponse) -> Result<Self, ApiError> {
        expect_status(response, 204).map(|_| NoContent)
    }
}
