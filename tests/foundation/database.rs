//! `init`, `migrate`, `migrate --status`, and where the database lives.

use crate::common::{listing, TestEnv, RECORD_TABLES};

#[test]
fn init_creates_an_empty_provtrack_database() {
    let env = TestEnv::new();
    let run = env.ok(["init"]);
    run.stdout_has(&["database ready"])
        .stderr_has(&["created database"]);
    assert!(env.db_path().is_file());
    let conn = env.read_conn();
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let level: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, 0x5052_5654, "application_id is 'PRVT'");
    let migrations = env
        .ok(["--format", "json", "migrate", "--status"])
        .json_rows();
    let latest = migrations.last().unwrap()["level"].as_i64().unwrap();
    assert_eq!(level, latest, "init applies every migration");
    for table in RECORD_TABLES {
        assert_eq!(env.count(table), 0, "{table} starts empty");
    }
    assert_eq!(env.count("history"), 0);
    assert_eq!(env.count("categories"), 16);
    assert_eq!(env.count("positions"), 7);
}

#[test]
fn init_on_an_existing_database_changes_nothing() {
    let env = TestEnv::sample();
    let before = env.dump();
    let run = env.ok(["init"]);
    run.stdout_has(&["database ready"]);
    assert!(
        !run.stderr.contains("created database"),
        "stderr: {}",
        run.stderr
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn init_creates_missing_parent_directories() {
    let env = TestEnv::new();
    let nested = env.path("a/b/c.db");
    env.run_on(&nested, ["init"]).code(0);
    assert!(nested.is_file());
}

#[test]
fn migrate_status_lists_the_applied_migration() {
    let env = TestEnv::init();
    let before = env.dump();
    let rows = env
        .ok(["--format", "json", "migrate", "--status"])
        .json_rows();
    assert_eq!(rows[0]["level"], 1);
    assert_eq!(rows[0]["name"], "0001_init");
    for row in &rows {
        let keys: Vec<&str> = row.keys().map(String::as_str).collect();
        assert_eq!(keys, ["level", "name", "state"]);
        assert_eq!(row["state"], "applied", "{row:?}");
    }
    assert_eq!(env.dump(), before, "--status writes nothing");
}

#[test]
fn migrate_status_table_names_the_migration() {
    let env = TestEnv::init();
    env.ok(["migrate", "--status"])
        .stdout_has(&["0001_init", "applied"]);
}

#[test]
fn migrate_creates_and_migrates_a_missing_database() {
    let env = TestEnv::new();
    let rows = env.ok(["--format", "json", "migrate"]).json_rows();
    assert!(rows.iter().all(|r| r["state"] == "applied"), "{rows:?}");
    assert!(env.db_path().is_file());
    assert_eq!(env.count("categories"), 16);
}

#[test]
fn migrate_on_a_current_database_changes_nothing() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.ok(["migrate"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn without_db_the_database_lives_in_xdg_data_home() {
    let env = TestEnv::new();
    let run = crate::common::capture(env.command().arg("init"));
    run.code(0);
    let expected = env.path("xdg-data/provtrack/provtrack.db");
    assert!(expected.is_file(), "expected {}", expected.display());
    assert!(!env.db_path().exists());
}

#[test]
fn provtrack_db_variable_selects_the_database() {
    let env = TestEnv::new();
    let target = env.path("from-env.db");
    let mut cmd = env.command();
    cmd.env("PROVTRACK_DB", &target).arg("init");
    crate::common::capture(&mut cmd).code(0);
    assert!(target.is_file());
    assert_eq!(listing(env.dir()), vec!["from-env.db"]);
}
