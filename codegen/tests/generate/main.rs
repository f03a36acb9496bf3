//! Integration tests of the generator: fixture snapshots and the bad-spec
//! corpus. One test binary, several modules (saves link time).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod bad_specs;
mod diff;
mod fixtures;

use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
