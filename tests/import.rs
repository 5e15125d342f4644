//! `provtrack import`: claims files are checked completely, written all or nothing,
//! merged by key, and idempotent.

use std::path::{Path, PathBuf};

use crate::common::{Run, TestEnv};

const ARTICLE: &str = r#"
[source]
key = "dw-2025-02-13"
outlet = "DW"
title = "What we know about the 100-day plan"
published_on = "2025-02-13"
kind = "news"

[[actors]]
key = "ukraine"
name = "Ukraine"
kind = "state"
aliases = ["Kyiv"]

[[actors]]
key = "zelensky"
name = "Volodymyr Zelensky"
kind = "person"
parent = "ukraine"
aliases = ["Zelenskyy"]

[[plans]]
key = "us-100-day-plan"
title = "US 100-day peace plan"
status = "leaked"
proposers = ["ukraine"]

[[provisions]]
key = "ceasefire-by-april-20"
plan = "us-100-day-plan"
title = "Ceasefire by April 20"
category = "ceasefire"

[[stances]]
actor = "Zelenskyy"
provision = "ceasefire-by-april-20"
position = "rejects"
stated_on = "2025-02"
quote = "So far, Zelenskyy has rejected this demand."
"#;

/// Writes a claims file into the test directory.
fn write_file(env: &TestEnv, name: &str, text: &str) -> PathBuf {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(env: &TestEnv, files: &[&Path]) -> Run {
    let mut args = vec!["import"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    env.run(args)
}

fn count(env: &TestEnv, sql: &str) -> i64 {
    env.read_conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn import_adds_every_record_and_resolves_aliases() {
    let env = TestEnv::new();
    let file = write_file(&env, "a.toml", ARTICLE);
    let run = import(&env, &[&file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stances = env.run(["stance", "list", "--actor", "zelensky", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stances.stdout).unwrap();
    assert_eq!(rows[0]["position"], "rejects");
    assert_eq!(
        rows[0]["source"], "dw-2025-02-13",
        "the file's source is the default"
    );
    assert_eq!(rows[0]["stated_on"], "2025-02");
    assert_eq!(count(&env, "SELECT count(*) FROM actor_aliases"), 2);
    assert_eq!(count(&env, "SELECT count(*) FROM plan_proposers"), 1);
}

#[test]
fn importing_twice_changes_nothing() {
    let env = TestEnv::new();
    let file = write_file(&env, "a.toml", ARTICLE);
    assert_eq!(import(&env, &[&file]).code, 0);
    let before = env.dump();
    let again = import(&env, &[&file]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("changed 0 record(s)"),
        "{}",
        again.stderr
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn an_edited_file_updates_only_what_changed_and_keeps_history() {
    let env = TestEnv::new();
    assert_eq!(
        import(&env, &[&write_file(&env, "a.toml", ARTICLE)]).code,
        0
    );
    let edited = ARTICLE
        .replace(
            "title = \"Ceasefire by April 20\"",
            "title = \"A ceasefire by April 20\"",
        )
        .replace("[[stances]]", "[[stances]]\nnotes = \"DW, February\"");
    let run = import(&env, &[&write_file(&env, "b.toml", &edited)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = env.run([
        "import",
        env.path("b.toml").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(
        summary.stdout.contains("provision,0,0,1"),
        "{}",
        summary.stdout
    );
    // One history row per changed record, naming the import.
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM history WHERE command = 'import'"
        ),
        2
    );
    assert_eq!(
        count(&env, "SELECT count(*) FROM history WHERE table_name = 'provisions' AND json_extract(old_values, '$.title') = 'Ceasefire by April 20'"),
        1
    );
    let history = env.run([
        "history",
        "provision",
        "ceasefire-by-april-20",
        "--format",
        "json",
    ]);
    let versions: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[1]["changed_fields"], "title");
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let env = TestEnv::new();
    let file = write_file(&env, "a.toml", ARTICLE);
    let run = env.run([
        "import",
        "--dry-run",
        file.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("actor,2,0,0"), "{}", run.stdout);
    assert!(run.stderr.contains("nothing was written"));
    assert!(
        !env.db_path().exists(),
        "a dry run must not create the database"
    );
    assert_eq!(import(&env, &[&file]).code, 0);
    let before = env.dump();
    let edited = write_file(
        &env,
        "b.toml",
        &ARTICLE.replace("\"Ukraine\"", "\"Ukraina\""),
    );
    let run = env.run([
        "import",
        "--dry-run",
        edited.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(run.stdout.contains("actor,0,1,1"), "{}", run.stdout);
    assert_eq!(env.dump(), before);
}

/// Each malformed file is refused with exit 65 (66 for unknown keys), a message naming
/// the file, the record and the field, and nothing written — even the good file given
/// before it in the same import.
#[test]
fn malformed_files_write_nothing_and_name_the_problem() {
    let cases: &[(&str, String, i32, &[&str])] = &[
        (
            "bad-key.toml",
            ARTICLE.replace("key = \"zelensky\"", "key = \"Zelensky Volodymyr\""),
            65,
            &[
                "bad-key.toml:",
                "actors[1]",
                "invalid key 'Zelensky Volodymyr'",
            ],
        ),
        (
            "unknown-actor.toml",
            ARTICLE.replace("actor = \"Zelenskyy\"", "actor = \"zelenskyi\""),
            66,
            &[
                "unknown-actor.toml:",
                "stances[0]",
                "unknown actor 'zelenskyi'",
                "did you mean",
            ],
        ),
        (
            "bad-date.toml",
            ARTICLE.replace("stated_on = \"2025-02\"", "stated_on = \"2025-02-30\""),
            65,
            &["bad-date.toml:", "stances[0]", "invalid date '2025-02-30'"],
        ),
        (
            "bad-toml.toml",
            ARTICLE.replace("[[plans]]", "[[plans]"),
            65,
            &["bad-toml.toml:", ":"],
        ),
        (
            "unknown-field.toml",
            ARTICLE.replace("kind = \"news\"", "kind = \"news\"\nreliability = \"B2\""),
            65,
            &["unknown-field.toml:", "unknown field `reliability`"],
        ),
    ];
    for (name, text, code, needles) in cases {
        let env = TestEnv::new();
        let good = write_file(
            &env,
            "0-good.toml",
            &ARTICLE.replace("dw-2025-02-13", "other-source"),
        );
        assert_eq!(import(&env, &[&good]).code, 0);
        let before = env.dump();
        let extra = write_file(
            &env,
            "1-extra.toml",
            &ARTICLE.replace("dw-2025-02-13", "third-source"),
        );
        let bad = write_file(&env, name, text);
        let run = import(&env, &[&extra, &bad]);
        assert_eq!(run.code, *code, "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "{name}: one line: {}",
            run.stderr
        );
        for needle in *needles {
            assert!(
                run.stderr.contains(needle),
                "{name}: '{needle}' not in {}",
                run.stderr
            );
        }
        assert_eq!(env.dump(), before, "{name}: the database changed");
    }
}

#[test]
fn json_claims_files_are_accepted() {
    let env = TestEnv::new();
    let json = r#"{
      "source": {"key": "axios-scoop", "outlet": "Axios", "title": "Scoop", "published_on": "2025-11-19", "kind": "news"},
      "actors": [{"key": "russia", "name": "Russia", "kind": "state", "aliases": ["Kremlin"]}]
    }"#;
    let run = import(&env, &[&write_file(&env, "a.json", json)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let show = env.run(["actor", "show", "kremlin", "--format", "json"]);
    assert!(
        show.stdout.contains("\"key\": \"russia\""),
        "{}",
        show.stdout
    );
    let broken = import(&env, &[&write_file(&env, "b.json", "{\"source\": [}")]);
    assert_eq!(broken.code, 65);
    assert!(broken.stderr.contains("b.json:1:"), "{}", broken.stderr);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_its_line() {
    let env = TestEnv::new();
    let path = env.path("latin1.toml");
    std::fs::write(&path, b"[source]\nkey = \"x\"\ntitle = \"Caf\xe9\"\n").unwrap();
    let run = import(&env, &[&path]);
    assert_eq!(run.code, 65);
    assert!(
        run.stderr
            .contains("latin1.toml:3: the file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        !env.db_path().exists(),
        "a failed import creates no database"
    );
}
