//! The one check of a stance. Whatever gives it — `stance add` and `stance update`
//! flags, a claims-file record, a CSV or JSON Lines row — a stance arrives as a
//! `StanceRecord` and becomes a `Statement` here, with its references resolved through
//! a `Resolve` (the database, or a bulk import's key maps) and every rule checked:
//! required fields and defaults, one plan, the date not after the source, the status
//! and its reason (`Statement::set_status`), and the rules of `Statement::check`.

use super::Naming;
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::input::StanceRecord;
use crate::model::Kind;
use crate::model::{check_stance_key, check_text, GivenPosition, MAX_QUOTE, MAX_TEXT, POSITIONS};
use crate::statement::{generated_key, Statement};
use crate::store::Resolve;

/// A stance as given, with what the place it comes from adds.
pub struct StanceInput<'r> {
    pub record: &'r StanceRecord,
    pub naming: Naming,
    /// The source of a record that names none: its claims file's `[source]`.
    pub default_source: Option<i64>,
    /// Optional fields to clear (`stance update --unset`).
    pub unset: &'r [String],
    /// The time a new stance is recorded at, unless the record gives it.
    pub now: &'r str,
}

/// The optional fields `--unset` clears (`provisions`: the stance is then about the
/// plan as a whole).
pub const OPTIONAL: &[&str] = &["quote", "evidence", "notes", "relays", "via", "provisions"];

/// The stance `input` describes: a new one (`old` None: required fields must be given,
/// defaults filled in) or the stored `old` with the given fields changed and the
/// `unset` ones cleared; then the status and reason given (`Statement::set_status`).
pub fn statement(
    res: &impl Resolve,
    input: &StanceInput,
    old: Option<&Statement>,
) -> Result<Statement> {
    let mut s = build(res, input, old)?;
    s.set_status(input.record.status, input.record.reason.as_deref())?;
    Ok(s)
}

/// The new stance `input` describes before its status and reason are set: what finds
/// the stored stance a record names (an import then sets them with
/// `Statement::set_status` on a new stance, or calls `statement` on the stored one).
pub fn unsettled(res: &impl Resolve, input: &StanceInput) -> Result<Statement> {
    build(res, input, None)
}

fn build(res: &impl Resolve, input: &StanceInput, old: Option<&Statement>) -> Result<Statement> {
    let r = input.record;
    let name = |field: &str| input.naming.name(Kind::Stance, field);
    let adding = old.is_none();
    // New: kind position, attribution reported, status active (the enums' defaults).
    let mut s = old.cloned().unwrap_or_default();
    let unset: Vec<String> = input.unset.iter().map(|u| u.replace('-', "_")).collect();
    for u in &unset {
        if !OPTIONAL.contains(&u.as_str()) && u != "provision" {
            return Err(Error::invalid(format!(
                "--unset {u}: not an optional stance field (optional: quote, evidence, notes, \
                 relays, via, provisions — the last makes it a stance on the plan as a whole)"
            )));
        }
    }
    let unsetting = |field: &str| unset.iter().any(|u| u == field);
    let missing = |field: &str, what: &str| {
        Error::invalid(format!(
            "missing {}: a new stance needs {what}",
            name(field)
        ))
    };
    match &r.actor {
        Some(a) => s.actor_id = res.resolve(Kind::Actor, a)?,
        None if adding => return Err(missing("actor", "the actor")),
        None => {}
    }
    match (&r.source, input.default_source) {
        (Some(x), _) => s.source_id = res.resolve(Kind::Source, x)?,
        (None, Some(id)) if adding => s.source_id = id,
        (None, _) if adding => return Err(missing("source", "the source that reports it")),
        (None, _) => {}
    }
    // What it is about.
    let mut provision_plans = Vec::new();
    for p in r.provision.iter().chain(&r.provisions) {
        let id = res.resolve(Kind::Provision, p)?;
        provision_plans.push((id, res.plan_of(id)?, p.as_str()));
    }
    let plan = r
        .plan
        .as_deref()
        .map(|p| res.resolve(Kind::Plan, p))
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
                    res.key_of(Kind::Plan, *plan_id)?,
                    res.key_of(Kind::Plan, s.plan_id)?
                )));
            }
        }
    } else if adding {
        let (plan, provisions) = (name("plan"), name("provisions"));
        return Err(Error::invalid(format!(
            "missing {plan} or {provisions}: a new stance is about a plan as a whole ({plan}) \
             or about provisions of one plan ({provisions}, repeatable)"
        )));
    }
    if let Some(k) = r.kind {
        s.kind = k;
    }
    match r.position {
        Some(GivenPosition::Confirmed(p)) => s.position = p,
        // Claims files refuse these when read (`claims::parse`); a table has no drafts.
        Some(GivenPosition::Suggested(p)) => {
            return Err(Error::invalid(format!(
                "invalid position '?{p}': a position suggested by provtrack draft, not yet \
                 confirmed; write {p} (or another position) once you have checked the stance"
            )))
        }
        None if adding => {
            return Err(Error::invalid(format!(
                "missing {}: a new stance needs it (one of: {})",
                name("position"),
                POSITIONS.join(", ")
            )))
        }
        None => {}
    }
    let (published_on, published_precision) = res.published_on(s.source_id)?;
    match &r.stated_on {
        Some(d) => {
            let date = PartialDate::parse("date", d)?;
            s.stated_on = date.stored();
            s.precision = date.precision.as_str().to_string();
            s.inferred = r.stated_inferred.unwrap_or(false);
        }
        None if adding => {
            // Undated: the day the source published it, marked inferred.
            s.stated_on = published_on.to_string();
            s.precision = published_precision.to_string();
            s.inferred = r.stated_inferred.unwrap_or(true);
        }
        None => s.inferred = r.stated_inferred.unwrap_or(s.inferred),
    }
    if let Some(q) = &r.quote {
        s.quote = Some(check_text("quote", q, MAX_QUOTE)?);
    }
    if let Some(e) = &r.evidence {
        s.evidence = Some(check_text("evidence", e, MAX_QUOTE)?);
    }
    if let Some(a) = r.attribution {
        s.attribution = a;
    }
    if !r.via.is_empty() {
        s.via = r
            .via
            .iter()
            .map(|a| res.resolve(Kind::Actor, a))
            .collect::<Result<_>>()?;
    }
    if let Some(x) = &r.relays {
        s.relays = Some(res.resolve(Kind::Source, x)?);
    }
    if let Some(n) = &r.notes {
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
    if adding {
        s.recorded_at = match &r.recorded_at {
            Some(t) => check_timestamp(t)?.to_string(),
            None => input.now.to_string(),
        };
    }
    match &r.key {
        Some(k) => s.key = check_stance_key(k)?,
        None if adding => s.key = generated(res, &s)?,
        None => {}
    }
    let plans: Vec<(i64, i64)> = provision_plans.iter().map(|x| (x.0, x.1)).collect();
    s.check((&published_on, &published_precision), &plans)?;
    Ok(s)
}

/// The generated key of a stance (see `statement::generated_key`).
fn generated(res: &impl Resolve, s: &Statement) -> Result<String> {
    let provisions = s
        .provisions
        .iter()
        .map(|p| res.key_of(Kind::Provision, *p))
        .collect::<Result<Vec<_>>>()?;
    let via = s
        .via
        .iter()
        .map(|a| res.key_of(Kind::Actor, *a))
        .collect::<Result<Vec<_>>>()?;
    Ok(generated_key(
        &res.key_of(Kind::Source, s.source_id)?,
        &res.key_of(Kind::Actor, s.actor_id)?,
        &res.key_of(Kind::Plan, s.plan_id)?,
        &provisions.iter().map(|k| k.as_ref()).collect::<Vec<_>>(),
        &s.stated_on,
        s.kind.as_str(),
        &via.iter().map(|k| k.as_ref()).collect::<Vec<_>>(),
    ))
}

/// A `recorded_at` value: exactly `YYYY-MM-DDTHH:MM:SSZ`, a real time.
fn check_timestamp(value: &str) -> Result<&str> {
    crate::model::check_timestamp("recorded_at", value).map(|_| value)
}
