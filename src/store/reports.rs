//! The reports behind `provtrack report`, run as the SQL of the report_* views.
//!
//! Each report is a view of migration 0002, so sqlite3 and Datasette users see the same
//! answers as the command line. A view cannot take parameters; the views read theirs
//! from the one-row view `report_parameters` (no filter) and build on the views
//! `known_stances`, `current_stances` and `plan_diff_pairs`. To apply its flags, a
//! report runs its view's SQL, read from the database, after WITH clauses that hide the
//! views it builds on: `report_parameters` (and for plan-diff `plan_diff_pairs`) with
//! the flags, and `known_stances` and `current_stances` repeated from their stored SQL,
//! because a WITH clause reaches the query it heads but not the inside of a view. No
//! report's SQL is written twice, so the command line and the views cannot drift apart.
//!
//! The WITH clauses are `NOT MATERIALIZED`, so that SQLite treats them as it treats the
//! views they hide: a view used twice in a query (known_stances in the conflicts and
//! coverage reports) is expanded at each use, where a plain WITH clause used twice would
//! be computed once into a temporary table, a million rows before any filter. The flags'
//! row is read, like the view's, from the one row of `report_defaults`, so that SQLite folds
//! the flags into the query as constants it can seek with (see the migration).
//!
//! The current stance of each actor on each provision is kept in the table
//! `latest_stances` by triggers, so the matrix and contested reports read one row per
//! actor and provision; with `--as-of`, each of those pairs' stance as known that day is
//! looked up among the pair's stances through an index.

use rusqlite::types::ToSql;
use rusqlite::OptionalExtension;

use super::db::Db;
use crate::error::{Error, Result};
use crate::result_set::{ResultSet, RowSink};

/// The reports, each named after its view (`report_<name>`, dashes as underscores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Matrix,
    Timeline,
    Shifts,
    Conflicts,
    Contested,
    Coverage,
    PlanDiff,
    Sources,
    Versions,
    Thread,
}

impl Report {
    pub const ALL: [Report; 10] = [
        Report::Matrix,
        Report::Timeline,
        Report::Shifts,
        Report::Conflicts,
        Report::Contested,
        Report::Coverage,
        Report::PlanDiff,
        Report::Sources,
        Report::Versions,
        Report::Thread,
    ];

    /// The view that holds the report's SQL.
    pub fn view(self) -> &'static str {
        match self {
            Report::Matrix => "report_matrix",
            Report::Timeline => "report_timeline",
            Report::Shifts => "report_shifts",
            Report::Conflicts => "report_conflicts",
            Report::Contested => "report_contested",
            Report::Coverage => "report_coverage",
            Report::PlanDiff => "report_plan_diff",
            Report::Sources => "report_sources",
            Report::Versions => "report_versions",
            Report::Thread => "report_thread",
        }
    }

    /// The report's subcommand: `provtrack report matrix`, `... plan-diff`.
    pub fn command(self) -> &'static str {
        match self {
            Report::Matrix => "matrix",
            Report::Timeline => "timeline",
            Report::Shifts => "shifts",
            Report::Conflicts => "conflicts",
            Report::Contested => "contested",
            Report::Coverage => "coverage",
            Report::PlanDiff => "plan-diff",
            Report::Sources => "sources",
            Report::Versions => "versions",
            Report::Thread => "thread",
        }
    }

    /// The named parameters of `canned_sql`.
    pub fn canned_parameters(self) -> &'static [&'static str] {
        match self {
            Report::Matrix => &["plan"],
            Report::Timeline => &["actor"],
            Report::PlanDiff => &["plan_a", "plan_b"],
            Report::Versions => &["plan"],
            Report::Thread => &["provision"],
            _ => &[],
        }
    }

    /// The report as a query for other tools (Datasette's canned queries): its view,
    /// with the named parameters a reader most often narrows the matrix, timeline and
    /// plan-diff by. Like the CLI, they take a key in any case, and an actor also by
    /// any of its aliases (as stored, or folded as SQL can: lower(trim())).
    pub fn canned_sql(self) -> String {
        let view = self.view();
        const ACTOR: &str = "(SELECT coalesce(
    (SELECT key FROM actors WHERE key = :actor),
    (SELECT a.key FROM actor_aliases x JOIN actors a ON a.id = x.actor_id
     WHERE x.alias = :actor OR x.folded = lower(trim(:actor)) LIMIT 1),
    lower(trim(:actor))))";
        match self {
            Report::Matrix => format!("SELECT * FROM {view} WHERE plan = lower(trim(:plan))"),
            Report::Timeline => format!("SELECT * FROM {view} WHERE actor = {ACTOR}"),
            Report::PlanDiff => format!(
                "SELECT * FROM {view}\nWHERE plan_a = lower(trim(:plan_a)) AND plan_b = lower(trim(:plan_b))"
            ),
            // The view draws every plan; the family of one is the plans relations
            // reach from it, either way.
            Report::Versions => format!(
                "SELECT * FROM {view}\nWHERE plan IN (WITH RECURSIVE family (id) AS (
    SELECT id FROM plans WHERE key = lower(trim(:plan))
    UNION
    SELECT CASE WHEN r.plan_id = f.id THEN r.other_plan_id ELSE r.plan_id END
    FROM plan_relations r JOIN family f ON r.plan_id = f.id OR r.other_plan_id = f.id)
  SELECT pl.key FROM family JOIN plans pl ON pl.id = family.id)"
            ),
            // Every line of every question; the line of one is every provision that
            // continues (or is) one of the provisions it continues (or itself).
            Report::Thread => format!(
                "SELECT * FROM {view}\nWHERE provision IN (
  SELECT pv.key FROM provision_lineage d JOIN provisions pv ON pv.id = d.provision_id
  WHERE d.ancestor_id IN (SELECT ancestor_id FROM provision_lineage
    WHERE provision_id = (SELECT id FROM provisions WHERE key = lower(trim(:provision)))))"
            ),
            _ => format!("SELECT * FROM {view}"),
        }
    }
}

/// A report's parameters, as the columns of `report_parameters`: ids are resolved from
/// keys and dates are stored forms. `None` means no filter, as in the views.
#[derive(Debug)]
pub struct ReportParams {
    /// The last day the world is known up to.
    pub as_of: Option<String>,
    pub plan: Option<i64>,
    pub actor: Option<i64>,
    pub provision: Option<i64>,
    pub category: Option<String>,
    /// Only statements of this kind (None: positions where the report shows who stands
    /// where, every kind in timeline and sources).
    pub kind: Option<String>,
    /// Shifts: only those to a stance stated on or after this day.
    pub since: Option<String>,
    /// Conflicts: the most days between the two stances.
    pub window_days: u32,
    /// Plan-diff: the two plans compared, instead of every pair that lineage links.
    pub plan_pair: Option<(i64, i64)>,
    /// Follow provisions' lineage (shifts across versions); `--no-lineage` clears it.
    pub lineage: bool,
    /// Only actors with this tag (`--group`).
    pub group: Option<String>,
}

impl Default for ReportParams {
    /// No filter: the parameters the views themselves use.
    fn default() -> Self {
        ReportParams {
            as_of: None,
            plan: None,
            actor: None,
            provision: None,
            category: None,
            kind: None,
            since: None,
            window_days: DEFAULT_WINDOW_DAYS,
            plan_pair: None,
            lineage: true,
            group: None,
        }
    }
}

/// The conflicts window of the report_conflicts view.
const DEFAULT_WINDOW_DAYS: u32 = 30;

/// The views the report views build on, in the order they build on each other.
const BASE_VIEWS: [&str; 2] = ["known_stances", "current_stances"];

impl Db<'_> {
    /// Runs a report with its parameters in place of the views' defaults.
    pub fn report(&self, report: Report, params: &ReportParams) -> Result<ResultSet> {
        let select = self.view_sql(report.view())?;
        self.with_parameters(params, "", &select)
    }

    /// Runs a report and streams its rows into `out`.
    pub fn report_into(
        &self,
        report: Report,
        params: &ReportParams,
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let select = self.view_sql(report.view())?;
        let (sql, bound) = self.parameterised(params, "", &select)?;
        self.stream(&sql, bound.as_slice(), out)
    }

    /// The current stances (the view `current_stances`) with the parameters' filters:
    /// actor, provision, position, score, stated (as precise as known), source,
    /// attribution and quote. The matrix's cells are these stances.
    pub fn current_stances(&self, params: &ReportParams) -> Result<ResultSet> {
        self.with_parameters(
            params,
            "",
            "SELECT actor, provision, position, score, stated, stated_inferred, source, \
             attribution, quote, evidence FROM current_stances",
        )
    }

    /// For `report matrix --inherit`: each actor's current stance (positions, or the
    /// kind asked) on each provision that a provision of `plan` continues, directly or
    /// through earlier versions: provision (of `plan`), actor, position, stated,
    /// stated_inferred, inherited_from (the earlier provision), depth; the nearest
    /// version first, then the latest stated.
    pub fn inherited_stances(&self, plan: i64, params: &ReportParams) -> Result<ResultSet> {
        let scope = ReportParams {
            as_of: params.as_of.clone(),
            actor: params.actor,
            kind: params.kind.clone(),
            group: params.group.clone(),
            ..ReportParams::default()
        };
        let select = if scope.as_of.is_none() {
            // The current stance of each pair is in latest_stances, read by its key.
            "SELECT pv.key AS provision, ls.actor, ls.position,
                    CASE ls.stated_precision WHEN 'year' THEN substr(ls.stated_on, 1, 4)
                         WHEN 'month' THEN substr(ls.stated_on, 1, 7)
                         ELSE ls.stated_on END AS stated,
                    ls.stated_inferred, ap.key AS inherited_from, lin.depth
             FROM provision_lineage lin
             JOIN provisions pv ON pv.id = lin.provision_id
             JOIN provisions ap ON ap.id = lin.ancestor_id
             CROSS JOIN report_parameters q
             JOIN latest_stances ls ON ls.plan_id = ap.plan_id AND ls.provision_id = ap.id
                 AND ls.kind = coalesce(q.kind, 'position')
             WHERE pv.plan_id = :inherit_plan AND lin.depth > 0
               AND (q.actor_id IS NULL OR ls.actor_id = q.actor_id)
               AND (q.group_tag IS NULL OR EXISTS (SELECT 1 FROM actor_tags g
                                                   WHERE g.tag = q.group_tag
                                                     AND g.actor_id = ls.actor_id))
             ORDER BY lin.depth, ls.stated_on DESC, ap.key"
        } else {
            "SELECT pv.key AS provision, c.actor, c.position, c.stated, c.stated_inferred,
                    ap.key AS inherited_from, lin.depth
             FROM provision_lineage lin
             JOIN provisions pv ON pv.id = lin.provision_id
             JOIN provisions ap ON ap.id = lin.ancestor_id
             JOIN current_stances c ON c.plan_id = ap.plan_id AND c.provision_id = ap.id
             WHERE pv.plan_id = :inherit_plan AND lin.depth > 0
             ORDER BY lin.depth, c.stated_on DESC, ap.key"
        };
        let (sql, mut bound) = self.parameterised(&scope, "", select)?;
        bound.push((":inherit_plan", &plan));
        self.query_rows(&sql, bound.as_slice())
    }

    /// Runs `select` (SQL over the report views) after the WITH clauses that give the
    /// views `params` in place of their defaults; `head` goes before them (EXPLAIN).
    fn with_parameters(
        &self,
        params: &ReportParams,
        head: &str,
        select: &str,
    ) -> Result<ResultSet> {
        let (sql, bound) = self.parameterised(params, head, select)?;
        self.query_rows(&sql, bound.as_slice())
    }

    /// The SQL of `with_parameters` and the values it binds.
    #[allow(clippy::type_complexity)]
    fn parameterised<'p>(
        &self,
        params: &'p ReportParams,
        head: &str,
        select: &str,
    ) -> Result<(String, Vec<(&'static str, &'p dyn ToSql)>)> {
        let mut with = vec![
            "report_parameters AS NOT MATERIALIZED (SELECT :as_of AS as_of, :plan_id AS plan_id, \
             :actor_id AS actor_id, :provision_id AS provision_id, :category AS category, \
             :since AS since, :window_days AS window_days, :kind AS kind, \
             :lineage AS lineage, :group_tag AS group_tag FROM report_defaults WHERE id = 1)"
                .to_string(),
        ];
        for view in BASE_VIEWS {
            with.push(format!(
                "{view} AS NOT MATERIALIZED ({})",
                self.view_sql(view)?
            ));
        }
        let mut bound: Vec<(&str, &dyn ToSql)> = vec![
            (":as_of", &params.as_of),
            (":plan_id", &params.plan),
            (":actor_id", &params.actor),
            (":provision_id", &params.provision),
            (":category", &params.category),
            (":since", &params.since),
            (":window_days", &params.window_days),
            (":kind", &params.kind),
            (":lineage", &params.lineage),
            (":group_tag", &params.group),
        ];
        if let Some((a, b)) = &params.plan_pair {
            with.push(
                "plan_diff_pairs AS (SELECT :plan_a AS plan_a_id, :plan_b AS plan_b_id)".into(),
            );
            bound.push((":plan_a", a));
            bound.push((":plan_b", b));
        }
        let sql = format!("{head}WITH {} {select}", with.join(",\n"));
        Ok((sql, bound))
    }

    /// The SELECT of a view, as stored in the database.
    fn view_sql(&self, view: &str) -> Result<String> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?1",
                [view],
                |r| r.get(0),
            )
            .optional()?;
        let damaged = || {
            Error::Unexpected(format!(
                "the database's view {view} is missing or altered; restore the file from a backup"
            ))
        };
        let stored = stored.ok_or_else(damaged)?;
        select_of_view(&stored, view).ok_or_else(damaged)
    }
}

impl Db<'_> {
    /// Makes this connection's unqualified view names (`current_stances`,
    /// `known_stances`, every `report_*` view) see the world as known on `day`, as the
    /// reports' `--as-of` does: temporary copies of the views, which the connection
    /// finds before the stored ones, over a `report_parameters` whose as_of is `day`.
    /// Nothing is written to the database file (temporary views live in memory).
    pub fn see_as_of(&self, day: &str) -> Result<()> {
        // A view cannot take a bound parameter: the day is bound into a one-row
        // temporary table, which the temporary report_parameters reads.
        let mut stmt = self.conn.prepare(
            "SELECT name, sql FROM main.sqlite_schema WHERE type = 'view'
             AND name <> 'report_parameters' ORDER BY rowid",
        )?;
        let views = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        let mut sql = format!(
            "CREATE TEMP VIEW report_parameters AS SELECT (SELECT day FROM temp.as_of_day) \
             AS as_of, NULL AS plan_id, NULL AS actor_id, NULL AS provision_id, \
             NULL AS category, NULL AS since, {DEFAULT_WINDOW_DAYS} AS window_days, \
             NULL AS kind, 1 AS lineage, NULL AS group_tag FROM report_defaults WHERE id = 1;\n"
        );
        for (name, create) in &views {
            let select = select_of_view(create, name).ok_or_else(|| {
                Error::Unexpected(format!(
                    "the database's view {name} is altered; restore the file from a backup"
                ))
            })?;
            sql.push_str(&format!(
                "CREATE TEMP VIEW \"{}\" AS {select};\n",
                name.replace('"', "\"\"")
            ));
        }
        // A read command's connection has writes switched off (`query_only`), which
        // temporary views count as: switched on for them alone, they touch only the
        // connection's in-memory temp schema, never the database file.
        let query_only: bool = self.conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
        if query_only {
            self.conn.execute_batch("PRAGMA query_only = OFF;")?;
        }
        let made = self
            .conn
            .execute_batch("CREATE TEMP TABLE as_of_day (day TEXT NOT NULL);")
            .and_then(|()| {
                self.conn
                    .execute("INSERT INTO temp.as_of_day (day) VALUES (?1)", [day])
            })
            .and_then(|_| self.conn.execute_batch(&sql));
        if query_only {
            self.conn.execute_batch("PRAGMA query_only = ON;")?;
        }
        made?;
        Ok(())
    }
}

/// The SELECT part of `CREATE VIEW name AS SELECT ...`.
fn select_of_view(create: &str, view: &str) -> Option<String> {
    let after_name = &create[create.find(view)? + view.len()..];
    let body = after_name.trim_start();
    let keyword = body.get(..2)?;
    keyword
        .eq_ignore_ascii_case("as")
        .then(|| body[2..].trim().to_string())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    use crate::result_set::cell_text;
    use crate::store::migrate;

    /// Two linked plans, a shift, a conflict, a retraction and a silent proposer.
    const FIXTURE: &str = "
        INSERT INTO sources (id, key, outlet, title, published_on, kind) VALUES
            (1, 's1', 'A', 'One', '2025-11-20', 'news'),
            (2, 's2', 'B', 'Two', '2025-11-22', 'news');
        INSERT INTO actors (id, key, name, kind, parent_id) VALUES
            (1, 'us', 'US', 'state', NULL), (2, 'envoy', 'Envoy', 'person', 1),
            (3, 'ua', 'Ukraine', 'state', NULL), (4, 'eu', 'EU', 'bloc', NULL);
        INSERT INTO plans (id, key, title, status) VALUES
            (1, 'pa', 'A', 'leaked'), (2, 'pb', 'B', 'proposed');
        INSERT INTO plan_proposers (plan_id, actor_id) VALUES (2, 1), (1, 4);
        INSERT INTO provisions (id, key, plan_id, point, title, category)
        VALUES (1, 'a1', 1, '1', 'x', 'ceasefire'),
               (2, 'a2', 1, '2', 'y', 'territory'),
               (3, 'b1', 2, '1', 'x', 'ceasefire'),
               (4, 'b2', 2, '2', 'z', 'territory');
        INSERT INTO provision_links (provision_id, continues_id, relation) VALUES (3, 1, 'same');
        INSERT INTO stances (id, key, actor_id, plan_id, position, source_id, stated_on, status,
                             status_reason, recorded_at) VALUES
            (1, 'k1', 1, 2, 'proposes', 1, '2025-11-20', 'active', NULL, 'now'),
            (2, 'k2', 3, 2, 'supports', 1, '2025-11-20', 'active', NULL, 'now'),
            (3, 'k3', 3, 2, 'rejects', 2, '2025-11-21', 'active', NULL, 'now'),
            (4, 'k4', 2, 2, 'undecided', 2, '2025-11-22', 'active', NULL, 'now'),
            (5, 'k5', 2, 2, 'rejects', 2, '2025-11-22', 'retracted', 'misread', 'now'),
            (6, 'k6', 4, 1, 'supports', 2, '2025-11-22', 'active', NULL, 'now');
        INSERT INTO stance_targets (stance_id, provision_id) VALUES
            (1, 3), (2, 3), (3, 3), (4, 4), (5, 3), (6, NULL);";

    fn fixture() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate::apply_pending(&mut conn).unwrap();
        conn.execute_batch(FIXTURE).unwrap();
        conn
    }

    #[test]
    fn without_flags_every_report_is_its_view() {
        let conn = fixture();
        let db = Db::new(&conn);
        for report in Report::ALL {
            let view = db
                .query_rows(&format!("SELECT * FROM {}", report.view()), [])
                .unwrap();
            assert!(
                !view.is_empty(),
                "{} is empty on the fixture",
                report.view()
            );
            assert_eq!(
                db.report(report, &ReportParams::default()).unwrap(),
                view,
                "{}",
                report.view()
            );
        }
    }

    #[test]
    fn flags_replace_the_views_parameters() {
        let conn = fixture();
        let db = Db::new(&conn);
        let as_of = ReportParams {
            as_of: Some("2025-11-21".into()),
            ..ReportParams::default()
        };
        // s2 was published on the 22nd: its stance stated on the 21st is not known yet.
        let timeline = db.report(Report::Timeline, &as_of).unwrap();
        assert_eq!(timeline.rows.len(), 2);
        // The EU's stance on plan A as a whole is the only one about plan A.
        let plan_a = ReportParams {
            plan: Some(1),
            ..ReportParams::default()
        };
        let timeline = db.report(Report::Timeline, &plan_a).unwrap();
        assert_eq!(timeline.rows.len(), 1);
        let pair = ReportParams {
            plan_pair: Some((1, 2)),
            ..ReportParams::default()
        };
        let diff = db.report(Report::PlanDiff, &pair).unwrap();
        let changes: Vec<&str> = diff.rows.iter().map(|r| r[2].as_str().unwrap()).collect();
        assert_eq!(changes, ["kept", "added", "dropped"]);
    }

    /// What latest_stances must hold, by the rule itself: each pair's active stances of
    /// a kind ranked by date stated, then the actor's own word first, then the source's
    /// publication date, then id.
    const RANKED: &str = "
        SELECT r.plan_id, r.target, r.kind, a.key, r.actor_id, r.id, r.stated_on,
               r.firsthand, r.published_on, r.position, pos.score, r.source_id,
               r.stated_precision, r.stated_inferred
        FROM (SELECT st.*, coalesce(t.provision_id, 0) AS target,
                     st.attribution = 'direct' AS firsthand, s.published_on,
                     row_number() OVER (
                  PARTITION BY st.plan_id, coalesce(t.provision_id, 0), st.kind, st.actor_id
                  ORDER BY st.stated_on DESC, st.attribution = 'direct' DESC,
                           s.published_on DESC, st.id DESC) AS recency
              FROM stance_targets t JOIN stances st ON st.id = t.stance_id
              JOIN sources s ON s.id = st.source_id
              WHERE st.status = 'active') r
        JOIN actors a ON a.id = r.actor_id
        JOIN positions pos ON pos.key = r.position
        WHERE r.recency = 1";

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM ({sql})"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}: {sql}"))
    }

    /// The columns of latest_stances that RANKED gives (all but the rank key, recency).
    const LATEST: &str = "plan_id, provision_id, kind, actor, actor_id, stance_id, stated_on, \
        firsthand, published_on, position, score, source_id, stated_precision, stated_inferred";

    /// latest_stances, latest_stances_recomputed and the ranking hold the same rows.
    fn assert_latest_in_step(conn: &Connection, after: &str) {
        let table = format!("SELECT {LATEST} FROM latest_stances");
        let recomputed = format!("SELECT {LATEST} FROM latest_stances_recomputed");
        for (a, b) in [
            (table.as_str(), RANKED),
            (RANKED, table.as_str()),
            (recomputed.as_str(), RANKED),
            (RANKED, recomputed.as_str()),
        ] {
            assert_eq!(
                count(conn, &format!("{a} EXCEPT {b}")),
                0,
                "after {after}: {a}"
            );
        }
    }

    /// Each source's tallies counted from the stances and their targets (not from the
    /// derived target_stances), as source_tallies must hold them.
    const TALLIED: &str = "
        SELECT o AS source_id, count(*) AS stances, count(DISTINCT actor_id) AS actors,
               count(DISTINCT plan_id) AS plans,
               (SELECT count(DISTINCT t.provision_id)
                FROM stance_targets t JOIN stances y ON y.id = t.stance_id
                WHERE coalesce(y.relays_source_id, y.source_id) = o
                  AND t.provision_id IS NOT NULL) AS provisions
        FROM (SELECT coalesce(relays_source_id, source_id) AS o, actor_id, plan_id
              FROM stances)
        GROUP BY o";

    /// source_tallies, source_tallies_recomputed and the count hold the same rows.
    fn assert_tallies_in_step(conn: &Connection, after: &str) {
        let table = "SELECT source_id, stances, actors, plans, provisions FROM source_tallies";
        let recomputed =
            "SELECT source_id, stances, actors, plans, provisions FROM source_tallies_recomputed";
        for (a, b) in [
            (table, TALLIED),
            (TALLIED, table),
            (recomputed, TALLIED),
            (TALLIED, recomputed),
        ] {
            assert_eq!(
                count(conn, &format!("{a} EXCEPT {b}")),
                0,
                "after {after}: {a}"
            );
        }
    }

    /// A small deterministic generator for the random tests.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: i64) -> i64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as i64
        }
    }

    /// Stances with many ties (few days, sources published on the same day), some
    /// retracted, some of month precision.
    fn random_fixture(seed: u64) -> (Connection, Lcg) {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate::apply_pending(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO actors (id, key, name, kind) VALUES
                 (1, 'a1', 'A1', 'state'), (2, 'a2', 'A2', 'state'), (3, 'a3', 'A3', 'person');
             INSERT INTO plans (id, key, title, status, first_reported_on,
                                first_reported_precision)
             VALUES (1, 'p1', 'P1', 'leaked', '2025-11-01', 'day'),
                    (2, 'p2', 'P2', 'leaked', '2025-11-01', 'day');
             INSERT INTO provisions (id, key, plan_id, point, title, category) VALUES
                 (1, 'v1', 1, 1, 'x', 'ceasefire'), (2, 'v2', 1, 2, 'y', 'territory');",
        )
        .unwrap();
        let mut rng = Lcg(seed);
        for s in 1..=6 {
            let (date, precision) = match rng.below(4) {
                0 => ("2025-11-01".to_string(), "month"),
                _ => (format!("2025-11-{:02}", 1 + rng.below(4)), "day"),
            };
            conn.execute(
                "INSERT INTO sources (id, key, outlet, title, published_on, published_precision,
                                      kind)
                 VALUES (?1, 's' || ?1, 'O', 'T', ?2, ?3, 'news')",
                rusqlite::params![s, date, precision],
            )
            .unwrap();
        }
        for _ in 0..60 {
            insert_random_stance(&conn, &mut rng);
        }
        (conn, rng)
    }

    fn insert_random_stance(conn: &Connection, rng: &mut Lcg) {
        let positions = [
            "proposes",
            "supports",
            "conditional",
            "undecided",
            "neutral",
            "opposes",
            "rejects",
        ];
        let retracted = rng.below(6) == 0;
        let (day, precision) = match rng.below(5) {
            0 => ("2025-11-01".to_string(), "month"),
            _ => (format!("2025-11-{:02}", 1 + rng.below(4)), "day"),
        };
        conn.execute(
            "INSERT INTO stances (key, actor_id, plan_id, kind, position, source_id,
                 stated_on, stated_precision, attribution, status, status_reason, recorded_at)
             VALUES ('r' || (SELECT coalesce(max(id), 0) + 1 FROM stances), ?1, 1, ?2, ?3, ?4,
                     ?5, ?6, ?7, ?8, ?9, 'now')",
            rusqlite::params![
                1 + rng.below(3),
                ["position", "position", "forecast"][rng.below(3) as usize],
                positions[rng.below(7) as usize],
                1 + rng.below(6),
                day,
                precision,
                ["direct", "reported", "anonymous"][rng.below(3) as usize],
                if retracted { "retracted" } else { "active" },
                retracted.then_some("misread"),
            ],
        )
        .unwrap();
        // Provision 1, 2, both, or the plan as a whole.
        let id = conn.last_insert_rowid();
        let targets: &[Option<i64>] = match rng.below(4) {
            0 => &[Some(1)],
            1 => &[Some(2)],
            2 => &[Some(1), Some(2)],
            _ => &[None],
        };
        for t in targets {
            conn.execute(
                "INSERT INTO stance_targets (stance_id, provision_id) VALUES (?1, ?2)",
                rusqlite::params![id, t],
            )
            .unwrap();
        }
    }

    #[test]
    fn latest_stances_and_source_tallies_follow_every_change() {
        for seed in 0..20 {
            let (conn, mut rng) = random_fixture(seed);
            assert_latest_in_step(&conn, &format!("seed {seed}: inserts"));
            assert_tallies_in_step(&conn, &format!("seed {seed}: inserts"));
            let ids = |conn: &Connection| -> Vec<i64> {
                conn.prepare("SELECT id FROM stances ORDER BY id")
                    .unwrap()
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap()
            };
            for step in 0..40 {
                let all = ids(&conn);
                let id = all[rng.below(all.len() as i64) as usize];
                let change = match rng.below(14) {
                    0 => format!(
                        "UPDATE stances SET status = 'retracted', status_reason = 'x' \
                         WHERE id = {id}"
                    ),
                    1 => format!(
                        "UPDATE stances SET status = 'active', status_reason = NULL \
                         WHERE id = {id}"
                    ),
                    2 => format!(
                        "UPDATE OR IGNORE stances SET stated_on = '2025-11-0{}' WHERE id = {id}",
                        1 + rng.below(4)
                    ),
                    3 => format!("UPDATE stances SET position = 'rejects' WHERE id = {id}"),
                    4 => format!(
                        "UPDATE OR IGNORE stances SET actor_id = {} WHERE id = {id}",
                        1 + rng.below(3)
                    ),
                    5 => format!(
                        "DELETE FROM stance_targets WHERE stance_id = {id}; \
                         DELETE FROM stances WHERE id = {id}"
                    ),
                    6 => format!(
                        "UPDATE sources SET published_on = '2025-11-0{}' WHERE id = {}",
                        1 + rng.below(4),
                        1 + rng.below(6)
                    ),
                    7 => format!(
                        "UPDATE actors SET key = key || 'x' WHERE id = {}",
                        1 + rng.below(3)
                    ),
                    8 => format!(
                        "UPDATE stances SET attribution = 'direct' WHERE id = {id}; \
                         UPDATE OR IGNORE stance_targets SET provision_id = {} \
                         WHERE stance_id = {id}",
                        1 + rng.below(2)
                    ),
                    9 => format!(
                        "UPDATE stances SET stated_inferred = 1 - stated_inferred WHERE id = {id}"
                    ),
                    // Level 11: what source_tallies counts moves (the origin, the plan).
                    10 => {
                        let s = 1 + rng.below(6);
                        format!(
                            "UPDATE stances SET relays_source_id = \
                             CASE WHEN source_id = {s} OR relays_source_id = {s} THEN NULL \
                             ELSE {s} END WHERE id = {id}"
                        )
                    }
                    11 => format!(
                        "UPDATE OR IGNORE stances SET source_id = {} WHERE id = {id}",
                        1 + rng.below(6)
                    ),
                    12 => format!(
                        "UPDATE stances SET plan_id = 3 - plan_id WHERE id = {id} AND NOT EXISTS \
                         (SELECT 1 FROM stance_targets WHERE stance_id = {id} \
                          AND provision_id IS NOT NULL)"
                    ),
                    _ => {
                        insert_random_stance(&conn, &mut rng);
                        "INSERT".to_string()
                    }
                };
                if change != "INSERT" {
                    conn.execute_batch(&change).unwrap();
                }
                assert_latest_in_step(&conn, &format!("seed {seed}, step {step}: {change}"));
                assert_tallies_in_step(&conn, &format!("seed {seed}, step {step}: {change}"));
            }
            conn.execute_batch("UPDATE positions SET score = 1 WHERE key = 'undecided'")
                .unwrap();
            assert_latest_in_step(&conn, "a new score");
        }
    }

    /// Level 13: writing a statement asks "does another statement of this source name
    /// this plan?" through an index of both columns, whatever the planner's statistics
    /// say. With `stances_origin` alone, statistics that make `stances_plan` look
    /// selective (the sqlite3 shell 3.40 chose it without any) made each write read
    /// every statement of the plan; here, 3,000.
    #[test]
    fn a_statement_written_reads_only_its_own_source_and_plan() {
        let (conn, _) = random_fixture(0);
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO stances (key, actor_id, plan_id, position, source_id, stated_on,
                                  recorded_at)
             SELECT 'bulk' || i, 1 + i % 3, 2, 'supports', 2 + i % 5, '2025-11-02', 'now'
             FROM n;
             ANALYZE;
             UPDATE sqlite_stat1 SET stat = '3060 1' WHERE idx = 'stances_plan';
             UPDATE sqlite_stat1 SET stat = '3060 3060 3060 3060 3060 3060'
             WHERE idx = 'stances_origin';
             ANALYZE sqlite_schema;",
        )
        .unwrap();
        let mut insert = conn
            .prepare(
                "INSERT INTO stances (key, actor_id, plan_id, position, source_id, stated_on,
                                      recorded_at)
                 VALUES ('new', 1, 2, 'opposes', 1, '2025-11-03', 'now')",
            )
            .unwrap();
        insert.execute([]).unwrap();
        let steps = insert.get_status(rusqlite::StatementStatus::VmStep);
        assert!(
            steps < 2_000,
            "{steps} virtual machine steps for one statement"
        );
        assert_tallies_in_step(&conn, "a statement on a new plan for its source");
    }

    /// Each kind of change to what source_tallies counts, one at a time, and in
    /// particular a statement that is the only one of its source naming its plan (or
    /// actor) while another of its columns changes: it must not be counted twice.
    #[test]
    fn source_tallies_follow_each_kind_of_change_one_at_a_time() {
        let (conn, _) = random_fixture(0);
        conn.execute_batch("DELETE FROM stance_targets; DELETE FROM stances;")
            .unwrap();
        assert_eq!(count(&conn, "SELECT * FROM source_tallies"), 0);
        let add = |id: i64, actor: i64, provision: &str| {
            format!(
                "INSERT INTO stances (id, key, actor_id, plan_id, position, source_id, \
                 stated_on, recorded_at) \
                 VALUES ({id}, 'k{id}', {actor}, 1, 'supports', 1, '2025-11-02', 'now'); \
                 INSERT INTO stance_targets (stance_id, provision_id) VALUES ({id}, {provision});"
            )
        };
        let steps = [
            add(1, 1, "1"),
            add(2, 2, "NULL"),
            // Actor only; plan 1 is still named by stance 2.
            "UPDATE stances SET actor_id = 3 WHERE id = 1".to_string(),
            // Plan only, of the one stance of actor 2 at source 1.
            "UPDATE stances SET plan_id = 2 WHERE id = 2".to_string(),
            // Actor only, of the one stance of plan 2 at source 1.
            "UPDATE stances SET actor_id = 1 WHERE id = 2".to_string(),
            // The origin moves to the relayed source, and back.
            "UPDATE stances SET relays_source_id = 2 WHERE id = 1".to_string(),
            "UPDATE stance_targets SET provision_id = 2 WHERE stance_id = 1".to_string(),
            "UPDATE stances SET relays_source_id = NULL WHERE id = 1".to_string(),
            add(3, 3, "2"),
            "DELETE FROM stance_targets WHERE stance_id = 2; DELETE FROM stances WHERE id = 2"
                .to_string(),
            "DELETE FROM stance_targets WHERE stance_id = 1; DELETE FROM stances WHERE id = 1"
                .to_string(),
            "DELETE FROM stance_targets WHERE stance_id = 3; DELETE FROM stances WHERE id = 3"
                .to_string(),
        ];
        for step in &steps {
            conn.execute_batch(step).unwrap();
            assert_tallies_in_step(&conn, step);
        }
        assert_eq!(count(&conn, "SELECT * FROM source_tallies"), 0);
    }

    /// Ties on both dates go to the greater id, negative ids (written by another tool)
    /// included.
    #[test]
    fn latest_stances_break_ties_by_id_whatever_its_sign() {
        let (conn, _) = random_fixture(0);
        conn.execute_batch(
            "DELETE FROM stance_targets;
             DELETE FROM stances;
             UPDATE sources SET published_on = '2025-11-02', published_precision = 'day';
             INSERT INTO stances (id, key, actor_id, plan_id, position, source_id, stated_on,
                                  recorded_at)
             VALUES (-9223372036854775808, 't1', 1, 1, 'supports', 1, '2025-11-02', 'now'),
                    (-3, 't2', 1, 1, 'opposes', 2, '2025-11-02', 'now'),
                    (-5, 't3', 1, 1, 'rejects', 3, '2025-11-02', 'now'),
                    (-7, 't4', 2, 1, 'rejects', 1, '2025-11-02', 'now'),
                    (-2, 't5', 2, 1, 'supports', 2, '2025-11-02', 'now'),
                    (0, 't6', 2, 1, 'supports', 1, '2025-11-02', 'now'),
                    (-1, 't7', 2, 1, 'rejects', 2, '2025-11-02', 'now'),
                    (9223372036854775807, 't8', 3, 1, 'supports', 1, '2025-11-02', 'now'),
                    (12, 't9', 3, 1, 'rejects', 2, '2025-11-02', 'now');
             INSERT INTO stance_targets (stance_id, provision_id)
             VALUES (-9223372036854775808, 1), (-3, 1), (-5, 1), (-7, 1), (-2, 1), (0, 2),
                    (-1, 2), (9223372036854775807, 2), (12, 2);",
        )
        .unwrap();
        assert_latest_in_step(&conn, "ties");
        let picked: Vec<i64> = conn
            .prepare(
                "SELECT stance_id FROM latest_stances_recomputed ORDER BY actor_id, provision_id",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(picked, [-3, -2, 0, 9223372036854775807]);
    }

    #[test]
    fn as_of_a_day_the_current_stance_is_the_latest_known_then() {
        for seed in 0..20 {
            let (conn, _) = random_fixture(seed);
            let db = Db::new(&conn);
            for day in [
                "2025-10-31",
                "2025-11-01",
                "2025-11-02",
                "2025-11-03",
                "2025-11-04",
            ] {
                let params = ReportParams {
                    as_of: Some(day.into()),
                    ..ReportParams::default()
                };
                let current = db
                    .with_parameters(
                        &params,
                        "",
                        "SELECT provision_id, actor_id, stance_id, position, score, stated, \
                                source FROM current_stances \
                         ORDER BY provision_id, actor_id",
                    )
                    .unwrap();
                let ranked = db
                    .query_rows(
                        "SELECT provision_id, actor_id, id, position, score,
                                CASE stated_precision WHEN 'month' THEN substr(stated_on, 1, 7)
                                     ELSE stated_on END, source
                         FROM (SELECT st.*, coalesce(t.provision_id, 0) AS provision_id,
                                      pos.score, s.key AS source, row_number() OVER (
                                   PARTITION BY coalesce(t.provision_id, 0), st.actor_id
                                   ORDER BY st.stated_on DESC, st.attribution = 'direct' DESC,
                                            s.published_on DESC, st.id DESC)
                                   AS recency
                               FROM stance_targets t JOIN stances st ON st.id = t.stance_id
                               JOIN sources s ON s.id = st.source_id
                               JOIN positions pos ON pos.key = st.position
                               WHERE st.status = 'active' AND st.kind = 'position'
                                 AND st.stated_on <= ?1 AND s.published_on <= ?1)
                         WHERE recency = 1 ORDER BY provision_id, actor_id",
                        [day],
                    )
                    .unwrap();
                assert_eq!(current.rows, ranked.rows, "seed {seed}, as of {day}");
            }
        }
    }

    /// The flags' row is folded into each report's query (no separate loop over a
    /// constant row), and the reports on current stances read latest_stances instead of
    /// ranking stances.
    #[test]
    fn reports_fold_their_flags_and_read_latest_stances() {
        let conn = fixture();
        let db = Db::new(&conn);
        let params = ReportParams {
            plan: Some(2),
            actor: Some(3),
            ..ReportParams::default()
        };
        for report in Report::ALL {
            let plan = db
                .with_parameters(
                    &params,
                    "EXPLAIN QUERY PLAN ",
                    &db.view_sql(report.view()).unwrap(),
                )
                .unwrap();
            let lines: Vec<String> = plan.rows.iter().map(|r| cell_text(&r[3])).collect();
            assert!(
                !lines.iter().any(|l| l.contains("CONSTANT ROW")),
                "{}: {lines:#?}",
                report.view()
            );
            if matches!(report, Report::Matrix | Report::Contested) {
                assert!(
                    lines
                        .iter()
                        .any(|l| l.starts_with("SEARCH c USING PRIMARY KEY")),
                    "{}: {lines:#?}",
                    report.view()
                );
                assert!(
                    !lines.iter().any(|l| l.starts_with("SCAN st")),
                    "{}: {lines:#?}",
                    report.view()
                );
            }
        }
    }

    #[test]
    fn select_of_view_strips_the_create_clause() {
        assert_eq!(
            select_of_view("CREATE VIEW report_x AS\nSELECT 1", "report_x").as_deref(),
            Some("SELECT 1")
        );
        assert_eq!(
            select_of_view("CREATE VIEW other AS SELECT 1", "report_x"),
            None
        );
    }
}
