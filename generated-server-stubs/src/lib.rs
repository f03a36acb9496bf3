//! Server trait stubs generated from `spec/onezone.yaml`.
//!
//! Placeholder: the server emitter is tracked in issue 3; until it lands this
//! crate is empty so the workspace layout is already the final one.
