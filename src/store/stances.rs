//! The SQL of stances as statements: a row of `stances` with its targets
//! (`stance_targets`: provisions of its plan, or the plan as a whole) and its
//! intermediaries (`stance_via`), read and written together.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::error::Result;
use crate::statement::Statement;

/// The columns of `stances` a `Statement` holds, in `read_row`'s order.
const STATEMENT_COLUMNS: &str = "id, key, actor_id, plan_id, kind, position, source_id,
    relays_source_id, stated_on, stated_precision, stated_inferred, quote, evidence,
    attribution, status, status_reason, notes, recorded_at";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<(i64, Statement)> {
    Ok((
        r.get(0)?,
        Statement {
            key: r.get(1)?,
            actor_id: r.get(2)?,
            plan_id: r.get(3)?,
            provisions: Vec::new(),
            kind: r.get(4)?,
            position: r.get(5)?,
            source_id: r.get(6)?,
            relays: r.get(7)?,
            stated_on: r.get(8)?,
            precision: r.get(9)?,
            inferred: r.get::<_, i64>(10)? != 0,
            quote: r.get(11)?,
            evidence: r.get(12)?,
            attribution: r.get(13)?,
            via: Vec::new(),
            status: r.get(14)?,
            reason: r.get(15)?,
            notes: r.get(16)?,
            recorded_at: r.get(17)?,
        },
    ))
}

impl Db<'_> {
    /// The stance with this id, with its provisions (ascending id; empty for the plan
    /// as a whole) and intermediaries (nearest first).
    pub fn load_statement(&self, id: i64) -> Result<Option<Statement>> {
        let sql = format!("SELECT {STATEMENT_COLUMNS} FROM stances WHERE id = ?1");
        let found = self.conn.query_row(&sql, [id], read_row).optional()?;
        let Some((_, mut s)) = found else {
            return Ok(None);
        };
        s.provisions = self.stance_provisions(id)?;
        s.via = self.stance_via(id)?;
        Ok(Some(s))
    }

    /// The id of the stance with this key.
    pub fn stance_by_key(&self, key: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM stances WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// The stances with the identity of `s` (actor, plan, provisions, source, date,
    /// kind, intermediaries), other than `except`.
    pub fn stances_with_identity(&self, s: &Statement, except: Option<i64>) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM stances WHERE source_id = ?1 AND actor_id = ?2 AND plan_id = ?3
               AND stated_on = ?4 AND kind = ?5",
        )?;
        let candidates = stmt
            .query_map(
                params![s.source_id, s.actor_id, s.plan_id, s.stated_on, s.kind],
                |r| r.get::<_, i64>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for id in candidates {
            if Some(id) == except {
                continue;
            }
            if self.stance_provisions(id)? == s.provisions && self.stance_via(id)? == s.via {
                out.push(id);
            }
        }
        Ok(out)
    }

    pub fn stance_provisions(&self, id: i64) -> Result<Vec<i64>> {
        self.column_of(
            "SELECT provision_id FROM stance_targets
             WHERE stance_id = ?1 AND provision_id IS NOT NULL ORDER BY provision_id",
            id,
        )
    }

    pub fn stance_via(&self, id: i64) -> Result<Vec<i64>> {
        self.column_of(
            "SELECT actor_id FROM stance_via WHERE stance_id = ?1 ORDER BY hop",
            id,
        )
    }

    /// Inserts a stance (its key must be set) with its targets and intermediaries.
    pub fn insert_statement(&self, s: &Statement) -> Result<i64> {
        let id: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO stances (key, actor_id, plan_id, kind, position, source_id,
                 relays_source_id, stated_on, stated_precision, stated_inferred, quote, evidence,
                 attribution, status, status_reason, notes, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             RETURNING id",
            )?
            .query_row(stance_row(s).as_slice(), |r| r.get(0))?;
        self.set_stance_targets(id, &s.provisions)?;
        self.set_stance_via(id, &s.via)?;
        Ok(id)
    }

    /// Writes what differs between the stored `old` and `new` (same stance); returns
    /// the names of the changed fields. Unchanged fields are not written, so history
    /// records only real changes. `recorded_at` is never changed.
    pub fn update_statement(
        &self,
        id: i64,
        old: &Statement,
        new: &Statement,
    ) -> Result<Vec<&'static str>> {
        let changed = old.changed_fields(new);
        // The columns of the changed fields (the date is two: day and precision).
        let columns: Vec<&str> = changed
            .iter()
            .flat_map(|f| match *f {
                "provisions" | "via" => &[][..],
                "actor" => &["actor_id"][..],
                "plan" => &["plan_id"][..],
                "source" => &["source_id"][..],
                "relays" => &["relays_source_id"][..],
                "stated_on" => &["stated_on", "stated_precision"][..],
                "stated_inferred" => &["stated_inferred"][..],
                "reason" => &["status_reason"][..],
                "key" => &["key"][..],
                "kind" => &["kind"][..],
                "position" => &["position"][..],
                "quote" => &["quote"][..],
                "evidence" => &["evidence"][..],
                "attribution" => &["attribution"][..],
                "status" => &["status"][..],
                _ => &["notes"][..],
            })
            .copied()
            .collect();
        if !columns.is_empty() {
            // Only the changed columns are named, each bound to its new value.
            let sets: Vec<String> = columns.iter().map(|c| format!("{c} = :{c}")).collect();
            let sql = format!("UPDATE stances SET {} WHERE id = :id", sets.join(", "));
            let mut stmt = self.conn.prepare(&sql)?;
            let inferred = new.inferred as i64;
            let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":id", &id)];
            for c in &columns {
                let (name, value): (&str, &dyn rusqlite::ToSql) = match *c {
                    "key" => (":key", &new.key),
                    "actor_id" => (":actor_id", &new.actor_id),
                    "plan_id" => (":plan_id", &new.plan_id),
                    "kind" => (":kind", &new.kind),
                    "position" => (":position", &new.position),
                    "source_id" => (":source_id", &new.source_id),
                    "relays_source_id" => (":relays_source_id", &new.relays),
                    "stated_on" => (":stated_on", &new.stated_on),
                    "stated_precision" => (":stated_precision", &new.precision),
                    "stated_inferred" => (":stated_inferred", &inferred),
                    "quote" => (":quote", &new.quote),
                    "evidence" => (":evidence", &new.evidence),
                    "attribution" => (":attribution", &new.attribution),
                    "status" => (":status", &new.status),
                    "status_reason" => (":status_reason", &new.reason),
                    _ => (":notes", &new.notes),
                };
                bound.push((name, value));
            }
            stmt.execute(bound.as_slice())?;
        }
        if changed.contains(&"provisions") {
            self.set_stance_targets(id, &new.provisions)?;
        }
        if changed.contains(&"via") {
            self.set_stance_via(id, &new.via)?;
        }
        Ok(changed)
    }

    /// Makes the stance's targets exactly `provisions` (empty: the plan as a whole),
    /// removing only the targets it no longer has and adding only the new ones, so
    /// that history logs a removal only for a target that went.
    fn set_stance_targets(&self, id: i64, provisions: &[i64]) -> Result<()> {
        let wanted: Vec<Option<i64>> = if provisions.is_empty() {
            vec![None]
        } else {
            provisions.iter().copied().map(Some).collect()
        };
        let current: Vec<Option<i64>> = self
            .conn
            .prepare_cached("SELECT provision_id FROM stance_targets WHERE stance_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut delete = self.conn.prepare_cached(
            "DELETE FROM stance_targets WHERE stance_id = ?1 AND provision_id IS ?2",
        )?;
        for gone in current.iter().filter(|t| !wanted.contains(t)) {
            delete.execute(params![id, gone])?;
        }
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO stance_targets (stance_id, provision_id) VALUES (?1, ?2)",
        )?;
        for new in wanted.iter().filter(|t| !current.contains(t)) {
            insert.execute(params![id, new])?;
        }
        Ok(())
    }

    /// Makes the stance's intermediaries exactly `via` (hop 1 first), removing only the
    /// hops that change, so that history logs a removal only for an intermediary that
    /// went.
    fn set_stance_via(&self, id: i64, via: &[i64]) -> Result<()> {
        let wanted: Vec<(i64, i64)> = (1..).zip(via.iter().copied()).collect();
        let current: Vec<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT hop, actor_id FROM stance_via WHERE stance_id = ?1")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut delete = self
            .conn
            .prepare_cached("DELETE FROM stance_via WHERE stance_id = ?1 AND hop = ?2")?;
        for (hop, _) in current.iter().filter(|h| !wanted.contains(h)) {
            delete.execute(params![id, hop])?;
        }
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO stance_via (stance_id, hop, actor_id) VALUES (?1, ?2, ?3)",
        )?;
        for (hop, actor) in wanted.iter().filter(|h| !current.contains(h)) {
            insert.execute(params![id, hop, actor])?;
        }
        Ok(())
    }

    /// Deletes a stance with its targets and intermediaries (history keeps them all).
    pub fn delete_statement(&self, id: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM stance_targets WHERE stance_id = ?1", [id])?;
        self.conn
            .execute("DELETE FROM stance_via WHERE stance_id = ?1", [id])?;
        self.conn
            .execute("DELETE FROM stances WHERE id = ?1", [id])?;
        Ok(())
    }

    /// The plan a provision belongs to.
    pub fn plan_of_provision(&self, provision: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT plan_id FROM provisions WHERE id = ?1")?
            .query_row([provision], |r| r.get(0))?)
    }

    /// A source's publication date: stored, precision and whether it is inferred.
    pub fn source_date(&self, source: i64) -> Result<(String, String)> {
        Ok(self
            .conn
            .prepare_cached("SELECT published_on, published_precision FROM sources WHERE id = ?1")?
            .query_row([source], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }
}

/// A stance's own columns as bound parameters, in the order both the direct insert
/// above and the bulk stage (`bulk::StanceWriter::stage`) list them, so the two writes
/// of a statement cannot drift apart.
pub(super) fn stance_row(s: &Statement) -> [&dyn rusqlite::ToSql; 17] {
    [
        &s.key,
        &s.actor_id,
        &s.plan_id,
        &s.kind,
        &s.position,
        &s.source_id,
        &s.relays,
        &s.stated_on,
        &s.precision,
        &s.inferred,
        &s.quote,
        &s.evidence,
        &s.attribution,
        &s.status,
        &s.reason,
        &s.notes,
        &s.recorded_at,
    ]
}
