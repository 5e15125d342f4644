//! The migration runner: numbered SQL files, embedded in the binary, applied in order.
//!
//! The schema level is `PRAGMA user_version`; each step runs in its own transaction that
//! also sets the new level, so a failing step leaves the schema and data as they were.
//! A merged migration is never edited: a change to the schema is a new file.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::error::{Error, Result};

/// The tag every provtrack database carries in `PRAGMA application_id` ("PRVT").
pub const APPLICATION_ID: i64 = 0x5052_5654;

pub struct Migration {
    pub level: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        level: 1,
        name: "0001_init",
        sql: include_str!("../../migrations/0001_init.sql"),
    },
    Migration {
        level: 2,
        name: "0002_reports",
        sql: include_str!("../../migrations/0002_reports.sql"),
    },
    Migration {
        level: 3,
        name: "0003_other_tools",
        sql: include_str!("../../migrations/0003_other_tools.sql"),
    },
    Migration {
        level: 4,
        name: "0004_search_records",
        sql: include_str!("../../migrations/0004_search_records.sql"),
    },
    Migration {
        level: 5,
        name: "0005_search_records_partial_indexes",
        sql: include_str!("../../migrations/0005_search_records_partial_indexes.sql"),
    },
    Migration {
        level: 6,
        name: "0006_fold_names",
        sql: include_str!("../../migrations/0006_fold_names.sql"),
    },
    Migration {
        level: 7,
        name: "0007_statements",
        sql: include_str!("../../migrations/0007_statements.sql"),
    },
    Migration {
        level: 8,
        name: "0008_lineage",
        sql: include_str!("../../migrations/0008_lineage.sql"),
    },
    Migration {
        level: 9,
        name: "0009_lineage_reports",
        sql: include_str!("../../migrations/0009_lineage_reports.sql"),
    },
    Migration {
        level: 10,
        name: "0010_current_rule",
        sql: include_str!("../../migrations/0010_current_rule.sql"),
    },
    Migration {
        level: 11,
        name: "0011_source_tallies",
        sql: include_str!("../../migrations/0011_source_tallies.sql"),
    },
    Migration {
        level: 12,
        name: "0012_source_tallies_once",
        sql: include_str!("../../migrations/0012_source_tallies_once.sql"),
    },
    Migration {
        level: 13,
        name: "0013_source_plan_index",
        sql: include_str!("../../migrations/0013_source_plan_index.sql"),
    },
];

/// A table rebuilt before a migration's SQL runs: SQLite cannot change a column's CHECK,
/// DEFAULT or NOT NULL in place. `edits` turn the table's stored CREATE statement into
/// the new one (whitespace between words is matched loosely); every row keeps its id,
/// and the table's indexes, triggers and AUTOINCREMENT counter are put back as they were.
struct Rebuild {
    table: &'static str,
    edits: &'static [(&'static str, &'static str)],
}

/// The tables each migration rebuilds, by migration name.
fn rebuilds(name: &str) -> &'static [Rebuild] {
    match name {
        // Dates must be real days: SQLite's date() keeps '2025-02-30' as it is, while
        // date(x, '+0 days') normalises it to '2025-03-02', so the two differ for a day
        // the month does not have. Aliases another tool inserts without `folded` get it
        // from a trigger; stances without `recorded_at` get the time of the insert.
        "0003_other_tools" => &[
            Rebuild {
                table: "sources",
                edits: &[(
                    "CHECK (published_on IS date(published_on))",
                    "CHECK (published_on IS date(published_on, '+0 days'))",
                )],
            },
            Rebuild {
                table: "plans",
                edits: &[(
                    "CHECK (first_reported_on IS date(first_reported_on))",
                    "CHECK (first_reported_on IS date(first_reported_on, '+0 days'))",
                )],
            },
            Rebuild {
                table: "stances",
                edits: &[
                    (
                        "CHECK (stated_on IS date(stated_on))",
                        "CHECK (stated_on IS date(stated_on, '+0 days'))",
                    ),
                    (
                        "recorded_at TEXT NOT NULL,",
                        "recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),",
                    ),
                ],
            },
            Rebuild {
                table: "actor_aliases",
                edits: &[("folded TEXT NOT NULL PRIMARY KEY", "folded TEXT UNIQUE")],
            },
        ],
        // Plans evolve: a plan can be `superseded`. (The provisions table is rebuilt by
        // the migration's own SQL: its point changes type and two columns go.)
        // Joint statements are actors of kind `statement`.
        "0009_lineage_reports" => &[Rebuild {
            table: "actors",
            edits: &[("'media'))", "'media', 'statement'))")],
        }],
        "0008_lineage" => &[Rebuild {
            table: "plans",
            edits: &[("'abandoned'))", "'abandoned', 'superseded'))")],
        }],
        _ => &[],
    }
}

/// Finds `pattern` in `text` with any run of whitespace in `pattern` matching any
/// non-empty run of whitespace in `text`; returns the byte range.
fn find_loosely(text: &str, pattern: &str) -> Option<std::ops::Range<usize>> {
    let words: Vec<&str> = pattern.split_whitespace().collect();
    let first = words.first()?;
    let mut from = 0;
    while let Some(at) = text[from..].find(first) {
        let start = from + at;
        let mut end = start + first.len();
        let mut ok = true;
        for word in &words[1..] {
            let rest = &text[end..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || !trimmed.starts_with(word) {
                ok = false;
                break;
            }
            end += rest.len() - trimmed.len() + word.len();
        }
        if ok {
            return Some(start..end);
        }
        from = start + first.len();
    }
    None
}

/// Rebuilds one table as the SQLite documentation describes (create the new table,
/// copy, drop, rename, restore indexes and triggers), inside the migration's
/// transaction. Foreign keys are off for the whole migration (see `apply`).
fn rebuild(tx: &rusqlite::Transaction, step: &Rebuild, migration: &str) -> Result<()> {
    let table = step.table;
    let fail = |why: String| {
        Error::Unexpected(format!(
            "migration {migration} failed, nothing was changed: {why}"
        ))
    };
    let create: String = tx
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .map_err(|_| fail(format!("table {table} is missing")))?;
    let mut new_create = create.clone();
    for (from, to) in step.edits {
        let range = find_loosely(&new_create, from)
            .ok_or_else(|| fail(format!("the definition of {table} has no `{from}`")))?;
        new_create.replace_range(range, to);
    }
    let temp = format!("{table}__rebuilt");
    // "CREATE TABLE name (" or, after an earlier rebuild, "CREATE TABLE \"name\" (".
    let head = new_create
        .find('(')
        .ok_or_else(|| fail(format!("cannot read the definition of {table}")))?;
    new_create.replace_range(..head, &format!("CREATE TABLE {temp} "));

    let mut stmt = tx.prepare(
        "SELECT sql FROM sqlite_schema WHERE tbl_name = ?1 AND type IN ('index', 'trigger')
         AND sql IS NOT NULL ORDER BY type, name",
    )?;
    let dependents = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);
    let mut stmt = tx.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ");
    drop(stmt);
    let sequence: Option<i64> = tx
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .ok();

    // The rows are copied as they are: a row an older provtrack or another tool wrote
    // with a day the month does not have is kept (`doctor` names it) rather than
    // failing the upgrade; the new CHECK applies to every later insert and update.
    tx.execute_batch(&new_create)?;
    tx.execute_batch("PRAGMA ignore_check_constraints = ON;")?;
    let copied = tx.execute_batch(&format!(
        "INSERT INTO {temp} ({columns}) SELECT {columns} FROM {table};"
    ));
    tx.execute_batch("PRAGMA ignore_check_constraints = OFF;")?;
    copied?;
    // legacy_alter_table: the rename must not rewrite (or check) the views and other
    // tables' triggers that name the table; they name it again once it is renamed.
    tx.execute_batch(&format!(
        "DROP TABLE {table};
         PRAGMA legacy_alter_table = ON;
         ALTER TABLE {temp} RENAME TO {table};
         PRAGMA legacy_alter_table = OFF;"
    ))?;
    for sql in &dependents {
        tx.execute_batch(sql)?;
    }
    if let Some(seq) = sequence {
        tx.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1",
            rusqlite::params![table, seq],
        )?;
    }
    Ok(())
}

pub fn latest_level() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.level)
}

pub fn current_level(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies every migration above the database's level, each in one transaction.
pub fn apply_pending(conn: &mut Connection) -> Result<Vec<&'static Migration>> {
    apply(conn, MIGRATIONS)
}

/// Applies `migrations` above the current level; separate from `apply_pending` so tests
/// can show that a failing step changes nothing.
pub fn apply(
    conn: &mut Connection,
    migrations: &'static [Migration],
) -> Result<Vec<&'static Migration>> {
    let level = current_level(conn)?;
    let mut applied = Vec::new();
    for m in migrations.iter().filter(|m| m.level > level) {
        let steps = rebuilds(m.name);
        // A rebuild drops tables other tables point to: foreign keys are off for the
        // step (they cannot change inside a transaction) and checked before the commit.
        let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if !steps.is_empty() {
            conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
        }
        let result = apply_one(conn, m, steps);
        if !steps.is_empty() && keys_on {
            conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        }
        if result? {
            applied.push(m);
        }
    }
    Ok(applied)
}

/// Applies one migration in one transaction; false when another process applied it
/// while this one waited for the lock (the level read inside the transaction decides).
fn apply_one(conn: &mut Connection, m: &Migration, steps: &[Rebuild]) -> Result<bool> {
    {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if current_level(&tx)? >= m.level {
            return Ok(false);
        }
        for step in steps {
            rebuild(&tx, step, m.name).map_err(|e| match e {
                Error::Unexpected(_) => e,
                other => Error::Unexpected(format!(
                    "migration {} failed, nothing was changed: {other}",
                    m.name
                )),
            })?;
        }
        if !steps.is_empty() {
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(Error::Unexpected(format!(
                    "migration {} failed, nothing was changed: {broken} row(s) point to \
                     missing records (see `provtrack doctor`)",
                    m.name
                )));
            }
        }
        tx.execute_batch(m.sql)
            .and_then(|()| after_sql(&tx, m))
            .map_err(|e| {
                // A syntax error's text holds the whole migration: keep the message one line.
                let why = match &e {
                    rusqlite::Error::SqlInputError { msg, offset, .. } => {
                        format!("{msg} (at byte {offset} of the migration)")
                    }
                    other => other.to_string(),
                };
                Error::Unexpected(format!(
                    "migration {} failed, nothing was changed: {why}",
                    m.name
                ))
            })?;
        // PRAGMA values cannot be bound; both are integers from this file, not user text.
        tx.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID};",
            m.level
        ))?;
        tx.commit()?;
    }
    Ok(true)
}

/// The steps of a migration that SQL cannot do, run in its transaction after its file.
/// Matched by the name's tail, which stays when a migration is renumbered.
fn after_sql(conn: &Connection, m: &Migration) -> rusqlite::Result<()> {
    if m.name.ends_with("_fold_names") {
        refold_aliases(conn, m.name)?;
    }
    Ok(())
}

/// Stores every alias trimmed and in NFC with `names::fold` in `folded`. Where two
/// aliases now fold alike the older (smaller rowid) stays, and an alias that now folds
/// to another actor's key is removed; the history triggers keep every removed or
/// changed alias, under the command `migration NAME`.
fn refold_aliases(conn: &Connection, migration: &str) -> rusqlite::Result<()> {
    use crate::names::{clean, fold};
    conn.execute(
        "INSERT INTO current_operation (id, command) VALUES (1, ?1)",
        [format!("migration {migration}")],
    )?;
    let keys: HashMap<String, i64> = conn
        .prepare("SELECT key, id FROM actors")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let aliases: Vec<(i64, String, Option<String>, i64)> = conn
        .prepare("SELECT rowid, alias, folded, actor_id FROM actor_aliases ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut kept: HashMap<String, i64> = HashMap::new();
    let mut removed = Vec::new();
    let mut changed = Vec::new();
    for (rowid, alias, folded, actor_id) in aliases {
        let new = fold(&alias);
        let shadows = keys.get(&new).is_some_and(|&owner| owner != actor_id);
        if new.is_empty() || shadows || kept.contains_key(&new) {
            removed.push(rowid);
            continue;
        }
        let shown = clean(&alias);
        if folded.as_deref() != Some(new.as_str()) || shown != alias {
            changed.push((rowid, shown, new.clone()));
        }
        kept.insert(new, rowid);
    }
    for rowid in removed {
        conn.execute("DELETE FROM actor_aliases WHERE rowid = ?1", [rowid])?;
    }
    // `folded` is the primary key: an alias whose new fold is another one's old fold
    // waits until that one has moved; a cycle moves one out of the way first.
    let mut pending = changed;
    let mut rounds = pending.len() * 2 + 2;
    while !pending.is_empty() {
        let before = pending.len();
        let mut waiting = Vec::new();
        for (rowid, alias, folded) in pending {
            let done = conn.execute(
                "UPDATE actor_aliases SET alias = ?1, folded = ?2 WHERE rowid = ?3",
                params![alias, folded, rowid],
            );
            match done {
                Ok(_) => {}
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
                        && rounds > 0 =>
                {
                    waiting.push((rowid, alias, folded))
                }
                Err(e) => return Err(e),
            }
        }
        if waiting.len() == before {
            // A value no fold makes (folds never start with NUL): a cycle opens.
            let rowid = waiting[0].0;
            conn.execute(
                "UPDATE actor_aliases SET folded = ?1 WHERE rowid = ?2",
                params![format!("\u{0}{rowid}"), rowid],
            )?;
        }
        rounds = rounds.saturating_sub(1);
        pending = waiting;
    }
    conn.execute("DELETE FROM current_operation", [])?;
    Ok(())
}
