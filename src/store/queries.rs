//! The read queries behind `list`, `show` and `history`, returned as `ResultSet`.
//!
//! Filters are bound parameters in fixed SQL (`?1 IS NULL OR column = ?1`), so a filter
//! that is not given simply matches everything.

use rusqlite::types::ValueRef;
use rusqlite::{params, Params};
use serde_json::Value as Json;

use super::db::Db;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::result_set::{check_columns, CellRef, ResultSet, RowSink};

/// One history row as `history` shows it.
pub struct HistoryEntry {
    pub changed_at: String,
    /// `update` or `delete`.
    pub operation: String,
    pub command: String,
    /// Set when the row is of a link (an alias, a proposer), not of the record itself.
    pub link: Option<Link>,
    /// The values before the change, as the record's fields (`Db::record_fields`);
    /// for a link, the keys it joined.
    pub old: Json,
}

/// The links between records whose removals history keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Alias,
    Proposer,
    /// A provision (or the plan as a whole) a stance was about.
    Target,
    /// An intermediary through whom the source heard the actor.
    Via,
    /// An earlier provision a provision continued (`provision_links`), with the
    /// relation and basis of the link.
    Lineage,
    /// A plan a plan responded to (`plan_relations`).
    RespondsTo,
    /// A plan a plan superseded (`plan_relations`).
    Supersedes,
    /// A member of a joint statement or group (`actor_members`).
    Member,
    /// A tag of an actor (`actor_tags`).
    Tag,
}

/// SQL that shows a stored date at its precision.
macro_rules! at_precision {
    ($date:literal, $precision:literal) => {
        concat!(
            "CASE ",
            $precision,
            " WHEN 'year' THEN substr(",
            $date,
            ", 1, 4) WHEN 'month' THEN substr(",
            $date,
            ", 1, 7) ELSE ",
            $date,
            " END"
        )
    };
}

/// SQL for the key of the `table` record whose id a history row's old values hold at
/// `path`: its key now, or, if it was removed, the key its own last history row names.
macro_rules! key_of_old {
    ($table:literal, $path:literal) => {
        concat!(
            "coalesce((SELECT key FROM ",
            $table,
            " WHERE id = json_extract(h.old_values, '",
            $path,
            "')), (SELECT record_key FROM history WHERE table_name = '",
            $table,
            "' AND record_id = json_extract(h.old_values, '",
            $path,
            "') ORDER BY id DESC LIMIT 1))"
        )
    };
}

const SOURCE_SELECT: &str = concat!(
    "SELECT s.key, s.outlet, s.title, s.author, ",
    at_precision!("s.published_on", "s.published_precision"),
    " AS published_on, s.published_inferred, s.kind, s.language, s.url, s.notes FROM sources s"
);

const ACTOR_SELECT: &str = "SELECT a.key, a.name, a.kind, p.key AS parent,
        (SELECT group_concat(alias, ', ') FROM (SELECT alias FROM actor_aliases
          WHERE actor_id = a.id ORDER BY alias)) AS aliases,
        (SELECT group_concat(key, ', ') FROM (SELECT m.key FROM actor_members x
          JOIN actors m ON m.id = x.member_id WHERE x.actor_id = a.id ORDER BY m.key)) AS members,
        (SELECT group_concat(tag, ', ') FROM (SELECT tag FROM actor_tags
          WHERE actor_id = a.id ORDER BY tag)) AS tags, a.notes
     FROM actors a LEFT JOIN actors p ON p.id = a.parent_id";

const PLAN_SELECT: &str = concat!(
    "SELECT pl.key, pl.title, pl.status, ",
    at_precision!("pl.first_reported_on", "pl.first_reported_precision"),
    " AS first_reported_on,
        (SELECT group_concat(key, ', ') FROM (SELECT a.key FROM plan_proposers pp
          JOIN actors a ON a.id = pp.actor_id WHERE pp.plan_id = pl.id ORDER BY a.key)) AS proposers,
        (SELECT count(*) FROM provisions WHERE plan_id = pl.id) AS provisions, pl.text_known,
        (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
          JOIN plans o ON o.id = r.other_plan_id
          WHERE r.plan_id = pl.id AND r.relation = 'responds-to' ORDER BY o.key)) AS responds_to,
        (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
          JOIN plans o ON o.id = r.other_plan_id
          WHERE r.plan_id = pl.id AND r.relation = 'supersedes' ORDER BY o.key)) AS supersedes,
        (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
          JOIN plans o ON o.id = r.plan_id
          WHERE r.other_plan_id = pl.id AND r.relation = 'supersedes' ORDER BY o.key)) AS superseded_by,
        pl.notes
     FROM plans pl"
);

/// A provision with its lineage: `continues` lists the earlier provisions (by key),
/// `relation` and `basis` say how and on whose word, link by link (one value when every
/// link shares it).
const PROVISION_SELECT: &str = "SELECT pv.key, pl.key AS plan, pv.point, pv.title, pv.category,
        (SELECT group_concat(key, ', ') FROM (SELECT c.key FROM provision_links l
          JOIN provisions c ON c.id = l.continues_id WHERE l.provision_id = pv.id
          ORDER BY c.key)) AS continues,
        (SELECT CASE WHEN count(DISTINCT relation) = 1 THEN min(relation)
                     ELSE group_concat(relation, ', ') END
         FROM (SELECT l.relation FROM provision_links l JOIN provisions c ON c.id = l.continues_id
               WHERE l.provision_id = pv.id ORDER BY c.key)) AS relation,
        (SELECT CASE WHEN count(DISTINCT basis) = 1 THEN min(basis)
                     ELSE group_concat(basis, ', ') END
         FROM (SELECT coalesce(bs.key, 'editorial') AS basis FROM provision_links l
               JOIN provisions c ON c.id = l.continues_id
               LEFT JOIN sources bs ON bs.id = l.basis_source_id
               WHERE l.provision_id = pv.id ORDER BY c.key)) AS basis,
        (SELECT group_concat(key, ', ') FROM (SELECT n.key FROM provision_links l
          JOIN provisions n ON n.id = l.provision_id WHERE l.continues_id = pv.id
          ORDER BY n.key)) AS continued_by,
        pv.text, pv.notes
     FROM provisions pv JOIN plans pl ON pl.id = pv.plan_id";

/// A stance with its targets: `provision` lists its provisions' keys (by point), and
/// is empty for a stance on the plan as a whole; `via` lists the intermediaries,
/// nearest to the source first.
const STANCE_SELECT: &str = concat!(
    "SELECT st.id, st.key, a.key AS actor, pl.key AS plan,
        (SELECT group_concat(key, ', ') FROM (SELECT pv.key FROM stance_targets t
          JOIN provisions pv ON pv.id = t.provision_id WHERE t.stance_id = st.id
          ORDER BY pv.point IS NULL, pv.point_order, pv.key)) AS provision,
        st.kind, st.position, pos.score, s.key AS source, rs.key AS relays,
        (SELECT group_concat(key, ' < ') FROM (SELECT va.key FROM stance_via v
          JOIN actors va ON va.id = v.actor_id WHERE v.stance_id = st.id ORDER BY v.hop)) AS via, ",
    at_precision!("st.stated_on", "st.stated_precision"),
    " AS stated_on, st.stated_inferred, st.attribution, st.status, st.status_reason, st.quote,
        st.evidence, st.notes, st.recorded_at
     FROM stances st
     JOIN actors a ON a.id = st.actor_id
     JOIN plans pl ON pl.id = st.plan_id
     JOIN sources s ON s.id = st.source_id
     LEFT JOIN sources rs ON rs.id = st.relays_source_id
     JOIN positions pos ON pos.key = st.position"
);

/// Filters for `stance list`; ids are already resolved from keys.
#[derive(Debug, Default)]
pub struct StanceFilter {
    pub actor: Option<i64>,
    pub provision: Option<i64>,
    pub plan: Option<i64>,
    pub source: Option<i64>,
    pub position: Option<String>,
    pub kind: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Db<'_> {
    /// Runs a query and returns its columns and rows as JSON values.
    pub fn query_rows<P: Params>(&self, sql: &str, params: P) -> Result<ResultSet> {
        let mut stmt = self.conn.prepare(sql)?;
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let width = columns.len();
        let mut rows = ResultSet {
            columns,
            rows: Vec::new(),
        };
        let mut cursor = stmt.query(params)?;
        while let Some(row) = cursor.next()? {
            let mut out = Vec::with_capacity(width);
            for i in 0..width {
                out.push(json_of(row.get_ref(i)?));
            }
            rows.rows.push(out);
        }
        Ok(rows)
    }

    /// Streams a query's rows into `sink`, one at a time, in the order the sink asks
    /// for (`--sort`) or else the query's own; stops when the sink wants no more.
    pub fn stream<P: Params>(&self, sql: &str, params: P, sink: &mut dyn RowSink) -> Result<()> {
        let sql = sorted_sql(self.conn, sql, sink)?;
        let mut stmt = self.conn.prepare(&sql)?;
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let cursor = stmt.query(params)?;
        pump(&columns, cursor, sink, Error::from)
    }

    /// One record in its list form, by id.
    pub fn show(&self, kind: Kind, id: i64) -> Result<ResultSet> {
        let (select, id_column) = match kind {
            Kind::Source => (SOURCE_SELECT, "s.id"),
            Kind::Actor => (ACTOR_SELECT, "a.id"),
            Kind::Plan => (PLAN_SELECT, "pl.id"),
            Kind::Provision => (PROVISION_SELECT, "pv.id"),
            Kind::Stance => (STANCE_SELECT, "st.id"),
        };
        self.query_rows(&format!("{select} WHERE {id_column} = ?1"), [id])
    }

    pub fn list_sources(
        &self,
        kind: Option<&str>,
        outlet: Option<&str>,
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let sql = format!(
            "{SOURCE_SELECT} WHERE (?1 IS NULL OR s.kind = ?1)
               AND (?2 IS NULL OR s.outlet = ?2 COLLATE NOCASE)
             ORDER BY s.published_on, s.key"
        );
        self.stream(&sql, params![kind, outlet], out)
    }

    pub fn list_actors(
        &self,
        kind: Option<&str>,
        parent: Option<i64>,
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let sql = format!(
            "{ACTOR_SELECT} WHERE (?1 IS NULL OR a.kind = ?1) AND (?2 IS NULL OR a.parent_id = ?2)
             ORDER BY a.key"
        );
        self.stream(&sql, params![kind, parent], out)
    }

    pub fn list_plans(
        &self,
        status: Option<&str>,
        proposer: Option<i64>,
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let sql = format!(
            "{PLAN_SELECT} WHERE (?1 IS NULL OR pl.status = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM plan_proposers
                                          WHERE plan_id = pl.id AND actor_id = ?2))
             ORDER BY pl.first_reported_on, pl.key"
        );
        self.stream(&sql, params![status, proposer], out)
    }

    pub fn list_provisions(
        &self,
        plan: Option<i64>,
        category: Option<&str>,
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let sql = format!(
            "{PROVISION_SELECT} WHERE (?1 IS NULL OR pv.plan_id = ?1) AND (?2 IS NULL OR pv.category = ?2)
             ORDER BY pl.key, pv.point IS NULL, pv.point_order, pv.key"
        );
        self.stream(&sql, params![plan, category], out)
    }

    pub fn list_stances(&self, f: &StanceFilter, out: &mut dyn RowSink) -> Result<()> {
        let sql = format!(
            "{STANCE_SELECT} WHERE (?1 IS NULL OR st.actor_id = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM stance_targets t
                                          WHERE t.stance_id = st.id AND t.provision_id = ?2))
               AND (?3 IS NULL OR st.plan_id = ?3)
               AND (?4 IS NULL OR st.source_id = ?4)
               AND (?5 IS NULL OR st.position = ?5)
               AND (?6 IS NULL OR st.stated_on >= ?6)
               AND (?7 IS NULL OR st.stated_on <= ?7)
               AND (?8 IS NULL OR st.kind = ?8)
             ORDER BY st.stated_on, st.id"
        );
        self.stream(
            &sql,
            params![
                f.actor,
                f.provision,
                f.plan,
                f.source,
                f.position,
                f.since,
                f.until,
                f.kind
            ],
            out,
        )
    }

    /// The history rows of a record, newest first: its own versions, and for an actor
    /// its aliases, members, tags and the plans it proposed, for a plan its proposers
    /// and relations to other plans, for a provision its lineage, for a stance its
    /// targets and intermediaries (links are rows of their own tables, logged when
    /// removed or changed). The old values of a link name the records it joined by key,
    /// under the field names claims files use.
    pub fn history(&self, kind: Kind, id: i64) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT h.id, h.changed_at, h.operation, h.command, h.table_name,
                    CASE h.table_name
                    WHEN 'actor_aliases' THEN json_object(
                        'alias', json_extract(h.old_values, '$.alias'),
                        'actor', ",
            key_of_old!("actors", "$.actor_id"),
            ")
                    WHEN 'plan_proposers' THEN json_object(
                        'plan', ",
            key_of_old!("plans", "$.plan_id"),
            ", 'actor', ",
            key_of_old!("actors", "$.actor_id"),
            ")
                    WHEN 'stance_targets' THEN json_object(
                        'provision', CASE WHEN json_extract(h.old_values, '$.provision_id') IS NULL
                            THEN 'whole plan' ELSE ",
            key_of_old!("provisions", "$.provision_id"),
            " END)
                    WHEN 'stance_via' THEN json_object(
                        'via', ",
            key_of_old!("actors", "$.actor_id"),
            ", 'hop', json_extract(h.old_values, '$.hop'))
                    WHEN 'provision_links' THEN json_object(
                        'continues', ",
            key_of_old!("provisions", "$.continues_id"),
            ", 'relation', json_extract(h.old_values, '$.relation'),
                        'basis', CASE WHEN json_extract(h.old_values, '$.basis_source_id') IS NULL
                            THEN 'editorial' ELSE ",
            key_of_old!("sources", "$.basis_source_id"),
            " END)
                    WHEN 'plan_relations' THEN json_object(
                        CASE json_extract(h.old_values, '$.relation') WHEN 'supersedes'
                            THEN 'supersedes' ELSE 'responds_to' END, ",
            key_of_old!("plans", "$.other_plan_id"),
            ")
                    WHEN 'actor_members' THEN json_object('members', ",
            key_of_old!("actors", "$.member_id"),
            ")
                    WHEN 'actor_tags' THEN json_object('tags', json_extract(h.old_values, '$.tag'))
                    ELSE h.old_values END,
                    CASE h.table_name WHEN 'plan_relations'
                        THEN json_extract(h.old_values, '$.relation') END
             FROM history h
             WHERE (h.table_name = ?1 AND h.record_id = ?2)
                OR (?1 = 'actors' AND h.table_name = 'actor_aliases' AND h.record_id = ?2)
                OR (?1 = 'actors' AND h.table_name = 'plan_proposers'
                    AND json_extract(h.old_values, '$.actor_id') = ?2)
                OR (?1 = 'plans' AND h.table_name = 'plan_proposers' AND h.record_id = ?2)
                OR (?1 = 'stances' AND h.table_name IN ('stance_targets', 'stance_via')
                    AND h.record_id = ?2)
                OR (?1 = 'provisions' AND h.table_name = 'provision_links' AND h.record_id = ?2)
                OR (?1 = 'plans' AND h.table_name = 'plan_relations' AND h.record_id = ?2)
                OR (?1 = 'actors' AND h.table_name IN ('actor_members', 'actor_tags')
                    AND h.record_id = ?2)
             ORDER BY h.id DESC"
        ))?;
        let rows = stmt
            .query_map(params![kind.table(), id], |r| {
                Ok(HistoryEntry {
                    changed_at: r.get(1)?,
                    operation: r.get(2)?,
                    command: r.get(3)?,
                    link: match (r.get_ref(4)?.as_str()?, r.get_ref(6)?.as_str_or_null()?) {
                        ("actor_aliases", _) => Some(Link::Alias),
                        ("plan_proposers", _) => Some(Link::Proposer),
                        ("stance_targets", _) => Some(Link::Target),
                        ("stance_via", _) => Some(Link::Via),
                        ("provision_links", _) => Some(Link::Lineage),
                        ("plan_relations", Some("supersedes")) => Some(Link::Supersedes),
                        ("plan_relations", _) => Some(Link::RespondsTo),
                        ("actor_members", _) => Some(Link::Member),
                        ("actor_tags", _) => Some(Link::Tag),
                        _ => None,
                    },
                    old: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or(Json::Null),
                })
            })?
            .collect::<rusqlite::Result<Vec<HistoryEntry>>>()?;
        rows.into_iter()
            .map(|mut entry| {
                if entry.link.is_none() {
                    entry.old = self.as_fields(&entry.old)?;
                }
                Ok(entry)
            })
            .collect()
    }

    /// Every record that had this key, newest first: the one that has it now, then
    /// removed (or renamed) ones whose history rows name it, by their latest change.
    pub fn ids_with_key(&self, kind: Kind, key: &str) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = self.find(kind, key)?.into_iter().collect();
        let mut stmt = self.conn.prepare(
            "SELECT record_id FROM history WHERE table_name = ?1
               AND (record_key = ?2 OR (table_name = 'stances' AND record_id = CAST(?2 AS INTEGER)
                                        AND CAST(CAST(?2 AS INTEGER) AS TEXT) = ?2))
             GROUP BY record_id ORDER BY max(id) DESC",
        )?;
        let past = stmt
            .query_map(params![kind.table(), key], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for id in past {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The id a deleted record had, found through its key in history.
    pub fn deleted_id(&self, kind: Kind, key: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT record_id FROM history WHERE table_name = ?1
                   AND (record_key = ?2 OR (table_name = 'stances' AND record_id = CAST(?2 AS INTEGER)
                                            AND CAST(CAST(?2 AS INTEGER) AS TEXT) = ?2))
                 ORDER BY id DESC LIMIT 1",
                params![kind.table(), key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A record's stored values as its fields, named as claims files and tables name
    /// them (the names `history` and `import --dry-run` show): references by key,
    /// dates at their precision, no id or derived column. None: no such record.
    pub fn record_fields(&self, kind: Kind, id: i64) -> Result<Option<Json>> {
        let rows = self.query_rows(
            &format!("SELECT * FROM {} WHERE id = ?1", kind.table()),
            [id],
        )?;
        match rows.objects().into_iter().next() {
            Some(row) => Ok(Some(self.as_fields(&Json::Object(row))?)),
            None => Ok(None),
        }
    }

    /// A stored row (a record's columns, as a table or history's old values hold them)
    /// as the record's fields: see `record_fields`. History written by earlier schema
    /// levels (a provision's `continues_id`) is named the same way.
    fn as_fields(&self, row: &Json) -> Result<Json> {
        let Some(columns) = row.as_object() else {
            return Ok(row.clone());
        };
        let mut fields = serde_json::Map::new();
        for (column, value) in columns {
            if column == "id" || column == "point_order" || column.ends_with("_precision") {
                continue;
            }
            let (field, value) = match REFERENCES.iter().find(|(c, _, _)| c == column) {
                Some(&(_, field, kind)) => match value.as_i64() {
                    Some(id) => (field, self.key_or_last_key(kind, id)?),
                    None => (field, Json::Null),
                },
                None => {
                    let precision = column
                        .strip_suffix("_on")
                        .and_then(|day| columns.get(&format!("{day}_precision")))
                        .and_then(Json::as_str);
                    let value = match (value, precision) {
                        (Json::String(day), Some(precision)) => {
                            Json::from(crate::dates::display(day, precision))
                        }
                        (Json::Number(n), None) if column.ends_with("_inferred") => {
                            Json::Bool(n.as_i64() != Some(0))
                        }
                        _ => value.clone(),
                    };
                    let field = if column == "status_reason" {
                        "reason"
                    } else {
                        column.as_str()
                    };
                    (field, value)
                }
            };
            fields.insert(field.to_string(), value);
        }
        Ok(Json::Object(fields))
    }

    /// The key of a record by id: the one it has, or (removed) the last it had; the
    /// id itself if history has lost it too.
    fn key_or_last_key(&self, kind: Kind, id: i64) -> Result<Json> {
        let sql = format!(
            "SELECT coalesce((SELECT key FROM {} WHERE id = ?1),
                    (SELECT record_key FROM history WHERE table_name = ?2 AND record_id = ?1
                     ORDER BY id DESC LIMIT 1))",
            kind.table()
        );
        let key: Option<String> = self
            .conn
            .query_row(&sql, params![id, kind.table()], |r| r.get(0))?;
        Ok(key.map_or(Json::from(id), Json::from))
    }
}

/// The columns that hold a reference, with the field that names it and the kind it
/// names (`parent_id` is the field `parent`, an actor's key).
const REFERENCES: &[(&str, &str, Kind)] = &[
    ("parent_id", "parent", Kind::Actor),
    ("plan_id", "plan", Kind::Plan),
    ("actor_id", "actor", Kind::Actor),
    ("source_id", "source", Kind::Source),
    ("relays_source_id", "relays", Kind::Source),
    ("continues_id", "continues", Kind::Provision),
    ("basis_source_id", "basis", Kind::Source),
];

impl Db<'_> {
    /// Each position's score (proposes +2 ... rejects -2).
    pub fn position_scores(&self) -> Result<std::collections::HashMap<String, i64>> {
        let mut stmt = self.conn.prepare("SELECT key, score FROM positions")?;
        let scores = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(scores)
    }

    /// How many records of each kind are stored: (plural noun, count).
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        Kind::ALL
            .iter()
            .map(|k| {
                let sql = format!("SELECT count(*) FROM {}", k.table());
                Ok((k.table(), self.conn.query_row(&sql, [], |r| r.get(0))?))
            })
            .collect()
    }
}

/// `sql` ordered as `sink` asks (`--sort`): the query wrapped in an outer SELECT whose
/// ORDER BY names columns checked against the query's own.
pub(super) fn sorted_sql(
    conn: &rusqlite::Connection,
    sql: &str,
    sink: &dyn RowSink,
) -> Result<String> {
    let sort = sink.sort();
    if sort.is_empty() {
        return Ok(sql.to_string());
    }
    let columns: Vec<String> = conn
        .prepare(sql)?
        .column_names()
        .map(str::to_string)
        .collect();
    check_columns("--sort", sort.iter().map(|(c, _)| c.as_str()), &columns)?;
    let order: Vec<String> = sort
        .iter()
        .map(|(c, desc)| {
            format!(
                "\"{}\"{}",
                c.replace('"', "\"\""),
                if *desc { " DESC" } else { "" }
            )
        })
        .collect();
    Ok(format!(
        "SELECT * FROM ({sql}\n) ORDER BY {}",
        order.join(", ")
    ))
}

/// Hands each row of a running statement to `sink`; `on_error` turns an error of a step
/// (where SQLite reports most of them) into the caller's kind of error.
pub(super) fn pump(
    columns: &[String],
    mut cursor: rusqlite::Rows,
    sink: &mut dyn RowSink,
    on_error: fn(rusqlite::Error) -> Error,
) -> Result<()> {
    sink.start(columns)?;
    let width = columns.len();
    while let Some(row) = cursor.next().map_err(on_error)? {
        let mut cells: Vec<CellRef> = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(cell_of(row.get_ref(i)?));
        }
        if !sink.row(&cells)? {
            break;
        }
    }
    sink.finish()
}

fn cell_of(v: ValueRef<'_>) -> CellRef<'_> {
    match v {
        ValueRef::Null => CellRef::Null,
        ValueRef::Integer(i) => CellRef::Int(i),
        ValueRef::Real(f) => CellRef::Real(f),
        ValueRef::Text(s) => match std::str::from_utf8(s) {
            Ok(t) => CellRef::Text(t),
            Err(_) => CellRef::Bytes(s),
        },
        ValueRef::Blob(b) => CellRef::Blob(b.len()),
    }
}

pub(crate) fn json_of(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        // Text written by another tool may not be UTF-8; show it rather than fail.
        ValueRef::Text(s) => Json::String(String::from_utf8_lossy(s).into_owned()),
        ValueRef::Blob(b) => Json::String(format!("<{} bytes>", b.len())),
    }
}
