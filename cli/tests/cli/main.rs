//! Tests of the `onezone` binary as users and scripts run it: one test
//! binary, a module per concern. Every server is `onezone-mock` on
//! 127.0.0.1 with an ephemeral port, behind a recorder that keeps what
//! reached it; every child process has a time limit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;
mod dry_run;
mod exit_codes;
mod help;
mod samples;
mod secrets;
