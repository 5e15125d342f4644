//! `export --datasette-metadata FILE`: metadata.json for Datasette, checked against
//! the database and the report list.

use crate::common::TestEnv;
use serde_json::Value;

fn metadata(env: &TestEnv) -> Value {
    let file = env.path("metadata.json");
    env.ok(["export", "--datasette-metadata", file.to_str().unwrap()]);
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

#[test]
fn every_report_is_a_canned_query_that_runs() {
    let env = TestEnv::seeded();
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
    assert_eq!(reports.len(), 10, "{help}");
    let mut names: Vec<String> = queries.keys().cloned().collect();
    names.sort_unstable();
    let mut expected: Vec<String> = reports.iter().map(|r| format!("report-{r}")).collect();
    expected.sort_unstable();
    assert_eq!(names, expected, "one canned query per report");
    let params = [
        ("plan", "us-28-point-plan"),
        ("actor", "zelensky"),
        ("plan_a", "us-100-day-peace-plan"),
        ("plan_b", "us-28-point-plan"),
        ("provision", "28pt-cap-ukrainian-armed-forces"),
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
        let mut rows = env.ok(&args).json_rows();
        // SQL gives 0/1 where the report prints a JSON boolean beside a date.
        for row in &mut rows {
            for (column, value) in row.iter_mut() {
                if column.ends_with("_inferred") {
                    *value = serde_json::Value::Bool(value.as_i64() == Some(1));
                }
            }
        }
        if sql.contains(':') {
            assert!(
                !rows.is_empty(),
                "the canned query {name} returns rows on the seeds: {sql}"
            );
        } else {
            let command = name.trim_start_matches("report-");
            let report = env.ok(["report", command, "--format", "json"]).json_rows();
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
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%'",
        )
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for name in &names {
        assert!(
            tables[name]["description"]
                .as_str()
                .is_some_and(|d| d.len() > 20),
            "table or view {name} has no description"
        );
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

/// Issue 14: "the canned query `sources` takes over the `sources` table's URL".
#[test]
fn no_canned_query_shadows_a_table_or_view() {
    let env = TestEnv::init();
    let meta = metadata(&env);
    let queries = meta["databases"]["provtrack"]["queries"]
        .as_object()
        .unwrap();
    let conn = env.read_conn();
    let mut stmt = conn.prepare("SELECT name FROM sqlite_schema").unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(queries.len() == 10);
    for query in queries.keys() {
        assert!(
            !names.contains(query),
            "the canned query {query} shadows a table or view"
        );
    }
}

/// Issue 14: the timeline "does not accept aliases (`actor=Zelenskiy` gives 0 rows)".
#[test]
fn canned_queries_accept_aliases_and_keys_in_any_case() {
    let env = TestEnv::seeded();
    let meta = metadata(&env);
    let queries = &meta["databases"]["provtrack"]["queries"];
    let run = |query: &str, params: &[(&str, &str)]| {
        let sql = queries[query]["sql"].as_str().unwrap().to_string();
        let mut args = vec!["sql".to_string(), sql, "--format".into(), "json".into()];
        for (k, v) in params {
            args.extend(["--param".to_string(), format!("{k}={v}")]);
        }
        env.ok(&args).json_rows()
    };
    let by_key = run("report-timeline", &[("actor", "zelensky")]);
    assert!(!by_key.is_empty());
    for alias in [
        "Zelenskiy",
        "zelenskyy",
        "ZELENSKY",
        " Volodymyr Zelenskiy ",
    ] {
        assert_eq!(
            run("report-timeline", &[("actor", alias)]),
            by_key,
            "{alias}"
        );
    }
    let cli = env
        .ok([
            "report",
            "timeline",
            "--actor",
            "Zelenskiy",
            "--format",
            "json",
        ])
        .json_rows();
    assert_eq!(cli.len(), by_key.len());
    let matrix = run("report-matrix", &[("plan", "US-28-Point-Plan")]);
    assert_eq!(
        matrix,
        run("report-matrix", &[("plan", "us-28-point-plan")])
    );
    assert!(!matrix.is_empty());
}

/// Issue 14: "metadata is keyed by file name, so serving a copy under another name
/// loses it silently"; "sources are labelled by their long titles"; Datasette 1.0
/// reads canned queries only from datasette.yaml.
#[test]
fn database_name_config_file_and_key_labels() {
    let env = TestEnv::init();
    let meta_file = env.path("metadata.json");
    let config_file = env.path("datasette.yaml");
    let run = env.ok([
        "export",
        "--datasette-metadata",
        meta_file.to_str().unwrap(),
        "--datasette-config",
        config_file.to_str().unwrap(),
        "--database-name",
        "published",
    ]);
    run.stderr_has(&["'published'", "-c", "published.db"]);
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_file).unwrap()).unwrap();
    assert!(meta["databases"]["provtrack"].is_null());
    let db = &meta["databases"]["published"];
    for table in ["sources", "actors", "plans", "provisions"] {
        assert_eq!(db["tables"][table]["label_column"], "key", "{table}");
    }
    assert_eq!(db["tables"]["search_records"]["fts_table"], "search_index");
    let yaml = std::fs::read_to_string(&config_file).unwrap();
    assert!(yaml.contains("\"published\":\n"), "{yaml}");
    assert!(yaml.contains("\"report-timeline\":"), "{yaml}");
    assert!(yaml.contains("\"label_column\": \"key\""), "{yaml}");
    // --database-name alone has nothing to name.
    env.run(["export", "--database-name", "x"]).code(2);
}
