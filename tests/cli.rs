//! Integration tests for the provtrack command line: each test runs the built binary
//! against a database in its own temporary directory and checks what a user sees
//! (stdout, stderr, exit code) and what the database holds afterwards.

// Shared with the other test crates, so not every helper is used here.
#[allow(dead_code)]
mod common;
mod foundation;
