//! Messages name fields as the user writes them: `import --dry-run` of every record
//! kind and `history` show the fields a claims file or table names (`published_on` at
//! its precision, `parent` and `plan` by key), never the columns they are stored in
//! (`published_precision`, `parent_id`, `plan_id`, `point_order`).

use serde_json::Value;

use crate::common::{Run, TestEnv};

/// `import --dry-run` of a claims file holding `toml`, on the sample data.
fn dry_run(env: &TestEnv, toml: &str) -> Run {
    std::fs::write(env.path("change.toml"), toml).unwrap();
    env.ok(["import", "--dry-run", "change.toml"])
}

/// Asserts that no stored column's name shows in what the user sees.
#[track_caller]
fn no_columns(run: &Run) {
    let seen = format!("{}{}", run.stdout, run.stderr);
    for column in [
        "published_precision",
        "first_reported_precision",
        "stated_precision",
        "point_order",
        "parent_id",
        "plan_id",
        "actor_id",
        "source_id",
        "status_reason",
        "\"id\"",
    ] {
        assert!(
            !seen.contains(column),
            "'{column}' shown to the user:\n{seen}"
        );
    }
}

#[test]
fn dry_run_of_a_source_shows_its_date_as_written() {
    let env = TestEnv::sample();
    let run = dry_run(
        &env,
        "[source]\nkey = \"kyiv-2\"\npublished_on = \"2025-03-14\"\nauthor = \"A. Writer\"\n",
    );
    run.stderr_has(&[
        "would update source 'kyiv-2': author: (none) → 'A. Writer'; published_on: 2025-03 → 2025-03-14\n",
    ]);
    no_columns(&run);
}

#[test]
fn dry_run_of_an_actor_names_its_parent_by_key() {
    let env = TestEnv::sample();
    let run = dry_run(&env, "[[actors]]\nkey = \"putin\"\nparent = \"ukraine\"\n");
    run.stderr_has(&["would update actor 'putin': parent: russia → ukraine\n"]);
    no_columns(&run);
}

#[test]
fn dry_run_of_a_plan_shows_its_date_as_written() {
    let env = TestEnv::sample();
    let run = dry_run(
        &env,
        "[[plans]]\nkey = \"us-plan\"\nfirst_reported_on = \"2025-11-20\"\n",
    );
    run.stderr_has(&["would update plan 'us-plan': first_reported_on: 2025-11 → 2025-11-20\n"]);
    no_columns(&run);
}

#[test]
fn dry_run_of_a_provision_names_its_plan_by_key() {
    let env = TestEnv::sample();
    let run = dry_run(
        &env,
        "[[provisions]]\nkey = \"us-spare\"\nplan = \"eu-plan\"\npoint = \"3a\"\n",
    );
    run.stderr_has(&[
        "would update provision 'us-spare': plan: us-plan → eu-plan; point: (none) → 3a\n",
    ]);
    no_columns(&run);
}

/// `history KIND KEY --format json`: (changed_fields, values) of each row, newest first.
fn history(env: &TestEnv, kind: &str, key: &str) -> (Run, Vec<(Value, Value)>) {
    let run = env.ok(["history", kind, key, "--format", "json"]);
    let rows = run
        .json_rows()
        .into_iter()
        .map(|row| {
            let values = match &row["values"] {
                Value::String(text) => serde_json::from_str(text).unwrap(),
                other => other.clone(),
            };
            (row["changed_fields"].clone(), values)
        })
        .collect();
    (run, rows)
}

#[test]
fn history_of_a_source_names_its_date_as_written() {
    let env = TestEnv::sample();
    env.ok(["source", "update", "kyiv-2", "--published-on", "2025-03-14"]);
    let (run, rows) = history(&env, "source", "kyiv-2");
    assert_eq!(rows[0].1["published_on"], "2025-03-14", "{}", run.stdout);
    assert_eq!(rows[1].0, "published_on", "{}", run.stdout);
    assert_eq!(rows[1].1["published_on"], "2025-03", "{}", run.stdout);
    no_columns(&run);
}

#[test]
fn history_of_an_actor_names_its_parent_by_key() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "putin", "--parent", "ukraine"]);
    let (run, rows) = history(&env, "actor", "putin");
    assert_eq!(rows[0].1["parent"], "ukraine", "{}", run.stdout);
    assert_eq!(rows[1].0, "parent", "{}", run.stdout);
    assert_eq!(rows[1].1["parent"], "russia", "{}", run.stdout);
    no_columns(&run);
}

#[test]
fn history_of_a_provision_names_its_plan_by_key() {
    let env = TestEnv::sample();
    env.ok([
        "provision",
        "update",
        "us-spare",
        "--plan",
        "eu-plan",
        "--point",
        "3a",
    ]);
    let (run, rows) = history(&env, "provision", "us-spare");
    assert_eq!(rows[1].0, "plan, point", "{}", run.stdout);
    assert_eq!(rows[1].1["plan"], "us-plan", "{}", run.stdout);
    assert_eq!(rows[0].1["point"], "3a", "{}", run.stdout);
    no_columns(&run);
}

#[test]
fn history_of_a_stance_names_its_records_by_key_and_its_date_as_written() {
    let env = TestEnv::sample();
    env.ok(["stance", "retract", "2", "--reason", "misread the source"]);
    let (run, rows) = history(&env, "stance", "2");
    let old = &rows
        .iter()
        .find(|(changed, _)| changed.as_str().is_some_and(|c| c.contains("status")))
        .unwrap_or_else(|| panic!("no change of status in\n{}", run.stdout))
        .1;
    assert_eq!(old["actor"], "putin", "{}", run.stdout);
    assert_eq!(old["source"], "kyiv-2", "{}", run.stdout);
    assert_eq!(old["stated_on"], "2025-03", "{}", run.stdout);
    assert_eq!(rows[0].1["reason"], "misread the source", "{}", run.stdout);
    no_columns(&run);
}

#[test]
fn errors_in_a_claims_file_name_fields_as_the_file_does() {
    let env = TestEnv::sample();
    let write = |text: &str| std::fs::write(env.path("new.toml"), text).unwrap();
    write("[source]\nkey = \"new-1\"\noutlet = \"O\"\ntitle = \"T\"\nkind = \"news\"\n");
    env.fails_unchanged(65, ["import", "new.toml"])
        .stderr_has(&["new.toml: source: missing published_on: a new source needs it\n"]);
    write("[[plans]]\nkey = \"p2\"\ntitle = \"P\"\nstatus = \"proposed\"\nfirst_reported_on = \"2025-13\"\n");
    env.fails_unchanged(65, ["import", "new.toml"])
        .stderr_has(&["plans[0]: invalid first_reported_on '2025-13'"]);
    write("[[provisions]]\nkey = \"v2\"\nplan = \"us-plan\"\ntitle = \"V\"\ncategory = \"other\"\ncontinues = \"eu-territory\"\n");
    env.fails_unchanged(65, ["import", "new.toml"])
        .stderr_has(&["provisions[0]: continues and relation go together"]);
    // The command line names the flags.
    env.fails_unchanged(
        65,
        [
            "source", "add", "--key", "new-1", "--outlet", "O", "--title", "T", "--kind", "news",
        ],
    )
    .stderr_has(&["missing --published-on: a new source needs it\n"]);
    env.fails_unchanged(
        65,
        [
            "provision",
            "add",
            "--key",
            "v2",
            "--plan",
            "us-plan",
            "--title",
            "V",
            "--category",
            "other",
            "--continues",
            "eu-territory",
        ],
    )
    .stderr_has(&["--continues and --relation go together"]);
}
