#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

//! The conformance suite: both generated crates against every documented
//! example of `spec/onezone.yaml`, driven by the spec (read at run time).
//! One test per matrix column asserts that no cell fails and that the
//! samples' errata are exactly the expected ones; the other modules test the
//! machinery (parsers, report) and show that deliberate breaks are caught.

mod client_wire;
mod common;
mod corpus;
mod parsing;
mod report;
mod samples;
mod server_wire;
mod types;
mod validators;
