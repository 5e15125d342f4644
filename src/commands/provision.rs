//! `provtrack provision ...`: what each plan contains, and its lineage.

use super::records::{self, check_new_key, integer_of, text_of, Editable};
use super::Ctx;
use crate::cli::{ProvisionCommand, ProvisionFilter};
use crate::error::{Error, Result};
use crate::fields::{Mode, ProvisionFields};
use crate::model::{check_vocab, CATEGORIES};
use crate::store::{Db, Fields, Kind};

pub fn run(ctx: &mut Ctx, cmd: ProvisionCommand) -> Result<()> {
    records::run(ctx, cmd, list)
}

fn list(ctx: &mut Ctx, filter: &ProvisionFilter) -> Result<()> {
    if let Some(category) = &filter.category {
        check_vocab("category", category, CATEGORIES)?;
    }
    let store = ctx.read()?;
    let db = store.db();
    let plan = filter
        .plan
        .as_deref()
        .map(|p| db.resolve(Kind::Plan, p))
        .transpose()?;
    ctx.out.scan_columns(&["key", "point", "category", "title"]);
    db.list_provisions(plan, filter.category.as_deref(), &mut ctx.out)
}

impl Editable for ProvisionFields {
    const KIND: Kind = Kind::Provision;

    fn insert(&self, db: &Db) -> Result<String> {
        insert(db, self)
    }

    fn update(&self, db: &Db, id: i64, unset: &[String]) -> Result<Vec<&'static str>> {
        update(db, id, self, unset)
    }
}

/// Adds a provision; returns its key.
pub(super) fn insert(db: &Db, fields: &ProvisionFields) -> Result<String> {
    let row = fields.to_row(db, Mode::Add, &[])?;
    check_unique(db, &row, None)?;
    db.insert(Kind::Provision, &row)?;
    Ok(text_of(&row, "key").unwrap_or_default().to_string())
}

/// Sets the given fields of a provision; returns what changed.
pub(super) fn update(
    db: &Db,
    id: i64,
    fields: &ProvisionFields,
    unset: &[String],
) -> Result<Vec<&'static str>> {
    let row = fields.to_row(db, Mode::Update, unset)?;
    check_unique(db, &row, Some(id))?;
    let changed = db.update_changed(Kind::Provision, id, &row)?;
    let lineage = db.show(Kind::Provision, id)?;
    let objects = lineage.objects();
    let stored = objects.first();
    let has = |c: &str| stored.and_then(|o| o.get(c)).is_some_and(|v| !v.is_null());
    if has("continues") != has("relation") {
        return Err(Error::invalid(
            "--continues and --relation go together: a provision that continues another says how",
        ));
    }
    Ok(changed)
}

/// A key and a point number are unique within a plan; a provision cannot continue itself.
fn check_unique(db: &Db, row: &Fields, except: Option<i64>) -> Result<()> {
    check_new_key(db, Kind::Provision, row, except)?;
    let plan = match (integer_of(row, "plan_id"), except) {
        (Some(p), _) => Some(p),
        (_, Some(id)) => db
            .raw(Kind::Provision, id)?
            .and_then(|o| o["plan_id"].as_i64()),
        _ => None,
    };
    if let (Some(plan), Some(point)) = (plan, integer_of(row, "point")) {
        if let Some(other) = db.provision_at_point(plan, point)? {
            if db.find(Kind::Provision, &other)? != except {
                let plan_key = db.key_of(Kind::Plan, plan)?;
                return Err(Error::invalid(format!(
                    "point {point} of plan '{plan_key}' is already provision '{other}'"
                )));
            }
        }
    }
    if let (Some(continues), Some(id)) = (integer_of(row, "continues_id"), except) {
        if continues == id {
            return Err(Error::invalid("a provision cannot continue itself"));
        }
    }
    Ok(())
}
