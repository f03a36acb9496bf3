//! Conformance suite of onezone-codegen: the generated client and server stubs
//! checked against every documented example of `spec/onezone.yaml`.
//!
//! The spec is read at run time ([`spec`]); every check is driven by it, so a
//! new operation, example or code sample is covered without new test code.
//! [`matrix::run`] runs the checks and returns the operation × check matrix
//! that the tests assert on and the `conformance-report` binary prints.

pub mod calls;
pub mod checks;
pub mod corpus;
pub mod expected;
#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
pub mod generated;
pub mod matrix;
pub mod replayer;
pub mod roundtrip;
pub mod samples;
pub mod spec;
