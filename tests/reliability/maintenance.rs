//! `provtrack backup` (online backup API: consistent while others write, never
//! overwrites) and `provtrack doctor` (each check ok, or the problem with its fix).

use serde_json::Value;

use super::support::{count_in, fails_cleanly, hold_write_lock, integrity};
use crate::common::{bytes, dump, TestEnv};

#[test]
fn backup_while_another_connection_writes_is_a_consistent_standalone_copy() {
    let env = TestEnv::sample();
    let committed = env.dump();
    let holder = hold_write_lock(&env);
    holder
        .execute_batch("UPDATE stances SET position = 'opposes' WHERE id = 1;")
        .unwrap();
    let target = env.path("backups/copy.db");
    std::fs::create_dir(env.path("backups")).unwrap();
    env.ok(["backup", target.to_str().unwrap()])
        .stdout_has(&["backup written to"]);
    holder.execute_batch("COMMIT").unwrap();

    // Only the copy, no -wal beside it: it stands alone, with the committed data.
    let names = crate::common::listing(&env.path("backups"));
    assert_eq!(names, ["copy.db"], "{names:?}");
    assert_eq!(integrity(&target), "ok");
    assert!(
        dump(&target) == committed,
        "the copy is not the committed state"
    );
    assert_eq!(count_in(&target, "actors"), 5);
    // provtrack opens it as a database of its own.
    env.run_on(&target, ["doctor"]).code(0);
    let stance = env
        .run_on(&target, ["--format", "json", "stance", "show", "1"])
        .code(0)
        .json();
    assert_eq!(stance["position"], "rejects", "{stance}");
}

#[test]
fn backup_refuses_an_existing_target() {
    let env = TestEnv::sample();
    let target = env.path("copy.db");
    std::fs::write(&target, b"an older backup").unwrap();
    fails_cleanly(
        &env,
        65,
        ["backup", target.to_str().unwrap()],
        &["already exists", "copy.db"],
    );
    assert_eq!(bytes(&target), b"an older backup");
}

/// `doctor --format json`: (check, status, problem, fix) rows.
fn doctor_rows(env: &TestEnv) -> (i32, Vec<serde_json::Map<String, Value>>, String) {
    let run = env.run(["--format", "json", "doctor"]);
    (run.code, run.json_rows(), run.stderr)
}

#[test]
fn doctor_reports_every_check_ok_on_a_sound_database() {
    let env = TestEnv::sample();
    let before = env.dump();
    let (code, rows, stderr) = doctor_rows(&env);
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<&str> = rows.iter().map(|r| r["check"].as_str().unwrap()).collect();
    for check in [
        "integrity_check",
        "foreign_key_check",
        "schema version",
        "aliases do not shadow keys",
        "triggers match the migrations",
    ] {
        assert!(names.contains(&check), "{check} is not run: {names:?}");
    }
    for row in &rows {
        assert_eq!(row["status"], "ok", "{row:?}");
    }
    assert_eq!(env.dump(), before, "doctor wrote to the database");
}

#[test]
fn doctor_names_each_broken_invariant_with_its_fix() {
    let env = TestEnv::sample();
    // What another tool could do to the file: an alias equal to another actor's key,
    // a stance whose actor is gone (foreign keys off), a history trigger dropped.
    env.write_conn()
        .execute_batch(
            "INSERT INTO actor_aliases (alias, folded, actor_id)
             VALUES ('Putin', 'putin', (SELECT id FROM actors WHERE key = 'zelensky'));
             PRAGMA foreign_keys = OFF;
             UPDATE stances SET actor_id = 999 WHERE id = 3;
             DROP TRIGGER stances_history_delete;",
        )
        .unwrap();
    let before = env.dump();
    let run = env.run(["--format", "json", "doctor"]);
    run.code(65);
    let line = run.one_error_line();
    assert!(line.contains("doctor found 3 problem(s)"), "{line}");
    let rows = run.json_rows();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["check"] == name)
            .unwrap_or_else(|| panic!("no check {name}: {rows:?}"))
    };
    for (check, problem, fix) in [
        (
            "aliases do not shadow keys",
            "alias 'Putin' of zelensky is the key of another actor",
            "provtrack actor alias remove",
        ),
        (
            "foreign_key_check",
            "stances row 3 points to a missing actors",
            "fix or remove the rows named",
        ),
        (
            "triggers match the migrations",
            "missing trigger stances_history_delete",
            "restore it from a backup",
        ),
    ] {
        let r = row(check);
        assert_eq!(r["status"], "problem", "{r:?}");
        assert!(
            r["problem"].as_str().unwrap_or_default().contains(problem),
            "{r:?}"
        );
        assert!(r["fix"].as_str().unwrap_or_default().contains(fix), "{r:?}");
    }
    for check in ["integrity_check", "schema version"] {
        assert_eq!(row(check)["status"], "ok");
    }
    assert_eq!(env.dump(), before, "doctor wrote to the database");
}

#[test]
fn doctor_finds_current_stances_out_of_step_with_the_stances() {
    let env = TestEnv::sample();
    // Another tool deletes a derived row without going through the stances.
    env.write_conn()
        .execute_batch("DELETE FROM latest_stances WHERE stance_id = (SELECT min(stance_id) FROM latest_stances);")
        .unwrap();
    let run = env.run(["--format", "json", "doctor"]);
    run.code(65);
    let rows = run.json_rows();
    let check = rows
        .iter()
        .find(|r| r["check"] == "latest_stances matches the stances")
        .expect("the check runs");
    assert_eq!(check["status"], "problem");
    assert!(
        check["problem"]
            .as_str()
            .unwrap()
            .contains("1 actor/target pair(s)"),
        "{check:?}"
    );
    assert!(check["fix"]
        .as_str()
        .unwrap()
        .contains("latest_stances_recomputed"));
}

/// Level 11: `report sources` reads each source's tallies from source_tallies, kept by
/// triggers; a row changed by another tool is found, with the fix.
#[test]
fn doctor_finds_source_tallies_out_of_step_with_the_stances() {
    let env = TestEnv::sample();
    let before = env.run(["--format", "csv", "report", "sources"]);
    before.code(0);
    env.write_conn()
        .execute_batch(
            "UPDATE source_tallies SET actors = actors + 1
             WHERE source_id = (SELECT min(source_id) FROM source_tallies);",
        )
        .unwrap();
    let run = env.run(["--format", "json", "doctor"]);
    run.code(65);
    let rows = run.json_rows();
    let check = rows
        .iter()
        .find(|r| r["check"] == "source_tallies matches the stances")
        .expect("the check runs");
    assert_eq!(check["status"], "problem");
    assert!(
        check["problem"].as_str().unwrap().contains("2 source(s)"),
        "{check:?}"
    );
    let fix = check["fix"].as_str().unwrap();
    assert!(fix.contains("source_tallies_recomputed"), "{fix}");
    // The fix, as printed, puts the report back as it was.
    let sql = fix.split("in sqlite3 run: ").nth(1).unwrap();
    env.write_conn().execute_batch(sql).unwrap();
    env.run(["doctor"]).code(0);
    let after = env.run(["--format", "csv", "report", "sources"]);
    assert_eq!(after.stdout, before.stdout);
}
