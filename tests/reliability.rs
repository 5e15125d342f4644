//! The reliability guarantees of issue 6, one test per guarantee: concurrent writers,
//! crashes, a full or read-only disk, schema versions, wrong files, hostile input, and
//! the `backup` and `doctor` commands. Every failing case asserts the exit code, the
//! one-line message, and that the database's rows and integrity are unchanged.
//!
//! The guarantees and the test that shows each are listed in the README's "Guarantees"
//! section. Tests that need a tmpfs mount or a non-root user print `skipped: <why>`
//! and pass when the machine cannot give them one.

mod support;

mod attack;
mod concurrency;
#[cfg(unix)]
mod crash;
#[cfg(unix)]
mod disk;
mod hostile_input;
mod maintenance;
mod schema;
mod write_rules;
mod wrong_files;
