//! Behaviour of the in-memory zone as a client of the API would see it. One
//! test binary, several modules (saves link time).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;

mod authorization;
mod concurrency;
mod errors;
mod membership;
mod operations;
mod seed;
