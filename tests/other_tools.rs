//! Other tools writing the same file (sqlite-utils, the sqlite3 shell): the database
//! itself refuses days that do not exist, fills in what provtrack would (an alias's
//! folded form, a stance's recorded_at), and `doctor` names what it cannot fix.
//!
//! The inserts go through the sqlite3 API as sqlite-utils sends them: one
//! `INSERT INTO [table] ([col], ...) VALUES (?, ...)` naming only the columns given,
//! with foreign keys on.

use crate::common::TestEnv;
use provtrack::store::migrate::{self, MIGRATIONS};
use rusqlite::{params, Connection};

/// A connection like sqlite-utils opens: plain, with foreign keys enforced.
fn tool(env: &TestEnv) -> Connection {
    let conn = env.write_conn();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn
}

fn id(conn: &Connection, table: &str, key: &str) -> i64 {
    conn.query_row(
        &format!("SELECT id FROM [{table}] WHERE key = ?"),
        [key],
        |r| r.get(0),
    )
    .unwrap()
}

/// Issue 14: "an alias row inserted by sqlite-utils needs a hand-computed `folded`
/// column" and "`recorded_at` has no default".
#[test]
fn rows_inserted_like_sqlite_utils_work_in_reports_and_doctor() {
    let env = TestEnv::seeded();
    let conn = tool(&env);
    let zelensky = id(&conn, "actors", "zelensky");
    conn.execute(
        "INSERT INTO [actor_aliases] ([alias], [actor_id]) VALUES (?, ?)",
        params!["Zelya", zelensky],
    )
    .expect("an alias without `folded` is accepted");
    let provision = id(&conn, "provisions", "28pt-no-nato-in-constitution");
    let source = id(&conn, "sources", "bloomberg-2025-11-21-28-point-plan");
    let plan = id(&conn, "plans", "us-28-point-plan");
    conn.execute(
        "INSERT INTO [stances] ([key], [actor_id], [plan_id], [position], [source_id], [stated_on], [quote])
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        params!["by-a-tool", zelensky, plan, "undecided", source, "2025-11-20", "We are reviewing it"],
    )
    .expect("a stance without recorded_at is accepted");
    let stance = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO [stance_targets] ([stance_id], [provision_id]) VALUES (?, ?)",
        params![stance, provision],
    )
    .expect("its target");
    drop(conn);

    assert_eq!(
        env.text("SELECT folded FROM actor_aliases WHERE alias = 'Zelya'")
            .as_deref(),
        Some("zelya")
    );
    let recorded = env
        .text(&format!(
            "SELECT recorded_at FROM stances WHERE id = {stance}"
        ))
        .unwrap();
    assert!(
        recorded.len() == 20 && recorded.starts_with("20") && recorded.ends_with('Z'),
        "{recorded}"
    );
    // Filling in `folded` is part of the insert, not an edit kept in history.
    assert_eq!(
        env.text("SELECT count(*) || '' FROM history WHERE table_name = 'actor_aliases'")
            .as_deref(),
        Some("0")
    );

    env.ok(["actor", "show", "zelya"]).stdout_has(&["zelensky"]);
    let rows = env
        .ok(["--format", "json", "report", "timeline", "--actor", "Zelya"])
        .json_rows();
    assert!(
        rows.iter()
            .any(|r| r.values().any(|v| v == "We are reviewing it")),
        "{rows:?}"
    );
    env.ok(["stance", "show", &stance.to_string()])
        .stdout_has(&[&recorded]);
    env.ok(["doctor"]);
}

/// Runs SQL statements through Python's sqlite3 module, the API sqlite-utils uses (with
/// the SQLite that Python links, often older than provtrack's bundled one), each in its
/// own transaction; returns each statement's error, if any. None when python3 is missing
/// outside CI.
fn through_python(env: &TestEnv, statements: &[&str]) -> Option<Vec<Option<String>>> {
    const SCRIPT: &str = "
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute('PRAGMA foreign_keys = ON')
out = []
for sql in json.loads(sys.stdin.read()):
    try:
        with conn:
            conn.execute(sql)
        out.append(None)
    except sqlite3.Error as e:
        out.append(str(e))
print(json.dumps(out))
";
    use std::io::Write as _;
    let child = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(env.db_path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_some() => panic!("CI needs python3: {e}"),
        Err(e) => {
            println!("skipped: python3 cannot be started ({e}); CI has it");
            return None;
        }
    };
    let input = serde_json::to_string(statements).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 failed");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// Issue 14: "the schema's date CHECK accepts `2025-02-30`" — when another tool writes
/// the file (SQLite before 3.46 keeps date('2025-02-30') as it is, and Python's sqlite3
/// often links one).
#[test]
fn the_database_refuses_days_that_do_not_exist() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let refused = [
        "INSERT INTO [sources] ([key], [outlet], [title], [published_on], [kind])
         VALUES ('s-x', 'Outlet', 'Title', '2025-02-30', 'news')",
        "UPDATE [plans] SET [first_reported_on] = '2025-02-29', [first_reported_precision] = 'day'
         WHERE key = 'us-28-point-plan'",
        "UPDATE [stances] SET [stated_on] = '2025-04-31' WHERE id = 1",
        "UPDATE [sources] SET [published_on] = '2025-11-31'
         WHERE key = 'bloomberg-2025-11-21-28-point-plan'",
    ];
    // Through provtrack's own SQLite and through the one other tools link.
    let conn = tool(&env);
    for sql in refused {
        let err = conn.execute(sql, []).expect_err(sql).to_string();
        assert!(err.contains("CHECK constraint failed"), "{sql}: {err}");
    }
    drop(conn);
    if let Some(results) = through_python(&env, &refused) {
        for (sql, result) in refused.iter().zip(results) {
            let err = result.unwrap_or_else(|| panic!("accepted through Python: {sql}"));
            assert!(err.contains("CHECK constraint failed"), "{sql}: {err}");
        }
    }
    assert_eq!(env.dump(), before);
    // A leap day is a day.
    let leap = [
        "INSERT INTO [sources] ([key], [outlet], [title], [published_on], [kind])
                 VALUES ('s-leap', 'Outlet', 'Title', '2024-02-29', 'news')",
    ];
    if let Some(results) = through_python(&env, &leap) {
        assert_eq!(results, [None]);
    }
    // provtrack's own input says which field is wrong, as before.
    env.fails_unchanged(
        65,
        [
            "source",
            "add",
            "--key",
            "s-y",
            "--outlet",
            "O",
            "--title",
            "T",
            "--published-on",
            "2025-02-30",
            "--kind",
            "news",
        ],
    );
}

/// Issue 14: "`doctor` passes" on an impossible date and on a wrong `folded`.
#[test]
fn doctor_names_impossible_days_and_aliases_folded_wrongly() {
    let env = TestEnv::seeded();
    let conn = tool(&env);
    // What a file written before this check (or with checks off) can hold.
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE stances SET stated_on = '2025-02-30' WHERE id = 3;
         UPDATE sources SET published_on = '2025-11-31'
         WHERE key = 'bloomberg-2025-11-21-28-point-plan';
         PRAGMA ignore_check_constraints = OFF;
         UPDATE actor_aliases SET folded = 'zelenskyy-typo' WHERE alias = 'Zelenskyy';",
    )
    .unwrap();
    // Non-ASCII folded by hand as SQLite's lower() does (which leaves 'З' as it is, and
    // so does the trigger filling `folded` in); provtrack folds it.
    let zelensky = id(&conn, "actors", "zelensky");
    conn.execute(
        "INSERT INTO [actor_aliases] ([alias], [folded], [actor_id]) VALUES (?, lower(?), ?)",
        params!["Зеленський", "Зеленський", zelensky],
    )
    .unwrap();
    drop(conn);

    let run = env.run(["doctor"]);
    run.code(65);
    run.stdout_has(&[
        "dates are days that exist",
        "stance 3 is stated on 2025-02-30",
        "source bloomberg-2025-11-21-28-point-plan is published on 2025-11-31",
        "aliases are folded as provtrack folds them",
        "alias 'Zelenskyy' is stored folded as 'zelenskyy-typo', provtrack looks it up as 'zelenskyy'",
        "alias 'Зеленський' is stored folded as 'Зеленський', provtrack looks it up as 'зеленський'",
    ]);
    // The impossible day is also after the month its source was published in.
    run.stdout_has(&["stances are not dated after their source"]);
    run.stderr_has(&["doctor found 3 problem(s)"]);
}

/// The upgrade to the stricter schema keeps every row (an impossible day written
/// before it too, for `doctor` to name), every id and the AUTOINCREMENT counter, the
/// triggers (history, search, latest stances) and the indexes.
#[test]
fn the_upgrade_keeps_rows_ids_counters_triggers_and_indexes() {
    let env = TestEnv::new();
    let db = env.db_path().to_path_buf();
    let level = MIGRATIONS
        .iter()
        .position(|m| m.name.ends_with("_other_tools"))
        .expect("the migration exists");
    {
        let mut conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        let (earlier, _) = MIGRATIONS.split_at(level);
        migrate::apply(&mut conn, earlier).unwrap();
        // An older SQLite (or another tool) let a day that does not exist in.
        conn.execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             INSERT INTO sources (key, outlet, title, published_on, kind)
             VALUES ('s1', 'Reuters', 'Ceasefire talks', '2025-02-30', 'news'),
                    ('s2', 'AP', 'Second', '2025-03-01', 'news');
             INSERT INTO actors (key, name, kind) VALUES ('ukraine', 'Ukraine', 'state'),
                                                         ('russia', 'Russia', 'state');
             INSERT INTO actor_aliases (alias, folded, actor_id) VALUES ('Kyiv', 'kyiv', 1);
             INSERT INTO plans (key, title, status) VALUES ('p', 'Plan', 'proposed');
             INSERT INTO provisions (key, plan_id, point, title, category)
             VALUES ('p-1', 1, 1, 'Ceasefire along the line', 'ceasefire');
             INSERT INTO stances (actor_id, provision_id, position, source_id, stated_on,
                                  quote, recorded_at)
             VALUES (1, 1, 'rejects', 1, '2025-02-28', 'Never', '2025-03-01T00:00:00Z'),
                    (2, 1, 'supports', 2, '2025-03-01', NULL, '2025-03-02T00:00:00Z'),
                    (2, 1, 'opposes', 1, '2025-02-01', NULL, '2025-03-02T00:00:00Z');
             DELETE FROM stances WHERE id = 3;
             UPDATE actors SET name = 'Ukraine (state)' WHERE key = 'ukraine';
             PRAGMA ignore_check_constraints = OFF;",
        )
        .unwrap();
    }
    let schema = |conn: &Connection| -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare(
                "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_autoindex%'
                 ORDER BY type, name",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // Every row of every table, as text, table by table.
    let rows_of = |conn: &Connection, table: &str| -> Vec<String> {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        rows
    };
    let before_schema = schema(&env.read_conn());
    let before_rows: Vec<(String, Vec<String>)> = {
        let conn = env.read_conn();
        before_schema
            .iter()
            .filter(|(t, n)| {
                t == "table" && !n.starts_with("sqlite_") && !n.starts_with("search_index")
            })
            .map(|(_, n)| (n.clone(), rows_of(&conn, n)))
            .collect()
    };

    // This migration alone (later ones change the schema on purpose).
    {
        let mut conn = Connection::open(&db).unwrap();
        migrate::apply(&mut conn, &MIGRATIONS[..=level]).unwrap();
    }

    // Every object is still there (later migrations add their own), every row as it was.
    let conn = env.read_conn();
    let after_schema = schema(&conn);
    for object in &before_schema {
        assert!(
            after_schema.contains(object),
            "{object:?} is gone after the upgrade"
        );
    }
    for (table, rows) in &before_rows {
        assert_eq!(&rows_of(&conn, table), rows, "the rows of {table} changed");
    }
    let seq: i64 = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'stances'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(seq, 3, "a removed stance's id is never reused");
    drop(conn);
    env.ok(["migrate"]);

    // The triggers work on the rebuilt tables.
    env.ok(["search", "ceasefire"]).stdout_has(&["p-1", "s1"]);
    env.ok(["stance", "update", "1", "--position", "opposes"]);
    env.ok(["history", "stance", "1"]).stdout_has(&["rejects"]);
    let id = env
        .ok([
            "stance",
            "add",
            "--actor",
            "kyiv",
            "--provision",
            "p-1",
            "--position",
            "supports",
            "--source",
            "s2",
            "--date",
            "2025-03-01",
        ])
        .stdout;
    assert!(id.trim().starts_with("added stance 4 "), "{id}");
    env.run(["doctor"])
        .code(65)
        .stdout_has(&["source s1 is published on 2025-02-30"]);
}

/// A removed record takes its search row with it, through the (partial) index, with
/// foreign keys on (provtrack) and off (another tool).
#[test]
fn search_rows_follow_their_records() {
    let env = TestEnv::seeded();
    let rows = |kind: &str| -> i64 {
        env.text(&format!(
            "SELECT count(*) || '' FROM search_records WHERE kind = '{kind}'"
        ))
        .unwrap()
        .parse()
        .unwrap()
    };
    let stances = rows("stance");
    let quoted: i64 = env
        .text(
            "SELECT count(*) || '' FROM stances \
             WHERE quote IS NOT NULL OR evidence IS NOT NULL OR notes IS NOT NULL",
        )
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(stances, quoted);
    let plan = env
        .text("SELECT CAST(id AS TEXT) FROM stances WHERE quote IS NOT NULL LIMIT 1")
        .unwrap();
    // The look-up by stance uses the partial index.
    let detail: String = env
        .read_conn()
        .query_row(
            &format!("EXPLAIN QUERY PLAN SELECT * FROM search_records WHERE stance_id = {plan}"),
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(detail.contains("search_records_stance"), "{detail}");
    env.ok(["stance", "remove", &plan]);
    assert_eq!(rows("stance"), stances - 1);
    let conn = env.write_conn();
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    conn.execute(
        "DELETE FROM stances WHERE id = (SELECT min(id) FROM stances WHERE quote IS NOT NULL)",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(rows("stance"), stances - 2);
    env.ok(["doctor"]);
}
