//! `provtrack history KIND KEY`: every version of a record, newest first, with the
//! removals of its links (an actor's aliases, members, tags and proposed plans, a
//! plan's proposers and relations, a provision's lineage, a stance's targets and
//! intermediaries).
//!
//! A key can have named more than one record: one removed, then a new one added with
//! the same key. Each record's history is listed in turn, the current one first, and
//! the `record` column says which record (by id) a row belongs to.

use serde_json::{Map, Value};

use super::Ctx;
use crate::cli::HistoryArgs;
use crate::error::Result;
use crate::model::Kind;
use crate::names::fold;
use crate::result_set::ResultSet;
use crate::store::{Db, HistoryEntry, Link, Resolve};

pub fn run(ctx: &mut Ctx, args: &HistoryArgs) -> Result<()> {
    let kind = args.kind;
    let store = ctx.read()?;
    let db = store.db();
    // A removed (or renamed) record is found through the key it had; an alias names
    // its actor; names are compared as everywhere (`names::fold`).
    let mut ids = db.ids_with_key(kind, &args.key)?;
    if ids.is_empty() {
        ids = db.ids_with_key(kind, &fold(&args.key))?;
    }
    if ids.is_empty() {
        ids.push(db.resolve(kind, &args.key)?);
    }
    let mut rows = ResultSet::new(&[
        "record",
        "version",
        "changed_at",
        "change",
        "command",
        "changed_fields",
        "values",
    ]);
    for id in ids {
        record_rows(&db, kind, id, &args.key, &mut rows)?;
    }
    ctx.out.rows(&rows)
}

/// The rows of one record: its current values (unless removed), then each change.
fn record_rows(db: &Db, kind: Kind, id: i64, asked: &str, rows: &mut ResultSet) -> Result<()> {
    let current = db.record_fields(kind, id)?;
    let label = Value::from(match &current {
        None => format!("id {id} (removed)"),
        Some(values) => match values.get("key").and_then(Value::as_str) {
            // Found through a key it no longer has (not through an alias).
            Some(key) if kind != Kind::Stance && key != asked && key != fold(asked) => {
                match db.alias_owner(asked)? {
                    Some((owner, _)) if owner == id => format!("id {id} (current)"),
                    _ => format!("id {id} (now key '{key}')"),
                }
            }
            _ => format!("id {id} (current)"),
        },
    });
    let past = db.history(kind, id)?;
    let versions = past.iter().filter(|e| e.link.is_none()).count();
    if let Some(values) = &current {
        rows.push(vec![
            label.clone(),
            Value::from(format!("{} (current)", versions + 1)),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            values.clone(),
        ]);
    }
    // Each history row holds the values before a change; the values after it are the
    // next newer version's (or the current row's).
    let mut after = current;
    let mut version = versions;
    for HistoryEntry {
        changed_at,
        operation,
        command,
        link,
        old,
    } in past
    {
        let (version_cell, change, changed) = match link {
            Some(link) => {
                let (noun, field) = match link {
                    Link::Alias => ("alias", "aliases"),
                    Link::Proposer => ("proposer", "proposers"),
                    Link::Target => ("target", "provisions"),
                    Link::Via => ("via", "via"),
                    Link::Lineage => ("lineage", "continues, relation, basis"),
                    Link::RespondsTo => ("responds_to", "responds_to"),
                    Link::Supersedes => ("supersedes", "supersedes"),
                    Link::Member => ("member", "members"),
                    Link::Tag => ("tag", "tags"),
                };
                let verb = if operation == "delete" {
                    "removed"
                } else {
                    "changed"
                };
                (
                    Value::Null,
                    Value::from(format!("{noun} {verb}")),
                    Value::from(field),
                )
            }
            None => {
                let changed = match (&after, operation.as_str()) {
                    (Some(after), "update") => differing_fields(&old, after),
                    _ => Value::String("(record removed)".into()),
                };
                let cell = Value::from(version.to_string());
                version = version.saturating_sub(1);
                after = Some(old.clone());
                (cell, Value::from(operation), changed)
            }
        };
        rows.push(vec![
            label.clone(),
            version_cell,
            changed_at.into(),
            change,
            command.into(),
            changed,
            old,
        ]);
    }
    Ok(())
}

/// The names of the fields whose values differ between two versions, comma-separated.
fn differing_fields(old: &Value, new: &Value) -> Value {
    let empty = Map::new();
    let (old, new) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let names: Vec<&str> = old
        .iter()
        .filter(|(k, v)| new.get(*k) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect();
    Value::String(names.join(", "))
}
