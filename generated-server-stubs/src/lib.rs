//! Server side of the Onezone REST API (handle services and groups),
//! generated from `spec/onezone.yaml`.
//!
//! - One trait per tag — [`UserApi`], [`GroupApi`], [`HandleServiceApi`] —
//!   over the shared [`Auth`] supertrait. Every method has a default body
//!   answering 501 `notImplemented`, so a partial implementation compiles.
//! - Per operation, a request type with typed path parameters and body; the
//!   answer is the documented success: [`Json`] (200), [`Created`] (201 with
//!   `Location`), [`NoContent`] (204), or a generated enum with one variant
//!   per status where an operation documents several.
//! - [`operations`]: one marker type per operation implementing
//!   [`Operation`] (its metadata: operationId, method, path template,
//!   `x-onedata-permissions`, also reachable through
//!   [`RequestContext::operation`]) and [`Handler`] (its trait method).
//! - [`dispatch`]: the framework-free request pipeline over those
//!   (authenticate before reading the body → capped body read → generated
//!   validation → typed call), on `http` types only.
//! - [`router`] (feature `axum`, on by default): an axum 0.8 router under the
//!   spec's base path with Onezone-format 404/405 answers, and
//!   [`OnezoneListener`] to serve it with `axum::serve` so that even the
//!   requests hyper refuses before routing (400, 414, 431) get the Onezone
//!   error body.
//!
//! Everything in `src/generated.rs` comes from `cargo xtask regenerate`;
//! the runtime pieces it builds on are the hand-written modules here.

mod auth;
#[cfg(feature = "axum")]
pub mod axum_support;
mod body;
mod context;
#[cfg(feature = "dynamic")]
pub mod dynamic;
mod error;
#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
mod generated;
/// Every per-tag trait over a `dynamic::DynamicApi`: the generated half of
/// the `dynamic` feature (the hand-written half is `dynamic`).
#[cfg(feature = "dynamic")]
#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
mod generated_dynamic;
#[cfg(feature = "axum")]
mod listener;
mod operation;
mod path;
mod response;
mod unwind;
pub mod validate;

pub use auth::{Auth, Credentials, optional_claims, require_claims};
pub use body::{
    BodyRule, optional_request_body, parse_body, parse_body_typed, parse_typed, read_limited, request_body,
};
pub use context::{OperationInfo, RequestContext, ServerConfig};
pub use error::{ApiError, Malformed};
pub use generated::*;
#[cfg(feature = "axum")]
pub use listener::{HYPER_MAX_HEAD_LEN, HYPER_MAX_URI_LEN, OnezoneIo, OnezoneListener};
pub use onezone_errors::ErrorId;
pub use onezone_types as types;
pub use operation::{Access, Authenticated, Claims, Handler, Operation, Public, dispatch, not_implemented};
pub use path::PathParams;
pub use response::{ApiResponse, Created, CreatedWith, IntoApiResponse, Json, NoContent, respond};
pub use unwind::contain_panics;
