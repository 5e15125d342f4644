//! The `add` / `update` / `show` / `remove` steps every record kind shares (`run`), for
//! the kinds the command line edits field by field (`Editable`), and the look-ups of a
//! checked field's value their checks use (`text_of`, `integer_of`).

use super::Ctx;
use crate::check::Naming;
use crate::cli::RecordCommand;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::{CheckedFields, Db, FieldValue, Resolve, Store};

/// The value of a field in `fields`, if set.
pub fn value_of<'f>(fields: &'f CheckedFields, field: &str) -> Option<&'f FieldValue> {
    fields.iter().find(|(c, _)| *c == field).map(|(_, v)| v)
}

/// The text value of a field in `fields`, if set.
pub fn text_of<'f>(fields: &'f CheckedFields, field: &str) -> Option<&'f str> {
    match value_of(fields, field) {
        Some(FieldValue::Text(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// The integer value of a field in `fields` (an id or a number), if set.
pub fn integer_of(fields: &CheckedFields, field: &str) -> Option<i64> {
    match value_of(fields, field) {
        Some(FieldValue::Integer(i)) => Some(*i),
        _ => None,
    }
}

/// Refuses a key that another record of the kind already has, naming that record.
pub fn check_new_key(
    db: &Db,
    kind: Kind,
    fields: &CheckedFields,
    except: Option<i64>,
) -> Result<()> {
    let Some(key) = text_of(fields, "key") else {
        return Ok(());
    };
    match db.find(kind, key)? {
        Some(id) if Some(id) != except => {
            let existing = db.show(kind, id)?;
            let label = existing
                .rows
                .first()
                .and_then(|r| r.get(1))
                .map(crate::result_set::cell_text)
                .unwrap_or_default();
            Err(Error::invalid(format!(
                "{} '{key}' already exists ({label}); choose another key or use `provtrack {} update {key}`",
                kind.noun(),
                kind.noun()
            )))
        }
        _ => Ok(()),
    }
}

/// Shows one record by key.
pub fn show(ctx: &mut Ctx, kind: Kind, key: &str) -> Result<()> {
    let store = ctx.read()?;
    let db = store.db();
    let id = db.resolve(kind, key)?;
    let rows = db.show(kind, id)?;
    ctx.out.record(&rows.inferred_dates(ctx.for_people()))
}

/// Removes a record unless others point to it; history keeps its last version.
pub fn remove(ctx: &mut Ctx, kind: Kind, key: &str) -> Result<()> {
    let mut store: Store = ctx.write()?;
    let command = format!("{} remove", kind.noun());
    let key = store.write(&command, |db| {
        let id = db.resolve(kind, key)?;
        let key = db.key_of(kind, id)?;
        let dependents = db.dependents(kind, id)?;
        if !dependents.is_empty() {
            return Err(Error::invalid(format!(
                "cannot remove {} '{key}': still referenced by {}; remove or change those first",
                kind.noun(),
                dependents.join("; ")
            )));
        }
        db.delete(kind, id)?;
        Ok(key)
    })?;
    let message = format!(
        "removed {} '{key}' (its last version is kept in history)",
        kind.noun()
    );
    ctx.out.outcome("removed", kind.noun(), &key, &message)
}

/// Reports the result of an update: which fields changed (by the flags that set them),
/// or that nothing did.
pub fn report_update(ctx: &mut Ctx, kind: Kind, key: &str, changed: &[&str]) -> Result<()> {
    if changed.is_empty() {
        let message = format!(
            "{} '{key}' unchanged: the values given are the stored ones",
            kind.noun()
        );
        return ctx.out.outcome("unchanged", kind.noun(), key, &message);
    }
    let flags: Vec<String> = changed
        .iter()
        .map(|f| crate::input::flag(kind, f))
        .collect();
    let message = format!("updated {} '{key}': {}", kind.noun(), flags.join(", "));
    ctx.out.outcome("updated", kind.noun(), key, &message)
}

/// The names of the fields an update changed (empty: none), as the model names them.
pub type Changed = Vec<&'static str>;

/// A record kind that the command line can add and update.
pub trait Editable {
    const KIND: Kind;
    /// Adds the record; returns its key.
    fn insert(&self, db: &Db, naming: Naming) -> Result<String>;
    /// Sets the given fields (and clears `unset`); returns the names of changed fields.
    fn update(&self, db: &Db, id: i64, unset: &[String], naming: Naming) -> Result<Changed>;
}

/// Runs add / update / show / remove for a kind; `list` handles its own filters.
pub fn run<F: Editable + clap::Args, L: clap::Args>(
    ctx: &mut Ctx,
    cmd: RecordCommand<F, L>,
    list: fn(&mut Ctx, &L) -> Result<()>,
) -> Result<()> {
    let noun = F::KIND.noun();
    match cmd {
        RecordCommand::Add(fields) => {
            let mut store = ctx.write()?;
            let key = store.write(&format!("{noun} add"), |db| {
                fields.insert(db, Naming::Flags)
            })?;
            ctx.out
                .outcome("added", noun, &key, &format!("added {noun} '{key}'"))
        }
        RecordCommand::Update(args) => {
            let mut store = ctx.write()?;
            let (key, changed) = store.write(&format!("{noun} update"), |db| {
                let id = db.resolve(F::KIND, &args.target)?;
                let changed = args.fields.update(db, id, &args.unset, Naming::Flags)?;
                Ok((db.key_of(F::KIND, id)?, changed))
            })?;
            report_update(ctx, F::KIND, &key, &changed)
        }
        RecordCommand::Show(arg) => show(ctx, F::KIND, &arg.key),
        RecordCommand::List(filter) => list(ctx, &filter),
        RecordCommand::Remove(arg) => remove(ctx, F::KIND, &arg.key),
    }
}
