//! The checks behind `provtrack doctor`: SQLite's own, then provtrack's invariants.

use super::migrate::{current_level, latest_level, APPLICATION_ID};
use super::Db;
use crate::error::Result;

/// One check's result: `problem` is None when it passed.
pub struct Check {
    pub name: &'static str,
    pub problem: Option<String>,
    pub fix: &'static str,
}

/// provtrack's own rules: each query returns one line per violation.
const INVARIANTS: &[(&str, &str, &str)] = &[
    (
        "aliases do not shadow keys",
        "SELECT 'alias ''' || x.alias || ''' of ' || a.key || ' is the key of another actor'
         FROM actor_aliases x JOIN actors a ON a.id = x.actor_id
         JOIN actors o ON o.key = x.folded AND o.id <> a.id",
        "remove the alias with `provtrack actor alias remove ACTOR ALIAS`",
    ),
    (
        "no actor is its own ancestor",
        "WITH RECURSIVE up(start, id, depth) AS (
             SELECT id, parent_id, 1 FROM actors WHERE parent_id IS NOT NULL
             UNION ALL SELECT up.start, a.parent_id, depth + 1 FROM up JOIN actors a ON a.id = up.id
             WHERE a.parent_id IS NOT NULL AND depth < 100)
         SELECT DISTINCT 'actor ' || a.key || ' is its own ancestor' FROM up JOIN actors a ON a.id = up.start
         WHERE up.id = up.start",
        "change the parent with `provtrack actor update KEY --parent OTHER` or `--unset parent`",
    ),
    (
        "lineage points to another plan",
        "SELECT 'provision ' || p.key || ' continues ' || c.key || ' of the same plan'
         FROM provisions p JOIN provisions c ON c.id = p.continues_id WHERE c.plan_id = p.plan_id",
        "point --continues at the provision of the earlier plan",
    ),
    (
        "stances are not dated after their source",
        "SELECT 'stance ' || st.id || ' is stated on ' || st.stated_on || ', after ' || s.key
                || ' was published on ' || s.published_on
         FROM stances st JOIN sources s ON s.id = st.source_id
         WHERE st.stated_on > s.published_on AND st.stated_precision = 'day'
           AND s.published_precision = 'day'",
        "correct the date with `provtrack stance update ID --date ...` or the source's --published-on",
    ),
    (
        "dates are days that exist",
        "SELECT 'source ' || key || ' is published on ' || published_on FROM sources
         WHERE published_on IS NOT date(published_on, '+0 days')
         UNION ALL
         SELECT 'plan ' || key || ' is first reported on ' || first_reported_on FROM plans
         WHERE first_reported_on IS NOT date(first_reported_on, '+0 days')
         UNION ALL
         SELECT 'stance ' || id || ' is stated on ' || stated_on FROM stances
         WHERE stated_on IS NOT date(stated_on, '+0 days')",
        "another tool wrote a day the month does not have; correct it with \
         `provtrack source update KEY --published-on ...`, `plan update KEY --first-reported-on ...` \
         or `stance update ID --date ...`",
    ),
    (
        "latest_stances matches the stances",
        "SELECT 'latest_stances differs from what the stances give for ' || n || ' actor/provision pair(s)'
         FROM (SELECT (SELECT count(*) FROM (SELECT * FROM latest_stances
                                             EXCEPT SELECT * FROM latest_stances_recomputed))
                    + (SELECT count(*) FROM (SELECT * FROM latest_stances_recomputed
                                             EXCEPT SELECT * FROM latest_stances)) AS n)
         WHERE n > 0",
        "another tool changed stances without the triggers; in sqlite3 run: DELETE FROM latest_stances; \
         INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;",
    ),
    (
        "history triggers are in place",
        "SELECT 'missing trigger ' || t.name FROM (
             SELECT value || '_history_' || op AS name FROM json_each(
                 '[\"sources\",\"actors\",\"actor_aliases\",\"plans\",\"plan_proposers\",\"provisions\",\"stances\"]')
             CROSS JOIN (SELECT 'update' AS op UNION ALL SELECT 'delete')) t
         WHERE t.name NOT IN (SELECT name FROM sqlite_schema WHERE type = 'trigger')",
        "the file was changed by another tool; restore it from a backup",
    ),
];

impl Db<'_> {
    pub fn doctor(&self) -> Result<Vec<Check>> {
        let mut checks = vec![
            self.integrity(),
            self.foreign_keys()?,
            self.schema_version()?,
        ];
        for (name, sql, fix) in INVARIANTS {
            let lines = self.lines(sql, [])?;
            checks.push(Check {
                name,
                problem: summarise(lines),
                fix,
            });
        }
        checks.push(self.folding()?);
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
                let expected = super::fold(&alias);
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
