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

use rusqlite::types::ToSql;
use rusqlite::OptionalExtension;

use super::records::Db;
use crate::error::{Error, Result};
use crate::rows::Rows;

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
}

impl Report {
    pub const ALL: [Report; 8] = [
        Report::Matrix,
        Report::Timeline,
        Report::Shifts,
        Report::Conflicts,
        Report::Contested,
        Report::Coverage,
        Report::PlanDiff,
        Report::Sources,
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
    /// Shifts: only those to a stance stated on or after this day.
    pub since: Option<String>,
    /// Conflicts: the most days between the two stances.
    pub window_days: u32,
    /// Plan-diff: the two plans compared, instead of every pair that lineage links.
    pub plan_pair: Option<(i64, i64)>,
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
            since: None,
            window_days: DEFAULT_WINDOW_DAYS,
            plan_pair: None,
        }
    }
}

/// The conflicts window of the report_conflicts view.
const DEFAULT_WINDOW_DAYS: u32 = 30;

/// The views the report views build on, in the order they build on each other.
const BASE_VIEWS: [&str; 2] = ["known_stances", "current_stances"];

impl Db<'_> {
    /// Runs a report with its parameters in place of the views' defaults.
    pub fn report(&self, report: Report, params: &ReportParams) -> Result<Rows> {
        let mut with = vec![
            "report_parameters AS (SELECT :as_of AS as_of, :plan_id AS plan_id, \
             :actor_id AS actor_id, :provision_id AS provision_id, :category AS category, \
             :since AS since, :window_days AS window_days)"
                .to_string(),
        ];
        for view in BASE_VIEWS {
            with.push(format!("{view} AS ({})", self.view_sql(view)?));
        }
        let mut bound: Vec<(&str, &dyn ToSql)> = vec![
            (":as_of", &params.as_of),
            (":plan_id", &params.plan),
            (":actor_id", &params.actor),
            (":provision_id", &params.provision),
            (":category", &params.category),
            (":since", &params.since),
            (":window_days", &params.window_days),
        ];
        if let Some((a, b)) = &params.plan_pair {
            with.push(
                "plan_diff_pairs AS (SELECT :plan_a AS plan_a_id, :plan_b AS plan_b_id)".into(),
            );
            bound.push((":plan_a", a));
            bound.push((":plan_b", b));
        }
        let sql = format!(
            "WITH {} {}",
            with.join(",\n"),
            self.view_sql(report.view())?
        );
        self.query_rows(&sql, bound.as_slice())
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
        INSERT INTO provisions (id, key, plan_id, point, title, category, continues_id, relation)
        VALUES (1, 'a1', 1, 1, 'x', 'ceasefire', NULL, NULL),
               (2, 'a2', 1, 2, 'y', 'territory', NULL, NULL),
               (3, 'b1', 2, 1, 'x', 'ceasefire', 1, 'same'),
               (4, 'b2', 2, 2, 'z', 'territory', NULL, NULL);
        INSERT INTO stances (actor_id, provision_id, position, source_id, stated_on, status,
                             status_reason, recorded_at) VALUES
            (1, 3, 'proposes', 1, '2025-11-20', 'active', NULL, 'now'),
            (3, 3, 'supports', 1, '2025-11-20', 'active', NULL, 'now'),
            (3, 3, 'rejects', 2, '2025-11-21', 'active', NULL, 'now'),
            (2, 4, 'undecided', 2, '2025-11-22', 'active', NULL, 'now'),
            (2, 3, 'rejects', 2, '2025-11-22', 'retracted', 'misread', 'now');";

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
        let pair = ReportParams {
            plan_pair: Some((1, 2)),
            ..ReportParams::default()
        };
        let diff = db.report(Report::PlanDiff, &pair).unwrap();
        let changes: Vec<&str> = diff.rows.iter().map(|r| r[2].as_str().unwrap()).collect();
        assert_eq!(changes, ["kept", "added", "dropped"]);
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
