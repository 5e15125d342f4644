//! `export --datasette-metadata FILE` and `export --datasette-config FILE`: what
//! Datasette needs to show the database well, in both of its formats.
//!
//! - Datasette 0.65 reads everything from metadata.json (`-m`): titles, descriptions,
//!   the source and licence note, table options (`label_column`, full-text search) and
//!   the canned queries.
//! - Datasette 1.0 reads titles and descriptions from metadata (`-m`), and the table
//!   options and canned queries only from its configuration, datasette.yaml (`-c`); it
//!   ignores canned queries in metadata.json without a word.
//!
//! Both are keyed by the database's name, which Datasette takes from the file name;
//! `--database-name` sets it for a copy served under another name. Canned queries are
//! named `report-…`, which no table or view is, so they never take over a table's page.
//! The report descriptions are the `report` subcommands' own help texts and the canned
//! queries select from the report views (their SQL is in the store), so neither can
//! drift from the CLI.

use std::path::Path;

use clap::CommandFactory;
use serde_json::{json, Map, Value};

use super::Ctx;
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::store::Report;

/// What each table holds, for Datasette's table pages.
pub const TABLES: &[(&str, &str)] = &[
    ("sources", "Articles, speeches, leaks and transcripts that report claims"),
    ("report_defaults", "One guarded row that report_parameters reads, so that no report depends on a row of data"),
    ("actors", "States, blocs, organisations, people and media; parent_id is who an actor speaks for"),
    ("actor_aliases", "Other spellings of each actor's name; folded is the spelling as provtrack compares it"),
    ("actor_members", "The members of a joint statement (an actor of kind statement: its signatories) or of a group"),
    ("actor_tags", "Tags that group actors (europe); every report that lists actors takes --group TAG"),
    ("plans", "Documents that propose provisions: leaks, proposals, counter-proposals, agreements; text_known says how much of the text is known (full, partial, summary)"),
    ("plan_proposers", "Which actors propose each plan"),
    ("plan_relations", "A plan responds to (answers) or supersedes (replaces) another plan"),
    ("provisions", "What each plan contains; point is the label as written (21a), point_order its natural order"),
    ("provision_links", "Lineage: a provision continues an earlier plan's provision, with the relation (same, modified, merged, split) and the basis (the source that says so; empty: editorial)"),
    ("provision_reports", "What a source says a provision contains: its text and figures (report conflicts compares the figures)"),
    ("stances", "A statement as a source reports it: an actor's position (or the source's forecast or recommendation) on a plan as a whole or some of its provisions, with date, quote, evidence and attribution"),
    ("stance_targets", "What each stance is about: provisions of its plan, or (provision_id empty) the plan as a whole"),
    ("stance_via", "The intermediaries through whom a source heard a stance, hop 1 the nearest to the source"),
    ("target_stances", "One row per target of every stance, with what the reports compare (derived; kept in step by triggers)"),
    ("positions", "The stance scale and each position's score"),
    ("categories", "Provision categories: the values of provisions.category, with what each covers"),
    ("history", "Every earlier version of every record (append-only)"),
    ("current_operation", "The provtrack command writing now (empty between commands; history rows name it)"),
    ("latest_stances", "The current stance of each actor on each target (provision_id 0: the plan as a whole), per kind, kept in step with stances by triggers (derived; the reports read it)"),
    ("source_tallies", "For each source that is the origin of a statement: how many statements, and how many distinct actors, plans and provisions they name, kept in step with stances by triggers (derived; report sources reads it)"),
    ("search_index", "Full-text index of provision titles and texts, stance quotes and notes, and source titles; search it from search_records to get links to the records"),
    ("search_records", "One row per record in the full-text index, linking to it: search here (the search box uses search_index) and follow the provision, stance or source"),
];

/// What each view that is not a report holds.
pub const VIEWS: &[(&str, &str)] = &[
    ("report_parameters", "The parameters the report_* views read, all unset: every report over all the data (provtrack report sets them per run)"),
    ("latest_stance_candidates", "The current-stance rule, defined once: every active stance of each actor on each target, per kind, with its recency; the current stance is the one with the greatest"),
    ("latest_stances_recomputed", "What latest_stances holds, computed from the stances; doctor compares the two"),
    ("source_tally_moves", "Always empty: a row inserted into it is a statement or target added to or removed from a source's tallies, and its trigger applies the counting rule to source_tallies (the rule written once)"),
    ("source_tallies_recomputed", "What source_tallies holds, counted from the stances and their targets; doctor compares the two"),
    ("target_stances_recomputed", "What target_stances holds, computed from stances and stance_targets; doctor compares the two"),
    ("targets", "What a stance can be about: each plan as a whole (provision_id 0) and each provision"),
    ("known_stances", "Every stance on every target known as of the report date, with their source's publication date"),
    ("current_stances", "Each actor's current (latest active) stance on each target (a provision or the plan as a whole), with its score"),
    ("plan_diff_pairs", "The pairs of plans that provision lineage links (provision_links), earlier plan first"),
    ("provision_lineage", "Each provision with every provision it continues, directly or through earlier versions (depth 1, 2, ...), and itself (depth 0)"),
];

/// Tables whose rows other tables point to, labelled by their key rather than their
/// long title or name.
const KEYED: &[&str] = &["sources", "actors", "plans", "provisions"];

/// The canned query of a report: its name, title, description and SQL.
fn canned_queries() -> Map<String, Value> {
    let cli = Cli::command();
    let reports = cli
        .find_subcommand("report")
        .expect("the report command exists");
    let mut queries = Map::new();
    for report in Report::ALL {
        let command = report.command();
        let about = reports
            .find_subcommand(command)
            .and_then(|c| c.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        let takes = report.canned_parameters();
        let params = match takes {
            [] => String::new(),
            ["actor"] => {
                " Parameter: actor, a key or any of the actor's aliases, in any case.".into()
            }
            _ => format!(
                " Parameters: {} (plan keys, in any case).",
                takes.join(", ")
            ),
        };
        queries.insert(
            format!("report-{command}"),
            json!({
                "title": format!("Report: {command}"),
                "description": format!("{about}. Same as `provtrack report {command}`.{params}"),
                "sql": report.canned_sql(),
            }),
        );
    }
    queries
}

/// The table options both versions understand: key labels and full-text search.
fn table_options() -> Map<String, Value> {
    let mut tables = Map::new();
    for table in KEYED {
        tables.insert(table.to_string(), json!({ "label_column": "key" }));
    }
    tables.insert(
        "search_records".into(),
        json!({ "fts_table": "search_index" }),
    );
    tables
}

fn descriptions() -> Map<String, Value> {
    let cli = Cli::command();
    let reports = cli
        .find_subcommand("report")
        .expect("the report command exists");
    let mut tables: Map<String, Value> = TABLES
        .iter()
        .chain(VIEWS)
        .map(|(t, d)| (t.to_string(), json!({ "description": d })))
        .collect();
    for report in Report::ALL {
        let command = report.command();
        let about = reports
            .find_subcommand(command)
            .and_then(|c| c.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        tables.insert(
            report.view().to_string(),
            json!({ "description": format!(
                "{about}, over all the data. `provtrack report {command}` filters it; the canned \
                 query report-{command} takes its parameters."
            ) }),
        );
    }
    tables
}

/// metadata.json for the database served as `name`: for Datasette 0.65 everything, for
/// 1.0 the titles and descriptions (1.0 moves the table options to its configuration
/// itself, and ignores the queries: those go in datasette.yaml).
pub fn metadata(name: &str) -> Value {
    let mut tables = descriptions();
    for (table, options) in table_options() {
        if let (Some(Value::Object(entry)), Value::Object(options)) =
            (tables.get_mut(&table), options)
        {
            entry.extend(options);
        }
    }
    json!({
        "title": "provtrack: peace plans, provisions and stances",
        "description": "Which plans exist, which provisions each contains, which actors hold which \
                        stance on each provision, and which source said so, on what date, in whose words.",
        "source": "Claims recorded with provtrack; each stance names its source (see the sources table)",
        "license": "Quotes are short verbatim excerpts of the cited sources, under their publishers' terms",
        "databases": {
            name: {
                "description": "Recorded with provtrack. Views named report_* answer the same questions as \
                                `provtrack report`; the canned queries report-* take its parameters.",
                "tables": tables,
                "queries": canned_queries(),
            }
        }
    })
}

/// datasette.yaml for Datasette 1.0: the table options and canned queries.
pub fn config(name: &str) -> Value {
    json!({
        "databases": {
            name: {
                "tables": table_options(),
                "queries": canned_queries(),
            }
        }
    })
}

/// A JSON value as YAML: maps as indented keys, strings double-quoted (YAML's
/// double-quoted scalars take JSON's escapes), so any text round-trips.
pub fn to_yaml(value: &Value) -> String {
    fn write(out: &mut String, value: &Value, indent: usize) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (key, v) in map {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(&serde_json::to_string(key).expect("strings serialise"));
                    match v {
                        Value::Object(m) if !m.is_empty() => {
                            out.push_str(":\n");
                            write(out, v, indent + 2);
                        }
                        _ => {
                            out.push_str(": ");
                            out.push_str(&serde_json::to_string(v).expect("values serialise"));
                            out.push('\n');
                        }
                    }
                }
            }
            other => {
                out.push_str(&" ".repeat(indent));
                out.push_str(&serde_json::to_string(other).expect("values serialise"));
                out.push('\n');
            }
        }
    }
    let mut out = String::new();
    write(&mut out, value, 0);
    out
}

/// The name Datasette will serve the database under: --database-name, else the file
/// name without its extension, as Datasette derives it.
fn database_name(ctx: &Ctx, given: Option<&str>) -> String {
    given.map(str::to_string).unwrap_or_else(|| {
        ctx.db_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "provtrack".to_string())
    })
}

pub fn write_files(
    ctx: &mut Ctx,
    metadata_file: Option<&Path>,
    config_file: Option<&Path>,
    name: Option<&str>,
) -> Result<()> {
    // The database must exist: the files describe it.
    ctx.read()?;
    let name = database_name(ctx, name);
    if name.is_empty() || name.contains(['/', '\n', '\r']) {
        return Err(Error::invalid(format!(
            "--database-name '{}': give the name Datasette serves the database under, such as \
             'provtrack' (no '/')",
            crate::model::printable(&name)
        )));
    }
    let served = if ctx
        .db_path
        .file_stem()
        .is_some_and(|s| s.to_string_lossy() == name)
    {
        ctx.db_path.display().to_string()
    } else {
        format!("{name}.db")
    };
    let mut command = format!("datasette {served}");
    if let Some(file) = metadata_file {
        let text = serde_json::to_string_pretty(&metadata(&name)).expect("JSON values serialise");
        std::fs::write(file, format!("{text}\n"))
            .map_err(|e| Error::Io(format!("--datasette-metadata {}: {e}", file.display())))?;
        command.push_str(&format!(" -m {}", file.display()));
    }
    if let Some(file) = config_file {
        let text = format!(
            "# Datasette 1.0 configuration for the database served as '{name}', written by \
             provtrack export --datasette-config\n{}",
            to_yaml(&config(&name))
        );
        std::fs::write(file, text)
            .map_err(|e| Error::Io(format!("--datasette-config {}: {e}", file.display())))?;
        command.push_str(&format!(" -c {}", file.display()));
    }
    ctx.out.status(&format!(
        "wrote the Datasette files for the database '{name}'; open with: {command}"
    ))
}
