//! The migration runner: numbered SQL files, embedded in the binary, applied in order.
//!
//! The schema level is `PRAGMA user_version`; each step runs in its own transaction that
//! also sets the new level, so a failing step leaves the schema and data as they were.
//! A merged migration is never edited: a change to the schema is a new file.

use rusqlite::Connection;

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
];

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
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(m.sql).map_err(|e| {
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
        applied.push(m);
    }
    Ok(applied)
}
