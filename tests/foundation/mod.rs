//! The foundation: schema, store and the record commands, grouped by noun.

mod actors;
mod aliases;
mod bad_input;
mod database;
mod dates;
mod foreign_files;
mod formats;
mod history;
mod plans;
mod provisions;
mod sources;
mod stances;
