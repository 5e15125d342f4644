//! `export --datasette-metadata FILE`: Datasette's metadata.json for the database, so
//! that `datasette provtrack.db -m metadata.json` shows titles, descriptions, the
//! source and licence note, and every report as a canned query.
//!
//! The report descriptions are the `report` subcommands' own help texts and the canned
//! queries select from the report views, so the metadata cannot drift from the CLI.

use std::path::Path;

use clap::CommandFactory;
use serde_json::{json, Map, Value};

use super::Ctx;
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::store::Report;

/// What each table holds, for Datasette's table pages.
const TABLES: &[(&str, &str)] = &[
    ("sources", "Articles, speeches, leaks and transcripts that report claims"),
    ("actors", "States, blocs, organisations, people and media; parent_id is who an actor speaks for"),
    ("actor_aliases", "Other spellings of each actor's name"),
    ("plans", "Documents that propose provisions: leaks, proposals, counter-proposals, agreements"),
    ("plan_proposers", "Which actors propose each plan"),
    ("provisions", "What each plan contains; continues_id and relation trace a provision's lineage"),
    ("stances", "An actor's position on a provision as a source reports it, with date, quote and attribution"),
    ("positions", "The stance scale and each position's score"),
    ("categories", "Provision categories"),
    ("history", "Every earlier version of every record (append-only)"),
    ("latest_stances", "The current stance of each actor on each provision, kept in step with stances by triggers (derived; the reports read it)"),
];

/// The metadata document for a database named `name` (Datasette uses the file stem).
pub fn metadata(name: &str) -> Value {
    let cli = Cli::command();
    let reports = cli
        .find_subcommand("report")
        .expect("the report command exists");
    let mut queries = Map::new();
    for report in Report::ALL {
        let command = report
            .view()
            .trim_start_matches("report_")
            .replace('_', "-");
        let about = reports
            .find_subcommand(&command)
            .and_then(|c| c.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        queries.insert(
            command.clone(),
            json!({
                "title": format!("Report: {command}"),
                "description": format!("{about}. Same as `provtrack report {command}`."),
                "sql": report.canned_sql(),
            }),
        );
    }
    let tables: Map<String, Value> = TABLES
        .iter()
        .map(|(t, d)| (t.to_string(), json!({ "description": d })))
        .collect();
    json!({
        "title": "provtrack: peace plans, provisions and stances",
        "description": "Which plans exist, which provisions each contains, which actors hold which \
                        stance on each provision, and which source said so, on what date, in whose words.",
        "source": "Claims recorded with provtrack; each stance names its source (see the sources table)",
        "license": "Quotes are short verbatim excerpts of the cited sources, under their publishers' terms",
        "databases": {
            name: {
                "description": "Recorded with provtrack. Views named report_* answer the same questions as `provtrack report`.",
                "tables": tables,
                "queries": queries,
            }
        }
    })
}

pub fn write_metadata(ctx: &mut Ctx, file: &Path) -> Result<()> {
    // The database must exist: the metadata describes it.
    ctx.read()?;
    let name = ctx
        .db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "provtrack".to_string());
    let text = serde_json::to_string_pretty(&metadata(&name)).expect("JSON values serialise");
    std::fs::write(file, format!("{text}\n"))
        .map_err(|e| Error::Io(format!("--datasette-metadata {}: {e}", file.display())))?;
    ctx.out.status(&format!(
        "wrote {}; open with: datasette {} -m {}",
        file.display(),
        ctx.db_path.display(),
        file.display()
    ))
}
