//! Commands: each turns parsed arguments into store calls and hands results to output.
//! No SQL and no printing happens here; one module per noun.

mod actor;
mod charts;
mod complete;
mod database;
mod datasette;
mod docs;
mod draft;
mod editable;
mod export;
mod history;
mod import;
mod maintenance;
mod plan;
mod provision;
mod report;
mod search;
mod source;
mod sql;
mod stance;

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::store::Store;

/// What every command gets: where the database is, how long to wait for it, and where
/// to write.
pub struct Ctx {
    pub db_path: PathBuf,
    pub busy_timeout: Duration,
    pub out: Output,
    /// Whether this command created the database file; a failed command removes it
    /// again when nobody wrote to it, so that a mistyped command leaves nothing behind.
    created_file: bool,
}

impl Ctx {
    /// Whether output is for people (a table, markdown, HTML) rather than programs:
    /// inferred dates are then shown as `~2025-11-21` (see `ResultSet::inferred_dates`).
    pub fn for_people(&self) -> bool {
        matches!(
            self.out.format(),
            crate::output::Format::Table
                | crate::output::Format::Markdown
                | crate::output::Format::Html
        )
    }

    /// The database for a read-only command; never creates anything.
    pub fn read(&self) -> Result<Store> {
        Store::open_for_read(&self.db_path, self.busy_timeout)
    }

    /// The database for a writing command: created and migrated as needed, with a
    /// status line on stderr saying so.
    pub fn write(&mut self) -> Result<Store> {
        let opened = Store::open_for_write(&self.db_path, self.busy_timeout)?;
        self.created_file |= opened.new_file;
        if !opened.created && !opened.applied.is_empty() {
            self.out.status(&format!(
                "migrated {} ({})",
                self.db_path.display(),
                opened.applied.join(", ")
            ))?;
        }
        if let Some(backup) = &opened.backup {
            self.out.status(&format!(
                "backup of the previous version: {}",
                backup.display()
            ))?;
        }
        Ok(opened.store)
    }

    /// After the command: confirms a new database, or removes the one a failed command
    /// created (with its -wal and -shm files).
    fn finish(&mut self, result: Result<()>) -> Result<()> {
        if !self.created_file {
            return result;
        }
        match result {
            Ok(()) => self
                .out
                .status(&format!("created database {}", self.db_path.display())),
            Err(e) => {
                // Only when nothing was written to it and no other process has it open:
                // a colleague may have added to the new database meanwhile.
                crate::store::remove_if_untouched(&self.db_path);
                Err(e)
            }
        }
    }
}

/// The default database path: `provtrack.db` in the user's data directory.
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "provtrack").ok_or_else(|| {
        Error::not_found("cannot find a home directory for the default database; pass --db PATH")
    })?;
    Ok(dirs.data_dir().join("provtrack.db"))
}

pub fn run(cli: Cli, out: Output) -> Result<()> {
    // These need no database, not even a path to one.
    match &cli.command {
        Command::Completions(args) => return docs::completions(out, args.shell),
        Command::Man(args) => return docs::man(out, args.dir.as_deref()),
        Command::Complete(args) => {
            let timeout = Duration::from_millis(cli.busy_timeout);
            return complete::run(out, args.cword, &args.words, timeout);
        }
        _ => {}
    }
    // SQLite takes the timeout as a signed 32-bit number of milliseconds.
    if cli.busy_timeout > i32::MAX as u64 {
        return Err(Error::invalid(format!(
            "--busy-timeout {} is out of range; the largest is {} ms (about 24 days)",
            cli.busy_timeout,
            i32::MAX
        )));
    }
    if cli.format == crate::output::Format::Toml
        && !matches!(cli.command, Command::Draft(_) | Command::Export(_))
    {
        return Err(Error::invalid(
            "--format toml writes claims files: it is for draft and export; tables are \
             table, csv, json, jsonl, markdown or html",
        ));
    }
    let db_path = match cli.db {
        Some(p) => p,
        None => default_db_path()?,
    };
    let mut ctx = Ctx {
        db_path,
        busy_timeout: Duration::from_millis(cli.busy_timeout),
        out,
        created_file: false,
    };
    let result = match cli.command {
        Command::Init => database::init(&mut ctx),
        Command::Migrate(args) => database::migrate(&mut ctx, &args),
        Command::Source(cmd) => source::run(&mut ctx, cmd),
        Command::Actor(cmd) => actor::run(&mut ctx, cmd),
        Command::Plan(cmd) => plan::run(&mut ctx, cmd),
        Command::Provision(cmd) => provision::run(&mut ctx, cmd),
        Command::Stance(cmd) => stance::run(&mut ctx, cmd),
        Command::History(args) => history::run(&mut ctx, &args),
        Command::Import(args) => import::import(&mut ctx, &args),
        Command::Seed(args) => import::seed(&mut ctx, &args),
        Command::Draft(args) => draft::run(&mut ctx, &args),
        Command::Export(args) => export::run(&mut ctx, &args),
        Command::Backup(args) => maintenance::backup(&mut ctx, &args),
        Command::Doctor => maintenance::doctor(&mut ctx),
        Command::Report(cmd) => report::run(&mut ctx, cmd),
        Command::Sql(args) => sql::run(&mut ctx, &args),
        Command::Search(args) => search::run(&mut ctx, &args),
        Command::Completions(_) | Command::Man(_) | Command::Complete(_) => {
            unreachable!("handled before opening the database")
        }
    };
    ctx.finish(result)?;
    ctx.out.close()
}
