//! provtrack: peace plans, their provisions, the actors involved and their stances, with
//! the source of every claim, in one SQLite file.
//!
//! The crate has five layers, each with one job (README "Development" draws them):
//! - `cli`: the command line as clap types, nothing else;
//! - `commands`: one module per noun, turning arguments into store calls;
//! - `check` (sources, actors, plans, provisions; `check::stance` for stances) turns
//!   what a user gives (`input`: plain records, by flags or in files) into checked
//!   values whose references are resolved through `store::Resolve`;
//! - `store`: the only place with SQL: opening, migrating, transactions, queries; it
//!   takes checked fields by the model's names, never columns, and returns `input`
//!   records (export) or a `result_set` (queries, reports);
//! - `output`: every format a result can be printed in.
//!
//! `claims` and `tabular` read and write records as claims files and as CSV and JSON
//! Lines tables; `model` and `dates` hold the rules a value obeys; `synth` (cargo
//! feature `synth`) generates synthetic data for benchmarks and tests; `progress` draws
//! the progress bar of long imports.

mod check;
pub mod claims;
pub mod cli;
pub mod commands;
pub mod dates;
pub mod draft;
pub mod error;
mod html;
mod input;
mod model;
mod names;
pub mod output;
mod progress;
mod result_set;
pub mod seeds;
mod statement;
pub mod store;
mod suggest;
#[cfg(feature = "synth")]
pub mod synth;
pub mod tabular;
