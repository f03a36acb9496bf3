//! Schema types of the Onezone REST API (handle services and groups), shared
//! by `onezone-client` and `onezone-server`.
//!
//! Everything except [`Secret`] is generated from `spec/onezone.yaml` into
//! `src/generated.rs` by `cargo xtask regenerate`; do not edit that file.

// The generated code names its own crate by path (`::onezone_types::Secret`)
// so the same tokens are valid wherever progenitor would have placed them.
extern crate self as onezone_types;

#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
mod generated;
mod secret;

pub use generated::*;
pub use secret::Secret;
