//! Schema versions: a database of every earlier level upgrades with its data intact
//! after a backup beside it; a failing migration changes nothing; a newer database is
//! refused untouched.
//!
//! The fixtures of the earlier levels are built here from the migrations embedded in
//! the crate (`MIGRATIONS[..level]`), so every new migration is tested against every
//! level before it without a committed binary file.

use std::path::Path;

use provtrack::store::migrate::{self, Migration, MIGRATIONS};
use rusqlite::Connection;

use super::support::{count_in, integrity, records};
use crate::common::{bytes, dump, listing, TestEnv};

/// Records of every kind, with links, an alias, a retracted stance and a history row,
/// in plain SQL valid at level 1 (later levels only add).
const LEVEL_1_DATA: &str = "
INSERT INTO sources (key, outlet, title, url, published_on, published_precision, kind, notes)
VALUES ('reuters-1', 'Reuters', 'Kyiv rejects territorial terms', 'https://example.org/r1',
        '2025-02-12', 'day', 'news', NULL),
       ('kyiv-2', 'Kyiv Independent', 'What the plans say', NULL, '2025-03-01', 'month',
        'analysis', 'paywalled, \"quoted\"; it''s long');
INSERT INTO actors (key, name, kind, parent_id) VALUES
    ('ukraine', 'Ukraine', 'state', NULL),
    ('zelensky', 'Volodymyr Zelensky', 'person', 1),
    ('russia', 'Росія', 'state', NULL);
INSERT INTO actor_aliases (alias, folded, actor_id) VALUES ('Zelenskyy', 'zelenskyy', 2);
INSERT INTO plans (key, title, status, first_reported_on, first_reported_precision)
VALUES ('us-plan', 'US 28-point plan', 'proposed', '2025-11-01', 'month'),
       ('eu-plan', 'European counter-proposal', 'counter-proposal', NULL, NULL);
INSERT INTO plan_proposers (plan_id, actor_id) VALUES (1, 3);
INSERT INTO provisions (key, plan_id, point, title, text, category, continues_id, relation)
VALUES ('us-territory', 1, 1, 'Recognise control', 'Crimea and Donbas', 'territory', NULL, NULL),
       ('eu-territory', 2, NULL, 'Talks from the line', NULL, 'territory', 1, 'modified');
INSERT INTO stances (actor_id, provision_id, position, source_id, stated_on, stated_precision,
                     quote, attribution, status, status_reason, recorded_at)
VALUES (2, 1, 'rejects', 1, '2025-02-12', 'day', 'We will not give up our land', 'direct',
        'active', NULL, '2025-02-13T08:00:00Z'),
       (3, 1, 'supports', 2, '2025-03-01', 'month', NULL, 'reported', 'retracted',
        'misattributed', '2025-03-02T08:00:00Z');
UPDATE actors SET name = 'Volodymyr Zelenskyy' WHERE key = 'zelensky';
";

/// A database at schema `level` (1 ≤ level < latest) with `LEVEL_1_DATA`, in WAL mode
/// like every database provtrack makes.
fn fixture(path: &Path, level: usize) {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    // The data is written at the last level it fits (stances became statements at
    // 0007_statements), then brought up to `level` by the migrations themselves.
    let statements = MIGRATIONS
        .iter()
        .position(|m| m.name == "0007_statements")
        .expect("the migration exists");
    let (written_at, _) = MIGRATIONS.split_at(level.min(statements));
    migrate::apply(&mut conn, written_at).unwrap();
    conn.execute_batch(LEVEL_1_DATA).unwrap();
    let (earlier, _) = MIGRATIONS.split_at(level);
    migrate::apply(&mut conn, earlier).unwrap();
    let at: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(at, level as i64);
}

fn level_of(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The schema as SQLite stores it, for "unchanged" checks.
fn schema_of(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn every_earlier_schema_level_upgrades_with_its_data_after_a_backup() {
    let latest = MIGRATIONS.len();
    assert!(latest >= 2, "no earlier level to test: only one migration");
    let env = TestEnv::new();
    for level in 1..latest {
        // Upgraded by `migrate`, and by a write command that migrates on the way.
        let upgrades: [&[&str]; 2] = [
            &["migrate"],
            &[
                "actor", "add", "--key", "eu", "--name", "EU", "--kind", "bloc",
            ],
        ];
        for (n, args) in upgrades.into_iter().enumerate() {
            let db = env.path(&format!("level-{level}-{n}.db"));
            fixture(&db, level);
            let before = dump(&db);
            let data = records(&db);
            let file = bytes(&db);

            // A read command asks for the migration and changes nothing.
            let run = env.run_on(&db, ["actor", "list"]);
            run.code(65);
            let line = run.one_error_line();
            assert!(
                line.contains(&format!("schema level {level}"))
                    && line.contains("provtrack migrate"),
                "{line}"
            );
            assert!(bytes(&db) == file, "level {level}: a read changed the file");

            let run = env.run_on(&db, args);
            run.code(0);
            let backup = env.path(&format!("level-{level}-{n}.db.bak-v{level}"));
            run.stderr_has(&["backup of the previous version", "migrated"]);
            assert!(
                run.stderr.contains(&*backup.to_string_lossy()),
                "{}",
                run.stderr
            );

            // The records survive, the schema is current, the file is sound.
            assert_eq!(level_of(&db), latest as i64);
            assert_eq!(integrity(&db), "ok");
            if n == 0 {
                assert_eq!(records(&db), data, "level {level}: the records changed");
            } else {
                assert_eq!(count_in(&db, "actors"), 4);
                assert_eq!(count_in(&db, "stances"), 2);
            }
            env.run_on(&db, ["doctor"]).code(0);
            let shown = env
                .run_on(&db, ["--format", "json", "stance", "show", "2"])
                .code(0)
                .json();
            assert_eq!(shown["status"], "retracted", "{shown}");

            // The backup beside it is the database as it was, and opens on its own.
            assert_eq!(level_of(&backup), level as i64);
            assert_eq!(dump(&backup), before, "level {level}: the backup differs");
            assert_eq!(integrity(&backup), "ok");
        }
    }
}

/// Level 1 as it is, then a level 2 whose last statement fails after others that
/// create, alter, update (firing a history trigger) and insert.
static BROKEN: [Migration; 2] = [
    Migration {
        level: 1,
        name: "0001_init",
        sql: MIGRATIONS[0].sql,
    },
    Migration {
        level: 2,
        name: "0002_broken",
        sql: "CREATE TABLE extra (x INTEGER);
              ALTER TABLE actors ADD COLUMN nickname TEXT;
              UPDATE actors SET name = 'changed';
              INSERT INTO extra VALUES (1);
              INSERT INTO no_such_table VALUES (1);",
    },
];

#[test]
fn a_failing_migration_leaves_the_schema_and_data_unchanged() {
    let env = TestEnv::new();
    let db = env.path("level-1.db");
    fixture(&db, 1);
    let before = dump(&db);
    let mut conn = Connection::open(&db).unwrap();
    let schema = schema_of(&conn);

    let err = match migrate::apply(&mut conn, &BROKEN) {
        Ok(_) => panic!("the broken migration was applied"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("migration 0002_broken failed, nothing was changed")
            && err.contains("no_such_table"),
        "{err}"
    );
    assert_eq!(level_of(&db), 1);
    assert_eq!(schema_of(&conn), schema, "the schema changed");
    drop(conn);
    assert_eq!(dump(&db), before, "the data changed");
    assert_eq!(integrity(&db), "ok");

    // Through the binary: the real last migration meets an object of the same name
    // that another tool created, fails, and leaves the database as it was.
    let last = MIGRATIONS.last().unwrap();
    let Some(name) = first_created(last.sql) else {
        println!(
            "skipped: the binary half: {} creates nothing by name",
            last.name
        );
        return;
    };
    let db = env.path("clash.db");
    fixture(&db, MIGRATIONS.len() - 1);
    Connection::open(&db)
        .unwrap()
        .execute_batch(&format!("CREATE TABLE \"{name}\" (x INTEGER);"))
        .unwrap();
    let before = dump(&db);
    let run = env.run_on(&db, ["migrate"]);
    run.code(1);
    let line = run.one_error_line();
    assert!(
        line.contains(&format!(
            "migration {} failed, nothing was changed",
            last.name
        )),
        "{line}"
    );
    assert_eq!(dump(&db), before, "a failed migration changed the database");
    assert_eq!(integrity(&db), "ok");
}

/// The name of the first table or view a migration creates.
fn first_created(sql: &str) -> Option<String> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    words.windows(4).find_map(|w| {
        let created = w[0].eq_ignore_ascii_case("CREATE");
        let table = match (w[1].to_ascii_uppercase().as_str(), w[2]) {
            ("TABLE" | "VIEW", name) => Some(name),
            ("VIRTUAL", t) if t.eq_ignore_ascii_case("TABLE") => Some(w[3]),
            _ => None,
        };
        let name = table?.trim_matches(|c: char| c == '"' || c == '(' || c == ';');
        (created && !name.eq_ignore_ascii_case("IF")).then(|| name.to_string())
    })
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let env = TestEnv::sample();
    let newer = MIGRATIONS.len() + 1;
    env.write_conn()
        .execute_batch(&format!("PRAGMA user_version = {newer};"))
        .unwrap();
    let file = bytes(env.db_path());
    let files = listing(env.dir());
    for args in [
        &["actor", "list"][..],
        &[
            "actor", "add", "--key", "x", "--name", "X", "--kind", "state",
        ],
        &["migrate"],
    ] {
        let run = env.run(args);
        run.code(65);
        let line = run.one_error_line();
        assert!(
            line.contains("newer provtrack") && line.contains("left untouched"),
            "{line}"
        );
        assert!(bytes(env.db_path()) == file, "{args:?} changed the file");
        assert_eq!(listing(env.dir()), files, "{args:?} added files");
    }
}
