//! The command line, as clap types only. Each doc comment is the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::input::{ActorFields, PlanFields, ProvisionFields, SourceFields, StanceFields};
use crate::model::{
    ActorKind, Category, Kind, PlanStatus, Position, SearchKind, SourceKind, StanceKind,
    StanceStatus,
};
use crate::output::Format;
use crate::tabular::{DataFormat, TableKind};

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

    #[command(flatten)]
    pub shape: ShapeArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// How printed results are shaped and where they go (global flags).
#[derive(Debug, Args)]
pub struct ShapeArgs {
    /// Only these columns, in this order (comma-separated), e.g. --columns key,notes
    #[arg(long, global = true, value_delimiter = ',', value_name = "COL,...")]
    pub columns: Option<Vec<String>>,
    /// Order rows by this column (COL:desc for descending; repeat or comma-separate)
    #[arg(long, global = true, value_delimiter = ',', value_name = "COL")]
    pub sort: Vec<String>,
    /// At most N rows
    #[arg(long, global = true, value_name = "N")]
    pub limit: Option<u64>,
    /// Write results to FILE instead of stdout (replaced only if the command succeeds)
    #[arg(short = 'o', long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// On a terminal, print directly instead of through $PAGER (default `less -FRX`)
    #[arg(long, global = true)]
    pub no_pager: bool,
    /// No status lines, progress or sentences; only data and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl ShapeArgs {
    /// The output settings these flags give.
    pub fn settings(&self) -> crate::output::Settings {
        crate::output::Settings {
            columns: self.columns.clone(),
            sort: self
                .sort
                .iter()
                .map(|s| match s.strip_suffix(":desc") {
                    Some(c) => (c.to_string(), true),
                    None => (s.strip_suffix(":asc").unwrap_or(s).to_string(), false),
                })
                .collect(),
            limit: self.limit,
            no_pager: self.no_pager,
            quiet: self.quiet,
            output: self.output.clone(),
        }
    }
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
    /// Stances: statements on a plan or its provisions, as sources report them
    #[command(subcommand)]
    Stance(StanceCommand),
    /// Every past version of a record, newest first
    History(HistoryArgs),
    /// Import claims files (TOML, JSON) and tables (CSV, JSON Lines), all or nothing
    Import(ImportArgs),
    /// Write the whole database as claims files, or one CSV or JSON Lines file per table
    Export(ExportArgs),
    /// Load the example data: the claims of the articles in seeds/
    Seed(SeedArgs),
    /// Draft a claims file from an article's text, for the analyst to confirm
    ///
    /// Reads the database's actors, aliases, plans and provisions, never writes to it.
    /// Every suggested position is written "?position": import refuses the file until
    /// each is confirmed.
    Draft(DraftArgs),
    /// Copy the database to a new file, consistently, even while others write
    Backup(BackupArgs),
    /// Check the database: integrity, foreign keys, schema version, provtrack's rules
    Doctor,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command with --dir
    Man(ManArgs),
    /// Reports: the questions analysts ask, the same answers as the report_* SQL views
    #[command(subcommand)]
    Report(ReportCommand),
    /// Run one read-only SQL statement and print its rows
    Sql(SqlArgs),
    /// Full-text search of provisions, stance quotes and notes, and source titles
    Search(SearchArgs),
    /// The values the completion scripts offer (used by them; not for people)
    #[command(name = "__complete", hide = true)]
    Complete(CompleteArgs),
}

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The index in WORDS of the word being completed
    pub cword: usize,
    /// The command line's words, the program first
    #[arg(allow_hyphen_values = true, trailing_var_arg = true, num_args = 0..)]
    pub words: Vec<String>,
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
pub struct ManArgs {
    /// Write every page (provtrack.1, provtrack-report-matrix.1, ...) into this folder
    /// instead of printing the main page
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
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
#[derive(Debug, Subcommand)]
pub enum ProvisionCommand {
    #[command(flatten)]
    Record(RecordCommand<ProvisionFields, ProvisionFilter>),
    /// Record what a source says a provision contains (its text and figures)
    Report(ProvisionReportArgs),
}

#[derive(Debug, Args)]
pub struct ProvisionReportArgs {
    /// The provision's key
    pub provision: String,
    /// The source that gives this account (key)
    #[arg(long)]
    pub source: String,
    /// What the source says the provision contains, with its figures
    #[arg(long)]
    pub text: String,
    /// The figures it gives, as compared by `report conflicts` [default: the numbers in
    /// the text, thousands separators dropped: 600,000 is 600000]
    #[arg(long)]
    pub figures: Option<String>,
}

#[derive(Debug, Args)]
pub struct SourceFilter {
    /// Only sources of this kind
    #[arg(long, value_enum)]
    pub kind: Option<SourceKind>,
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
    /// Add or remove a tag that groups actors (every report's --group)
    #[command(subcommand)]
    Tag(TagCommand),
}

#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Tag an actor, e.g. `actor tag add kallas europe`
    Add(TagArgs),
    /// Remove a tag from an actor
    Remove(TagArgs),
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// The actor's key (or an alias)
    pub actor: String,
    /// The tag: a lowercase slug such as europe
    pub tag: String,
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
    #[arg(long, value_enum)]
    pub kind: Option<ActorKind>,
    /// Only actors that speak for this one
    #[arg(long)]
    pub parent: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanFilter {
    /// Only plans with this status
    #[arg(long, value_enum)]
    pub status: Option<PlanStatus>,
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
    #[arg(long, value_enum)]
    pub category: Option<Category>,
}

#[derive(Debug, Subcommand)]
pub enum StanceCommand {
    /// Record a stance; prints its id and key
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
    /// The stance's id or key
    pub id: String,
}

#[derive(Debug, Args)]
pub struct StanceUpdateArgs {
    /// The stance's id or key
    pub id: String,
    #[command(flatten)]
    pub fields: StanceFields,
    /// active, retracted or corrected
    #[arg(long, value_enum)]
    pub status: Option<StanceStatus>,
    /// Why the status changed (required for retracted and corrected)
    #[arg(long)]
    pub reason: Option<String>,
    /// Clear an optional field (repeatable): quote, evidence, notes, relays, via, or
    /// provisions (the stance is then about the plan as a whole)
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
    #[arg(long, value_enum)]
    pub position: Option<Position>,
    /// Only stances of this kind: position, forecast or recommendation
    #[arg(long, value_enum)]
    pub kind: Option<StanceKind>,
    /// Only stances stated on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only stances stated on or before this date
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct RetractArgs {
    /// The stance's id or key
    pub id: String,
    /// Why it is retracted
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The kind of record
    #[arg(value_enum)]
    pub kind: Kind,
    /// The record's key (a stance's id)
    pub key: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Claims files (.toml, .json), tables (.csv, .jsonl: one record kind per file),
    /// folders holding them, or `-` for stdin. With another extension,
    /// --input-format says how to read the file
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// How to read the files whose names do not say (and `-`, stdin): toml, json, csv
    /// or jsonl; without it, stdin's format is detected from its content
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<DataFormat>,
    /// The record kind of the tables given, when their file names do not say it
    /// (stances.csv, actors.jsonl, ...)
    #[arg(long, value_enum)]
    pub kind: Option<TableKind>,
    /// Check the files and report what would change, writing nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write to (created if missing): see --layout and --file-format
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present_any = ["datasette_metadata", "datasette_config"]
    )]
    pub out: Option<PathBuf>,
    /// Write Datasette's metadata.json for this database to FILE: titles, descriptions
    /// of every table and view, the source and licence note; for Datasette 0.65 also
    /// key labels, search and every report as a canned query
    #[arg(long, value_name = "FILE")]
    pub datasette_metadata: Option<PathBuf>,
    /// Write Datasette 1.0's configuration (datasette.yaml) to FILE: key labels, search
    /// and every report as a canned query (1.0 reads these only from here)
    #[arg(long, value_name = "FILE")]
    pub datasette_config: Option<PathBuf>,
    /// The name Datasette serves the database under, for a copy served under another
    /// file name [default: the database's file name without its extension]
    #[arg(long, value_name = "NAME")]
    pub database_name: Option<String>,
    /// What the files under --out hold: claims (actors, plans with their provisions, and
    /// one file per source with its stances; everything import reads back) or tables
    /// (one file per table) [default: tables with --file-format csv or jsonl, else
    /// claims]
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<Layout>,
    /// The files' format: toml or json for claims [default: toml], csv or jsonl for
    /// tables [default: csv]. (--format is how this command's summary is printed)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub file_format: Option<DataFormat>,
}

/// What `export --out` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// Claims files, as `import` reads them back with nothing lost
    Claims,
    /// One file per table
    Tables,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The article as plain text, or `-` for stdin
    #[arg(value_name = "ARTICLE")]
    pub article: PathBuf,
    /// The key the article's source record gets
    #[arg(long, value_name = "KEY")]
    pub source: String,
    /// The publication (not a re-poster)
    #[arg(long, value_name = "NAME")]
    pub outlet: String,
    /// The publication date, YYYY-MM-DD (relative dates count from it)
    #[arg(long, value_name = "DATE")]
    pub published_on: String,
    /// The headline [default: the article's first line, marked for checking]
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// news, analysis, opinion, leak, official, interview or transcript
    #[arg(long, value_enum, default_value_t = SourceKind::News)]
    pub kind: SourceKind,
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

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Actors × the whole plan and its provisions: each actor's current position
    Matrix(MatrixArgs),
    /// Every stance of every kind in date order, with its source and evidence
    Timeline(TimelineArgs),
    /// Actors whose position on a provision changed from one stance to the next
    Shifts(ShiftsArgs),
    /// An actor's position reported differently by independent sources
    Conflicts(ConflictsArgs),
    /// Provisions ranked by how far apart the actors' current positions are
    Contested(ReportFilter),
    /// Provisions with no stance or a single source; proposers silent on their own plan
    Coverage(ReportFilter),
    /// What plan B kept, modified, merged, split, dropped or added relative to plan A
    PlanDiff(PlanDiffArgs),
    /// Per independent source: how many statements, provisions, actors and plans
    Sources(ReportFilter),
    /// The family of a plan: what it answers, what replaced it, in date order
    Versions(VersionsArgs),
    /// The whole line of a question across drafts: each version, then every stance
    Thread(ThreadArgs),
}

#[derive(Debug, Args)]
pub struct ThreadArgs {
    /// A provision of any version of the line
    pub provision: String,
    /// Only this actor's stances (key or alias)
    #[arg(long)]
    pub actor: Option<String>,
    /// Only stances stated, and published, on or before this day
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only actors with this tag
    #[arg(long, value_name = "TAG")]
    pub group: Option<String>,
}

#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The plan whose family to draw [default: every plan]
    #[arg(long)]
    pub plan: Option<String>,
}

/// The filters every report but plan-diff takes, besides --plan.
#[derive(Debug, Args)]
pub struct ReportScope {
    /// The world as it was known on this day: only stances stated, and published by
    /// their source, on or before it (YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only provisions in this category
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// Only this actor's stances (key or alias)
    #[arg(long)]
    pub actor: Option<String>,
    /// Only actors with this tag (`actor tag add ACTOR TAG`), e.g. europe
    #[arg(long, value_name = "TAG")]
    pub group: Option<String>,
    /// Only statements of this kind: position, forecast or recommendation [default:
    /// positions in the reports of who stands where (matrix, shifts, conflicts,
    /// contested, coverage); every kind in timeline and sources]
    #[arg(long, value_enum)]
    pub kind: Option<StanceKind>,
}

#[derive(Debug, Args)]
pub struct ReportFilter {
    /// Only this plan's provisions
    #[arg(long)]
    pub plan: Option<String>,
    #[command(flatten)]
    pub scope: ReportScope,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// The plan whose provisions are the columns
    #[arg(long)]
    pub plan: String,
    /// Fill a cell with no stance of its own from the actor's stance on the provision
    /// it continues (the nearest earlier version), marked as inherited
    #[arg(long)]
    pub inherit: bool,
    /// Show a joint statement's stance on each member's row too, marked with the
    /// statement, where the member has no stance of its own
    #[arg(long)]
    pub expand_members: bool,
    #[command(flatten)]
    pub scope: ReportScope,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub filter: ReportFilter,
    /// Only stances on this provision
    #[arg(long)]
    pub provision: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShiftsArgs {
    #[command(flatten)]
    pub filter: ReportFilter,
    /// Only shifts to a position stated on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Compare stances on one provision only, not across the versions it continues
    #[arg(long)]
    pub no_lineage: bool,
}

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    #[command(flatten)]
    pub filter: ReportFilter,
    /// At most this many days between the two stances
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub window: u32,
}

#[derive(Debug, Args)]
pub struct PlanDiffArgs {
    /// The earlier plan
    pub a: String,
    /// The later plan, whose provisions continue A's
    pub b: String,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// One SELECT (or other read-only) statement
    pub sql: String,
    /// A value for the statement's parameter :NAME, bound as text (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Interrupt the statement after this many seconds (exit 75); 0 for no limit
    #[arg(long, value_name = "SECONDS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(0..=604_800))]
    pub timeout: u64,
    /// The world as it was known on this day: current_stances, known_stances and the
    /// report_* views see only stances stated, and published, on or before it (the
    /// reports' --as-of rule; YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to find (all of them); with --raw, an FTS5 query
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    pub text: Vec<String>,
    /// Only hits of this kind: provision, stance or source
    #[arg(long, value_enum)]
    pub kind: Option<SearchKind>,
    /// Pass TEXT to SQLite FTS5 as a query: AND, OR, NOT, NEAR, "phrases", prefix*
    /// (the global --limit gives the number of hits, 50 by default)
    #[arg(long)]
    pub raw: bool,
}

/// clap's error for a value that a vocabulary flag (`--kind`, `--position`,
/// `--category`, ...) does not accept, as provtrack words a bad value anywhere else:
/// one line naming the field and the value, with a "did you mean" and the accepted
/// values (exit 65, as for the same value in a claims file). None for any other error,
/// which clap prints itself (a usage error, exit 2).
pub fn vocabulary_error(e: &clap::Error) -> Option<crate::error::Error> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidValue {
        return None;
    }
    let Some(ContextValue::String(value)) = e.get(ContextKind::InvalidValue) else {
        return None;
    };
    let Some(ContextValue::Strings(valid)) = e.get(ContextKind::ValidValue) else {
        return None;
    };
    // A record kind (`history KIND`, `import --kind`), told as their parsers tell it.
    let kinds =
        |names: &mut dyn Iterator<Item = &'static str>| names.eq(valid.iter().map(String::as_str));
    if kinds(&mut Kind::ALL.iter().map(|k| k.noun())) {
        return Kind::parse(value).err();
    }
    if kinds(&mut TableKind::ALL.iter().map(|k| k.name())) {
        return TableKind::parse(value).err();
    }
    let (field, names) = crate::model::VOCABULARIES
        .iter()
        .find(|(_, names)| names.iter().eq(valid.iter()))?;
    crate::model::check_vocab(field, value, names).err()
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
