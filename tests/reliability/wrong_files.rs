//! Wrong files given as `--db`: a CSV file or another application's SQLite file is
//! refused untouched; a mistyped path creates nothing for read commands.

use std::path::Path;

use rusqlite::Connection;

use crate::common::{bytes, listing, TestEnv};

const COMMANDS: [&[&str]; 4] = [
    &["actor", "list"],
    &[
        "actor", "add", "--key", "a", "--name", "A", "--kind", "state",
    ],
    &["init"],
    &["doctor"],
];

/// Every command is refused with 65 and a message saying what the file is, and the
/// file is byte-for-byte as it was, with nothing new beside it.
#[track_caller]
fn refused_untouched(env: &TestEnv, db: &Path, what: &str) {
    let file = bytes(db);
    let files = listing(env.dir());
    for args in COMMANDS {
        let run = env.run_on(db, args);
        run.code(65);
        let line = run.one_error_line();
        assert!(
            line.contains("is not a provtrack database") && line.contains(what),
            "{args:?}: {line}"
        );
        assert!(line.contains("left untouched"), "{args:?}: {line}");
        assert!(bytes(db) == file, "{args:?} changed {}", db.display());
        assert_eq!(listing(env.dir()), files, "{args:?} added files");
    }
}

#[test]
fn a_csv_file_given_as_db_is_refused_untouched() {
    let env = TestEnv::new();
    let db = env.path("stances.csv");
    std::fs::write(
        &db,
        "actor,provision,position\nzelensky,us-territory,rejects\n",
    )
    .unwrap();
    refused_untouched(&env, &db, "not an SQLite file");
}

#[test]
fn another_applications_sqlite_file_given_as_db_is_refused_untouched() {
    let env = TestEnv::new();
    let db = env.path("notes.sqlite");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE actors (key TEXT, name TEXT);
         INSERT INTO actors VALUES ('mine', 'Not provtrack''s');",
    )
    .unwrap();
    drop(conn);
    refused_untouched(&env, &db, "another application");
    let rows: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM actors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn a_mistyped_db_path_creates_nothing_for_read_commands() {
    let env = TestEnv::sample();
    let typo = env.path("provtrak.db");
    let files = listing(env.dir());
    for args in [
        &["actor", "list"][..],
        &["stance", "show", "1"],
        &["doctor"],
        &["backup", "copy.db"],
        &["sql", "SELECT 1"],
    ] {
        let run = env.run_on(&typo, args);
        run.code(66);
        let line = run.one_error_line();
        assert!(
            line.contains("no provtrack database at") && line.contains("provtrak.db"),
            "{args:?}: {line}"
        );
        assert!(line.contains("provtrack init"), "{args:?}: {line}");
        assert_eq!(listing(env.dir()), files, "{args:?} created a file");
    }
}
