//! Issue 10: the current-stance rule defined once, reports that need no row of
//! `positions`, and history triggers that cover every column of their tables.
//!
//! Each test failed on the schema before migration 0010 and asserts on what a user (or
//! another tool reading the file) sees.

use std::collections::BTreeSet;

use crate::common::TestEnv;

/// Deleting a row of the `positions` vocabulary that no report should depend on (another
/// tool can: foreign keys are off in sqlite3 by default) used to empty every report,
/// because the reports' parameters were read from that row.
#[test]
fn reports_do_not_depend_on_a_row_of_positions() {
    let env = TestEnv::init();
    env.ok(["seed"]);
    let plan = "us-28-point-plan";
    let before_matrix = env.ok(["report", "matrix", "--plan", plan, "--format", "csv"]);
    let before_contested = env.ok(["report", "contested", "--format", "csv"]);
    let before_sources = env.ok(["report", "sources", "--format", "csv"]);
    assert!(
        before_matrix.stdout.lines().count() > 2,
        "{}",
        before_matrix.stdout
    );
    let conn = env.write_conn();
    conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM positions WHERE key = 'undecided';")
        .unwrap();
    drop(conn);
    let after_matrix = env.ok(["report", "matrix", "--plan", plan, "--format", "csv"]);
    let after_contested = env.ok(["report", "contested", "--format", "csv"]);
    let after_sources = env.ok(["report", "sources", "--format", "csv"]);
    assert_eq!(before_matrix.stdout, after_matrix.stdout);
    assert_eq!(before_contested.stdout, after_contested.stdout);
    assert_eq!(before_sources.stdout, after_sources.stdout);
    // The views other tools read give the same answer too.
    let rows = env.ok([
        "sql",
        "SELECT count(*) AS n FROM report_contested",
        "--format",
        "csv",
    ]);
    assert_ne!(rows.stdout.trim(), "n\n0");
}

/// The order that decides which stance is current (date stated, the actor's own word,
/// publication date, id) is written in one place: the view `latest_stance_candidates`.
/// Every trigger that keeps `latest_stances`, its recomputation and the `--as-of` lookup
/// read that view. Before, the same ORDER BY was written out in five schema objects.
#[test]
fn the_current_stance_rule_is_written_once() {
    let env = TestEnv::init();
    let conn = env.read_conn();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE sql LIKE '%firsthand DESC%' OR sql LIKE '%|| t.firsthand ||%'
                OR sql LIKE '%excluded.firsthand, excluded.published_on%'
             ORDER BY name",
        )
        .unwrap();
    let holders: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(holders, ["latest_stance_candidates"]);
    // And the objects that pick a current stance read it.
    for name in [
        "latest_stances_recomputed",
        "target_stances_latest_insert",
        "target_stances_latest_update",
        "target_stances_latest_delete",
        "sources_latest_update",
        "current_stances",
    ] {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            sql.contains("latest_stance_candidates"),
            "{name} does not read the rule: {sql}"
        );
    }
}

/// Tables whose rows are derived from others or are not records (no history of their
/// own), and columns derived from another column of their row.
const NOT_RECORDS: &[&str] = &[
    "history",
    "current_operation",
    "positions",
    "categories",
    "report_defaults",
    "target_stances",
    "latest_stances",
    "source_tallies",
    "sqlite_sequence",
    "schema_migrations",
];
const DERIVED_COLUMNS: &[(&str, &str)] = &[("actor_aliases", "folded")];

/// Every record table has an update and a delete history trigger, and each writes every
/// column of the row it replaces into `history.old_values` (derived columns aside), so a
/// column added to a table without its triggers being rewritten is caught here.
#[test]
fn every_history_trigger_covers_every_column_of_its_table() {
    let env = TestEnv::init();
    let conn = env.read_conn();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for table in tables.iter().filter(|t| !NOT_RECORDS.contains(&t.as_str())) {
        let columns: BTreeSet<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for op in ["update", "delete"] {
            let name = format!("{table}_history_{op}");
            let sql: Option<String> = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .ok();
            let Some(sql) = sql else {
                problems.push(format!("{table}: no trigger {name}"));
                continue;
            };
            checked += 1;
            let body = sql.replace(char::is_whitespace, "");
            for column in &columns {
                if DERIVED_COLUMNS.contains(&(table.as_str(), column.as_str())) {
                    continue;
                }
                if !body.contains(&format!("'{column}',OLD.{column}")) {
                    problems.push(format!("{name}: old_values lacks {column}"));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} history triggers found");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Issue 11: `history stance` shows the provisions a statement was about and the
/// intermediaries it came through, when an update replaces them (rows of their own
/// tables, logged by their triggers, which `history` did not read).
#[test]
fn stance_history_shows_replaced_targets_and_intermediaries() {
    let env = TestEnv::sample();
    let provisions: Vec<String> = env
        .ok(["--format", "json", "provision", "list", "--plan", "us-plan"])
        .json_rows()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect();
    assert!(provisions.len() >= 2, "{provisions:?}");
    let added = env.ok([
        "--format",
        "json",
        "stance",
        "add",
        "--actor",
        "putin",
        "--provision",
        &provisions[0],
        "--provision",
        &provisions[1],
        "--position",
        "opposes",
        "--source",
        "reuters-1",
        "--date",
        "2025-02-10",
        "--attribution",
        "reported",
        "--via",
        "russia",
    ]);
    let key = added.json()["key"].as_str().unwrap().to_string();
    env.ok([
        "stance",
        "update",
        &key,
        "--provision",
        &provisions[1],
        "--via",
        "eu",
    ]);
    let rows = env
        .ok(["--format", "json", "history", "stance", &key])
        .json_rows();
    assert!(
        rows.iter().any(|r| r["change"] == "target removed"
            && r["values"]["provision"] == provisions[0].as_str()),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|r| r["change"] == "via removed" && r["values"]["via"] == "russia"),
        "{rows:#?}"
    );
    // The provision the update kept is not shown as removed.
    assert!(
        !rows.iter().any(|r| r["change"] == "target removed"
            && r["values"]["provision"] == provisions[1].as_str()),
        "{rows:#?}"
    );
    env.ok(["history", "stance", &key])
        .stdout_has(&["target removed", "via removed", "russia"]);
}

/// The one row the report views read cannot be deleted through SQL, and `doctor`
/// names its absence (after another tool dropped the guard) with the fix.
#[test]
fn the_reports_parameters_row_is_guarded_and_checked() {
    let env = TestEnv::sample();
    let conn = env.write_conn();
    let refused = conn
        .execute_batch("DELETE FROM report_defaults;")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("keeps its one row"), "{refused}");
    conn.execute_batch("DROP TRIGGER report_defaults_keep_row; DELETE FROM report_defaults;")
        .unwrap();
    drop(conn);
    env.run(["doctor"])
        .code(65)
        .stdout_has(&["report_defaults has no row", "INSERT INTO report_defaults"]);
}
