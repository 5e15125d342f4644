//! How plans and provisions evolve: plan relations (responds to, supersedes) and
//! provision lineage links (continues, with a relation and a basis).

use rusqlite::params;

use super::db::{replace_set, sorted_set, Db};
use crate::error::{Error, Result};
use crate::input::ProvisionReportRecord;
use crate::model::{PlanRelation, Relation};

/// One lineage link of a provision, resolved: the earlier provision, how this one
/// continues it, and the source that says so (None: editorial).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineageLink {
    pub continues_id: i64,
    pub relation: Relation,
    pub basis_source_id: Option<i64>,
}

impl Db<'_> {
    /// A plan's relations to other plans: (relation, other plan id), in a fixed order.
    pub fn plan_relations_of(&self, plan_id: i64) -> Result<Vec<(PlanRelation, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT relation, other_plan_id FROM plan_relations WHERE plan_id = ?1
             ORDER BY relation, other_plan_id",
        )?;
        let rows = stmt
            .query_map([plan_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Makes the plan's relations of one kind (responds-to, supersedes) exactly
    /// `others`; returns whether anything changed. A plan cannot relate to itself, nor
    /// supersede a plan that (through others) supersedes it.
    pub fn set_plan_relations(
        &self,
        plan_id: i64,
        relation: PlanRelation,
        others: &[i64],
    ) -> Result<bool> {
        let wanted = sorted_set(others);
        if wanted.contains(&plan_id) {
            return Err(Error::invalid(format!(
                "--{relation} names the plan itself: a plan relates to other plans"
            )));
        }
        let current: Vec<i64> = self
            .plan_relations_of(plan_id)?
            .into_iter()
            .filter(|(r, _)| *r == relation)
            .map(|(_, id)| id)
            .collect();
        let changed = replace_set(
            &current,
            &wanted,
            |other| {
                self.conn.execute(
                    "DELETE FROM plan_relations WHERE plan_id = ?1 AND relation = ?2
                     AND other_plan_id = ?3",
                    params![plan_id, relation, other],
                )
            },
            |other| {
                self.conn.execute(
                    "INSERT INTO plan_relations (plan_id, relation, other_plan_id) VALUES (?1, ?2, ?3)",
                    params![plan_id, relation, other],
                )
            },
        )?;
        if !changed {
            return Ok(false);
        }
        let cycle: Option<String> = self
            .conn
            .query_row(
                "WITH RECURSIVE older (id) AS (
                     SELECT other_plan_id FROM plan_relations
                     WHERE plan_id = ?1 AND relation = 'supersedes'
                     UNION
                     SELECT r.other_plan_id FROM plan_relations r JOIN older o ON r.plan_id = o.id
                     WHERE r.relation = 'supersedes')
                 SELECT (SELECT key FROM plans WHERE id = ?1) FROM older WHERE id = ?1 LIMIT 1",
                [plan_id],
                |r| r.get(0),
            )
            .ok();
        if let Some(key) = cycle {
            return Err(Error::invalid(format!(
                "--supersedes would make a cycle: plan '{key}' would supersede itself through the plans it supersedes"
            )));
        }
        Ok(true)
    }

    /// A provision's lineage links, by the earlier provision's id.
    pub fn links_of(&self, provision_id: i64) -> Result<Vec<LineageLink>> {
        let mut stmt = self.conn.prepare(
            "SELECT continues_id, relation, basis_source_id FROM provision_links
             WHERE provision_id = ?1 ORDER BY continues_id",
        )?;
        let rows = stmt
            .query_map([provision_id], |r| {
                Ok(LineageLink {
                    continues_id: r.get(0)?,
                    relation: r.get(1)?,
                    basis_source_id: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Makes the provision's lineage links exactly `wanted`; returns whether anything
    /// changed. Refused: a link to the provision itself or to one of its own plan, and
    /// a link that would make the lineage a cycle.
    pub fn set_links(&self, provision_id: i64, wanted: &[LineageLink]) -> Result<bool> {
        let mut wanted = wanted.to_vec();
        wanted.sort_by_key(|l| l.continues_id);
        let current = self.links_of(provision_id)?;
        if current == wanted {
            return Ok(false);
        }
        for gone in current.iter().filter(|l| !wanted.contains(l)) {
            self.conn.execute(
                "DELETE FROM provision_links WHERE provision_id = ?1 AND continues_id = ?2",
                params![provision_id, gone.continues_id],
            )?;
        }
        for new in wanted.iter().filter(|l| !current.contains(l)) {
            if new.continues_id == provision_id {
                return Err(Error::invalid("a provision cannot continue itself"));
            }
            self.conn.execute(
                "INSERT INTO provision_links (provision_id, continues_id, relation, basis_source_id)
                 VALUES (?1, ?2, ?3, ?4)",
                params![provision_id, new.continues_id, new.relation, new.basis_source_id],
            )?;
        }
        self.check_lineage(provision_id)?;
        Ok(true)
    }

    /// Checks the links to and from a provision: none inside one plan, no cycle.
    pub fn check_lineage(&self, provision_id: i64) -> Result<()> {
        let same_plan: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT b.key, a.key, pl.key FROM provision_links l
                 JOIN provisions b ON b.id = l.provision_id
                 JOIN provisions a ON a.id = l.continues_id
                 JOIN plans pl ON pl.id = a.plan_id
                 WHERE (l.provision_id = ?1 OR l.continues_id = ?1) AND a.plan_id = b.plan_id
                 LIMIT 1",
                [provision_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ok();
        if let Some((b, a, plan)) = same_plan {
            return Err(Error::invalid(format!(
                "provision '{b}' cannot continue '{a}': both are in plan '{plan}' (lineage links provisions of different plans)"
            )));
        }
        let cycle: Option<String> = self
            .conn
            .query_row(
                "WITH RECURSIVE earlier (id) AS (
                     SELECT continues_id FROM provision_links WHERE provision_id = ?1
                     UNION
                     SELECT l.continues_id FROM provision_links l JOIN earlier e
                       ON l.provision_id = e.id)
                 SELECT (SELECT key FROM provisions WHERE id = ?1) FROM earlier
                 WHERE id = ?1 LIMIT 1",
                [provision_id],
                |r| r.get(0),
            )
            .ok();
        if let Some(key) = cycle {
            return Err(Error::invalid(format!(
                "--continues would make a cycle: provision '{key}' would continue itself through earlier versions"
            )));
        }
        Ok(())
    }
}

/// What writing a provision report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportWritten {
    Added,
    Updated,
    Unchanged,
}

impl Db<'_> {
    /// Records what a source says a provision contains (replacing its earlier account).
    pub fn set_provision_report(
        &self,
        provision_id: i64,
        source_id: i64,
        text: &str,
        figures: Option<&str>,
    ) -> Result<ReportWritten> {
        let stored: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT text, figures FROM provision_reports WHERE provision_id = ?1 AND source_id = ?2",
                params![provision_id, source_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        match stored {
            Some((t, f)) if t == text && f.as_deref() == figures => Ok(ReportWritten::Unchanged),
            Some(_) => {
                self.conn.execute(
                    "UPDATE provision_reports SET text = ?3, figures = ?4
                     WHERE provision_id = ?1 AND source_id = ?2",
                    params![provision_id, source_id, text, figures],
                )?;
                Ok(ReportWritten::Updated)
            }
            None => {
                self.conn.execute(
                    "INSERT INTO provision_reports (provision_id, source_id, text, figures, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![provision_id, source_id, text, figures, self.now()?],
                )?;
                Ok(ReportWritten::Added)
            }
        }
    }

    /// The accounts of provisions one source gives, by provision key.
    pub fn provision_reports_of_source(
        &self,
        source_key: &str,
    ) -> Result<Vec<ProvisionReportRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT pv.key, r.text, r.figures FROM provision_reports r
             JOIN provisions pv ON pv.id = r.provision_id
             JOIN sources s ON s.id = r.source_id
             WHERE s.key = ?1 ORDER BY pv.key",
        )?;
        let rows = stmt
            .query_map([source_key], |r| {
                Ok(ProvisionReportRecord {
                    provision: r.get(0)?,
                    source: None,
                    text: r.get(1)?,
                    figures: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Db<'_> {
    /// An actor's members (signatories of a joint statement), by id.
    pub fn members_of(&self, actor_id: i64) -> Result<Vec<i64>> {
        self.column_of(
            "SELECT member_id FROM actor_members WHERE actor_id = ?1 ORDER BY member_id",
            actor_id,
        )
    }

    /// Makes the actor's members exactly `members`; returns whether anything changed.
    pub fn set_members(&self, actor_id: i64, members: &[i64]) -> Result<bool> {
        let wanted = sorted_set(members);
        if wanted.contains(&actor_id) {
            return Err(Error::invalid("--member names the actor itself"));
        }
        replace_set(
            &self.members_of(actor_id)?,
            &wanted,
            |gone| {
                self.conn.execute(
                    "DELETE FROM actor_members WHERE actor_id = ?1 AND member_id = ?2",
                    params![actor_id, gone],
                )
            },
            |new| {
                self.conn.execute(
                    "INSERT INTO actor_members (actor_id, member_id) VALUES (?1, ?2)",
                    params![actor_id, new],
                )
            },
        )
    }

    /// An actor's tags, sorted.
    pub fn tags_of(&self, actor_id: i64) -> Result<Vec<String>> {
        self.column_of(
            "SELECT tag FROM actor_tags WHERE actor_id = ?1 ORDER BY tag",
            actor_id,
        )
    }

    /// Tags an actor; false when it already has the tag.
    pub fn add_tag(&self, actor_id: i64, tag: &str) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO actor_tags (actor_id, tag) VALUES (?1, ?2)",
            params![actor_id, tag],
        )?;
        Ok(n > 0)
    }

    /// Removes a tag; false when the actor did not have it.
    pub fn remove_tag(&self, actor_id: i64, tag: &str) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM actor_tags WHERE actor_id = ?1 AND tag = ?2",
            params![actor_id, tag],
        )?;
        Ok(n > 0)
    }

    /// Whether any actor has the tag.
    pub fn tag_exists(&self, tag: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM actor_tags WHERE tag = ?1",
            [tag],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// Every joint statement's members: (statement key, member key), by key.
    pub fn all_members(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.key, m.key FROM actor_members x JOIN actors a ON a.id = x.actor_id
             JOIN actors m ON m.id = x.member_id ORDER BY a.key, m.key",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
