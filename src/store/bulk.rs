//! Bulk work: the stance writes of every import, key look-ups held in memory for the
//! length of an import, and the ordered reads behind `export`.
//!
//! An import resolves keys through `KeyMaps` (see `resolve`) and writes stances through
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
/// inserted, as (name, CREATE TRIGGER statement); a bulk load drops them and runs
/// `REFRESH_DERIVED` instead.
fn derived_triggers(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'trigger'
           AND name IN ('stance_targets_derived_insert', 'target_stances_latest_insert')
         ORDER BY name",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Both derived tables filled again (migration 0003 defines the views) in one pass each.
const REFRESH_DERIVED: &str = "
DELETE FROM target_stances;
INSERT INTO target_stances SELECT * FROM target_stances_recomputed;
DELETE FROM latest_stances;
INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;";

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

/// The SELECT behind every stance export; `{order}` is filled in by the caller.
/// Provisions are listed by key, separated by spaces (keys have none).
const STANCE_EXPORT: &str = "
SELECT st.key, a.key, pl.key,
       (SELECT group_concat(key, ' ') FROM (SELECT pv.key FROM stance_targets t
         JOIN provisions pv ON pv.id = t.provision_id WHERE t.stance_id = st.id
         ORDER BY pv.key)) AS provisions,
       st.kind, st.position, s.key, rs.key,
       (SELECT group_concat(key, ' ') FROM (SELECT va.key FROM stance_via v
         JOIN actors va ON va.id = v.actor_id WHERE v.stance_id = st.id ORDER BY v.hop)),
       st.stated_on, st.stated_precision, st.stated_inferred, st.quote, st.evidence,
       st.attribution, st.status, st.status_reason, st.notes, st.recorded_at
FROM stances st
JOIN actors a ON a.id = st.actor_id
JOIN plans pl ON pl.id = st.plan_id
JOIN sources s ON s.id = st.source_id
LEFT JOIN sources rs ON rs.id = st.relays_source_id";

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

    /// Every source, by key, as its claims-file record.
    pub fn export_sources(&self) -> Result<Vec<SourceFields>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, outlet, title, url, author, published_on, published_precision,
                    kind, language, notes, published_inferred
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
                published_inferred: (r.get::<_, i64>(10)? != 0).then_some(true),
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
        drop(rows);
        let mut members: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT x.actor_id, m.key FROM actor_members x JOIN actors m ON m.id = x.member_id
             ORDER BY m.key",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            members.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        drop(rows);
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT actor_id, tag FROM actor_tags ORDER BY tag")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            tags.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        drop(rows);
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
                    members: Vec::new(),
                    tags: Vec::new(),
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
            actor.members = members.remove(&id).unwrap_or_default();
            actor.tags = tags.remove(&id).unwrap_or_default();
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
        let mut relations: HashMap<(i64, String), Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT r.plan_id, r.relation, o.key FROM plan_relations r
             JOIN plans o ON o.id = r.other_plan_id ORDER BY o.key",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            relations
                .entry((r.get(0)?, r.get(1)?))
                .or_default()
                .push(r.get(2)?);
        }
        drop(rows);
        let mut stmt = self.conn.prepare(
            "SELECT id, key, title, status, first_reported_on, first_reported_precision, notes,
                    text_known
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
                    text_known: r.get(7)?,
                    proposers: Vec::new(),
                    responds_to: Vec::new(),
                    supersedes: Vec::new(),
                    notes: r.get(6)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut plan) = row?;
            plan.proposers = proposers.remove(&id).unwrap_or_default();
            plan.responds_to = relations
                .remove(&(id, "responds-to".to_string()))
                .unwrap_or_default();
            plan.supersedes = relations
                .remove(&(id, "supersedes".to_string()))
                .unwrap_or_default();
            out.push(plan);
        }
        Ok(out)
    }

    /// Every provision, grouped by plan (by key), then by point (unnumbered last, in
    /// natural order), then by key; with its lineage links by the earlier provision's
    /// key (a relation or basis every link shares written once).
    pub fn export_provisions(&self) -> Result<Vec<ProvisionFields>> {
        let mut links: HashMap<i64, Vec<(String, String, String)>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT l.provision_id, c.key, l.relation, coalesce(bs.key, 'editorial')
             FROM provision_links l JOIN provisions c ON c.id = l.continues_id
             LEFT JOIN sources bs ON bs.id = l.basis_source_id
             ORDER BY c.key",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            links
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
        drop(rows);
        let mut stmt = self.conn.prepare(
            "SELECT pv.id, pv.key, pl.key, pv.point, pv.title, pv.text, pv.category, pv.notes
             FROM provisions pv JOIN plans pl ON pl.id = pv.plan_id
             ORDER BY pl.key, pv.point IS NULL, pv.point_order, pv.key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ProvisionFields {
                    key: r.get(1)?,
                    plan: r.get(2)?,
                    point: r.get(3)?,
                    title: r.get(4)?,
                    text: r.get(5)?,
                    category: r.get(6)?,
                    continues: Vec::new(),
                    relation: Vec::new(),
                    basis: Vec::new(),
                    notes: r.get(7)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut p) = row?;
            if let Some(ls) = links.remove(&id) {
                p.continues = ls.iter().map(|l| l.0.clone()).collect();
                p.relation = collapse(ls.iter().map(|l| l.1.clone()).collect());
                p.basis = collapse(ls.iter().map(|l| l.2.clone()).collect());
            }
            out.push(p);
        }
        Ok(out)
    }

    /// Calls `f` with every stance, ordered by date, actor, provision and source keys
    /// (a total order that does not depend on ids), one at a time.
    pub fn each_stance(&self, f: impl FnMut(StanceRecord) -> Result<()>) -> Result<()> {
        let sql =
            format!("{STANCE_EXPORT} ORDER BY st.stated_on, a.key, provisions, s.key, st.key");
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
             ORDER BY st.stated_on, a.key, provisions, st.key"
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
            let provisions: Option<String> = r.get(3)?;
            let provisions: Vec<String> = provisions
                .map(|p| p.split(' ').map(str::to_string).collect())
                .unwrap_or_default();
            let via: Option<String> = r.get(8)?;
            let date: String = r.get(9)?;
            let precision: String = r.get(10)?;
            let kind: String = r.get(4)?;
            let status: String = r.get(15)?;
            let (plan, provision, provisions) = match provisions.len() {
                0 => (Some(r.get(2)?), None, Vec::new()),
                1 => (None, provisions.into_iter().next(), Vec::new()),
                _ => (None, None, provisions),
            };
            f(StanceRecord {
                key: r.get(0)?,
                actor: r.get(1)?,
                plan,
                provision,
                provisions,
                kind: (kind != "position").then_some(kind),
                position: r.get(5)?,
                source: r.get(6)?,
                relays: r.get(7)?,
                via: via
                    .map(|v| v.split(' ').map(str::to_string).collect())
                    .unwrap_or_default(),
                stated_on: Some(display(&date, &precision)),
                stated_inferred: (r.get::<_, i64>(11)? != 0).then_some(true),
                quote: r.get(12)?,
                evidence: r.get(13)?,
                attribution: r.get(14)?,
                notes: r.get(17)?,
                status: (status != "active").then_some(status),
                reason: r.get(16)?,
                recorded_at: r.get(18)?,
            })?;
        }
        Ok(())
    }
}

/// A per-link list whose values are all the same, as that one value.
fn collapse(mut values: Vec<String>) -> Vec<String> {
    if values.windows(2).all(|w| w[0] == w[1]) {
        values.truncate(1);
    }
    values
}
