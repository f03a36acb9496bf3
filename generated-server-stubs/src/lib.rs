//! Server side of the Onezone REST API (handle services and groups),
//! generated from `spec/onezone.yaml`.
//!
//! - One trait per tag — [`UserApi`], [`GroupApi`], [`HandleServiceApi`] —
//!   over the shared [`Auth`] supertrait. Every method has a default body
//!   answering 501 `notImplemented`, so a partial implementation compiles.
//! - Per operation, a request type with typed path parameters and body and a
//!   response enum with one variant per documented success status.
//! - [`operations`]: each operation's metadata (operationId, method, path
//!   template, `x-onedata-permissions`), also reachable through
//!   [`RequestContext::operation`].
//! - [`dispatch`]: the framework-free request pipeline (authenticate before
//!   reading the body → capped body read → generated validation → typed
//!   call), on `http` types only.
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
pub mod dynamic;
mod error;
#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
mod generated;
#[cfg(feature = "axum")]
mod listener;
mod path;
mod response;
mod unwind;
pub mod validate;

pub use auth::{Auth, Credentials, optional_claims, require_claims};
pub use body::{from_value, parse_body, parse_body_typed, parse_json, parse_typed, read_limited};
pub use context::{OperationInfo, RequestContext, ServerConfig};
pub use error::{ApiError, Malformed};
pub use generated::*;
#[cfg(feature = "axum")]
pub use listener::{HYPER_MAX_HEAD_LEN, HYPER_MAX_URI_LEN, OnezoneIo, OnezoneListener};
pub use onezone_types as types;
pub use path::PathParams;
pub use response::{ApiResponse, IntoApiResponse, respond};
pub use unwind::contain_panics;
