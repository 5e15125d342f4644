//! The stances of an import: each record checked as it is read (`crate::check::stance`,
//! names resolved through the import's key maps), a stored stance updated at once, new
//! ones staged and inserted together at the end (`store::StanceBulk`).

use std::collections::HashMap;

use super::{Change, Inputs, Tally};
use crate::check;
use crate::check::stance::StanceInput;
use crate::check::Naming;
use crate::error::{Error, Result};
use crate::input::StanceRecord;
use crate::model::Kind;
use crate::progress::Progress;
use crate::statement::Statement;
use crate::store::{Db, KeyMaps, Resolve, Tag};
use crate::tabular::StanceReader;

/// How often (in rows) the progress bar is updated.
const PROGRESS_EVERY: u64 = 4096;

/// Writes the stances of the claims files, then streams those of the stance tables.
/// Each is checked and resolved as it is read; a stored one (by key, or for a record
/// without a key by identity) is updated at once, new ones are inserted together at
/// the end (see `StanceBulk`). An error names the file and line either way; a stance
/// named twice in one import names both places.
pub(super) fn apply_stances(
    db: &Db,
    inputs: &Inputs,
    default_sources: &[Option<i64>],
    tally: &mut Tally,
) -> Result<()> {
    let total_claims: usize = inputs.claims.iter().map(|f| f.claims.stances.len()).sum();
    if total_claims == 0 && inputs.stance_files.is_empty() {
        return Ok(());
    }
    let maps = KeyMaps::load(db)?;
    let now = db.now()?;
    let mut bulk = db.stance_bulk()?;
    // Stored stances updated by this import, by key: a second record for one of them
    // is an error, not last-one-wins.
    let mut updated: HashMap<String, (Tag, bool)> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let place = |names: &[String], (n, line): Tag| -> String {
        match inputs.claims.get(n as usize) {
            Some(file) => file.place("stances", line as usize),
            None => format!("{}:{line}", names[n as usize - inputs.claims.len()]),
        }
    };
    let mut one = |record: &StanceRecord,
                   default_source: Option<i64>,
                   tag: Tag,
                   names: &[String],
                   tally: &mut Tally|
     -> Result<()> {
        let input = StanceInput {
            record,
            naming: Naming::Fields,
            default_source,
            unset: &[],
            now: &now,
        };
        let mut new = check::stance::unsettled(&maps, &input)?;
        let key_given = record.key.is_some();
        match bulk.find(db, &new, key_given)? {
            None => {
                new.set_status(record.status, record.reason.as_deref())?;
                bulk.stage(&new, key_given, tag)?;
                tally.count(Kind::Stance, Change::Added);
                if let Some(list) = tally.listing.as_mut() {
                    list.push(format!(
                        "add stance '{}': {}",
                        new.key,
                        describe(&new, &maps)
                    ));
                }
            }
            Some((id, old)) => {
                if let Some((earlier, key_given)) = updated.get(&old.key) {
                    return Err(twice(
                        &place(names, *earlier),
                        &old.key,
                        *key_given || record.key.is_some(),
                    ));
                }
                updated.insert(old.key.clone(), (tag, key_given));
                // The stored stance with the fields the record gives.
                let merged = check::stance::statement(&maps, &input, Some(&old))?;
                let changed = db.update_statement(id, &old, &merged)?;
                if changed.is_empty() {
                    tally.count(Kind::Stance, Change::Unchanged);
                } else {
                    tally.count(Kind::Stance, Change::Updated);
                    if let Some(list) = tally.listing.as_mut() {
                        let fields: Vec<String> = changed
                            .iter()
                            .map(|f| {
                                format!(
                                    "{f}: {} → {}",
                                    field_text(f, &old, &maps),
                                    field_text(f, &merged, &maps)
                                )
                            })
                            .collect();
                        list.push(format!(
                            "update stance '{}': {}",
                            old.key,
                            fields.join("; ")
                        ));
                    }
                }
            }
        }
        Ok(())
    };
    // Inputs are numbered: the claims files first, then the stance tables.
    for (n, (file, default_source)) in inputs.claims.iter().zip(default_sources).enumerate() {
        for (i, record) in file.claims.stances.iter().enumerate() {
            one(record, *default_source, (n as i64, i as i64), &names, tally)
                .map_err(|e| e.context(file.place("stances", i)))?;
        }
    }
    for (path, format) in &inputs.stance_files {
        let n = (inputs.claims.len() + names.len()) as i64;
        let mut reader = StanceReader::open(path, *format)?;
        names.push(reader.name().to_string());
        let mut progress = Progress::new(reader.name(), reader.total_bytes());
        let mut rows = 0u64;
        while let Some((line, record)) = reader.next_stance()? {
            one(&record, None, (n, line as i64), &names, tally)
                .map_err(|e| e.context(format!("{}:{line}", reader.name())))?;
            rows += 1;
            if rows.is_multiple_of(PROGRESS_EVERY) {
                progress.update(rows, reader.bytes_read());
            }
        }
        progress.finish();
    }
    let staged = bulk.staged();
    let spinner = (staged >= 10_000).then(|| {
        Progress::spinner(&format!(
            "writing {} new stances",
            crate::progress::thousands(staged)
        ))
    });
    let result = bulk.finish();
    if let Some(s) = spinner {
        s.finish();
    }
    result.map_err(|refused| {
        let Some(tag) = refused.tag else {
            return refused.error;
        };
        let here = place(&names, tag);
        match refused.twin {
            Some((earlier, key_given, key)) => {
                twice(&place(&names, earlier), &key, key_given).context(here)
            }
            None => refused.error.context(here),
        }
    })?;
    Ok(())
}

/// The error for one stance named twice in an import (`earlier` is the other place).
fn twice(earlier: &str, key: &str, key_given: bool) -> Error {
    if key_given {
        let key = if key.is_empty() {
            String::new()
        } else {
            format!(" '{key}'")
        };
        Error::invalid(format!(
            "the stance key{key} is also used at {earlier}: two records of one import cannot \
             be the same stance (give each its own key, or remove one)"
        ))
    } else {
        Error::invalid(format!(
            "the same stance (actor, targets, source, date, kind and intermediaries) is also \
             at {earlier}: give each record its own key if they are two accounts, or remove one"
        ))
    }
}

/// A record's key for the dry-run listing.
fn key(maps: &impl Resolve, kind: Kind, id: i64) -> String {
    maps.key_of(kind, id)
        .map(|k| k.into_owned())
        .unwrap_or_default()
}

/// A stance in a few words, for the dry-run listing.
fn describe(s: &Statement, maps: &impl Resolve) -> String {
    format!(
        "{} {} {} on {} ({}, {})",
        key(maps, Kind::Actor, s.actor_id),
        s.kind,
        s.position,
        target_text(s, maps),
        key(maps, Kind::Source, s.source_id),
        crate::dates::display(&s.stated_on, &s.precision)
    )
}

fn target_text(s: &Statement, maps: &impl Resolve) -> String {
    if s.provisions.is_empty() {
        format!("{} (the plan as a whole)", key(maps, Kind::Plan, s.plan_id))
    } else {
        s.provisions
            .iter()
            .map(|p| key(maps, Kind::Provision, *p).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One field of a stance as text, for the dry-run listing.
fn field_text(field: &str, s: &Statement, maps: &impl Resolve) -> String {
    let opt = |v: &Option<String>| {
        v.clone()
            .map_or_else(|| "(none)".into(), |t| format!("'{t}'"))
    };
    match field {
        "key" => s.key.clone(),
        "actor" => key(maps, Kind::Actor, s.actor_id).to_string(),
        "plan" => key(maps, Kind::Plan, s.plan_id).to_string(),
        "provisions" => target_text(s, maps),
        "kind" => s.kind.to_string(),
        "position" => s.position.to_string(),
        "source" => key(maps, Kind::Source, s.source_id).to_string(),
        "relays" => s.relays.map_or_else(
            || "(none)".into(),
            |r| key(maps, Kind::Source, r).to_string(),
        ),
        "stated_on" => crate::dates::display(&s.stated_on, &s.precision),
        "stated_inferred" => s.inferred.to_string(),
        "quote" => opt(&s.quote),
        "evidence" => opt(&s.evidence),
        "attribution" => s.attribution.to_string(),
        "via" => {
            if s.via.is_empty() {
                "(none)".into()
            } else {
                s.via
                    .iter()
                    .map(|a| key(maps, Kind::Actor, *a).to_string())
                    .collect::<Vec<_>>()
                    .join(" < ")
            }
        }
        "status" => s.status.to_string(),
        "reason" => opt(&s.reason),
        _ => opt(&s.notes),
    }
}
