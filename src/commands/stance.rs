//! `provtrack stance ...`: statements an actor made (or a source forecasts or
//! recommends) about a plan as a whole or some of its provisions, per source.

use super::editable::{self, report_update};
use super::Ctx;
use crate::cli::{RetractArgs, StanceCommand, StanceFilterArgs, StanceUpdateArgs};
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::input::StanceFields;
use crate::input::StanceRecord;
use crate::model::StanceStatus;

use crate::check;
use crate::check::stance::StanceInput;
use crate::check::Naming;
use crate::model::Kind;
use crate::result_set::InferredDates;
use crate::statement::Statement;
use crate::store::{Db, Resolve, StanceFilter};

pub fn run(ctx: &mut Ctx, cmd: StanceCommand) -> Result<()> {
    match cmd {
        StanceCommand::Add(fields) => {
            let mut store = ctx.write()?;
            let (id, key) = store.write("stance add", |db| insert(db, &fields))?;
            ctx.out.outcome(
                "added",
                "stance",
                &id.to_string(),
                &format!("added stance {id} (key {key})"),
            )
        }
        StanceCommand::Update(args) => update_command(ctx, &args),
        StanceCommand::Show(arg) => editable::show(ctx, Kind::Stance, &arg.id),
        StanceCommand::List(filter) => list(ctx, &filter),
        StanceCommand::Retract(args) => retract(ctx, &args),
        StanceCommand::Remove(arg) => editable::remove(ctx, Kind::Stance, &arg.id),
    }
}

/// Records a stance; returns its id and key. Without --key, a second stance with the
/// same actor, targets, source, date, kind and intermediaries is refused, naming the
/// first.
pub(super) fn insert(db: &Db, fields: &StanceFields) -> Result<(i64, String)> {
    let s = check(db, &fields.to_record(None, None), None, &[])?;
    if fields.key.is_none() {
        if let Some(other) = db.stances_with_identity(&s, None)?.first() {
            let key = db.key_of(Kind::Stance, *other)?;
            return Err(Error::invalid(format!(
                "stance {other} ({key}) already records this actor, target, source, date and \
                 kind; change it with `provtrack stance update {key}`, or give --key to record \
                 another account"
            )));
        }
    }
    if let Some(other) = db.stance_by_key(&s.key)? {
        return Err(Error::invalid(format!(
            "stance key '{}' is taken by stance {other}; choose another --key or change that \
             one with `provtrack stance update {}`",
            s.key, s.key
        )));
    }
    let id = db.insert_statement(&s)?;
    Ok((id, s.key))
}

/// The stance the flags describe, checked by the rules every input shares (see
/// `crate::check::stance`): new (`old` None) or `old` changed.
fn check(
    db: &Db,
    record: &StanceRecord,
    old: Option<&Statement>,
    unset: &[String],
) -> Result<Statement> {
    let now = db.now()?;
    let input = StanceInput {
        record,
        naming: Naming::Flags,
        default_source: None,
        unset,
        now: &now,
    };
    check::stance::statement(db, &input, old)
}

fn update_command(ctx: &mut Ctx, args: &StanceUpdateArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let (key, changed) = store.write("stance update", |db| {
        let id = db.resolve(Kind::Stance, &args.id)?;
        let old = db
            .load_statement(id)?
            .ok_or_else(|| db.unknown(Kind::Stance, &args.id))?;
        let record = args.fields.to_record(args.status, args.reason.as_deref());
        let new = check(db, &record, Some(&old), &args.unset)?;
        let identity = [
            "actor",
            "plan",
            "provisions",
            "source",
            "stated_on",
            "kind",
            "via",
        ];
        if old
            .changed_fields(&new)
            .iter()
            .any(|f| identity.contains(f))
        {
            if let Some(other) = db.stances_with_identity(&new, Some(id))?.first() {
                let key = db.key_of(Kind::Stance, *other)?;
                return Err(Error::invalid(format!(
                    "stance {other} ({key}) already records this actor, target, source, date \
                     and kind; change that one with `provtrack stance update {key}`"
                )));
            }
        }
        if new.key != old.key {
            if let Some(other) = db.stance_by_key(&new.key)? {
                return Err(Error::invalid(format!(
                    "stance key '{}' is taken by stance {other}; choose another --key",
                    new.key
                )));
            }
        }
        let changed = db.update_statement(id, &old, &new)?;
        Ok((new.key, changed))
    })?;
    let _ = key;
    report_update(ctx, Kind::Stance, &args.id, &changed)
}

fn retract(ctx: &mut Ctx, args: &RetractArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let changed = store.write("stance retract", |db| {
        let id = db.resolve(Kind::Stance, &args.id)?;
        let old = db
            .load_statement(id)?
            .ok_or_else(|| db.unknown(Kind::Stance, &args.id))?;
        let mut new = old.clone();
        new.set_status(Some(StanceStatus::Retracted), Some(&args.reason))?;
        db.update_statement(id, &old, &new)
    })?;
    if changed.is_empty() {
        return report_update(ctx, Kind::Stance, &args.id, &changed);
    }
    let message = format!("retracted stance {} ({})", args.id, args.reason);
    ctx.out.outcome("retracted", "stance", &args.id, &message)
}

fn list(ctx: &mut Ctx, args: &StanceFilterArgs) -> Result<()> {
    let date = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(|d| PartialDate::parse(field, d))
            .transpose()
    };
    let since = date("since", &args.since)?.map(|d| d.stored());
    // `--until 2025-02` includes the whole of February.
    let until = date("until", &args.until)?.map(|d| d.last_day());
    let store = ctx.read()?;
    let db = store.db();
    let resolve =
        |kind: Kind, v: &Option<String>| v.as_deref().map(|k| db.resolve(kind, k)).transpose();
    let filter = StanceFilter {
        actor: resolve(Kind::Actor, &args.actor)?,
        provision: resolve(Kind::Provision, &args.provision)?,
        plan: resolve(Kind::Plan, &args.plan)?,
        source: resolve(Kind::Source, &args.source)?,
        position: args.position.map(|p| p.as_str().to_string()),
        kind: args.kind.map(|k| k.as_str().to_string()),
        since,
        until,
    };
    ctx.out.scan_columns(&[
        "id",
        "stated_on",
        "actor",
        "position",
        "provision",
        "source",
        "quote",
    ]);
    let for_people = ctx.for_people();
    db.list_stances(&filter, &mut InferredDates::new(&mut ctx.out, for_people))
}
