//! The per-operation glue, written once.
//!
//! The generated code describes each operation with a marker type (in
//! `operations`, e.g. `operations::GetGroup`) implementing [`Operation`] —
//! its metadata, who may call it, how its typed request is built — and
//! [`Handler`] — which trait method serves it. [`dispatch`] is the whole
//! request pipeline over those two traits, and the axum router mounts
//! `axum_support::handle::<O, S>` for every operation: monomorphised per
//! operation, as fast as a handler written out by hand.

use std::future::Future;

use bytes::Bytes;
use http_body::Body;

use crate::auth::{Auth, optional_claims, require_claims};
use crate::body::read_limited;
use crate::context::{OperationInfo, RequestContext, ServerConfig};
use crate::error::ApiError;
use crate::path::PathParams;
use crate::response::IntoApiResponse;
use crate::unwind::contain_panics;

/// One operation of the spec, as the runtime needs it.
pub trait Operation: 'static {
    /// The operation's metadata (operationId, method, path, privileges…).
    const INFO: &'static OperationInfo;
    /// Whether the request body is read (and handed to [`Handler::call`]).
    const READS_BODY: bool = false;
    /// Who may call it: [`Authenticated`] callers, or anyone ([`Public`]).
    type Access: Access;
    /// The typed answer the implementation gives.
    type Response: IntoApiResponse + Send;
}

/// Serving an [`Operation`] with the service `S`.
pub trait Handler<S: Auth + ?Sized>: Operation {
    /// Builds the typed request from the path parameters and the body (empty
    /// when the operation reads none) — a body the schema refuses is answered
    /// here — and calls the trait method of `service` that implements the
    /// operation.
    fn call(
        service: &S,
        ctx: &RequestContext,
        claims: Claims<Self, S>,
        params: PathParams,
        body: &[u8],
    ) -> impl Future<Output = Result<Self::Response, ApiError>> + Send;
}

/// What the implementation of operation `O` receives from `S::authenticate`:
/// the claims, or for a public operation `Option` of them.
pub type Claims<O, S> = <<O as Operation>::Access as Access>::Claims<<S as Auth>::Claims>;

/// Who may call an operation, and so what its implementation receives as
/// claims.
pub trait Access: Send + Sync + 'static {
    /// The claims an implementation receives, for `C` the `Auth::Claims` of
    /// the service.
    type Claims<C: Send + Sync + 'static>: Send;

    /// Authenticates the request.
    fn claims<A: Auth + ?Sized>(
        auth: &A,
        ctx: &RequestContext,
    ) -> impl Future<Output = Result<Self::Claims<A::Claims>, ApiError>> + Send;

    /// The claims as an `Option` (`Some` for an authenticated caller).
    fn into_option<C: Send + Sync + 'static>(claims: Self::Claims<C>) -> Option<C>;
}

/// An operation that needs credentials: 401 without them
/// ([`require_claims`]).
#[derive(Debug)]
pub enum Authenticated {}

/// A public operation (`security: []`): credentials are optional, but those
/// sent must be valid ([`optional_claims`]).
#[derive(Debug)]
pub enum Public {}

impl Access for Authenticated {
    type Claims<C: Send + Sync + 'static> = C;

    fn claims<A: Auth + ?Sized>(
        auth: &A,
        ctx: &RequestContext,
    ) -> impl Future<Output = Result<A::Claims, ApiError>> + Send {
        require_claims(auth, ctx)
    }

    fn into_option<C: Send + Sync + 'static>(claims: C) -> Option<C> {
        Some(claims)
    }
}

impl Access for Public {
    type Claims<C: Send + Sync + 'static> = Option<C>;

    fn claims<A: Auth + ?Sized>(
        auth: &A,
        ctx: &RequestContext,
    ) -> impl Future<Output = Result<Option<A::Claims>, ApiError>> + Send {
        optional_claims(auth, ctx)
    }

    fn into_option<C: Send + Sync + 'static>(claims: Option<C>) -> Option<C> {
        claims
    }
}

/// The request pipeline of operation `O` without any web framework:
/// authenticate (before the body is read) → read the body with the
/// configured cap → parse and validate it → call the implementation. A panic
/// anywhere in it is answered 500 ([`contain_panics`]).
///
/// `params` are the path parameters the router matched for `O`'s template.
pub async fn dispatch<O, S, B>(
    service: &S,
    config: &ServerConfig,
    parts: http::request::Parts,
    params: PathParams,
    body: B,
) -> Result<O::Response, ApiError>
where
    O: Handler<S>,
    S: Auth + ?Sized,
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    contain_panics(async move {
        let ctx = RequestContext::new(O::INFO, parts, config);
        let claims = O::Access::claims(service, &ctx).await?;
        let bytes = if O::READS_BODY { read_limited(body, config.body_limit).await? } else { Bytes::new() };
        O::call(service, &ctx, claims, params, &bytes).await
    })
    .await
}

/// The default body of every generated trait method: 501 `notImplemented`
/// for operation `O`. `inputs` (the method's arguments) are dropped unused.
pub fn not_implemented<O: Operation, R>(inputs: impl Sized) -> std::future::Ready<Result<R, ApiError>> {
    drop(inputs);
    std::future::ready(Err(ApiError::not_implemented(O::INFO)))
}
