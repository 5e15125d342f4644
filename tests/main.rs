//! The integration tests of provtrack: ONE test binary (`cargo test --test integration`),
//! one module per subject. Each test runs the built binary against a database in its
//! own temporary directory and checks what a user sees (stdout, stderr, exit code) and
//! what the database holds afterwards.
//!
//! Run one module with `cargo test --test integration MODULE::` (e.g. `fuzz::`,
//! `reliability::attack::`). A new file under tests/ must be declared here (or in the
//! module that holds it): `layout::every_rs_file_under_tests_is_in_the_module_tree`
//! fails otherwise.

mod common;

mod bulk;
mod claims;
mod completions;
mod datasette;
mod datasette_live;
mod draft;
mod draft_eval;
mod ecosystem;
mod export;
mod field_names;
mod foundation;
mod fuzz;
mod harness;
mod html;
mod import;
mod layout;
mod lineage;
mod link_history;
mod logic;
mod man;
mod other_tools;
mod pipeline;
mod readme;
mod reliability;
mod reports;
mod rule;
mod seeds;
mod snapshots;
mod terminal;
mod vocabularies;
