//! In-memory Onezone: work in progress.
