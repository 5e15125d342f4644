//! `provtrack plan ...`: the documents that propose provisions.

use super::editable::{self, check_new_key, text_of, Changed, Editable};
use super::Ctx;
use crate::check::{Mode, Naming};
use crate::cli::{PlanCommand, PlanFilter};
use crate::error::Result;
use crate::input::PlanFields;
use crate::model::Kind;
use crate::model::{PlanRelation, PlanStatus};
use crate::store::{Db, Resolve};

pub fn run(ctx: &mut Ctx, cmd: PlanCommand) -> Result<()> {
    editable::run(ctx, cmd, list)
}

fn list(ctx: &mut Ctx, filter: &PlanFilter) -> Result<()> {
    let store = ctx.read()?;
    let db = store.db();
    let proposer = filter
        .proposer
        .as_deref()
        .map(|p| db.resolve(Kind::Actor, p))
        .transpose()?;
    ctx.out.scan_columns(&[
        "key",
        "first_reported_on",
        "status",
        "provisions",
        "proposers",
        "title",
    ]);
    db.list_plans(
        filter.status.map(PlanStatus::as_str),
        proposer,
        &mut ctx.out,
    )
}

impl Editable for PlanFields {
    const KIND: Kind = Kind::Plan;

    /// Adds a plan with its proposers and relations; returns its key.
    fn insert(&self, db: &Db, naming: Naming) -> Result<String> {
        let row = self.check(db, Mode::Add, naming, &[])?;
        check_new_key(db, Kind::Plan, &row, None)?;
        let proposers = self.proposer_ids(db)?;
        let relations = self.relation_ids(db)?;
        let id = db.insert(Kind::Plan, &row)?;
        db.set_proposers(id, &proposers)?;
        for (relation, others) in relations {
            db.set_plan_relations(id, relation, &others)?;
        }
        Ok(text_of(&row, "key").unwrap_or_default().to_string())
    }

    fn update(&self, db: &Db, id: i64, unset: &[String], naming: Naming) -> Result<Changed> {
        let mut changed = update(db, id, self, unset, naming)?;
        // On the command line, --proposer lists the plan's proposers in full.
        if !self.proposers.is_empty() && db.set_proposers(id, &self.proposer_ids(db)?)? {
            changed.push("proposers");
        }
        // --responds-to and --supersedes each list the plan's relations of that kind;
        // --unset responds-to / supersedes clears them.
        let mut relations = self.relation_ids(db)?;
        for relation in PlanRelation::ALL {
            if unset
                .iter()
                .any(|u| u.replace('-', "_") == relation.field())
            {
                relations.push((*relation, Vec::new()));
            }
        }
        for (relation, others) in relations {
            if db.set_plan_relations(id, relation, &others)? {
                changed.push(relation.field());
            }
        }
        Ok(changed)
    }
}

/// Sets the given fields of a plan (not its proposers); returns what changed.
pub(super) fn update(
    db: &Db,
    id: i64,
    fields: &PlanFields,
    unset: &[String],
    naming: Naming,
) -> Result<Changed> {
    let row = fields.check(db, Mode::Update, naming, unset)?;
    check_new_key(db, Kind::Plan, &row, Some(id))?;
    db.update_changed(Kind::Plan, id, &row)
}
