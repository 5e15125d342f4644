//! `provtrack stance ...`: statements an actor made (or a source forecasts or
//! recommends) about a plan as a whole or some of its provisions, per source.

use super::records::{self, report_update};
use super::Ctx;
use crate::cli::{RetractArgs, StanceCommand, StanceFilterArgs, StanceUpdateArgs};
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::fields::StanceFields;
use crate::model::{
    check_stance_key, check_text, check_vocab, ATTRIBUTIONS, MAX_QUOTE, MAX_TEXT, POSITIONS,
    STANCE_KINDS,
};
use crate::rows::InferredDates;
use crate::statement::{generated_key, Statement};
use crate::store::{Db, Kind, StanceFilter};

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
        StanceCommand::Show(arg) => records::show(ctx, Kind::Stance, &arg.id),
        StanceCommand::List(filter) => list(ctx, &filter),
        StanceCommand::Retract(args) => retract(ctx, &args),
        StanceCommand::Remove(arg) => records::remove(ctx, Kind::Stance, &arg.id),
    }
}

/// Records a stance; returns its id and key. Without --key, a second stance with the
/// same actor, targets, source, date, kind and intermediaries is refused, naming the
/// first.
pub(super) fn insert(db: &Db, fields: &StanceFields) -> Result<(i64, String)> {
    let s = statement_from(db, fields, None, &[])?;
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

fn missing(flag: &str, what: &str) -> Error {
    Error::invalid(format!("missing {flag}: a new stance needs {what}"))
}

/// The stance `fields` describe: a new one (`old` None: required fields must be
/// given, defaults filled in) or `old` with the given fields changed and `unset` ones
/// cleared. References are resolved and every rule is checked.
pub(super) fn statement_from(
    db: &Db,
    f: &StanceFields,
    old: Option<&Statement>,
    unset: &[String],
) -> Result<Statement> {
    let adding = old.is_none();
    let mut s = old.cloned().unwrap_or_else(|| Statement {
        kind: "position".into(),
        attribution: "reported".into(),
        status: "active".into(),
        recorded_at: db.now(),
        ..Statement::default()
    });
    let unset: Vec<String> = unset.iter().map(|u| u.replace('-', "_")).collect();
    for u in &unset {
        if ![
            "quote",
            "evidence",
            "notes",
            "relays",
            "via",
            "provisions",
            "provision",
        ]
        .contains(&u.as_str())
        {
            return Err(Error::invalid(format!(
                "--unset {u}: not an optional stance field (optional: quote, evidence, notes, \
                 relays, via, provisions — the last makes it a stance on the plan as a whole)"
            )));
        }
    }
    let unsetting = |name: &str| unset.iter().any(|u| u == name);
    match &f.actor {
        Some(a) => s.actor_id = db.resolve(Kind::Actor, a)?,
        None if adding => return Err(missing("--actor", "the actor")),
        None => {}
    }
    match &f.source {
        Some(x) => s.source_id = db.resolve(Kind::Source, x)?,
        None if adding => return Err(missing("--source", "the source that reports it")),
        None => {}
    }
    // What it is about.
    let mut provision_plans = Vec::new();
    for p in &f.provisions {
        let id = db.resolve(Kind::Provision, p)?;
        provision_plans.push((id, db.plan_of_provision(id)?, p.as_str()));
    }
    let plan = f
        .plan
        .as_deref()
        .map(|p| db.resolve(Kind::Plan, p))
        .transpose()?;
    if plan.is_some()
        || !provision_plans.is_empty()
        || unsetting("provisions")
        || unsetting("provision")
    {
        s.plan_id = plan
            .or(provision_plans.first().map(|x| x.1))
            .unwrap_or(s.plan_id);
        let mut ids: Vec<i64> = provision_plans.iter().map(|x| x.0).collect();
        ids.sort_unstable();
        ids.dedup();
        s.provisions = ids;
        for (_, plan_id, key) in &provision_plans {
            if *plan_id != s.plan_id {
                return Err(Error::invalid(format!(
                    "provision '{key}' is in plan '{}', not '{}': a stance is about one plan \
                     (record one stance per plan)",
                    db.key_of(Kind::Plan, *plan_id)?,
                    db.key_of(Kind::Plan, s.plan_id)?
                )));
            }
        }
    } else if adding {
        return Err(Error::invalid(
            "missing --plan or --provision: a new stance is about a plan as a whole (--plan) \
             or about provisions of one plan (--provision, repeatable)",
        ));
    }
    if let Some(k) = &f.kind {
        s.kind = check_vocab("kind", k, STANCE_KINDS)?;
    }
    match &f.position {
        Some(p) => s.position = check_vocab("position", p, POSITIONS)?,
        None if adding => {
            return Err(Error::invalid(format!(
                "missing --position: a new stance needs it (one of: {})",
                POSITIONS.join(", ")
            )))
        }
        None => {}
    }
    match &f.date {
        Some(d) => {
            let date = PartialDate::parse("date", d)?;
            s.stated_on = date.stored();
            s.precision = date.precision.as_str().to_string();
            s.inferred = f.date_inferred.unwrap_or(false);
        }
        None if adding => {
            // Undated: the day the source published it, marked inferred.
            let (on, precision) = db.source_date(s.source_id)?;
            s.stated_on = on;
            s.precision = precision;
            s.inferred = f.date_inferred.unwrap_or(true);
        }
        None => s.inferred = f.date_inferred.unwrap_or(s.inferred),
    }
    if let Some(q) = &f.quote {
        s.quote = Some(check_text("quote", q, MAX_QUOTE)?);
    }
    if let Some(e) = &f.evidence {
        s.evidence = Some(check_text("evidence", e, MAX_QUOTE)?);
    }
    if let Some(a) = &f.attribution {
        s.attribution = check_vocab("attribution", a, ATTRIBUTIONS)?;
    }
    if !f.via.is_empty() {
        s.via = f
            .via
            .iter()
            .map(|a| db.resolve(Kind::Actor, a))
            .collect::<Result<_>>()?;
    }
    if let Some(r) = &f.relays {
        s.relays = Some(db.resolve(Kind::Source, r)?);
    }
    if let Some(n) = &f.notes {
        s.notes = Some(check_text("notes", n, MAX_TEXT)?);
    }
    for u in &unset {
        match u.as_str() {
            "quote" => s.quote = None,
            "evidence" => s.evidence = None,
            "notes" => s.notes = None,
            "relays" => s.relays = None,
            "via" => s.via.clear(),
            _ => {}
        }
    }
    match &f.key {
        Some(k) => s.key = check_stance_key(k)?,
        None if adding => s.key = key_for(db, &s)?,
        None => {}
    }
    let provision_plans: Vec<(i64, i64)> = provision_plans.iter().map(|x| (x.0, x.1)).collect();
    let (on, precision) = db.source_date(s.source_id)?;
    s.check((&on, &precision), &provision_plans)?;
    Ok(s)
}

/// The generated key of a stance (see `statement::generated_key`).
pub(super) fn key_for(db: &Db, s: &Statement) -> Result<String> {
    let provisions: Vec<String> = s
        .provisions
        .iter()
        .map(|p| db.key_of(Kind::Provision, *p))
        .collect::<Result<_>>()?;
    let via: Vec<String> = s
        .via
        .iter()
        .map(|a| db.key_of(Kind::Actor, *a))
        .collect::<Result<_>>()?;
    Ok(generated_key(
        &db.key_of(Kind::Source, s.source_id)?,
        &db.key_of(Kind::Actor, s.actor_id)?,
        &db.key_of(Kind::Plan, s.plan_id)?,
        &provisions.iter().map(String::as_str).collect::<Vec<_>>(),
        &s.stated_on,
        &s.kind,
        &via.iter().map(String::as_str).collect::<Vec<_>>(),
    ))
}

fn update_command(ctx: &mut Ctx, args: &StanceUpdateArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let (key, changed) = store.write("stance update", |db| {
        let id = db.resolve(Kind::Stance, &args.id)?;
        let old = db
            .load_statement(id)?
            .ok_or_else(|| db.unknown(Kind::Stance, &args.id))?;
        let mut new = statement_from(db, &args.fields, Some(&old), &args.unset)?;
        new.set_status(args.status.as_deref(), args.reason.as_deref())?;
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
        new.set_status(Some("retracted"), Some(&args.reason))?;
        db.update_statement(id, &old, &new)
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
    if let Some(k) = &args.kind {
        check_vocab("kind", k, STANCE_KINDS)?;
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
        kind: args.kind.clone(),
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
