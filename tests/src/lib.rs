//! Conformance suite of onezone-codegen: the generated client and server stubs
//! checked against every documented example of `spec/onezone.yaml`.

pub mod calls;
#[rustfmt::skip] // prettyplease output, written only by `cargo xtask regenerate`
pub mod generated;
pub mod roundtrip;
