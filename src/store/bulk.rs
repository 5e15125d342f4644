//! Bulk work: the stance writes of every import, key look-ups held in memory for the
//! length of an import, and the ordered reads behind `export`.
//!
//! An import resolves keys through `KeyMaps` (loaded once, inside the import's
//! transaction, after the other kinds are written) and writes stances through
//! `StanceBulk`: a stance already stored is merged and written only when a value
//! differs (so history records only real changes); new ones are inserted together at
//! the end by one statement.

use std::collections::HashMap;

use rusqlite::{params, CachedStatement, OptionalExtension};

use super::records::Db;
use super::Store;
use crate::claims::StanceRecord;
use crate::dates::display;
use crate::error::{Error, Result};
use crate::fields::{ActorFields, PlanFields, ProvisionFields, SourceFields};
use crate::names::fold;

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

/// Keys (and actor aliases) to ids, for resolving a bulk import's references without a
/// query per row. The same rules as `Db::resolve`: a record is found by key, an actor
/// also by alias, names compared as `crate::names::fold` does (the stored
/// `actor_aliases.folded`).
#[derive(Debug, Default)]
pub struct KeyMaps {
    actors: HashMap<String, i64>,
    aliases: HashMap<String, i64>,
    provisions: HashMap<String, i64>,
    sources: HashMap<String, i64>,
    /// Publication dates (at their precision), the default date of a stance.
    published: HashMap<i64, String>,
}

impl KeyMaps {
    pub fn actor(&self, text: &str) -> Option<i64> {
        if let Some(id) = self.actors.get(text) {
            return Some(*id);
        }
        let folded = fold(text);
        if let Some(id) = self.aliases.get(&folded) {
            return Some(*id);
        }
        self.actors.get(&folded).copied()
    }

    pub fn provision(&self, key: &str) -> Option<i64> {
        Self::by_key(&self.provisions, key)
    }

    pub fn source(&self, key: &str) -> Option<i64> {
        Self::by_key(&self.sources, key)
    }

    /// A key as given, or else folded (keys are stored folded: lowercase slugs).
    fn by_key(map: &HashMap<String, i64>, key: &str) -> Option<i64> {
        map.get(key).or_else(|| map.get(&fold(key))).copied()
    }

    /// The publication date of a source, as written (`2025-02`), by id.
    pub fn published_on(&self, id: i64) -> Option<&str> {
        self.published.get(&id).map(String::as_str)
    }
}

/// One stance ready to write: references resolved, values checked.
#[derive(Debug, Clone, Copy)]
pub struct StanceValues<'a> {
    pub actor_id: i64,
    pub provision_id: i64,
    pub source_id: i64,
    pub position: &'a str,
    /// The stored date (`YYYY-MM-DD`) and its precision.
    pub stated_on: &'a str,
    pub precision: &'a str,
    pub quote: Option<&'a str>,
    /// None: 'reported' for a new stance, unchanged for a stored one.
    pub attribution: Option<&'a str>,
    /// None: 'active' for a new stance, unchanged (with its reason) for a stored one.
    pub status: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub notes: Option<&'a str>,
    /// Used only when the stance is added.
    pub recorded_at: &'a str,
}

/// Where a staged stance came from: an input number and a line (or record index), so
/// that a row the database refuses can be named.
pub type Tag = (i64, i64);

/// What writing one stance did (or, for a new one, will do at `finish`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// Writes the stances of an import. A stance already stored is merged at once (only a
/// real change is written, so history records only changes); a new one is staged in a
/// temporary table and all of them are inserted by one `INSERT ... SELECT` at `finish`.
///
/// One statement instead of one per row matters: inside a transaction, a statement
/// that fires triggers (the search index, history) first copies every page it is about
/// to change into a statement journal, so that it can be undone alone. A million
/// single-row inserts would copy some 17 pages each; one statement copies each page at
/// most once.
pub struct StanceBulk<'c> {
    conn: &'c rusqlite::Connection,
    find: CachedStatement<'c>,
    update: CachedStatement<'c>,
    stage: CachedStatement<'c>,
    staged: u64,
    /// No stance was stored when the import began: nothing to look up.
    was_empty: bool,
}

const STAGE_TABLE: &str = "
CREATE TEMP TABLE IF NOT EXISTS bulk_stances (
    actor_id INTEGER, provision_id INTEGER, source_id INTEGER, stated_on TEXT,
    position TEXT, stated_precision TEXT, quote TEXT, attribution TEXT, status TEXT,
    status_reason TEXT, notes TEXT, recorded_at TEXT, input INTEGER, line INTEGER);
DELETE FROM temp.bulk_stances;";

const FIND_STANCE: &str = "
SELECT id, position, stated_precision, quote, attribution, status, status_reason, notes
FROM stances WHERE actor_id = ?1 AND provision_id = ?2 AND source_id = ?3 AND stated_on = ?4";

const UPDATE_STANCE: &str = "
UPDATE stances SET position = ?2, stated_precision = ?3, quote = ?4, attribution = ?5,
    status = ?6, status_reason = ?7, notes = ?8
WHERE id = ?1";

const STAGE_STANCE: &str = "
INSERT INTO temp.bulk_stances VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// The staged stances into `stances`, in input order. Two staged rows with the same
/// identity (the same stance twice in the input): the later one wins.
const INSERT_STAGED: &str = "
INSERT INTO stances (actor_id, provision_id, source_id, stated_on, position, stated_precision,
                     quote, attribution, status, status_reason, notes, recorded_at)
SELECT actor_id, provision_id, source_id, stated_on, position, stated_precision,
       quote, attribution, status, status_reason, notes, recorded_at
FROM temp.bulk_stances WHERE {filter} ORDER BY rowid
ON CONFLICT (actor_id, provision_id, source_id, stated_on) DO UPDATE SET
    position = excluded.position, stated_precision = excluded.stated_precision,
    quote = excluded.quote, attribution = excluded.attribution, status = excluded.status,
    status_reason = excluded.status_reason, notes = excluded.notes
WHERE position IS NOT excluded.position OR stated_precision IS NOT excluded.stated_precision
   OR quote IS NOT excluded.quote OR attribution IS NOT excluded.attribution
   OR status IS NOT excluded.status OR status_reason IS NOT excluded.status_reason
   OR notes IS NOT excluded.notes";

/// A stored stance's mutable columns, as `FIND_STANCE` reads them.
struct Stored {
    id: i64,
    position: String,
    precision: String,
    quote: Option<String>,
    attribution: String,
    status: String,
    reason: Option<String>,
    notes: Option<String>,
}

impl StanceBulk<'_> {
    /// Writes one stance (see the type's doc); `tag` names it if the database refuses it.
    pub fn write(&mut self, v: &StanceValues, tag: Tag) -> Result<Outcome> {
        let stored = if self.was_empty {
            None
        } else {
            self.find
                .query_row(
                    params![v.actor_id, v.provision_id, v.source_id, v.stated_on],
                    |r| {
                        Ok(Stored {
                            id: r.get(0)?,
                            position: r.get(1)?,
                            precision: r.get(2)?,
                            quote: r.get(3)?,
                            attribution: r.get(4)?,
                            status: r.get(5)?,
                            reason: r.get(6)?,
                            notes: r.get(7)?,
                        })
                    },
                )
                .optional()?
        };
        let Some(old) = stored else {
            self.stage.execute(params![
                v.actor_id,
                v.provision_id,
                v.source_id,
                v.stated_on,
                v.position,
                v.precision,
                v.quote,
                v.attribution.unwrap_or("reported"),
                v.status.unwrap_or("active"),
                v.reason,
                v.notes,
                v.recorded_at,
                tag.0,
                tag.1,
            ])?;
            self.staged += 1;
            return Ok(Outcome::Added);
        };
        // Fields not given keep their stored value.
        let quote = v.quote.or(old.quote.as_deref());
        let attribution = v.attribution.unwrap_or(&old.attribution);
        let (status, reason) = match v.status {
            Some(s) => (s, v.reason),
            None => (old.status.as_str(), old.reason.as_deref()),
        };
        let notes = v.notes.or(old.notes.as_deref());
        let same = v.position == old.position
            && v.precision == old.precision
            && quote == old.quote.as_deref()
            && attribution == old.attribution
            && status == old.status
            && reason == old.reason.as_deref()
            && notes == old.notes.as_deref();
        if same {
            return Ok(Outcome::Unchanged);
        }
        self.update.execute(params![
            old.id,
            v.position,
            v.precision,
            quote,
            attribution,
            status,
            reason,
            notes
        ])?;
        Ok(Outcome::Updated)
    }

    /// How many new stances are staged.
    pub fn staged(&self) -> u64 {
        self.staged
    }

    /// Inserts the staged stances; returns how many rows were added (fewer than staged
    /// when the input held the same stance twice). When the database refuses a row, the
    /// error comes with that row's tag.
    pub fn finish(self) -> std::result::Result<u64, (Error, Option<Tag>)> {
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
                (stance_indexes(conn)?, latest_triggers(conn)?)
            } else {
                (Vec::new(), Vec::new())
            };
            for (name, _) in &indexes {
                conn.execute_batch(&format!("DROP INDEX \"{}\";", name.replace('"', "\"\"")))?;
            }
            // Likewise the current stances (latest_stances): picked again for every pair
            // once the rows are in, rather than compared with each new row as it goes in.
            for (name, _) in &triggers {
                conn.execute_batch(&format!("DROP TRIGGER \"{}\";", name.replace('"', "\"\"")))?;
            }
            conn.execute(&INSERT_STAGED.replace("{filter}", "true"), [])?;
            for (_, sql) in &indexes {
                conn.execute_batch(sql)?;
            }
            if !triggers.is_empty() {
                conn.execute_batch(REFRESH_LATEST)?;
            }
            for (_, sql) in &triggers {
                conn.execute_batch(sql)?;
            }
            Ok((count(conn)? - before) as u64)
        };
        match run() {
            Ok(added) => {
                conn.execute_batch("DROP TABLE temp.bulk_stances;")
                    .map_err(|e| (Error::from(e), None))?;
                Ok(added)
            }
            Err(e) => {
                // The failed statement changed nothing; find the first row it refuses.
                let tag = first_refused(conn).unwrap_or(None);
                Err((Error::from(e), tag))
            }
        }
    }
}

/// The fewest new stances for which `finish` rebuilds the secondary indexes.
const REBUILD_MIN_ROWS: u64 = 20_000;

/// The secondary indexes of `stances`, as (name, CREATE INDEX statement): those
/// created by name, except unique ones (a uniqueness rule must hold while rows go in).
fn stance_indexes(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT s.name, s.sql FROM sqlite_schema s
         WHERE s.type = 'index' AND s.tbl_name = 'stances' AND s.sql IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM pragma_index_list('stances') l
                           WHERE l.name = s.name AND l.\"unique\")
         ORDER BY s.name",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// The trigger that keeps `latest_stances` in step with each stance inserted, as (name,
/// CREATE TRIGGER statement); a bulk load drops it and runs `REFRESH_LATEST` instead.
fn latest_triggers(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'trigger' AND tbl_name = 'stances' AND name = 'stances_latest_insert'",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Every pair's current stance picked again (migration 0002 defines the view) in one
/// pass over an index: about 1 s at a million stances, where the insert trigger costs
/// about 5 s.
const REFRESH_LATEST: &str = "
DELETE FROM latest_stances;
INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;";

/// Inserts the staged rows one by one until one fails; returns that row's tag.
fn first_refused(conn: &rusqlite::Connection) -> rusqlite::Result<Option<Tag>> {
    let rows: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT rowid, input, line FROM temp.bulk_stances ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(&INSERT_STAGED.replace("{filter}", "rowid = ?1"))?;
    for (rowid, input, line) in rows {
        if stmt.execute([rowid]).is_err() {
            return Ok(Some((input, line)));
        }
    }
    Ok(None)
}

/// The SELECT behind every stance export; `{order}` is filled in by the caller.
const STANCE_EXPORT: &str = "
SELECT a.key, pv.key, st.position, s.key, st.stated_on, st.stated_precision, st.quote,
       st.attribution, st.status, st.status_reason, st.notes, st.recorded_at
FROM stances st
JOIN actors a ON a.id = st.actor_id
JOIN provisions pv ON pv.id = st.provision_id
JOIN sources s ON s.id = st.source_id";

impl<'c> Db<'c> {
    /// Loads every key and alias into memory (a few MB at tens of thousands of records).
    pub fn key_maps(&self) -> Result<KeyMaps> {
        let mut maps = KeyMaps::default();
        let mut stmt = self.conn.prepare("SELECT key, id FROM actors")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            maps.actors.insert(r.get(0)?, r.get(1)?);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT folded, actor_id FROM actor_aliases")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            maps.aliases.insert(r.get(0)?, r.get(1)?);
        }
        let mut stmt = self.conn.prepare("SELECT key, id FROM provisions")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            maps.provisions.insert(r.get(0)?, r.get(1)?);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT key, id, published_on, published_precision FROM sources")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let date: String = r.get(2)?;
            let precision: String = r.get(3)?;
            let id: i64 = r.get(1)?;
            maps.sources.insert(r.get(0)?, id);
            maps.published.insert(id, display(&date, &precision));
        }
        Ok(maps)
    }

    /// Starts writing the stances of an import (see `StanceBulk`).
    pub fn stance_bulk(&self) -> Result<StanceBulk<'c>> {
        self.conn.execute_batch(STAGE_TABLE)?;
        Ok(StanceBulk {
            conn: self.conn,
            find: self.conn.prepare_cached(FIND_STANCE)?,
            update: self.conn.prepare_cached(UPDATE_STANCE)?,
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

    /// Every source, by key, as its claims-file record.
    pub fn export_sources(&self) -> Result<Vec<SourceFields>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, outlet, title, url, author, published_on, published_precision,
                    kind, language, notes
             FROM sources ORDER BY key",
        )?;
        let rows = stmt.query_map([], |r| {
            let date: String = r.get(5)?;
            let precision: String = r.get(6)?;
            Ok(SourceFields {
                key: r.get(0)?,
                outlet: r.get(1)?,
                title: r.get(2)?,
                url: r.get(3)?,
                author: r.get(4)?,
                published_on: Some(display(&date, &precision)),
                kind: r.get(7)?,
                language: r.get(8)?,
                notes: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every actor, by key, with its parent's key and its aliases (sorted).
    pub fn export_actors(&self) -> Result<Vec<ActorFields>> {
        let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT actor_id, alias FROM actor_aliases")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            aliases.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.key, a.name, a.kind, p.key, a.notes
             FROM actors a LEFT JOIN actors p ON p.id = a.parent_id ORDER BY a.key",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok((
                id,
                ActorFields {
                    key: r.get(1)?,
                    name: r.get(2)?,
                    kind: r.get(3)?,
                    parent: r.get(4)?,
                    aliases: Vec::new(),
                    notes: r.get(5)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut actor) = row?;
            let mut own = aliases.remove(&id).unwrap_or_default();
            own.sort();
            actor.aliases = own;
            out.push(actor);
        }
        Ok(out)
    }

    /// Every plan, by key, with its proposers' keys (sorted).
    pub fn export_plans(&self) -> Result<Vec<PlanFields>> {
        let mut proposers: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT pp.plan_id, a.key FROM plan_proposers pp
             JOIN actors a ON a.id = pp.actor_id ORDER BY a.key",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            proposers.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, key, title, status, first_reported_on, first_reported_precision, notes
             FROM plans ORDER BY key",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            let date: Option<String> = r.get(4)?;
            let precision: Option<String> = r.get(5)?;
            Ok((
                id,
                PlanFields {
                    key: r.get(1)?,
                    title: r.get(2)?,
                    status: r.get(3)?,
                    first_reported_on: date
                        .map(|d| display(&d, precision.as_deref().unwrap_or("day"))),
                    proposers: Vec::new(),
                    notes: r.get(6)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut plan) = row?;
            plan.proposers = proposers.remove(&id).unwrap_or_default();
            out.push(plan);
        }
        Ok(out)
    }

    /// Every provision, grouped by plan (by key), then by point (unnumbered last), then
    /// by key.
    pub fn export_provisions(&self) -> Result<Vec<ProvisionFields>> {
        let mut stmt = self.conn.prepare(
            "SELECT pv.key, pl.key, pv.point, pv.title, pv.text, pv.category, c.key,
                    pv.relation, pv.notes
             FROM provisions pv JOIN plans pl ON pl.id = pv.plan_id
             LEFT JOIN provisions c ON c.id = pv.continues_id
             ORDER BY pl.key, pv.point IS NULL, pv.point, pv.key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ProvisionFields {
                key: r.get(0)?,
                plan: r.get(1)?,
                point: r.get(2)?,
                title: r.get(3)?,
                text: r.get(4)?,
                category: r.get(5)?,
                continues: r.get(6)?,
                relation: r.get(7)?,
                notes: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Calls `f` with every stance, ordered by date, actor, provision and source keys
    /// (a total order that does not depend on ids), one at a time.
    pub fn each_stance(&self, f: impl FnMut(StanceRecord) -> Result<()>) -> Result<()> {
        let sql = format!("{STANCE_EXPORT} ORDER BY st.stated_on, a.key, pv.key, s.key");
        self.stream_stances(&sql, [], f)
    }

    /// Calls `f` with every stance of one source (by key), ordered by date, actor and
    /// provision keys.
    pub fn each_stance_of_source(
        &self,
        source_key: &str,
        f: impl FnMut(StanceRecord) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "{STANCE_EXPORT} WHERE st.source_id = (SELECT id FROM sources WHERE key = ?1)
             ORDER BY st.stated_on, a.key, pv.key"
        );
        self.stream_stances(&sql, [source_key], f)
    }

    fn stream_stances<P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        mut f: impl FnMut(StanceRecord) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(r) = rows.next()? {
            let date: String = r.get(4)?;
            let precision: String = r.get(5)?;
            let status: String = r.get(8)?;
            f(StanceRecord {
                actor: r.get(0)?,
                provision: r.get(1)?,
                position: r.get(2)?,
                source: r.get(3)?,
                stated_on: Some(display(&date, &precision)),
                quote: r.get(6)?,
                attribution: r.get(7)?,
                notes: r.get(10)?,
                status: (status != "active").then_some(status),
                reason: r.get(9)?,
                recorded_at: r.get(11)?,
            })?;
        }
        Ok(())
    }
}
