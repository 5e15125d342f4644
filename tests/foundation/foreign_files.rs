//! Files that are not (or not yet, or no longer) a database this provtrack may use:
//! another application's SQLite file, a text file, a missing path, a newer schema.
//! Each is refused and left exactly as it was.

use std::path::Path;

use rusqlite::Connection;

use crate::common::{bytes, listing, TestEnv};

const READ_COMMANDS: [&[&str]; 3] = [
    &["actor", "list"],
    &["stance", "list"],
    &["migrate", "--status"],
];

const WRITE_COMMANDS: [&[&str]; 4] = [
    &[
        "actor", "add", "--key", "a", "--name", "A", "--kind", "state",
    ],
    &["init"],
    &["migrate"],
    &["stance", "retract", "1", "--reason", "x"],
];

/// Runs `args` on `db` and checks that it is refused with 65, the file's bytes
/// unchanged and nothing added beside it; returns the error line.
#[track_caller]
fn refused_untouched(env: &TestEnv, db: &Path, args: &[&str]) -> String {
    let before = bytes(db);
    let files = listing(env.dir());
    let run = env.run_on(db, args);
    run.code(65);
    assert!(
        bytes(db) == before,
        "{} changed after {args:?}",
        db.display()
    );
    assert_eq!(listing(env.dir()), files, "files appeared after {args:?}");
    run.one_error_line().to_string()
}

fn other_sqlite_file(env: &TestEnv) -> std::path::PathBuf {
    let path = env.path("other.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1), ('two');")
        .unwrap();
    drop(conn);
    path
}

#[test]
fn another_applications_sqlite_file_is_refused_by_reads() {
    let env = TestEnv::new();
    let db = other_sqlite_file(&env);
    for args in [
        &["actor", "list"][..],
        &["stance", "list"],
        &["history", "actor", "x"],
    ] {
        let line = refused_untouched(&env, &db, args);
        assert!(line.contains("not a provtrack database"), "{line}");
    }
}

#[test]
fn another_applications_sqlite_file_is_refused_by_writes() {
    let env = TestEnv::new();
    let db = other_sqlite_file(&env);
    for args in WRITE_COMMANDS {
        let line = refused_untouched(&env, &db, args);
        assert!(line.contains("not a provtrack database"), "{line}");
    }
    let conn = Connection::open(&db).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2);
}

#[test]
fn a_csv_file_is_refused_by_reads_and_writes() {
    let env = TestEnv::new();
    let db = env.path("actors.csv");
    std::fs::write(&db, "key,name\nukraine,Ukraine\n").unwrap();
    for args in READ_COMMANDS.iter().chain(WRITE_COMMANDS.iter()) {
        let line = refused_untouched(&env, &db, args);
        assert!(line.contains("not a provtrack database"), "{line}");
    }
}

#[test]
fn a_short_text_file_is_refused() {
    let env = TestEnv::new();
    let db = env.path("notes.txt");
    std::fs::write(&db, "hello\n").unwrap();
    for args in [
        &["actor", "list"][..],
        &[
            "actor", "add", "--key", "a", "--name", "A", "--kind", "state",
        ],
    ] {
        refused_untouched(&env, &db, args);
    }
}

#[test]
fn a_directory_is_refused() {
    let env = TestEnv::new();
    let dir = env.path("somewhere");
    std::fs::create_dir(&dir).unwrap();
    for args in [&["actor", "list"][..], &["init"]] {
        env.run_on(&dir, args)
            .code(65)
            .stderr_has(&["is a directory"]);
    }
    assert!(listing(&dir).is_empty());
}

#[test]
fn read_commands_on_a_missing_path_create_nothing() {
    let env = TestEnv::new();
    let db = env.path("missing/sub/provtrack.db");
    for args in READ_COMMANDS {
        let run = env.run_on(&db, args);
        run.code(66);
        let line = run.one_error_line();
        assert!(line.contains("provtrack init"), "{line}");
        assert!(line.contains("missing/sub/provtrack.db"), "{line}");
        assert!(!db.exists());
        assert!(!env.path("missing").exists(), "parent dir was created");
    }
    for args in [&["actor", "show", "x"][..], &["history", "actor", "x"]] {
        env.run_on(&db, args).code(66);
    }
    assert!(listing(env.dir()).is_empty(), "{:?}", listing(env.dir()));
}

#[test]
fn read_commands_on_a_missing_file_in_an_existing_dir_create_nothing() {
    let env = TestEnv::new();
    for args in READ_COMMANDS {
        env.run(args).code(66).stderr_has(&["provtrack init"]);
    }
    assert!(listing(env.dir()).is_empty(), "{:?}", listing(env.dir()));
}

#[test]
fn read_commands_on_an_empty_file_say_how_to_create_it() {
    let env = TestEnv::new();
    std::fs::write(env.db_path(), b"").unwrap();
    for args in READ_COMMANDS {
        env.run(args).code(66).stderr_has(&["provtrack init"]);
    }
    assert!(bytes(env.db_path()).is_empty());
}

#[test]
fn a_write_command_on_a_missing_path_creates_the_database() {
    let env = TestEnv::new();
    let db = env.path("new/dir/provtrack.db");
    env.run_on(
        &db,
        [
            "actor", "add", "--key", "a", "--name", "A", "--kind", "state",
        ],
    )
    .code(0)
    .stderr_has(&["created database"]);
    assert!(db.is_file());
}

#[test]

fn a_failed_write_on_a_missing_path_creates_nothing() {
    let env = TestEnv::new();
    let run = env.run([
        "actor", "add", "--key", "x", "--name", "X", "--kind", "country",
    ]);
    run.code(65);
    run.one_error_line();
    assert!(!env.db_path().exists(), "{:?}", listing(env.dir()));
}

/// An initialised database whose schema level is set beyond what this binary knows.
fn newer_database() -> TestEnv {
    let env = TestEnv::sample();
    env.write_conn()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    env
}

#[test]
fn a_newer_schema_is_refused_by_reads_and_left_unchanged() {
    let env = newer_database();
    let before = bytes(env.db_path());
    for args in READ_COMMANDS
        .iter()
        .copied()
        .chain([&["stance", "show", "1"][..], &["history", "actor", "eu"]])
    {
        let run = env.run(args);
        run.code(65);
        let line = run.one_error_line();
        assert!(line.contains("newer provtrack"), "{line}");
        assert!(line.contains("99"), "{line}");
        assert!(bytes(env.db_path()) == before, "changed by {args:?}");
    }
}

#[test]
fn a_newer_schema_is_refused_by_writes_and_left_unchanged() {
    let env = newer_database();
    let before = bytes(env.db_path());
    for args in WRITE_COMMANDS {
        let run = env.run(args);
        run.code(65);
        run.one_error_line();
        assert!(bytes(env.db_path()) == before, "changed by {args:?}");
    }
    let level: i64 = env
        .read_conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(level, 99);
    assert_eq!(env.count("stances"), 3);
}

#[test]

fn refused_wal_mode_files_get_no_files_beside_them() {
    let env = newer_database();
    let files = listing(env.dir());
    env.run(["actor", "list"]).code(65);
    assert_eq!(
        listing(env.dir()),
        files,
        "beside a newer provtrack database"
    );

    let env = TestEnv::new();
    let db = env.path("other-wal.sqlite");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let files = listing(env.dir());
    env.run_on(&db, ["actor", "list"]).code(65);
    assert_eq!(
        listing(env.dir()),
        files,
        "beside another application's file"
    );
}
