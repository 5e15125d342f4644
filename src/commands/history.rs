//! `provtrack history KIND KEY`: every version of a record, newest first.

use serde_json::{Map, Value};

use super::Ctx;
use crate::cli::HistoryArgs;
use crate::error::Result;
use crate::rows::Rows;
use crate::store::Kind;

pub fn run(ctx: &mut Ctx, args: &HistoryArgs) -> Result<()> {
    let kind = Kind::parse(&args.kind)?;
    let store = ctx.read()?;
    let db = store.db();
    // A removed record is found through the key it had.
    let id = match db.find(kind, &args.key)? {
        Some(id) => id,
        None => match db.deleted_id(kind, &args.key)? {
            Some(id) => id,
            None => db.resolve(kind, &args.key)?,
        },
    };
    let current = db.raw(kind, id)?;
    let mut rows = Rows::new(&[
        "version",
        "changed_at",
        "change",
        "command",
        "changed_fields",
        "values",
    ]);
    let past = db.history(kind, id)?;
    if let Some(values) = &current {
        let version = Value::from(format!("{} (current)", past.len() + 1));
        rows.push(vec![
            version,
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
    let count = past.len();
    for (i, (at, operation, command, old)) in past.into_iter().enumerate() {
        let changed = match (&after, operation.as_str()) {
            (Some(after), "update") => differing_fields(&old, after),
            _ => Value::String("(record removed)".into()),
        };
        rows.push(vec![
            Value::from((count - i).to_string()),
            at.into(),
            operation.into(),
            command.into(),
            changed,
            old.clone(),
        ]);
        after = Some(old);
    }
    ctx.out.rows(&rows)
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
