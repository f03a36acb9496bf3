//! `onezone`: a command-line client of the Onezone REST API (handle services
//! and groups), typed by `spec/onezone.yaml`.
//!
//! The command table (`generated.rs`, written by `cargo xtask regenerate`)
//! declares one command per operation; this crate holds what they share:
//! the argument words ([`words`]), the body ([`body`]), zone and credentials
//! ([`connect`]), the request written out for `-v`, `--dry-run` and `--raw`
//! ([`request`]), the answer and the exit codes ([`reply`]), and [`run`],
//! the whole program over explicit input and output so tests can drive it.
//!
//! ```text
//! onezone addHandleServiceGroup id=a4d3… gid=5ca9…
//! cat hndl_service.json | onezone addHandleService -
//! onezone createGroup name==Group2 type==team --id-only
//! ```

pub mod body;
pub mod command;
pub mod connect;
#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
mod generated;
pub mod reply;
pub mod request;
mod run;
pub mod table;
pub mod words;

pub use generated::OPERATIONS;
pub use run::{Io, run};

/// The operation called `name`: its command, its snake_case form or its
/// former documented name.
pub fn operation(name: &str) -> Option<&'static table::Operation> {
    OPERATIONS.iter().find(|op| op.names().any(|n| n == name))
}
