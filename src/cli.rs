//! The command line, as clap types only. Each doc comment is the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::fields::{ActorFields, PlanFields, ProvisionFields, SourceFields, StanceFields};
use crate::output::Format;

/// Track peace plans, their provisions, the actors involved and who stands where, with
/// the source for every claim, in one SQLite file.
#[derive(Debug, Parser)]
#[command(
    name = "provtrack",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The database file [default: provtrack.db in the user's data directory]
    #[arg(long, global = true, env = "PROVTRACK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// How to print results
    #[arg(long, global = true, value_enum, default_value = "table")]
    pub format: Format,

    /// How long a write waits for another writer to finish, in milliseconds
    #[arg(
        long,
        global = true,
        env = "PROVTRACK_BUSY_TIMEOUT",
        default_value_t = 5000,
        value_name = "MS"
    )]
    pub busy_timeout: u64,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (or bring it to the current schema)
    Init,
    /// Apply pending schema migrations, or list them with --status
    Migrate(MigrateArgs),
    /// Sources: articles, speeches, leaks that report claims
    #[command(subcommand)]
    Source(SourceCommand),
    /// Actors: states, blocs, organisations, people, media
    #[command(subcommand)]
    Actor(ActorCommand),
    /// Plans: documents that propose provisions
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Provisions: what a plan contains
    #[command(subcommand)]
    Provision(ProvisionCommand),
    /// Stances: an actor's position on a provision, as a source reports it
    #[command(subcommand)]
    Stance(StanceCommand),
    /// Every past version of a record, newest first
    History(HistoryArgs),
    /// Import claims files (TOML or JSON), all or nothing
    Import(ImportArgs),
    /// Load the example data: the claims of the articles in seeds/
    Seed(SeedArgs),
    /// Copy the database to a new file, consistently, even while others write
    Backup(BackupArgs),
    /// Check the database: integrity, foreign keys, schema version, provtrack's rules
    Doctor,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `provtrack man > provtrack.1`
    Man,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist)
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// List applied and pending migrations without applying any
    #[arg(long)]
    pub status: bool,
}

/// The verbs every record kind has; `F` holds the kind's fields.
#[derive(Debug, Subcommand)]
pub enum RecordCommand<F: Args, L: Args> {
    /// Add a record
    Add(F),
    /// Change fields of a record (only the fields given)
    Update(UpdateArgs<F>),
    /// Show one record
    Show(KeyArg),
    /// List records
    List(L),
    /// Remove a record (refused while other records point to it)
    Remove(KeyArg),
}

#[derive(Debug, Args)]
pub struct KeyArg {
    /// The record's key
    pub key: String,
}

#[derive(Debug, Args)]
pub struct UpdateArgs<F: Args> {
    /// The record's key (give a new one with --key to rename it)
    #[arg(value_name = "KEY")]
    pub target: String,
    #[command(flatten)]
    pub fields: F,
    /// Clear an optional field (repeatable), e.g. --unset notes
    #[arg(long, value_name = "FIELD")]
    pub unset: Vec<String>,
}

pub type SourceCommand = RecordCommand<SourceFields, SourceFilter>;
pub type PlanCommand = RecordCommand<PlanFields, PlanFilter>;
pub type ProvisionCommand = RecordCommand<ProvisionFields, ProvisionFilter>;

#[derive(Debug, Args)]
pub struct SourceFilter {
    /// Only sources of this kind
    #[arg(long)]
    pub kind: Option<String>,
    /// Only sources from this outlet (case-insensitive)
    #[arg(long)]
    pub outlet: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ActorCommand {
    #[command(flatten)]
    Record(RecordCommand<ActorFields, ActorFilter>),
    /// Add or remove another name for an actor
    #[command(subcommand)]
    Alias(AliasCommand),
}

#[derive(Debug, Subcommand)]
pub enum AliasCommand {
    /// Add an alias: another spelling that names the actor
    Add(AliasArgs),
    /// Remove an alias
    Remove(AliasArgs),
}

#[derive(Debug, Args)]
pub struct AliasArgs {
    /// The actor's key (or an existing alias)
    pub actor: String,
    /// The other name
    pub alias: String,
}

#[derive(Debug, Args)]
pub struct ActorFilter {
    /// Only actors of this kind
    #[arg(long)]
    pub kind: Option<String>,
    /// Only actors that speak for this one
    #[arg(long)]
    pub parent: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanFilter {
    /// Only plans with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only plans this actor proposes
    #[arg(long)]
    pub proposer: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProvisionFilter {
    /// Only provisions of this plan
    #[arg(long)]
    pub plan: Option<String>,
    /// Only provisions in this category
    #[arg(long)]
    pub category: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum StanceCommand {
    /// Record a stance; prints its id
    Add(StanceFields),
    /// Change fields of a stance
    Update(StanceUpdateArgs),
    /// Show one stance
    Show(IdArg),
    /// List stances
    List(StanceFilterArgs),
    /// Mark a stance as retracted, with the reason (it stays in the record)
    Retract(RetractArgs),
    /// Remove a stance entered by mistake (history keeps a copy)
    Remove(IdArg),
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The stance's id
    pub id: String,
}

#[derive(Debug, Args)]
pub struct StanceUpdateArgs {
    /// The stance's id
    pub id: String,
    #[command(flatten)]
    pub fields: StanceFields,
    /// active, retracted or corrected
    #[arg(long)]
    pub status: Option<String>,
    /// Why the status changed (required for retracted and corrected)
    #[arg(long)]
    pub reason: Option<String>,
    /// Clear an optional field (repeatable): quote, notes
    #[arg(long, value_name = "FIELD")]
    pub unset: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StanceFilterArgs {
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub provision: Option<String>,
    #[arg(long)]
    pub plan: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long)]
    pub position: Option<String>,
    /// Only stances stated on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only stances stated on or before this date
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct RetractArgs {
    /// The stance's id
    pub id: String,
    /// Why it is retracted
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// source, actor, plan, provision or stance
    pub kind: String,
    /// The record's key (a stance's id)
    pub key: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Claims files (.toml or .json)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check the files and report what would change, writing nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Load the claims files of this folder instead of the built-in seeds
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Report what would change, writing nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks the whole command tree (unique names, valid defaults) only when
    /// it is built in full; this builds it, as completions and the man page do.
    #[test]
    fn the_command_tree_is_valid() {
        super::Cli::command().debug_assert();
    }
}
