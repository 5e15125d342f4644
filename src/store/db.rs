//! `Db`, a connection seen through the record operations every kind shares: insert
//! and update of checked fields (`CheckedFields`: the values `check` produced,
//! named by field; this file alone maps them to columns), delete with a dependents
//! check, and look-ups by key with "did you mean" errors.
//!
//! Table and column names come only from the constants in this file; every value is a
//! bound parameter.

use rusqlite::{params, Connection, OptionalExtension};

use rusqlite::types::Value as SqlValue;

use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::names::fold;
use crate::suggest::did_you_mean;

/// The checked value of one field, as `check` gives it to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Null,
    Integer(i64),
    Text(String),
    /// A date with its precision.
    Date(PartialDate),
}

/// The checked fields of one record, named as the model names them (`parent`,
/// `published_on`), for an insert or an update; the store alone knows the columns
/// each is kept in (see `stored`).
pub type CheckedFields = Vec<(&'static str, FieldValue)>;

/// The columns of a field with their values: a reference in `<field>_id`, a date in its
/// day and precision columns, any other field in the column of its name.
fn stored(field: &'static str, value: &FieldValue) -> Vec<(&'static str, SqlValue)> {
    let date_columns = match field {
        "published_on" => Some(("published_on", "published_precision")),
        "first_reported_on" => Some(("first_reported_on", "first_reported_precision")),
        _ => None,
    };
    let column = match field {
        "parent" => "parent_id",
        "plan" => "plan_id",
        other => other,
    };
    match (value, date_columns) {
        (FieldValue::Date(d), Some((day, precision))) => vec![
            (day, SqlValue::Text(d.stored())),
            (precision, SqlValue::Text(d.precision.as_str().to_string())),
        ],
        (FieldValue::Null, Some((day, precision))) => {
            vec![(day, SqlValue::Null), (precision, SqlValue::Null)]
        }
        (FieldValue::Date(d), None) => vec![(column, SqlValue::Text(d.stored()))],
        (FieldValue::Null, None) => vec![(column, SqlValue::Null)],
        (FieldValue::Integer(i), _) => vec![(column, SqlValue::Integer(*i))],
        (FieldValue::Text(t), _) => vec![(column, SqlValue::Text(t.clone()))],
    }
}

/// A connection (or open transaction) seen through provtrack's record operations.
pub struct Db<'c> {
    pub(super) conn: &'c Connection,
}

impl<'c> Db<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Db { conn }
    }

    /// The id of the record with this key (stances: this id or key), if any.
    pub fn find(&self, kind: Kind, key: &str) -> Result<Option<i64>> {
        if kind == Kind::Stance {
            let Ok(id) = key.parse::<i64>() else {
                return self.stance_by_key(key);
            };
            let sql = "SELECT id FROM stances WHERE id = ?1";
            return Ok(self.conn.query_row(sql, [id], |r| r.get(0)).optional()?);
        }
        let sql = format!("SELECT id FROM {} WHERE key = ?1", kind.table());
        Ok(self.conn.query_row(&sql, [key], |r| r.get(0)).optional()?)
    }

    /// The "unknown X" error with the nearest names.
    pub fn unknown(&self, kind: Kind, text: &str) -> Error {
        // A number is an id, not a name: the nearest id (99 for 99999) is no better a
        // guess than any other, so ids get no "did you mean".
        let is_id = kind == Kind::Stance || text.trim().chars().all(|c| c.is_ascii_digit());
        let names = if is_id {
            Vec::new()
        } else {
            self.names(kind).unwrap_or_default()
        };
        let hint = did_you_mean(text, names.iter().map(String::as_str))
            .map(|s| format!(" — did you mean {s}?"))
            .unwrap_or_else(|| format!("; see `provtrack {} list`", kind.noun()));
        Error::not_found(format!(
            "unknown {} '{}'{hint}",
            kind.noun(),
            crate::model::printable(text)
        ))
    }

    /// Every name a record of this kind can be called by (keys; for actors also aliases).
    fn names(&self, kind: Kind) -> Result<Vec<String>> {
        let sql = match kind {
            Kind::Stance => "SELECT key FROM stances",
            Kind::Actor => "SELECT key FROM actors UNION ALL SELECT alias FROM actor_aliases",
            Kind::Source => "SELECT key FROM sources",
            Kind::Plan => "SELECT key FROM plans",
            Kind::Provision => "SELECT key FROM provisions",
        };
        let mut stmt = self.conn.prepare(sql)?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names)
    }

    /// The key of the record with this id.
    pub fn key_of(&self, kind: Kind, id: i64) -> Result<String> {
        let sql = format!("SELECT key FROM {} WHERE id = ?1", kind.table());
        Ok(self.conn.query_row(&sql, [id], |r| r.get(0))?)
    }

    /// Inserts a record and returns its id.
    pub fn insert(&self, kind: Kind, fields: &CheckedFields) -> Result<i64> {
        let columns: Vec<(&str, SqlValue)> =
            fields.iter().flat_map(|&(f, ref v)| stored(f, v)).collect();
        let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
            kind.table(),
            names.join(", "),
            marks.join(", ")
        );
        let values = columns.iter().map(|(_, v)| v);
        self.conn
            .query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))
            .map_err(|e| {
                let named = fields
                    .iter()
                    .flat_map(|&(f, ref v)| stored(f, v).into_iter().map(move |(c, v)| (f, c, v)));
                refused(e, named.collect::<Vec<_>>().iter())
            })
    }

    /// Sets the fields whose value differs from the stored one; returns the names of
    /// the changed fields. Unchanged fields are not written, so history records only
    /// real changes.
    pub fn update_changed(
        &self,
        kind: Kind,
        id: i64,
        fields: &CheckedFields,
    ) -> Result<Vec<&'static str>> {
        // (field, column, value) for every column the fields are kept in.
        let columns: Vec<(&'static str, &'static str, SqlValue)> = fields
            .iter()
            .flat_map(|&(f, ref v)| stored(f, v).into_iter().map(move |(c, v)| (f, c, v)))
            .collect();
        if columns.is_empty() {
            return Ok(Vec::new());
        }
        // The stored values of all the given columns, read in one statement.
        let names: Vec<&str> = columns.iter().map(|(_, c, _)| *c).collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            names.join(", "),
            kind.table()
        );
        let current: Vec<SqlValue> = self.conn.query_row(&sql, [id], |r| {
            (0..columns.len()).map(|i| r.get(i)).collect()
        })?;
        let changed: Vec<&(&'static str, &'static str, SqlValue)> = columns
            .iter()
            .zip(&current)
            .filter(|((_, _, new), old)| new != *old)
            .map(|(c, _)| c)
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let sets: Vec<String> = changed
            .iter()
            .enumerate()
            .map(|(i, (_, c, _))| format!("{c} = ?{}", i + 2))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE id = ?1",
            kind.table(),
            sets.join(", ")
        );
        let id_value = SqlValue::Integer(id);
        let values = std::iter::once(&id_value).chain(changed.iter().map(|(_, _, v)| v));
        self.conn
            .execute(&sql, rusqlite::params_from_iter(values))
            .map_err(|e| refused(e, changed.iter().copied()))?;
        let mut fields: Vec<&'static str> = Vec::with_capacity(changed.len());
        for (field, _, _) in changed {
            if !fields.contains(field) {
                fields.push(field);
            }
        }
        Ok(fields)
    }

    /// The parent of an actor, if it has one.
    pub fn parent_of(&self, actor: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT parent_id FROM actors WHERE id = ?1", [actor], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// What still points at a record, as readable lines; empty when it can be removed.
    pub fn dependents(&self, kind: Kind, id: i64) -> Result<Vec<String>> {
        let checks: &[(&str, &str)] = match kind {
            Kind::Source => &[
                ("stance", "SELECT CAST(id AS TEXT) FROM stances WHERE source_id = ?1"),
                ("provision (lineage on its word)", "SELECT DISTINCT pv.key FROM provision_links l JOIN provisions pv ON pv.id = l.provision_id WHERE l.basis_source_id = ?1"),
                ("stance (relays it)", "SELECT CAST(id AS TEXT) FROM stances WHERE relays_source_id = ?1"),
            ],
            Kind::Actor => &[
                ("stance", "SELECT CAST(id AS TEXT) FROM stances WHERE actor_id = ?1"),
                ("stance (heard through it)", "SELECT DISTINCT CAST(stance_id AS TEXT) FROM stance_via WHERE actor_id = ?1"),
                ("actor (child)", "SELECT key FROM actors WHERE parent_id = ?1"),
                ("actor (member of)", "SELECT a.key FROM actor_members m JOIN actors a ON a.id = m.actor_id WHERE m.member_id = ?1"),
                (
                    "plan (proposer of)",
                    "SELECT p.key FROM plan_proposers pp JOIN plans p ON p.id = pp.plan_id WHERE pp.actor_id = ?1",
                ),
            ],
            Kind::Plan => &[
                ("provision", "SELECT key FROM provisions WHERE plan_id = ?1"),
                ("stance", "SELECT CAST(id AS TEXT) FROM stances WHERE plan_id = ?1"),
                ("plan (responds to or supersedes it)", "SELECT DISTINCT p.key FROM plan_relations r JOIN plans p ON p.id = r.plan_id WHERE r.other_plan_id = ?1"),
            ],
            Kind::Provision => &[
                ("stance", "SELECT CAST(stance_id AS TEXT) FROM stance_targets WHERE provision_id = ?1"),
                ("provision (continues it)", "SELECT pv.key FROM provision_links l JOIN provisions pv ON pv.id = l.provision_id WHERE l.continues_id = ?1"),
            ],
            Kind::Stance => &[],
        };
        let mut found = Vec::new();
        for (label, sql) in checks {
            let keys: Vec<String> = self.column_of(sql, id)?;
            if !keys.is_empty() {
                found.push(format!("{} {label} {}", keys.len(), summarise(&keys)));
            }
        }
        Ok(found)
    }

    /// Deletes a record (its aliases and proposer links with it); history keeps them.
    pub fn delete(&self, kind: Kind, id: i64) -> Result<()> {
        match kind {
            Kind::Actor => {
                self.conn
                    .execute("DELETE FROM actor_aliases WHERE actor_id = ?1", [id])?;
                self.conn
                    .execute("DELETE FROM actor_members WHERE actor_id = ?1", [id])?;
                self.conn
                    .execute("DELETE FROM actor_tags WHERE actor_id = ?1", [id])?;
            }
            Kind::Plan => {
                self.conn
                    .execute("DELETE FROM plan_proposers WHERE plan_id = ?1", [id])?;
                self.conn
                    .execute("DELETE FROM plan_relations WHERE plan_id = ?1", [id])?;
            }
            Kind::Provision => {
                self.conn
                    .execute("DELETE FROM provision_links WHERE provision_id = ?1", [id])?;
            }
            Kind::Stance => return self.delete_statement(id),
            _ => {}
        }
        let sql = format!("DELETE FROM {} WHERE id = ?1", kind.table());
        self.conn.execute(&sql, [id])?;
        Ok(())
    }

    /// The actor an alias names, if the alias exists (compared as `fold` does).
    pub fn alias_owner(&self, alias: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.id, a.key FROM actor_aliases x JOIN actors a ON a.id = x.actor_id
                 WHERE x.folded = ?1",
                [fold(alias)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn add_alias(&self, actor_id: i64, alias: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO actor_aliases (alias, folded, actor_id) VALUES (?1, ?2, ?3)",
            params![crate::names::clean(alias), fold(alias), actor_id],
        )?;
        Ok(())
    }

    /// Removes an alias of the given actor; false when the actor has no such alias.
    pub fn remove_alias(&self, actor_id: i64, alias: &str) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM actor_aliases WHERE folded = ?1 AND actor_id = ?2",
            params![fold(alias), actor_id],
        )?;
        Ok(n > 0)
    }

    pub fn aliases_of(&self, actor_id: i64) -> Result<Vec<String>> {
        self.column_of(
            "SELECT alias FROM actor_aliases WHERE actor_id = ?1 ORDER BY alias",
            actor_id,
        )
    }

    pub fn proposers_of(&self, plan_id: i64) -> Result<Vec<i64>> {
        self.column_of(
            "SELECT actor_id FROM plan_proposers WHERE plan_id = ?1 ORDER BY actor_id",
            plan_id,
        )
    }

    /// Makes the plan's proposers exactly `actor_ids`; returns whether anything changed.
    pub fn set_proposers(&self, plan_id: i64, actor_ids: &[i64]) -> Result<bool> {
        replace_set(
            &self.proposers_of(plan_id)?,
            &sorted_set(actor_ids),
            |gone| {
                self.conn.execute(
                    "DELETE FROM plan_proposers WHERE plan_id = ?1 AND actor_id = ?2",
                    params![plan_id, gone],
                )
            },
            |new| {
                self.conn.execute(
                    "INSERT INTO plan_proposers (plan_id, actor_id) VALUES (?1, ?2)",
                    params![plan_id, new],
                )
            },
        )
    }

    /// The values of the one column a query selects for one id (`?1`), in its order.
    pub(super) fn column_of<T: rusqlite::types::FromSql>(
        &self,
        sql: &str,
        id: i64,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let values = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<T>>>()?;
        Ok(values)
    }

    /// The id of the source with this url, if any.
    pub fn source_with_url(&self, url: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT key FROM sources WHERE url = ?1", [url], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The current time as the tool records it (`PROVTRACK_NOW` overrides, for tests
    /// and reproducible files; a value that is not a UTC time `YYYY-MM-DDTHH:MM:SSZ` is
    /// refused, so no record is stored with a time that cannot be read back).
    pub fn now(&self) -> Result<String> {
        match std::env::var("PROVTRACK_NOW") {
            Ok(now) => crate::model::check_timestamp("PROVTRACK_NOW", &now).map_err(|e| {
                Error::invalid(format!(
                    "{e} (the time recorded_at takes; unset PROVTRACK_NOW to use the clock)"
                ))
            }),
            Err(_) => Ok(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        }
    }
}

/// The error of a write the database refused. A CHECK constraint that names one of the
/// fields written becomes "invalid FIELD 'VALUE'" with the rule, not SQLite's message:
/// the checks before the write should have caught it, and this names what they missed.
fn refused<'v>(
    e: rusqlite::Error,
    mut fields: impl Iterator<Item = &'v (&'static str, &'static str, SqlValue)>,
) -> Error {
    let message = e.to_string();
    let Some(rule) = message.strip_prefix("CHECK constraint failed: ") else {
        return e.into();
    };
    let mentions = |column: &str| {
        rule.match_indices(column).any(|(at, _)| {
            let before = rule[..at].chars().next_back();
            let after = rule[at + column.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && !word(after)
        })
    };
    match fields.find(|(_, column, _)| mentions(column)) {
        Some((field, _, value)) => {
            let shown = match value {
                SqlValue::Null => "(none)".to_string(),
                SqlValue::Integer(i) => i.to_string(),
                SqlValue::Real(f) => f.to_string(),
                SqlValue::Text(t) => crate::model::printable(t),
                SqlValue::Blob(_) => "(bytes)".to_string(),
            };
            Error::invalid(format!(
                "invalid {} '{shown}': the database requires {rule}",
                field.replace('_', "-")
            ))
        }
        None => e.into(),
    }
}

/// Ids sorted, without repeats: a set as `replace_set` takes it.
pub(super) fn sorted_set(ids: &[i64]) -> Vec<i64> {
    let mut set = ids.to_vec();
    set.sort_unstable();
    set.dedup();
    set
}

/// Turns the stored set of ids of a link table (`current`, sorted) into `wanted`
/// (sorted): `remove` each one only stored, `add` each one only wanted, so that history
/// logs only real changes. Returns whether anything changed.
pub(super) fn replace_set(
    current: &[i64],
    wanted: &[i64],
    remove: impl Fn(i64) -> rusqlite::Result<usize>,
    add: impl Fn(i64) -> rusqlite::Result<usize>,
) -> Result<bool> {
    if current == wanted {
        return Ok(false);
    }
    for &gone in current.iter().filter(|id| !wanted.contains(id)) {
        remove(gone)?;
    }
    for &new in wanted.iter().filter(|id| !current.contains(id)) {
        add(new)?;
    }
    Ok(true)
}

/// "'a', 'b', 'c' and 2 more"
fn summarise(keys: &[String]) -> String {
    let shown: Vec<String> = keys.iter().take(5).map(|k| format!("'{k}'")).collect();
    let more = keys.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
