//! Bulk work: the stance writes of every import.
//!
//! An import resolves keys through `KeyMaps` (see `resolve`) and writes stances through
//! `StanceBulk`: a stance already stored is merged and written only when a value
//! differs (so history records only real changes); new ones are inserted together at
//! the end by one statement.

use rusqlite::{params, CachedStatement, OptionalExtension};

use super::db::Db;
use super::Store;
use crate::error::{Error, Result};
use crate::statement::Statement;

/// The page cache for a bulk import, in KiB (SQLite's default is 2 MiB). Large enough
/// to keep the stance indexes' upper levels in memory at a million rows, small enough
/// for the import's 150 MB memory budget.
const BULK_CACHE_KIB: i64 = 32 * 1024;

impl Store {
    /// Gives the connection a larger page cache for a bulk import. Durability is not
    /// touched: the import still commits once, with the usual fsync.
    pub fn prepare_for_bulk(&self) -> Result<()> {
        // Temporary tables (the staged stances) on disk, not in memory, whatever the
        // build's default, so a large import stays within its memory budget.
        self.conn.execute_batch(&format!(
            "PRAGMA cache_size = -{BULK_CACHE_KIB}; PRAGMA temp_store = FILE;"
        ))?;
        Ok(())
    }

    /// Runs `f` in one read transaction, so that every query sees the same snapshot
    /// even while another process writes.
    pub fn snapshot<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = f(&Db::new(&tx))?;
        tx.finish()?;
        Ok(value)
    }
}

/// Where a staged stance came from: an input number and a line (or record index), so
/// that a row the database refuses can be named.
pub type Tag = (i64, i64);

/// Why `finish` failed: the error, the row the database refused, and for a key used
/// twice, the earlier row with that key and whether the key was given or generated.
pub struct Refused {
    pub error: Error,
    pub tag: Option<Tag>,
    pub twin: Option<(Tag, bool, String)>,
}

/// Writes the stances of an import. A stance already stored is merged at once (only a
/// real change is written, so history records only changes); a new one is staged in a
/// temporary table and all of them are inserted by one `INSERT ... SELECT` at `finish`
/// (with their targets and intermediaries by two more).
///
/// One statement instead of one per row matters: inside a transaction, a statement
/// that fires triggers (the search index, history) first copies every page it is about
/// to change into a statement journal, so that it can be undone alone. A million
/// single-row inserts would copy some 17 pages each; one statement copies each page at
/// most once.
pub struct StanceBulk<'c> {
    conn: &'c rusqlite::Connection,
    stage: CachedStatement<'c>,
    staged: u64,
    /// No stance was stored when the import began: nothing to look up.
    was_empty: bool,
}

const STAGE_TABLE: &str = "
CREATE TEMP TABLE IF NOT EXISTS bulk_stances (
    key TEXT, actor_id INTEGER, plan_id INTEGER, kind TEXT, position TEXT,
    source_id INTEGER, relays_source_id INTEGER, stated_on TEXT, stated_precision TEXT,
    stated_inferred INTEGER, quote TEXT, evidence TEXT, attribution TEXT, status TEXT,
    status_reason TEXT, notes TEXT, recorded_at TEXT, provisions TEXT, via TEXT,
    key_given INTEGER, input INTEGER, line INTEGER);
DELETE FROM temp.bulk_stances;";

const STAGE_STANCE: &str = "
INSERT INTO temp.bulk_stances VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
    ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

/// The staged stances into `stances`, in input order.
const INSERT_STAGED: &str = "
INSERT INTO stances (key, actor_id, plan_id, kind, position, source_id, relays_source_id,
                     stated_on, stated_precision, stated_inferred, quote, evidence,
                     attribution, status, status_reason, notes, recorded_at)
SELECT key, actor_id, plan_id, kind, position, source_id, relays_source_id, stated_on,
       stated_precision, stated_inferred, quote, evidence, attribution, status,
       status_reason, notes, recorded_at
FROM temp.bulk_stances WHERE {filter} ORDER BY rowid";

/// Their targets (a stance with no provisions is about the plan as a whole: one row
/// with provision_id NULL) and intermediaries, found by key.
const INSERT_STAGED_LINKS: &str = "
INSERT INTO stance_targets (stance_id, provision_id)
SELECT st.id, j.value
FROM temp.bulk_stances b
JOIN stances st ON st.key = b.key
LEFT JOIN json_each(b.provisions) j
ORDER BY b.rowid, j.key;
INSERT INTO stance_via (stance_id, hop, actor_id)
SELECT st.id, j.key + 1, j.value
FROM temp.bulk_stances b
JOIN stances st ON st.key = b.key
JOIN json_each(b.via) j
WHERE b.via <> '[]';";

fn json_ids(ids: &[i64]) -> String {
    let items: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", items.join(","))
}

impl StanceBulk<'_> {
    /// The stored stance a record names: by its key, or (a record without a key) by
    /// its identity, which also finds stances recorded before keys were generated.
    pub fn find(
        &self,
        db: &Db,
        s: &Statement,
        key_given: bool,
    ) -> Result<Option<(i64, Statement)>> {
        if self.was_empty {
            return Ok(None);
        }
        let id = match db.stance_by_key(&s.key)? {
            Some(id) => Some(id),
            None if !key_given => db.stances_with_identity(s, None)?.first().copied(),
            None => None,
        };
        match id {
            Some(id) => Ok(db.load_statement(id)?.map(|old| (id, old))),
            None => Ok(None),
        }
    }

    /// Stages a new stance, inserted at `finish`; `tag` names it if the database
    /// refuses it.
    pub fn stage(&mut self, s: &Statement, key_given: bool, tag: Tag) -> Result<()> {
        let (provisions, via) = (json_ids(&s.provisions), json_ids(&s.via));
        let extra: [&dyn rusqlite::ToSql; 5] = [&provisions, &via, &key_given, &tag.0, &tag.1];
        self.stage.execute(rusqlite::params_from_iter(
            super::stances::stance_row(s).into_iter().chain(extra),
        ))?;
        self.staged += 1;
        Ok(())
    }

    /// How many new stances are staged.
    pub fn staged(&self) -> u64 {
        self.staged
    }

    /// Inserts the staged stances; returns how many were added. When the database
    /// refuses a row, the error comes with that row's tag (and, for a key used twice,
    /// the earlier row's).
    pub fn finish(self) -> std::result::Result<u64, Refused> {
        let conn = self.conn;
        let staged = self.staged;
        drop(self);
        let count = |conn: &rusqlite::Connection| -> rusqlite::Result<i64> {
            conn.query_row("SELECT count(*) FROM stances", [], |r| r.get(0))
        };
        let run = || -> rusqlite::Result<u64> {
            if staged == 0 {
                return Ok(0);
            }
            let before = count(conn)?;
            // A load that adds many rows relative to what is stored is faster with the
            // secondary indexes built afterwards, by one sort each, than kept up to date
            // row by row. The indexes are re-created from their own SQL in the same
            // transaction, so a failure leaves them as they were.
            let rebuild = staged >= REBUILD_MIN_ROWS && staged >= before as u64 / 2;
            let (indexes, triggers) = if rebuild {
                (stance_indexes(conn)?, derived_triggers(conn)?)
            } else {
                (Vec::new(), Vec::new())
            };
            for (name, _) in &indexes {
                conn.execute_batch(&format!("DROP INDEX \"{}\";", name.replace('"', "\"\"")))?;
            }
            // Likewise the derived tables (target_stances, latest_stances): filled again
            // once the rows are in, rather than row by row as they go in.
            for (name, _) in &triggers {
                conn.execute_batch(&format!("DROP TRIGGER \"{}\";", name.replace('"', "\"\"")))?;
            }
            conn.execute(&INSERT_STAGED.replace("{filter}", "true"), [])?;
            conn.execute_batch(INSERT_STAGED_LINKS)?;
            for (_, sql) in &indexes {
                conn.execute_batch(sql)?;
            }
            if !triggers.is_empty() {
                conn.execute_batch(REFRESH_DERIVED)?;
            }
            for (_, sql) in &triggers {
                conn.execute_batch(sql)?;
            }
            Ok((count(conn)? - before) as u64)
        };
        match run() {
            Ok(added) => {
                conn.execute_batch("DROP TABLE temp.bulk_stances;")
                    .map_err(|e| Refused {
                        error: Error::from(e),
                        tag: None,
                        twin: None,
                    })?;
                Ok(added)
            }
            Err(e) => {
                // The failed statement changed nothing; find the first row it refuses.
                let (tag, twin) = first_refused(conn).unwrap_or((None, None));
                Err(Refused {
                    error: Error::from(e),
                    tag,
                    twin,
                })
            }
        }
    }
}

/// The fewest new stances for which `finish` rebuilds the secondary indexes.
const REBUILD_MIN_ROWS: u64 = 20_000;

/// The secondary indexes of the stance tables, as (name, CREATE INDEX statement):
/// those created by name, except unique ones (a uniqueness rule must hold while rows
/// go in).
fn stance_indexes(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT s.name, s.sql FROM sqlite_schema s
         WHERE s.type = 'index' AND s.tbl_name IN ('stances', 'stance_targets', 'target_stances')
           AND s.sql IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.tbl_name) l
                           WHERE l.name = s.name AND l.\"unique\")
         ORDER BY s.name",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// The triggers that keep target_stances and latest_stances in step with each target
/// inserted, and those that keep source_tallies (level 11), as (name, CREATE TRIGGER
/// statement); a bulk load drops them and runs `REFRESH_DERIVED` instead.
fn derived_triggers(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'trigger'
           AND (name IN ('stance_targets_derived_insert', 'target_stances_latest_insert')
                OR name LIKE 'source\\_tallies\\_%' ESCAPE '\\')
         ORDER BY name",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// The derived tables filled again (migrations 0010 and 0011 define the views), in one
/// pass each.
const REFRESH_DERIVED: &str = "
DELETE FROM target_stances;
INSERT INTO target_stances SELECT * FROM target_stances_recomputed;
DELETE FROM latest_stances;
INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;
DELETE FROM source_tallies;
INSERT INTO source_tallies SELECT * FROM source_tallies_recomputed;";

/// Inserts the staged rows one by one until one fails; returns that row's tag, and the
/// earlier staged row with the same key, if any, with whether that key was given.
#[allow(clippy::type_complexity)]
fn first_refused(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<(Option<Tag>, Option<(Tag, bool, String)>)> {
    let rows: Vec<(i64, String, i64, i64)> = conn
        .prepare("SELECT rowid, key, input, line FROM temp.bulk_stances ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(&INSERT_STAGED.replace("{filter}", "rowid = ?1"))?;
    for (rowid, key, input, line) in rows {
        if stmt.execute([rowid]).is_err() {
            let twin = conn
                .query_row(
                    "SELECT input, line, key_given FROM temp.bulk_stances
                     WHERE key = ?1 AND rowid < ?2 ORDER BY rowid LIMIT 1",
                    params![key, rowid],
                    |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, i64>(2)? != 0)),
                )
                .optional()?
                .map(|(tag, given)| (tag, given, key));
            return Ok((Some((input, line)), twin));
        }
    }
    Ok((None, None))
}

impl<'c> Db<'c> {
    /// Starts writing the stances of an import (see `StanceBulk`).
    pub fn stance_bulk(&self) -> Result<StanceBulk<'c>> {
        self.conn.execute_batch(STAGE_TABLE)?;
        Ok(StanceBulk {
            conn: self.conn,
            stage: self.conn.prepare_cached(STAGE_STANCE)?,
            staged: 0,
            was_empty: self.stance_count()? == 0,
        })
    }

    pub fn stance_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM stances", [], |r| r.get(0))?;
        Ok(n as u64)
    }
}
