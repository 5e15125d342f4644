//! provtrack: peace plans, their provisions, the actors involved and their stances, with
//! the source of every claim, in one SQLite file.
//!
//! The crate has five layers, each with one job (README "Development" draws them):
//! - `cli`: the command line as clap types, nothing else;
//! - `commands`: one module per noun, turning arguments into store calls;
//! - checked input: `fields` (sources, actors, plans, provisions) and `stance_check`
//!   (stances) turn what a user gives, by flags or in files, into checked records
//!   whose references are resolved through `store::Resolve`;
//! - `store`: the only place with SQL: opening, migrating, transactions, queries; it
//!   takes and returns fields by the model's names, never columns;
//! - `output`: every format a result can be printed in.
//!
//! `claims` and `tabular` read and write records as claims files and as CSV and JSON
//! Lines tables; `model` and `dates` hold the rules a value obeys; `synth` (cargo
//! feature `synth`) generates synthetic data for benchmarks and tests; `progress` draws
//! the progress bar of long imports.

pub mod claims;
pub mod cli;
pub mod commands;
pub mod dates;
pub mod draft;
pub mod error;
mod fields;
mod html;
mod model;
mod names;
pub mod output;
mod progress;
mod rows;
pub mod seeds;
mod stance_check;
mod statement;
pub mod store;
mod suggest;
#[cfg(feature = "synth")]
pub mod synth;
pub mod tabular;
