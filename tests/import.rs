//! `provtrack import`: claims files are checked completely, written all or nothing,
//! merged by key, and idempotent.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

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

struct Env {
    dir: TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Self {
        Env {
            dir: TempDir::new().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("pt.db")
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("provtrack")
            .unwrap()
            .env_remove("PROVTRACK_DB")
            .env("PROVTRACK_NOW", "2026-01-01T00:00:00Z")
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn import(&self, files: &[&Path]) -> Run {
        let mut args = vec!["import"];
        args.extend(files.iter().map(|p| p.to_str().unwrap()));
        self.run(&args)
    }

    /// Every row of every table, for "nothing changed" checks.
    fn dump(&self) -> String {
        if !self.db().exists() {
            return "no database".into();
        }
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut text = String::new();
        for table in [
            "sources",
            "actors",
            "actor_aliases",
            "plans",
            "plan_proposers",
            "provisions",
            "stances",
            "history",
        ] {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
                .unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..width)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            for row in rows {
                text.push_str(&format!("{table}: {}\n", row.unwrap().join(" | ")));
            }
        }
        text
    }

    fn count(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

#[test]
fn import_adds_every_record_and_resolves_aliases() {
    let env = Env::new();
    let file = env.file("a.toml", ARTICLE);
    let run = env.import(&[&file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stances = env.run(&["stance", "list", "--actor", "zelensky", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stances.stdout).unwrap();
    assert_eq!(rows[0]["position"], "rejects");
    assert_eq!(
        rows[0]["source"], "dw-2025-02-13",
        "the file's source is the default"
    );
    assert_eq!(rows[0]["stated_on"], "2025-02");
    assert_eq!(env.count("SELECT count(*) FROM actor_aliases"), 2);
    assert_eq!(env.count("SELECT count(*) FROM plan_proposers"), 1);
}

#[test]
fn importing_twice_changes_nothing() {
    let env = Env::new();
    let file = env.file("a.toml", ARTICLE);
    assert_eq!(env.import(&[&file]).code, 0);
    let before = env.dump();
    let again = env.import(&[&file]);
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
    let env = Env::new();
    assert_eq!(env.import(&[&env.file("a.toml", ARTICLE)]).code, 0);
    let edited = ARTICLE
        .replace(
            "title = \"Ceasefire by April 20\"",
            "title = \"A ceasefire by April 20\"",
        )
        .replace("[[stances]]", "[[stances]]\nnotes = \"DW, February\"");
    let run = env.import(&[&env.file("b.toml", &edited)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = env.run(&[
        "import",
        env.dir.path().join("b.toml").to_str().unwrap(),
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
        env.count("SELECT count(*) FROM history WHERE command = 'import'"),
        2
    );
    assert_eq!(
        env.count("SELECT count(*) FROM history WHERE table_name = 'provisions' AND json_extract(old_values, '$.title') = 'Ceasefire by April 20'"),
        1
    );
    let history = env.run(&[
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
    let env = Env::new();
    let file = env.file("a.toml", ARTICLE);
    let run = env.run(&[
        "import",
        "--dry-run",
        file.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("actor,2,0,0"), "{}", run.stdout);
    assert!(run.stderr.contains("nothing was written"));
    assert!(!env.db().exists(), "a dry run must not create the database");
    assert_eq!(env.import(&[&file]).code, 0);
    let before = env.dump();
    let edited = env.file("b.toml", &ARTICLE.replace("\"Ukraine\"", "\"Ukraina\""));
    let run = env.run(&[
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
        let env = Env::new();
        let good = env.file(
            "0-good.toml",
            &ARTICLE.replace("dw-2025-02-13", "other-source"),
        );
        assert_eq!(env.import(&[&good]).code, 0);
        let before = env.dump();
        let extra = env.file(
            "1-extra.toml",
            &ARTICLE.replace("dw-2025-02-13", "third-source"),
        );
        let bad = env.file(name, text);
        let run = env.import(&[&extra, &bad]);
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
    let env = Env::new();
    let json = r#"{
      "source": {"key": "axios-scoop", "outlet": "Axios", "title": "Scoop", "published_on": "2025-11-19", "kind": "news"},
      "actors": [{"key": "russia", "name": "Russia", "kind": "state", "aliases": ["Kremlin"]}]
    }"#;
    let run = env.import(&[&env.file("a.json", json)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let show = env.run(&["actor", "show", "kremlin", "--format", "json"]);
    assert!(
        show.stdout.contains("\"key\": \"russia\""),
        "{}",
        show.stdout
    );
    let broken = env.import(&[&env.file("b.json", "{\"source\": [}")]);
    assert_eq!(broken.code, 65);
    assert!(broken.stderr.contains("b.json:1:"), "{}", broken.stderr);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_its_line() {
    let env = Env::new();
    let path = env.dir.path().join("latin1.toml");
    std::fs::write(&path, b"[source]\nkey = \"x\"\ntitle = \"Caf\xe9\"\n").unwrap();
    let run = env.import(&[&path]);
    assert_eq!(run.code, 65);
    assert!(
        run.stderr
            .contains("latin1.toml:3: the file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(!env.db().exists() || env.dump().is_empty());
}
