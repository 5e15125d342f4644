//! The checks behind `provtrack doctor`: SQLite's own, then provtrack's invariants.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::migrate::{self, current_level, latest_level, APPLICATION_ID, MIGRATIONS};
use super::Db;
use crate::error::Result;

/// One check's result: `problem` is None when it passed.
pub struct Check {
    pub name: &'static str,
    pub problem: Option<String>,
    pub fix: &'static str,
}

/// The fix of a trigger or history check: the file was changed by another tool.
const RESTORE: &str = "the file was changed by another tool; restore it from a backup \
                       (`provtrack backup` makes them)";

/// The triggers that make history append-only.
const GUARDS: &[&str] = &["history_no_update", "history_no_delete"];

/// The records a write touched, as tables every rule below reads its records from:
/// those added since the marks (ids and rowids above them), and those whose history
/// gained a row since (changed or removed). `doctor` binds marks of 0 and no history,
/// so the same rules look at every record; a write binds the marks taken when it began,
/// so it checks only what it changed (a bulk import: the rows it added). `c_sources`
/// and `c_provisions` are the changed ones only: the stances of a source or provision
/// added by the write are themselves added, and so in `t_stances`.
const SCOPE: &str = "
 t_sources(id) AS (SELECT DISTINCT id FROM (
     SELECT id FROM sources WHERE id > ?1
     UNION ALL SELECT record_id FROM history WHERE id > ?9 AND +table_name = 'sources')),
 t_actors(id) AS (SELECT DISTINCT id FROM (
     SELECT id FROM actors WHERE id > ?2
     UNION ALL SELECT actor_id FROM actor_aliases WHERE rowid > ?6
     UNION ALL SELECT record_id FROM history WHERE id > ?9
                                         AND +table_name IN ('actors', 'actor_aliases'))),
 t_plans(id) AS (SELECT DISTINCT id FROM (
     SELECT id FROM plans WHERE id > ?3
     UNION ALL SELECT record_id FROM history WHERE id > ?9 AND +table_name = 'plans')),
 t_provisions(id) AS (SELECT DISTINCT id FROM (
     SELECT id FROM provisions WHERE id > ?4
     UNION ALL SELECT provision_id FROM provision_links WHERE rowid > ?7
     UNION ALL SELECT record_id FROM history WHERE id > ?9
                                         AND +table_name IN ('provisions', 'provision_links'))),
 c_sources(id) AS (
     SELECT DISTINCT record_id FROM history WHERE id > ?9 AND +table_name = 'sources'),
 c_provisions(id) AS (
     SELECT DISTINCT record_id FROM history WHERE id > ?9 AND +table_name = 'provisions'),
 t_stances(id) AS (SELECT DISTINCT id FROM (
     SELECT id FROM stances WHERE id > ?5
     UNION ALL SELECT stance_id FROM stance_targets WHERE rowid > ?8
     UNION ALL SELECT record_id FROM history WHERE id > ?9
                 AND +table_name IN ('stances', 'stance_targets', 'stance_via')))";

/// One of provtrack's own rules: its name, the query that returns one line per
/// violation among the records in scope (see `SCOPE`; a query that needs a common
/// table expression of its own starts with it), and how to fix one.
pub struct Rule {
    pub name: &'static str,
    sql: &'static str,
    pub fix: &'static str,
    /// Whether a write checks it. Two rules need no check at write time, which would
    /// scan every row a bulk import adds: real days are a CHECK of the schema, and
    /// every `recorded_at` provtrack writes is checked when it is read (`PROVTRACK_NOW`,
    /// a file's `recorded_at`). `doctor` checks them for files other tools wrote.
    on_write: bool,
}

impl Rule {
    /// The rule's query over the records in `SCOPE` (the marks bound as ?1 to ?9).
    fn scoped_sql(&self) -> String {
        if self.sql.trim_start().starts_with("SELECT") {
            format!("WITH {SCOPE} {}", self.sql)
        } else {
            format!("WITH RECURSIVE {SCOPE}, {}", self.sql)
        }
    }
}

/// provtrack's own rules, checked by `doctor` over the whole file and by every write
/// over the records it touched (`Db::check_rules`): a write that would break one is
/// refused, so only another tool can leave a file that `doctor` finds fault with.
pub const RULES: &[Rule] = &[
    Rule {
        name: "aliases do not shadow keys",
        sql: "SELECT 'alias ''' || x.alias || ''' of ' || a.key || ' is the key of another actor'
         FROM t_actors d CROSS JOIN actor_aliases x ON x.actor_id = d.id
         JOIN actors a ON a.id = x.actor_id JOIN actors o ON o.key = x.folded AND o.id <> a.id
         UNION
         SELECT 'alias ''' || x.alias || ''' of ' || a.key || ' is the key of another actor'
         FROM t_actors d CROSS JOIN actors o ON o.id = d.id
         JOIN actor_aliases x ON x.folded = o.key JOIN actors a ON a.id = x.actor_id
         WHERE o.id <> a.id",
        on_write: true,
        fix: "remove the alias with `provtrack actor alias remove ACTOR ALIAS`",
    },
    Rule {
        name: "no actor is its own ancestor",
        sql: "up(start, id, depth) AS (
             SELECT id, parent_id, 1 FROM actors WHERE parent_id IS NOT NULL AND id IN t_actors
             UNION ALL SELECT up.start, a.parent_id, depth + 1 FROM up JOIN actors a ON a.id = up.id
             WHERE a.parent_id IS NOT NULL AND depth < 100)
         SELECT DISTINCT 'actor ' || a.key || ' is its own ancestor' FROM up JOIN actors a ON a.id = up.start
         WHERE up.id = up.start",
        on_write: true,
        fix: "change the parent with `provtrack actor update KEY --parent OTHER` or `--unset parent`",
    },
    Rule {
        name: "lineage points to another plan",
        sql: "SELECT 'provision ' || p.key || ' continues ' || c.key || ' of the same plan'
         FROM t_provisions d CROSS JOIN provision_links l ON l.provision_id = d.id
         JOIN provisions p ON p.id = l.provision_id
         JOIN provisions c ON c.id = l.continues_id WHERE c.plan_id = p.plan_id
         UNION
         SELECT 'provision ' || p.key || ' continues ' || c.key || ' of the same plan'
         FROM t_provisions d CROSS JOIN provision_links l ON l.continues_id = d.id
         JOIN provisions p ON p.id = l.provision_id
         JOIN provisions c ON c.id = l.continues_id WHERE c.plan_id = p.plan_id",
        on_write: true,
        fix: "point --continues at the provision of the earlier plan",
    },
    Rule {
        name: "no provision continues itself",
        sql: "back(start, id) AS (
             SELECT provision_id, continues_id FROM provision_links
             WHERE provision_id IN t_provisions
             UNION SELECT back.start, l.continues_id
             FROM back JOIN provision_links l ON l.provision_id = back.id)
         SELECT DISTINCT 'provision ' || p.key || ' continues itself through earlier versions'
         FROM back JOIN provisions p ON p.id = back.start WHERE back.id = back.start",
        on_write: true,
        fix: "remove a link of the cycle with `provtrack provision update KEY --continues ...` \
              or `--unset continues`",
    },
    Rule {
        name: "stances are not dated after their source",
        sql: "SELECT 'stance ' || st.key || ' is stated on ' || st.stated_on || ', after ' || s.key
                || ' was published on ' || s.published_on
         FROM (SELECT st.id AS stance FROM t_stances d CROSS JOIN stances st ON st.id = d.id
               UNION ALL
               SELECT st.id FROM c_sources d CROSS JOIN stances st ON st.source_id = d.id) w
         CROSS JOIN stances st ON st.id = w.stance JOIN sources s ON s.id = st.source_id
         WHERE st.stated_on > CASE s.published_precision
                   WHEN 'year' THEN date(s.published_on, '+1 year', '-1 day')
                   WHEN 'month' THEN date(s.published_on, '+1 month', '-1 day')
                   ELSE s.published_on END",
        on_write: true,
        fix: "correct the date with `provtrack stance update KEY --date ...` or the source's --published-on",
    },
    Rule {
        name: "every stance has a target in its plan",
        sql: "SELECT 'stance ' || st.key || ' has no target'
         FROM t_stances d CROSS JOIN stances st ON st.id = d.id
         WHERE NOT EXISTS (SELECT 1 FROM stance_targets t WHERE t.stance_id = st.id)
         UNION ALL
         SELECT 'stance ' || st.key || ' targets ' || pv.key || ', which is not in its plan'
         FROM (SELECT t.stance_id AS stance, t.provision_id AS provision
               FROM t_stances d CROSS JOIN stance_targets t ON t.stance_id = d.id
               UNION ALL
               SELECT t.stance_id, t.provision_id FROM c_provisions d
               CROSS JOIN stance_targets t ON t.provision_id = d.id) w
         CROSS JOIN stances st ON st.id = w.stance JOIN provisions pv ON pv.id = w.provision
         WHERE pv.plan_id <> st.plan_id
         UNION ALL
         SELECT 'stance ' || st.key || ' is about both its whole plan and provisions'
         FROM t_stances d CROSS JOIN stances st ON st.id = d.id
         WHERE EXISTS (SELECT 1 FROM stance_targets t
                       WHERE t.stance_id = st.id AND t.provision_id IS NULL)
           AND EXISTS (SELECT 1 FROM stance_targets t
                       WHERE t.stance_id = st.id AND t.provision_id IS NOT NULL)",
        on_write: true,
        fix: "set the targets with `provtrack stance update KEY --plan P` or `--provision X`",
    },
    Rule {
        name: "direct stances have no intermediary",
        sql: "SELECT 'stance ' || st.key || ' is direct but heard via someone'
         FROM t_stances d CROSS JOIN stances st ON st.id = d.id
         WHERE st.attribution = 'direct'
           AND EXISTS (SELECT 1 FROM stance_via v WHERE v.stance_id = st.id)",
        on_write: true,
        fix: "use `provtrack stance update KEY --attribution reported` or `--unset via`",
    },
    Rule {
        name: "dates are days that exist",
        sql: "SELECT 'source ' || key || ' is published on ' || published_on FROM sources
         WHERE id IN t_sources AND published_on IS NOT date(published_on, '+0 days')
         UNION ALL
         SELECT 'plan ' || key || ' is first reported on ' || first_reported_on FROM plans
         WHERE id IN t_plans AND first_reported_on IS NOT date(first_reported_on, '+0 days')
         UNION ALL
         SELECT 'stance ' || id || ' is stated on ' || stated_on FROM stances
         WHERE id IN t_stances AND stated_on IS NOT date(stated_on, '+0 days')",
        on_write: false,
        fix: "another tool wrote a day the month does not have; correct it with \
         `provtrack source update KEY --published-on ...`, `plan update KEY --first-reported-on ...` \
         or `stance update ID --date ...`",
    },
    Rule {
        name: "recorded times are UTC times",
        sql: "SELECT 'stance ' || key || ' is recorded at ' || quote(recorded_at) FROM stances
         WHERE id IN t_stances
           AND (recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at)
                OR substr(recorded_at, 1, 10) IS NOT date(substr(recorded_at, 1, 10), '+0 days'))",
        on_write: false,
        fix: "another tool wrote a time that is not YYYY-MM-DDTHH:MM:SSZ; export then import \
              cannot read it back: correct it in sqlite3 (UPDATE stances SET recorded_at = ...)",
    },
];

/// A derived table compared, both ways, with `<table>_recomputed` (the view that says
/// what it must hold): its check's name, query and fix.
macro_rules! in_step {
    ($table:literal, $unit:literal, $then:literal) => {
        (
            concat!($table, " matches the stances"),
            concat!(
                "SELECT '",
                $table,
                " differs from what the stances give for ' || n || ' ",
                $unit,
                "' FROM (SELECT (SELECT count(*) FROM (SELECT * FROM ",
                $table,
                " EXCEPT SELECT * FROM ",
                $table,
                "_recomputed)) + (SELECT count(*) FROM \
                 (SELECT * FROM ",
                $table,
                "_recomputed EXCEPT SELECT * FROM ",
                $table,
                ")) AS n) WHERE n > 0"
            ),
            concat!(
                "another tool changed stances without the triggers; in sqlite3 run: \
                 DELETE FROM ",
                $table,
                "; INSERT INTO ",
                $table,
                " SELECT * FROM ",
                $table,
                "_recomputed;",
                $then
            ),
        )
    };
}

/// The derived tables, checked by `doctor` only: every write keeps them in step
/// through the triggers.
const DERIVED: &[(&str, &str, &str)] = &[
    (
        "the reports' parameters row is there",
        "SELECT 'report_defaults has no row: every report view is empty'
         WHERE NOT EXISTS (SELECT 1 FROM report_defaults WHERE id = 1)",
        "another tool removed it; in sqlite3 run: INSERT INTO report_defaults (id) VALUES (1);",
    ),
    in_step!(
        "target_stances",
        "target(s)",
        " then the same for latest_stances and source_tallies"
    ),
    in_step!("latest_stances", "actor/target pair(s)", ""),
    in_step!("source_tallies", "source(s)", ""),
];

/// Where a write began: the highest id (or rowid) of each table `SCOPE` reads, and of
/// history. What lies above them afterwards is what the write added or changed.
#[derive(Debug, Clone, Copy)]
pub struct Marks([i64; 9]);

impl Marks {
    /// Marks under which every record lies, and no history: the scope of `doctor`.
    const EVERYTHING: Marks = Marks([0, 0, 0, 0, 0, 0, 0, 0, i64::MAX]);
}

/// The tables (and their id columns) whose highest id a mark holds, in `SCOPE`'s order.
const MARKED: [(&str, &str); 9] = [
    ("sources", "id"),
    ("actors", "id"),
    ("plans", "id"),
    ("provisions", "id"),
    ("stances", "id"),
    ("actor_aliases", "rowid"),
    ("provision_links", "rowid"),
    ("stance_targets", "rowid"),
    ("history", "id"),
];

impl Db<'_> {
    /// The marks of a write that begins now.
    pub fn marks(&self) -> Result<Marks> {
        let mut marks = [0; 9];
        for (mark, (table, id)) in marks.iter_mut().zip(MARKED) {
            let sql = format!("SELECT coalesce(max({id}), 0) FROM {table}");
            *mark = self.conn.query_row(&sql, [], |r| r.get(0))?;
        }
        Ok(Marks(marks))
    }

    /// Checks every rule over the records written since `since`: the first violation
    /// is the error, naming the record, the value and how to fix it; the transaction is
    /// then rolled back, so the database is left as it was.
    pub fn check_rules(&self, since: &Marks) -> Result<()> {
        for rule in RULES.iter().filter(|r| r.on_write) {
            if let Some(line) = self.violations(rule, since)?.into_iter().next() {
                return Err(crate::error::Error::invalid(format!(
                    "{line} (rule: {}); {}",
                    rule.name, rule.fix
                )));
            }
        }
        Ok(())
    }

    /// The violations of one rule among the records in scope.
    fn violations(&self, rule: &Rule, since: &Marks) -> Result<Vec<String>> {
        self.lines(&rule.scoped_sql(), since.0)
    }

    /// Every check, in order. A check that cannot run on a damaged file reports why as
    /// its problem, so the report is complete whatever state the file is in.
    pub fn doctor(&self) -> Result<Vec<Check>> {
        let mut checks = vec![self.integrity()];
        checks.push(self.checked("foreign_key_check", "", |db| db.foreign_keys())?);
        checks.push(self.checked("schema version", "", |db| db.schema_version())?);
        for rule in RULES {
            checks.push(self.checked(rule.name, rule.fix, |db| {
                Ok(Check {
                    name: rule.name,
                    problem: summarise(db.violations(rule, &Marks::EVERYTHING)?),
                    fix: rule.fix,
                })
            })?);
        }
        for (name, sql, fix) in DERIVED {
            checks.push(self.checked(name, fix, |db| {
                Ok(Check {
                    name,
                    problem: summarise(db.lines(sql, [])?),
                    fix,
                })
            })?);
        }
        checks.extend(self.checked("history is append-only", RESTORE, |db| db.triggers())?);
        checks.push(
            self.checked("aliases are folded as provtrack folds them", "", |db| {
                db.folding()
            })?,
        );
        Ok(checks)
    }

    /// Every alias's `folded` column is what provtrack's folding gives: another tool
    /// (or the database's ASCII-only lower() filling it in) may have stored another
    /// form, and the alias is then not found by its name.
    fn folding(&self) -> Result<Check> {
        let mut stmt = self
            .conn
            .prepare("SELECT alias, folded FROM actor_aliases ORDER BY alias")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let lines = rows
            .into_iter()
            .filter_map(|(alias, folded)| {
                let expected = crate::names::fold(&alias);
                (folded.as_deref() != Some(expected.as_str())).then(|| {
                    format!(
                        "alias '{}' is stored folded as '{}', provtrack looks it up as '{}'",
                        crate::model::printable(&alias),
                        crate::model::printable(folded.as_deref().unwrap_or("")),
                        crate::model::printable(&expected)
                    )
                })
            })
            .collect();
        Ok(Check {
            name: "aliases are folded as provtrack folds them",
            problem: summarise(lines),
            fix: "in sqlite3: UPDATE actor_aliases SET folded = '<as provtrack looks it up>' \
                  WHERE alias = '<alias>'; or remove the alias and add it again with provtrack",
        })
    }

    /// Runs one check; an error other than a busy database becomes its problem.
    fn checked<T: FromFailure>(
        &self,
        name: &'static str,
        fix: &'static str,
        check: impl FnOnce(&Self) -> Result<T>,
    ) -> Result<T> {
        match check(self) {
            Err(crate::error::Error::Busy(m)) => Err(crate::error::Error::Busy(m)),
            Err(e) => Ok(T::from_failure(name, fix, e.to_string())),
            ok => ok,
        }
    }

    /// The append-only guards of history, then every trigger compared by its SQL with
    /// the ones the migrations create in a new database at this file's level: a
    /// trigger dropped, replaced under its name, or added (a trigger on history could
    /// swallow its rows) is a problem.
    fn triggers(&self) -> Result<Vec<Check>> {
        let level = current_level(self.conn)?;
        let expected = expected_triggers(level)?;
        let found: BTreeMap<String, (String, Option<String>)> = self
            .conn
            .prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'")?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let mut guards = Vec::new();
        let mut others = Vec::new();
        for (name, (_, sql)) in &expected {
            let problem = match found.get(name) {
                None => format!("missing trigger {name}"),
                Some((_, got)) if got != sql => {
                    format!("trigger {name} differs from the one the migrations create")
                }
                Some(_) => continue,
            };
            if GUARDS.contains(&name.as_str()) {
                guards.push(problem);
            } else {
                others.push(problem);
            }
        }
        for (name, (table, _)) in &found {
            if !expected.contains_key(name) {
                let problem = format!("unexpected trigger {name} on {table}");
                if table == "history" {
                    guards.push(problem);
                } else {
                    others.push(problem);
                }
            }
        }
        guards.extend(self.history_gaps()?);
        Ok(vec![
            Check {
                name: "history is append-only",
                problem: summarise(guards),
                fix: RESTORE,
            },
            Check {
                name: "triggers match the migrations",
                problem: summarise(others),
                fix: RESTORE,
            },
        ])
    }

    /// History ids are given in order and never reused, so a gap means deleted rows.
    fn history_gaps(&self) -> Result<Option<String>> {
        let (count, first, last): (i64, Option<i64>, Option<i64>) =
            self.conn
                .query_row("SELECT count(*), min(id), max(id) FROM history", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        let missing = match (first, last) {
            (Some(first), Some(last)) => (last - first + 1 - count) + (first - 1),
            _ => 0,
        };
        Ok((missing > 0).then(|| format!("{missing} history row(s) were deleted (ids have gaps)")))
    }

    fn lines<P: rusqlite::Params>(&self, sql: &str, params: P) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(sql)?;
        let lines = stmt
            .query_map(params, |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines)
    }

    fn integrity(&self) -> Check {
        // A damaged file can fail the check itself; that is the problem to report.
        // CHECK constraints are provtrack's own rules, which the checks below name with
        // their fix; SQLite verifies them here only on a writable connection, which a
        // read command now has. This check is about the file's structure.
        let problem = match self.lines("PRAGMA integrity_check", []) {
            Ok(lines) if lines == ["ok"] => None,
            Ok(lines) => {
                let lines: Vec<String> = lines
                    .into_iter()
                    .filter(|l| !l.starts_with("CHECK constraint failed"))
                    .collect();
                if lines.is_empty() {
                    None
                } else {
                    summarise(lines)
                }
            }
            Err(e) => Some(e.to_string()),
        };
        Check {
            name: "integrity_check",
            problem,
            fix: "restore the latest backup (`provtrack backup` makes them)",
        }
    }

    fn foreign_keys(&self) -> Result<Check> {
        let lines = self.lines(
            "SELECT \"table\" || ' row ' || rowid || ' points to a missing ' || parent
             FROM pragma_foreign_key_check",
            [],
        )?;
        Ok(Check {
            name: "foreign_key_check",
            problem: summarise(lines),
            fix: "the file was changed with foreign keys off; fix or remove the rows named",
        })
    }

    fn schema_version(&self) -> Result<Check> {
        let level = current_level(self.conn)?;
        let app: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let problem = if app != APPLICATION_ID {
            Some(format!("application_id is {app}, not provtrack's"))
        } else if level != latest_level() {
            Some(format!(
                "schema level {level}, this provtrack expects {}",
                latest_level()
            ))
        } else {
            None
        };
        Ok(Check {
            name: "schema version",
            problem,
            fix: "run `provtrack migrate`",
        })
    }
}

/// What is wrong with a file that could not be opened for the checks: when SQLite
/// itself finds it damaged (a truncated or overwritten file), the integrity_check that
/// says so; None when the file is not damaged, and the open's own error stands.
/// The file is opened as `inspect` opens it, so nothing is created beside it.
pub fn damage(path: &std::path::Path) -> Option<Check> {
    let conn = super::open_for_inspection(path).ok()?;
    let lines = conn.prepare("PRAGMA integrity_check").and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    let problem = match lines {
        Ok(lines) if lines == ["ok"] => return None,
        Ok(lines) => summarise(lines)?,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            e.to_string()
        }
        Err(_) => return None,
    };
    Some(Check {
        name: "integrity_check",
        problem: Some(problem),
        fix: "restore the latest backup (`provtrack backup` makes them)",
    })
}

/// The triggers (name: table, SQL) of a new database migrated to `level`.
fn expected_triggers(level: i64) -> Result<BTreeMap<String, (String, Option<String>)>> {
    let mut conn = Connection::open_in_memory()?;
    let upto = usize::try_from(level).unwrap_or(0).min(MIGRATIONS.len());
    migrate::apply(&mut conn, &MIGRATIONS[..upto])?;
    let triggers = conn
        .prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(triggers)
}

/// A check's result made from the error that kept it from running.
trait FromFailure {
    fn from_failure(name: &'static str, fix: &'static str, why: String) -> Self;
}

impl FromFailure for Check {
    fn from_failure(name: &'static str, fix: &'static str, why: String) -> Self {
        Check {
            name,
            problem: Some(format!("could not run: {why}")),
            fix: if fix.is_empty() { RESTORE } else { fix },
        }
    }
}

impl FromFailure for Vec<Check> {
    fn from_failure(name: &'static str, fix: &'static str, why: String) -> Self {
        vec![Check::from_failure(name, fix, why)]
    }
}

/// The first few problem lines, joined, or None when there are none.
fn summarise(lines: Vec<String>) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let more = lines.len().saturating_sub(3);
    let mut text = lines.into_iter().take(3).collect::<Vec<_>>().join("; ");
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    use crate::store::migrate;

    /// A write checks the rules over the records it touched, so no rule may read a
    /// table of stances, targets or history whole: with SQLite 3.54 the scope's
    /// `UNION`s were merged in index order and read every stance target (90 ms per
    /// `stance add` at a million stances, against 8 ms before the checks). Without
    /// statistics the plan does not depend on how many rows there are, so an empty
    /// database shows the plan a large one gets.
    #[test]
    fn no_write_time_rule_reads_a_large_table_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate::apply_pending(&mut conn).unwrap();
        let large = [
            "stances",
            "stance_targets",
            "stance_via",
            "target_stances",
            "latest_stances",
            "history",
        ];
        for rule in RULES.iter().filter(|r| r.on_write) {
            let sql = format!("EXPLAIN QUERY PLAN {}", rule.scoped_sql());
            let mut stmt = conn.prepare(&sql).unwrap();
            let plan: Vec<String> = stmt
                .query_map([1_i64; 9], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for line in &plan {
                for table in large {
                    assert!(
                        !line.starts_with(&format!("SCAN {table} "))
                            && line != &format!("SCAN {table}"),
                        "rule '{}' reads {table} whole: {line}\n{}",
                        rule.name,
                        plan.join("\n")
                    );
                }
            }
        }
    }
}
