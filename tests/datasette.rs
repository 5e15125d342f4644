//! `export --datasette-metadata FILE`: metadata.json for Datasette, checked against
//! the database and the report list.

#[allow(dead_code)]
mod common;

use common::TestEnv;
use serde_json::Value;

fn metadata(env: &TestEnv) -> Value {
    let file = env.path("metadata.json");
    env.ok(["export", "--datasette-metadata", file.to_str().unwrap()]);
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

#[test]
fn every_report_is_a_canned_query_that_runs() {
    let env = TestEnv::new();
    env.ok(["seed"]);
    let meta = metadata(&env);
    let db = &meta["databases"]["provtrack"];
    let queries = db["queries"]
        .as_object()
        .expect("queries for the database named by its file stem");
    let help = env.ok(["report", "--help"]).stdout;
    let reports: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert_eq!(reports.len(), 8, "{help}");
    let mut names: Vec<&str> = queries.keys().map(String::as_str).collect();
    names.sort_unstable();
    let mut expected = reports.clone();
    expected.sort_unstable();
    assert_eq!(names, expected, "one canned query per report");
    let params = [
        ("plan", "us-28-point-plan"),
        ("actor", "zelensky"),
        ("plan_a", "us-100-day-peace-plan"),
        ("plan_b", "us-28-point-plan"),
    ];
    for (name, query) in queries {
        assert!(
            query["title"].is_string() && query["description"].is_string(),
            "{name}"
        );
        let sql = query["sql"].as_str().unwrap();
        let mut args = vec![
            "sql".to_string(),
            sql.to_string(),
            "--format".into(),
            "json".into(),
        ];
        let named: Vec<&str> = sql
            .split(':')
            .skip(1)
            .map(|rest| {
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap()
            })
            .collect();
        for (param, value) in params {
            if named.contains(&param) {
                args.extend(["--param".to_string(), format!("{param}={value}")]);
            }
        }
        let rows = env.ok(&args).json_rows();
        if sql.contains(':') {
            assert!(
                !rows.is_empty(),
                "the canned query {name} returns rows on the seeds: {sql}"
            );
        } else {
            let report = env.ok(["report", name, "--format", "json"]).json_rows();
            assert_eq!(
                rows, report,
                "the canned query {name} gives the report's rows"
            );
        }
    }
}

#[test]
fn every_table_is_described_and_the_notes_are_there() {
    let env = TestEnv::init();
    let meta = metadata(&env);
    for field in ["title", "description", "source", "license"] {
        assert!(
            meta[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}"
        );
    }
    let tables = meta["databases"]["provtrack"]["tables"]
        .as_object()
        .unwrap();
    let conn = env.read_conn();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' AND name <> 'current_operation'")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for name in &names {
        assert!(tables.contains_key(name), "table {name} has no description");
    }
    for name in tables.keys() {
        assert!(
            names.contains(name),
            "metadata describes {name}, which the database lacks"
        );
    }
}

#[test]
fn metadata_needs_an_existing_database() {
    let env = TestEnv::new();
    let file = env.path("metadata.json");
    env.run(["export", "--datasette-metadata", file.to_str().unwrap()])
        .code(66);
    assert!(!file.exists() && !env.db_path().exists());
}
