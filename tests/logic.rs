//! Issue 15, items 8, 13, 14, 15 and 16: what `doctor` checks, the exit codes of bad
//! SQL and search queries, `sql --timeout`, names compared after one normalisation,
//! and `history` of an actor's aliases and proposer links and of reused keys.
//!
//! Each test failed before its fix; each asserts what the user sees (exit code,
//! stdout, stderr) and what the database holds.

use std::time::Duration;

use crate::common::TestEnv;

// ---------------------------------------------------------------------------------
// Item 8: doctor checks the append-only guards of history and every trigger's SQL.

#[test]
fn doctor_finds_a_dropped_history_guard_and_the_history_deleted_behind_it() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "putin", "--notes", "changed"]);
    let conn = env.write_conn();
    conn.execute_batch("DROP TRIGGER history_no_delete; DELETE FROM history;")
        .unwrap();
    drop(conn);
    let run = env.run(["doctor"]);
    run.code(65)
        .stdout_has(&["history_no_delete", "problem"])
        .stderr_has(&["doctor found"]);
}

#[test]
fn doctor_finds_a_trigger_replaced_under_the_same_name() {
    let env = TestEnv::sample();
    let conn = env.write_conn();
    conn.execute_batch(
        "DROP TRIGGER actors_history_update;
         CREATE TRIGGER actors_history_update AFTER UPDATE ON actors BEGIN SELECT 1; END;",
    )
    .unwrap();
    drop(conn);
    env.run(["doctor"])
        .code(65)
        .stdout_has(&["actors_history_update", "differs"]);
}

#[test]
fn doctor_finds_an_extra_trigger_that_could_swallow_history() {
    let env = TestEnv::sample();
    let conn = env.write_conn();
    conn.execute_batch(
        "CREATE TRIGGER sneaky BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END;",
    )
    .unwrap();
    drop(conn);
    env.run(["doctor"]).code(65).stdout_has(&["sneaky"]);
}

#[test]
fn doctor_passes_on_a_sound_database_with_history() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "putin", "--notes", "changed"]);
    env.ok(["actor", "alias", "remove", "zelensky", "Zelenskyy"]);
    env.ok(["doctor"]);
}

// ---------------------------------------------------------------------------------
// Item 13: exit 65 for bad SQL and bad FTS queries, a report from doctor on a damaged
// file, 66 for a missing import path.

#[test]
fn sql_syntax_errors_and_unknown_functions_exit_65_with_one_line() {
    let env = TestEnv::sample();
    for sql in ["SELEC 1", "SELECT nosuchfn(1)"] {
        let run = env.fails_unchanged(65, ["sql", sql]);
        let line = run.one_error_line();
        assert!(line.starts_with("error: sql: "), "{line}");
    }
    let run = env.fails_unchanged(65, ["sql", "SELEC 1"]);
    run.stderr_has(&["syntax error"]);
    let run = env.fails_unchanged(65, ["sql", "SELECT nosuchfn(1)"]);
    run.stderr_has(&["nosuchfn"]);
}

#[test]
fn malformed_raw_search_queries_exit_65() {
    let env = TestEnv::sample();
    // A query that starts with '-' goes after `--`, like any such argument.
    for query in ["*", "\"unclosed", "-x", "nocol:x", "NEAR("] {
        let run = env.fails_unchanged(65, ["search", "--raw", "--", query]);
        let line = run.one_error_line();
        assert!(
            line.contains("search: not a valid FTS5 query"),
            "{query}: {line}"
        );
    }
}

#[test]
fn doctor_on_a_truncated_file_reports_the_damage_and_exits_65() {
    let env = TestEnv::sample();
    for i in 0..40 {
        env.ok([
            "source",
            "add",
            "--key",
            &format!("s{i}"),
            "--outlet",
            "Outlet",
            "--title",
            &"A long title ".repeat(30),
            "--published-on",
            "2025-01-01",
            "--kind",
            "news",
        ]);
    }
    // Fold the WAL into the file, then cut the file short.
    let conn = env.write_conn();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(env.db_path()).unwrap();
    assert!(bytes.len() > 16384, "the file is {} bytes", bytes.len());
    std::fs::write(env.db_path(), &bytes[..bytes.len() / 2]).unwrap();
    let run = env.run(["doctor"]);
    run.code(65)
        .stdout_has(&["integrity_check", "problem"])
        .stderr_has(&["doctor found"]);
}

#[test]
fn a_missing_import_path_exits_66_with_or_without_an_extension() {
    let env = TestEnv::sample();
    for name in ["nosuchfile", "nosuchfile.csv", "stances.csv", "claims.toml"] {
        let path = env.path(name);
        let run = env.fails_unchanged(66, [std::ffi::OsStr::new("import"), path.as_os_str()]);
        run.one_error_line();
        run.stderr_has(&["does not exist"]);
    }
}

// ---------------------------------------------------------------------------------
// Item 14: `sql --timeout SECONDS` interrupts a runaway statement.

const RUNAWAY: &str =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

#[test]
fn sql_timeout_interrupts_a_runaway_statement_with_exit_75() {
    let env = TestEnv::sample();
    let before = env.dump();
    let mut cmd = env.command();
    // The wall-clock limit only keeps a broken build from hanging the suite.
    cmd.arg("--db")
        .arg(env.db_path())
        .args(["sql", "--timeout", "1", RUNAWAY])
        .timeout(Duration::from_secs(120));
    let run = crate::common::capture(&mut cmd);
    run.code(75);
    let line = run.one_error_line();
    assert!(line.contains("--timeout 1"), "{line}");
    assert!(line.contains("interrupted"), "{line}");
    assert_eq!(env.dump(), before);
}

#[test]
fn sql_timeout_leaves_a_quick_statement_alone_and_refuses_bad_values() {
    let env = TestEnv::sample();
    env.ok(["sql", "--timeout", "5", "SELECT count(*) AS n FROM actors"])
        .stdout_has(&["5"]);
    env.ok(["sql", "--timeout", "0", "SELECT 1 AS one"]);
    env.run(["sql", "--timeout", "-1", "SELECT 1"]).code(2);
    env.run(["sql", "--timeout", "99999999999", "SELECT 1"])
        .code(2);
}

// ---------------------------------------------------------------------------------
// Item 15: one normalisation of names (NFC, trim, Unicode case fold) everywhere.

const CAFE_NFC: &str = "Caf\u{e9}";
const CAFE_NFD: &str = "Cafe\u{301}";

#[test]
fn nfc_and_nfd_spellings_are_one_alias() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "eu", CAFE_NFC]);
    let shown = env
        .ok(["--format", "json", "actor", "show", CAFE_NFD])
        .json();
    assert_eq!(shown["key"], "eu");
    env.fails_unchanged(65, ["actor", "alias", "add", "putin", CAFE_NFD])
        .stderr_has(&["already names actor 'eu'"]);
    // The same alias in the other spelling changes nothing.
    env.ok(["actor", "alias", "add", "eu", CAFE_NFD])
        .stdout_has(&["already names actor 'eu'"]);
    assert_eq!(env.count("actor_aliases"), 2);
}

#[test]
fn a_name_with_surrounding_spaces_is_the_same_name() {
    let env = TestEnv::sample();
    let shown = env
        .ok(["--format", "json", "actor", "show", "Zelenskyy "])
        .json();
    assert_eq!(shown["key"], "zelensky");
    let shown = env
        .ok(["--format", "json", "actor", "show", " ZELENSKY"])
        .json();
    assert_eq!(shown["key"], "zelensky");
    // An alias given with spaces is stored without them, and is the same alias.
    env.ok(["actor", "alias", "add", "putin", "  V. Putin "]);
    assert_eq!(
        env.text("SELECT alias FROM actor_aliases WHERE actor_id = (SELECT id FROM actors WHERE key = 'putin')"),
        Some("V. Putin".into())
    );
    env.fails_unchanged(65, ["actor", "alias", "add", "zelensky", "v. putin"])
        .stderr_has(&["already names actor 'putin'"]);
}

#[test]
fn names_are_compared_with_a_full_unicode_case_fold() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "eu", "Straße"]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "STRASSE"])
        .json();
    assert_eq!(shown["key"], "eu");
}

/// `stance add --actor зеленський` works; the same name in a stance table or a claims
/// file must too (it failed with 66: the bulk path folded ASCII only).
#[test]
fn import_resolves_names_like_the_command_line() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "zelensky", "Зеленський"]);
    env.ok([
        "stance",
        "add",
        "--actor",
        "зеленський",
        "--provision",
        "us-ceasefire",
        "--position",
        "supports",
        "--source",
        "reuters-1",
        "--date",
        "2025-02-12",
    ]);
    let csv = env.path("stances.csv");
    std::fs::write(
        &csv,
        "actor,provision,position,source,date\n\
         зеленський,us-ceasefire,opposes,kyiv-2,2025-03\n\
         Zelenskyy ,us-spare,opposes,kyiv-2,2025-03\n",
    )
    .unwrap();
    env.ok([std::ffi::OsStr::new("import"), csv.as_os_str()]);
    let toml = env.path("claims.toml");
    std::fs::write(
        &toml,
        format!(
            "[[stances]]\nactor = \"ЗЕЛЕНСЬКИЙ\"\nprovision = \"eu-territory\"\n\
             position = \"opposes\"\nsource = \"reuters-1\"\nstated_on = \"2025-02-12\"\n\n\
             [[stances]]\nactor = \"{CAFE_NFD}\"\nprovision = \"eu-territory\"\n\
             position = \"opposes\"\nsource = \"reuters-1\"\nstated_on = \"2025-02-12\"\n"
        ),
    )
    .unwrap();
    env.ok(["actor", "alias", "add", "eu", CAFE_NFC]);
    env.ok([std::ffi::OsStr::new("import"), toml.as_os_str()]);
    let zelensky = env.text(
        "SELECT group_concat(p.key || ':' || st.position, ' ') FROM
           (SELECT * FROM stances ORDER BY id) st
         JOIN actors a ON a.id = st.actor_id
         JOIN stance_targets t ON t.stance_id = st.id JOIN provisions p ON p.id = t.provision_id
         WHERE a.key = 'zelensky' AND st.id > 3",
    );
    assert_eq!(
        zelensky.as_deref(),
        Some("us-ceasefire:supports us-ceasefire:opposes us-spare:opposes eu-territory:opposes")
    );
    assert_eq!(
        env.text(
            "SELECT a.key FROM stances st JOIN actors a ON a.id = st.actor_id
             ORDER BY st.id DESC LIMIT 1"
        )
        .as_deref(),
        Some("eu")
    );
}

/// A database whose aliases were folded by the old rule (lowercase only) is refolded
/// when it is upgraded: nothing lost, a clash between two aliases that are now one
/// name resolved by removing the later one, with the removal in history.
#[test]
fn upgrading_refolds_the_stored_aliases_and_keeps_history() {
    use provtrack::store::migrate::{self, MIGRATIONS};
    let env = TestEnv::new();
    let level = MIGRATIONS
        .iter()
        .position(|m| m.name.ends_with("_fold_names"))
        .expect("a migration that refolds names");
    {
        let mut conn = rusqlite::Connection::open(env.db_path()).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        migrate::apply(&mut conn, &MIGRATIONS[..level]).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO actors (key, name, kind) VALUES
                 ('zelensky', 'Volodymyr Zelensky', 'person'),
                 ('eu', 'European Union', 'bloc'),
                 ('putin', 'Vladimir Putin', 'person');
             INSERT INTO actor_aliases (alias, folded, actor_id) VALUES
                 ('Zelenskyy ', 'zelenskyy ', 1),
                 ('{CAFE_NFC}', lower('{CAFE_NFC}'), 2),
                 ('{CAFE_NFD}', lower('{CAFE_NFD}'), 3),
                 ('Straße', 'straße', 2);"
        ))
        .unwrap();
    }
    env.ok(["migrate"]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "zelenskyy"])
        .json();
    assert_eq!(shown["key"], "zelensky");
    let shown = env
        .ok(["--format", "json", "actor", "show", CAFE_NFD])
        .json();
    assert_eq!(shown["key"], "eu");
    let shown = env
        .ok(["--format", "json", "actor", "show", "strasse"])
        .json();
    assert_eq!(shown["key"], "eu");
    assert_eq!(env.count("actor_aliases"), 3);
    // The clashing alias of putin is gone, and history says so.
    let rows = env
        .ok(["--format", "json", "history", "actor", "putin"])
        .json_rows();
    assert!(
        rows.iter().any(|r| r["change"] == "alias removed"
            && r["values"]["alias"] == CAFE_NFD
            && r["command"].as_str().unwrap().contains("fold_names")),
        "{rows:?}"
    );
    env.ok(["doctor"]);
}

// ---------------------------------------------------------------------------------
// Item 16: history shows alias removals, proposer changes and reused keys.

#[test]
fn actor_history_shows_alias_removals() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "remove", "zelensky", "Zelenskyy"]);
    let rows = env
        .ok(["--format", "json", "history", "actor", "zelensky"])
        .json_rows();
    let removal = rows
        .iter()
        .find(|r| r["change"] == "alias removed")
        .unwrap_or_else(|| panic!("no alias removal in {rows:?}"));
    assert_eq!(removal["values"]["alias"], "Zelenskyy");
    assert_eq!(removal["command"], "actor alias remove");
    env.ok(["history", "actor", "zelensky"])
        .stdout_has(&["alias removed", "Zelenskyy"]);
}

#[test]
fn plan_and_actor_history_show_proposer_changes() {
    let env = TestEnv::sample();
    env.ok(["plan", "update", "us-plan", "--proposer", "ukraine"]);
    let rows = env
        .ok(["--format", "json", "history", "actor", "russia"])
        .json_rows();
    let change = rows
        .iter()
        .find(|r| r["change"] == "proposer removed")
        .unwrap_or_else(|| panic!("no proposer change in {rows:?}"));
    assert_eq!(change["values"]["plan"], "us-plan");
    assert_eq!(change["values"]["actor"], "russia");
    let rows = env
        .ok(["--format", "json", "history", "plan", "us-plan"])
        .json_rows();
    assert!(
        rows.iter()
            .any(|r| r["change"] == "proposer removed" && r["values"]["actor"] == "russia"),
        "{rows:?}"
    );
}

#[test]
fn history_of_a_reused_key_shows_the_old_and_the_new_record_apart() {
    let env = TestEnv::sample();
    env.ok(["source", "update", "spare", "--outlet", "Old Outlet 2"]);
    env.ok(["source", "remove", "spare"]);
    env.ok([
        "source",
        "add",
        "--key",
        "spare",
        "--outlet",
        "New Outlet",
        "--title",
        "A new source",
        "--published-on",
        "2025-06-01",
        "--kind",
        "news",
    ]);
    let rows = env
        .ok(["--format", "json", "history", "source", "spare"])
        .json_rows();
    let records: Vec<&str> = rows.iter().map(|r| r["record"].as_str().unwrap()).collect();
    // The new record's current version; the old record's removal and its update.
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(records[0].contains("current"), "{records:?}");
    assert!(records[1].contains("removed"), "{records:?}");
    assert_eq!(records[1], records[2]);
    assert_ne!(records[0], records[1]);
    assert_eq!(rows[0]["values"]["outlet"], "New Outlet");
    assert_eq!(rows[1]["change"], "delete");
    assert_eq!(rows[1]["values"]["outlet"], "Old Outlet 2");
    assert_eq!(rows[2]["change"], "update");
    assert_eq!(rows[2]["values"]["outlet"], "Spare");
    env.ok(["history", "source", "spare"])
        .stdout_has(&["removed", "New Outlet", "Old Outlet 2"]);
}

// ---------------------------------------------------------------------------------
// README: the error examples of the `sql` and `search` sections are what users see.

/// Each `$ provtrack ...` line of a `console` block in the README section that starts
/// with `heading`, followed by an `error: ...` line: (command, expected error line).
fn readme_error_examples(heading: &str) -> Vec<(String, String)> {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let section = readme
        .split("\n### ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("README has no section {heading}"));
    let lines: Vec<&str> = section.lines().collect();
    lines
        .windows(2)
        .filter_map(|w| {
            let command = w[0].strip_prefix("$ provtrack ")?;
            w[1].starts_with("error: ")
                .then(|| (command.to_string(), w[1].to_string()))
        })
        .collect()
}

#[test]
fn the_readme_sql_error_examples_are_what_users_see() {
    let examples = readme_error_examples("`provtrack sql");
    assert!(examples.len() >= 7, "{examples:?}");
    let env = TestEnv::init();
    env.ok(["seed"]);
    for (command, expected) in examples {
        // The README line is shell syntax: run it through bash, with the binary on PATH.
        let bin = std::path::Path::new(env!("CARGO_BIN_EXE_provtrack"));
        let mut bash = std::process::Command::new("bash");
        bash.env(
            "PATH",
            format!(
                "{}:{}",
                bin.parent().unwrap().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("PROVTRACK_DB", env.db_path())
        .env("HOME", env.dir())
        .env_remove("RUST_BACKTRACE")
        .args(["-c", &format!("provtrack {command}")]);
        let out = bash.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end(), expected, "provtrack {command}");
        assert!(
            matches!(out.status.code(), Some(65 | 75)),
            "provtrack {command}"
        );
    }
}
