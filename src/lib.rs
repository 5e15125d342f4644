//! provtrack: peace plans, their provisions, the actors involved and their stances, with
//! the source of every claim, in one SQLite file.
//!
//! The crate has four layers, each with one job:
//! - [`cli`]: the command line as clap types, nothing else;
//! - [`commands`]: one module per noun, turning arguments into store calls;
//! - [`store`]: the only place with SQL: opening, migrating, transactions, queries;
//! - [`output`]: every format a result can be printed in.
//!
//! [`fields`] and [`claims`] hold the record fields as users give them, on the command
//! line and in claims files; [`model`] and [`dates`] hold the rules those fields obey.
//! [`tabular`] reads and writes the same records as CSV and JSON Lines tables, one kind
//! per file; [`synth`] generates realistic synthetic data for benchmarks and tests;
//! [`progress`] draws the progress bar of long imports.

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
