//! The reliability guarantees of issue 6, one test per guarantee: concurrent writers,
//! crashes, a full or read-only disk, schema versions, wrong files, hostile input, and
//! the `backup` and `doctor` commands. Every failing case asserts the exit code, the
//! one-line message, and that the database's rows and integrity are unchanged.
//!
//! The guarantees and the test that shows each are listed in the README's "Guarantees"
//! section. Tests that need a tmpfs mount or a non-root user print `skipped: <why>`
//! and pass when the machine cannot give them one.

// Shared with the other test crates, so not every helper is used here.
#[allow(dead_code)]
mod common;

#[path = "reliability/support.rs"]
mod support;

#[path = "reliability/attack.rs"]
mod attack;
#[path = "reliability/concurrency.rs"]
mod concurrency;
#[cfg(unix)]
#[path = "reliability/crash.rs"]
mod crash;
#[cfg(unix)]
#[path = "reliability/disk.rs"]
mod disk;
#[path = "reliability/hostile_input.rs"]
mod hostile_input;
#[path = "reliability/maintenance.rs"]
mod maintenance;
#[path = "reliability/schema.rs"]
mod schema;
#[path = "reliability/wrong_files.rs"]
mod wrong_files;
