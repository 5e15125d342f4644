//! `provtrack stance ...`: who holds which position on which provision, per source.

use rusqlite::types::Value;

use super::records::{self, report_update, value_of};
use super::Ctx;
use crate::cli::{RetractArgs, StanceCommand, StanceFilterArgs, StanceUpdateArgs};
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::fields::{Mode, StanceFields};
use crate::model::{check_text, check_vocab, MAX_QUOTE, POSITIONS, STANCE_STATUSES};
use crate::store::{Db, Fields, Kind, StanceFilter};

pub fn run(ctx: &mut Ctx, cmd: StanceCommand) -> Result<()> {
    match cmd {
        StanceCommand::Add(fields) => {
            let mut store = ctx.write()?;
            let id = store.write("stance add", |db| insert(db, &fields, None))?;
            ctx.out.outcome(
                "added",
                "stance",
                &id.to_string(),
                &format!("added stance {id}"),
            )
        }
        StanceCommand::Update(args) => update_command(ctx, &args),
        StanceCommand::Show(arg) => records::show(ctx, Kind::Stance, &arg.id),
        StanceCommand::List(filter) => list(ctx, &filter),
        StanceCommand::Retract(args) => retract(ctx, &args),
        StanceCommand::Remove(arg) => records::remove(ctx, Kind::Stance, &arg.id),
    }
}

/// Records a stance; a second stance with the same actor, provision, source and date is
/// refused, naming the first.
pub(super) fn insert(db: &Db, fields: &StanceFields, default_source: Option<i64>) -> Result<i64> {
    let mut row = fields.to_row(db, Mode::Add, default_source, &[])?;
    if let Some(existing) = existing(db, &row)? {
        return Err(Error::invalid(format!(
            "stance {existing} already records this actor, provision, source and date; \
             change it with `provtrack stance update {existing}`"
        )));
    }
    row.push(("recorded_at", Value::Text(db.now())));
    db.insert(Kind::Stance, &row)
}

/// The stance with the identity (actor, provision, source, stated_on) of `row`, if any.
pub(super) fn existing(db: &Db, row: &Fields) -> Result<Option<i64>> {
    let get = |c: &str| value_of(row, c);
    match (
        get("actor_id"),
        get("provision_id"),
        get("source_id"),
        get("stated_on"),
    ) {
        (
            Some(Value::Integer(actor)),
            Some(Value::Integer(provision)),
            Some(Value::Integer(source)),
            Some(Value::Text(date)),
        ) => db.find_stance(*actor, *provision, *source, date),
        _ => Ok(None),
    }
}

fn update_command(ctx: &mut Ctx, args: &StanceUpdateArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let changed = store.write("stance update", |db| {
        let id = db.resolve(Kind::Stance, &args.id)?;
        let mut row = args.fields.to_row(db, Mode::Update, None, &args.unset)?;
        row.extend(status_fields(
            db,
            id,
            args.status.as_deref(),
            args.reason.as_deref(),
        )?);
        check_identity_free(db, id, &row)?;
        db.update_changed(Kind::Stance, id, &row)
    })?;
    report_update(ctx, Kind::Stance, &args.id, &changed)
}

/// Refuses an update that would give the stance the identity (actor, provision,
/// source, date) of another stance, naming that one.
fn check_identity_free(db: &Db, id: i64, row: &Fields) -> Result<()> {
    let raw = db.raw(Kind::Stance, id)?.unwrap_or_default();
    let identity: Fields = ["actor_id", "provision_id", "source_id", "stated_on"]
        .into_iter()
        .map(|c| match value_of(row, c) {
            Some(v) => (c, v.clone()),
            None => (c, stored_value(&raw[c])),
        })
        .collect();
    match existing(db, &identity)? {
        Some(other) if other != id => Err(Error::invalid(format!(
            "stance {other} already records this actor, provision, source and date; \
             change that one with `provtrack stance update {other}`"
        ))),
        _ => Ok(()),
    }
}

/// A stored column value (as read into JSON) back as an SQL value.
fn stored_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Number(n) => Value::Integer(n.as_i64().unwrap_or_default()),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        _ => Value::Null,
    }
}

/// The status and reason columns for `--status` / `--reason`: retracted and corrected
/// need a reason; going back to active clears it.
fn status_fields(db: &Db, id: i64, status: Option<&str>, reason: Option<&str>) -> Result<Fields> {
    let reason = reason
        .map(|r| check_text("reason", r, MAX_QUOTE))
        .transpose()?;
    let current = db.raw(Kind::Stance, id)?.unwrap_or_default();
    let current_status = current["status"].as_str().unwrap_or("active").to_string();
    let status = match status {
        Some(s) => check_vocab("status", s, STANCE_STATUSES)?,
        None if reason.is_none() => return Ok(Vec::new()),
        None => current_status,
    };
    let reason_value = match (status.as_str(), reason) {
        ("active", None) => Value::Null,
        ("active", Some(_)) => {
            return Err(Error::invalid(
                "--reason goes with --status retracted or corrected; an active stance has none",
            ))
        }
        (_, Some(r)) => Value::Text(r),
        (s, None) => match current["status_reason"].as_str() {
            Some(r) => Value::Text(r.to_string()),
            None => {
                return Err(Error::invalid(format!(
                    "--status {s} needs --reason: say why"
                )))
            }
        },
    };
    Ok(vec![
        ("status", Value::Text(status)),
        ("status_reason", reason_value),
    ])
}

fn retract(ctx: &mut Ctx, args: &RetractArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let changed = store.write("stance retract", |db| {
        let id = db.resolve(Kind::Stance, &args.id)?;
        let row = status_fields(db, id, Some("retracted"), Some(&args.reason))?;
        db.update_changed(Kind::Stance, id, &row)
    })?;
    if changed.is_empty() {
        return report_update(ctx, Kind::Stance, &args.id, &changed);
    }
    let message = format!("retracted stance {} ({})", args.id, args.reason);
    ctx.out.outcome("retracted", "stance", &args.id, &message)
}

fn list(ctx: &mut Ctx, args: &StanceFilterArgs) -> Result<()> {
    if let Some(p) = &args.position {
        check_vocab("position", p, POSITIONS)?;
    }
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
        position: args.position.clone(),
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
    db.list_stances(&filter, &mut ctx.out)
}
