//! The ordered reads behind `export`: every record of a kind as the record a claims
//! file or table holds, references by key, in an order that does not depend on ids.

use std::collections::HashMap;

use super::db::Db;
use crate::dates::display;
use crate::error::Result;
use crate::input::{ActorFields, PlanFields, ProvisionFields, SourceFields};
use crate::input::{ProvisionReportRecord, StanceRecord};
use crate::model::{GivenPosition, PlanRelation, Relation, StanceKind, StanceStatus};

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

impl Db<'_> {
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
        let mut relations: HashMap<(i64, PlanRelation), Vec<String>> = HashMap::new();
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
                .remove(&(id, PlanRelation::RespondsTo))
                .unwrap_or_default();
            plan.supersedes = relations
                .remove(&(id, PlanRelation::Supersedes))
                .unwrap_or_default();
            out.push(plan);
        }
        Ok(out)
    }

    /// Every provision, grouped by plan (by key), then by point (unnumbered last, in
    /// natural order), then by key; with its lineage links by the earlier provision's
    /// key (a relation or basis every link shares written once).
    pub fn export_provisions(&self) -> Result<Vec<ProvisionFields>> {
        let mut links: HashMap<i64, Vec<(String, Relation, String)>> = HashMap::new();
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
                p.relation = collapse(ls.iter().map(|l| l.1).collect());
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
            let kind: StanceKind = r.get(4)?;
            let status: StanceStatus = r.get(15)?;
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
                kind: (kind != StanceKind::Position).then_some(kind),
                position: Some(GivenPosition::Confirmed(r.get(5)?)),
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
                status: (status != StanceStatus::Active).then_some(status),
                reason: r.get(16)?,
                recorded_at: r.get(18)?,
            })?;
        }
        Ok(())
    }
}

/// A per-link list whose values are all the same, as that one value.
fn collapse<T: PartialEq>(mut values: Vec<T>) -> Vec<T> {
    if values.windows(2).all(|w| w[0] == w[1]) {
        values.truncate(1);
    }
    values
}

impl Db<'_> {
    /// Every provision report (what a source says a provision contains), by provision
    /// key, then source key.
    pub fn export_provision_reports(&self) -> Result<Vec<ProvisionReportRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT pv.key, s.key, r.text, r.figures FROM provision_reports r
             JOIN provisions pv ON pv.id = r.provision_id
             JOIN sources s ON s.id = r.source_id
             ORDER BY pv.key, s.key",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ProvisionReportRecord {
                    provision: r.get(0)?,
                    source: r.get(1)?,
                    text: r.get(2)?,
                    figures: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
